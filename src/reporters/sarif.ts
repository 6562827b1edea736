/**
 * @fileoverview `--format sarif`: one SARIF 2.1.0 log with one run, for
 * code-scanning UIs (GitHub code scanning, the SARIF viewers). Valid against
 * the OASIS schema (`fixtures/sarif/sarif-schema-2.1.0.json`, checked by
 * test/reporters.test.ts).
 *
 * - `tool.driver`: `kfx`, its version, and a `rules` entry for every rule id
 *   that has a result (`shortDescription` from the rule's description,
 *   `defaultConfiguration.level` for lint rules, `helpUri` when
 *   `docsBase` is absolute — SARIF wants absolute help URIs — else the
 *   relative link as `help`).
 * - results: `ruleId`, `ruleIndex`, `level` (error → `error`, warning →
 *   `warning`, info → `note`), `message.text` (the reason, Markdown code in
 *   backticks), one location: the file's path relative to the directory kfx
 *   ran in (`uriBaseId: "%SRCROOT%"`, percent-encoded), and its region.
 * - `columnKind: "utf16CodeUnits"`: columns are 1-based UTF-16 code units,
 *   as kfx counts them (SARIF's default too), `endColumn` exclusive.
 *
 * Notes are included (as `json` does), errors only with `--quiet`.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {severityOf} from '../messages.js'
import type {Severity} from '../types.js'
import {VERSION} from '../version.js'
import type {ReporterOptions} from './index.js'
import {DEFAULT_DOCS_BASE, defaultSeverity, docsUrl, isAbsoluteUri, ruleDescription, sortMessages, spanOf, visibleMessages} from './shared.js'

/** The schema a SARIF log names. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

type Level = 'error' | 'warning' | 'note'

const LEVEL: Readonly<Record<Severity, Level>> = {error: 'error', warning: 'warning', info: 'note'}

interface SarifRegion {
  startLine: number
  startColumn: number
  endLine?: number
  endColumn?: number
}

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: Level
  message: {text: string}
  locations: Array<{physicalLocation: {artifactLocation: {uri: string; uriBaseId?: string}; region?: SarifRegion}}>
}

interface SarifRule {
  id: string
  shortDescription: {text: string}
  helpUri?: string
  help?: {text: string; markdown: string}
  defaultConfiguration?: {level: Level}
}

/** A SARIF 2.1.0 log, as far as kfx writes one. */
export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: Array<{
    tool: {driver: {name: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifRule[]}}
    invocations: Array<{executionSuccessful: boolean}>
    columnKind: 'utf16CodeUnits'
    results: SarifResult[]
  }>
}

/** A display path (`content/1_blog/article.txt`, `../site/x.txt`) as a URI reference. */
export const pathToUri = (path: string): string => {
  const slashed = path.replace(/\\/g, '/')
  if (/^[a-z]:\//i.test(slashed)) return `file:///${slashed.split('/').map((part, index) => (index === 0 ? part : encodeURIComponent(part))).join('/')}`
  const encoded = slashed.split('/').map(encodeURIComponent).join('/')
  return slashed.startsWith('/') ? `file://${encoded}` : encoded
}

const regionOf = (message: VFileMessage): SarifRegion | undefined => {
  const span = spanOf(message)
  if (!span) return undefined
  const region: SarifRegion = {startLine: span.line, startColumn: span.column}
  if (span.endLine !== undefined && span.endColumn !== undefined) {
    region.endLine = span.endLine
    region.endColumn = span.endColumn
  }
  return region
}

/** The run as a SARIF log object. */
export const toSarif = (files: readonly VFile[], options: Pick<ReporterOptions, 'quiet' | 'docsBase'>): SarifLog => {
  const docsBase = options.docsBase ?? DEFAULT_DOCS_BASE
  const ruleIndex = new Map<string, number>()
  const driverRules: SarifRule[] = []
  const results: SarifResult[] = []
  let crashed = false
  for (const file of files) {
    const uri = pathToUri(file.path)
    const artifactLocation = uri.startsWith('file:') ? {uri} : {uri, uriBaseId: '%SRCROOT%'}
    for (const message of sortMessages(visibleMessages(file, {quiet: options.quiet ?? false, verbose: true}))) {
      const ruleId = message.ruleId ?? 'kfx/unknown'
      if (ruleId === 'kfx/crash') crashed = true
      let index = ruleIndex.get(ruleId)
      if (index === undefined) {
        index = driverRules.length
        ruleIndex.set(ruleId, index)
        const rule: SarifRule = {id: ruleId, shortDescription: {text: ruleDescription(ruleId)}}
        if (message.url) {
          const help = docsUrl(message.url, docsBase)
          if (isAbsoluteUri(help)) rule.helpUri = help
          else rule.help = {text: `Documentation: ${help}`, markdown: `[Documentation](${help})`}
        }
        const level = defaultSeverity(ruleId)
        if (level) rule.defaultConfiguration = {level: LEVEL[level]}
        driverRules.push(rule)
      }
      const region = regionOf(message)
      results.push({
        ruleId,
        ruleIndex: index,
        level: LEVEL[severityOf(message)],
        message: {text: message.reason},
        locations: [{physicalLocation: region ? {artifactLocation, region} : {artifactLocation}}]
      })
    }
  }
  const driver: SarifLog['runs'][number]['tool']['driver'] = {name: 'kfx', version: VERSION, semanticVersion: VERSION, rules: driverRules}
  const home = docsUrl('', docsBase)
  if (isAbsoluteUri(home)) driver.informationUri = home
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{tool: {driver}, invocations: [{executionSuccessful: !crashed}], columnKind: 'utf16CodeUnits', results}]
  }
}

/** Formats the run as a SARIF 2.1.0 log. */
export const sarif = (files: readonly VFile[], options: ReporterOptions): string => `${JSON.stringify(toSarif(files, options), null, 2)}\n`

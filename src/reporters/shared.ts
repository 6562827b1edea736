/**
 * @fileoverview What reporters share: which messages show, their order,
 * their places, counts, rule descriptions and documentation links.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {severityOf} from '../messages.js'
import {rules} from '../rules/index.js'
import type {Severity} from '../types.js'
import type {ReporterOptions} from './index.js'

/** The messages of a file that the options let through (`--quiet`: errors; notes only with `--verbose`). */
export const visibleMessages = (file: VFile, options: Pick<ReporterOptions, 'quiet' | 'verbose'>): VFileMessage[] =>
  file.messages.filter((message) => {
    const severity = severityOf(message)
    if (options.quiet) return severity === 'error'
    return severity !== 'info' || options.verbose === true
  })

/** Messages by place, then rule, then reason. */
export const sortMessages = (messages: readonly VFileMessage[]): VFileMessage[] =>
  [...messages].sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
      a.reason.localeCompare(b.reason)
  )

/** A message's place: 1-based lines, 1-based columns in UTF-16 code units, the end exclusive (unist). */
export interface Span {
  line: number
  column: number
  endLine?: number
  endColumn?: number
}

/** Where a message is, or undefined for a message about the whole file. */
export const spanOf = (message: VFileMessage): Span | undefined => {
  if (message.line === undefined || message.line < 1) return undefined
  const span: Span = {line: message.line, column: message.column !== undefined && message.column >= 1 ? message.column : 1}
  const place = message.place
  if (place && 'end' in place && place.end.line >= 1 && place.end.column >= 1) {
    span.endLine = place.end.line
    span.endColumn = place.end.column
  }
  return span
}

/** Messages counted by severity. */
export type Counts = Record<Severity, number>

/** Counts messages by severity. */
export const countMessages = (messages: Iterable<VFileMessage>, into: Counts = {error: 0, warning: 0, info: 0}): Counts => {
  for (const message of messages) into[severityOf(message)]++
  return into
}

/** `1 error`, `2 errors`. */
export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

/** The stylish summary without colours: `✖ 3 problems (2 errors, 1 warning)`, or '' for none. */
export const summaryText = (counts: Counts): string => {
  const total = counts.error + counts.warning + counts.info
  if (total === 0) return ''
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')]
  if (counts.info > 0) parts.push(plural(counts.info, 'note'))
  return `${counts.error > 0 ? '✖' : '⚠'} ${plural(total, 'problem')} (${parts.join(', ')})`
}

/** The default `docsBase`: the relative URI `''`, so documentation links stay as they are (`docs/rules/…`). */
export const DEFAULT_DOCS_BASE = ''

/**
 * A message's documentation link resolved against `docsBase`: message URLs
 * are relative to kfx's repository (`docs/rules/schema.md#format`); an
 * absolute base (`https://…/kfx/blob/main/`) makes them absolute, a relative
 * one (`../kfx/`) is prefixed, no base leaves them as they are.
 */
export const docsUrl = (url: string, docsBase: string | undefined): string => {
  if (URL.canParse(url) || !docsBase) return url
  if (URL.canParse(docsBase)) return new URL(url, docsBase).href
  return `${docsBase}${docsBase.endsWith('/') ? '' : '/'}${url}`
}

/** Whether `value` is an absolute URI (a scheme and a rest). */
export const isAbsoluteUri = (value: string): boolean => /^[a-z][a-z\d+.-]*:/i.test(value) && URL.canParse(value)

const lintRules = new Map(rules.map((rule) => [rule.id, rule]))

/** The default severity of a rule id, where kfx knows it (lint rules). */
export const defaultSeverity = (ruleId: string): Severity | undefined => lintRules.get(ruleId)?.severity

const KNOWN: Readonly<Record<string, string>> = {
  'schema/required': 'A field the schema requires is missing or empty',
  'schema/unknown-field': 'A field the blueprint does not declare',
  'schema/additionalProperties': 'A field or key the schema does not allow',
  'schema/yaml': 'A field whose value is not the YAML its field type stores',
  'schema/json': 'A field whose value is not the JSON its field type stores',
  'schema/translate': 'A field a translation must not hold (`translate: false`)',
  'parse/invalid-utf8': 'The file is not valid UTF-8',
  'parse/binary-content': 'The file holds NUL bytes: a binary file with a content extension',
  'parse/too-large': 'A content file over `maxFileSize`, or not a regular file: not read',
  'parse/unreadable': 'A content file kfx may not read',
  'kfx/crash': 'kfx failed on this file'
}

const words = (id: string): string => id.replace(/-/g, ' ')

/**
 * One sentence on what a rule id finds: the rule's `description` for lint
 * rules, a description per family for `schema/*`, `blueprint/*`,
 * `parse/*` and `kfx/*`.
 */
export const ruleDescription = (ruleId: string): string => {
  const rule = lintRules.get(ruleId)
  if (rule) return rule.description
  const known = KNOWN[ruleId]
  if (known) return known
  const slash = ruleId.indexOf('/')
  const family = slash === -1 ? ruleId : ruleId.slice(0, slash)
  const detail = slash === -1 ? '' : ruleId.slice(slash + 1)
  switch (family) {
    case 'schema':
      return `A value that fails the JSON Schema keyword \`${detail}\` of its page's schema`
    case 'blueprint':
      return `A problem of a blueprint: ${words(detail.replace(/^blueprint-/, ''))}`
    case 'parse':
      return `A file kfx cannot read as text: ${words(detail)}`
    case 'kfx':
      return `A problem of kfx itself: ${words(detail)}`
    default:
      return `A finding of kfx's reader: ${words(ruleId)}`
  }
}

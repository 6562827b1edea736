/**
 * @fileoverview `--format github`: GitHub Actions workflow commands, one
 * annotation per message —
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<ruleId>::<reason>`
 * (`::warning` for warnings, `::notice` for notes, which show with
 * `--verbose` only) — then the summary line of `stylish`.
 *
 * Escaping is GitHub's own (as `@actions/core` does it): in the message
 * `%` → `%25`, CR → `%0D`, LF → `%0A`; in properties also `:` → `%3A` and
 * `,` → `%2C`. Paths are relative to the directory kfx ran in, which in a
 * workflow is the checkout (`$GITHUB_WORKSPACE`), as GitHub expects.
 *
 * GitHub shows at most 10 annotations of each kind per step (50 per job):
 * a step should print the stylish report as well (see docs/reporters.md).
 */
import type {VFile} from 'vfile'
import {severityOf} from '../messages.js'
import type {Severity} from '../types.js'
import type {ReporterOptions} from './index.js'
import {countMessages, sortMessages, spanOf, summaryText, visibleMessages} from './shared.js'

/** Escapes a command's data (the text after `::`). */
export const escapeData = (value: string): string => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

/** Escapes a command property's value. */
export const escapeProperty = (value: string): string => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')

const COMMAND: Readonly<Record<Severity, string>> = {error: 'error', warning: 'warning', info: 'notice'}

/** Formats the run as workflow commands plus a summary line. */
export const github = (files: readonly VFile[], options: ReporterOptions): string => {
  const out: string[] = []
  const counts = {error: 0, warning: 0, info: 0}
  for (const file of files) {
    const messages = sortMessages(visibleMessages(file, options))
    countMessages(messages, counts)
    for (const message of messages) {
      const properties: Array<[string, string | number]> = [['file', file.path]]
      const span = spanOf(message)
      if (span) {
        properties.push(['line', span.line], ['col', span.column])
        if (span.endLine !== undefined && span.endColumn !== undefined) properties.push(['endLine', span.endLine], ['endColumn', span.endColumn])
      }
      if (message.ruleId) properties.push(['title', message.ruleId])
      const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')
      out.push(`::${COMMAND[severityOf(message)]} ${list}::${escapeData(message.reason)}`)
    }
  }
  const summary = summaryText(counts)
  if (summary === '') return ''
  out.push(summary)
  return `${out.join('\n')}\n`
}

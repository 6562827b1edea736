/**
 * @fileoverview The default reporter, after ESLint's `stylish`: per file an
 * underlined path, then aligned `line:column  severity  reason  rule-id`
 * rows, then one summary line. Nothing at all when there is nothing to say.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {severityOf} from '../messages.js'
import type {ReporterOptions} from './index.js'
import {sortMessages, visibleMessages} from './shared.js'

/** Highlights `code` spans of a Markdown reason; without colours the backticks stay. */
const highlight = (reason: string, options: ReporterOptions): string =>
  options.color.level === 0 ? reason : reason.replace(/`([^`]+)`/g, (_, code: string) => options.color.bold(code))

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

/** Formats messages grouped by file, with a summary. */
export const stylish = (files: readonly VFile[], options: ReporterOptions): string => {
  const {color} = options
  const out: string[] = []
  const counts = {error: 0, warning: 0, info: 0}
  for (const file of files) {
    const messages = sortMessages(visibleMessages(file, options))
    if (messages.length === 0) continue
    const rows = messages.map((message: VFileMessage) => {
      const severity = severityOf(message)
      counts[severity]++
      const place = `${message.line ?? 0}:${message.column ?? 0}`
      return {place, severity, reason: message.reason, ruleId: message.ruleId ?? '', message}
    })
    const placeWidth = Math.max(...rows.map((row) => row.place.length))
    out.push(color.underline(file.path))
    for (const row of rows) {
      const label =
        row.severity === 'error' ? color.red('error') : row.severity === 'warning' ? color.yellow('warning') : color.blue('info')
      out.push(
        `  ${color.dim(row.place.padEnd(placeWidth))}  ${label}${' '.repeat(7 - row.severity.length)}  ${highlight(row.reason, options)}  ${color.dim(row.ruleId)}`
      )
      if (options.verbose) {
        if (row.message.note) out.push(...row.message.note.split('\n').map((line) => `    ${color.dim(line)}`))
        if (row.message.url) out.push(`    ${color.dim(row.message.url)}`)
      }
    }
    out.push('')
  }
  const total = counts.error + counts.warning + counts.info
  if (total === 0) return ''
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')]
  if (counts.info > 0) parts.push(plural(counts.info, 'note'))
  const summary = `${counts.error > 0 ? '✖' : '⚠'} ${plural(total, 'problem')} (${parts.join(', ')})`
  out.push(counts.error > 0 ? color.red.bold(summary) : color.yellow.bold(summary))
  return `${out.join('\n')}\n`
}

/**
 * @fileoverview `--format json`: plain, stable data, one entry per file that
 * was checked (also files without messages):
 * `[{"file", "messages": [{"ruleId", "severity", "reason", "line", "column",
 * "endLine", "endColumn", "url"}]}]`. Fields are copied one by one; a
 * VFileMessage (an Error holding whole trees) is never serialised itself.
 */
import type {VFile} from 'vfile'
import {severityOf} from '../messages.js'
import type {Severity} from '../types.js'
import type {ReporterOptions} from './index.js'
import {sortMessages, visibleMessages} from './shared.js'

/** One message in the JSON report. */
export interface JsonMessage {
  ruleId: string | null
  severity: Severity
  reason: string
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
  url: string | null
}

/** One file in the JSON report. */
export interface JsonResult {
  file: string
  messages: JsonMessage[]
}

/** The report as data. */
export const toJsonResults = (files: readonly VFile[], options: Pick<ReporterOptions, 'quiet' | 'verbose'>): JsonResult[] =>
  files.map((file) => ({
    file: file.path,
    messages: sortMessages(visibleMessages(file, {quiet: options.quiet ?? false, verbose: true})).map((message) => ({
      ruleId: message.ruleId ?? null,
      severity: severityOf(message),
      reason: message.reason,
      line: message.line ?? null,
      column: message.column ?? null,
      endLine: message.place && 'end' in message.place ? message.place.end.line : null,
      endColumn: message.place && 'end' in message.place ? message.place.end.column : null,
      url: message.url ?? null
    }))
  }))

/** Formats the run as JSON. */
export const json = (files: readonly VFile[], options: ReporterOptions): string => `${JSON.stringify(toJsonResults(files, options), null, 2)}\n`

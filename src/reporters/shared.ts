/**
 * @fileoverview What reporters share: which messages show, and their order.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {severityOf} from '../messages.js'
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

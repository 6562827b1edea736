/**
 * @fileoverview Messages: findings about one file, as `vfile-message`s on a
 * `VFile`, created only through {@link report}. Severity maps to vfile's
 * `fatal` (error → true, warning → false, info → undefined); `source` is
 * always `kfx`, `ruleId` is kebab-case (`schema/required`,
 * `no-broken-link`), and `url` points at the rule's documentation.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Diagnostic, Point, Position, Severity} from './types.js'
import {ownString} from './util/own-string.js'

/** Where the documentation of rules lives, relative to the package. */
export const DOCS = 'docs/rules/'

/** The documentation URL of a rule id (`schema/required` → `docs/rules/schema.md#required`). */
export const ruleUrl = (ruleId: string): string => {
  const [family, detail] = ruleId.split('/', 2)
  if (detail === undefined) return `${DOCS}${family}.md`
  // `blueprint/blueprint-yaml-error` → `blueprint.md#yaml-error`.
  const anchor = detail.toLowerCase().replace(new RegExp(`^${family}-`), '')
  return `${DOCS}${family}.md#${anchor}`
}

/** What a message says. */
export interface Report {
  ruleId: string
  severity: Severity
  /** Markdown, with code in backticks, no trailing period: "Unexpected X, expected Y". */
  reason: string
  place?: Position | Point | undefined
  /** Longer help. */
  note?: string | undefined
  /** What was found and what was expected, where that is a value. */
  actual?: string | undefined
  expected?: string[] | undefined
  /** Documentation; default from the rule id. */
  url?: string | undefined
}

/** Adds a message to `file`. */
export const report = (file: VFile, what: Report): VFileMessage => {
  const message = file.message(ownString(what.reason), {place: what.place, ruleId: what.ruleId, source: 'kfx'})
  message.fatal = what.severity === 'error' ? true : what.severity === 'warning' ? false : undefined
  message.url = what.url ?? ruleUrl(what.ruleId)
  if (what.note !== undefined) message.note = ownString(what.note)
  if (what.actual !== undefined) message.actual = ownString(what.actual)
  if (what.expected !== undefined) message.expected = what.expected.map(ownString)
  return message
}


/** The severity of a message. */
export const severityOf = (message: VFileMessage): Severity =>
  message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'

/** Adds a reader diagnostic (tokenizer, site tree) as a message under `ruleId`. */
export const reportDiagnostic = (file: VFile, diagnostic: Diagnostic, ruleId = diagnostic.code): VFileMessage =>
  report(file, {ruleId, severity: diagnostic.severity, reason: diagnostic.reason, place: diagnostic.place})

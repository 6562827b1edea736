/**
 * @fileoverview Rules about the traps of Kirby's content format: fields,
 * separators, kirbytags, folders and languages.
 */
import type {Rule} from '../lint/rule.js'

/** The format rules, in documentation order. */
export const formatRules: ReadonlyArray<Rule<unknown>> = []

/**
 * @fileoverview Rules about links and references: pages, files, images and
 * UUIDs, resolved as Kirby resolves them.
 */
import type {Rule} from '../lint/rule.js'

/** The reference rules, in documentation order. */
export const referenceRules: ReadonlyArray<Rule<unknown>> = []

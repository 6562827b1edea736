/**
 * @fileoverview The registry of lint rules: one module per rule, its id the
 * file name, its fixtures in `fixtures/rules/<id>/`, its documentation in
 * `docs/rules/<id>.md`. `test/rules.test.ts` keeps the four in step.
 */
import type {Rule} from '../lint/rule.js'
import {formatRules} from './format.js'
import {referenceRules} from './references.js'

/** Every rule kfx ships, in documentation order. */
export const rules: ReadonlyArray<Rule<unknown>> = [...referenceRules, ...formatRules]

/**
 * @fileoverview Rules about the traps of Kirby's content format: fields,
 * separators, kirbytags, folders and languages.
 */
import type {Rule} from '../lint/rule.js'
import {fieldSeparatorStyle} from './field-separator-style.js'
import {noDroppedField} from './no-dropped-field.js'
import {noDuplicateField} from './no-duplicate-field.js'
import {noEmptyTitle} from './no-empty-title.js'
import {noHiddenPage} from './no-hidden-page.js'
import {noKirbytagInCode} from './no-kirbytag-in-code.js'
import {noLossyKey} from './no-lossy-key.js'
import {noMalformedKirbytag} from './no-malformed-kirbytag.js'
import {noMissingTranslation} from './no-missing-translation.js'
import {noOrphanMeta} from './no-orphan-meta.js'
import {noUnknownKirbytag} from './no-unknown-kirbytag.js'

/** The format rules, in documentation order. */
export const formatRules: ReadonlyArray<Rule<unknown>> = [
  fieldSeparatorStyle,
  noDuplicateField,
  noDroppedField,
  noLossyKey,
  noMalformedKirbytag,
  noUnknownKirbytag,
  noKirbytagInCode,
  noHiddenPage,
  noOrphanMeta,
  noMissingTranslation,
  noEmptyTitle
] as ReadonlyArray<Rule<unknown>>

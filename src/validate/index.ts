/**
 * @fileoverview Validation of content files against JSON Schemas: typing
 * stored strings into values, the ajv set-up with Kirby's formats, and
 * messages at exact places. See `docs/rules/schema.md`.
 */
export {validateFile, validateTranslation} from './validate.js'
export type {ValidateFileOptions} from './validate.js'
export {typeContent, typeFields, normaliseKey} from './type.js'
export type {FieldEntry, TypedContent, TypingProblem} from './type.js'
export {createValidator, dialectOf} from './ajv.js'
export type {CompiledSchema, Validator, ValidatorOptions} from './ajv.js'
export {
  compareKirbyDateTime,
  compareKirbyTime,
  isImpossibleDate,
  isKirbyDate,
  isKirbyDateTime,
  isKirbyTime,
  kirbyFormats
} from './formats.js'
export {SchemaWalk} from './walk.js'

/**
 * @fileoverview The ajv set-up of `kfx validate`: one ajv per JSON Schema
 * dialect (2020-12 by default, draft-07 and 2019-09 by `$schema`), the
 * `kirbyField`/`kirbyBlueprint` annotation keywords, ajv-formats with its
 * `formatMinimum`/`formatMaximum` keywords, and the `kirby-*` formats.
 * Each schema object is compiled once per validator and cached.
 */
import {Ajv, type Options, type ValidateFunction} from 'ajv'
import type {RegExpEngine} from 'ajv/dist/types/index.js'
import {Ajv2019} from 'ajv/dist/2019.js'
import {Ajv2020} from 'ajv/dist/2020.js'
import formatsPlugin from 'ajv-formats'
import {KIRBY_BLUEPRINT, KIRBY_FIELD} from '../schema/keywords.js'
import {kirbyFormats} from './formats.js'

/** Options of {@link createValidator}. */
export interface ValidatorOptions {
  /** ajv options on top of kfx's (`allErrors`, `verbose`, `strict: false`, …). */
  ajv?: Options
}

/** A compiled schema: the ajv function and the key it is registered under. */
export interface CompiledSchema {
  validate: ValidateFunction
  /** The key of the root schema in its ajv, for `ajv.getSchema(key + '#/pointer')`. */
  key: string
  ajv: Ajv
}

/** ajv instances with kfx's keywords and formats, and a compile cache. */
export interface Validator {
  /** Compiles `schema` (once per schema object) and returns its validator. */
  compile: (schema: object) => CompiledSchema
  /** The validator of a subschema of a compiled schema (`#/properties/blocks/items/anyOf/0`), if ajv finds it. */
  subschema: (compiled: CompiledSchema, pointer: string) => ValidateFunction | undefined
}

type Dialect = '2020' | '2019' | '07'

/** Which dialect a schema declares: 2020-12 unless `$schema` says otherwise. */
export const dialectOf = (schema: object): Dialect => {
  const declared = (schema as {$schema?: unknown}).$schema
  if (typeof declared !== 'string') return '2020'
  if (declared.includes('2019-09')) return '2019'
  if (/draft-0\d/.test(declared)) return '07'
  return '2020'
}

/**
 * Patterns are JavaScript regular expressions with the `u` flag; a leading
 * `(?i)` makes one case-insensitive, as Kirby's blueprint `pattern` is.
 */
const regExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) =>
    pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), `${flags}i`) : new RegExp(pattern, flags),
  {code: 'kfxRegExp'}
)

type AjvClass = typeof Ajv
const CLASSES: Record<Dialect, AjvClass> = {'2020': Ajv2020 as unknown as AjvClass, '2019': Ajv2019 as unknown as AjvClass, '07': Ajv}
// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module.
const addFormats = ((formatsPlugin as unknown as {default?: unknown}).default ?? formatsPlugin) as (ajv: Ajv, options: object) => Ajv

const createAjv = (dialect: Dialect, options: Options): Ajv => {
  const ajv = new CLASSES[dialect]({
    allErrors: true,
    verbose: true,
    strict: false,
    ownProperties: true,
    code: {regExp},
    ...options
  })
  addFormats(ajv, {keywords: true})
  for (const [name, format] of Object.entries(kirbyFormats)) ajv.addFormat(name, format)
  ajv.addKeyword({keyword: KIRBY_FIELD, schemaType: 'object'})
  ajv.addKeyword({keyword: KIRBY_BLUEPRINT, schemaType: 'object'})
  return ajv
}

/** Creates a validator: ajv per dialect, kfx's keywords and formats, a per-schema cache. */
export const createValidator = (options: ValidatorOptions = {}): Validator => {
  const instances = new Map<Dialect, Ajv>()
  const cache = new WeakMap<object, CompiledSchema>()
  let count = 0
  const compile = (schema: object): CompiledSchema => {
    const cached = cache.get(schema)
    if (cached) return cached
    const dialect = dialectOf(schema)
    let ajv = instances.get(dialect)
    if (!ajv) instances.set(dialect, (ajv = createAjv(dialect, options.ajv ?? {})))
    const declared = (schema as {$schema?: unknown}).$schema
    // draft-04/06 meta-schemas are not bundled: read them as draft-07.
    let own = schema
    if (typeof declared === 'string' && /draft-0[0-6]/.test(declared)) {
      const {$schema: _, ...rest} = schema as Record<string, unknown>
      own = rest
    }
    const id = (own as {$id?: unknown}).$id
    const hasId = typeof id === 'string' && id !== ''
    const key = hasId ? id : `kfx:schema/${++count}`
    try {
      ajv.addSchema(own, hasId ? undefined : key)
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('already exists'))) throw error
      // Another schema object with the same `$id`: give this one an ajv of its own.
      ajv = createAjv(dialect, options.ajv ?? {})
      ajv.addSchema(own, hasId ? undefined : key)
    }
    const validate = ajv.getSchema(key)
    if (!validate) throw new Error(`Cannot compile schema \`${key}\``)
    const compiled: CompiledSchema = {validate, key, ajv}
    cache.set(schema, compiled)
    return compiled
  }
  const subschema = (compiled: CompiledSchema, pointer: string): ValidateFunction | undefined => {
    try {
      return compiled.ajv.getSchema(`${compiled.key}${pointer}`)
    } catch {
      return undefined
    }
  }
  return {compile, subschema}
}

/**
 * @fileoverview Compile a normalised blueprint into a JSON Schema
 * (draft 2020-12) for the *typed* content of one model (spec §6.4–6.7).
 *
 * The validator types each stored string first (as `kirbyField` says):
 * empty values are absent, text-like fields are strings, number and range
 * numbers, toggles booleans, tags/checkboxes/multiselect lists of strings,
 * structure/entries/files/pages/users lists, object a map, blocks and layout
 * the decoded JSON. The schema speaks about those typed values:
 * `required` is Kirby's `required` (a `when` makes it an `if`/`then`),
 * `min`/`max` count entries, `minlength`/`maxlength` count characters,
 * `pattern` is case-insensitive, static `options` are an `enum`, `validate`
 * rules become standard keywords or formats where one fits.
 *
 * Block content inside blocks and layout JSON is *not* typed by the
 * validator (toggles there are `"true"`/`"false"`, files are lists): block
 * content schemas only say what is certain about those raw values.
 */
import type {KirbyRules} from '../kirby-version.js'
import {compareVersions} from '../kirby-version.js'
import {KIRBY_BLUEPRINT, KIRBY_FIELD, type KirbyBlueprintAnnotation, type KirbyFieldAnnotation} from '../schema/keywords.js'
import {phpStrToLower} from '../txt/php.js'
import type {Diagnostic} from '../types.js'
import {FIELD_TYPES, KIRBY2_FIELD_TYPES} from './field-types.js'
import {staticOptions} from './options.js'
import {caseInsensitivePattern, caseSensitivePattern, escapePattern, splitPhpRegex} from './pattern.js'
import type {BlueprintField, BlueprintFieldset, NormalizedBlueprint} from './types.js'
import {isYamlMap, type YamlMap} from './yaml.js'

/** A JSON Schema object. */
export type JsonSchema = {[keyword: string]: unknown}

/** The `$schema` of every compiled schema. */
export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/** What the compiler needs besides the blueprint. */
interface Context {
  rules: KirbyRules
  kirby2: boolean
  diagnostics: Diagnostic[]
}

/** PHP truthiness of a prop (`required: 'false'` is true in PHP, too). */
const truthy = (value: unknown): boolean =>
  !(value === undefined || value === null || value === false || value === 0 || value === '' || value === '0' || (Array.isArray(value) && value.length === 0) || (isYamlMap(value) && value.size === 0))

/** A numeric prop (`5`, `"5"`), or undefined. */
const numeric = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i.test(value)) return Number(value)
  return undefined
}

/** A field's label as a string (the `en` or first entry of a translated label). */
const labelOf = (field: BlueprintField): string | undefined => {
  const label = field.props.get('label')
  if (typeof label === 'string') return label
  if (isYamlMap(label)) {
    const text = label.get('en') ?? [...label.values()][0]
    return typeof text === 'string' ? text : undefined
  }
  return undefined
}

const report = (context: Context, field: BlueprintField, code: string, reason: string): void => {
  const diagnostic: Diagnostic = {code, severity: code === 'unsupported-pattern' ? 'warning' : 'info', reason}
  if (field.declared) {
    diagnostic.file = field.declared.file
    diagnostic.place = {line: field.declared.line, column: field.declared.column, offset: field.declared.offset}
  }
  context.diagnostics.push(diagnostic)
}

/** The storage kind of a field in this blueprint's Kirby. */
const kindOf = (field: BlueprintField, context: Context): string => {
  if (field.status !== 'ok') return 'unchecked'
  return (context.kirby2 ? KIRBY2_FIELD_TYPES : FIELD_TYPES).get(field.type)?.value ?? 'unchecked'
}

/** The annotation of a field. */
const annotation = (field: BlueprintField, context: Context): KirbyFieldAnnotation => {
  const result: KirbyFieldAnnotation = {type: field.type}
  const kind = kindOf(field, context)
  if (kind === 'list') {
    const separator = field.type === 'checkboxes' ? undefined : field.props.get('separator')
    result.separator = typeof separator === 'string' && separator !== '' ? separator : ','
  }
  if (field.type === 'date' || field.type === 'datetime') result.time = field.type === 'datetime' || truthy(field.props.get('time'))
  if (field.type === 'time') result.time = true
  if (field.props.has('translate') && !truthy(field.props.get('translate'))) result.translate = false
  const label = labelOf(field)
  if (label !== undefined) result.label = label
  if (field.declared) result.declared = {file: field.declared.file, line: field.declared.line, column: field.declared.column}
  return result
}

/** The key of a structure or object sub-field in its row: the lower-cased name. */
const rowKey = (field: BlueprintField): string => phpStrToLower(field.name)

/** A compiled field: its property schema, whether it is required, and its `when`. */
interface CompiledField {
  schema: JsonSchema
  required: boolean
}

/** Whether the site's Kirby is at least `major.minor`. */
const atLeast = (context: Context, major: number, minor: number): boolean => compareVersions(context.rules.version, {major, minor, patch: 0}) >= 0

/** `pattern` → a case-insensitive JSON Schema pattern, anchored since 4.4. */
const patternOf = (field: BlueprintField, pattern: string, context: Context): string | undefined => {
  const converted = caseInsensitivePattern(pattern)
  if (converted === undefined) {
    report(context, field, 'unsupported-pattern', `Cannot check \`pattern: ${pattern}\` of \`${field.name}\`: it does not translate to a JavaScript regular expression; not checked`)
    return undefined
  }
  return atLeast(context, 4, 4) ? `^(?:${converted})$` : converted
}

const STRING_LIKE = new Set(['text', 'textarea', 'writer', 'list', 'url', 'email', 'tel', 'slug', 'color', 'link', 'hidden', 'select', 'radio', 'toggles', 'date', 'time', 'datetime', 'title', 'checkbox', 'image', 'page', 'user'])
/** Types whose `pattern`, `minlength`, `maxlength` props Kirby checks (text and the types extending it). */
const TEXT_RULES = new Set(['text', 'textarea', 'url', 'email', 'tel', 'slug'])
const PATTERN_TYPES = new Set(['text', 'url', 'email', 'tel', 'slug'])
const MULTI = new Set(['checkboxes', 'multiselect', 'tags', 'structure', 'files', 'pages', 'users', 'entries'])

/** Compiles one field to its property schema (undefined when it stores nothing). */
const compileField = (field: BlueprintField, context: Context): CompiledField | undefined => {
  const kind = kindOf(field, context)
  if (kind === 'none') return undefined
  const props = field.props
  const schema: JsonSchema = {[KIRBY_FIELD]: annotation(field, context)}
  if (kind === 'unchecked') return {schema, required: false}
  const type = field.type
  let required = truthy(props.get('required'))
  const min = numeric(props.get('min'))
  const max = numeric(props.get('max'))

  if (kind === 'string') {
    schema.type = 'string'
    if (!context.kirby2 && TEXT_RULES.has(type)) {
      const minLength = numeric(props.get('minlength'))
      const maxLength = numeric(props.get('maxlength'))
      if (minLength !== undefined) schema.minLength = Math.ceil(minLength)
      if (maxLength !== undefined) schema.maxLength = Math.floor(maxLength)
      const pattern = props.get('pattern')
      if (PATTERN_TYPES.has(type) && typeof pattern === 'string' && pattern !== '') {
        const converted = patternOf(field, pattern, context)
        if (converted !== undefined) schema.pattern = converted
      }
    }
    if (type === 'email') schema.format = 'email'
    if (type === 'url') schema.format = 'uri'
    if (type === 'date' || type === 'datetime') dateFormat(field, schema, context)
    if (type === 'time') timeFormat(field, schema, context)
    if (type === 'color') {
      const format = props.get('format')
      if (format === undefined || format === 'hex') schema.pattern = '^#(?:[0-9a-fA-F]{3,4}){1,2}$'
    }
    if (type === 'checkbox') schema.enum = ['1', '0']
    if (type === 'select' || type === 'radio' || type === 'toggles') {
      const values = staticOptions(props.get('options'))
      if (values) schema.enum = values
    }
  } else if (kind === 'number') {
    schema.type = 'number'
    const maximum = max ?? (type === 'range' && !context.kirby2 ? 100 : undefined)
    if (min !== undefined) schema.minimum = min
    if (maximum !== undefined) schema.maximum = maximum
    const step = numeric(props.get('step'))
    if (step !== undefined && step > 0 && Number.isInteger(step) && step !== 1) schema.multipleOf = step
    else if (step === 1) schema.multipleOf = 1
  } else if (kind === 'boolean') {
    schema.type = 'boolean'
    if (required) schema.const = true
  } else if (kind === 'list') {
    schema.type = 'array'
    const items: JsonSchema = {type: 'string'}
    const accept = props.get('accept')
    const restricts = type === 'checkboxes' || (type === 'multiselect' && accept !== 'all') || (type === 'tags' && accept === 'options')
    if (restricts) {
      const values = staticOptions(props.get('options'))
      if (values) items.enum = values
    }
    schema.items = items
  } else if (kind === 'array') {
    schema.type = 'array'
    if (type === 'structure') schema.items = objectOf(field.fields ?? [], context, rowKey)
    else if (type === 'entries') {
      const one = field.fields?.[0]
      const compiled = one ? compileField(one, context) : undefined
      if (compiled) schema.items = compiled.schema
    } else if (type === 'files' || type === 'pages' || type === 'users') {
      schema.items = {type: 'string'}
      if (props.has('multiple') && !truthy(props.get('multiple'))) schema.maxItems = 1
    } else if (type === 'blocks') {
      Object.assign(schema, blocksSchema(field.fieldsets ?? [], context))
    } else if (type === 'layout') {
      schema.items = layoutItems(field, context)
    }
  } else if (kind === 'object') {
    Object.assign(schema, objectOf(field.fields ?? [], context, rowKey))
  }

  if (MULTI.has(type) || type === 'blocks' || type === 'layout') {
    if (min !== undefined && min > 0 && type !== 'layout') required = true
    let minItems = min !== undefined && min > 0 && type !== 'layout' ? Math.ceil(min) : undefined
    if (required) minItems = Math.max(minItems ?? 1, 1)
    if (minItems !== undefined) schema.minItems = minItems
    if (max !== undefined && type !== 'layout') schema.maxItems = Math.min(Math.floor(max), typeof schema.maxItems === 'number' ? schema.maxItems : Infinity)
  }
  applyValidate(field, schema, context)
  return {schema, required}
}

/** `date` fields: `YYYY-MM-DD`, with `time: true` `YYYY-MM-DD HH:MM:SS`; a custom `format` (3.6+) is not checked. */
const dateFormat = (field: BlueprintField, schema: JsonSchema, context: Context): void => {
  const format = field.props.get('format')
  const time = field.type === 'datetime' || truthy(field.props.get('time'))
  if (!context.kirby2 && typeof format === 'string' && atLeast(context, 3, 6) && !['Y-m-d', 'Y-m-d H:i:s', 'Y-m-d H:i'].includes(format)) return
  schema.format = time ? 'kirby-datetime' : 'kirby-date'
  if (context.kirby2) return
  const bound = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined
    const pattern = time ? /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?$/ : /^\d{4}-\d{2}-\d{2}$/
    return pattern.test(value.trim()) ? value.trim() : undefined
  }
  const min = bound(field.props.get('min'))
  const max = bound(field.props.get('max'))
  if (min !== undefined) schema.formatMinimum = time && min.length === 10 ? `${min} 00:00:00` : min
  if (max !== undefined) schema.formatMaximum = time && max.length === 10 ? `${max} 23:59:59` : max
}

/** `time` fields: `HH:MM:SS` (3.5+) or `HH:MM`; 12-hour notation is stored differently and not checked. */
const timeFormat = (field: BlueprintField, schema: JsonSchema, context: Context): void => {
  const notation = field.props.get('notation')
  if (notation === 12 || notation === '12') return
  schema.format = 'kirby-time'
  // Stored as `HH:MM:SS` since 3.5: compare bounds in the same shape.
  const seconds = !context.kirby2 && atLeast(context, 3, 5)
  const bound = (value: unknown): string | undefined => {
    if (typeof value !== 'string' || !/^\d{2}:\d{2}(?::\d{2})?$/.test(value.trim())) return undefined
    const text = value.trim()
    return seconds && text.length === 5 ? `${text}:00` : text
  }
  const min = bound(field.props.get('min'))
  const max = bound(field.props.get('max'))
  if (min !== undefined) schema.formatMinimum = min
  if (max !== undefined) schema.formatMaximum = max
}

/** An object of fields: properties, required, and `when` conditions as `allOf` `if`/`then`. */
const objectOf = (fields: readonly BlueprintField[], context: Context, keyOf: (field: BlueprintField) => string = (field) => field.key): JsonSchema => {
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  const conditional: Array<{field: BlueprintField; key: string; when: YamlMap}> = []
  const byKey = new Map<string, BlueprintField>()
  // Top-level fields are content keys; sub-fields of structure and object rows are lower-cased names.
  for (const field of fields) {
    const compiled = compileField(field, context)
    if (!compiled) continue
    const key = keyOf(field)
    properties[key] = compiled.schema
    byKey.set(key, field)
    if (!compiled.required) continue
    const when = field.props.get('when')
    if (isYamlMap(when) && when.size > 0) conditional.push({field, key, when})
    else required.push(key)
  }
  const schema: JsonSchema = {type: 'object', properties}
  if (required.length > 0) schema.required = required
  const allOf = conditional.flatMap(({field, key, when}) => {
    const condition = whenSchema(field, when, byKey, context)
    return condition ? [{if: condition, then: {required: [key]}}] : []
  })
  if (allOf.length > 0) schema.allOf = allOf
  return schema
}

/**
 * `when: {sibling: value}`: Kirby requires the field only while every
 * sibling's value is strictly (`===`) the given one (`needsValue`). A
 * condition that can never hold (a number for a text sibling, an unknown
 * sibling) makes the field never required: undefined.
 */
const whenSchema = (field: BlueprintField, when: YamlMap, siblings: Map<string, BlueprintField>, context: Context): JsonSchema | undefined => {
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  const absent: string[] = []
  for (const [name, value] of when) {
    const lower = phpStrToLower(name)
    const key = siblings.has(lower) ? lower : lower.replace(/[- ]/g, '_')
    const sibling = siblings.get(key)
    if (!sibling) {
      if (value === '' || value === null) continue
      report(context, field, 'when-never-holds', `Unexpected \`when: {${name}: …}\` on \`${field.name}\`: there is no field \`${name}\` beside it, so Kirby never requires \`${field.name}\``)
      return undefined
    }
    const kind = kindOf(sibling, context)
    if (value === '' || value === null) {
      absent.push(key)
      continue
    }
    const fits =
      (kind === 'boolean' && typeof value === 'boolean') ||
      (kind === 'string' && typeof value === 'string') ||
      (kind === 'number' && typeof value === 'number') ||
      ((kind === 'list' || kind === 'array') && Array.isArray(value)) ||
      kind === 'unchecked'
    if (!fits) {
      report(context, field, 'when-never-holds', `Unexpected \`when: {${name}: ${JSON.stringify(value)}}\` on \`${field.name}\`: a \`${sibling.type}\` field never has that value, so Kirby never requires \`${field.name}\``)
      return undefined
    }
    properties[key] = {const: value}
    // An absent toggle is `false` to Kirby, so `when: {toggle: false}` also holds without it.
    if (!(kind === 'boolean' && value === false)) required.push(key)
  }
  const schema: JsonSchema = {}
  if (Object.keys(properties).length > 0) schema.properties = properties
  if (required.length > 0) schema.required = required
  if (absent.length > 0) {
    const none = absent.map((key) => ({required: [key]}))
    schema.not = none.length === 1 ? none[0] : {anyOf: none}
  }
  return schema
}

//----------------------------------------------------------------------------
// Blocks and layout
//----------------------------------------------------------------------------

/** The raw (untyped JSON) schema of one field inside block content: only what is certain. */
const rawField = (field: BlueprintField, context: Context): JsonSchema | undefined => {
  if (field.status !== 'ok') return {}
  const kind = FIELD_TYPES.get(field.type)?.value
  if (kind === 'none' || kind === undefined) return undefined
  if (kind === 'string') {
    const schema: JsonSchema = {type: 'string'}
    if (field.type === 'select' || field.type === 'radio' || field.type === 'toggles') {
      const values = staticOptions(field.props.get('options'))
      if (values) schema.enum = ['', ...values]
    }
    return schema
  }
  if (kind === 'boolean') return {enum: ['true', 'false', true, false, '']}
  if (kind === 'number') return {type: ['number', 'string']}
  if (field.type === 'files' || field.type === 'pages' || field.type === 'users') return {type: ['array', 'string'], items: {type: 'string'}}
  return {}
}

/** The content of one fieldset: properties of its fields (no `required`: block content is checked loosely). */
const fieldsetContent = (fieldset: BlueprintFieldset, context: Context): JsonSchema | undefined => {
  if (fieldset.fields.length === 0) return undefined
  const properties: Record<string, JsonSchema> = {}
  for (const field of fieldset.fields) {
    const schema = rawField(field, context)
    if (schema) properties[phpStrToLower(field.name)] = schema
  }
  return Object.keys(properties).length > 0 ? {properties} : undefined
}

/** One block: `{content, id, isHidden, type}`, the type among the fieldsets, the content per known type. */
const blockItem = (fieldsets: readonly BlueprintFieldset[], context: Context): JsonSchema => {
  const item: JsonSchema = {
    type: 'object',
    properties: {
      content: {type: ['object', 'array']},
      id: {type: 'string'},
      isHidden: {type: 'boolean'},
      type: {type: 'string', enum: fieldsets.map((f) => f.type)}
    },
    required: ['type']
  }
  const allOf = fieldsets.flatMap((fieldset) => {
    const content = fieldsetContent(fieldset, context)
    return content ? [{if: {properties: {type: {const: fieldset.type}}, required: ['type']}, then: {properties: {content}}}] : []
  })
  if (allOf.length > 0) item.allOf = allOf
  return item
}

/** A blocks field: an array of blocks. */
const blocksSchema = (fieldsets: readonly BlueprintFieldset[], context: Context): JsonSchema => ({items: blockItem(fieldsets, context)})

/** One layout row: `{attrs, columns: [{blocks, id, width}], id}`, its column widths one of `layouts`. */
const layoutItems = (field: BlueprintField, context: Context): JsonSchema => {
  const column: JsonSchema = {
    type: 'object',
    properties: {blocks: {type: 'array', items: blockItem(field.fieldsets ?? [], context)}, id: {type: 'string'}, width: {type: 'string'}},
    required: ['blocks']
  }
  const item: JsonSchema = {
    type: 'object',
    properties: {attrs: {type: ['object', 'array']}, columns: {type: 'array', items: column}, id: {type: 'string'}},
    required: ['columns']
  }
  const layouts = field.props.get('layouts')
  const rows = (Array.isArray(layouts) ? layouts : ['1/1']).flatMap((layout): string[][] => {
    const widths = Array.isArray(layout) ? layout.map(String) : typeof layout === 'string' ? layout.split(',').map((w) => w.trim()) : []
    return widths.length > 0 ? [widths] : []
  })
  if (rows.length > 0) {
    const columns = item.properties as Record<string, JsonSchema>
    columns.columns = {
      type: 'array',
      items: column,
      anyOf: rows.map((widths) => ({
        prefixItems: widths.map((width) => ({properties: {width: {const: width}}})),
        minItems: widths.length,
        maxItems: widths.length
      }))
    }
  }
  return item
}

//----------------------------------------------------------------------------
// validate:
//----------------------------------------------------------------------------

/** `validate:` as a list of `[name, argument]`: a string, a list of names, or a map name → argument. */
const validateRules = (value: unknown): Array<[string, unknown]> => {
  if (typeof value === 'string') return [[value, undefined]]
  if (Array.isArray(value)) return value.flatMap((item): Array<[string, unknown]> => (typeof item === 'string' ? [[item, undefined]] : isYamlMap(item) ? validateRules(item) : []))
  if (isYamlMap(value)) return [...value].map(([name, argument]) => [name, argument])
  return []
}

/** Kirby's `V` validators that have a JSON Schema form (on the typed value), others reported as not checked. */
const applyValidate = (field: BlueprintField, schema: JsonSchema, context: Context): void => {
  const rules = validateRules(field.props.get('validate'))
  if (rules.length === 0) return
  const kind = kindOf(field, context)
  const allOf: JsonSchema[] = []
  const args = (argument: unknown): unknown[] => (Array.isArray(argument) ? argument : [argument])
  /** `V::size`-style bounds: numbers compare, strings count characters, lists count entries. */
  const size = (keyword: 'min' | 'max', bound: number, exclusive = false): JsonSchema =>
    kind === 'number'
      ? {[keyword === 'min' ? (exclusive ? 'exclusiveMinimum' : 'minimum') : exclusive ? 'exclusiveMaximum' : 'maximum']: bound}
      : kind === 'list' || kind === 'array'
        ? {[keyword === 'min' ? 'minItems' : 'maxItems']: exclusive ? (keyword === 'min' ? Math.floor(bound) + 1 : Math.ceil(bound) - 1) : keyword === 'min' ? Math.ceil(bound) : Math.floor(bound)}
        : {[keyword === 'min' ? 'minLength' : 'maxLength']: exclusive ? (keyword === 'min' ? Math.floor(bound) + 1 : Math.ceil(bound) - 1) : keyword === 'min' ? Math.ceil(bound) : Math.floor(bound)}
  const onStrings = (rule: JsonSchema): JsonSchema => (kind === 'list' || kind === 'array' ? {items: rule} : rule)
  for (const [rawName, argument] of rules) {
    const name = rawName.toLowerCase()
    const first = args(argument)[0]
    const literal = typeof first === 'string' || typeof first === 'number' ? String(first) : undefined
    switch (name) {
      case 'email':
        allOf.push(onStrings({format: 'email'}))
        break
      case 'url':
        allOf.push(onStrings({format: 'uri'}))
        break
      case 'uuid':
        allOf.push(onStrings({format: 'uuid'}))
        break
      case 'ip':
        allOf.push(onStrings({anyOf: [{format: 'ipv4'}, {format: 'ipv6'}]}))
        break
      case 'date':
        allOf.push(onStrings({anyOf: [{format: 'kirby-date'}, {format: 'kirby-datetime'}]}))
        break
      case 'time':
        allOf.push(onStrings({format: 'kirby-time'}))
        break
      case 'alpha':
        allOf.push(onStrings({pattern: '^[a-zA-Z]+$'}))
        break
      case 'alphanum':
        allOf.push(onStrings({pattern: '^[a-zA-Z0-9]+$'}))
        break
      case 'integer':
        allOf.push(kind === 'number' ? {multipleOf: 1} : onStrings({pattern: '^\\s*[+-]?\\d+\\s*$'}))
        break
      case 'num':
        if (kind !== 'number') allOf.push(onStrings({pattern: '^\\s*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*$'}))
        break
      case 'min':
      case 'max':
      case 'minlength':
      case 'maxlength':
      case 'less':
      case 'more': {
        const bound = numeric(first)
        if (bound === undefined) break
        if (name === 'minlength') allOf.push(onStrings({minLength: Math.ceil(bound)}))
        else if (name === 'maxlength') allOf.push(onStrings({maxLength: Math.floor(bound)}))
        else if (name === 'less') allOf.push(size('max', bound, true))
        else if (name === 'more') allOf.push(size('min', bound, true))
        else allOf.push(size(name, bound))
        break
      }
      case 'between': {
        const [low, high] = args(argument).map(numeric)
        if (low !== undefined) allOf.push(size('min', low))
        if (high !== undefined) allOf.push(size('max', high))
        break
      }
      case 'in':
      case 'notin': {
        const values = args(Array.isArray(first) ? first : argument).filter((v) => typeof v === 'string' || typeof v === 'number').map(String)
        if (values.length === 0) break
        const rule = name === 'in' ? {enum: values} : {not: {enum: values}}
        allOf.push(onStrings(rule))
        break
      }
      case 'contains':
      case 'notcontains':
      case 'startswith':
      case 'endswith': {
        if (literal === undefined) break
        const escaped = escapePattern(literal)
        const pattern = name === 'startswith' ? `^${escaped}` : name === 'endswith' ? `${escaped}$` : escaped
        allOf.push(onStrings(name === 'notcontains' ? {not: {pattern}} : {pattern}))
        break
      }
      case 'match': {
        const regex = typeof first === 'string' ? splitPhpRegex(first) : undefined
        const flags = regex?.flags.replace(/[uD]/g, '') ?? ''
        const source = regex === undefined || /[^i]/.test(flags) ? undefined : flags.includes('i') ? caseInsensitivePattern(regex.source) : caseSensitivePattern(regex.source)
        if (source === undefined) report(context, field, 'unsupported-pattern', `Cannot check \`validate: match: ${String(first)}\` of \`${field.name}\` as a JSON Schema pattern; not checked`)
        else allOf.push(onStrings({pattern: source}))
        break
      }
      case 'accepted':
        allOf.push(kind === 'boolean' ? {const: true} : onStrings({enum: ['1', 'on', 'yes', 'true']}))
        break
      case 'denied':
        allOf.push(kind === 'boolean' ? {const: false} : onStrings({enum: ['0', 'off', 'no', 'false']}))
        break
      case 'required':
      case 'notempty':
        break
      default:
        report(context, field, 'unsupported-validator', `Validator \`${rawName}\` of \`${field.name}\` has no JSON Schema form; not checked`)
    }
  }
  if (allOf.length > 0) schema.allOf = [...((schema.allOf as JsonSchema[] | undefined) ?? []), ...allOf]
}

//----------------------------------------------------------------------------
// Root
//----------------------------------------------------------------------------

/** Compiles a normalised blueprint into a JSON Schema for the typed content of its model. */
export const compileBlueprint = (blueprint: NormalizedBlueprint, rules: KirbyRules, diagnostics: Diagnostic[] = []): JsonSchema => {
  const context: Context = {rules, kirby2: blueprint.kirby2, diagnostics}
  const body = objectOf(blueprint.fields, context)
  const annotationValue: KirbyBlueprintAnnotation = {kind: blueprint.kind, name: blueprint.name, builtIn: blueprint.builtIn}
  if (blueprint.file !== undefined) annotationValue.file = blueprint.file
  const schema: JsonSchema = {$schema: SCHEMA_DIALECT, type: 'object', [KIRBY_BLUEPRINT]: annotationValue, properties: body.properties}
  if (body.required !== undefined) schema.required = body.required
  if (body.allOf !== undefined) schema.allOf = body.allOf
  return schema
}

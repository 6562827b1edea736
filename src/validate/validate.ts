/**
 * @fileoverview One content file judged by one JSON Schema: its fields
 * typed ({@link typeFields}), ajv run once, and every error turned into a
 * message at the exact place in the `.txt` file, with a reason in words,
 * the rule id `schema/<keyword>`, the schema location and where the field
 * was declared.
 *
 * ajv's cascades are folded: `if` errors are dropped (the `then` errors
 * say it); an `anyOf`/`oneOf` whose branches are told apart by a
 * `const`/`enum` (a block's `type`) is judged by the one branch that
 * applies, or reported once as "must be one of" the discriminating values.
 */
import type {ErrorObject} from 'ajv'
import type {VFile} from 'vfile'
import {report} from '../messages.js'
import type {ContentFile} from '../parse.js'
import type {KirbyBlueprintAnnotation, KirbyFieldAnnotation} from '../schema/keywords.js'
import type {Point, Position, Severity} from '../types.js'
import {createValidator, type CompiledSchema, type Validator} from './ajv.js'
import {code, nounsOf, segments, subjectOf, wordsOf} from './reasons.js'
import {normaliseKey, typeFields, type FieldEntry, type TypedContent} from './type.js'
import {escapePointer, SchemaWalk, type RawView, type SchemaObject} from './walk.js'

/** Options of {@link validateFile} and {@link validateTranslation}. */
export interface ValidateFileOptions {
  /** The validator to compile with (default: one shared by the process). */
  validator?: Validator
  /** The schema's name for notes (`site/blueprints/pages/article.yml`, `schemas/article.json`). */
  schemaName?: string
}

/** A message before it is reported. */
interface Finding {
  ruleId: string
  severity: Severity
  reason: string
  place: Position
  note?: string
  actual?: string
  expected?: string[]
  /** The top-level field the finding is about; undefined for the whole content. */
  field?: string
  /** For findings at the root: a key telling the same error apart across files. */
  identity?: string
}

let shared: Validator | undefined
const defaultValidator = (): Validator => (shared ??= createValidator())

/** Per-schema data kept across files: the walk of `$ref`s. */
const walks = new WeakMap<object, SchemaWalk>()
const walkOf = (schema: object): SchemaWalk => {
  let walk = walks.get(schema)
  if (!walk) walks.set(schema, (walk = new SchemaWalk(schema)))
  return walk
}

const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value)

const fileStart = (point: (offset: number) => Point): Position => ({start: point(0), end: point(0)})

/** The value at a JSON pointer of the typed content. */
const valueAt = (value: unknown, pointer: string): unknown => {
  let node = value
  for (const part of segments(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

const isUnder = (pointer: string, base: string): boolean => pointer === base || pointer.startsWith(`${base}/`)

/** The nearest place of a pointer or one of its ancestors. */
const placeOf = (typed: TypedContent, pointer: string, start: Position): Position => {
  let current = pointer
  for (;;) {
    const place = typed.places.get(current)
    if (place) return place
    if (current === '') return start
    current = current.slice(0, current.lastIndexOf('/'))
  }
}

/** The annotation of the nearest annotated pointer at or above `pointer`. */
const fieldOf = (typed: TypedContent, pointer: string): KirbyFieldAnnotation | undefined => {
  let current = pointer
  while (current !== '') {
    const field = typed.fields.get(current)
    if (field) return field
    current = current.slice(0, current.lastIndexOf('/'))
  }
  return undefined
}

/** A raw view of a typed value, to tell `anyOf` branches apart. */
const viewOf = (value: unknown): RawView | undefined =>
  isObject(value)
    ? (name) => {
        const entry = value[name]
        return entry === undefined ? undefined : typeof entry === 'object' && entry !== null ? null : String(entry)
      }
    : undefined

/** The `const`/`enum` values of property `key` in a branch, or undefined when it has none. */
const discriminatorValues = (walk: SchemaWalk, branch: unknown, key: string): unknown[] | undefined => {
  for (const schema of walk.applicable([branch], undefined)) {
    const property = isObject(schema.properties) ? schema.properties[key] : undefined
    for (const condition of walk.applicable([property], undefined)) {
      if ('const' in condition) return [condition.const]
      if (Array.isArray(condition.enum)) return condition.enum
    }
  }
  return undefined
}

/**
 * ajv's errors with the cascades folded: `if` errors dropped, and each
 * failed `anyOf`/`oneOf` replaced by the errors of the one branch its
 * discriminator selects (validated again on its own), or by one error.
 */
const fold = (errors: readonly ErrorObject[], compiled: CompiledSchema, validator: Validator, walk: SchemaWalk, depth = 0): ErrorObject[] => {
  const kept: ErrorObject[] = []
  for (const error of errors) {
    if (error.keyword === 'if') continue
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      kept.push(error)
      continue
    }
    // The branch errors are the run just before this one, at or below its place.
    while (kept.length > 0 && isUnder(kept.at(-1)!.instancePath, error.instancePath)) kept.pop()
    const branches = Array.isArray(error.schema) ? (error.schema as unknown[]) : []
    if (Array.isArray((error.params as {passingSchemas?: unknown}).passingSchemas) || depth > 8) {
      kept.push(error)
      continue
    }
    const view = viewOf(error.data)
    const candidates = branches.map((branch, index) => ({branch, index})).filter(({branch}) => walk.matches(branch, view) !== false)
    if (candidates.length === 1) {
      const {index} = candidates[0]!
      const sub = validator.subschema(compiled, `${error.schemaPath}/${index}`)
      if (sub && !sub(error.data)) {
        const prefixed = (sub.errors ?? []).map((inner) => ({
          ...inner,
          instancePath: `${error.instancePath}${inner.instancePath}`,
          schemaPath: inner.schemaPath.startsWith('#') ? `${error.schemaPath}/${index}${inner.schemaPath.slice(1)}` : inner.schemaPath
        }))
        kept.push(...fold(prefixed, compiled, validator, walk, depth + 1))
        continue
      }
      if (sub) continue
    }
    if (candidates.length === 0 && isObject(error.data)) {
      // Every branch fails its discriminator: say which values it may take.
      const keys = new Set<string>()
      for (const branch of branches) {
        for (const schema of walk.applicable([branch], undefined)) if (isObject(schema.properties)) for (const key of Object.keys(schema.properties)) keys.add(key)
      }
      const key = [...keys].find((name) => branches.every((branch) => discriminatorValues(walk, branch, name) !== undefined))
      if (key !== undefined) {
        const allowed = [...new Set(branches.flatMap((branch) => discriminatorValues(walk, branch, key) ?? []))]
        const present = error.data[key] !== undefined
        kept.push(
          present
            ? {...error, keyword: 'enum', instancePath: `${error.instancePath}/${escapePointer(key)}`, params: {allowedValues: allowed}, data: error.data[key]}
            : {...error, keyword: 'required', params: {missingProperty: key}}
        )
        continue
      }
    }
    const layouts = branches.map((branch) => layoutOf(walk, branch))
    if (layouts.length > 0 && layouts.every((layout) => layout !== undefined) && Array.isArray(error.data)) {
      // Kirby's layout choices: name the allowed column widths.
      kept.push({...error, params: {layouts, widths: error.data.map((column: unknown) => (isObject(column) ? String(column.width ?? '?') : '?')).join(' ')}})
      continue
    }
    kept.push(error)
  }
  return kept
}

/** The column widths a layout branch allows (`1/2 1/2`): `prefixItems` with a `width` const each. */
const layoutOf = (walk: SchemaWalk, branch: unknown): string | undefined => {
  const [schema] = walk.applicable([branch], undefined)
  const prefix = schema?.prefixItems
  if (!Array.isArray(prefix) || prefix.length === 0) return undefined
  const widths = prefix.map((item) => (isObject(item) && isObject(item.properties) && isObject(item.properties.width) ? item.properties.width.const : undefined))
  return widths.every((width) => typeof width === 'string') ? widths.join(' ') : undefined
}

/** The note of a finding: schema location, declaration, condition. */
const noteOf = (error: ErrorObject, field: KirbyFieldAnnotation | undefined, schemaName: string | undefined): string => {
  const lines = [`Schema: ${schemaName === undefined ? '' : `${schemaName} `}${error.schemaPath}`]
  if (field?.declared) lines.push(`Declared in ${field.declared.file}:${field.declared.line}:${field.declared.column}`)
  if (error.keyword === 'required' && /\/then\//.test(error.schemaPath)) lines.push('Required here because its `when` condition holds')
  return lines.join('\n')
}

/** ajv's errors as findings with places and words. */
const findingsOf = (
  errors: readonly ErrorObject[],
  typed: TypedContent,
  start: Position,
  schemaName: string | undefined
): Finding[] => {
  const findings: Finding[] = []
  const describe = {value: typed.value, fields: typed.fields}
  for (const error of errors) {
    const pointer = error.instancePath
    if ([...typed.opaque].some((opaque) => isUnder(pointer, opaque))) continue
    const params = error.params as Record<string, unknown>
    let target = pointer
    let place: Position
    let words: {reason: string; expected?: string[]; actual?: string}
    let field: KirbyFieldAnnotation | undefined
    if (error.keyword === 'required' || error.keyword === 'dependentRequired' || error.keyword === 'dependencies') {
      const missing = String(params.missingProperty)
      target = `${pointer}/${escapePointer(missing)}`
      const empty = typed.empty.get(target)
      field = typed.fields.get(target)
      if (typed.opaque.has(target)) continue
      if (error.keyword === 'required') {
        const subject = subjectOf(pointer, describe)
        const reason =
          pointer === ''
            ? empty
              ? `Required field ${code(missing)} is empty`
              : `Missing required field ${code(missing)}`
            : empty
              ? `${subject} has an empty required ${code(missing)}`
              : `${subject} is missing required ${code(missing)}`
        words = {reason, expected: [missing]}
      } else words = wordsOf(error, subjectOf(pointer, describe), ['entry', 'entries'])
      place = empty ?? (pointer === '' ? start : placeOf(typed, pointer, start))
    } else {
      const extra = params.additionalProperty ?? params.unevaluatedProperty ?? params.propertyName
      if (extra !== undefined && error.keyword !== 'required') target = `${pointer}/${escapePointer(String(extra))}`
      field = fieldOf(typed, pointer) ?? (isObject(error.parentSchema) && isObject(error.parentSchema.kirbyField) ? (error.parentSchema.kirbyField as unknown as KirbyFieldAnnotation) : undefined)
      const key = segments(pointer).at(-1)
      words = wordsOf(error, subjectOf(pointer, describe), nounsOf(typed.fields.get(pointer), key))
      place = (target !== pointer ? typed.keys.get(target) : undefined) ?? placeOf(typed, pointer, start)
    }
    const top = segments(target)[0]
    const finding: Finding = {
      ruleId: `schema/${error.keyword === 'false schema' ? 'false' : error.keyword}`,
      severity: 'error',
      reason: words.reason,
      place,
      note: noteOf(error, field, schemaName)
    }
    if (words.actual !== undefined) finding.actual = words.actual
    if (words.expected !== undefined) finding.expected = words.expected
    if (top !== undefined) finding.field = top
    if (pointer === '') finding.identity = `${error.keyword}\0${error.schemaPath}\0${JSON.stringify(error.params)}`
    findings.push(finding)
  }
  return findings
}

/** Content keys the blueprint does not declare (Kirby's `clean:content` would remove them). */
const unknownFields = (entries: readonly FieldEntry[], schema: object, walk: SchemaWalk): Finding[] => {
  const blueprint = (schema as {kirbyBlueprint?: unknown}).kirbyBlueprint
  if (!isObject(blueprint)) return []
  const annotation = blueprint as unknown as KirbyBlueprintAnnotation
  const known = new Set(walk.properties(walk.everywhere(schema), normaliseKey).keys())
  for (const name of Array.isArray(annotation.builtIn) ? annotation.builtIn : []) known.add(normaliseKey(String(name)))
  const what = annotation.kind === 'site' ? 'the site blueprint' : `the \`${annotation.name}\` ${annotation.kind} blueprint`
  const findings: Finding[] = []
  for (const {field} of entries) {
    if (known.has(field.key)) continue
    findings.push({
      ruleId: 'schema/unknown-field',
      severity: 'warning',
      reason: `Unknown field ${code(field.key)}, not declared in ${what}`,
      place: field.keyPosition,
      note: `${annotation.file === undefined ? "Kirby's default blueprint" : `Blueprint: ${annotation.file}`}\nKirby's \`clean:content\` command removes fields a blueprint does not declare`,
      actual: field.key,
      field: field.key
    })
  }
  return findings
}

/** Validates typed entries; the core of both entry points. */
const judge = (
  entries: readonly FieldEntry[],
  start: Position,
  schema: object,
  options: ValidateFileOptions
): {findings: Finding[]; typed: TypedContent} => {
  const validator = options.validator ?? defaultValidator()
  const compiled = validator.compile(schema)
  const walk = walkOf(schema)
  const typed = typeFields(entries, schema, walk)
  const findings: Finding[] = typed.problems.map((problem) => {
    const finding: Finding = {ruleId: problem.ruleId, severity: 'warning', reason: problem.reason, place: problem.place}
    const top = segments(problem.pointer)[0]
    if (top !== undefined) finding.field = top
    return finding
  })
  findings.push(...unknownFields(entries, schema, walk))
  if (!compiled.validate(typed.value)) {
    const errors = fold(compiled.validate.errors ?? [], compiled, validator, walk)
    findings.push(...findingsOf(errors, typed, start, options.schemaName))
  }
  return {findings, typed}
}

/** Reports findings on the file, sorted by place, each once. */
const reportAll = (file: VFile, findings: readonly Finding[]): void => {
  const seen = new Set<string>()
  const sorted = [...findings].sort(
    (a, b) => a.place.start.offset - b.place.start.offset || a.place.end.offset - b.place.end.offset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
  for (const finding of sorted) {
    const key = `${finding.place.start.offset}\0${finding.ruleId}\0${finding.reason}`
    if (seen.has(key)) continue
    seen.add(key)
    report(file, {
      ruleId: finding.ruleId,
      severity: finding.severity,
      reason: finding.reason,
      place: finding.place,
      note: finding.note,
      actual: finding.actual,
      expected: finding.expected
    })
  }
}

const entriesOf = (content: ContentFile): FieldEntry[] => content.fields.map((field) => ({field, point: content.point}))

/** Validates one parsed content file against a JSON Schema, adding messages to `file`. */
export const validateFile = (file: VFile, content: ContentFile, schema: object, options: ValidateFileOptions = {}): void => {
  reportAll(file, judge(entriesOf(content), fileStart(content.point), schema, options).findings)
}

/**
 * Validates a translation (a non-default language's content file) as Kirby
 * reads it: fields it lacks fall back to the default language's file.
 * Messages are reported only for fields the translation itself holds (a
 * required field missing in both files is the default file's message), and
 * a `translate: false` field present in the translation is a warning.
 */
export const validateTranslation = (
  file: VFile,
  content: ContentFile,
  defaultContent: ContentFile,
  schema: object,
  options: ValidateFileOptions = {}
): void => {
  const own = entriesOf(content)
  const held = new Set(own.map(({field}) => field.key))
  const merged = [...entriesOf(defaultContent).filter(({field}) => !held.has(field.key)), ...own]
  const start = fileStart(content.point)
  const {findings, typed} = judge(merged, start, schema, options)
  // Root errors that the default file has too are the default file's.
  let inDefault: Set<string | undefined> | undefined
  const defaultHas = (identity: string): boolean => {
    inDefault ??= new Set(judge(entriesOf(defaultContent), fileStart(defaultContent.point), schema, options).findings.map((finding) => finding.identity))
    return inDefault.has(identity)
  }
  const heldPointers = new Map<string, string>()
  for (const key of held) {
    const pointer = [...typed.keys.keys()].find((candidate) => segments(candidate).length === 1 && normaliseKey(segments(candidate)[0]!) === key)
    heldPointers.set(segments(pointer ?? `/${escapePointer(key)}`)[0]!, key)
  }
  const kept = findings.filter((finding) =>
    finding.field !== undefined ? heldPointers.has(finding.field) : finding.identity === undefined || !defaultHas(finding.identity)
  )
  for (const {field} of own) {
    const name = [...heldPointers].find(([, key]) => key === field.key)?.[0] ?? field.key
    const annotation = typed.fields.get(`/${escapePointer(name)}`)
    if (annotation?.translate !== false) continue
    kept.push({
      ruleId: 'schema/translate',
      severity: 'warning',
      reason: `Unexpected ${code(field.key)} in a translation, expected it only in the default language (\`translate: false\`)`,
      place: field.keyPosition,
      note: `${annotation.declared ? `Declared in ${annotation.declared.file}:${annotation.declared.line}:${annotation.declared.column}\n` : ''}Kirby's Panel removes it from translations on the next save; until then the site shows this value instead of the default language's`,
      field: name
    })
  }
  reportAll(file, kept)
}

/**
 * @fileoverview The fields of one content file as convert writes them:
 * each typed as the schema says (with `typeContent`: structure → list of
 * maps, toggle → boolean, tags → list…) or left a string, and the facts
 * that bring back the exact stored text on the way back to Kirby.
 *
 * Going back, a typed value becomes text as Kirby's panel writes it
 * ({@link storedText}): lists and maps as Spyc YAML, booleans as
 * `true`/`false`, numbers as `Str::float`. When that is not the text the
 * file held — `a,b` typed as tags comes back as `a, b`; `1.0` as `1` —
 * the field records how it was stored (`json`, `tags`) or, failing that,
 * its stored text itself (`raw`). So nothing is lost, and nothing is
 * repeated that the typed value already says.
 */
import type {ContentFile} from '../parse.js'
import type {KirbyFieldAnnotation} from '../schema/keywords.js'
import type {Position} from '../types.js'
import {encodeKey, encodeValue} from '../txt/encode.js'
import {decode} from '../txt/decode.js'
import type {YamlValue} from '../txt/spyc.js'
import {dumpYaml} from '../txt/spyc.js'
import {normaliseKey, typeContent} from '../validate/type.js'
import {escapePointer} from '../validate/walk.js'
import type {KirbyRules} from '../kirby-version.js'

/** How a typed list or map was stored, when not as Spyc YAML: `json`, or `tags` with its separator (`tags`, `tags:;`). */
export type StoredAs = 'json' | `tags${string}`

/** One field, typed and raw. */
export interface ConvertedField {
  /** Kirby's key. */
  key: string
  /** The key as written, when Kirby's writer would write another key that does not read back as `key`. */
  written?: string
  /** The stored text. */
  raw: string
  /** The typed value (the stored text when nothing types it, or when it is empty). */
  value: unknown
  /** How to write `value` back, when not the default. */
  stored?: StoredAs
  /** Whether `value` does not write back to `raw`: the stored text must be kept. */
  keepRaw: boolean
  /** Where the value stands in the file. */
  place: Position
  /** The blueprint field type, when a schema declares the field. */
  type?: string
}

/** A problem typing a field (a YAML or JSON syntax error), at its place. */
export interface FieldProblem {
  ruleId: string
  reason: string
  place: Position
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map)

/** A value with `Map`s as objects, as Spyc dumps it. */
const toYamlValue = (value: unknown): YamlValue => {
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), toYamlValue(item)]))
  if (Array.isArray(value)) return value.map(toYamlValue)
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toYamlValue(item)]))
  if (value === undefined) return null
  return value as YamlValue
}

const jsonValue = (value: unknown): unknown => {
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), jsonValue(item)]))
  if (Array.isArray(value)) return value.map(jsonValue)
  return value
}

/** The text Kirby stores for a typed value (the way back from front matter or JSON). */
export const storedText = (value: unknown, stored: string | undefined, rules: KirbyRules): string => {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return encodeValue(value, rules)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (stored === 'json') return JSON.stringify(jsonValue(value))
  if (stored !== undefined && stored.startsWith('tags') && Array.isArray(value)) {
    const separator = stored.length > 5 ? stored.slice(5) : ','
    return value.map((item) => storedText(item, undefined, rules)).join(`${separator} `)
  }
  return dumpYaml(toYamlValue(value)).replace(/\n+$/, '')
}

/** Candidate ways a field type stores lists and maps, besides Spyc YAML. */
const storedCandidates = (annotation: KirbyFieldAnnotation | undefined): StoredAs[] => {
  const type = annotation?.type.toLowerCase()
  if (type === 'blocks' || type === 'layout') return ['json']
  if (type === 'tags' || type === 'checkboxes' || type === 'multiselect') {
    const separator = annotation?.separator ?? ','
    return [separator === ',' ? 'tags' : `tags:${separator}`]
  }
  return ['json']
}

/** Whether a key reads back as itself once Kirby's writer writes it, per rules (keys repeat across a site: 155 ms of decoding in a 10k-file profile). */
const keysReadBack = new WeakMap<KirbyRules, Map<string, boolean>>()

/** The key Kirby's writer writes for `key`, unless it would not read back as `key`: then the key as written. */
export const writtenKey = (key: string, rawKey: string, rules: KirbyRules): string | undefined => {
  let known = keysReadBack.get(rules)
  if (!known) keysReadBack.set(rules, (known = new Map()))
  let readsBack = known.get(key)
  if (readsBack === undefined) {
    readsBack = decode(`${encodeKey(key, rules)}: x`, {rules}).fields[0]?.key === key
    if (known.size >= 10_000) known.clear()
    known.set(key, readsBack)
  }
  return readsBack ? undefined : rawKey
}

/**
 * The fields of a content file, typed by `schema` (a compiled blueprint or a
 * hand-written schema); with no schema every value stays its stored string.
 */
export const convertFields = (content: ContentFile, schema: object | undefined): {fields: ConvertedField[]; problems: FieldProblem[]} => {
  const rules = content.rules
  const typed = schema ? typeContent(content, schema) : undefined
  const values = new Map<string, {name: string; value: unknown}>()
  if (typed) for (const [name, value] of Object.entries(typed.value)) values.set(normaliseKey(name), {name, value})
  const problems: FieldProblem[] = (typed?.problems ?? []).map((problem) => ({
    ruleId: 'convert/untyped',
    reason: `${problem.reason}: kept as text`,
    place: problem.place
  }))
  const fields = content.fields.map((field): ConvertedField => {
    const entry = values.get(field.key)
    const annotation = entry ? typed?.fields.get(`/${escapePointer(entry.name)}`) : undefined
    const converted: ConvertedField = {key: field.key, raw: field.value, value: field.value, keepRaw: false, place: field.valuePosition}
    const written = writtenKey(field.key, field.rawKey, rules)
    if (written !== undefined) converted.written = written
    if (annotation) converted.type = annotation.type
    if (entry === undefined || typeof entry.value === 'string') return converted
    converted.value = entry.value
    if (storedText(entry.value, undefined, rules) === field.value) return converted
    const stored = storedCandidates(annotation).find((candidate) => storedText(entry.value, candidate, rules) === field.value)
    if (stored !== undefined) converted.stored = stored
    else converted.keepRaw = true
    return converted
  })
  return {fields, problems}
}

/**
 * @fileoverview Typing: the stored strings of one content file turned into
 * the values a JSON Schema judges, as the schema says (its `kirbyField`
 * annotations, else its `type`), with the place in the `.txt` file of every
 * value, key and empty field.
 *
 * - An empty value (`""`, `[]`, an empty list or map, a YAML `~`/`null`) is
 *   absent: Kirby skips every rule but `required` for it.
 * - Text-like fields stay strings; number/range become numbers when they
 *   read as decimals; toggles become booleans (`true`/`false`, Kirby 2's
 *   `1`/`0`); tags/checkboxes/multiselect are split on their separator.
 * - Structure, object, entries, files, pages and users values are YAML
 *   (read leniently, every scalar a string until the schema asks for
 *   another type, as Kirby's Spyc reader is lenient); blocks and layout are
 *   JSON. A syntax error is a `schema/yaml` or `schema/json` warning at its
 *   place, and the field is left out of validation.
 *
 * Places: a YAML/JSON node's range is an index into the text it was parsed
 * from; that index goes through `sourceOffset` (which steps over removed
 * escapes) to an offset in the file, and through the file's `point` to a
 * line and column.
 */
import {parse as parseJsonc, type ParseError} from 'jsonc-parser'
import {isMap, isScalar, isSeq, parseDocument, type Node, type Scalar} from 'yaml'
import type {ContentFile} from '../parse.js'
import type {KirbyFieldAnnotation} from '../schema/keywords.js'
import {sourceOffset, type Field} from '../txt/decode.js'
import {phpStrToLower, phpTrimEnd, phpTrimStart} from '../txt/php.js'
import type {Point, Position} from '../types.js'
import {annotationOf, escapePointer, SchemaWalk, typesOf, type RawView, type SchemaObject} from './walk.js'

/** A field's value could not be read; reported as a warning. */
export interface TypingProblem {
  ruleId: 'schema/yaml' | 'schema/json'
  reason: string
  place: Position
  /** The pointer of the field (or nested value) that could not be read. */
  pointer: string
}

/** The typed content of one file and the places of its parts. */
export interface TypedContent {
  /** The typed content object (null prototype; empty fields are absent). */
  value: Record<string, unknown>
  /** JSON pointer (ajv's `instancePath`) → where the value stands in the file. */
  places: Map<string, Position>
  /** JSON pointer of a property → where its key stands. */
  keys: Map<string, Position>
  /** JSON pointer of a property that is present but empty (so absent in `value`) → key and value. */
  empty: Map<string, Position>
  /** JSON pointer → the `kirbyField` annotation that typed it (also for absent properties). */
  fields: Map<string, KirbyFieldAnnotation>
  /** Pointers of values that could not be read (YAML/JSON errors): never judged. */
  opaque: Set<string>
  /** YAML and JSON syntax errors. */
  problems: TypingProblem[]
}

/** One field to type, with the file it comes from. */
export interface FieldEntry {
  field: Field
  point: (offset: number) => Point
}

/** Kirby's key normalisation, applied to schema property names of the content object. */
export const normaliseKey = (name: string): string => phpStrToLower(name).replace(/[- ]/g, '_')
/** Row and block keys: Kirby's `Content` lower-cases them. */
const normaliseRowKey = (name: string): string => name.toLowerCase()

const ABSENT: unique symbol = Symbol('absent')
type Typed = unknown

/** Offsets of the text a node was parsed from → file offsets; `exact` when every index maps. */
interface Source {
  at: (index: number) => number
  point: (offset: number) => Point
  /** The text the indices are into, to trim trailing white space off node spans. */
  text?: string
}

/** A string to type: stored text, or the text of a YAML/JSON scalar. */
interface TextInput {
  kind: 'text'
  text: string
  source: Source
  /** Inside a parsed document: YAML (`yaml`) or JSON (`json`) semantics for untyped scalars. */
  within?: 'yaml' | 'json'
  /** Whether the scalar was plain (unquoted) in its document. */
  plain?: boolean
}

/** A parsed YAML/JSON node to type. */
interface NodeInput {
  kind: 'node'
  node: Node
  source: Source
  within: 'yaml' | 'json'
}

/** A plain JavaScript value (JSON the YAML reader could not place), all at one place. */
interface ValueInput {
  kind: 'value'
  value: unknown
  place: Position
}

type Input = TextInput | NodeInput | ValueInput

type Kind = 'string' | 'number' | 'toggle' | 'boolean' | 'split' | 'yaml' | 'json' | 'auto'

const TEXT_TYPES = new Set([
  'text', 'textarea', 'writer', 'list', 'url', 'email', 'tel', 'slug', 'color', 'link', 'hidden', 'select', 'radio',
  'toggles', 'date', 'time'
])
const YAML_TYPES = new Set(['structure', 'object', 'entries', 'files', 'pages', 'users'])
const LIST_TYPES = new Set(['structure', 'entries', 'files', 'pages', 'users'])

const kindOf = (field: KirbyFieldAnnotation | undefined, types: string[] | undefined): Kind => {
  if (field) {
    const type = field.type.toLowerCase()
    if (TEXT_TYPES.has(type)) return 'string'
    if (type === 'number' || type === 'range') return 'number'
    if (type === 'toggle') return 'toggle'
    if (type === 'tags' || type === 'checkboxes' || type === 'multiselect') return 'split'
    if (YAML_TYPES.has(type)) return 'yaml'
    if (type === 'blocks' || type === 'layout') return 'json'
  }
  if (types?.length === 1) {
    const [type] = types
    if (type === 'string') return 'string'
    if (type === 'number' || type === 'integer') return 'number'
    // A plain JSON Schema boolean (a block's `isHidden`): the unambiguous words only.
    if (type === 'boolean') return 'boolean'
    if (type === 'array' || type === 'object') return 'yaml'
  }
  return 'auto'
}

/** PHP-style decimals: `5`, `-1`, `3.5`, `.5`, `1e3`. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const toNumber = (text: string): number | undefined => (DECIMAL.test(text) ? Number(text) : undefined)
/**
 * A toggle as Kirby reads it both ways: the Panel shows it on for `true`,
 * `1`, `on` (its `value` in_array check) and templates' `toBool()` agree;
 * `false`, `0`, `off`, `no` in any case are off for both. Anything else
 * (`yes`, `True`) the two disagree on, so it stays a string and is reported.
 */
const toToggle = (text: string): boolean | undefined =>
  text === 'true' || text === '1' || text === 'on' ? true : /^(?:false|0|off|no)$/i.test(text) ? false : undefined

/** Whether stored text is empty for Kirby (`Field::isEmpty`). */
const emptyText = (text: string): boolean => text === '' || text === '[]'

/** Whether a string looks like YAML or JSON structure rather than a scalar. */
const looksStructured = (text: string): boolean => /^\s*(?:[[{]|-(?:\s|$))/.test(text) || /^[^\s:#][^:\n]*:(?:\s|$)/.test(text)

const errorLine = (message: string): string => {
  // The reader is recursive: nesting thousands of levels deep exhausts the stack (the run goes on).
  if (/maximum call stack/i.test(message)) return 'nested too deeply to read (thousands of levels)'
  const first = message.split('\n')[0] ?? message
  const short = first.replace(/ at line \d+, column \d+:?$/, '').replace(/[.:]$/, '')
  return short.charAt(0).toLowerCase() + short.slice(1)
}

const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``)

const pointerLabel = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.')

/** Types fields against a schema; the shared core of {@link typeContent} and translations. */
export const typeFields = (entries: readonly FieldEntry[], schema: object, walk = new SchemaWalk(schema)): TypedContent => {
  const typed: TypedContent = {
    value: Object.create(null) as Record<string, unknown>,
    places: new Map(),
    keys: new Map(),
    empty: new Map(),
    fields: new Map(),
    opaque: new Set(),
    problems: []
  }

  const span = (source: Source, start: number, end: number): Position => {
    const text = source.text
    if (text !== undefined) while (end > start && /\s/.test(text.charAt(end - 1))) end--
    return {
      start: source.point(source.at(start)),
      end: source.point(end > start ? source.at(end - 1) + 1 : source.at(start))
    }
  }
  const inputPlace = (input: Input): Position | undefined => {
    if (input.kind === 'value') return input.place
    if (input.kind === 'text') return span(input.source, 0, input.text.length)
    const range = input.node.range
    return range ? span(input.source, range[0], range[1]) : undefined
  }

  /** The raw view of a map input, for deciding `anyOf`/`if` branches. */
  const rawView = (input: Input): RawView | undefined => {
    if (input.kind === 'node' && isMap(input.node)) {
      const map = input.node
      return (name) => {
        const wanted = normaliseRowKey(name)
        let found: string | null | undefined
        for (const pair of map.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
          if (normaliseRowKey(key) !== wanted) continue
          const value = pair.value as Node | null
          found = isScalar(value) ? (emptyScalar(value, input.within) ? undefined : String(value.value)) : value ? null : undefined
        }
        return found
      }
    }
    if (input.kind === 'value' && isPlainObject(input.value)) {
      const object = input.value
      return (name) => {
        const value = object[name]
        return value === undefined || value === null || value === '' ? undefined : typeof value === 'object' ? null : String(value)
      }
    }
    return undefined
  }

  const emptyScalar = (node: Scalar, within: 'yaml' | 'json'): boolean => {
    const text = String(node.value ?? '')
    if (text === '') return true
    if (node.type !== 'PLAIN') return false
    return within === 'json' ? text === 'null' : text === '~' || /^null$/i.test(text) || text === '[]'
  }

  const problem = (ruleId: TypingProblem['ruleId'], reason: string, place: Position, pointer: string): void => {
    typed.problems.push({ruleId, reason, place, pointer})
    typed.opaque.add(pointer)
  }

  /** Parses YAML text; a syntax error is a warning and the value stays a string. */
  const parseYaml = (input: TextInput, schemas: readonly unknown[], pointer: string, name: string, wantsList: boolean): Typed => {
    const document = parseDocument(input.text, {version: '1.1', schema: 'failsafe', uniqueKeys: false, strict: false})
    const error = document.errors[0]
    if (error) {
      problem(
        'schema/yaml',
        `${name} is not valid YAML, ${errorLine(error.message)}: Kirby's lenient YAML reader may read it differently`,
        span(input.source, error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
        pointer
      )
      return input.text
    }
    const contents = document.contents as Node | null
    if (!contents) return ABSENT
    const source = {...input.source, text: input.text}
    // Spyc reads a lone scalar as a one-item list (`Cover: cover.jpg`).
    if (wantsList && isScalar(contents)) return typeList([{kind: 'node', node: contents, source, within: 'yaml'}], schemas, pointer)
    return typeInput({kind: 'node', node: contents, source, within: 'yaml'}, schemas, pointer)
  }

  /** Parses JSON text (blocks, layout); anything but valid JSON is a warning. */
  const parseJson = (input: TextInput, schemas: readonly unknown[], pointer: string, name: string): Typed => {
    let value: unknown
    try {
      value = JSON.parse(input.text)
    } catch {
      // V8's messages carry no position for "Unexpected token" errors; the
      // jsonc-parser scanner (VS Code's) gives the offset of the first one.
      const errors: ParseError[] = []
      parseJsonc(input.text, errors, {disallowComments: true, allowTrailingComma: false, allowEmptyContent: false})
      const at = Math.min(errors[0]?.offset ?? 0, input.text.length)
      const found = at < input.text.length ? `unexpected ${code(input.text.charAt(at))}` : 'unexpected end of the value'
      const place = at < input.text.length ? span(input.source, at, at + 1) : span(input.source, input.text.length, input.text.length)
      problem('schema/json', `${name} is not valid JSON, ${found}: Kirby will re-interpret this as HTML`, place, pointer)
      return input.text
    }
    const document = parseDocument(input.text, {version: '1.2', schema: 'failsafe', uniqueKeys: false, strict: false})
    const contents = document.contents as Node | null
    if (document.errors.length > 0 || !contents) {
      return typeInput({kind: 'value', value, place: span(input.source, 0, input.text.length)}, schemas, pointer)
    }
    return typeInput({kind: 'node', node: contents, source: {...input.source, text: input.text}, within: 'json'}, schemas, pointer)
  }

  /** Splits a tags/checkboxes value on its separator, each entry trimmed, empty ones dropped. */
  const split = (input: TextInput, separator: string, set: SchemaObject[], pointer: string): Typed => {
    const result: Typed[] = []
    const text = input.text
    let from = 0
    while (from <= text.length) {
      const next = separator === '' ? -1 : text.indexOf(separator, from)
      const end = next === -1 ? text.length : next
      const start = phpTrimStart(text, from, end)
      const stop = phpTrimEnd(text, start, end)
      if (stop > start) {
        const offset = start
        const item = typeInput(
          {kind: 'text', text: text.slice(start, stop), source: {at: (i) => input.source.at(offset + i), point: input.source.point, text: text.slice(start, stop)}},
          walk.items(set, result.length),
          `${pointer}/${result.length}`
        )
        if (item !== ABSENT) result.push(item)
      }
      if (next === -1) break
      from = next + separator.length
    }
    return result.length === 0 ? ABSENT : result
  }

  /** Types list items (YAML sequence items, or one scalar read as a list). */
  const typeList = (items: readonly Input[], schemas: readonly unknown[], pointer: string): Typed => {
    const set = walk.applicable(schemas, undefined)
    const result: Typed[] = []
    for (const item of items) {
      const value = typeInput(item, walk.items(set, result.length), `${pointer}/${result.length}`)
      if (value !== ABSENT) result.push(value)
    }
    return result.length === 0 ? ABSENT : result
  }

  /** Types a map: keys matched to the schema's properties, empty values absent. */
  const typeMap = (
    pairs: ReadonlyArray<{key: string; keyPlace: Position | undefined; value: Input | undefined; place: Position | undefined}>,
    set: SchemaObject[],
    pointer: string,
    normalise: (name: string) => string
  ): Record<string, unknown> => {
    const object = Object.create(null) as Record<string, unknown>
    const table = walk.properties(set, normalise)
    const seen = new Set<string>()
    for (const pair of pairs) {
      const declared = table.get(normalise(pair.key))
      const name = declared?.name ?? pair.key
      const child = `${pointer}/${escapePointer(name)}`
      seen.add(name)
      if (pair.keyPlace) typed.keys.set(child, pair.keyPlace)
      const schemas = declared?.schemas ?? walk.extra(set, pair.key)
      const value = pair.value ? typeInput(pair.value, schemas, child) : ABSENT
      if (value === ABSENT) {
        delete object[name]
        if (pair.place) typed.empty.set(child, pair.place)
        if (pair.keyPlace) typed.places.set(child, pair.keyPlace)
        if (!typed.fields.has(child)) {
          const field = annotationOf(walk.applicable(schemas, undefined))
          if (field) typed.fields.set(child, field)
        }
      } else {
        object[name] = value
        typed.empty.delete(child)
      }
    }
    // Annotations of declared properties the map does not hold, for messages about them.
    for (const {name, schemas} of table.values()) {
      if (seen.has(name)) continue
      const field = annotationOf(walk.applicable(schemas, undefined))
      if (field) typed.fields.set(`${pointer}/${escapePointer(name)}`, field)
    }
    return object
  }

  /** Types one input against the schemas that describe it. */
  let depth = 0
  const typeInput = (input: Input, schemas: readonly unknown[], pointer: string): Typed => {
    // Nesting is bounded by the data, but a value re-read as YAML must not loop.
    if (depth > 200) return input.kind === 'text' ? input.text : ABSENT
    depth++
    try {
      return typeOne(input, schemas, pointer)
    } finally {
      depth--
    }
  }
  const typeOne = (input: Input, schemas: readonly unknown[], pointer: string): Typed => {
    const set = walk.applicable(schemas, rawView(input))
    const field = annotationOf(set)
    const types = typesOf(set)
    if (field) typed.fields.set(pointer, field)
    const place = inputPlace(input)
    if (place) typed.places.set(pointer, place)
    const kind = kindOf(field, types)
    const name = code(pointerLabel(pointer))
    const wantsList = (field !== undefined && LIST_TYPES.has(field.type.toLowerCase())) || (types?.includes('array') ?? false)
    // Empty means absent for Kirby's fields; the keys of Kirby's own JSON
    // (a layout column's `blocks: []`, a block's `content: []`) keep their value.
    const keepEmpty = (input.kind === 'value' || input.within === 'json') && field === undefined

    if (input.kind === 'value') return typeValue(input, set, pointer, kind, keepEmpty)

    if (input.kind === 'node') {
      const {node, source, within} = input
      if (isScalar(node)) {
        if (emptyScalar(node, within)) {
          if (!keepEmpty) return ABSENT
          return node.type === 'PLAIN' && String(node.value) === 'null' ? null : String(node.value)
        }
        // Spyc ends a `|` or `>` block without its final spaces and line breaks.
        const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
        const text = block ? String(node.value).replace(/[ \r\n]+$/, '') : String(node.value)
        const range = node.range
        const start = range?.[0] ?? 0
        const end = range?.[1] ?? start
        const raw = (node as Scalar & {source?: unknown}).source
        // Plain and simple quoted scalars map index by index; others to their start.
        const shift =
          node.type === 'PLAIN' && end - start === text.length
            ? 0
            : (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && end - start === text.length + 2 && raw === text
              ? 1
              : undefined
        const at = shift === undefined ? () => source.at(start) : (i: number) => source.at(start + shift + i)
        return typeInput(
          {kind: 'text', text, source: {at, point: source.point, text}, within, plain: node.type === 'PLAIN'},
          schemas,
          pointer
        )
      }
      if (isSeq(node)) {
        if (node.items.length === 0) return keepEmpty ? [] : ABSENT
        const items: Input[] = []
        for (const item of node.items) if (item && typeof item === 'object' && 'range' in item) items.push({kind: 'node', node: item as Node, source, within})
        return typeList(items, schemas, pointer)
      }
      if (isMap(node)) {
        if (node.items.length === 0) return keepEmpty ? (Object.create(null) as Record<string, unknown>) : ABSENT
        const pairs = node.items.map((pair) => {
          const key = pair.key as Node | null
          const value = pair.value as Node | null
          const keyRange = key?.range
          const keyPlace = keyRange ? span(source, keyRange[0], keyRange[1]) : undefined
          const valueEnd = value?.range?.[1] ?? keyRange?.[1]
          return {
            key: isScalar(key) ? String(key.value) : String(key),
            keyPlace,
            value: value ? ({kind: 'node', node: value, source, within} as const) : undefined,
            place: keyRange && valueEnd !== undefined ? span(source, keyRange[0], valueEnd) : keyPlace
          }
        })
        return typeMap(pairs, set, pointer, normaliseRowKey)
      }
      return ABSENT
    }

    // A string: stored text or a scalar of a parsed document.
    const text = input.text
    if (emptyText(text)) return keepEmpty ? text : ABSENT
    switch (kind) {
      case 'string':
        return text
      case 'number':
        return toNumber(text) ?? text
      case 'toggle':
        return toToggle(text) ?? text
      case 'boolean':
        return /^(?:true|false|1|0)$/.test(text) ? text === 'true' || text === '1' : text
      case 'split':
        return split(input, field?.separator ?? ',', set, pointer)
      case 'yaml':
        if (input.within !== undefined && !looksStructured(text)) {
          return wantsList ? typeList([{...input}], schemas, pointer) : text
        }
        return parseYaml(input, schemas, pointer, name, wantsList)
      case 'json':
        return parseJson(input, schemas, pointer, name)
      case 'auto':
      default:
        if (types) {
          if ((types.includes('number') || types.includes('integer')) && toNumber(text) !== undefined) return toNumber(text)
          // Schemas without Kirby's field type: only the unambiguous words.
          if (types.includes('boolean') && /^(?:true|false|1|0)$/.test(text)) return text === 'true' || text === '1'
          if ((types.includes('array') || types.includes('object')) && looksStructured(text)) {
            return parseYaml(input, schemas, pointer, name, types.includes('array'))
          }
          if (types.includes('null') && text === 'null') return null
          return text
        }
        // No guidance: JSON scalars keep their JSON type; everything else is a string.
        if (input.within === 'json' && input.plain) {
          if (text === 'true') return true
          if (text === 'false') return false
          return toNumber(text) ?? text
        }
        return text
    }
  }

  /** Types a plain JavaScript value (from `JSON.parse`). */
  const typeValue = (input: ValueInput, set: SchemaObject[], pointer: string, kind: Kind, keepEmpty: boolean): Typed => {
    const {value, place} = input
    if (value === undefined) return ABSENT
    if (value === null || value === '') return keepEmpty ? value : ABSENT
    if (Array.isArray(value)) {
      const result: Typed[] = []
      for (const item of value) {
        const typedItem = typeInput({kind: 'value', value: item, place}, walk.items(set, result.length), `${pointer}/${result.length}`)
        if (typedItem !== ABSENT) result.push(typedItem)
      }
      return result.length === 0 && !keepEmpty ? ABSENT : result
    }
    if (isPlainObject(value)) {
      const pairs = Object.entries(value).map(([key, item]) => ({key, keyPlace: place, value: {kind: 'value', value: item, place} as const, place}))
      return pairs.length === 0 && !keepEmpty ? ABSENT : typeMap(pairs, set, pointer, normaliseRowKey)
    }
    if (typeof value === 'string') {
      if (kind === 'number') return toNumber(value) ?? value
      if (kind === 'toggle') return toToggle(value) ?? value
      if (kind === 'boolean') return /^(?:true|false|1|0)$/.test(value) ? value === 'true' || value === '1' : value
      return value
    }
    return value
  }

  // The content object: each field's stored string, typed by its property schema.
  const rootView: RawView = (name) => {
    const wanted = normaliseKey(name)
    const entry = entries.find((candidate) => candidate.field.key === wanted)
    return entry === undefined || emptyText(entry.field.value) ? undefined : entry.field.value
  }
  const rootSet = walk.applicable([schema], rootView)
  const table = walk.properties(rootSet, normaliseKey)
  const seen = new Set<string>()
  for (const {field, point} of entries) {
    const declared = table.get(field.key)
    const name = declared?.name ?? field.key
    const pointer = `/${escapePointer(name)}`
    seen.add(name)
    typed.keys.set(pointer, field.keyPosition)
    const value = typeInput(
      {kind: 'text', text: field.value, source: {at: (i) => sourceOffset(field, i), point, text: field.value}},
      declared?.schemas ?? walk.extra(rootSet, field.key),
      pointer
    )
    if (value === ABSENT) {
      delete typed.value[name]
      typed.empty.set(pointer, {start: field.keyPosition.start, end: field.valuePosition.end})
      typed.places.set(pointer, field.keyPosition)
    } else {
      typed.value[name] = value
      typed.empty.delete(pointer)
    }
  }
  for (const {name, schemas} of table.values()) {
    if (seen.has(name)) continue
    const field = annotationOf(walk.applicable(schemas, undefined))
    if (field) typed.fields.set(`/${escapePointer(name)}`, field)
  }
  return typed
}

/** Types the fields of a content file against a schema: the value ajv judges and the places of its parts. */
export const typeContent = (content: ContentFile, schema: object): TypedContent =>
  typeFields(
    content.fields.map((field) => ({field, point: content.point})),
    schema
  )

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

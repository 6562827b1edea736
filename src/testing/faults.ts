/**
 * @fileoverview Fault generation for the `kfx validate` fault-injection
 * benchmark (issue #3): every single-edit fault a site's own blueprints
 * forbid, in one content file, each recorded with the file, the rule and the
 * place (line, and column where it is well defined) where `kfx validate`
 * must report it.
 *
 * Faults are chosen from the compiled schemas, so each is one the blueprint
 * really forbids: a required field removed or emptied, a date that does not
 * exist, a number out of `min`/`max`, a value not among the options, a
 * structure row without a required key, broken YAML in a structure, text
 * over `maxlength`, text in a number or toggle field, a bad email or URL,
 * more entries than `max`, a value against a `pattern`, a block type the
 * field does not allow, broken blocks JSON.
 *
 * Expected places follow `docs/rules/schema.md`: a value's fault at the
 * start of the value (a list entry's at the entry; a YAML or JSON scalar's
 * at its first character, inside the quotes), a missing field at 1:1, an emptied one at its key, a structure
 * row missing a key at the row (its first key), a YAML or JSON syntax error
 * where the text stops being valid. Each place is computed from the edited
 * text, which is re-read afterwards to check that the edit did exactly what
 * it says (the other fields unchanged).
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar} from 'yaml'
import {judgedModel} from '../engine.js'
import {getField, modelsOf, parse, schemaFor, type ContentFile, type Field, type Model, type Site} from '../index.js'

/** What a fault breaks. */
export type FaultKind =
  | 'required'
  | 'date'
  | 'range'
  | 'option'
  | 'row-required'
  | 'yaml'
  | 'maxlength'
  | 'type'
  | 'email'
  | 'url'
  | 'max-entries'
  | 'pattern'
  | 'block-type'
  | 'json'

/** Every kind, in report order. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'required',
  'date',
  'range',
  'option',
  'row-required',
  'yaml',
  'maxlength',
  'type',
  'email',
  'url',
  'max-entries',
  'pattern',
  'block-type',
  'json'
]

/** One edit of a file's decoded text: `text` replaces `[start, end)`. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/** Where and how `kfx validate` must report a fault. */
export interface ExpectedMessage {
  /** `schema/required`, `schema/format`, … */
  ruleId: string
  /** 1-based line. */
  line: number
  /** 1-based column, when the place is defined to the character. */
  column?: number
}

/**
 * One fault: a single edit of one content file and the message it must
 * cause. Generic over the kinds of a benchmark (`kfx validate`'s
 * {@link FaultKind} by default; `kfx lint`'s in src/testing/lint-faults.ts).
 */
export interface Fault<K extends string = FaultKind> {
  /** `<corpus>#<n>`, stable for a seed. */
  id: string
  corpus: string
  kind: K
  /** How the kind was made (`impossible`, `removed`, `row/no-scheme`, …). */
  variant: string
  /** The content file, relative to the site root (`content/1_blog/article.txt`). */
  file: string
  /** `page:article`, `file:image`, `site:site`. */
  model: string
  /** JSON pointer of the value the fault is in (`/date`, `/social/1/url`). */
  target: string
  /** In words, for reports. */
  description: string
  edit: TextEdit
  /**
   * Files (relative to the site root) removed together with the edit — a
   * deleted image and its meta files; `edit` is then usually empty. The
   * runner restores them afterwards.
   */
  removes?: string[]
  expected: ExpectedMessage
}

/** A deterministic PRNG (mulberry32): numbers in [0, 1). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A shuffled copy (Fisher–Yates). */
export const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** Applies an edit. */
export const applyEdit = (text: string, edit: TextEdit): string => text.slice(0, edit.start) + edit.text + text.slice(edit.end)

type SchemaNode = Record<string, unknown>
const isObject = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value)
const kirbyType = (schema: SchemaNode): string | undefined => (isObject(schema.kirbyField) ? String(schema.kirbyField.type).toLowerCase() : undefined)
const propertiesOf = (schema: SchemaNode): Array<[string, SchemaNode]> =>
  isObject(schema.properties) ? Object.entries(schema.properties).filter((entry): entry is [string, SchemaNode] => isObject(entry[1])) : []
const requiredOf = (schema: SchemaNode): string[] => (Array.isArray(schema.required) ? schema.required.map(String) : [])
const typesOf = (schema: SchemaNode): string[] => (Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === 'string' ? [schema.type] : [])
const ucfirst = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1)

/** A bad value for one value slot, and the rule it breaks. */
interface BadValue {
  kind: FaultKind
  variant: string
  value: string
  ruleId: string
}

/** A string that needs no quotes as a YAML plain scalar (in a block map value). */
const plainSafe = (value: string): boolean => /^[A-Za-z0-9(.][^#:]*$/.test(value) && !/\s$/.test(value) && !/: |\s#/.test(value)

/** Every bad value a scalar slot's schema forbids (with `current`, its stored text, if any). */
const badValues = (schema: SchemaNode, current: string | undefined): BadValue[] => {
  const out: BadValue[] = []
  const types = typesOf(schema)
  const format = typeof schema.format === 'string' ? schema.format : undefined
  if (format === 'kirby-date') {
    out.push({kind: 'date', variant: 'impossible', value: '2013-02-30', ruleId: 'schema/format'})
    out.push({kind: 'date', variant: 'words', value: 'next week', ruleId: 'schema/format'})
    out.push({kind: 'date', variant: 'month-13', value: '2017-13-01', ruleId: 'schema/format'})
  } else if (format === 'kirby-datetime') {
    out.push({kind: 'date', variant: 'impossible', value: '2013-02-30 10:00', ruleId: 'schema/format'})
    out.push({kind: 'date', variant: 'words', value: 'next week', ruleId: 'schema/format'})
  } else if (format === 'kirby-time') {
    out.push({kind: 'date', variant: 'time-minute-75', value: '10:75', ruleId: 'schema/format'})
    out.push({kind: 'date', variant: 'time-words', value: 'noon', ruleId: 'schema/format'})
  } else if (format === 'email') {
    out.push({kind: 'email', variant: 'no-at', value: 'jane.doe(at)example.com', ruleId: 'schema/format'})
    out.push({kind: 'email', variant: 'no-domain', value: 'jane@', ruleId: 'schema/format'})
  } else if (format === 'uri') {
    out.push({kind: 'url', variant: 'words', value: 'not a url', ruleId: 'schema/format'})
    out.push({kind: 'url', variant: 'no-scheme', value: 'www.example.com', ruleId: 'schema/format'})
  }
  if (types.includes('number') || types.includes('integer')) {
    out.push({kind: 'type', variant: 'number-word', value: 'abc', ruleId: 'schema/type'})
    out.push({kind: 'type', variant: 'number-comma', value: '3,5', ruleId: 'schema/type'})
    const step = typeof schema.multipleOf === 'number' ? schema.multipleOf : 1
    if (typeof schema.maximum === 'number') out.push({kind: 'range', variant: 'above-max', value: String(schema.maximum + step * 3), ruleId: 'schema/maximum'})
    if (typeof schema.minimum === 'number') out.push({kind: 'range', variant: 'below-min', value: String(schema.minimum - step * 3), ruleId: 'schema/minimum'})
  }
  if (types.includes('boolean')) out.push({kind: 'type', variant: 'toggle-word', value: 'maybe', ruleId: 'schema/type'})
  if (types.includes('string') && Array.isArray(schema.enum)) {
    const options = schema.enum.map(String)
    out.push({kind: 'option', variant: 'unknown', value: 'not-an-option', ruleId: 'schema/enum'})
    const first = options.find((option) => /[a-z]/i.test(option) && plainSafe(option))
    if (first !== undefined) {
      const swapped = [...first].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')
      if (!options.includes(swapped)) out.push({kind: 'option', variant: 'wrong-case', value: swapped, ruleId: 'schema/enum'})
    }
  }
  if (types.includes('string') && typeof schema.maxLength === 'number' && schema.maxLength < 5000) {
    const base = (current ?? '').replace(/\s+/g, ' ').trim()
    const value = base.length > schema.maxLength ? base : (base + ' ' + 'x'.repeat(schema.maxLength + 1)).trim().slice(0, schema.maxLength + 3)
    out.push({kind: 'maxlength', variant: 'too-long', value, ruleId: 'schema/maxLength'})
  }
  if (types.includes('string') && typeof schema.pattern === 'string' && schema.enum === undefined && format === undefined) {
    let pattern: RegExp | undefined
    try {
      pattern = new RegExp(schema.pattern, 'u')
    } catch {
      pattern = undefined
    }
    const value = pattern && ['not matching', 'zzzzzz', '0', 'x'].find((candidate) => !pattern.test(candidate))
    if (value !== undefined) out.push({kind: 'pattern', variant: 'mismatch', value, ruleId: 'schema/pattern'})
  }
  return out
}

/** What a generator needs to know about one content file. */
interface FileInfo {
  corpus: string
  site: Site
  /** Relative to the site root, `/`-separated. */
  file: string
  model: string
  content: ContentFile
  defaultLanguage: boolean
  page: Model['page']
}

/** A fault before it gets its id. */
export type Draft<K extends string = FaultKind> = Omit<Fault<K>, 'id'>

/** The content's fields as `key → value`, for checking what an edit changed. */
const valuesOf = (content: ContentFile): Map<string, string> => new Map(content.fields.map((field) => [field.key, field.value]))

/** Whether the value of a field maps index by index onto the file text. */
const exactValue = (content: ContentFile, field: Field): boolean =>
  field.removed.length === 0 && content.text.slice(field.valuePosition.start.offset, field.valuePosition.end.offset) === field.value

/** A fault that can be built: what it is (for sampling) and how to make it (checked, placed). */
export interface FaultPlan<K extends string = FaultKind> {
  kind: K
  variant: string
  model: string
  target: string
  /** Which plans {@link samplePlans} takes as alike (default: same model, same target, same variant). */
  group?: string
  /** The fault, or undefined when the edit does not do exactly what it says. */
  build: () => Draft<K> | undefined
}

/**
 * Plans a fault from an edit. Building it re-reads the edited text, checks
 * that only `key` changed (to `wanted`, or removed when `wanted` is null),
 * and places the expected message with `place` (an offset in the edited
 * text, a line, or 1:1). `guard` is a further check, run at build time.
 */
const draft = (
  info: FileInfo,
  key: string,
  wanted: string | null | ((value: string) => boolean),
  edit: TextEdit,
  base: Omit<Draft, 'corpus' | 'file' | 'model' | 'edit' | 'expected'>,
  ruleId: string,
  place: ((edited: ContentFile) => number | {line: number; column?: number} | undefined) | 'start',
  guard?: () => boolean
): FaultPlan => ({
  kind: base.kind,
  variant: base.variant,
  model: info.model,
  target: base.target,
  build: () => {
    if (guard && !guard()) return undefined
    const text = applyEdit(info.content.text, edit)
    const edited = parse(text, {rules: info.site.rules})
    const before = valuesOf(info.content)
    const after = valuesOf(edited)
    for (const [name, value] of before) if (name !== key && after.get(name) !== value) return undefined
    for (const name of after.keys()) if (name !== key && !before.has(name)) return undefined
    const now = getField(edited, key)
    if (wanted === null ? now !== undefined : typeof wanted === 'string' ? now?.value !== wanted : !now || !wanted(now.value)) return undefined
    let expected: ExpectedMessage
    if (place === 'start') expected = {ruleId, line: 1, column: 1}
    else {
      const at = place(edited)
      if (at === undefined) return undefined
      if (typeof at === 'number') {
        const point = edited.point(at)
        expected = {ruleId, line: point.line, column: point.column}
      } else expected = {ruleId, ...at}
    }
    return {...base, corpus: info.corpus, file: info.file, model: info.model, edit, expected}
  }
})

/** The edit that gives field `field` the value `value` (a multi-line value starts on its own line, as Kirby writes it). */
const replaceValue = (content: ContentFile, field: Field, value: string): TextEdit | undefined => {
  const colon = content.text.indexOf(':', field.keyPosition.end.offset)
  if (colon === -1 || colon >= field.valuePosition.end.offset + 1) return undefined
  const newline = content.text.includes('\r\n') ? '\r\n' : '\n'
  return {start: colon + 1, end: field.valuePosition.end.offset, text: value.includes('\n') ? `${newline}${newline}${value.replace(/\n/g, newline)}` : ` ${value}`}
}

/** The edit that appends a field `Key: value` at the end of the file. */
const appendField = (content: ContentFile, key: string, value: string): TextEdit => {
  const newline = content.text.includes('\r\n') ? '\r\n' : '\n'
  const end = content.text.trimEnd().length
  const body = value.includes('\n') ? `${newline}${newline}${value.replace(/\n/g, newline)}` : ` ${value}`
  return {start: end, end: content.text.length, text: `${end === 0 ? '' : `${newline}${newline}----${newline}${newline}`}${ucfirst(key)}:${body}${newline}`}
}

/** The edit that removes a field: its chunk and the separator before it (or after it, for the first). */
const removeField = (content: ContentFile, field: Field): TextEdit | undefined => {
  const {text} = content
  const start = field.chunkPosition.start.offset
  const end = field.chunkPosition.end.offset
  const before = /\n----[ \t]*\r?\n[ \t\r\n]*$/.exec(text.slice(0, start))
  if (before) return {start: before.index, end, text: ''}
  const after = /^[ \t\r\n]*\n----[ \t]*\r?\n[ \t\r\n]*/.exec(text.slice(end))
  if (after) return {start, end: end + after[0].length, text: ''}
  return start === 0 ? {start, end, text: ''} : undefined
}

/** Line start offset of an offset. */
const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1
/** Offset just after the end of the line holding `offset` (its line break included). */
const lineEnd = (text: string, offset: number): number => {
  const at = text.indexOf('\n', offset)
  return at === -1 ? text.length : at + 1
}

const yamlOf = (text: string, version: '1.1' | '1.2') => parseDocument(text, {version, schema: 'failsafe', uniqueKeys: false, strict: false})

/** The node at a path of keys and indexes in a YAML document's contents. */
const nodeAt = (root: unknown, steps: ReadonlyArray<string | number>): unknown => {
  let node = root
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!isSeq(node)) return undefined
      node = node.items[step]
    } else {
      if (!isMap(node)) return undefined
      node = (node.items as Pair[]).find((pair) => isScalar(pair.key) && String(pair.key.value).toLowerCase() === step)?.value
    }
  }
  return node
}

/** A map's pair by (lower-cased) key. */
const pairOf = (map: unknown, key: string): Pair | undefined =>
  isMap(map) ? (map.items as Pair[]).find((pair) => isScalar(pair.key) && String(pair.key.value).toLowerCase() === key) : undefined

const singleLineScalar = (node: unknown, text: string): node is Scalar =>
  isScalar(node) &&
  node.range !== undefined &&
  node.range !== null &&
  (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') &&
  !text.slice(node.range[0], node.range[1]).includes('\n')

/** Faults inside a structure's or object's YAML: values of row fields, rows without a required key, broken YAML. */
const yamlFaults = (info: FileInfo, name: string, schema: SchemaNode, field: Field, push: (plan: FaultPlan) => void): void => {
  const {content} = info
  if (!exactValue(content, field)) return
  const value = field.value
  const document = yamlOf(value, '1.1')
  if (document.errors.length > 0) return
  const offset = field.valuePosition.start.offset
  const type = kirbyType(schema)
  const rows: Array<{steps: Array<string | number>; map: unknown; schema: SchemaNode}> = []
  if (type === 'object' && isMap(document.contents)) rows.push({steps: [], map: document.contents, schema})
  const items = isObject(schema.items) ? schema.items : undefined
  if (type === 'structure' && items && isSeq(document.contents)) {
    document.contents.items.forEach((row, index) => {
      if (isMap(row)) rows.push({steps: [index], map: row, schema: items})
    })
  }
  const pointer = (steps: ReadonlyArray<string | number>) => `/${name}${steps.map((step) => `/${step}`).join('')}`
  const sameElsewhere = (edited: string, steps: ReadonlyArray<string | number>, key: string, check: (node: unknown) => boolean): boolean => {
    const again = yamlOf(edited, '1.1')
    return again.errors.length === 0 && check(key === '' ? nodeAt(again.contents, steps) : pairOf(nodeAt(again.contents, steps), key))
  }

  for (const row of rows) {
    if (!isMap(row.map)) continue
    const pairs = row.map.items as Pair[]
    const properties = new Map(propertiesOf(row.schema))
    const required = new Set(requiredOf(row.schema))
    for (const pair of pairs) {
      if (!isScalar(pair.key) || !pair.key.range) continue
      const key = String(pair.key.value).toLowerCase()
      const node = pair.value
      const sub = properties.get(key)
      if (!singleLineScalar(node, value) || String(node.value ?? '') === '') continue
      const [from, to] = [node.range![0], node.range![1]]
      const keyStart = pair.key.range[0]
      const target = pointer([...row.steps, key])
      const where = `${name} ${row.steps.join('/')} ${key}`
      /** The field's new value after a local edit of its YAML. */
      const after = (local: TextEdit) => (v: string) => v === applyEdit(value, local).trim()
      const at = (local: TextEdit): TextEdit => ({start: offset + local.start, end: offset + local.end, text: local.text})

      // Values of row fields.
      if (sub) {
        for (const bad of badValues(sub, String(node.value))) {
          const written = plainSafe(bad.value) ? bad.value : JSON.stringify(bad.value)
          const local = {start: from, end: to, text: written}
          const check = () => sameElsewhere(applyEdit(value, local), row.steps, key, (p) => isScalar((p as Pair | undefined)?.value) && String(((p as Pair).value as Scalar).value) === bad.value)
          // A quoted scalar's value starts after its quote.
          const first = offset + from + (written === bad.value ? 0 : 1)
          push(draft(info, field.key, after(local), at(local), {kind: bad.kind, variant: `row/${bad.variant}`, target, description: `${where}: ${JSON.stringify(bad.value)}`}, bad.ruleId, () => first, check))
        }
      }
      // A required key removed (the row is reported at its first key), or emptied (at the key).
      if (required.has(key) && pairs.length >= 2) {
        const valueEnd = lineEnd(value, to)
        const ownLine = value.slice(lineStart(value, keyStart), keyStart).trim() === ''
        const removal = ownLine
          ? {start: lineStart(value, keyStart), end: valueEnd, text: ''}
          : {start: keyStart, end: valueEnd - (value.charAt(valueEnd - 1) === '\n' ? 1 : 0), text: ''}
        let rowStart: number | undefined
        const rowCheck = () => {
          const remaining = yamlOf(applyEdit(value, removal), '1.1')
          const rowNode = nodeAt(remaining.contents, row.steps)
          if (remaining.errors.length > 0 || !isMap(rowNode) || pairOf(rowNode, key) || rowNode.items.length !== pairs.length - 1 || !rowNode.range) return false
          rowStart = rowNode.range[0]
          return true
        }
        push(draft(info, field.key, after(removal), at(removal), {kind: 'row-required', variant: 'removed', target, description: `${name} ${row.steps.join('/')} without ${key}`}, 'schema/required', () => (rowStart === undefined ? undefined : offset + rowStart), rowCheck))
        const emptying = {start: from, end: to, text: ''}
        const emptyCheck = () => sameElsewhere(applyEdit(value, emptying), row.steps, key, (p) => p !== undefined && (!isScalar((p as Pair).value) || String(((p as Pair).value as Scalar).value ?? '') === ''))
        push(draft(info, field.key, after(emptying), at(emptying), {kind: 'row-required', variant: 'emptied', target, description: `${where} emptied`}, 'schema/required', () => offset + keyStart, emptyCheck))
      }
      // Broken YAML: a second `: ` after a plain value (reported at the value), or a tab as indentation (on its line).
      if (node.type === 'PLAIN') {
        const nested = {start: to, end: to, text: ': broken'}
        push(draft(info, field.key, after(nested), at(nested), {kind: 'yaml', variant: 'nested-mapping', target, description: `${where}: … : broken`}, 'schema/yaml', () => offset + from, () => yamlOf(applyEdit(value, nested), '1.1').errors.length > 0))
      }
      const start = lineStart(value, keyStart)
      if (keyStart > start && value.slice(start, keyStart).trim() === '' && !value.slice(start, keyStart).includes('\t')) {
        const tab = {start, end: keyStart, text: '\t'}
        push(draft(info, field.key, after(tab), at(tab), {kind: 'yaml', variant: 'tab-indent', target, description: `${where} indented with a tab`}, 'schema/yaml', (edited) => ({line: edited.point(offset + start).line}), () => yamlOf(applyEdit(value, tab), '1.1').errors.length > 0))
      }
    }
  }
}

/** Faults in a blocks or layout field's JSON: a block type not allowed, broken JSON. */
const jsonFaults = (info: FileInfo, name: string, schema: SchemaNode, field: Field, push: (plan: FaultPlan) => void): void => {
  const {content} = info
  if (!exactValue(content, field)) return
  const value = field.value
  const offset = field.valuePosition.start.offset
  try {
    JSON.parse(value)
  } catch {
    return
  }
  if (!value.endsWith(']')) return
  const close = value.length - 1
  const comma = `${value.slice(0, close)},]`
  push(draft(info, field.key, comma, {start: offset + close, end: offset + close, text: ','}, {kind: 'json', variant: 'trailing-comma', target: `/${name}`, description: `${name}: a comma before the closing ]`}, 'schema/json', () => offset + close + 1)
  )
  push(draft(info, field.key, value.slice(0, close), {start: offset + close, end: offset + close + 1, text: ''}, {kind: 'json', variant: 'truncated', target: `/${name}`, description: `${name}: the closing ] removed`}, 'schema/json', () => offset + close)
  )
  // Block types: only blocks fields (a layout's blocks sit deeper).
  const items = isObject(schema.items) ? schema.items : undefined
  const typeSchema = items && isObject(items.properties) && isObject(items.properties.type) ? items.properties.type : undefined
  if (kirbyType(schema) !== 'blocks' || !typeSchema || !Array.isArray(typeSchema.enum)) return
  const document = yamlOf(value, '1.2')
  if (document.errors.length > 0 || !isSeq(document.contents)) return
  document.contents.items.forEach((block, index) => {
    const pair = pairOf(block, 'type')
    if (!pair || !isScalar(pair.value) || !pair.value.range) return
    const [from, to] = pair.value.range
    const edited = `${value.slice(0, from)}"not-a-block"${value.slice(to)}`
    push(draft(info, field.key, edited, {start: offset + from, end: offset + to, text: '"not-a-block"'}, {kind: 'block-type', variant: 'unknown', target: `/${name}/${index}/type`, description: `${name} block ${index} type "not-a-block"`}, 'schema/enum', () => offset + from + 1)
    )
  })
}

/** Entries to make a list one longer than `max`: the stored ones, then the page's files or made-up names. */
const entriesBeyond = (info: FileInfo, type: string, stored: string[], max: number): string[] => {
  const entries = [...stored]
  const spare =
    type === 'files'
      ? (info.page?.files ?? []).map((file) => file.filename)
      : type === 'pages'
        ? info.site.pages.filter((page) => !page.virtual).map((page) => page.id)
        : []
  for (const name of spare) {
    if (entries.length > max) break
    if (!entries.includes(name)) entries.push(name)
  }
  for (let n = 1; entries.length <= max; n++) if (!entries.includes(`fault-${n}`)) entries.push(type === 'users' ? `user://fault-${n}` : `fault-${n}`)
  return entries
}

/** Every fault of one content file. */
const fileFaults = (info: FileInfo, schema: SchemaNode, push: (plan: FaultPlan) => void): void => {
  const {content} = info
  const fields = new Map(content.fields.map((field) => [field.key, field]))
  const translation = !info.defaultLanguage
  for (const [name, property] of propertiesOf(schema)) {
    const field = fields.get(name)
    if (field?.overridden) continue
    const annotation = isObject(property.kirbyField) ? property.kirbyField : {}
    if (translation && annotation.translate === false) continue
    const type = kirbyType(property)
    const present = field !== undefined && field.value.trim() !== ''
    const types = typesOf(property)

    if (type === 'structure' || type === 'object') {
      if (present) yamlFaults(info, name, property, field, push)
    } else if (type === 'blocks' || type === 'layout') {
      if (present) jsonFaults(info, name, property, field, push)
    } else if (types.includes('array')) {
      const items = isObject(property.items) ? property.items : {}
      const separator = typeof annotation.separator === 'string' ? annotation.separator : ','
      const split = type === 'tags' || type === 'checkboxes' || type === 'multiselect'
      // An entry not among the options.
      if (split && Array.isArray(items.enum)) {
        if (present && exactValue(content, field)) {
          const at = field.valuePosition.end.offset
          const added = `${separator} not-an-option`
          push(draft(info, name, `${field.value}${added}`, {start: at, end: at, text: added}, {kind: 'option', variant: 'list-entry', target: `/${name}`, description: `${name}: entry "not-an-option" added`}, 'schema/enum', () => at + added.length - 'not-an-option'.length)
          )
        } else if (!field) {
          const edit = appendField(content, name, 'not-an-option')
          push(draft(info, name, 'not-an-option', edit, {kind: 'option', variant: 'list-entry/added', target: `/${name}`, description: `${name}: not-an-option (added)`}, 'schema/enum', (edited) => getField(edited, name)?.valuePosition.start.offset))
        }
      }
      // More entries than `max`.
      if (typeof property.maxItems === 'number' && property.maxItems < 50) {
        let stored: string[] = []
        if (present) {
          if (split) stored = field.value.split(separator).map((entry) => entry.trim()).filter((entry) => entry !== '')
          else {
            const document = yamlOf(field.value, '1.1')
            if (document.errors.length > 0) continue
            const contents = document.contents as Node | null
            stored = isSeq(contents) ? contents.items.map((item) => (isScalar(item) ? String(item.value) : '')) : isScalar(contents) ? [String(contents.value)] : []
            if (stored.some((entry) => entry === '' || !plainSafe(entry.replace(/^[a-z]+:\/\//, 'x')))) continue
          }
        }
        const entries = entriesBeyond(info, type ?? '', stored, property.maxItems)
        const written = split ? entries.join(`${separator} `) : entries.map((entry) => `- ${entry}`).join('\n')
        const edit = field ? replaceValue(content, field, written) : appendField(content, name, written)
        if (edit) {
          push(draft(info, name, (v) => v.replace(/\r\n/g, '\n') === written, edit, {kind: 'max-entries', variant: `${type}${field ? '' : '/added'}`, target: `/${name}`, description: `${name}: ${entries.length} entries, max ${property.maxItems}`}, 'schema/maxItems', (edited) => getField(edited, name)?.valuePosition.start.offset)
          )
        }
      }
    } else {
      // A scalar field: each value it forbids, in place of the stored one or added.
      for (const bad of badValues(property, present ? field.value : undefined)) {
        const edit = field ? replaceValue(content, field, bad.value) : appendField(content, name, bad.value)
        if (!edit) continue
        push(draft(info, name, bad.value, edit, {kind: bad.kind, variant: field ? bad.variant : `${bad.variant}/added`, target: `/${name}`, description: `${name}: ${JSON.stringify(bad.value)}${field ? '' : ' (added)'}`}, bad.ruleId, (edited) => getField(edited, name)?.valuePosition.start.offset)
        )
      }
    }

    // A required field removed, or emptied (default-language files: a translation falls back).
    if (requiredOf(schema).includes(name) && present && !translation) {
      const removal = removeField(content, field)
      if (removal) {
        push(draft(info, name, null, removal, {kind: 'required', variant: 'removed', target: `/${name}`, description: `${name} removed`}, 'schema/required', 'start'))
      }
      const emptying = replaceValue(content, field, '')
      if (emptying) {
        emptying.text = ''
        push(draft(info, name, '', emptying, {kind: 'required', variant: 'emptied', target: `/${name}`, description: `${name} emptied`}, 'schema/required', (edited) => getField(edited, name)?.keyPosition.start.offset))
      }
    }
  }
}

/** The model name kfx judges a content file by: a page template, a file template (K2: the page's), or `site`. */
/** A content file the commands judge, read and parsed, with the name of its model. */
export interface ReadContentFile {
  relative: string
  model: Model
  content: ContentFile
  /** The template (or `site`) it is judged by. */
  name: string
}

/** Every content file kfx checks, by path, read and parsed; files that are not text are left out. */
export const readContentFiles = async function* (site: Site): AsyncGenerator<ReadContentFile> {
  const models = [...modelsOf(site)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [relative, model] of models) {
    const content = parse(await readFile(path.join(site.root, relative)), {rules: site.rules})
    if (content.binary || content.invalidUtf8At !== undefined) continue
    yield {relative, model, content, name: judgedModel(site, model, content).name}
  }
}

/**
 * Every fault the blueprints of a site forbid, in every content file kfx
 * validates, as plans in a stable order (files by path, fields in blueprint
 * order); {@link sampleFaults} builds the ones it picks.
 */
export const planFaults = async (site: Site, corpus: string): Promise<FaultPlan[]> => {
  const plans: FaultPlan[] = []
  for await (const {relative, model, content, name} of readContentFiles(site)) {
    const {schema} = await schemaFor(site, {kind: model.kind, name})
    if (!isObject(schema.properties)) continue
    const info: FileInfo = {
      corpus,
      site,
      file: relative.split(path.sep).join('/'),
      model: `${model.kind}:${name}`,
      content,
      defaultLanguage: model.defaultLanguage,
      page: model.page
    }
    fileFaults(info, schema as SchemaNode, (plan) => plans.push(plan))
  }
  return plans
}

/**
 * A sample of faults: per kind at most `perKind`, taken round-robin over
 * the groups of like faults (same model, same field, same variant) in a
 * seeded order, so the sample spreads over templates and fields. A plan
 * whose edit does not check out is skipped for another of its group.
 */
export const sampleFaults = (plans: readonly FaultPlan[], perKind: number, random: () => number, corpus: string): Fault[] =>
  samplePlans(plans, FAULT_KINDS, perKind, random, corpus)

/** {@link sampleFaults} for any set of kinds, taken in the order of `kinds`. */
export const samplePlans = <K extends string>(plans: ReadonlyArray<FaultPlan<K>>, kinds: readonly K[], perKind: number, random: () => number, corpus: string): Array<Fault<K>> => {
  const chosen: Array<Fault<K>> = []
  const index = new Map(plans.map((plan, i) => [plan, i]))
  for (const kind of kinds) {
    const groups = new Map<string, Array<FaultPlan<K>>>()
    for (const plan of plans) {
      if (plan.kind !== kind) continue
      const key = plan.group ?? `${plan.model}|${plan.target.replace(/\/\d+(?=\/|$)/g, '/*')}|${plan.variant}`
      let group = groups.get(key)
      if (!group) groups.set(key, (group = []))
      group.push(plan)
    }
    const order = shuffled([...groups.values()], random)
    let taken = 0
    while (taken < perKind && order.some((group) => group.length > 0)) {
      for (const group of order) {
        if (taken >= perKind) break
        while (group.length > 0) {
          const [plan] = group.splice(Math.floor(random() * group.length), 1)
          const fault = plan!.build()
          if (!fault) continue
          chosen.push({id: `${corpus}#${index.get(plan!)}`, ...fault})
          taken++
          break
        }
      }
    }
  }
  return chosen
}

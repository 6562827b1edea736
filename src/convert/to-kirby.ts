/**
 * @fileoverview `kfx convert --to kirby`: kfx's JSON documents and Markdown
 * with front matter back to Kirby's `.txt` files in their numbered folders,
 * encoded as Kirby's writer encodes them (`encode`, spec §1.2). The stored
 * text of every field comes from the document's raw text when it has one,
 * else from the typed value as Kirby's panel stores it ({@link storedText}).
 */
import type {KirbyRules} from '../kirby-version.js'
import {decode} from '../txt/decode.js'
import {encode, encodeKey} from '../txt/encode.js'
import {entriesOf, parseFrontMatter} from './front-matter.js'
import {storedText} from './fields.js'
import type {Point, Position} from '../types.js'

/** One field to write: Kirby's key, stored text, and the key as written when Kirby's writer would change it. */
export interface KirbyField {
  key: string
  text: string
  written?: string
}

/** A file (or folder) to create under the output folder. */
export interface KirbyOutput {
  /** Path relative to the output (content) folder; a folder ends with `/`. */
  path: string
  /** The text, for `.txt` files. */
  text?: string
}

/** A problem going back to Kirby, at a place in the input file. */
export interface KirbyProblem {
  ruleId: string
  reason: string
  place?: Position | Point
  severity?: 'error' | 'warning'
}

/** The separator between fields. */
const SEPARATOR = '\n\n----\n\n'

/**
 * A content file as Kirby writes it: each field through `encode`, keys in
 * Kirby's form unless that form would not read back (then as written).
 * Returns the fields that would still not decode to themselves.
 */
export const writeContentFile = (fields: readonly KirbyField[], rules: KirbyRules): {text: string; lost: string[]} => {
  const chunks = fields.map(({key, text, written}) => {
    const chunk = encode([[key, text]], {rules})
    if (chunk === '') return `${written ?? encodeKey(key, rules)}: `
    return written === undefined ? chunk : written + chunk.slice(encodeKey(key, rules).length)
  })
  // Kirby versions that do not unescape `\----` read the backslash: write such values unescaped.
  const text = chunks.join(SEPARATOR)
  const decoded = decode(text, {rules}).fields
  const lost: string[] = []
  fields.forEach((field, index) => {
    const back = decoded.find((candidate) => candidate.key === field.key)
    if (back?.value === field.text && decoded[index]?.key === field.key) return
    if (!rules.unescapeDividers) {
      chunks[index] = `${field.written ?? encodeKey(field.key, rules)}:${/[\r\n]/.test(field.text) ? '\n\n' : ' '}${field.text}`
    }
  })
  const final = chunks.join(SEPARATOR)
  const again = decode(final, {rules}).fields
  fields.forEach((field, index) => {
    if (again[index]?.key !== field.key || again[index]?.value !== field.text) lost.push(field.key)
  })
  return {text: final, lost}
}

const asRecord = (value: unknown): Record<string, unknown> => {
  const entries = entriesOf(value)
  return entries ? Object.fromEntries(entries) : {}
}

const asStringRecord = (value: unknown): Record<string, string> => {
  const record: Record<string, string> = {}
  for (const [key, item] of Object.entries(asRecord(value))) if (typeof item === 'string') record[key] = item
  return record
}

/** The fields of a JSON `{fields, raw, keys}` object. */
const fieldsFromJson = (object: Record<string, unknown>, rules: KirbyRules): KirbyField[] => {
  const keys = asStringRecord(object.keys)
  const withKey = (key: string, text: string): KirbyField => (keys[key] !== undefined ? {key, text, written: keys[key]} : {key, text})
  if (Array.isArray(object.raw)) {
    return object.raw
      .filter((pair): pair is [string, string] => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')
      .map(([key, text]) => withKey(key, text))
  }
  return Object.entries(asRecord(object.fields)).map(([key, value]) => withKey(key, storedText(value, undefined, rules)))
}

const isSafeRelative = (file: string): boolean =>
  file !== '' && !file.startsWith('/') && !/^[a-zA-Z]:/.test(file) && !file.split(/[\\/]/).some((part) => part === '..' || part === '')

/** The `.txt` files (and empty page folders) of one kfx JSON document. */
export const kirbyFromJson = (document: unknown, rules: KirbyRules): {outputs: KirbyOutput[]; problems: KirbyProblem[]} => {
  const outputs: KirbyOutput[] = []
  const problems: KirbyProblem[] = []
  const object = asRecord(document)
  const add = (fields: Record<string, unknown>, what: string) => {
    const file = fields.file
    if (typeof file !== 'string' || !isSafeRelative(file)) {
      problems.push({ruleId: 'convert/bad-input', severity: 'error', reason: `Unexpected ${what} \`file\` ${JSON.stringify(file)}, expected a path inside the content folder`})
      return
    }
    const {text, lost} = writeContentFile(fieldsFromJson(fields, rules), rules)
    for (const key of lost) problems.push({ruleId: 'convert/lossy', reason: `Field \`${key}\` of \`${file}\` does not read back as it was: Kirby's format cannot hold it`})
    outputs.push({path: file, text})
  }
  if (typeof object.file === 'string') add(object, 'document')
  else if (typeof object.folder === 'string' && isSafeRelative(object.folder)) outputs.push({path: `${object.folder}/`})
  for (const file of Array.isArray(object.files) ? object.files : []) {
    const meta = asRecord(file).meta
    if (meta !== undefined) add(asRecord(meta), 'file meta')
  }
  for (const unread of Array.isArray(object.unread) ? object.unread : []) add(asRecord(unread), 'unread')
  return {outputs, problems}
}

/** Options of {@link kirbyFromMarkdown}. */
export interface FromMarkdownOptions {
  rules: KirbyRules
  /** The Markdown file's path relative to the converted folder (`projects/x/index.en.md`), for files without `kirby.file`. */
  path: string
  /** The body field when the front matter does not say (default `text`). */
  body?: string
}

/** The field pairs of a front matter map (and its `kirby` block) plus the body. */
const fieldsFromFrontMatter = (
  data: Map<string, unknown> | Record<string, unknown>,
  kirby: Record<string, unknown>,
  body: {field: string; text: string} | undefined,
  rules: KirbyRules
): KirbyField[] => {
  const raw = asStringRecord(kirby.raw)
  const stored = asStringRecord(kirby.stored)
  const keys = asStringRecord(kirby.keys)
  const added = new Set(Array.isArray(kirby.added) ? kirby.added : [])
  const values = new Map<string, unknown>((entriesOf(data) ?? []).filter(([key]) => key !== 'kirby' && !added.has(key)))
  if (body) values.set(body.field, body.text)
  const order = Array.isArray(kirby.order) ? kirby.order.filter((key): key is string => typeof key === 'string') : []
  const keysInOrder = [...new Set([...order.filter((key) => values.has(key)), ...values.keys()])]
  return keysInOrder.map((key) => {
    const text = raw[key] ?? storedText(values.get(key), stored[key], rules)
    return keys[key] !== undefined ? {key, text, written: keys[key]} : {key, text}
  })
}

/** The folder and file name a Markdown file maps to when its front matter has no `kirby.file`. */
const derivePath = (options: FromMarkdownOptions, kirby: Record<string, unknown>): string => {
  const parts = options.path.split('/')
  const name = parts.pop() ?? ''
  const match = /^(.*?)(?:\.([a-z]{2}(?:[-_][a-zA-Z]{2})?))?\.(?:md|markdown)$/i.exec(name)
  const stem = match?.[1] ?? name
  const language = typeof kirby.language === 'string' ? kirby.language : match?.[2]
  if (stem !== 'index' && stem !== '_index') parts.push(stem)
  const num = typeof kirby.num === 'number' ? kirby.num : undefined
  if (num !== undefined && parts.length > 0) parts[parts.length - 1] = `${num}${options.rules.folderNumbering === 'dash' ? '-' : '_'}${parts.at(-1)}`
  const template = typeof kirby.template === 'string' && kirby.template !== '' ? kirby.template : parts.length === 0 ? 'site' : 'default'
  const file = `${template}${language ? `.${language}` : ''}.txt`
  return [...parts, file].join('/')
}

/** The `.txt` files of one Markdown file with front matter. */
export const kirbyFromMarkdown = (text: string, options: FromMarkdownOptions): {outputs: KirbyOutput[]; problems: KirbyProblem[]} => {
  const {rules} = options
  const parsed = parseFrontMatter(text)
  const problems: KirbyProblem[] = parsed.problems.map((problem) => ({ruleId: 'convert/front-matter', severity: 'error', ...problem}))
  if (problems.length > 0) return {outputs: [], problems}
  const kirby = asRecord(parsed.data.get('kirby'))
  const outputs: KirbyOutput[] = []
  const bodyField = typeof kirby.body === 'string' ? kirby.body : parsed.body !== '' ? (options.body ?? 'text') : undefined
  const file = typeof kirby.file === 'string' ? kirby.file : kirby.file === null ? undefined : derivePath(options, kirby)
  const add = (path: string, fields: KirbyField[]) => {
    if (!isSafeRelative(path)) {
      problems.push({ruleId: 'convert/bad-input', severity: 'error', reason: `Unexpected \`kirby.file\` ${JSON.stringify(path)}, expected a path inside the content folder`})
      return
    }
    const written = writeContentFile(fields, rules)
    for (const key of written.lost) problems.push({ruleId: 'convert/lossy', reason: `Field \`${key}\` of \`${path}\` does not read back as it was: Kirby's format cannot hold it`})
    outputs.push({path, text: written.text})
  }
  if (file !== undefined) {
    add(file, fieldsFromFrontMatter(parsed.data, kirby, bodyField === undefined ? undefined : {field: bodyField, text: parsed.body}, rules))
  } else if (typeof kirby.folder === 'string' && isSafeRelative(kirby.folder)) {
    outputs.push({path: `${kirby.folder}/`})
  }
  for (const [, meta] of entriesOf(kirby.files) ?? []) {
    const metaKirby = asRecord(asRecord(meta).kirby)
    if (typeof metaKirby.file !== 'string') continue
    add(metaKirby.file, fieldsFromFrontMatter(asRecord(meta), metaKirby, undefined, rules))
  }
  for (const unread of Array.isArray(kirby.unread) ? kirby.unread : []) {
    const object = asRecord(unread)
    if (typeof object.file === 'string') add(object.file, fieldsFromJson(object, rules))
  }
  return {outputs, problems}
}

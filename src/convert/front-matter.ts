/**
 * @fileoverview YAML front matter, written and read with the `yaml` package
 * (never by string building). Every string that a YAML reader could take for
 * something else — `no`, `on`, `1.0`, `2017-10-18`, `1:20`, `~`, `---`, a
 * leading `#` or space — is double-quoted, judged by YAML 1.1 (the widest
 * set of implicit types: Hugo's, js-yaml's and gray-matter's readers all
 * read a subset of it), so that every reader gets the same string back.
 * Key order is kept (also for keys like `2019` that JavaScript objects
 * would move to the front): values are read back as `Map`s.
 */
import {Document, isMap, parseDocument, Scalar, visit, type Node} from 'yaml'
import type {Point, Position} from '../types.js'

/** A front matter value: what YAML can hold. */
export type FrontMatterValue = string | number | boolean | null | FrontMatterValue[] | Map<string, FrontMatterValue> | {[key: string]: FrontMatterValue}

/** What {@link parseFrontMatter} found in a Markdown file. */
export interface ParsedFrontMatter {
  /** The front matter, keys in order; empty when there is none. */
  data: Map<string, unknown>
  /** The Markdown after the front matter. */
  body: string
  /** Where the body starts in the file. */
  bodyStart: Point
  /** YAML errors, with their places in the file. */
  problems: Array<{reason: string; place: Position}>
}

/**
 * Plain scalars that no YAML 1.1 reader misreads, known without parsing
 * them: a letter (or a digit, see below), then letters, digits, spaces,
 * `.,'!?()&/_+-@%=;$|*<>~\`, non-ASCII punctuation (`’`, `–`, `…`) and `:`
 * but for `: ` and a final `:`, no trailing space: no indicator can start it,
 * no `: ` or ` #` can split it. Then only YAML 1.1's implicit
 * types could misread it: the words it reads as a boolean or null (`yes`,
 * `off`, `null`…, {@link ambiguousWords}), a float without its mantissa
 * (`e9`), and, starting with a digit, numbers, times and dates, which are made
 * of digits, `_+-.:`, spaces and the letters of `0x1F`, `1e3` and
 * `2001-12-14t21:59:43z` alone ({@link numeric}).
 *
 * Most keys and one-line values are such words, phrases and paths (a profile
 * of `convert --to md` spent 30 % of its time parsing each with `yaml`).
 */
const safePlain = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M} .,'!?()&/_+\-@%=;$|*<>~\\\u00a1-\u00bf\u2010-\u2027\u2030-\u205e]|:(?! |$))*(?<! )$/u

/** Characters every YAML 1.1 number, time and date is made of. */
const numeric = /^[0-9_+\-.: a-fA-FtTxXzZ]*$/

/** Words YAML 1.1 reads as a boolean or null, lowercased (the `yaml` package's 1.1 schema). */
const ambiguousWords = new Set(['y', 'yes', 'true', 'on', 'n', 'no', 'false', 'off', 'null'])

/** Whether {@link safePlain} `text` is read back as a string by every YAML 1.1 reader. */
const plainlySafe = (text: string): boolean => {
  if (!safePlain.test(text)) return false
  if (/^[0-9]/.test(text)) return !numeric.test(text)
  return !ambiguousWords.has(text.toLowerCase()) && !/^[eE][-+]?[0-9]+$/.test(text)
}

/** Answers of {@link parsedAsOther} for strings seen before (dates, numbers and keys repeat across a site); cleared when large. */
const misreadCache = new Map<string, boolean>()

/** Whether a YAML 1.1 reader would read the plain scalar `text` as something other than that string (by parsing it). */
const parsedAsOther = (text: string): boolean => {
  try {
    const document = parseDocument(text, {version: '1.1'})
    return document.errors.length > 0 || document.toJS() !== text
  } catch {
    return true
  }
}

/** Whether a YAML 1.1 reader would read the plain scalar `text` as something other than that string. */
export const misread = (text: string): boolean => {
  if (text === '') return true
  if (plainlySafe(text)) return false
  // Integers, times and dates, as YAML 1.1's int, sexagesimal and timestamp read them (`384`, `15:35`, `2017-12-12`).
  if (/^(?:[0-9]+|[0-9]+(?::[0-5]?[0-9])+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})$/.test(text)) return true
  let answer = misreadCache.get(text)
  if (answer === undefined) {
    answer = parsedAsOther(text)
    if (misreadCache.size >= 10_000) misreadCache.clear()
    misreadCache.set(text, answer)
  }
  return answer
}

/** {@link misread} without its shortcuts (for tests: both must agree). */
export const misreadByParsing = (text: string): boolean => text === '' || parsedAsOther(text)

/** The document {@link stringifyFrontMatter} fills and writes each time: a new one builds its schema anew (121 ms of 7 s in a 10k-file profile). */
let shared: Document | undefined

/** A YAML document of `data` (a `Map` or record), with ambiguous strings quoted. */
export const frontMatterDocument = (data: Map<string, unknown> | Record<string, unknown>, reuse = false): Document => {
  let document: Document
  if (reuse) {
    document = shared ??= new Document(null, {version: '1.2'})
    // Emptied first: anchors for repeated objects are named after those already in the document.
    document.contents = null
    document.contents = document.createNode(data)
  } else document = new Document(data, {version: '1.2'})
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return
      // One-line strings are quoted when a reader could misread them;
      // multi-line ones are block literals, which hold any text but lines of
      // spaces alone (" \n" would read back as "\n": found by test/fuzz.test.ts).
      if (/[\n\r]/.test(node.value) ? /^[ \n\r]*$/.test(node.value) : misread(node.value)) node.type = Scalar.QUOTE_DOUBLE
    }
  })
  return document
}

/** Strings YAML 1.2's core schema reads as something else: `yaml` quotes a plain scalar matching one (`0o17`, `.5`, `True`). */
const coreOther = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))?$/

/** Characters that make `yaml` double-quote a string (its stringifyString), and others its readers treat specially. */
const forcedQuotes = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/

/** Characters `yaml` escapes in a double-quoted string, or that make it choose another style. */
const needsEscape = /["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/

/** Lines a block literal holds as they are (no tab, control or other character `yaml` would quote for; no document marker). */
const literalLines = /^[^\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff](?:[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]*[^\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff])?\n?$/
const documentMarker = /^(?:%|---|\.\.\.)/m
const yamlQuotes = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/

/** Thrown by {@link emit} where the `yaml` package must decide. */
class NotSimple extends Error {}

/** One scalar, as `yaml` writes it with {@link frontMatterDocument}'s quoting (a block literal's lines at `indent`). */
const scalar = (value: unknown, indent: string, key: boolean): string => {
  if (typeof value === 'string') {
    if (!value.includes('\n')) {
      if (misread(value)) {
        if (needsEscape.test(value)) throw new NotSimple()
        return `"${value}"`
      }
      if (forcedQuotes.test(value)) throw new NotSimple()
      // `yaml`'s own reasons to quote a plain scalar (its plainString), and a key's length limit.
      if (yamlQuotes.test(value) || coreOther.test(value) || documentMarker.test(value) || value.length > 1024) throw new NotSimple()
      return value
    }
    // A block literal: one line break at the end at most (kept ones change what follows), no leading space.
    if (key || !literalLines.test(value) || documentMarker.test(value) || /^[ \n]*$/.test(value)) throw new NotSimple()
    const chomp = value.endsWith('\n') ? '' : '-'
    const text = chomp === '' ? value.slice(0, -1) : value
    if (/\n[\t ]+$/.test(value) || /[ \t]$/.test(text) && chomp === '') throw new NotSimple()
    return `|${chomp}\n${indent}${text.replace(/\n+/g, (breaks) => `${breaks}${indent}`)}`
  }
  if (typeof value === 'number') {
    const text = Object.is(value, -0) ? '-0' : JSON.stringify(value)
    if (!/^-?[0-9]+(?:\.[0-9]+)?$/.test(text)) throw new NotSimple()
    return text
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value === null) return 'null'
  throw new NotSimple()
}

/** The entries of a map or record, or undefined for anything else. */
const entriesOfMap = (value: unknown): Array<[unknown, unknown]> | undefined => {
  if (value instanceof Map) return [...value]
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) return Object.entries(value)
  return undefined
}

/**
 * The YAML `yaml` writes for the front matter `data` (`toString({lineWidth: 0})`
 * of {@link frontMatterDocument}), written directly for the usual values:
 * maps, lists, one-line strings, block literals, numbers, booleans and null.
 * Anything else (an object met twice, which `yaml` would anchor; kept line
 * breaks; escapes; a `Date`) throws {@link NotSimple}, and `yaml` writes it.
 * The `yaml` package took a quarter of `convert --to md`'s time (700 of
 * ~3,000 ms on bench/.sites/kirby-10000, its Document, visit and stringify).
 */
const emit = (data: unknown): string => {
  const seen = new Set<object>()
  const enter = (value: object) => {
    if (seen.has(value)) throw new NotSimple()
    seen.add(value)
  }
  /** A value after `key:` or `-`: on the same line (scalars, empty collections) or on the next lines; `indent` is its own (one step in). */
  const value = (item: unknown, indent: string): string => {
    const entries = entriesOfMap(item)
    if (entries) {
      enter(item as object)
      return entries.length === 0 ? ' {}' : `\n${map(entries, indent)}`
    }
    if (Array.isArray(item)) {
      enter(item)
      return item.length === 0 ? ' []' : `\n${list(item, indent)}`
    }
    return ` ${scalar(item, indent, false)}`
  }
  const key = (item: unknown): string => {
    if (typeof item !== 'string' || item === '' || item.includes('\n')) throw new NotSimple()
    return scalar(item, '', true)
  }
  const map = (entries: Array<[unknown, unknown]>, indent: string): string => {
    let out = ''
    for (const [name, item] of entries) {
      if (item === undefined) throw new NotSimple()
      out += `${indent}${key(name)}:${value(item, `${indent}  `)}\n`
    }
    return out.slice(0, -1)
  }
  const list = (items: readonly unknown[], indent: string): string => {
    let out = ''
    for (const item of items) {
      if (item === undefined) throw new NotSimple()
      const entries = entriesOfMap(item)
      if (entries && entries.length > 0) {
        enter(item as object)
        out += `${indent}- ${map(entries, `${indent}  `).slice(indent.length + 2)}\n`
      } else if (Array.isArray(item) && item.length > 0) {
        enter(item)
        out += `${indent}- ${list(item, `${indent}  `).slice(indent.length + 2)}\n`
      } else out += `${indent}-${value(item, `${indent}  `)}\n`
    }
    return out.slice(0, -1)
  }
  const entries = entriesOfMap(data)
  if (!entries) throw new NotSimple()
  enter(data as object)
  return `${map(entries, '')}\n`
}

/** The front matter's YAML as the `yaml` package writes it. */
export const frontMatterYaml = (data: Map<string, unknown> | Record<string, unknown>): string => frontMatterDocument(data, true).toString({lineWidth: 0})

/** The front matter's YAML written directly, or undefined where `yaml` must write it (for tests: where defined, the same as {@link frontMatterYaml}). */
export const frontMatterYamlDirect = (data: Map<string, unknown> | Record<string, unknown>): string | undefined => {
  try {
    return emit(data)
  } catch (error) {
    if (error instanceof NotSimple) return undefined
    throw error
  }
}

/** `---\n<yaml>---\n`: the front matter of a Markdown file. */
export const stringifyFrontMatter = (data: Map<string, unknown> | Record<string, unknown>): string => {
  const size = data instanceof Map ? data.size : Object.keys(data).length
  if (size === 0) return '---\n---\n'
  return `---\n${frontMatterYamlDirect(data) ?? frontMatterYaml(data)}---\n`
}

/** A Markdown file: front matter, then the body. */
export const stringifyMarkdown = (data: Map<string, unknown> | Record<string, unknown>, body: string): string =>
  stringifyFrontMatter(data) + (body === '' ? '' : `\n${body}\n`)

const pointAt = (text: string, offset: number): Point => {
  let line = 1
  let start = 0
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++
    start = index + 1
  }
  return {line, column: offset - start + 1, offset}
}

/**
 * Reads a Markdown file with YAML front matter (`---` lines around it). The
 * body is what follows the closing `---` line, less the one blank line
 * {@link stringifyMarkdown} puts there and the final newline.
 */
export const parseFrontMatter = (text: string): ParsedFrontMatter => {
  const problems: ParsedFrontMatter['problems'] = []
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const shift = text.length - source.length
  const open = /^---[ \t]*\r?\n/.exec(source)
  if (!open) return {data: new Map(), body: source, bodyStart: pointAt(text, shift), problems}
  const close = /(?:^|\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/g
  close.lastIndex = open[0].length - 1
  const end = close.exec(source)
  if (!end) {
    problems.push({reason: 'Unexpected front matter without its closing `---` line', place: {start: pointAt(text, shift), end: pointAt(text, shift + 3)}})
    return {data: new Map(), body: source, bodyStart: pointAt(text, shift), problems}
  }
  const yamlStart = open[0].length
  const yamlText = source.slice(yamlStart, end.index + (end[0].startsWith('\n') ? 1 : 0))
  const document = parseDocument(yamlText, {version: '1.2', uniqueKeys: true})
  for (const error of document.errors) {
    problems.push({
      reason: `Unexpected YAML in the front matter: ${error.message.split('\n')[0] ?? error.message}`,
      place: {start: pointAt(text, shift + yamlStart + error.pos[0]), end: pointAt(text, shift + yamlStart + error.pos[1])}
    })
  }
  const contents = document.contents as Node | null
  let data = new Map<string, unknown>()
  if (problems.length === 0 && contents !== null) {
    if (isMap(contents)) {
      try {
        // `toJS` bounds aliases (`maxAliasCount`, 100 by default) and throws on an alias bomb.
        data = document.toJS({mapAsMap: true}) as Map<string, unknown>
      } catch (error) {
        problems.push({
          reason: `Unexpected front matter: ${error instanceof Error ? error.message : String(error)}`,
          place: {start: pointAt(text, shift), end: pointAt(text, shift + yamlStart)}
        })
      }
    } else problems.push({reason: 'Unexpected front matter that is not a map of keys to values', place: {start: pointAt(text, shift), end: pointAt(text, shift + yamlStart)}})
  }
  let bodyOffset = end.index + end[0].length
  let body = source.slice(bodyOffset)
  const blank = /^\r?\n/.exec(body)
  if (blank) {
    body = body.slice(blank[0].length)
    bodyOffset += blank[0].length
  }
  body = body.replace(/\n$/, '')
  return {data, body, bodyStart: pointAt(text, shift + bodyOffset), problems}
}

/** A plain object or `Map` as an ordered list of entries. */
export const entriesOf = (value: unknown): Array<[string, unknown]> | undefined => {
  if (value instanceof Map) return [...value].map(([key, item]) => [String(key), item])
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.entries(value)
  return undefined
}

/** A value with its `Map`s turned into plain objects (for JSON and for Kirby's writer). */
export const plain = (value: unknown): unknown => {
  if (value instanceof Map) {
    const object: Record<string, unknown> = {}
    for (const [key, item] of value) object[String(key)] = plain(item)
    return object
  }
  if (Array.isArray(value)) return value.map(plain)
  return value
}

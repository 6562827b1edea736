/**
 * @fileoverview Splitting one matched kirbytag into type, value and
 * attributes, exactly as Kirby does (spec §4.3).
 *
 * K3+ (`src/Text/KirbyTag.php::parse`):
 *
 * ```php
 * $tag = trim(ltrim($string, '('));
 * if (substr($tag, -1) === ')') $tag = substr($tag, 0, -1);
 * $type = strtolower(trim(substr($tag, 0, strpos($tag, ':'))));   // 3.4+ lower-cases
 * $attr = [$type, ...(KirbyTag::$types[$type]['attr'] ?? [])];
 * $regex = '/(?!(site|page|file|user):\/\/)(' . implode('|', $attr) . '):/i';  // 4.0+ look-ahead
 * $search = preg_split($regex, $tag, -1, PREG_SPLIT_DELIM_CAPTURE | PREG_SPLIT_NO_EMPTY);
 * // chunk in pairs, trim values, '' for a missing last value, array_combine, array_shift
 * ```
 *
 * K2 (`core/kirbytext.php::tag`, `core/kirbytag.php::__construct`): the tag
 * text is `trim(rtrim(ltrim($m, '('), ')'))`, the name is looked up as
 * written, and pairs are read with both key and value trimmed; a last key
 * without value is dropped.
 *
 * The pieces are positional, not "name then value": `preg_split` drops empty
 * pieces, so `text:title: x` yields keys `text`, ` x` (spec vector TAG-P16).
 */

import {phpStrToLower, phpTrimEnd, phpTrimStart} from '../txt/php.js'
import {isKnownTag, resolveTagType} from './registry.js'
import type {TagRegistry} from './registry.js'
import type {KirbyRules} from '../kirby-version.js'

/** A span `[start, end)` of UTF-16 offsets into the scanned string. */
export type Range = [start: number, end: number]

/** One `name: value` pair of a tag, as written. */
export interface KirbytagMatchAttribute {
  /** Key as Kirby stores it: the spelling of the source (K2: trimmed). */
  name: string
  /** Value, trimmed with PHP `trim` (`''` when the name ends the tag). */
  value: string
  /** Where the name is (without its `:`). */
  nameRange: Range
  /** Where the trimmed value is; `undefined` when there is no value piece. */
  valueRange: Range | undefined
  /** Whether Kirby applies it: the lower-cased name (K2: exact) is declared for the type. */
  known: boolean
  /** Whether a later pair with the same key replaced this value (Kirby keeps the last). */
  overridden: boolean
}

/** A kirbytag Kirby recognises and renders. */
export interface KirbytagMatch {
  /** Type Kirby dispatches to: lower-cased (3.4+), aliases resolved (`youtube` → `video`). */
  type: string
  /** The name as written between `(` and `:`. */
  name: string
  /** Value of the type name (the last one when the name is repeated, spec TAG-P06). */
  value: string
  /**
   * Kirby's attribute map, keys as written, in Kirby's order (first position
   * of a key, last value). A null-prototype object, so `__proto__:` is just a
   * key. JavaScript lists integer-like keys (`5`) first whatever their
   * position; `attributes` keeps the true order.
   */
  attrs: Record<string, string>
  /** Every attribute pair in source order (the value pairs of the type excluded). */
  attributes: KirbytagMatchAttribute[]
  /** The matched text, `(` to `)`. */
  raw: string
  /** Offset of the `(`. */
  start: number
  /** Offset after the closing `)`. */
  end: number
  /** Where the name is. */
  nameRange: Range
  /** Where the (effective) value is; `undefined` when it is empty by absence. */
  valueRange: Range | undefined
  /** The alias written, when the tag used one (`youtube`). */
  alias?: string
}

/** A `(name: …)` match whose type Kirby does not know: left verbatim. */
export interface KirbytagCandidate {
  /** The name as written. */
  name: string
  /** The type Kirby looked up (lower-cased in 3.4+). */
  type: string
  raw: string
  start: number
  end: number
  nameRange: Range
}

/** Options shared by the finders. */
export interface ParseTagOptions {
  rules: KirbyRules
  registry: TagRegistry
}

/** PHP `trim` applied to `text.slice(start, end)`, as a range. */
const phpTrimRange = (text: string, start: number, end: number): Range => {
  const from = phpTrimStart(text, start, end)
  return [from, phpTrimEnd(text, from, end)]
}

/** Whether a string is a key PHP turns into an integer (`"5"`, `"-3"`, not `"05"`). */
const isPhpIntegerKey = (key: string): boolean => {
  if (!/^(?:0|-?[1-9]\d{0,18})$/.test(key)) return false
  const n = BigInt(key)
  return n <= 9223372036854775807n && n >= -9223372036854775808n
}

const uuidSchemes = ['site://', 'page://', 'file://', 'user://']

/** Case-insensitive (ASCII) comparison of `text` at `index` with a lower-case `word`. */
const matchesAt = (text: string, index: number, word: string): boolean => {
  if (index + word.length > text.length) return false
  for (let i = 0; i < word.length; i++) {
    let code = text.charCodeAt(index + i)
    if (code >= 65 && code <= 90) code += 32
    if (code !== word.charCodeAt(i)) return false
  }
  return true
}

interface Piece {
  delimiter: boolean
  range: Range
}

/**
 * `preg_split('/(?!uuid)(a|b|…):/i', …, DELIM_CAPTURE | NO_EMPTY)` over
 * `text.slice(start, end)`, returning ranges into `text`.
 *
 * PCRE tries every position left to right and, at each, the words in
 * order. Tag and attribute names hold no `:`, so a match can never span a
 * colon: the leftmost match ends at the first colon that some word ends at,
 * and it is the longest such word (the one starting furthest left) whose
 * start is not a protected `page://`-style scheme. Visiting colons instead
 * of every position keeps this linear in the number of colons, not in the
 * tag's length times its vocabulary.
 */
const splitAtWords = (text: string, start: number, end: number, lower: readonly string[], protectUuids: boolean): Piece[] => {
  const protectedAt = (index: number): boolean =>
    protectUuids && uuidSchemes.some((scheme) => index + scheme.length <= end && matchesAt(text, index, scheme))
  const pieces: Piece[] = []
  let last = start
  for (let colon = text.indexOf(':', start); colon !== -1 && colon < end; colon = text.indexOf(':', colon + 1)) {
    let found = -1
    for (const word of lower) {
      const from = colon - word.length
      if (from >= last && matchesAt(text, from, word) && !protectedAt(from)) {
        found = from
        break
      }
    }
    if (found < 0) continue
    if (found > last) pieces.push({delimiter: false, range: [last, found]})
    pieces.push({delimiter: true, range: [found, colon]})
    last = colon + 1
  }
  if (end > last) pieces.push({delimiter: false, range: [last, end]})
  return pieces
}

/** Each registry's split words per tag type, lower-cased and longest first, built once. */
const vocabularies = new WeakMap<TagRegistry, Map<string, string[]>>()

/** The words that split a tag of `type`: its name, then its attributes (longest first for {@link splitAtWords}). */
const vocabulary = (registry: TagRegistry, type: string, declared: readonly string[]): string[] => {
  let byType = vocabularies.get(registry)
  if (!byType) vocabularies.set(registry, (byType = new Map()))
  let words = byType.get(type)
  if (!words) {
    // Longest first; equal lengths keep their order (the first alternative wins).
    words = [type, ...declared]
      .map(phpStrToLower)
      .filter((word) => word.length > 0 && !word.includes(':'))
      .map((word, order) => ({word, order}))
      .sort((a, b) => b.word.length - a.word.length || a.order - b.order)
      .map(({word}) => word)
    byType.set(type, words)
  }
  return words
}

/**
 * Parses the tag matched at `text.slice(start, end)`.
 *
 * Returns the tag, or a candidate when Kirby does not know the type (Kirby
 * then leaves the text as it is).
 */
export const parseKirbytag = (
  text: string,
  start: number,
  end: number,
  options: ParseTagOptions
): {tag: KirbytagMatch} | {candidate: KirbytagCandidate} => {
  const {rules, registry} = options
  const k2 = rules.version.major === 2
  const raw = text.slice(start, end)

  // Remove the brackets.
  let from = start
  while (from < end && text.charCodeAt(from) === 40) from++
  let to = end
  if (k2) {
    while (to > from && text.charCodeAt(to - 1) === 41) to--
    ;[from, to] = phpTrimRange(text, from, to)
  } else {
    ;[from, to] = phpTrimRange(text, from, to)
    if (to > from && text.charCodeAt(to - 1) === 41) to--
  }

  // Type: text before the first colon, trimmed.
  const colon = text.indexOf(':', from)
  const nameRange = phpTrimRange(text, from, colon > from && colon < to ? colon : to)
  const name = text.slice(nameRange[0], nameRange[1])
  const type = rules.caseInsensitiveTagNames ? phpStrToLower(name) : name

  if (!isKnownTag(registry, type) || (k2 && !registry.tags.has(type))) {
    return {candidate: {name, type, raw, start, end, nameRange}}
  }

  // An alias has no attribute list of its own: only its name splits.
  const declared = registry.tags.get(type)?.attributes ?? []
  const pieces = splitAtWords(text, from, to, vocabulary(registry, type, declared), rules.protectUuidSchemes)

  const dispatched = resolveTagType(registry, type)
  const applied = registry.tags.get(dispatched)?.attributes ?? []
  const isApplied = (key: string): boolean =>
    k2 ? applied.includes(key) : applied.includes(phpStrToLower(key))

  // Pair the pieces positionally.
  interface Pair {
    key: string
    nameRange: Range
    value: string
    valueRange: Range | undefined
  }
  const pairs: Pair[] = []
  for (let index = 0; index < pieces.length; index += 2) {
    const keyPiece = pieces[index]!
    const valuePiece = pieces[index + 1]
    if (k2 && !valuePiece) break
    const keyRange = k2 ? phpTrimRange(text, keyPiece.range[0], keyPiece.range[1]) : keyPiece.range
    const valueRange = valuePiece ? phpTrimRange(text, valuePiece.range[0], valuePiece.range[1]) : undefined
    pairs.push({
      key: text.slice(keyRange[0], keyRange[1]),
      nameRange: keyRange,
      value: valueRange ? text.slice(valueRange[0], valueRange[1]) : '',
      valueRange
    })
  }

  // `array_combine`: first position, last value. K2 `$attr[$key] = $value` is the same.
  const lastIndex = new Map<string, number>()
  pairs.forEach((pair, index) => lastIndex.set(pair.key, index))

  // The value is the first key's entry (K3 `array_shift`; K2 `attr($name)`).
  const valueKey = k2 ? name : pairs[0]?.key
  const valuePair = valueKey === undefined ? undefined : pairs[lastIndex.get(valueKey) ?? -1]

  const attributes: KirbytagMatchAttribute[] = []
  const order: string[] = []
  const values = new Map<string, string>()
  pairs.forEach((pair, index) => {
    if (pair.key === valueKey) return
    if (!values.has(pair.key)) order.push(pair.key)
    values.set(pair.key, pair.value)
    attributes.push({
      name: pair.key,
      value: pair.value,
      nameRange: pair.nameRange,
      valueRange: pair.valueRange,
      known: isApplied(pair.key),
      overridden: lastIndex.get(pair.key) !== index
    })
  })

  // `array_shift` renumbers integer keys from 0 (K3+ only).
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>
  let next = 0
  for (const key of order) {
    const finalKey = !k2 && isPhpIntegerKey(key) ? String(next++) : key
    attrs[finalKey] = values.get(key)!
  }

  const tag: KirbytagMatch = {
    type: dispatched,
    name,
    value: valuePair?.value ?? '',
    attrs,
    attributes,
    raw,
    start,
    end,
    nameRange,
    valueRange: valuePair?.valueRange
  }
  if (dispatched !== type) tag.alias = type
  return {tag}
}

/**
 * @fileoverview The field-block tokenizer: a Kirby content file (`*.txt`,
 * "KirbyData") decoded into fields exactly as Kirby decodes it, with the
 * source place of every key and value.
 *
 * Kirby's decoder (`Kirby\Data\Txt::decode`, spec §1.1; Kirby 2's `kd`
 * adapter, §2) in short: drop a leading BOM (Kirby 2 and 3.0–3.9.5: every
 * BOM); split at `\n----` plus any ASCII whitespace; in each chunk the first
 * `:` separates key and value; the key is PHP-trimmed, ASCII-lower-cased and
 * gets `_` for `-` and space; empty keys, `0` and chunks without a colon are
 * dropped; the value is PHP-trimmed and (3.2+) `\----` at a line start loses
 * its backslash; a repeated key keeps its first position and its last value.
 *
 * Hand-written rather than a regex split because every key and value needs
 * its offset in the original file (so messages can point inside a value),
 * and because what Kirby drops or merges silently is recorded as diagnostics.
 */
import {defaultRules, type KirbyRules} from '../kirby-version.js'
import type {Diagnostic, Point, Position} from '../types.js'
import {pointer} from '../util/points.js'
import {PCRE_SPACE, phpEmptyString, phpStrToLower, phpTrimEnd, phpTrimStart} from './php.js'

/** One decoded field. */
export interface Field {
  /** Kirby's key: trimmed, ASCII lower case, `-` and space as `_`. */
  key: string
  /** Kirby's value: trimmed, `\----` unescaped (3.2+). */
  value: string
  /** The key as written (trimmed, not normalised). */
  rawKey: string
  /** Where the written key stands (trimmed). */
  keyPosition: Position
  /** Where the value stands (trimmed; zero-width after the colon when empty). */
  valuePosition: Position
  /** The whole chunk, from its first character to the end of its value. */
  chunkPosition: Position
  /**
   * File offsets of characters inside `valuePosition` that are not in
   * `value` (unescaped backslashes, removed BOMs), sorted. With
   * `valuePosition.start.offset` they map every index of `value` back to the
   * file: see {@link sourceOffset}.
   */
  removed: number[]
  /** Earlier chunks with the same key, whose values this one replaced. */
  overridden?: Array<{rawKey: string; keyPosition: Position; valuePosition: Position; value: string}>
}

/** The result of decoding one file. */
export interface DecodeResult {
  /** Fields in Kirby's order (first occurrence of each key). */
  fields: Field[]
  /** What Kirby dropped, merged or read surprisingly. */
  diagnostics: Diagnostic[]
}

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** Rules of the Kirby version to read as (default: current Kirby). */
  rules?: KirbyRules
  /** Offset → point for this text, when the caller has one already. */
  point?: (offset: number) => Point
}

/** Diagnostics of one code kept per file; the rest are counted in one more. */
export const DIAGNOSTICS_PER_CODE = 50

/** Kirby's separator: `\n----`, then ASCII whitespace, then line feeds. */
const SEPARATOR = new RegExp(`\\n----${PCRE_SPACE}*\\n*`, 'g')
/** A line that looks like a separator but is indented, so it does not split. */
const INDENTED_SEPARATOR = /(?:^|\n)([ \t]+)----[ \t]*\r?(?=\n|$)/g
const BOM = '\uFEFF'

/**
 * Decodes the text of a content file into fields, as Kirby does.
 * Never throws: any string decodes to some (possibly empty) list of fields.
 */
export const decode = (text: string, options: DecodeOptions = {}): DecodeResult => {
  const rules = options.rules ?? defaultRules()
  const fields: Field[] = []
  const diagnostics: Diagnostic[] = []
  // A pathological file (a megabyte of `----` lines) must not produce a
  // million findings: keep the first few of each code and count the rest.
  const perCode = new Map<string, number>()
  const report = (diagnostic: Diagnostic): void => {
    const count = (perCode.get(diagnostic.code) ?? 0) + 1
    perCode.set(diagnostic.code, count)
    if (count <= DIAGNOSTICS_PER_CODE) diagnostics.push(diagnostic)
  }
  const point = options.point ?? pointer(text)
  const span = (start: number, end: number): Position => ({start: point(start), end: point(end)})

  // 1. BOMs: removed from the text Kirby splits; remember where they were.
  const removedBoms: number[] = []
  let clean = text
  if (rules.stripAllBoms) {
    if (text.includes(BOM)) {
      let index = text.indexOf(BOM)
      while (index !== -1) {
        removedBoms.push(index)
        index = text.indexOf(BOM, index + 1)
      }
      clean = text.replaceAll(BOM, '')
    }
  } else if (text.startsWith(BOM)) {
    removedBoms.push(0)
    clean = text.slice(1)
  }
  if (removedBoms.length > 0) {
    report({
      code: removedBoms[0] === 0 && removedBoms.length === 1 ? 'leading-bom' : 'bom-removed',
      reason:
        removedBoms.length === 1 && removedBoms[0] === 0
          ? 'Unexpected byte order mark at the start of the file, expected plain UTF-8 (Kirby ignores it)'
          : `Unexpected byte order marks (${removedBoms.length}), expected none: this Kirby version removes every one`,
      severity: 'info',
      place: span(removedBoms[0]!, removedBoms[0]! + 1)
    })
  }
  if (!rules.stripAllBoms) {
    const inner = text.indexOf(BOM, 1)
    if (inner !== -1) {
      report({
        code: 'bom-in-content',
        reason: 'Unexpected byte order mark inside the file, expected none: Kirby keeps it as an invisible character',
        severity: 'warning',
        place: span(inner, inner + 1)
      })
    }
  }

  // Offsets in `clean` → offsets in `text`.
  const toText = (offset: number): number => {
    let shifted = offset
    for (const removed of removedBoms) {
      if (removed <= shifted) shifted++
      else break
    }
    return shifted
  }
  const textSpan = (start: number, end: number): Position => span(toText(start), end > start ? toText(end - 1) + 1 : toText(start))

  // Findings about separators that a person would not expect.
  if (/^----/.test(clean)) {
    report({
      code: 'separator-on-first-line',
      reason: 'Unexpected `----` on the first line, expected a field: Kirby does not split there, the dashes become part of the first key',
      severity: 'warning',
      place: textSpan(0, 4)
    })
  }
  if (!clean.includes('\n') && /\r----/.test(clean)) {
    report({
      code: 'cr-only-line-endings',
      reason: 'Unexpected CR-only line endings, expected LF or CRLF: Kirby never splits such a file into fields',
      severity: 'error',
      place: textSpan(0, 0)
    })
  }
  for (const match of clean.matchAll(INDENTED_SEPARATOR)) {
    const start = match.index + (match[0].startsWith('\n') ? 1 : 0)
    report({
      code: 'indented-separator',
      reason: 'Unexpected indented `----`, expected it at the start of the line: Kirby does not split fields here',
      severity: 'warning',
      place: textSpan(start, start + match[0].length - (match[0].startsWith('\n') ? 1 : 0))
    })
  }

  // 2. Split into chunks at separators.
  const chunks: Array<[number, number]> = []
  let chunkStart = 0
  SEPARATOR.lastIndex = 0
  for (let match = SEPARATOR.exec(clean); match; match = SEPARATOR.exec(clean)) {
    chunks.push([chunkStart, match.index])
    const dashesEnd = match.index + 5
    const lineEnd = clean.indexOf('\n', dashesEnd)
    // `-----`, `----Text` or `---- Text`: the dashes (and spaces) split, the
    // rest of the line starts the next chunk.
    if (/[^ \t\x0B\f\r]/.test(clean.slice(dashesEnd, lineEnd === -1 ? clean.length : lineEnd))) {
      report({
        code: 'separator-with-text',
        reason: `Unexpected \`${clean.slice(match.index + 1, lineEnd === -1 ? clean.length : lineEnd).slice(0, 40)}\` line, expected \`----\` alone: Kirby splits after the first four dashes and the rest starts a new field`,
        severity: 'warning',
        place: textSpan(match.index + 1, lineEnd === -1 ? clean.length : lineEnd)
      })
    }
    chunkStart = match.index + match[0].length
  }
  chunks.push([chunkStart, clean.length])

  // 3. Each chunk: key, value.
  const byKey = new Map<string, Field>()
  // The next colon at or after the current chunk, reused across chunks so
  // that a file of many colon-less chunks is still scanned once.
  let nextColon = -2
  for (const [start, end] of chunks) {
    if (nextColon !== -1 && nextColon < start) nextColon = clean.indexOf(':', start)
    const colon = nextColon
    const contentStart = phpTrimStart(clean, start, end)
    if (colon === -1 || colon >= end) {
      if (contentStart < end) {
        const contentEnd = phpTrimEnd(clean, contentStart, end)
        report({
          code: 'dropped-chunk-no-colon',
          reason: 'Unexpected text without `Key:`, expected a field: Kirby drops this text',
          severity: 'warning',
          place: textSpan(contentStart, contentEnd)
        })
      }
      continue
    }
    if (colon === start) {
      report({
        code: 'dropped-chunk-leading-colon',
        reason: 'Unexpected `:` at the start of a field, expected a key before it: Kirby drops this field',
        severity: 'warning',
        place: textSpan(start, phpTrimEnd(clean, start, end))
      })
      continue
    }
    const keyStart = contentStart
    const keyEnd = phpTrimEnd(clean, start, colon)
    const rawKey = clean.slice(keyStart, keyEnd)
    const key = phpStrToLower(rawKey).replace(/[- ]/g, '_')
    if (phpEmptyString(key)) {
      report({
        code: key === '' ? 'dropped-chunk-empty-key' : 'dropped-chunk-key-zero',
        reason:
          key === ''
            ? 'Unexpected empty key, expected a name before `:`: Kirby drops this field'
            : 'Unexpected key `0`, expected another name: Kirby treats `0` as empty and drops this field',
        severity: 'warning',
        place: textSpan(keyStart === colon ? start : keyStart, colon + 1)
      })
      continue
    }
    if (key.includes('\n')) {
      report({
        code: 'key-contains-newline',
        reason: `Unexpected line break in key \`${JSON.stringify(rawKey).slice(1, -1)}\`, expected one line: text before \`Key:\` without a separator becomes part of the key`,
        severity: 'warning',
        place: textSpan(keyStart, keyEnd)
      })
    }
    let valueStart = phpTrimStart(clean, colon + 1, end)
    let valueEnd = phpTrimEnd(clean, valueStart, end)
    if (valueStart === valueEnd) valueStart = valueEnd = colon + 1
    let value = clean.slice(valueStart, valueEnd)
    const removed: number[] = []
    if (rules.unescapeDividers && value.includes('\\----')) {
      value = value.replace(/(^|\n)\\----/g, (match, before: string, index: number) => {
        removed.push(toText(valueStart + index + before.length))
        return before + '----'
      })
    }
    // BOMs that Kirby removed inside the value span.
    const textValueStart = toText(valueStart)
    const textValueEnd = valueEnd > valueStart ? toText(valueEnd - 1) + 1 : textValueStart
    if (removedBoms.length > 0) {
      for (const bom of removedBoms) if (bom > textValueStart && bom < textValueEnd) removed.push(bom)
      removed.sort((a, b) => a - b)
    }
    const field: Field = {
      key,
      value,
      rawKey,
      keyPosition: textSpan(keyStart, keyEnd),
      valuePosition: span(textValueStart, textValueEnd),
      chunkPosition: textSpan(keyStart, Math.max(valueEnd, colon + 1)),
      removed
    }
    const earlier = byKey.get(key)
    if (earlier) {
      // PHP arrays: the key keeps its first position, the value is the last.
      report({
        code: 'duplicate-key',
        reason: `Unexpected second \`${rawKey}\` field, expected each key once: Kirby keeps the last value (in the first field's place)`,
        severity: 'warning',
        place: field.keyPosition
      })
      const overridden = [
        ...(earlier.overridden ?? []),
        {rawKey: earlier.rawKey, keyPosition: earlier.keyPosition, valuePosition: earlier.valuePosition, value: earlier.value}
      ]
      Object.assign(earlier, {...field, overridden})
      continue
    }
    byKey.set(key, field)
    fields.push(field)
  }
  for (const [code, count] of perCode) {
    if (count > DIAGNOSTICS_PER_CODE) {
      diagnostics.push({
        code,
        reason: `${count - DIAGNOSTICS_PER_CODE} more \`${code}\` findings in this file are not listed`,
        severity: 'info'
      })
    }
  }
  return {fields, diagnostics}
}

/**
 * Maps an index inside `field.value` to an offset in the file's text,
 * stepping over the characters Kirby removed (escapes, BOMs).
 */
export const sourceOffset = (field: Field, index: number): number => {
  let offset = field.valuePosition.start.offset + index
  for (const removed of field.removed) {
    if (removed <= offset) offset++
    else break
  }
  return offset
}

/** The fields as `[key, value]` pairs, the shape of golden `decode.jsonl`. */
export const toPairs = (fields: readonly Field[]): Array<[string, string]> => fields.map((f) => [f.key, f.value])

/**
 * The fields as a plain object. Built on a null prototype so that keys such
 * as `__proto__` or `constructor` are data, never object machinery.
 */
export const toRecord = (fields: readonly Field[]): Record<string, string> => {
  const record: Record<string, string> = Object.create(null)
  for (const field of fields) record[field.key] = field.value
  return record
}

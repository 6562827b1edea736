/**
 * @fileoverview Writes fields back as Kirby writes them (`Txt::encode`,
 * `encodeValue`, `encodeResult`; Kirby 2's `kd` encoder; spec §1.2–1.3, §2).
 *
 * Keys become `ucfirst(slug(key))` (`cover_image` → `Cover-image`), values
 * get `\` before a line-start `----`, multi-line values go below a blank line,
 * fields are joined by `\n\n----\n\n`, and there is no final newline.
 * `decode(encode(fields))` gives the fields back whenever their keys are in
 * Kirby's own form (lower-case ASCII letters, digits, single `_`) and their
 * values are trimmed and hold no line-start `\----` (the one value shape
 * Kirby itself cannot round-trip).
 */
import {defaultRules, type KirbyRules} from '../kirby-version.js'
import {phpEmptyString, phpTrim} from './php.js'
import {dumpYaml, type YamlValue} from './spyc.js'

/** A value the encoder accepts. */
export type EncodableValue = string | number | boolean | null | undefined | YamlValue[] | {[key: string]: YamlValue}

/** Options of {@link encode}. */
export interface EncodeOptions {
  /** Rules of the Kirby version to write as (default: current Kirby). */
  rules?: KirbyRules
}

/**
 * Characters that `Str::ascii` turns into more than their base letter, or
 * that Unicode decomposition does not reduce to ASCII. Kirby's table
 * (`Str::$ascii`) is far longer, but most of it is "strip the accent", which
 * NFD decomposition does for us.
 */
const ASCII: Record<string, string> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', ǽ: 'ae', Ǽ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ǿ: 'o', Ǿ: 'O',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'TH', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T',
  ŀ: 'l', Ŀ: 'L', ĸ: 'k', ŉ: 'n', ſ: 's', ƒ: 'f', 'º': 'o', 'ª': 'a', '°': '0', '₀': '0', '¹': '1', '²': '2', '³': '3'
}

/** Kirby's `Str::ascii`: transliterate to ASCII without language rules. */
export const toAscii = (value: string): string =>
  value
    .replace(/[^\u0000-\u007f]/g, (char) => ASCII[char] ?? char)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')

/** Kirby's `Str::slug` with its defaults (separator `-`, `a-z0-9`, 128 characters). */
export const slug = (value: string, options: {maxLength?: number} = {}): string => {
  let result = toAscii(phpTrim(value).toLowerCase())
  result = result.replace(/[^a-z0-9]/gi, '-').replace(/-{2,}/g, '-')
  result = result.replace(/^[^a-z0-9]+/, '').replace(/[^a-z0-9]+$/, '')
  const max = options.maxLength ?? 128
  return result.length > max ? result.slice(0, max) : result
}

/** Kirby 2's toolkit `str::slug`: the same, but only `-` trimmed at the ends and no length cap. */
const slugKirby2 = (value: string): string =>
  toAscii(phpTrim(value).toLowerCase())
    .replace(/[^a-z0-9]/gi, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')

/** The key Kirby writes for a field name (`cover_image` → `Cover-image`). */
export const encodeKey = (key: string, rules: KirbyRules = defaultRules()): string => {
  const slugged = rules.version.major === 2 ? slugKirby2(key) : slug(key)
  return slugged.charAt(0).toUpperCase() + slugged.slice(1)
}

/** Kirby's `Str::float`: `.` as decimal point, never an exponent. */
const formatFloat = (value: number): string => {
  if (Number.isInteger(value)) return String(value)
  const text = value.toLocaleString('en-US', {useGrouping: false, maximumFractionDigits: 20})
  return text
}

/** The text Kirby writes for one value, before the field layout. */
export const encodeValue = (value: EncodableValue, rules: KirbyRules = defaultRules()): string => {
  let text: string
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    // Kirby 2 callers pass YAML themselves; arrays are written empty.
    text = rules.version.major === 2 ? '' : dumpYaml(value as YamlValue)
  } else if (typeof value === 'number') text = formatFloat(value)
  else if (typeof value === 'boolean') text = value ? '1' : '0'
  else text = value ?? ''
  return text.replace(/(^|\n)----/g, '$1\\----')
}

/**
 * Encodes fields as Kirby writes a content file. Accepts `[key, value]`
 * pairs (order kept) or a record. Entries with an empty key or a `null` /
 * `undefined` value are skipped, as Kirby skips them; two keys that slug to
 * the same name collapse (later value, first position).
 */
export const encode = (
  fields: Iterable<readonly [string, EncodableValue]> | Record<string, EncodableValue>,
  options: EncodeOptions = {}
): string => {
  const rules = options.rules ?? defaultRules()
  const entries: Iterable<readonly [string, EncodableValue]> =
    Symbol.iterator in fields
      ? (fields as Iterable<readonly [string, EncodableValue]>)
      : Object.entries(fields as Record<string, EncodableValue>)
  const written = new Map<string, string>()
  for (const [key, value] of entries) {
    if (phpEmptyString(key) || value === null || value === undefined) continue
    const name = encodeKey(key, rules)
    const encoded = encodeValue(value, rules)
    const trimmed = phpTrim(encoded)
    const multiline = /[\r\n]/.test(rules.trimBeforeMultilineTest ? trimmed : encoded)
    const text = multiline
      ? `${name}:${rules.multilineKeyTrailingSpace ? ' ' : ''}\n\n${trimmed}`
      : `${name}: ${trimmed}`
    written.set(name, text)
  }
  return [...written.values()].join('\n\n----\n\n')
}

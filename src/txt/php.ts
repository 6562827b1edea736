/**
 * @fileoverview The few PHP string functions whose exact behaviour Kirby's
 * content format depends on. Written by hand because JavaScript's own
 * `trim()`, `toLowerCase()` and `\s` differ from PHP's (they know Unicode;
 * PHP's byte functions do not), and no npm package reproduces PHP's sets.
 */

/** Characters PHP's `trim()` removes by default: space, TAB, LF, CR, NUL, VT. */
const PHP_TRIM = new Set([0x20, 0x09, 0x0a, 0x0d, 0x00, 0x0b])

/** Characters in PCRE's `\s` without the `u` flag: space, TAB, LF, VT, FF, CR. */
export const PCRE_SPACE = '[ \\t\\n\\x0B\\f\\r]'

/** Whether the UTF-16 code unit at `code` is stripped by PHP `trim()`. */
export const isPhpTrimmable = (code: number): boolean => PHP_TRIM.has(code)

/** Index of the first character PHP `trim()` keeps in `value[from, to)`. */
export const phpTrimStart = (value: string, from = 0, to = value.length): number => {
  let index = from
  while (index < to && PHP_TRIM.has(value.charCodeAt(index))) index++
  return index
}

/** Index just after the last character PHP `trim()` keeps in `value[from, to)`. */
export const phpTrimEnd = (value: string, from = 0, to = value.length): number => {
  let index = to
  while (index > from && PHP_TRIM.has(value.charCodeAt(index - 1))) index--
  return index
}

/** PHP `trim()` with its default character list. */
export const phpTrim = (value: string): string => {
  const start = phpTrimStart(value)
  return value.slice(start, phpTrimEnd(value, start))
}

/** PHP `strtolower()` (PHP 8): ASCII `A`–`Z` only; `Ü` stays `Ü`. */
export const phpStrToLower = (value: string): string => (HAS_UPPER.test(value) ? value.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : value)
const HAS_UPPER = /[A-Z]/

/** PHP `empty()` on a string: `""` and `"0"` are empty. */
export const phpEmptyString = (value: string): boolean => value === '' || value === '0'

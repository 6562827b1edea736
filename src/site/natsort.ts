/**
 * @fileoverview PHP's `natsort` order: `strnatcmp` (case-sensitive), ties
 * kept in `scandir` order (byte order), as Kirby sorts a folder listing
 * (`Dir::inventory`: `scandir` → `natsort`).
 *
 * Written by hand rather than taken from a natural-sort library on purpose:
 * Kirby's page and template order *is* PHP's algorithm (`ext/standard/
 * strnatcmp.c`, Martin Pool's strnatcmp as patched by PHP), and libraries
 * differ from it in exactly the places that matter here. PHP works on bytes
 * (UTF-8 is compared byte by byte, not by code point or locale); it skips
 * leading zeros only at the very start of the string (`01_x` vs `1_a` compare
 * as `1_x` vs `1_a`), and only when a digit follows the zero; a digit run
 * that starts with `0` on either side is compared left-aligned ("fractional")
 * rather than by magnitude; ASCII whitespace (C `isspace`) is skipped before
 * every comparison step; equal strings such as `01` and `1` compare equal
 * (natsort then keeps their earlier, byte-sorted order, PHP's sort being
 * stable since 8.0).
 */

const encoder = new TextEncoder()

/**
 * The UTF-8 bytes of `text`: copied unit by unit when it is ASCII (nearly
 * every folder and file name; a few times cheaper than `TextEncoder` for
 * short strings), else encoded.
 */
const utf8 = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length)
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code > 0x7f) return encoder.encode(text)
    bytes[index] = code
  }
  return bytes
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
// C `isspace` in the "C" locale: space, \t, \n, \v, \f, \r.
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d)

/**
 * Compares two digit runs aligned right ("magnitude"): the longer run wins,
 * equal lengths are decided by the first differing digit (the bias).
 */
const compareRight = (a: Uint8Array, ai: number, b: Uint8Array, bi: number): [number, number, number] => {
  let bias = 0
  for (; ; ai++, bi++) {
    const aDigit = ai < a.length && isDigit(a[ai]!)
    const bDigit = bi < b.length && isDigit(b[bi]!)
    if (!aDigit && !bDigit) return [bias, ai, bi]
    if (!aDigit) return [-1, ai, bi]
    if (!bDigit) return [1, ai, bi]
    if (bias === 0) {
      if (a[ai]! < b[bi]!) bias = -1
      else if (a[ai]! > b[bi]!) bias = 1
    }
  }
}

/** Compares two digit runs aligned left: the first differing digit decides. */
const compareLeft = (a: Uint8Array, ai: number, b: Uint8Array, bi: number): [number, number, number] => {
  for (; ; ai++, bi++) {
    const aDigit = ai < a.length && isDigit(a[ai]!)
    const bDigit = bi < b.length && isDigit(b[bi]!)
    if (!aDigit && !bDigit) return [0, ai, bi]
    if (!aDigit) return [-1, ai, bi]
    if (!bDigit) return [1, ai, bi]
    if (a[ai]! < b[bi]!) return [-1, ai, bi]
    if (a[ai]! > b[bi]!) return [1, ai, bi]
  }
}

/** PHP `strnatcmp_ex` on byte arrays (case-sensitive). */
export const strnatcmpBytes = (a: Uint8Array, b: Uint8Array): number => {
  const aEnd = a.length
  const bEnd = b.length
  if (aEnd === 0 || bEnd === 0) return aEnd === bEnd ? 0 : aEnd > bEnd ? 1 : -1
  // Reading past the end yields 0, like the NUL terminator of a zend_string.
  const at = (s: Uint8Array, i: number): number => (i < s.length ? s[i]! : 0)
  let ai = 0
  let bi = 0
  let leading = true
  for (;;) {
    let ca = at(a, ai)
    let cb = at(b, bi)
    if (leading) {
      while (ca === 0x30 && ai + 1 < aEnd && isDigit(a[ai + 1]!)) ca = at(a, ++ai)
      while (cb === 0x30 && bi + 1 < bEnd && isDigit(b[bi + 1]!)) cb = at(b, ++bi)
      leading = false
    }
    while (isSpace(ca)) ca = at(a, ++ai)
    while (isSpace(cb)) cb = at(b, ++bi)
    if (isDigit(ca) && isDigit(cb)) {
      const fractional = ca === 0x30 || cb === 0x30
      const [result, nextA, nextB] = fractional ? compareLeft(a, ai, b, bi) : compareRight(a, ai, b, bi)
      ai = nextA
      bi = nextB
      if (result !== 0) return result
      if (ai === aEnd && bi === bEnd) return 0
      if (ai === aEnd) return -1
      if (bi === bEnd) return 1
      ca = at(a, ai)
      cb = at(b, bi)
    }
    if (ca < cb) return -1
    if (ca > cb) return 1
    ai++
    bi++
    if (ai >= aEnd && bi >= bEnd) return 0
    if (ai >= aEnd) return -1
    if (bi >= bEnd) return 1
  }
}

/** PHP `strnatcmp` (case-sensitive) on UTF-8 strings: negative, zero or positive. */
export const strnatcmp = (a: string, b: string): number => strnatcmpBytes(utf8(a), utf8(b))

/** Byte-wise comparison of the UTF-8 forms (C `strcmp`, `scandir`'s order). */
export const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const d = a[i]! - b[i]!
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

/** Total order of `natsort(scandir(…))`: strnatcmp, ties in byte order. */
export const naturalCompare = (a: string, b: string): number => {
  const ab = utf8(a)
  const bb = utf8(b)
  return strnatcmpBytes(ab, bb) || compareBytes(ab, bb)
}

/** Returns a new array of names in PHP `natsort(scandir(…))` order. */
export const natsort = (names: readonly string[]): string[] => {
  // Most page folders hold one or two entries: nothing to compare.
  if (names.length < 2) return [...names]
  const keyed = names.map((name) => ({name, bytes: utf8(name)}))
  keyed.sort((x, y) => strnatcmpBytes(x.bytes, y.bytes) || compareBytes(x.bytes, y.bytes))
  return keyed.map((k) => k.name)
}

/**
 * @fileoverview Paths as kfx shows them: relative to the current directory,
 * with `/` separators, and sorted byte-wise (as `LC_ALL=C sort` does, and
 * as the golden data is), so output is the same on every machine.
 */
import path from 'node:path'

/** `file` relative to `cwd`, with forward slashes. */
export const displayPath = (file: string, cwd: string): string => {
  const relative = path.relative(cwd, file)
  return (relative === '' ? '.' : relative).split(path.sep).join('/')
}

/**
 * Compares two strings by their UTF-8 bytes, which is code point order.
 * UTF-16 order is the same except where a surrogate (a code point above
 * U+FFFF) meets U+E000–U+FFFF, so the first differing unit decides after
 * moving surrogates above that range. No string is encoded; a lone
 * surrogate (which file names never hold: readdir gives U+FFFD) counts as
 * a code point above U+FFFF.
 */
export const compareBytewise = (a: string, b: string): number => {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) {
    let x = a.charCodeAt(index)
    let y = b.charCodeAt(index)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x < y ? -1 : 1
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

const SURROGATE = /[\uD800-\uDFFF]/

/**
 * Sorts `items` in place by the UTF-8 bytes of `key(item)`, stable. Without
 * surrogates anywhere, UTF-16 order is byte order and the engine's own string
 * comparison does it (a hundred thousand paths: tens of milliseconds).
 */
export const sortByteWise = <T>(items: T[], key: (item: T) => string): T[] => {
  const keyed = items.map((item) => ({item, key: key(item)}))
  const native = !keyed.some((entry) => SURROGATE.test(entry.key))
  keyed.sort(native ? (x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0) : (x, y) => compareBytewise(x.key, y.key))
  for (let index = 0; index < keyed.length; index++) items[index] = keyed[index]!.item
  return items
}

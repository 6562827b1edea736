/**
 * @fileoverview Bytes → text, without losing what Kirby would see.
 *
 * Kirby reads content files as bytes and never validates UTF-8. kfx works on
 * JavaScript strings, so it decodes once here: a BOM is kept as U+FEFF (the
 * tokenizer decides, per Kirby version, what to do with it), invalid UTF-8 is
 * reported at its first byte offset, and NUL bytes mark a binary file.
 */
import type {Diagnostic} from '../types.js'

/** The decoded text of a file and what was wrong with its bytes. */
export interface DecodedText {
  /** The text, with a BOM kept as U+FEFF; invalid bytes become U+FFFD. */
  text: string
  /** Byte offset of the first invalid UTF-8 sequence, when there is one. */
  invalidUtf8At?: number
  /** The same place as an offset into `text`. */
  invalidUtf8Offset?: number
  /** Whether the bytes hold a NUL byte (a binary file named `.txt`). */
  binary: boolean
  /** Findings about the bytes, places in byte offsets turned into points by callers. */
  diagnostics: Diagnostic[]
}

const strict = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})
const lenient = new TextDecoder('utf-8', {fatal: false, ignoreBOM: true})

/** Offset of the first byte that does not start or continue valid UTF-8, or -1. */
export const firstInvalidUtf8 = (bytes: Uint8Array): number => {
  const length = bytes.length
  let index = 0
  while (index < length) {
    const byte = bytes[index]!
    if (byte < 0x80) {
      index++
      continue
    }
    let need: number
    let min: number
    if (byte >= 0xc2 && byte <= 0xdf) {
      need = 1
      min = 0x80
    } else if (byte >= 0xe0 && byte <= 0xef) {
      need = 2
      min = 0x800
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      need = 3
      min = 0x10000
    } else return index
    let code = byte & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
    for (let k = 1; k <= need; k++) {
      const next = bytes[index + k]
      if (next === undefined || (next & 0xc0) !== 0x80) return index
      code = (code << 6) | (next & 0x3f)
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return index
    index += need + 1
  }
  return -1
}

/** Decodes the bytes of a content file; never throws. */
export const decodeBytes = (bytes: Uint8Array): DecodedText => {
  const diagnostics: Diagnostic[] = []
  const binary = bytes.indexOf(0) !== -1
  if (binary) {
    diagnostics.push({
      code: 'binary-content',
      reason: 'Unexpected NUL byte, expected a text file: this looks like a binary file',
      severity: 'error'
    })
  }
  let text: string
  try {
    text = strict.decode(bytes)
  } catch {
    text = lenient.decode(bytes)
    const invalidUtf8At = Math.max(0, firstInvalidUtf8(bytes))
    // The bytes before the first invalid one are valid, so their decoded
    // length is the offset of the replacement character in `text`.
    const invalidUtf8Offset = lenient.decode(bytes.subarray(0, invalidUtf8At)).length
    diagnostics.push({
      code: 'invalid-utf8',
      reason: `Unexpected invalid UTF-8 at byte ${invalidUtf8At}, expected UTF-8 text: Kirby reads the bytes as they are, kfx shows them as U+FFFD`,
      severity: 'error'
    })
    return {text, invalidUtf8At, invalidUtf8Offset, binary, diagnostics}
  }
  return {text, binary, diagnostics}
}

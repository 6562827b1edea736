/**
 * @fileoverview Offsets → line/column points for one text, through
 * vfile-location (its index is built lazily and searched by bisection).
 */
import {location} from 'vfile-location'
import type {Point} from '../types.js'

/** A function giving the point of an offset in `text`, clamped to the text. */
export const pointer = (text: string): ((offset: number) => Point) => {
  const place = location(text)
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length))
    const p = place.toPoint(at)
    return {line: p?.line ?? 1, column: p?.column ?? 1, offset: at}
  }
}

/**
 * @fileoverview micromark syntax extension for kirbytags.
 *
 * Kirby expands kirbytags on the raw text *before* Markdown (spec §4.1), so
 * what is a tag is decided by the scanner (`scan.ts`) on the whole document,
 * not by Markdown: this construct only accepts at a `(` where the scanner
 * found a tag start, and consumes exactly up to that tag's end. It fails
 * (`nok`) when the paragraph (or other text) ends first; such tags, and the
 * ones Markdown hides in code, HTML or link syntax, are reported on the tree
 * by the plugin instead.
 *
 * Two guards keep CommonMark from eating a tag's `(` before this construct
 * sees it, both as `data`:
 *
 * * a `]` right before a tag, or `[x](link:y)` would be a link with the
 *   destination `link:y` (Kirby: the text `[x]`, then a link tag);
 * * a `\` right before a tag, or `\(` would be a character escape (Kirby
 *   ignores the backslash and expands the tag).
 */

import {codes} from 'micromark-util-symbol'
import type {Code, Construct, Effects, Extension, State, TokenizeContext, TokenType} from 'micromark-util-types'
import type {KirbytagMatch} from './parse-tag.js'
import './types.js'

/** Per-document state shared by the syntax and the mdast extensions. */
export interface KirbytagParseState {
  /** Tags by the offset of their `(`, in micromark offsets (see `shift`). */
  starts: Map<number, KirbytagMatch>
  /**
   * What to subtract from a document offset to get micromark's offset
   * (1 when the document starts with a BOM, which micromark skips).
   */
  shift: number
  /** Document offset to a point in micromark's coordinates. */
  toPoint: ((offset: number) => {line: number; column: number; offset: number}) | undefined
}

/** A run of the tag text with one token type, in micromark offsets. */
interface Segment {
  end: number
  type: TokenType
}

/** Splits a tag's text into typed runs: markers, name, value, attribute names and values. */
const segmentsOf = (tag: KirbytagMatch, shift: number): Segment[] => {
  const marks: Array<{start: number; end: number; type: TokenType}> = [
    {start: tag.start, end: tag.start + 1, type: 'kirbytagMarker'},
    {start: tag.nameRange[0], end: tag.nameRange[1], type: 'kirbytagName'}
  ]
  if (tag.valueRange) marks.push({start: tag.valueRange[0], end: tag.valueRange[1], type: 'kirbytagValue'})
  for (const attribute of tag.attributes) {
    marks.push({start: attribute.nameRange[0], end: attribute.nameRange[1], type: 'kirbytagAttributeName'})
    if (attribute.valueRange) marks.push({start: attribute.valueRange[0], end: attribute.valueRange[1], type: 'kirbytagAttributeValue'})
  }
  if (tag.raw.endsWith(')')) marks.push({start: tag.end - 1, end: tag.end, type: 'kirbytagMarker'})
  marks.sort((a, b) => a.start - b.start)
  const segments: Segment[] = []
  let cursor = tag.start
  for (const mark of marks) {
    // Empty runs and (impossible) overlaps are skipped.
    if (mark.end <= mark.start || mark.start < cursor) continue
    if (mark.start > cursor) segments.push({end: mark.start - shift, type: 'kirbytagData'})
    segments.push({end: mark.end - shift, type: mark.type})
    cursor = mark.end
  }
  if (cursor < tag.end) segments.push({end: tag.end - shift, type: 'kirbytagData'})
  return segments
}

/** Whether a code is a line ending (`\r`, `\n`, `\r\n`). */
const isLineEnding = (code: Code): boolean =>
  code === codes.carriageReturn || code === codes.lineFeed || code === codes.carriageReturnLineFeed

/** The kirbytag syntax extension, reading tag starts from `state`. */
export const kirbytagSyntax = (state: KirbytagParseState): Extension => {
  const kirbytag: Construct = {name: 'kirbytag', tokenize: tokenizeKirbytag}
  const guard: Construct = {name: 'kirbytagGuard', tokenize: tokenizeGuard, add: 'before'}

  return {
    text: {
      [codes.leftParenthesis]: kirbytag,
      [codes.rightSquareBracket]: guard,
      [codes.backslash]: guard
    }
  }

  function tokenizeKirbytag(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const self = this
    let tag: KirbytagMatch | undefined
    let end = 0
    let segments: Segment[] = []
    let index = 0
    let open: TokenType | undefined

    return start

    /**
     * At a `(` the scanner found a tag at.
     *
     * ```markdown
     * > | a (link: b text: c) d
     *       ^
     * ```
     */
    function start(code: Code): State | undefined {
      tag = code === codes.leftParenthesis ? state.starts.get(self.now().offset + state.shift) : undefined
      if (!tag) return nok(code)
      end = tag.end - state.shift
      segments = segmentsOf(tag, state.shift)
      effects.enter('kirbytag')
      return inside(code)
    }

    /**
     * Inside the tag, up to its end; every character goes into the run
     * that covers its offset, line endings into `lineEnding`.
     *
     * ```markdown
     * > | a (link: b text: c) d
     *        ^^^^^^^^^^^^^^^^
     * ```
     */
    function inside(code: Code): State | undefined {
      const offset = self.now().offset
      if (offset === end) return after(code)
      // The text ended (paragraph end, blank line, container end) first.
      if (code === codes.eof || offset > end) return nok(code)

      if (isLineEnding(code)) {
        close()
        effects.enter('lineEnding')
        effects.consume(code)
        effects.exit('lineEnding')
        return inside
      }

      // Virtual spaces (a tab's columns) stay in the tab's run.
      if (code !== codes.virtualSpace || !open) {
        while (index < segments.length - 1 && segments[index]!.end <= offset) index++
        const type = segments[index]!.type
        if (type !== open) {
          close()
          effects.enter(type)
          open = type
        }
      }

      effects.consume(code)
      return inside
    }

    /**
     * After the tag.
     *
     * ```markdown
     * > | a (link: b text: c) d
     *                        ^
     * ```
     */
    function after(code: Code): State | undefined {
      close()
      effects.exit('kirbytag')
      return ok(code)
    }

    function close(): void {
      if (open) effects.exit(open)
      open = undefined
    }
  }

  function tokenizeGuard(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const self = this
    return start

    /**
     * At a `]` or `\` directly before a tag start.
     *
     * ```markdown
     * > | [x](link: y)
     *       ^
     * > | \(link: y)
     *     ^
     * ```
     */
    function start(code: Code): State | undefined {
      if (!state.starts.has(self.now().offset + state.shift + 1)) return nok(code)
      effects.enter('data')
      effects.consume(code)
      effects.exit('data')
      return ok
    }
  }
}

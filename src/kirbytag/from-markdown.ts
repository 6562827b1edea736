/**
 * @fileoverview mdast-util-from-markdown extension: turns `kirbytag` tokens
 * into `kirbytag` nodes, from the scanner's tag at that offset.
 */

import type {CompileContext, Extension, Token} from 'mdast-util-from-markdown'
import type {Point, Position} from 'unist'
import type {KirbytagMatch, Range} from './parse-tag.js'
import type {KirbytagParseState} from './syntax.js'
import type {Kirbytag} from './types.js'

/** Maps a document offset to a point (document coordinates, micromark offsets). */
export type DocumentPoint = (offset: number) => Point

/** Builds the mdast node of a tag; positions from `toPoint` (document offsets). */
export const kirbytagNode = (tag: KirbytagMatch, toPoint: DocumentPoint | undefined): Kirbytag => {
  const span = (range: Range | undefined): Position | undefined =>
    range && toPoint ? {start: toPoint(range[0]), end: toPoint(range[1])} : undefined
  const node: Kirbytag = {
    type: 'kirbytag',
    name: tag.type,
    rawName: tag.name,
    value: tag.value,
    attributes: tag.attributes.map((attribute) => ({
      type: 'kirbytagAttribute',
      name: attribute.name,
      value: attribute.value,
      known: attribute.known,
      overridden: attribute.overridden,
      position: span([attribute.nameRange[0], (attribute.valueRange ?? attribute.nameRange)[1]]),
      namePosition: span(attribute.nameRange),
      valuePosition: span(attribute.valueRange)
    })),
    attrs: tag.attrs,
    raw: tag.raw,
    position: span([tag.start, tag.end]),
    namePosition: span(tag.nameRange),
    valuePosition: span(tag.valueRange)
  }
  return node
}

/** The from-markdown extension, reading tags from `state`. */
export const kirbytagFromMarkdown = (state: KirbytagParseState): Extension => ({
  enter: {
    kirbytag(this: CompileContext, token: Token): undefined {
      const tag = state.starts.get(token.start.offset + state.shift)
      if (!tag) throw new Error(`Unexpected kirbytag token without a scanned tag at ${token.start.offset}`)
      this.enter(kirbytagNode(tag, state.toPoint), token)
    }
  },
  exit: {
    kirbytag(this: CompileContext, token: Token): undefined {
      this.exit(token)
    }
  }
})

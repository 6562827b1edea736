/**
 * @fileoverview mdast nodes for kirbytags, and the micromark token types of
 * the kirbytag construct.
 *
 * A `kirbytag` node is phrasing content. It stands for the tag Kirby
 * expands (before Markdown runs) at that place; `raw` is the exact source,
 * which `to-markdown` writes back unchanged.
 */

import type {Data, Literal} from 'mdast'
import type {Position} from 'unist'

/** One `name: value` pair of a kirbytag. */
export interface KirbytagAttribute {
  type: 'kirbytagAttribute'
  /** The name as written (Kirby's map key). */
  name: string
  /** The value, PHP-trimmed; `''` when the name ends the tag. */
  value: string
  /** Whether Kirby applies it (the name is declared for the tag type). */
  known: boolean
  /** Whether a later pair with the same name replaced this value. */
  overridden: boolean
  /** From the name to the end of the value. */
  position?: Position | undefined
  /** Where the name is (without its `:`). */
  namePosition?: Position | undefined
  /** Where the trimmed value is, when there is one. */
  valuePosition?: Position | undefined
}

/** Extra data of a kirbytag node. */
export interface KirbytagData extends Data {
  /**
   * Set on tags that are *not* in the tree: the type of the innermost node
   * holding the tag's `(` (`inlineCode`, `code`, `html`, `text`, …). Kirby
   * still expands these tags; Markdown hides them.
   */
  hiddenIn?: string | undefined
}

/** A kirbytag: `(link: about text: About)`. */
export interface Kirbytag extends Literal {
  type: 'kirbytag'
  /** The type Kirby dispatches to: lower case (3.4+), aliases resolved (`youtube` → `video`). */
  name: string
  /** The name as written between `(` and `:`. */
  rawName: string
  /** The tag's value (the text after the name, up to the first attribute). */
  value: string
  /** Attribute pairs in source order. */
  attributes: KirbytagAttribute[]
  /** Kirby's attribute map (null prototype; keys as written; Kirby's order). */
  attrs: Record<string, string>
  /** The exact source text, `(` to `)`. */
  raw: string
  /** Where the name is. */
  namePosition?: Position | undefined
  /** Where the value is, when there is one. */
  valuePosition?: Position | undefined
  data?: KirbytagData | undefined
}

/** What the plugin stores on the root and on nodes that hide tags. */
export interface KirbytagTreeData {
  /**
   * Every tag Kirby expands in the document, in source order: the nodes in
   * the tree and, detached, those Markdown hides (`data.hiddenIn` set).
   */
  kirbytags?: Kirbytag[] | undefined
}

declare module 'mdast' {
  interface PhrasingContentMap {
    kirbytag: Kirbytag
  }

  interface RootContentMap {
    kirbytag: Kirbytag
  }

  // Any node can hide a tag (code, inline code, html, an autolink, …), and
  // the root lists them all, so the base data interface carries the list.
  interface Data extends KirbytagTreeData {}
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    kirbytag: 'kirbytag'
    kirbytagMarker: 'kirbytagMarker'
    kirbytagName: 'kirbytagName'
    kirbytagValue: 'kirbytagValue'
    kirbytagAttributeName: 'kirbytagAttributeName'
    kirbytagAttributeValue: 'kirbytagAttributeValue'
    kirbytagData: 'kirbytagData'
  }
}

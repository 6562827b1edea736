/**
 * @fileoverview remark plugin for KirbyText: kirbytags as `kirbytag` nodes.
 *
 * Kirby expands kirbytags on the raw text before Markdown runs, also inside
 * code spans and fenced code and across lines (spec §4.1), so the tag
 * scanner, not Markdown, decides what a tag is. The plugin wraps the parser
 * that `remark-parse` installed: per document it first scans the whole text
 * for tags, then parses Markdown with a text construct that accepts only at
 * those tag starts and consumes exactly to the tag's end.
 *
 * Tags Markdown does not see as phrasing (inside inline code, code blocks,
 * HTML, link syntax, or broken by a blank line or block boundary) are not
 * lost: `root.data.kirbytags` lists every tag in source order, the ones
 * outside the tree with `data.hiddenIn`, and the innermost node holding such
 * a tag's `(` lists it in its own `data.kirbytags`.
 *
 * With `mapOffset` and `toPoint`, all positions in the tree are rewritten to
 * file coordinates after parsing (a field value's tree then points into the
 * `.txt` file); without them they stay relative to the document.
 */

import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
// For the `toMarkdownExtensions` key of unified's `Data`.
import type {} from 'remark-stringify'
import {unified} from 'unified'
import type {Processor} from 'unified'
import type {Node, Point, Position} from 'unist'
import {location} from 'vfile-location'
import type {KirbyRules} from '../kirby-version.js'
import {kirbytagFromMarkdown, kirbytagNode} from './from-markdown.js'
import type {KirbytagMatch} from './parse-tag.js'
import type {TagRegistry} from './registry.js'
import {findKirbytags} from './scan.js'
import {kirbytagSyntax} from './syntax.js'
import type {KirbytagParseState} from './syntax.js'
import {kirbytagToMarkdown} from './to-markdown.js'
import type {Kirbytag} from './types.js'

/** Options of {@link remarkKirbytag}. */
export interface RemarkKirbytagOptions {
  /** Kirby version rules (default: Kirby 5). */
  rules?: KirbyRules | undefined
  /** Known tags (default: the built-ins of `rules`). */
  registry?: TagRegistry | undefined
  /** Maps an offset in the parsed document to an offset in the file (e.g. `sourceOffset`). */
  mapOffset?: ((offsetInDocument: number) => number) | undefined
  /** Maps a file offset to a point in the file; turns on position rewriting. */
  toPoint?: ((fileOffset: number) => Point) | undefined
}

type AnyNode = Node & {
  children?: AnyNode[]
  data?: {kirbytags?: Kirbytag[] | undefined; hiddenIn?: string | undefined}
  namePosition?: Position | undefined
  valuePosition?: Position | undefined
  attributes?: Array<{position?: Position | undefined; namePosition?: Position | undefined; valuePosition?: Position | undefined}>
}

/**
 * Adds kirbytag support. Use it after `remark-parse` (it wraps that parser);
 * with `remark-stringify`, tags are written back as their source.
 */
export function remarkKirbytag(this: Processor, options: RemarkKirbytagOptions = {}): undefined {
  const state: KirbytagParseState = {starts: new Map(), shift: 0, toPoint: undefined}
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(kirbytagSyntax(state))
  ;(data.fromMarkdownExtensions ??= []).push(kirbytagFromMarkdown(state))
  ;(data.toMarkdownExtensions ??= []).push(kirbytagToMarkdown({rules: options.rules, registry: options.registry}))

  const parser = this.parser
  // Stringify-only use needs no parser.
  if (!parser) return undefined

  this.parser = (document, file) => {
    const found = findKirbytags(document, {rules: options.rules, registry: options.registry})
    const shift = document.charCodeAt(0) === 0xfeff ? 1 : 0
    // The line index only when a tag needs a point (most parsed fields have none).
    let place: ReturnType<typeof location> | undefined
    state.starts = new Map(found.tags.map((tag) => [tag.start, tag]))
    state.shift = shift
    state.toPoint = (offset) => {
      place ??= location(document)
      const point = place.toPoint(offset)
      // micromark skips a leading BOM: its columns and offsets start after it.
      return point ? {line: point.line, column: point.line === 1 ? point.column - shift : point.column, offset: offset - shift} : {line: 1, column: 1, offset: 0}
    }
    let tree: Root
    try {
      tree = parser(document, file) as Root
      attachTags(tree, found.tags, state)
    } finally {
      state.starts = new Map()
      state.toPoint = undefined
    }
    if (options.toPoint) remap(tree, shift, options.mapOffset ?? ((offset) => offset), options.toPoint)
    return tree
  }
  return undefined
}

/** Fills `root.data.kirbytags` and `data.kirbytags` of nodes that hide tags. */
const attachTags = (tree: Root, tags: KirbytagMatch[], state: KirbytagParseState): void => {
  const inTree = new Map<number, Kirbytag>()
  const walk = (node: AnyNode): void => {
    if (node.type === 'kirbytag' && node.position) inTree.set((node.position.start.offset ?? -1) + state.shift, node as unknown as Kirbytag)
    for (const child of node.children ?? []) walk(child)
  }
  walk(tree as AnyNode)

  const hidden: Kirbytag[] = []
  const all: Kirbytag[] = tags.map((tag) => {
    const node = inTree.get(tag.start)
    if (node) return node
    const detached = kirbytagNode(tag, state.toPoint)
    hidden.push(detached)
    return detached
  })
  if (all.length > 0) (tree.data ??= {}).kirbytags = all
  if (hidden.length === 0) return

  // The innermost node holding each hidden tag's `(` (pre-order: deeper wins).
  const starts = hidden.map((node) => node.position?.start.offset ?? 0)
  const owners = new Array<AnyNode | undefined>(hidden.length)
  const lowerBound = (value: number): number => {
    let low = 0
    let high = starts.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (starts[middle]! < value) low = middle + 1
      else high = middle
    }
    return low
  }
  const visit = (node: AnyNode): void => {
    const from = node.position?.start.offset
    const to = node.position?.end.offset
    if (from === undefined || to === undefined) return
    for (let index = lowerBound(from); index < starts.length && starts[index]! < to; index++) owners[index] = node
    for (const child of node.children ?? []) visit(child)
  }
  for (const child of tree.children as AnyNode[]) visit(child)
  hidden.forEach((node, index) => {
    const owner = owners[index]
    node.data = {...node.data, hiddenIn: owner ? owner.type : 'root'}
    if (owner) ((owner.data ??= {}).kirbytags ??= []).push(node)
  })
}

/** Rewrites every position (tree, attributes, detached tags) to file coordinates. */
const remap = (tree: Root, shift: number, mapOffset: (offset: number) => number, toPoint: (offset: number) => Point): void => {
  const seen = new Set<object>()
  const point = (value: Point): Point => toPoint(mapOffset((value.offset ?? 0) + shift))
  const position = (value: Position | undefined): Position | undefined => {
    if (!value || seen.has(value)) return value
    const result = {start: point(value.start), end: point(value.end)}
    seen.add(result)
    return result
  }
  const fix = (node: AnyNode): void => {
    if (seen.has(node)) return
    seen.add(node)
    const mapped = position(node.position)
    if (mapped) node.position = mapped
    if (node.type === 'kirbytag') {
      node.namePosition = position(node.namePosition)
      node.valuePosition = position(node.valuePosition)
      for (const attribute of node.attributes ?? []) {
        attribute.position = position(attribute.position)
        attribute.namePosition = position(attribute.namePosition)
        attribute.valuePosition = position(attribute.valuePosition)
      }
    }
    for (const tag of node.data?.kirbytags ?? []) fix(tag as unknown as AnyNode)
    for (const child of node.children ?? []) fix(child)
  }
  fix(tree as AnyNode)
}

/** Options of {@link parseKirbytext}. */
export type ParseKirbytextOptions = RemarkKirbytagOptions

/** A frozen processor and the options its plugin reads at each parse. */
interface CachedParser {
  processor: Processor<Root>
  live: RemarkKirbytagOptions
}

const NONE = {}
const parsers = new WeakMap<object, WeakMap<object, CachedParser>>()

/**
 * Parses KirbyText (Markdown with kirbytags) into mdast.
 *
 * One frozen processor per `rules` and `registry` serves every call: a new
 * processor per call cost about 0.1 ms before any text was read (3× the
 * parse of a short value), most of the lint time of short fields. The
 * per-call options (`mapOffset`, `toPoint`) are set around each parse.
 */
export const parseKirbytext = (text: string, options: ParseKirbytextOptions = {}): Root => {
  const byRules = parsers.get(options.registry ?? NONE) ?? new WeakMap<object, CachedParser>()
  parsers.set(options.registry ?? NONE, byRules)
  let cached = byRules.get(options.rules ?? NONE)
  if (!cached) {
    const live: RemarkKirbytagOptions = {rules: options.rules, registry: options.registry}
    cached = {processor: unified().use(remarkParse).use(remarkKirbytag, live).freeze() as unknown as Processor<Root>, live}
    byRules.set(options.rules ?? NONE, cached)
  }
  const {processor, live} = cached
  live.mapOffset = options.mapOffset
  live.toPoint = options.toPoint
  try {
    return processor.parse(text)
  } finally {
    live.mapOffset = undefined
    live.toPoint = undefined
  }
}

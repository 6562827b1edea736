/**
 * @fileoverview Kirbytags: finding, splitting and ordering them like Kirby,
 * and a remark plugin that turns them into `kirbytag` mdast nodes.
 *
 * Kirby expands tags on the raw text before Markdown (also inside code,
 * across lines), so the scanner (`findKirbytags`) is authoritative; the
 * micromark construct only accepts where the scanner found a tag, and tags
 * Markdown hides are listed in `root.data.kirbytags` (see docs/kirbytags.md).
 */
export {builtinTags, withCustomTags, isKnownTag, resolveTagType} from './registry.js'
export type {TagDefinition, TagRegistry, CustomTag} from './registry.js'
export {findKirbytags, scanKirbytagSpans} from './scan.js'
export type {FindKirbytagsOptions, FoundKirbytags} from './scan.js'
export {parseKirbytag} from './parse-tag.js'
export type {KirbytagMatch, KirbytagMatchAttribute, KirbytagCandidate, Range} from './parse-tag.js'
export {kirbytagsInRenderOrder} from './render-order.js'
export type {RenderOrderOptions, RenderedKirbytag} from './render-order.js'
export {remarkKirbytag, parseKirbytext} from './plugin.js'
export type {RemarkKirbytagOptions, ParseKirbytextOptions} from './plugin.js'
export {kirbytagSyntax} from './syntax.js'
export type {KirbytagParseState} from './syntax.js'
export {kirbytagFromMarkdown, kirbytagNode} from './from-markdown.js'
export {kirbytagToMarkdown, kirbytagUnsafe, serializeKirbytag} from './to-markdown.js'
export type {Kirbytag, KirbytagAttribute, KirbytagData, KirbytagTreeData} from './types.js'

/**
 * @fileoverview `no-broken-link`: links to pages of the site that do not
 * exist.
 *
 * Checks `(link:)` values, Markdown links (`[x](target)`, `[x]: target`)
 * and HTML `<a href>` in KirbyText fields, writer HTML, and `href`s in
 * blocks JSON. Targets are resolved as Kirby resolves them (spec §4.5,
 * `resolvePageReference`): a `(link:)` value `some/page` is a page id from
 * the site root, `/x` from the site base, `./x` and `../x` as the browser
 * reads them against the page URL (a sibling in Kirby 3+, a child in Kirby
 * 2, which writes `<page url>/./x`); Markdown and HTML targets are left to
 * the browser by Kirby, so they are resolved against the page URL as the
 * browser does. Language prefixes, `#fragments`, content representations
 * (`blog.rss`) and Kirby's own routes (`panel`, `api`, `media`, `assets`)
 * are understood; external URLs, `mailto:` and UUIDs are other rules'
 * business (`no-dead-external-link`, `no-broken-uuid`), and so are links to
 * files (`no-missing-file`) and drafts (`no-link-to-draft`).
 *
 * Why: Kirby never checks a link. `(link: projects/gamma)` renders
 * `<a href="https://example.com/projects/gamma">` whether or not the page
 * exists, so a renamed or deleted page leaves dead links behind silently.
 *
 * ok (`content/projects/1_alpha/project.txt` exists):
 *
 *     Text: See (link: projects/alpha text: Alpha).
 *
 * not ok (there is no `projects/gamma`):
 *
 *     Text: See (link: projects/gamma text: Gamma).
 *
 * This module also holds what the other reference rules share: where the
 * link targets of a file are, where a span of a field is, and how a target
 * that leads nowhere is judged (a page, a file, or something Kirby or the
 * web server answers that is no content).
 */
import type {Definition, Html, Image, Link, Nodes, Root} from 'mdast'
import {schemaFor} from '../blueprint/index.js'
import {defineRule, type RuleContext} from '../lint/rule.js'
import type {PlacedKirbytag} from '../parse.js'
import type {KirbyFieldAnnotation} from '../schema/keywords.js'
import type {Page, Site, SiteFile} from '../site/index.js'
import {resolvePageReference, type LinkTarget, type ReferenceParent} from '../site/index.js'
import {sourceOffset, type Field} from '../txt/decode.js'
import type {Position} from '../types.js'

// ---------------------------------------------------------------------------
// Places.

/** The span of `[start, end)` of a field's value, in the file. */
export const valueSpan = (context: RuleContext<unknown>, field: Field, start: number, end: number): Position => {
  const {point} = context.content
  return {
    start: point(sourceOffset(field, start)),
    end: point(end > start ? sourceOffset(field, end - 1) + 1 : sourceOffset(field, start))
  }
}

/** The span of `[start, end)` file offsets. */
export const fileSpan = (context: RuleContext<unknown>, start: number, end: number): Position => ({
  start: context.content.point(start),
  end: context.content.point(end)
})

/** The model whose fields a file holds, as the resolvers take it. */
export const parentOf = (context: RuleContext<unknown>): ReferenceParent => context.model.page ?? 'site'

/**
 * What the link rules look up per link, indexed once per site (a scan of
 * every page per link made checking 10k files quadratic): the site URL,
 * pages whose id has capitals by lower-cased id (any other page is found
 * by `site.byId` under its own id) and page ids by lower-cased slug (at
 * most the 3 that are suggested), in `site.pages` order and without
 * virtual pages. Both maps are built when first needed; keys are the
 * pages' own strings where lower-casing changes nothing.
 */
interface SiteIndex {
  url: string
  byLowerId?: Map<string, Page>
  idsBySlug?: Map<string, string | string[]>
}

const siteIndexes = new WeakMap<readonly Page[], SiteIndex>()

const siteIndex = (site: Site): SiteIndex => {
  let index = siteIndexes.get(site.pages)
  if (index) return index
  index = {url: computeSiteUrl(site)}
  siteIndexes.set(site.pages, index)
  return index
}

/** The first listed page whose lower-cased id is `lower`, among pages whose id is not lower case. */
const pageByLowerId = (site: Site, lower: string): Page | undefined => {
  const index = siteIndex(site)
  if (!index.byLowerId) {
    const byLowerId = new Map<string, Page>()
    for (const page of site.pages) {
      if (page.virtual) continue
      const key = page.id.toLowerCase()
      if (key !== page.id && !byLowerId.has(key)) byLowerId.set(key, page)
    }
    index.byLowerId = byLowerId
  }
  return index.byLowerId.get(lower)
}

/** The ids of the first 3 listed pages whose lower-cased slug is `slug`. */
const idsWithSlug = (site: Site, slug: string): string[] => {
  const index = siteIndex(site)
  if (!index.idsBySlug) {
    const idsBySlug = new Map<string, string | string[]>()
    for (const page of site.pages) {
      if (page.virtual) continue
      const key = page.uid.toLowerCase()
      const ids = idsBySlug.get(key)
      if (ids === undefined) idsBySlug.set(key, page.id)
      else if (typeof ids === 'string') idsBySlug.set(key, [ids, page.id])
      else if (ids.length < 3) ids.push(page.id)
    }
    index.idsBySlug = idsBySlug
  }
  const ids = index.idsBySlug.get(slug)
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids.slice(0, 3)
}

/** The site URL, read back from the pages' URLs (as `resolvePageReference` does). */
const computeSiteUrl = (site: Site): string => {
  for (const page of site.pages) if (page.url.endsWith(`/${page.id}`)) return page.url.slice(0, -(page.id.length + 1))
  return site.pages.find((p) => p.parent === null)?.url ?? 'http://localhost'
}

const siteUrl = (site: Site): string => siteIndex(site).url

/** The URL a relative Markdown or HTML target is resolved against: the page's URL (no trailing slash), or the site's. */
const documentUrl = (site: Site, from: ReferenceParent): string => (from === 'site' ? siteUrl(site) : from.url)

// ---------------------------------------------------------------------------
// Blueprint field types.

const typeCache = new WeakMap<object, Map<string, string>>()

/**
 * Field key → blueprint field type for the file's model, when the site has
 * blueprints (the same table the lint stage builds for `kindOf`).
 */
export const fieldTypesOf = async (context: RuleContext<unknown>): Promise<Map<string, string>> => {
  const {site, model} = context
  if (site.blueprintsRoot === undefined) return new Map()
  const {schema} = await schemaFor(site, {kind: model.kind, name: model.name})
  let types = typeCache.get(schema)
  if (!types) {
    types = new Map()
    const properties = (schema as {properties?: Record<string, {kirbyField?: KirbyFieldAnnotation}>}).properties ?? {}
    for (const [key, property] of Object.entries(properties)) if (property.kirbyField) types.set(key, property.kirbyField.type)
    typeCache.set(schema, types)
  }
  return types
}

// ---------------------------------------------------------------------------
// Where the links of a file are.

/** One link target in a file. */
export interface LinkReference {
  field: Field
  /** The target as Kirby or the browser reads it (entities and escapes decoded). */
  target: string
  /** Where it is written. */
  place: Position
  /** `tag` (`(link:)`), `markdown`, `html` (`<a href>`), `json` (an `href` in blocks JSON), `field` (a pages field). */
  source: 'tag' | 'markdown' | 'html' | 'json' | 'field'
  /** A tag whose value a second `link:` inside it replaced (`(link: a link: b)`). */
  replaced?: true
}

/** One image or file source in a file (`<img src>`, `![](x)`). */
export interface SourceReference {
  field: Field
  target: string
  place: Position
  source: 'markdown' | 'html' | 'json'
}

/** Everything link-like of one file, collected once for all reference rules. */
export interface FileReferences {
  links: LinkReference[]
  /** `(image:)` and `(file:)` tags outside code. */
  fileTags: Array<{field: Field; type: 'image' | 'file'; value: string; place: Position}>
  /** Markdown images and HTML `<img src>`. */
  sources: SourceReference[]
}

const collected = new WeakMap<object, FileReferences>()
/** The same with every external Markdown link (for `no-dead-external-link`). */
const collectedWithWeb = new WeakMap<object, FileReferences>()

const HIDDEN_IN_CODE = new Set(['inlineCode', 'code'])

/** Decodes the HTML character references an attribute value may hold. */
export const decodeEntities = (value: string): string =>
  value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|apos|lt|gt);/gi, (all, name: string) => {
    const lower = name.toLowerCase()
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10))
    return ({amp: '&', quot: '"', apos: "'", lt: '<', gt: '>'} as Record<string, string>)[lower] ?? all
  })

/**
 * `<a href>` / `<area href>` / `<img src>` in a piece of HTML: each value
 * (as written, entities not decoded) and its range in `html`. With
 * `escaped`, the HTML sits in a JSON string and its quotes are `\\"`.
 */
export const htmlReferences = (html: string, escaped = false): Array<{element: string; value: string; start: number; end: number}> => {
  const found: Array<{element: string; value: string; start: number; end: number}> = []
  const q = escaped ? '\\\\"' : '"'
  const attribute = new RegExp(`(?:^|\\s)(href|src)\\s*=\\s*(?:${q}((?:(?!${q})[^>])*?)${q}|'([^'>]*)'|([^\\s>'"\\\\]+))`, 'gid')
  for (const match of html.matchAll(/<(a|img|area)\b([^>]*)>/gid)) {
    const element = match[1]!.toLowerCase()
    const bodyStart = match.indices![2]![0]
    for (const attr of match[2]!.matchAll(attribute)) {
      const name = attr[1]!.toLowerCase()
      if ((element === 'img') !== (name === 'src')) continue
      const group = attr[2] !== undefined ? 2 : attr[3] !== undefined ? 3 : 4
      const range = attr.indices![group]!
      found.push({element, value: attr[group]!, start: bodyStart + range[0], end: bodyStart + range[1]})
    }
  }
  return found
}

/** The raw destination of a Markdown link or definition: offsets in the file. */
const destinationSpan = (text: string, node: Link | Definition | Image, labelEnd: number): [number, number] | undefined => {
  const end = node.position?.end.offset
  if (end === undefined) return undefined
  let at = labelEnd
  if (node.type === 'definition') {
    const colon = text.indexOf(']:', at)
    if (colon === -1 || colon > end) return undefined
    at = colon + 2
  } else {
    if (text[at] !== ']' || text[at + 1] !== '(') return undefined
    at += 2
  }
  while (at < end && /[ \t\r\n]/.test(text[at]!)) at++
  if (text[at] === '<') {
    const close = text.indexOf('>', at)
    return close === -1 || close > end ? undefined : [at + 1, close]
  }
  let depth = 0
  let stop = at
  while (stop < end) {
    const char = text[stop]!
    if (char === '\\') {
      stop += 2
      continue
    }
    if (/[ \t\r\n]/.test(char)) break
    if (char === '(') depth++
    if (char === ')') {
      if (depth === 0) break
      depth--
    }
    stop++
  }
  return [at, Math.min(stop, end)]
}

/** Where a link's or image's label ends (the `]`), as a file offset. */
const labelEndOf = (text: string, node: Link | Image | Definition): number | undefined => {
  const start = node.position?.start.offset
  if (start === undefined) return undefined
  if (node.type === 'image') {
    // `![alt](…)`: the alt has no children; find the `]` that is followed by `(`.
    const end = node.position?.end.offset ?? start
    const close = text.lastIndexOf('](', end)
    return close >= start ? close : undefined
  }
  if (node.type === 'link') {
    const last = node.children[node.children.length - 1]
    if (last?.position?.end.offset !== undefined) {
      // Past the label's last child: the next `]` (an emphasis marker may follow).
      const close = text.indexOf(']', last.position.end.offset)
      return close === -1 ? undefined : close
    }
    if (text[start] === '<') return undefined
    const close = text.indexOf(']', start + 1)
    return close === -1 ? undefined : close
  }
  return start
}

/**
 * The links, file tags and image sources of the file, from every field
 * Kirby may render as KirbyText (tags and Markdown outside code), every
 * JSON field (`href`/`src` in its HTML strings) and every pages field.
 *
 * Without `web`, Markdown links and images of a field whose every Markdown
 * target is an absolute `http(s)://` URL may be left out when the site has
 * no URL of its own (kfx reads it as `http://localhost`): every rule but
 * `no-dead-external-link` skips such targets ({@link judgeLink}), and
 * finding them means parsing the field's Markdown. With `web` (that rule),
 * all of them.
 */
export const referencesOf = async (context: RuleContext<unknown>, options: {web?: boolean} = {}): Promise<FileReferences> => {
  const cache = options.web ? collectedWithWeb : collected
  const cached = cache.get(context.content)
  if (cached) return cached
  const result: FileReferences = {links: [], fileTags: [], sources: []}
  cache.set(context.content, result)
  const {text} = context.content
  const skipWeb = !options.web && siteUrl(context.site) === 'http://localhost'
  const types = await fieldTypesOf(context)
  for (const field of context.content.fields) {
    const kind = context.kindOf(field)
    if (field.key === 'uuid' || field.key === 'template') continue
    if (kind === 'json') {
      for (const ref of htmlReferences(field.value, true)) {
        const target = decodeEntities(ref.value.replace(/\\\//g, '/'))
        const item = {field, target, place: valueSpan(context, field, ref.start, ref.end), source: 'json' as const}
        if (ref.element === 'img') result.sources.push(item)
        else result.links.push(item)
      }
      continue
    }
    if (kind === 'yaml') {
      if (types.get(field.key) === 'pages') {
        for (const item of yamlListItems(field.value)) {
          if (/^(page|file|site|user):\/\//.test(item.value)) continue
          result.links.push({field, target: item.value, place: valueSpan(context, field, item.start, item.end), source: 'field'})
        }
      }
      continue
    }
    if (kind !== 'kirbytext') continue
    if (!/[([<:]/.test(field.value)) continue
    const tags = context.tags(field)
    // Parsing Markdown is the costly part of linting: only where the value
    // can hold Markdown or HTML links (`](`, `][`, `]:`, `<`), or tags that
    // code could hide (a backtick, a fence, an indented line).
    const value = field.value
    const markup = /\]\(|\]\[|\]:|</.test(value)
    const mayHideTags = tags.length > 0 && opensCode(value)
    // Of those, only values that can make what is read below: a link, image
    // or definition node, an HTML node with `<a`/`<img`/`<area`, or code
    // hiding a tag (the tree then gives the same answers as before, faster).
    const removed = field.removed.length > 0
    // (With characters the value lacks, HTML read from the file may differ: no shortcut.)
    const links = markup && mayHoldLinks(value, removed) && !(skipWeb && !removed && onlyWebLinks(value))
    const code = tags.length > 0 && (markup || mayHideTags) && mayHoldCode(value) && fieldTagsMayBeInCode(field, tags)
    const tree = links || code ? context.tree(field) : undefined
    const inCode = new Set<number>()
    for (const tag of (tree?.data as {kirbytags?: Array<{data?: {hiddenIn?: string}; position?: Position}>} | undefined)?.kirbytags ?? []) {
      if (tag.data?.hiddenIn && HIDDEN_IN_CODE.has(tag.data.hiddenIn) && tag.position) inCode.add(tag.position.start.offset)
    }
    for (const tag of tags) {
      if (!tag.position || !tag.valuePosition || inCode.has(tag.position.start.offset)) continue
      if (tag.type === 'link') {
        const lead = text.slice(tag.position.start.offset, tag.valuePosition.start.offset)
        const replaced = !/^\(\s*[a-z0-9_-]+\s*:\s*$/i.test(lead)
        result.links.push({field, target: tag.value, place: tag.valuePosition, source: 'tag', ...(replaced ? {replaced: true as const} : {})})
      }
      else if (tag.type === 'image' || tag.type === 'file') result.fileTags.push({field, type: tag.type, value: tag.value, place: tag.valuePosition})
    }
    if (!tree || !links) continue
    walkTree(tree, (node) => {
      if (node.type === 'link' || node.type === 'definition' || node.type === 'image') {
        if (node.type === 'link' && text[node.position?.start.offset ?? -1] === '<') {
          // An autolink `<https://…>`: the target is the whole content.
          const start = node.position!.start.offset! + 1
          result.links.push({field, target: node.url, place: fileSpan(context, start, node.position!.end.offset! - 1), source: 'markdown'})
          return
        }
        const labelEnd = labelEndOf(text, node)
        const span = labelEnd === undefined ? undefined : destinationSpan(text, node, labelEnd)
        const place = span ? fileSpan(context, span[0], span[1]) : node.position ? fileSpan(context, node.position.start.offset!, node.position.end.offset!) : undefined
        if (!place) return
        if (node.type === 'image') result.sources.push({field, target: node.url, place, source: 'markdown'})
        else result.links.push({field, target: node.url, place, source: 'markdown'})
      } else if (node.type === 'html') {
        const start = node.position?.start.offset
        if (start === undefined) return
        for (const ref of htmlReferences(text.slice(start, node.position!.end.offset))) {
          const item = {field, target: decodeEntities(ref.value), place: fileSpan(context, start + ref.start, start + ref.end), source: 'html' as const}
          if (ref.element === 'img') result.sources.push(item)
          else result.links.push(item)
        }
      }
    })
  }
  return result
}

/**
 * Whether Markdown can read a link, image, definition or autolink in a
 * value, or HTML an element whose `href`/`src` {@link htmlReferences}
 * reads: a superset test (`](`, `]:`, `<` then a scheme and `:` or a mail
 * address's `@`, `<a`/`<img`/`<area` as a whole name); a reference
 * `[x][y]` needs a `]:` definition. `htmlReferences` reads the file's
 * text, so when the file holds characters the value does not (`removed`:
 * a BOM Kirby drops may end a name there), any `<` counts.
 */
export const mayHoldLinks = (value: string, removed = false): boolean =>
  value.includes('](') ||
  value.includes(']:') ||
  (value.includes('<') && (removed || /<(?:a|img|area)\b|<[a-z][a-z0-9+.-]{1,31}:|<[\w.!#$%&'*+/=?^`{|}~-]+@/i.test(value)))

/**
 * Whether a value has a backtick, a `~~~` or a line that starts with four
 * spaces or a tab: `` /`|~~~|(?:^|\n)(?: {4}|\t)/ `` without the regex (its
 * line-start alternative scanned every field slowly: 20 ms per 10k files).
 */
export const opensCode = (value: string): boolean =>
  value.includes('`') ||
  value.includes('~~~') ||
  value.startsWith('    ') ||
  value.startsWith('\t') ||
  value.includes('\n    ') ||
  value.includes('\n\t')

/**
 * Whether Markdown can read a code span or code block in a value: a
 * backtick, a `~~~` fence, or the four columns of an indented block (four
 * spaces or a tab, also after `>` or a list marker). A superset test.
 */
export const mayHoldCode = (value: string): boolean =>
  value.includes('`') || value.includes('~~~') || value.includes('    ') || value.includes('\t')

/**
 * Whether every link and image target Markdown and HTML can make of a
 * value is one {@link judgeLink} skips on a site without a URL of its own:
 * an absolute `http(s)://` URL, a template (`<?php`, `{{`) or another
 * scheme (`mailto:`). A superset test on the text: no `]:` (definitions,
 * and with them references); each `](` followed (after spaces and at most
 * one line break, and an optional `<`) by `http(s)://`; each `<scheme:`
 * an `<http(s)://` autolink (mail autolinks are `mailto:`); and each
 * `href=`/`src=` (what {@link htmlReferences} reads in HTML) followed, after
 * an optional quote, by such a value.
 */
export const onlyWebLinks = (value: string): boolean => {
  if (value.includes(']:')) return false
  for (let at = value.indexOf(']('); at !== -1; at = value.indexOf('](', at + 2)) {
    if (!WEB_DESTINATION.test(value.slice(at + 2, at + 40))) return false
  }
  if (value.includes('<')) {
    for (const match of value.matchAll(AUTOLINK_START)) if (!/^<https?:\/\//i.test(value.slice(match.index, match.index + 9))) return false
  }
  if (/href|src/i.test(value)) {
    for (const match of value.matchAll(ATTRIBUTE_START)) {
      const at = match.index + match[0].length
      if (!SKIPPED_VALUE.test(value.slice(at, at + 20))) return false
    }
  }
  return true
}

/**
 * Whether any of `offsets` in `value` (a tag's `(`, a line) may lie in a
 * code span or code block, so that only then the tree has to tell. A
 * superset test per offset: a fence (```` ``` ````, `~~~`) starting at or
 * before it; its line indented as an indented code block's lines are (four
 * columns after `>`, list markers or spaces); a backtick at it; or a
 * backtick before and one after it, with no blank line between them and the
 * offset (a code span never crosses a blank line).
 */
export const mayBeInCode = (value: string, offsets: Iterable<number>): boolean => {
  for (const at of offsets) {
    if (at < 0 || at > value.length) return true
    if (value.lastIndexOf('```', at) !== -1 || value.lastIndexOf('~~~', at) !== -1) return true
    const lineStart = at === 0 ? 0 : Math.max(value.lastIndexOf('\n', at - 1), value.lastIndexOf('\r', at - 1)) + 1
    if (INDENTED_LINE.test(value.slice(lineStart, lineEndAt(value, lineStart)))) return true
    if (value.charCodeAt(at) === 96) return true
    const open = value.lastIndexOf('`', at)
    if (open === -1 || BLANK_LINE.test(value.slice(open, at))) continue
    const close = value.indexOf('`', at)
    if (close !== -1 && !BLANK_LINE.test(value.slice(at, close))) return true
  }
  return false
}

/** Where the line that starts at `from` ends (its line break, or the end of the value). */
const lineEndAt = (value: string, from: number): number => {
  for (let index = from; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code === 10 || code === 13) return index
  }
  return value.length
}

/** The same for the tags of a field, from their places in the file. */
export const fieldTagsMayBeInCode = (field: Field, tags: readonly PlacedKirbytag[]): boolean => {
  // With characters the value lacks, file offsets do not map back by subtraction.
  if (field.removed.length > 0) return true
  const base = field.valuePosition.start.offset
  const starts: number[] = []
  for (const tag of tags) if (tag.position) starts.push(tag.position.start.offset - base)
  return mayBeInCode(field.value, starts)
}

const INDENTED_LINE = /^[ >\t\-+*\d.)]*(?: {4}|\t)/
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)/

const WEB_DESTINATION = /^[ \t]*(?:\r?\n[ \t]*)?<?https?:\/\//i
const AUTOLINK_START = /<[a-z][a-z0-9+.-]{1,31}:/gi
const ATTRIBUTE_START = /(?:href|src)\s*=\s*/gi
/** An attribute value (after an optional quote) that `notALink` or the `http://localhost` rule of {@link judgeLink} skips. */
const SKIPPED_VALUE =
  /^["']?(?:https?:\/\/|<\?|<%|\{\{|\{%|(?:mailto|tel|sms|geo|javascript|data|ftp|ftps|skype|whatsapp|callto|irc|news|webcal):)/i

const walkTree = (node: Root | Nodes, visit: (node: Nodes) => void): void => {
  if (node.type !== 'root') visit(node)
  if ('children' in node) for (const child of node.children) walkTree(child, visit)
}

/** The items of a YAML list (`- a` lines, or Kirby's one-line `- a`): values without quotes and their ranges in `value`. */
export const yamlListItems = (value: string): Array<{value: string; start: number; end: number}> => {
  const items: Array<{value: string; start: number; end: number}> = []
  let offset = 0
  for (const line of value.split('\n')) {
    const match = /^([ \t]*-[ \t]+)(["']?)(.*?)\2[ \t\r]*$/.exec(line)
    if (match && match[3] !== '') {
      const start = offset + match[1]!.length + match[2]!.length
      items.push({value: match[3]!, start, end: start + match[3]!.length})
    }
    offset += line.length + 1
  }
  return items
}

/** Whether every non-empty line of a value is a top-level YAML list item. */
export const isFlatYamlList = (value: string): boolean => {
  // The first non-empty line must start with `-` (most values fail here, unsplit).
  const first = value.search(/\S/)
  if (first === -1 || value[first] !== '-' || (first > 0 && value[first - 1] !== '\n')) return false
  const lines = value.split('\n').filter((line) => line.trim() !== '')
  return lines.length > 0 && lines.every((line) => /^-[ \t]+\S/.test(line))
}

/** A value shortened for a message (`…` after `max` characters). */
export const short = (value: string, max = 60): string => {
  const flat = value.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * A `name:` glued into a tag's value (an attribute this Kirby version does
 * not split at, such as Kirby 2's `popup:` in Kirby 3+ or a plugin's
 * `legende:`): the text before it and the name. Undefined when the value
 * holds none.
 */
export const gluedAttribute = (value: string): {head: string; name: string} | undefined => {
  const match = /^(\S.*?)\s+([a-z][a-z0-9_-]*):(?:\s|$)/i.exec(value)
  return match ? {head: match[1]!, name: match[2]!} : undefined
}

// ---------------------------------------------------------------------------
// Judging a target.

/** Paths Kirby or the web server answer that are no content: the Panel, the API, media and asset folders. */
const ROUTES = new Set(['panel', 'api', 'media', 'assets', 'thumbs', 'kirby', 'vendor'])

/** Extensions of files a link or image may point to (not content representations such as `.rss`). */
export const FILE_EXTENSIONS = new Set(
  (
    'jpg jpeg png gif webp avif svg bmp tif tiff ico heic ' +
    'pdf doc docx xls xlsx ppt pptx odt ods odp rtf txt csv key pages numbers epub ' +
    'zip rar tar gz 7z dmg ' +
    'mp3 wav ogg oga m4a aac flac aif aiff ' +
    'mp4 m4v mov webm ogv avi mkv wmv flv ' +
    'ttf otf woff woff2 eot ' +
    'js css'
  ).split(' ')
)

/** Image extensions (`no-missing-image` rather than `no-missing-file`). */
export const IMAGE_EXTENSIONS = new Set('jpg jpeg png gif webp avif svg bmp tif tiff ico heic'.split(' '))

/** Top-level domains that make `www.example.com` or `example.org/x` look like an external URL without its scheme. */
const TLDS = new Set('com org net de fr io ch at uk eu info co me us nl it es be dk se no fi pl cz edu gov tv fm app dev ly to cc'.split(' '))

/** What a link target comes to. */
export type LinkVerdict =
  | {kind: 'ok'}
  /** Not this family's business (external, UUID, mail, a route). */
  | {kind: 'skip'}
  | {kind: 'broken'; id: string; note?: string; expected?: string}
  | {kind: 'draft'; page: Page}
  | {kind: 'missing-file'; id: string; note?: string}

/** The extension of a path's last segment, lower-cased (`''` when none). */
export const extensionOf = (path: string): string => {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/** A page by id as Kirby 2 and 3+ look it up on one path: case-folded, drafts after pages. */
const pageById = (site: Site, id: string): Page | undefined => {
  const trimmed = id.replace(/^\/+|\/+$/g, '')
  const exact = site.byId.get(trimmed) ?? site.byId.get(trimmed.toLowerCase())
  if (exact) return exact
  return pageByLowerId(site, trimmed.toLowerCase())
}

/** A file of a page (or of the site) by name, as written or ASCII lower-cased. */
export const fileNamed = (files: readonly SiteFile[], name: string): SiteFile | undefined =>
  files.find((file) => file.filename === name) ?? files.find((file) => file.filename === name.toLowerCase())

/** Whether a site path's first segment is a page (or draft) of the site: then the path points into content. */
export const intoContent = (site: Site, path: string): boolean => {
  const first = path.replace(/^\/+/, '').split('/')[0]
  if (first === undefined || first === '') return false
  return pageById(site, first) !== undefined
}

/** Whether a path starts in a folder Kirby or the web server answers that is no content (`assets/`, `media/`, `panel/`…). */
export const intoRoute = (path: string): boolean => ROUTES.has(path.replace(/^\/+/, '').split('/')[0]?.toLowerCase() ?? '')

/** A file at a site path `dir/name.ext` (a page's or draft's file, or a site file), the way a router would serve it. */
export const fileAtPath = (site: Site, path: string): SiteFile | undefined => {
  const clean = path.replace(/^\/+|\/+$/g, '')
  const slash = clean.lastIndexOf('/')
  const name = clean.slice(slash + 1)
  if (slash === -1) return fileNamed(site.site.files, name)
  const page = pageById(site, clean.slice(0, slash))
  return page ? fileNamed(page.files, name) : undefined
}

/** Pages whose slug is the last segment of `id` (where a moved page may have gone). */
export const candidatesFor = (site: Site, id: string): string[] => {
  const slug = id.replace(/\/+$/, '').split('/').pop()?.toLowerCase() ?? ''
  if (slug === '') return []
  return idsWithSlug(site, slug)
}

const looksLikeDomain = (path: string): boolean => {
  const host = path.replace(/^\/+/, '').split('/')[0] ?? ''
  if (/^www\./i.test(host)) return true
  const match = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.([a-z]{2,})$/i.exec(host)
  return match !== null && TLDS.has(match[1]!.toLowerCase())
}

/** A target that is a scheme Kirby and the browser leave alone (`mailto:`, `tel:`, `javascript:`…), or a template. */
const notALink = (target: string): boolean =>
  target === '' ||
  /^(?:mailto|tel|sms|geo|javascript|data|ftp|ftps|skype|whatsapp|callto|irc|news|webcal|file):/i.test(target) ||
  /<\?|\{\{|\{%|<%/.test(target) ||
  (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^(?:https?|page|file|site|user):/i.test(target))

/**
 * Where a link leads and whether that is a problem: `how` is `kirby` for
 * `(link:)` values and pages fields (Kirby's `Url::to`), `browser` for
 * Markdown and HTML targets (left as written by Kirby, so resolved against
 * the page URL).
 */
export const judgeLink = (site: Site, from: ReferenceParent, rawTarget: string, how: 'kirby' | 'browser'): LinkVerdict => {
  const target = rawTarget.trim()
  if (notALink(target) || target.startsWith('?')) return {kind: 'skip'}
  // Without a configured site URL (kfx reads sites as `http://localhost`),
  // an absolute `http://localhost/…` in the text is no link into this site.
  if (/^https?:\/\//i.test(target) && siteUrl(site) === 'http://localhost') return {kind: 'skip'}
  // `http:www.example.com`: the browser reads it as a path of this site.
  if (/^https?:(?!\/\/)/i.test(target)) {
    const rest = target.replace(/^https?:\/*/i, '')
    return {kind: 'broken', id: rest, expected: 'an external URL with `//`', note: `The browser reads \`${target.split(':')[0]}:\` without \`//\` as a path of this site: write \`https://${rest}\``}
  }
  // `www.example.com`, `paypal.me/x`: an external address without its scheme.
  if (!/^[a-z][a-z0-9+.-]*:|^\/|^\.|^#/i.test(target) && looksLikeDomain(target) && !pageById(site, target.split('/')[0] ?? '')) {
    return {kind: 'broken', id: target, expected: 'an existing page or an external URL with its scheme', note: `It looks like an address without its scheme: write \`https://${target}\` for an external link`}
  }
  let reference = target
  if (how === 'browser' && !/^[a-z][a-z0-9+.-]*:|^\/\/|^#|^\//i.test(target)) {
    try {
      reference = new URL(target, documentUrl(site, from)).href
    } catch {
      return {kind: 'broken', id: target}
    }
  }
  const resolved: LinkTarget = resolvePageReference(site, from, reference)
  if (resolved.kind === 'page') return resolved.draft ? {kind: 'draft', page: resolved.page} : {kind: 'ok'}
  if (resolved.kind === 'external') return {kind: 'skip'}
  if (resolved.kind !== 'missing') return {kind: 'ok'}
  if (resolved.reason === 'unknown-uuid' || resolved.reason === 'not-a-page') return {kind: 'skip'}
  if (resolved.reason === 'outside-site') return {kind: 'broken', id: resolved.id, note: 'It climbs above the site URL with `../`'}
  const id = resolved.id
  const first = id.replace(/^\/+/, '').split('/')[0]?.toLowerCase() ?? ''
  if (ROUTES.has(first) || first === '@') return {kind: 'skip'}
  const extension = extensionOf(id)
  if (extension !== '') {
    if (FILE_EXTENSIONS.has(extension)) {
      if (fileAtPath(site, id)) return {kind: 'ok'}
      if (!id.includes('/') || intoContent(site, id)) return {kind: 'missing-file', id}
      // A folder the web server serves (`downloads/x.pdf` beside `content/`): not content.
      return {kind: 'skip'}
    }
    // `page/name.srt` where `page` is a page and `page/name` is not: Kirby's
    // router takes it for a file of that page, so it is a missing file.
    const clean = id.replace(/^\/+|\/+$/g, '')
    const slash = clean.lastIndexOf('/')
    if (slash > 0 && pageById(site, clean.slice(0, slash)) && !pageById(site, clean.slice(0, -extension.length - 1))) {
      if (fileAtPath(site, id)) return {kind: 'ok'}
      return {kind: 'missing-file', id}
    }
    // `sitemap.xml`, `feed.rss`, `index.php`: answered by a route or template, not by a page.
    return {kind: 'skip'}
  }
  return {kind: 'broken', id}
}

/** Why a broken link leads nowhere, in words, and the pages it may have meant. */
export const brokenNote = (site: Site, from: ReferenceParent, target: string, id: string, how: 'kirby' | 'browser'): string => {
  const parts: string[] = []
  const relative = target.startsWith('./') || target.startsWith('../') || (how === 'browser' && !/^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(target))
  if (relative) {
    const base = from === 'site' ? 'the site URL' : `the URL of \`${from.id}\``
    parts.push(
      how === 'kirby' && site.rules.version.major === 2
        ? `Kirby 2 appends it to ${base}, which leads to \`${id}\``
        : `The browser resolves it against ${base} (no trailing slash), which leads to \`${id}\``
    )
  }
  const candidates = candidatesFor(site, id).filter((candidate) => candidate !== id)
  if (candidates.length > 0) parts.push(`Pages with this slug: ${candidates.map((c) => `\`${c}\``).join(', ')}`)
  return parts.join('. ')
}

export default defineRule({
  id: 'no-broken-link',
  severity: 'error',
  description: 'Links to pages of the site that do not exist, resolved as Kirby and the browser resolve them',
  async check(context) {
    const {site} = context
    const from = parentOf(context)
    const {links} = await referencesOf(context)
    for (const link of links) {
      const how = link.source === 'tag' || link.source === 'field' ? 'kirby' : 'browser'
      const written = link.target.trim()
      // `(link: about popup: yes)` in Kirby 3+: `popup:` is glued to the
      // value. When `about` exists, the tag is malformed rather than the
      // link broken (`no-malformed-kirbytag`); otherwise `about` is judged.
      const glued = link.source === 'tag' ? gluedAttribute(written) : undefined
      const target = glued ? glued.head : written
      const verdict = judgeLink(site, from, target, how)
      if (verdict.kind !== 'broken') continue
      const notes = [verdict.note, verdict.expected ? '' : brokenNote(site, from, target, verdict.id, how)]
      if (link.replaced) notes.unshift('A second `link:` inside the tag replaced its value with this text')
      if (glued) notes.push(`The value also holds \`${glued.name}:\`, which is no attribute of \`(link:)\` in Kirby ${site.rules.version.major}`)
      const reason = `Unexpected link to \`${short(target)}\`, expected ${verdict.expected ?? 'an existing page'}: no page has the id \`${short(verdict.id.replace(/^\/+/, ''))}\``
      const note = notes.filter(Boolean).join('. ')
      context.report({reason, place: link.place, actual: link.target, ...(note === '' ? {} : {note})})
    }
  }
})

/**
 * @fileoverview KirbyText → Markdown that a CommonMark + GFM renderer turns
 * into the HTML Kirby renders (issue #4, spec §4, §5.5).
 *
 * The pipeline is Kirby's own, replayed:
 * 1. kirbytags are expanded on the raw text, before Markdown, into the
 *    HTML Kirby writes for them (`render-tag.ts`), also inside code and
 *    across lines (spec §4.1);
 * 2. the text is parsed with a port of Kirby's Parsedown (`parsedown.ts`:
 *    1.8 for Kirby 3+, 1.7.1 for Kirby 2; breaks on, extra off);
 * 3. Parsedown's tree is written as CommonMark (`md-write.ts`): Markdown
 *    where it renders the same, HTML where it cannot. A tag's `<a href>`
 *    becomes a Markdown link when it has no other attribute.
 *
 * `kirbytextToHtml` stops after step 2 and writes Parsedown's HTML, the
 * HTML Kirby renders (e-mail addresses obfuscated deterministically).
 */
import {findKirbytags} from '../kirbytag/scan.js'
import {builtinTags, type TagRegistry} from '../kirbytag/registry.js'
import type {KirbyRules} from '../kirby-version.js'
import type {Page, Site, SiteFile} from '../site/discover.js'
import {Parsedown, pdToHtml, type PdElement} from './parsedown.js'
import {renderTag, type TagContext} from './render-tag.js'
import {writeBlocks, type WriteNote} from './md-write.js'

/** Options of {@link kirbytextToMarkdown}. */
export interface KirbytextToMarkdownOptions {
  /** Rules of the Kirby version (2: Parsedown 1.7.1 and Kirby 2's tags). */
  rules: KirbyRules
  /** Known tags (default: the version's built-in tags). */
  registry?: TagRegistry | undefined
  /** The site, to resolve files and pages. Without it, no file is found. */
  site?: Site | undefined
  /** The model the field belongs to (default: the site). */
  page?: Page | 'site' | undefined
  /** URL of that model (`http://localhost/blog/post`). */
  pageUrl: string
  /** Site URL (default `http://localhost`). */
  baseUrl?: string | undefined
  /**
   * URL written for a file (default: Kirby 3+ `<page url>/<file>`, Kirby 2
   * `<site url>/content/<folders>/<file>`, as the golden data's settings).
   */
  fileUrl?: ((file: SiteFile, page: Page | 'site') => string) | undefined
  /**
   * `html` (default): tags as Kirby's HTML, Markdown where it is the same
   * (exact); `markdown`: images as `![alt](src "caption")` (idiomatic, a
   * figure is lost); `keep`: tags left as written.
   */
  tags?: 'html' | 'markdown' | 'keep' | undefined
  /** Markdown Extra (`markdown.extra`); not supported: reported as a problem. */
  extra?: boolean | undefined
  /** The time `(date:)` renders (default: now). */
  now?: Date | undefined
}

/** Something that may make the Markdown render differently from Kirby. */
export interface ConvertProblem {
  /** Machine-readable reason (`file-not-found`, `date-changes`, `list-mixed-tightness`…). */
  reason: string
  /** Offset in the value (the tag's start for tag problems; 0 for the field as a whole). */
  offset: number
}

/** Result of {@link kirbytextToMarkdown}. */
export interface KirbytextToMarkdownResult {
  markdown: string
  problems: ConvertProblem[]
}

const PLACEHOLDER = /\uE000(\d+)\uE001/g

const defaultFileUrl =
  (rules: KirbyRules, base: string, site: Site | undefined) =>
  (file: SiteFile, page: Page | 'site'): string => {
    if (rules.version.major === 2) return `${base}/${file.path.split('/').map(encodeSegment).join('/')}`
    const owner = page === 'site' ? base : page.url
    void site
    return `${owner}/${rawUrlEncode(file.filename)}`
  }

/** PHP `rawurlencode`. */
const rawUrlEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const encodeSegment = (s: string): string => s

interface Expanded {
  text: string
  problems: ConvertProblem[]
  /** For `keep`: the source of each placeholder. */
  kept: string[]
}

const tagContext = (options: KirbytextToMarkdownOptions, problems: ConvertProblem[], depth: number): TagContext => {
  const base = (options.baseUrl ?? 'http://localhost').replace(/\/+$/, '')
  return {
    rules: options.rules,
    site: options.site,
    page: options.page ?? 'site',
    pageUrl: options.pageUrl,
    baseUrl: base,
    fileUrl: options.fileUrl ?? defaultFileUrl(options.rules, base, options.site),
    now: options.now,
    renderInline: (kirbytext) => {
      if (depth > 8) return kirbytext
      const inner = expand(kirbytext, {...options, tags: 'html'}, depth + 1)
      problems.push(...inner.problems.map((p) => ({...p, offset: 0})))
      return pdToHtml(new Parsedown(options.rules.version.major === 2 ? '1.7' : '1.8').parseInline(inner.text))
    }
  }
}

/** Kirby's tag pass: every tag replaced by its HTML (or a placeholder for `keep`). */
const expand = (value: string, options: KirbytextToMarkdownOptions, depth = 0): Expanded => {
  const problems: ConvertProblem[] = []
  const kept: string[] = []
  const registry = options.registry ?? builtinTags(options.rules)
  const {tags} = findKirbytags(value, {rules: options.rules, registry})
  if (tags.length === 0) return {text: value, problems, kept}
  const ctx = tagContext(options, problems, depth)
  let out = ''
  let last = 0
  for (const tag of tags) {
    out += value.slice(last, tag.start)
    last = tag.end
    if (options.tags === 'keep') {
      out += `\uE000${kept.length}\uE001`
      kept.push(tag.raw)
      continue
    }
    let rendered
    try {
      rendered = renderTag(tag, ctx)
    } catch {
      rendered = undefined
      problems.push({reason: 'tag-render-failed', offset: tag.start})
    }
    if (!rendered) {
      out += tag.raw
      continue
    }
    if (rendered.problem) problems.push({reason: rendered.problem, offset: tag.start})
    if (options.tags === 'markdown' && tag.type === 'image') {
      const src = /<img[^>]*\ssrc="([^"]*)"/.exec(rendered.html)?.[1] ?? tag.value
      const alt = /<img[^>]*\salt="([^"]*)"/.exec(rendered.html)?.[1] ?? ''
      const caption = /<figcaption>([\s\S]*)<\/figcaption>/.exec(rendered.html)?.[1]
      out += `![${alt.replace(/[[\]\\]/g, '\\$&')}](<${src}>${caption === undefined ? '' : ` "${caption.replace(/<[^>]*>/g, '').replace(/"/g, '&quot;')}"`})`
      continue
    }
    out += rendered.html
  }
  out += value.slice(last)
  return {text: out, problems, kept}
}

const parsedownFor = (rules: KirbyRules): Parsedown => new Parsedown(rules.version.major === 2 ? '1.7' : '1.8')

/** Kirby's HTML for a KirbyText value (`$field->kirbytext()`). */
export const kirbytextToHtml = (value: string, options: KirbytextToMarkdownOptions): {html: string; problems: ConvertProblem[]} => {
  const expanded = expand(value, {...options, tags: 'html'})
  return {html: pdToHtml(parsedownFor(options.rules).parse(expanded.text)), problems: expanded.problems}
}

/** Parsedown's element tree for a KirbyText value, tags expanded. */
export const kirbytextToTree = (value: string, options: KirbytextToMarkdownOptions): PdElement[] =>
  parsedownFor(options.rules).parse(expand(value, {...options, tags: 'html'}).text)

/**
 * KirbyText → Markdown. With `tags: 'html'` (default), a CommonMark + GFM
 * renderer (with raw HTML allowed) renders the result to Kirby's HTML for
 * the value; `problems` lists what may still differ.
 */
export const kirbytextToMarkdown = (value: string, options: KirbytextToMarkdownOptions): KirbytextToMarkdownResult => {
  const expanded = expand(value, options)
  const problems = [...expanded.problems]
  if (options.extra) problems.push({reason: 'markdown-extra-unsupported', offset: 0})
  const tree = parsedownFor(options.rules).parse(expanded.text)
  const notes: WriteNote[] = []
  let markdown = writeBlocks(tree, {notes})
  for (const note of notes) problems.push({reason: note.reason, offset: 0})
  if (expanded.kept.length > 0) markdown = markdown.replace(PLACEHOLDER, (_, n: string) => expanded.kept[Number(n)] ?? '')
  return {markdown: markdown === '' ? '' : `${markdown}\n`, problems}
}

/**
 * @fileoverview The fidelity check of `kirbytextToMarkdown` against Kirby's
 * own HTML (golden `kirbytext.jsonl`): render kfx's Markdown with two
 * CommonMark + GFM renderers and compare with Kirby's HTML after
 * normalising what does not change what a reader sees.
 *
 * Normalisation (both sides): parse as HTML (parse5 via
 * hast-util-from-html, so entities — also the numeric references of
 * Kirby's e-mail obfuscation — are decoded); drop comments; collapse
 * whitespace runs in text to one space and drop whitespace next to block
 * elements and line breaks (outside `pre`); trailing newlines of a `pre`;
 * `href`/`src` resolved against `<page url>/`, percent-decoded, and Kirby 2
 * file URLs (`/content/3-events/12-x/a.jpg`) read as `/events/x/a.jpg`, the
 * Kirby 5 form; `style="text-align: x;"` and `align="x"` as one attribute;
 * attributes sorted; `<s>` (markdown-it's strikethrough) read as `<del>`;
 * percent escapes upper-cased; an empty `<tbody>` dropped.
 */
import {readFileSync} from 'node:fs'
import MarkdownIt from 'markdown-it'
import {fromHtml} from 'hast-util-from-html'
import type {Root, RootContent, Element} from 'hast'
import {unified, type Processor} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'

const BLOCK = new Set(
  'address article aside blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html legend li main menu nav ol optgroup option p pre section summary table tbody td tfoot th thead tr ul video iframe script style audio source picture'.split(
    ' '
  )
)

type Node = {t: string} | {e: string; a: Array<[string, string]>; c: Node[]}

const decodeSafe = (s: string): string => {
  try {
    return decodeURI(s)
  } catch {
    return s
  }
}

const normalizeUrl = (value: string, base: string): string => {
  let url: URL
  try {
    url = new URL(value.trim(), `${base}/`)
  } catch {
    return value
  }
  let path = url.pathname
  // Kirby 2 file URLs: /content/<numbered folders>/<file> → /<ids>/<file>.
  if (path.startsWith('/content/')) {
    const parts = path.slice('/content/'.length).split('/')
    const file = parts.pop()!
    path = '/' + [...parts.map((p) => p.replace(/^\d+-/, '')), file].filter((p) => p !== '').join('/')
  }
  return decodeSafe(`${url.protocol}//${url.host}${path}${url.search}${url.hash}`).replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase())
}

const canon = (nodes: readonly RootContent[], base: string, inPre: boolean): Node[] => {
  const out: Node[] = []
  for (const n of nodes) {
    if (n.type === 'text') {
      out.push({t: inPre ? n.value : n.value.replace(/[ \t\n\r\f]+/g, ' ')})
    } else if (n.type === 'element') {
      const el = n as Element
      const attrs: Array<[string, string]> = []
      let align: string | undefined
      for (const [k, v] of Object.entries(el.properties ?? {})) {
        let value = Array.isArray(v) ? v.join(' ') : v === true ? '' : String(v)
        if (k === 'style') {
          const m = /text-align:\s*(\w+);?/.exec(value)
          if (m) {
            align = m[1]
            value = value.replace(/text-align:\s*\w+;?/, '').trim()
            if (value === '') continue
          }
        }
        if (k === 'align') {
          align = value
          continue
        }
        if (k === 'href' || k === 'src') value = normalizeUrl(value, base)
        if (k === 'start') value = String(Number(value))
        attrs.push([k, value])
      }
      if (align) attrs.push(['align', align])
      attrs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      const children = el.tagName === 'template' ? [] : canon(el.children as RootContent[], base, inPre || el.tagName === 'pre')
      // markdown-it writes GFM strikethrough as <s>, remark and Parsedown as <del>.
      // An empty <tbody> (Parsedown's table without rows; GFM writes none) shows nothing.
      if (el.tagName === 'tbody' && children.length === 0) continue
      out.push({e: el.tagName === 's' ? 'del' : el.tagName, a: attrs, c: children})
    }
  }
  // Whitespace next to blocks and line breaks does not show.
  const isBlockish = (x: Node | undefined): boolean => x === undefined || ('e' in x && (BLOCK.has(x.e) || x.e === 'br'))
  const merged: Node[] = []
  for (const x of out) {
    const last = merged[merged.length - 1]
    if ('t' in x && last && 't' in last) last.t += x.t
    else merged.push(x)
  }
  if (inPre) {
    const last = merged[merged.length - 1]
    if (last && 't' in last) last.t = last.t.replace(/\n+$/, '')
    return merged
  }
  for (let i = 0; i < merged.length; i++) {
    const x = merged[i]!
    if (!('t' in x)) continue
    let t = x.t.replace(/ +/g, ' ')
    if (isBlockish(merged[i - 1])) t = t.replace(/^ /, '')
    if (isBlockish(merged[i + 1])) t = t.replace(/ $/, '')
    x.t = t
  }
  return merged.filter((x) => !('t' in x) || x.t !== '')
}

const serialize = (nodes: Node[]): string =>
  nodes.map((n) => ('t' in n ? JSON.stringify(n.t) : `<${n.e}${n.a.map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('')}>${serialize(n.c)}</${n.e}>`)).join('')

/** Canonical form of an HTML fragment for comparison. */
export const normalizeHtml = (html: string, pageUrl: string): string => {
  const tree = fromHtml(html, {fragment: true}) as Root
  return serialize(canon(tree.children, pageUrl, false))
}

let remarkProcessor: Processor<any, any, any, any, string> | undefined
let mdit: MarkdownIt | undefined

/** unified + remark-parse + remark-gfm + remark-rehype (raw HTML) + rehype-raw + rehype-stringify. */
export const renderRemark = (markdown: string): string => {
  remarkProcessor ??= unified().use(remarkParse).use(remarkGfm).use(remarkRehype, {allowDangerousHtml: true}).use(rehypeRaw).use(rehypeStringify) as never
  return String(remarkProcessor!.processSync(markdown))
}

/** markdown-it with `html: true, linkify: false` (tables and strikethrough are built in). */
export const renderMarkdownIt = (markdown: string): string => {
  mdit ??= new MarkdownIt({html: true, linkify: false})
  return mdit.render(markdown)
}

/** One golden line. */
export interface GoldenLine {
  file: string
  field: string
  page: string | null
  url: string
  html: string
  virtual?: boolean
  nondeterministic?: string[]
}

/** The golden lines of a corpus. */
export const readGolden = (path: string): GoldenLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as GoldenLine)

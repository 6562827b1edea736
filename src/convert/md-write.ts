/**
 * @fileoverview Writes a Parsedown element tree (see `parsedown.ts`) as
 * CommonMark + GFM that renders to the same HTML.
 *
 * Written by hand: `mdast-util-to-markdown` writes a CommonMark tree, but
 * Parsedown's tree has shapes CommonMark has no node for (a list whose
 * first paragraph is unwrapped and the next one not, raw HTML blocks whose
 * extent CommonMark would cut differently, emphasis CommonMark's flanking
 * rules cannot open), and each of those needs its own decision: Markdown
 * where Markdown gives the same HTML, HTML where it cannot.
 *
 * Rules that keep CommonMark from misreading the output:
 * * text escapes what could start a construct (`*`, `` ` ``, `[`, `]`,
 *   `|`, `~`, `\`, `<` before a tag-like character, `&` before an entity,
 *   `_` unless inside a word) and, at a line start, block markers;
 *   GFM's bare autolinks (`www.`, `http://`, e-mail addresses) are broken
 *   with an escape because Parsedown does not link them;
 * * every Parsedown line break is a `\` hard break;
 * * raw HTML blocks are written so that a CommonMark HTML block starts on
 *   each line Parsedown's block covers (a line CommonMark would not start
 *   one on gets an empty comment `<!---->` in front);
 * * blocks CommonMark cannot express (mixed tight/loose lists, tables with
 *   ragged rows, …) are written as Parsedown's HTML.
 */
import type {PdElement} from './parsedown.js'
import {pdToHtml} from './parsedown.js'

/** Something the writer could not write as Markdown. */
export interface WriteNote {
  reason: string
}

const PUNCT = /[\p{P}\p{S}]/u
const SPACE = /[\p{Zs}\t\n\f\r]/u
const ALNUM = /[\p{L}\p{N}]/u

const HTML_BLOCK_6 = new Set(
  'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param section summary table tbody td tfoot th thead title tr track ul'.split(' ')
)
const ATTR_CM = `(?:[ \\t\\n]+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:[ \\t\\n]*=[ \\t\\n]*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?)`
const OPEN_TAG_CM = new RegExp(`^<[A-Za-z][A-Za-z0-9-]*${ATTR_CM}*[ \\t\\n]*/?>$`)
const CLOSE_TAG_CM = /^<\/[A-Za-z][A-Za-z0-9-]*[ \t\n]*>$/
const TYPE7 = new RegExp(`^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*${ATTR_CM}*[ \\t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \\t]*>)[ \\t]*$`)

/** The CommonMark HTML block type a line starts (0: none); 7 only where it may (not after a paragraph line). */
const htmlBlockStart = (line: string, mayBe7: boolean): {type: number; end?: RegExp} => {
  const m = /^ {0,3}(<.*)$/.exec(line)
  if (!m) return {type: 0}
  const s = m[1]!
  if (/^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i.test(s)) return {type: 1, end: /<\/(?:script|pre|style|textarea)>/i}
  if (s.startsWith('<!--')) return {type: 2, end: /-->/}
  if (s.startsWith('<?')) return {type: 3, end: /\?>/}
  if (/^<![A-Za-z]/.test(s)) return {type: 4, end: />/}
  if (s.startsWith('<![CDATA[')) return {type: 5, end: /\]\]>/}
  const six = /^<\/?([A-Za-z][A-Za-z0-9]*)(?:[ \t]|\/?>|$)/.exec(s)
  if (six && HTML_BLOCK_6.has(six[1]!.toLowerCase())) return {type: 6}
  if (mayBe7 && TYPE7.test(line) && !/^ {0,3}<\/?(?:script|pre|style|textarea)\b/i.test(line)) return {type: 7}
  return {type: 0}
}

/** Writes raw HTML lines so CommonMark keeps every line raw, in one place. */
export const writeHtmlBlock = (html: string, afterParagraph = false): string => {
  const out: string[] = []
  let needStart = true
  let end: RegExp | undefined
  let first = true
  for (const line of html.split('\n')) {
    if (line.trim() === '') {
      // A blank line ends types 6 and 7; inside 1–5 it is content.
      out.push('')
      if (!end) needStart = true
      first = false
      continue
    }
    if (needStart) {
      const start = htmlBlockStart(line, !(first && afterParagraph))
      if (start.type === 0) {
        out.push(`<!---->${line}`)
        needStart = true
      } else {
        out.push(line)
        end = start.end
        needStart = end ? end.test(line.slice(line.indexOf('<') + 1)) : false
        if (needStart) end = undefined
      }
    } else if (end) {
      out.push(line)
      if (end.test(line)) {
        end = undefined
        needStart = true
      }
    } else {
      out.push(line)
    }
    first = false
  }
  return out.join('\n')
}

// ---------------------------------------------------------------------------
// Inline.

const decodeAttr = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|#039);/gi, (all, e: string) => {
    const l = e.toLowerCase()
    if (l === 'amp') return '&'
    if (l === 'lt') return '<'
    if (l === 'gt') return '>'
    if (l === 'quot') return '"'
    if (l === 'apos' || l === '#039') return "'"
    const n = l[1] === 'x' ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10)
    return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all
  })

/** Folds raw `<a href="…">` … `</a>` (a kirbytag's link) into a link element when nothing else is on the tag. */
export const foldLinks = (elements: PdElement[]): PdElement[] => {
  const out: PdElement[] = []
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!
    const open = e.source === 'inlineMarkup' ? /^<a href="([^"]*)"(?: title="([^"]*)")?>$/.exec(e.rawHtml!) : null
    if (open) {
      let close = -1
      for (let j = i + 1; j < elements.length; j++) {
        const x = elements[j]!
        if (x.source === 'inlineMarkup' && /^<\/a\s*>$/i.test(x.rawHtml!)) {
          close = j
          break
        }
        if (x.rawHtml !== undefined && /<a[\s>]/i.test(x.rawHtml)) break
        if (x.name === 'a') break
      }
      if (close > 0) {
        const attributes: Array<[string, string]> = [['href', decodeAttr(open[1]!)]]
        if (open[2] !== undefined) attributes.push(['title', decodeAttr(open[2])])
        out.push({name: 'a', attributes, elements: foldLinks(elements.slice(i + 1, close)), source: 'inlineMarkup'})
        i = close
        continue
      }
    }
    out.push(e.elements ? {...e, elements: foldLinks(e.elements)} : e)
  }
  return out
}

/** Plain text of an element, for flanking decisions. */
const plainText = (e: PdElement): string => {
  if (e.text !== undefined) return e.text
  if (e.rawHtml !== undefined) return e.rawHtml
  if (e.elements) return e.elements.map(plainText).join('')
  return e.name === 'img' ? '!' : ''
}

const escapeText = (text: string, lineStart: boolean, before: string, inTable: boolean): string => {
  let out = ''
  const chars = [...text]
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    const prev = i > 0 ? chars[i - 1]! : before
    const next = chars[i + 1] ?? ''
    const atStart = i === 0 ? lineStart : chars[i - 1] === '\n'
    if (atStart) {
      if (c === '#' || c === '>' || c === '=' || ((c === '-' || c === '+') && (next === '' || next === ' ' || next === '\t' || next === '-' || next === '\n'))) {
        out += `\\${c}`
        continue
      }
      const num = /^([0-9]{1,9})([.)])(?=[ \t\n]|$)/.exec(chars.slice(i, i + 12).join(''))
      if (num) {
        out += `${num[1]!}\\${num[2]!}`
        i += num[0].length - 1
        continue
      }
      if (c === ' ' || c === '\t') {
        out += c === ' ' ? '&#32;' : '&#9;'
        continue
      }
    }
    switch (c) {
      case '\\':
      case '*':
      case '`':
      case '[':
      case ']':
      case '~':
      case '|':
        out += `\\${c}`
        continue
      case '_':
        out += ALNUM.test(prev) && ALNUM.test(next) ? '_' : '\\_'
        continue
      case '<':
        out += next === '' || next === ' ' || next === '\n' ? '<' : '\\<'
        continue
      case '&':
        out += /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(chars.slice(i, i + 40).join('')) ? '\\&' : '&'
        continue
      // GFM (remark-gfm) links bare e-mail addresses, `www.` and
      // `http(s)://` in text after parsing, across escapes; Parsedown does
      // not. An empty comment splits the text node (it renders nothing).
      case '@':
        out += (ALNUM.test(prev) || /[.+_-]/.test(prev)) && /[A-Za-z0-9_-]/.test(next) ? '<!---->@' : '@'
        continue
      case ':':
        out += /(?:https?|mailto|xmpp)$/i.test(chars.slice(Math.max(0, i - 6), i).join('')) ? '<!---->:' : ':'
        continue
      case '.': {
        const w = chars.slice(Math.max(0, i - 3), i).join('')
        out += /^www$/i.test(w) ? '<!---->.' : '.'
        continue
      }
      case '\n':
        out += '\n'
        continue
    }
    if (inTable && c === '|') out += '\\|'
    else out += c
  }
  return out
}

const isWs = (c: string): boolean => c === '' || SPACE.test(c)
const isPunct = (c: string): boolean => c !== '' && PUNCT.test(c)
const leftFlanking = (before: string, after: string): boolean => !isWs(after) && (!isPunct(after) || isWs(before) || isPunct(before))
const rightFlanking = (before: string, after: string): boolean => !isWs(before) && (!isPunct(before) || isWs(after) || isPunct(after))

/** Whether `delim` + content + `delim` emphasises between `prev` and `next` characters. */
const canDelimit = (delim: string, prev: string, first: string, last: string, next: string): boolean => {
  const c = delim[0]!
  const opens = leftFlanking(prev, first)
  const closes = rightFlanking(last, next)
  if (!opens || !closes) return false
  if (c === '_') {
    if (rightFlanking(prev, first) && !isPunct(prev)) return false
    if (leftFlanking(last, next) && !isPunct(next)) return false
  }
  if (prev === c || next === c || first === c || last === c) return false
  return true
}

const BAD_LINK = /^(?:javascript|vbscript|file|data):/i

interface InlineState {
  out: string
  inTable: boolean
  notes: WriteNote[]
}

const lastChar = (s: string): string => {
  const chars = [...s]
  return chars[chars.length - 1] ?? ''
}

/** Numeric character references as text, merged with the text around them (so escapes see whole words). */
const decodeNumeric = (elements: readonly PdElement[]): PdElement[] => {
  const out: PdElement[] = []
  for (const e of elements) {
    let x = e
    if (e.source === 'entity' && e.rawHtml !== undefined) {
      const m = /^&#(x[0-9a-f]+|[0-9]+);$/i.exec(e.rawHtml)
      if (m) {
        const n = m[1]![0]!.toLowerCase() === 'x' ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10)
        const c = n > 0x20 && n < 0x110000 && n !== 0x7f && !(n >= 0x80 && n <= 0x9f) && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined
        if (c !== undefined && !SPACE.test(c) && !/[\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/.test(c)) x = {text: c}
      }
    }
    const last = out[out.length - 1]
    if (last && last.text !== undefined && last.name === undefined && x.text !== undefined && x.name === undefined && x.text !== '\n' && !last.text.endsWith('\n')) {
      out[out.length - 1] = {text: last.text + x.text}
    } else {
      out.push(x)
    }
  }
  return out
}

const writeInlines = (input: readonly PdElement[], state: InlineState): void => {
  const elements = decodeNumeric(input)
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!
    const following = elements.slice(i + 1)
    writeInline(e, state, following)
  }
}

/** First character the elements after this one will write (approximately). */
const nextChar = (following: readonly PdElement[]): string => {
  for (const e of following) {
    if (e.name === 'br') return '\\'
    if (e.name === 'em' || e.name === 'strong' || e.name === 'del') return '*'
    if (e.name === 'a' || e.name === 'img') return e.name === 'a' ? '[' : '!'
    if (e.name === 'code') return '`'
    const t = plainText(e)
    if (t !== '') return [...t][0]!
  }
  return ''
}

const inlineHtml = (raw: string): string | undefined => {
  if (OPEN_TAG_CM.test(raw) || CLOSE_TAG_CM.test(raw)) return raw
  if (/^<!---->|^<!--->$|^<!--(?:[^-]|-[^-]|--[^>])*-->$/.test(raw) && !raw.includes('\n\n')) return raw
  // Parsedown accepts attributes without space between them; put one in.
  const fixed = raw.replace(/("|')(?=[a-zA-Z_:])/g, '$1 ')
  if (OPEN_TAG_CM.test(fixed)) return fixed
  return undefined
}

const linkDestination = (href: string): string => {
  const escaped = href.replace(/\\/g, '\\\\').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
  if (/^[^\s<>()\\\x00-\x1f]*$/.test(href) && href !== '') return escaped
  return `<${escaped.replace(/[<>]/g, '\\$&')}>`
}
const linkTitle = (title: string): string => ` "${title.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')}"`
const attr = (e: PdElement, name: string): string | undefined => e.attributes?.find(([n]) => n === name)?.[1]

const writeInline = (e: PdElement, state: InlineState, following: readonly PdElement[]): void => {
  const lineStart = state.out === '' || state.out.endsWith('\n')
  const before = lastChar(state.out)
  if (e.name === undefined) {
    if (e.text !== undefined) {
      let text = e.text
      if (state.out.endsWith('\\\n') && text.startsWith('\n')) text = text.slice(1)
      state.out += escapeText(text, lineStart || state.out.endsWith('\n'), before, state.inTable)
      return
    }
    if (e.rawHtml !== undefined) {
      if (e.source === 'escape') {
        state.out += escapeText(e.rawHtml, lineStart, before, state.inTable)
        return
      }
      if (e.source === 'entity') {
        const m = /^&#(x[0-9a-f]+|[0-9]+);$/i.exec(e.rawHtml)
        if (m) {
          const n = m[1]![0]!.toLowerCase() === 'x' ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10)
          const c = n > 0x20 && n < 0x110000 && n !== 0x7f && !(n >= 0x80 && n <= 0x9f) && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined
          if (c !== undefined && !SPACE.test(c) && !/[\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/.test(c)) {
            state.out += escapeText(c, lineStart, before, state.inTable)
            return
          }
        }
        state.out += e.rawHtml
        return
      }
      const html = inlineHtml(e.rawHtml)
      if (html === undefined) state.notes.push({reason: 'inline-html-not-commonmark'})
      state.out += html ?? e.rawHtml
      return
    }
    if (e.elements) writeInlines(e.elements, state)
    return
  }
  switch (e.name) {
    case 'br': {
      const rest = following.map(plainText).join('')
      state.out += rest.replace(/^\n/, '') === '' ? '<br />' : '\\\n'
      if (!following.length || !(following[0]!.text ?? '').startsWith('\n')) state.out += ''
      return
    }
    case 'code': {
      const text = (e.text ?? '').replace(/\|/g, state.inTable ? '\\|' : '|')
      let run = 0
      for (const m of text.matchAll(/`+/g)) run = Math.max(run, m[0].length)
      const fence = '`'.repeat(run + 1)
      const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : ''
      state.out += `${fence}${pad}${text}${pad}${fence}`
      return
    }
    case 'em':
    case 'strong':
    case 'del': {
      const inner: InlineState = {out: '', inTable: state.inTable, notes: state.notes}
      writeInlines(e.elements ?? [], inner)
      const content = inner.out
      const first = [...content][0] ?? ''
      const last = lastChar(content)
      const next = nextChar(following)
      const options = e.name === 'em' ? ['*', '_'] : e.name === 'strong' ? ['**', '__'] : ['~~']
      const delim = content === '' || content.includes('\n\n') ? undefined : options.find((d) => canDelimit(d, before, first, last, next))
      state.out += delim ? `${delim}${content}${delim}` : `<${e.name}>${content}</${e.name}>`
      return
    }
    case 'a': {
      const href = attr(e, 'href') ?? ''
      const title = attr(e, 'title')
      const children = e.elements ?? (e.text !== undefined ? [{text: e.text}] : [])
      const nested = children.some((c) => c.name === 'a' || (c.rawHtml !== undefined && /<a[\s>]/i.test(c.rawHtml)) || JSON.stringify(c).includes('"name":"a"'))
      const onlyText = children.length === 1 && children[0]!.text === href && title === undefined
      // markdown-it shows an autolink's text percent-decoded: only plain ASCII URLs.
      if (onlyText && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[!-~]*$/.test(href) && !/[%<>]/.test(href) && !BAD_LINK.test(href) && !/\\/.test(href)) {
        state.out += `<${href}>`
        return
      }
      const inner: InlineState = {out: '', inTable: state.inTable, notes: state.notes}
      writeInlines(children, inner)
      if (nested || BAD_LINK.test(href) || inner.out.includes('\n\n')) {
        state.out += `<a href="${escapeAttr(href)}"${title === undefined ? '' : ` title="${escapeAttr(title)}"`}>${inner.out}</a>`
        return
      }
      state.out += `[${inner.out}](${linkDestination(href)}${title === undefined ? '' : linkTitle(title)})`
      return
    }
    case 'img': {
      const src = attr(e, 'src') ?? ''
      const alt = attr(e, 'alt') ?? ''
      const title = attr(e, 'title')
      if (BAD_LINK.test(src) || alt.includes('\n')) {
        state.out += `<img${(e.attributes ?? []).map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('')} />`
        return
      }
      // Only what would change the alt's plain text (markdown-it drops some escapes there).
      const altMd = alt.replace(/[\\[\]*_`<&~]/g, '\\$&')
      state.out += `![${altMd}](${linkDestination(src)}${title === undefined ? '' : linkTitle(title)})`
      return
    }
  }
  // Any other element: Parsedown's HTML.
  state.out += pdToHtml([e])
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Inline content of a paragraph, heading or cell. */
const inline = (elements: readonly PdElement[], notes: WriteNote[], inTable = false): string => {
  const state: InlineState = {out: '', inTable, notes}
  writeInlines(foldLinks([...elements]), state)
  return state.out
}

// ---------------------------------------------------------------------------
// Blocks.

interface BlockContext {
  notes: WriteNote[]
  /** Bullet characters used by the previous sibling list (lists next to each other must differ). */
}

const indentLines = (text: string, first: string, rest: string): string =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first + line : line === '' ? '' : rest + line))
    .join('\n')

const isParagraphLike = (e: PdElement): boolean => e.name === 'p' || (e.name === undefined && e.elements !== undefined)

/** Writes blocks; `tight` joins them without blank lines (a tight list item). */
export const writeBlocks = (elements: readonly PdElement[], ctx: BlockContext, tight = false): string => {
  const parts: string[] = []
  let previous: PdElement | undefined
  let bullet = 0
  let ordered = 0
  for (const e of elements) {
    if (e.name === undefined && e.elements === undefined && e.rawHtml === undefined && e.text === undefined) continue
    const afterParagraph = tight && previous !== undefined && isParagraphLike(previous)
    let md: string
    if (e.name === 'ul' || e.name === 'ol') {
      const lists = e.name === 'ul' ? ['-', '*', '+'] : ['.', ')']
      const adjacent = previous !== undefined && previous.name === e.name
      if (e.name === 'ul') bullet = adjacent ? (bullet + 1) % 3 : 0
      else ordered = adjacent ? (ordered + 1) % 2 : 0
      md = writeList(e, ctx, e.name === 'ul' ? lists[bullet]! : lists[ordered]!, afterParagraph)
    } else {
      md = writeBlock(e, ctx, afterParagraph)
    }
    parts.push(md)
    previous = e
  }
  return parts.join(tight ? '\n' : '\n\n')
}

const fallback = (e: PdElement, ctx: BlockContext, reason: string, afterParagraph = false): string => {
  ctx.notes.push({reason})
  return writeHtmlBlock(pdToHtml([e]), afterParagraph)
}

const writeBlock = (e: PdElement, ctx: BlockContext, afterParagraph: boolean): string => {
  if (e.rawHtml !== undefined && e.name === undefined) return writeHtmlBlock(e.rawHtml, afterParagraph)
  switch (e.name) {
    case undefined:
    case 'p': {
      const md = inline(e.elements ?? [], ctx.notes)
      // A paragraph whose first line CommonMark reads as an HTML block
      // (a lone `<br />`, `<span>`…) is written as Parsedown's HTML.
      const first = md.split('\n', 1)[0]!
      if (e.name === 'p' && htmlBlockStart(first, !afterParagraph).type !== 0) return fallback(e, ctx, 'paragraph-starts-with-html', afterParagraph)
      return md
    }
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      const level = Number(e.name[1])
      let content = inline(e.elements ?? [], ctx.notes)
      if (content.includes('\n')) {
        if (level <= 2 && !afterParagraph) return `${content}\n${level === 1 ? '===' : '---'}`
        return fallback(e, ctx, 'multiline-heading', afterParagraph)
      }
      if (content.endsWith('#')) content = `${content.slice(0, -1)}\\#`
      content = content.replace(/^[ \t]/, (c) => (c === ' ' ? '&#32;' : '&#9;')).replace(/[ \t]+$/, '')
      return content === '' ? '#'.repeat(level) : `${'#'.repeat(level)} ${content}`
    }
    case 'hr':
      return '***'
    case 'pre': {
      const code = e.elements?.[0]
      const text = code?.text ?? ''
      const language = code ? /^language-(.*)$/.exec(attr(code, 'class') ?? '')?.[1] : undefined
      if (language !== undefined && (/[`\s]/.test(language) || language === '')) return fallback(e, ctx, 'code-language')
      // remark drops a fenced block's first line ending: a leading blank line needs HTML.
      if (text.startsWith('\n')) return writeHtmlBlock(pdToHtml([e]), afterParagraph)
      let run = 2
      for (const m of text.matchAll(/^[ ]{0,3}(`{3,}|~{3,})/gm)) run = Math.max(run, m[1]!.length)
      const fence = '`'.repeat(run + 1)
      const info = language === undefined ? '' : language.replace(/[\\&]/g, '\\$&')
      return `${fence}${info}\n${text}${text === '' ? '' : '\n'}${fence}`
    }
    case 'blockquote': {
      const inner = writeBlocks(e.elements ?? [], ctx)
      return inner
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n')
    }
    case 'table':
      return writeTable(e, ctx)
  }
  return fallback(e, ctx, `element-${e.name}`, afterParagraph)
}

const writeList = (e: PdElement, ctx: BlockContext, delimiter: string, afterParagraph: boolean): string => {
  const items = e.elements ?? []
  const looseItems = items.filter((li) => !li.tight && (li.elements ?? []).some((c) => c.name === 'p'))
  const tightItems = items.filter((li) => li.tight)
  const loose = looseItems.length > 0
  if (loose && tightItems.length > 0) return fallback(e, ctx, 'list-mixed-tightness', afterParagraph)
  // A tight item with a wrapped paragraph after its first one cannot be written.
  for (const li of items) {
    const children = li.elements ?? []
    if (!loose && children.some((c, i) => c.name === 'p' && i >= 0)) return fallback(e, ctx, 'list-paragraph-in-tight-item', afterParagraph)
    if (loose && li.tight) return fallback(e, ctx, 'list-mixed-tightness', afterParagraph)
  }
  const startAttr = attr(e, 'start')
  let number = startAttr === undefined ? 1 : Number(startAttr)
  if (e.name === 'ol' && (!Number.isSafeInteger(number) || String(number).length > 9)) return fallback(e, ctx, 'list-start', afterParagraph)
  if (afterParagraph && (number !== 1 || (items[0]?.elements ?? []).length === 0)) return fallback(e, ctx, 'list-cannot-interrupt', afterParagraph)
  const out: string[] = []
  for (const li of items) {
    const marker = e.name === 'ol' ? `${number}${delimiter}` : delimiter
    number++
    const body = writeBlocks(li.elements ?? [], ctx, !loose)
    if (body === '') {
      out.push(marker)
      continue
    }
    const pad = ' '.repeat(marker.length + 1)
    // Content starting with spaces would change the item's indentation.
    const safe = /^[ \t]/.test(body) ? `&#32;${body.replace(/^[ \t]/, '')}` : body
    out.push(indentLines(safe, `${marker} `, pad))
  }
  // CommonMark makes a list loose only through blank lines between items or
  // between two blocks of an item: give a lone single-block item a second,
  // invisible block.
  if (loose && items.length === 1 && (items[0]!.elements ?? []).length <= 1 && out.length === 1) {
    out[0] = `${out[0]!}\n\n${' '.repeat((e.name === 'ol' ? `${number - 1}${delimiter}` : delimiter).length + 1)}<!---->`
  }
  return out.join(loose ? '\n\n' : '\n')
}

const writeTable = (e: PdElement, ctx: BlockContext): string => {
  const rows: PdElement[] = []
  const head = e.elements?.[0]?.elements?.[0]
  if (!head) return fallback(e, ctx, 'table')
  const body = e.elements?.[1]?.elements ?? []
  const width = head.elements?.length ?? 0
  if (width === 0 || body.some((tr) => (tr.elements?.length ?? 0) !== width)) return fallback(e, ctx, 'table-ragged')
  rows.push(head, ...body)
  const lines: string[] = []
  for (const [index, tr] of rows.entries()) {
    const cells = (tr.elements ?? []).map((cell) => {
      if (JSON.stringify(cell).includes('"name":"code"') && JSON.stringify(cell).includes('|')) return undefined
      return inline(cell.elements ?? [], ctx.notes, true)
    })
    if (cells.some((c) => c === undefined || c.includes('\n'))) return fallback(e, ctx, 'table-cell')
    lines.push(`| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`)
    if (index === 0) {
      const delims = (tr.elements ?? []).map((cell) => {
        const align = /text-align: (\w+);/.exec(attr(cell, 'style') ?? '')?.[1]
        return align === 'left' ? ':--' : align === 'right' ? '--:' : align === 'center' ? ':-:' : '---'
      })
      lines.push(`| ${delims.join(' | ')} |`)
    }
  }
  return lines.join('\n')
}

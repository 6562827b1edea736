/**
 * @fileoverview Parsedown, the Markdown parser of Kirby, ported to build its
 * element tree: Parsedown 1.8 (the copy bundled with Kirby 3–5,
 * `dependencies/parsedown/Parsedown.php`, `1.8.0-beta-7`) and Parsedown
 * 1.7.1 (Kirby 2.5), both with `breaksEnabled` on, `markupEscaped`,
 * `safeMode` and Markdown Extra off (Kirby's defaults, spec §5.1).
 *
 * Written by hand because no JavaScript Markdown parser reproduces
 * Parsedown's grammar (it is not CommonMark: `#Title` is a heading, raw
 * HTML blocks end differently, bare URLs are linked with its own regular
 * expression, …), and converting KirbyText to CommonMark needs to know
 * exactly which blocks and inlines Kirby saw. The functions follow
 * Parsedown's method by method (`linesElements`, `blockList`,
 * `lineElements`, `inlineLink`…) so they can be compared with the PHP.
 *
 * PHP works on bytes, this port on UTF-16 code units; the grammar only
 * looks at ASCII characters, so offsets agree for everything but tab
 * expansion after astral characters. PCRE's possessive quantifiers are
 * emulated with `(?=(…))\N` (an atomic group) where backtracking could
 * change the match. With the `u` flag PHP turns on Unicode properties
 * (PCRE2_UCP), so `\b` there is a Unicode word boundary ({@link WORD}).
 */

/** A Parsedown element: a tag with children, text, or raw HTML. */
export interface PdElement {
  name?: string
  /** Attributes in Parsedown's order (`null` values are not written). */
  attributes?: Array<[string, string]>
  /** Text, HTML-escaped when written. */
  text?: string
  /** Raw HTML, written as it is. */
  rawHtml?: string
  /** Child elements. */
  elements?: PdElement[]
  /**
   * Where a raw HTML piece came from: a `Markup`/`Comment` block, inline
   * `Markup`, a `&name;` reference, or an escaped character (`\*`).
   */
  source?: 'markupBlock' | 'commentBlock' | 'inlineMarkup' | 'entity' | 'escape' | 'url' | 'urlTag' | 'emailTag' | 'link' | 'reference'
  /** For `li`: whether Parsedown dropped the `<p>` of its first paragraph. */
  tight?: boolean
  /** For lists: the marker Parsedown saw (`-`, `1.`). */
  marker?: string
}

/** Which Parsedown. */
export type ParsedownVersion = '1.7' | '1.8'

interface Line {
  body: string
  indent: number
  text: string
}

interface Handler {
  fn: 'lineElements' | 'linesElements' | 'li'
  arg: string | string[]
}

/** An element while parsing (handlers resolved at the end, as Parsedown renders). */
interface Pending extends PdElement {
  handler?: Handler
  nonNestables?: string[]
  pendingElements?: Pending[]
}

interface Block {
  type?: string
  element: Pending
  interrupted?: number
  continuable?: boolean
  identified?: boolean
  closed?: boolean
  complete?: boolean
  hidden?: boolean
  // list
  indent?: number
  pattern?: string
  data?: {type: 'ul' | 'ol'; marker: string; markerType: string}
  li?: Pending
  loose?: boolean
  // code
  char?: string
  openerLength?: number
  // markup (1.7)
  name?: string
  depth?: number
  void?: boolean
  // table
  alignments?: Array<string | null>
}

const ch = (s: string, i: number): string => s[i] ?? ''

/** PHP `chop`/`rtrim` with a character list. */
const rtrimChars = (s: string, chars: string): string => {
  let end = s.length
  while (end > 0 && chars.includes(s[end - 1]!)) end--
  return s.slice(0, end)
}
const ltrimChars = (s: string, chars: string): string => {
  let start = 0
  while (start < s.length && chars.includes(s[start]!)) start++
  return s.slice(start)
}
const trimChars = (s: string, chars: string): string => rtrimChars(ltrimChars(s, chars), chars)
/** PHP `trim()` default set. */
const PHP_WS = ' \t\n\r\0\x0B'
const phpTrim = (s: string): string => trimChars(s, PHP_WS)
const strspn = (s: string, chars: string, from = 0): number => {
  let i = from
  while (i < s.length && chars.includes(s[i]!)) i++
  return i - from
}
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** Unicode word characters (PCRE2 with UCP: `\p{L}`, `\p{N}`, `_`). */
const WORD = '[\\p{L}\\p{N}_]'
/** `\b` with UCP. */
const UB = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`

const ATTR = `[a-zA-Z_:][\\w:.-]*(?:[ \\t\\n\\x0B\\f\\r]*=[ \\t\\n\\x0B\\f\\r]*(?:[^"'=<>\`\\s]+|"[^"]*"|'[^']*'))?`
// `\s` in the unquoted value is ASCII in PCRE; JS `\s` is wider, close enough for a value class.

const TEXT_LEVEL = new Set([
  'a', 'br', 'bdo', 'abbr', 'blink', 'nextid', 'acronym', 'basefont', 'b', 'em', 'big', 'cite', 'small', 'spacer', 'listing',
  'i', 'rp', 'del', 'code', 'strike', 'marquee', 'q', 'rt', 'ins', 'font', 'strong', 's', 'tt', 'kbd', 'mark', 'u', 'xm', 'sub',
  'nobr', 'sup', 'ruby', 'var', 'span', 'wbr', 'time'
])
const VOID = new Set(['area', 'base', 'br', 'col', 'command', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source'])
const SPECIAL = new Set(['\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '>', '#', '+', '-', '.', '!', '|', '~'])

const BLOCK_TYPES: Record<string, string[]> = {
  '#': ['Header'],
  '*': ['Rule', 'List'],
  '+': ['List'],
  '-': ['SetextHeader', 'Table', 'Rule', 'List'],
  ':': ['Table'],
  '<': ['Comment', 'Markup'],
  '=': ['SetextHeader'],
  '>': ['Quote'],
  '[': ['Reference'],
  _: ['Rule'],
  '`': ['FencedCode'],
  '|': ['Table'],
  '~': ['FencedCode']
}
for (const digit of '0123456789') BLOCK_TYPES[digit] = ['List']
const CONTINUABLE = new Set(['Code', 'Comment', 'FencedCode', 'List', 'Quote', 'Markup', 'Table'])
const COMPLETABLE = new Set(['Code', 'FencedCode', 'List'])

const STRONG: Record<string, RegExp> = {
  '*': /^\*\*((?:\\\*|[^*]|\*[^*]*\*)+?)\*\*(?!\*)/s,
  _: /^__((?:\\_|[^_]|_[^_]*_)+?)__(?!_)/su
}
const EM: Record<string, RegExp> = {
  '*': /^\*((?:\\\*|[^*]|\*\*[^*]+?\*\*)+?)\*(?!\*)/s,
  _: new RegExp(`^_((?:\\\\_|[^_]|__[^_]*__)+?)_(?!_)${UB}`, 'su')
}

/** Finds PCRE `\[((?:[^][]++|(?R))*+)\]` anywhere in `s`: [start, end, inner]. */
const findBracketed = (s: string): [number, number, string] | undefined => {
  // Returns the end (after `]`) of a balanced group starting at `i` (a `[`), or -1.
  const group = (i: number, depth: number): number => {
    let j = i + 1
    for (;;) {
      const c = s[j]
      if (c === undefined) return -1
      if (c === ']') return j + 1
      if (c === '[') {
        if (depth > 200) return -1
        const end = group(j, depth + 1)
        if (end < 0) return -1
        j = end
        continue
      }
      j++
    }
  }
  for (let i = s.indexOf('['); i >= 0; i = s.indexOf('[', i + 1)) {
    const end = group(i, 0)
    if (end >= 0) return [i, end, s.slice(i + 1, end - 1)]
  }
  return undefined
}

/** Parsedown with Kirby's settings. */
export class Parsedown {
  readonly v18: boolean
  private definitions = new Map<string, {url: string; title: string | null}>()

  constructor(version: ParsedownVersion) {
    this.v18 = version === '1.8'
  }

  /** `Parsedown::text`, as a tree of elements. */
  parse(input: string): PdElement[] {
    this.definitions = new Map()
    const text = trimChars(input.replace(/\r\n|\r/g, '\n'), '\n')
    const pending = this.linesElements(text.split('\n'))
    return this.resolveAll(pending)
  }

  /** `Parsedown::line` (Kirby's inline mode): inline elements only. */
  parseInline(input: string): PdElement[] {
    this.definitions = new Map()
    return this.resolveAll(this.lineElements(input, []))
  }

  // -------------------------------------------------------------------------
  // Handlers (Parsedown runs them while rendering, after all blocks are read).

  private resolveAll(elements: Pending[]): PdElement[] {
    return elements.map((e) => this.resolve(e))
  }

  private resolve(element: Pending): PdElement {
    let children: Pending[] | undefined = element.pendingElements
    const extra: Partial<PdElement> = {}
    if (element.handler) {
      const {fn, arg} = element.handler
      if (fn === 'lineElements') children = this.lineElements(arg as string, element.nonNestables ?? [])
      else if (fn === 'linesElements') children = this.linesElements(arg as string[])
      else {
        const lines = arg as string[]
        children = this.linesElements(lines)
        const first = children[0]
        const tight = !lines.includes('') && first?.name === 'p'
        if (tight) {
          // `li()`: drop the `<p>` of the first paragraph.
          children[0] = {pendingElements: first.pendingElements ?? [], ...(first.handler ? {handler: first.handler} : {}), ...(first.nonNestables ? {nonNestables: first.nonNestables} : {})}
        }
        extra.tight = tight
      }
    }
    const out: PdElement = {}
    if (element.name !== undefined) out.name = element.name
    if (element.attributes) out.attributes = element.attributes
    if (element.text !== undefined) out.text = element.text
    if (element.rawHtml !== undefined) out.rawHtml = element.rawHtml
    if (element.source) out.source = element.source
    if (element.marker !== undefined) out.marker = element.marker
    if (extra.tight !== undefined) out.tight = extra.tight
    if (children) out.elements = this.resolveAll(children)
    return out
  }

  // -------------------------------------------------------------------------
  // Blocks.

  private linesElements(lines: string[]): Pending[] {
    const elements: Pending[] = []
    let current: Block | undefined
    const extract = (block: Block): void => {
      if (!block.hidden) elements.push(block.element)
    }

    for (let line of lines) {
      if (rtrimChars(line, PHP_WS) === '') {
        if (current) current.interrupted = (current.interrupted ?? 0) + 1
        continue
      }
      // Tabs to 4-column stops (mb_strlen counts code points).
      for (let tab = line.indexOf('\t'); tab >= 0; tab = line.indexOf('\t')) {
        const before = line.slice(0, tab)
        const shortage = 4 - ([...before].length % 4)
        line = before + ' '.repeat(shortage) + line.slice(tab + 1)
      }
      const indent = strspn(line, ' ')
      const text = indent > 0 ? line.slice(indent) : line
      const Line: Line = {body: line, indent, text}

      if (current?.continuable) {
        const block = this.continueBlock(current.type!, Line, current)
        if (block) {
          current = block
          continue
        }
        if (COMPLETABLE.has(current.type!)) current = this.completeBlock(current.type!, current)
        // 1.7 keeps `continuable` set, but it only matters while continuing.
        current.continuable = false
      }

      const marker = text[0]!
      const types = ['Code', ...(BLOCK_TYPES[marker] ?? [])]
      let found: Block | undefined
      for (const type of types) {
        const block = this.startBlock(type, Line, current)
        if (block) {
          block.type = type
          if (!block.identified) {
            if (current) extract(current)
            block.identified = true
          }
          if (CONTINUABLE.has(type)) block.continuable = true
          found = block
          break
        }
      }
      if (found) {
        current = found
        continue
      }

      if (current && current.type === 'Paragraph' && !current.interrupted) {
        const handler = current.element.handler!
        handler.arg = `${handler.arg as string}\n${text}`
      } else {
        if (current) extract(current)
        current = this.paragraph(Line)
        current.identified = true
      }
    }

    if (current?.continuable && COMPLETABLE.has(current.type!)) current = this.completeBlock(current.type!, current)
    if (current) extract(current)
    return elements
  }

  private paragraph(line: Line): Block {
    return {type: 'Paragraph', element: {name: 'p', handler: {fn: 'lineElements', arg: line.text}}}
  }

  private startBlock(type: string, line: Line, current: Block | undefined): Block | undefined {
    switch (type) {
      case 'Code':
        return this.blockCode(line, current)
      case 'Comment':
        return this.blockComment(line)
      case 'FencedCode':
        return this.blockFencedCode(line)
      case 'Header':
        return this.blockHeader(line)
      case 'List':
        return this.blockList(line, current)
      case 'Quote':
        return this.blockQuote(line)
      case 'Rule':
        return this.blockRule(line)
      case 'SetextHeader':
        return this.blockSetextHeader(line, current)
      case 'Markup':
        return this.blockMarkup(line)
      case 'Reference':
        return this.blockReference(line)
      case 'Table':
        return this.blockTable(line, current)
    }
    return undefined
  }

  private continueBlock(type: string, line: Line, block: Block): Block | undefined {
    switch (type) {
      case 'Code':
        return this.blockCodeContinue(line, block)
      case 'Comment':
        return this.blockCommentContinue(line, block)
      case 'FencedCode':
        return this.blockFencedCodeContinue(line, block)
      case 'List':
        return this.blockListContinue(line, block)
      case 'Quote':
        return this.blockQuoteContinue(line, block)
      case 'Markup':
        return this.blockMarkupContinue(line, block)
      case 'Table':
        return this.blockTableContinue(line, block)
    }
    return undefined
  }

  private completeBlock(type: string, block: Block): Block {
    if (type === 'List' && block.loose) {
      for (const li of block.element.pendingElements ?? []) {
        const arg = li.handler!.arg as string[]
        if (arg[arg.length - 1] !== '') arg.push('')
      }
    }
    return block
  }

  private isParagraph(block: Block | undefined): boolean {
    return block?.type === 'Paragraph'
  }

  // Code -------------------------------------------------------------------

  private blockCode(line: Line, block: Block | undefined): Block | undefined {
    if (block && this.isParagraph(block) && !block.interrupted) return undefined
    if (line.indent >= 4) {
      return {element: {name: 'pre', pendingElements: [{name: 'code', text: line.body.slice(4)}]}}
    }
    return undefined
  }

  private codeOf(block: Block): Pending {
    return block.element.pendingElements![0]!
  }

  private blockCodeContinue(line: Line, block: Block): Block | undefined {
    if (line.indent >= 4) {
      const code = this.codeOf(block)
      if (block.interrupted) {
        code.text += this.v18 ? '\n'.repeat(block.interrupted) : '\n'
        delete block.interrupted
      }
      code.text += '\n' + line.body.slice(4)
      return block
    }
    return undefined
  }

  // Comment ----------------------------------------------------------------

  private blockComment(line: Line): Block | undefined {
    if (this.v18 ? line.text.startsWith('<!--') : line.text.length > 3 && line.text.startsWith('<!--')) {
      const block: Block = {element: {rawHtml: line.body, source: 'commentBlock'}}
      if (this.v18 ? line.text.includes('-->') : line.text.endsWith('-->')) block.closed = true
      return block
    }
    return undefined
  }

  private blockCommentContinue(line: Line, block: Block): Block | undefined {
    if (block.closed) return undefined
    block.element.rawHtml += '\n' + line.body
    if (this.v18 ? line.text.includes('-->') : line.text.endsWith('-->')) block.closed = true
    return block
  }

  // Fenced code --------------------------------------------------------------

  private blockFencedCode(line: Line): Block | undefined {
    const marker = line.text[0]!
    let language: string | undefined
    let openerLength: number
    if (this.v18) {
      openerLength = strspn(line.text, marker)
      if (openerLength < 3) return undefined
      const info = trimChars(line.text.slice(openerLength), '\t ')
      if (info.includes('`')) return undefined
      if (info !== '') language = info.slice(0, info.search(/[ \t\n\f\r]|$/))
    } else {
      const m = new RegExp(`^[${escapeRe(marker)}]{3,}[ ]*([^\`]+)?[ ]*$`).exec(line.text)
      if (!m) return undefined
      openerLength = 3
      if (m[1] !== undefined) language = m[1].slice(0, m[1].search(/[ \t\n\f\r]|$/))
    }
    const code: Pending = {name: 'code', text: ''}
    if (language !== undefined) code.attributes = [['class', `language-${language}`]]
    return {char: marker, openerLength, element: {name: 'pre', pendingElements: [code]}}
  }

  private blockFencedCodeContinue(line: Line, block: Block): Block | undefined {
    if (block.complete) return undefined
    const code = this.codeOf(block)
    if (block.interrupted) {
      code.text += this.v18 ? '\n'.repeat(block.interrupted) : '\n'
      delete block.interrupted
    }
    const char = block.char!
    const closes = this.v18
      ? (() => {
          const len = strspn(line.text, char)
          return len >= block.openerLength! && rtrimChars(line.text.slice(len), ' ') === ''
        })()
      : new RegExp(`^${escapeRe(char)}{3,}[ ]*$`).test(line.text)
    if (closes) {
      code.text = code.text!.slice(1)
      block.complete = true
      return block
    }
    code.text += '\n' + line.body
    return block
  }

  // Header -------------------------------------------------------------------

  private blockHeader(line: Line): Block | undefined {
    let level: number
    let text: string
    if (this.v18) {
      level = strspn(line.text, '#')
      if (level > 6) return undefined
      text = trimChars(trimChars(line.text, '#'), ' ')
    } else {
      if (line.text.length < 2) return undefined
      level = strspn(line.text, '#')
      if (level > 6) return undefined
      text = trimChars(line.text, '# ')
    }
    return {element: {name: `h${Math.min(6, level)}`, handler: {fn: 'lineElements', arg: text}}}
  }

  // List ---------------------------------------------------------------------

  private blockList(line: Line, current?: Block): Block | undefined {
    const ul = line.text[0]! <= '-'
    const name = ul ? 'ul' : 'ol'
    if (!this.v18) {
      const pattern = ul ? '[*+-]' : '[0-9]+[.]'
      const m = new RegExp(`^(${pattern}[ ]+)(.*)`).exec(line.text)
      if (!m) return undefined
      const block: Block = {indent: line.indent, pattern, element: {name, pendingElements: [], marker: m[1]!.trim()}}
      if (!ul) {
        const start = m[0].slice(0, m[0].indexOf('.'))
        if (start !== '1') block.element.attributes = [['start', start]]
      }
      block.li = {name: 'li', handler: {fn: 'li', arg: [m[2]!]}}
      block.element.pendingElements!.push(block.li)
      return block
    }
    const pattern = ul ? '[*+-]' : '[0-9]{1,9}[.)]'
    const m = new RegExp(`^(${pattern}([ ]+|$))(.*)`).exec(line.text)
    if (!m) return undefined
    // `[0-9]{1,9}+` is possessive: ten digits are no marker.
    if (!ul && /^[0-9]{10}/.test(line.text)) return undefined
    let marker = m[1]!
    let rest = m[3]!
    let contentIndent = m[2]!.length
    if (contentIndent >= 5) {
      contentIndent -= 1
      marker = marker.slice(0, -contentIndent)
      rest = ' '.repeat(contentIndent) + rest
    } else if (contentIndent === 0) {
      marker += ' '
    }
    const bare = marker.slice(0, marker.indexOf(' '))
    const markerType = ul ? bare : bare.slice(-1)
    const block: Block = {
      indent: line.indent,
      pattern,
      data: {type: ul ? 'ul' : 'ol', marker, markerType},
      element: {name, pendingElements: [], marker: bare}
    }
    if (!ul) {
      const start = ltrimChars(bare.slice(0, bare.indexOf(markerType)), '0') || '0'
      if (start !== '1') {
        if (current && this.isParagraph(current) && !current.interrupted) return undefined
        block.element.attributes = [['start', start]]
      }
    }
    // PHP `empty('0')` is true.
    block.li = {name: 'li', handler: {fn: 'li', arg: rest !== '' && rest !== '0' ? [rest] : []}}
    block.element.pendingElements!.push(block.li)
    return block
  }

  private newItem(block: Block, text: string): void {
    block.li = {name: 'li', handler: {fn: 'li', arg: [text]}}
    block.element.pendingElements!.push(block.li)
  }

  private blockListContinue(line: Line, block: Block): Block | undefined {
    const arg = (): string[] => block.li!.handler!.arg as string[]
    if (!this.v18) {
      const m = new RegExp(`^${block.pattern!}(?:[ ]+(.*)|$)`).exec(line.text)
      if (block.indent === line.indent && m) {
        if (block.interrupted) {
          arg().push('')
          block.loose = true
          delete block.interrupted
        }
        this.newItem(block, m[1] ?? '')
        return block
      }
      if (line.text[0] === '[' && this.blockReference(line)) return block
      if (!block.interrupted) {
        arg().push(line.body.replace(/^[ ]{0,4}/, ''))
        return block
      }
      if (line.indent > 0) {
        arg().push('')
        arg().push(line.body.replace(/^[ ]{0,4}/, ''))
        delete block.interrupted
        return block
      }
      return undefined
    }

    if (block.interrupted && arg().length === 0) return undefined
    const data = block.data!
    const required = block.indent! + data.marker.length
    if (line.indent < required) {
      const re = data.type === 'ol' ? new RegExp(`^[0-9]+${escapeRe(data.markerType)}(?:[ ]+(.*)|$)`) : new RegExp(`^${escapeRe(data.markerType)}(?:[ ]+(.*)|$)`)
      const m = re.exec(line.text)
      if (m) {
        if (block.interrupted) {
          arg().push('')
          block.loose = true
          delete block.interrupted
        }
        block.indent = line.indent
        this.newItem(block, m[1] ?? '')
        return block
      }
      if (this.blockList(line)) return undefined
    }
    if (line.text[0] === '[' && this.blockReference(line)) return block
    if (line.indent >= required) {
      if (block.interrupted) {
        arg().push('')
        block.loose = true
        delete block.interrupted
      }
      arg().push(line.body.slice(required))
      return block
    }
    if (!block.interrupted) {
      arg().push(line.body.replace(new RegExp(`^[ ]{0,${required}}`), ''))
      return block
    }
    return undefined
  }

  // Quote --------------------------------------------------------------------

  private blockQuote(line: Line): Block | undefined {
    const m = /^>[ ]?(.*)/.exec(line.text)
    if (m) return {element: {name: 'blockquote', handler: {fn: 'linesElements', arg: [m[1]!]}}}
    return undefined
  }

  private blockQuoteContinue(line: Line, block: Block): Block | undefined {
    const arg = block.element.handler!.arg as string[]
    if (this.v18 && block.interrupted) return undefined
    const m = line.text[0] === '>' ? /^>[ ]?(.*)/.exec(line.text) : null
    if (m) {
      if (block.interrupted) {
        arg.push('')
        delete block.interrupted
      }
      arg.push(m[1]!)
      return block
    }
    if (!block.interrupted) {
      arg.push(line.text)
      return block
    }
    return undefined
  }

  // Rule ---------------------------------------------------------------------

  private blockRule(line: Line): Block | undefined {
    const marker = line.text[0]!
    const ok = this.v18
      ? line.text.split(marker).length - 1 >= 3 && rtrimChars(line.text, ` ${marker}`) === ''
      : new RegExp(`^([${escapeRe(marker)}])([ ]*\\1){2,}[ ]*$`).test(line.text)
    return ok ? {element: {name: 'hr'}} : undefined
  }

  // Setext -------------------------------------------------------------------

  private blockSetextHeader(line: Line, block: Block | undefined): Block | undefined {
    if (!block || !this.isParagraph(block) || block.interrupted) return undefined
    const c = line.text[0]!
    const ok = this.v18 ? line.indent < 4 && rtrimChars(rtrimChars(line.text, ' '), c) === '' : rtrimChars(line.text, c) === ''
    if (ok) {
      block.element.name = c === '=' ? 'h1' : 'h2'
      return block
    }
    return undefined
  }

  // Markup -------------------------------------------------------------------

  private blockMarkup(line: Line): Block | undefined {
    if (this.v18) {
      const m = new RegExp(`^<[/]?(?=(\\w*))\\1(?=((?:[ ]*${ATTR})*))\\2[ ]*(/)?>`).exec(line.text)
      if (!m) return undefined
      if (TEXT_LEVEL.has(m[1]!.toLowerCase())) return undefined
      return {name: m[1]!, element: {rawHtml: line.text, source: 'markupBlock'}}
    }
    const m = new RegExp(`^<(\\w[\\w-]*)(?:[ ]*${ATTR})*[ ]*(/)?>`).exec(line.text)
    if (!m) return undefined
    const tag = m[1]!
    if (TEXT_LEVEL.has(tag.toLowerCase())) return undefined
    const block: Block = {name: tag, depth: 0, element: {rawHtml: line.text, source: 'markupBlock'}}
    const remainder = line.text.slice(m[0].length)
    if (phpTrim(remainder) === '') {
      if (m[2] !== undefined || VOID.has(tag)) {
        block.closed = true
        block.void = true
      }
    } else {
      if (m[2] !== undefined || VOID.has(tag)) return undefined
      if (new RegExp(`</${escapeRe(tag)}>[ ]*$`, 'i').test(remainder)) block.closed = true
    }
    return block
  }

  private blockMarkupContinue(line: Line, block: Block): Block | undefined {
    if (this.v18) {
      if (block.closed || block.interrupted) return undefined
      block.element.rawHtml += '\n' + line.body
      return block
    }
    if (block.closed) return undefined
    const name = escapeRe(block.name!)
    if (new RegExp(`^<${name}(?:[ ]*${ATTR})*[ ]*>`, 'i').test(line.text)) block.depth!++
    if (new RegExp(`(.*?)</${name}>[ ]*$`, 'i').test(line.text)) {
      if (block.depth! > 0) block.depth!--
      else block.closed = true
    }
    if (block.interrupted) {
      block.element.rawHtml += '\n'
      delete block.interrupted
    }
    block.element.rawHtml += '\n' + line.body
    return block
  }

  // Reference ----------------------------------------------------------------

  private blockReference(line: Line): Block | undefined {
    if (!line.text.includes(']')) return undefined
    const m = /^\[(.+?)\]:[ ]*<?(\S+?)>?(?:[ ]+["'(](.+)["')])?[ ]*$/.exec(line.text)
    if (!m) return undefined
    const id = m[1]!.replace(/[A-Z]+/g, (s) => s.toLowerCase())
    this.definitions.set(id, {url: m[2]!, title: m[3] ?? null})
    return {element: {}, hidden: true}
  }

  // Table --------------------------------------------------------------------

  private blockTable(line: Line, block: Block | undefined): Block | undefined {
    if (!block || !this.isParagraph(block) || block.interrupted) return undefined
    const header = block.element.handler!.arg as string
    if (this.v18) {
      if ((!header.includes('|') && !line.text.includes('|') && !line.text.includes(':')) || header.includes('\n')) return undefined
    } else if (!header.includes('|')) {
      return undefined
    }
    if (rtrimChars(line.text, ' -:|') !== '') return undefined
    const alignments: Array<string | null> = []
    for (let cell of trimChars(phpTrim(line.text), '|').split('|')) {
      cell = phpTrim(cell)
      if (cell === '') {
        if (this.v18) return undefined
        continue
      }
      let alignment: string | null = null
      if (cell[0] === ':') alignment = 'left'
      if (cell.endsWith(':')) alignment = alignment === 'left' ? 'center' : 'right'
      alignments.push(alignment)
    }
    const cells = trimChars(phpTrim(header), '|').split('|')
    if (this.v18 && cells.length !== alignments.length) return undefined
    const ths: Pending[] = cells.map((cell, index) => {
      const th: Pending = {name: 'th', handler: {fn: 'lineElements', arg: phpTrim(cell)}}
      const alignment = alignments[index]
      if (alignment) th.attributes = [['style', `text-align: ${alignment};`]]
      return th
    })
    return {
      alignments,
      identified: true,
      element: {
        name: 'table',
        pendingElements: [
          {name: 'thead', pendingElements: [{name: 'tr', pendingElements: ths}]},
          {name: 'tbody', pendingElements: []}
        ]
      }
    }
  }

  private blockTableContinue(line: Line, block: Block): Block | undefined {
    if (block.interrupted) return undefined
    const alignments = block.alignments!
    const rowLike = this.v18 ? alignments.length === 1 || line.text[0] === '|' || line.text.indexOf('|') > 0 : line.text[0] === '|' || line.text.indexOf('|') > 0
    if (!rowLike) return undefined
    const row = trimChars(phpTrim(line.text), '|')
    let cells: string[] = [...(row.match(/(?:\\[|]|[^|`]|`[^`]+`|`)+/g) ?? [])]
    if (this.v18) cells = cells.slice(0, alignments.length)
    const tds: Pending[] = cells.map((cell, index) => {
      const td: Pending = {name: 'td', handler: {fn: 'lineElements', arg: phpTrim(cell)}}
      const alignment = alignments[index]
      if (alignment) td.attributes = [['style', `text-align: ${alignment};`]]
      return td
    })
    block.element.pendingElements![1]!.pendingElements!.push({name: 'tr', pendingElements: tds})
    return block
  }

  // -------------------------------------------------------------------------
  // Inlines.

  private static readonly MARKERS_18 = '!*_&[:<`~\\'
  private static readonly MARKERS_17 = '!"*_&[:<>`~\\'

  private inlineTypes(marker: string): string[] {
    switch (marker) {
      case '!':
        return ['Image']
      case '&':
        return ['SpecialCharacter']
      case '*':
      case '_':
        return ['Emphasis']
      case ':':
        return ['Url']
      case '<':
        return this.v18 ? ['UrlTag', 'EmailTag', 'Markup'] : ['UrlTag', 'EmailTag', 'Markup', 'SpecialCharacter']
      case '[':
        return ['Link']
      case '`':
        return ['Code']
      case '~':
        return ['Strikethrough']
      case '\\':
        return ['EscapeSequence']
      case '"':
      case '>':
        return ['SpecialCharacter']
    }
    return []
  }

  private lineElements(input: string, nonNestables: string[]): Pending[] {
    const elements: Pending[] = []
    const markers = this.v18 ? Parsedown.MARKERS_18 : Parsedown.MARKERS_17
    let text = input
    outer: for (;;) {
      let markerPosition = -1
      for (let i = 0; i < text.length; i++) {
        if (markers.includes(text[i]!)) {
          markerPosition = i
          break
        }
      }
      if (markerPosition < 0) break
      const marker = text[markerPosition]!
      const excerpt = {text: text.slice(markerPosition), context: text}
      for (const type of this.inlineTypes(marker)) {
        if (nonNestables.includes(type)) continue
        const inline = this.inline(type, excerpt)
        if (!inline) continue
        if (inline.position !== undefined && inline.position > markerPosition) continue
        const position = inline.position ?? markerPosition
        inline.element.nonNestables = [...(inline.element.nonNestables ?? []), ...nonNestables]
        elements.push(...this.inlineText(text.slice(0, position)))
        if (inline.element.name !== undefined || inline.element.rawHtml !== undefined || inline.element.text !== undefined) elements.push(inline.element)
        text = text.slice(position + inline.extent)
        continue outer
      }
      elements.push(...this.inlineText(text.slice(0, markerPosition + 1)))
      text = text.slice(markerPosition + 1)
    }
    elements.push(...this.inlineText(text))
    return mergeTexts(elements)
  }

  /** Unmarked text: every newline (and the spaces before it) is a `<br />`. */
  private inlineText(text: string): Pending[] {
    if (text === '') return []
    const out: Pending[] = []
    const re = /[ ]*\n/g
    let last = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index > last) out.push({text: text.slice(last, m.index)})
      out.push({name: 'br'})
      out.push({text: '\n'})
      last = m.index + m[0].length
    }
    if (last < text.length) out.push({text: text.slice(last)})
    return out
  }

  private inline(type: string, excerpt: {text: string; context: string}): {extent: number; position?: number; element: Pending} | undefined {
    const t = excerpt.text
    switch (type) {
      case 'Code': {
        const m = this.v18 ? /^(?=(`+))\1(?=([ ]*))\2(.+?)(?=([ ]*))\4(?<!`)\1(?!`)/s.exec(t) : /^(`+)[ ]*(.+?)[ ]*(?<!`)\1(?!`)/s.exec(t)
        if (!m) return undefined
        const code = (this.v18 ? m[3]! : m[2]!).replace(/[ ]*\n/g, ' ')
        return {extent: m[0].length, element: {name: 'code', text: code}}
      }
      case 'EmailTag': {
        if (!t.includes('>')) return undefined
        const label = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
        const re = this.v18 ? new RegExp(`^<((mailto:)?[a-zA-Z0-9.!#$%&'*+/=?^_\`{|}~-]+@${label}(?:\\.${label})*)>`, 'i') : /^<((mailto:)?\S+?@\S+?)>/i
        const m = re.exec(t)
        if (!m) return undefined
        const url = m[2] === undefined ? `mailto:${m[1]!}` : m[1]!
        return {extent: m[0].length, element: {name: 'a', text: m[1]!, attributes: [['href', url]], source: 'emailTag'}}
      }
      case 'Emphasis': {
        if (t.length < 2) return undefined
        const marker = t[0]!
        let name: string
        let m: RegExpExecArray | null = null
        if (t[1] === marker && (m = STRONG[marker]!.exec(t))) name = 'strong'
        else if ((m = EM[marker]!.exec(t))) name = 'em'
        else return undefined
        return {extent: m[0].length, element: {name, handler: {fn: 'lineElements', arg: m[1]!}}}
      }
      case 'EscapeSequence': {
        const c = t[1]
        if (c !== undefined && SPECIAL.has(c)) return {extent: 2, element: {rawHtml: c, source: 'escape'}}
        return undefined
      }
      case 'Image': {
        if (t[1] !== '[') return undefined
        const link = this.inline('Link', {text: t.slice(1), context: excerpt.context})
        if (!link) return undefined
        const attrs = link.element.attributes!
        const attributes: Array<[string, string]> = [['src', attrs.find(([n]) => n === 'href')![1]], ['alt', (link.element.handler!.arg as string)]]
        for (const [n, v] of attrs) if (n !== 'href') attributes.push([n, v])
        return {extent: link.extent + 1, element: {name: 'img', attributes}}
      }
      case 'Link': {
        const found = findBracketed(t)
        if (!found) return undefined
        const argument = found[2]
        let extent = found[1]
        const remainder = t.slice(extent)
        let href: string
        let title: string | null = null
        const m = /^\((?=([ \t\n\x0B\f\r]*))\1(?=((?:[^ ()]+|\([^ )]+\))+))\2(?:[ ]+("[^"]*"|'[^']*'))?[ \t\n\x0B\f\r]*\)/.exec(remainder)
        let source: PdElement['source'] = 'link'
        if (m) {
          href = m[2]!
          if (m[3] !== undefined) title = m[3].slice(1, -1)
          extent += m[0].length
        } else {
          let definition: string
          const r = /^[ \t\n\x0B\f\r]*\[(.*?)\]/.exec(remainder)
          if (r) {
            definition = r[1]!.length > 0 ? r[1]! : argument
            extent += r[0].length
          } else {
            definition = argument
          }
          const found = this.definitions.get(definition.replace(/[A-Z]+/g, (s) => s.toLowerCase()))
          if (!found) return undefined
          href = found.url
          title = found.title
          source = 'reference'
        }
        const attributes: Array<[string, string]> = [['href', href]]
        if (title !== null) attributes.push(['title', title])
        return {extent, element: {name: 'a', attributes, handler: {fn: 'lineElements', arg: argument}, nonNestables: ['Url', 'Link'], source}}
      }
      case 'Markup': {
        if (!t.includes('>')) return undefined
        const v18 = this.v18
        if (t[1] === '/') {
          const m = /^<\/\w[\w-]*[ ]*>/s.exec(t)
          if (m) return {extent: m[0].length, element: {rawHtml: m[0], source: 'inlineMarkup'}}
        }
        if (t[1] === '!') {
          const m = v18 ? /^<!---?[^>-](?:-?[^-])*-->/s.exec(t) : /^<!---?[^>-](?:-?[^-])*-->/s.exec(t)
          if (m) return {extent: m[0].length, element: {rawHtml: m[0], source: 'inlineMarkup'}}
        }
        if (t[1] !== ' ' && t[1] !== undefined) {
          const m = new RegExp(`^<\\w[\\w-]*(?=((?:[ ]*${ATTR})*))\\1[ ]*/?>`, 's').exec(t)
          if (m) return {extent: m[0].length, element: {rawHtml: m[0], source: 'inlineMarkup'}}
        }
        return undefined
      }
      case 'SpecialCharacter': {
        if (this.v18) {
          if (t[1] !== ' ' && t.includes(';')) {
            const m = /^&(#?[0-9a-zA-Z]+);/.exec(t)
            if (m) return {extent: m[0].length, element: {rawHtml: `&${m[1]!};`, source: 'entity'}}
          }
          return undefined
        }
        if (t[0] === '&') {
          const m = /^&#?\w+;/.exec(t)
          if (!m) return {extent: 1, element: {text: '&'}}
          return {extent: m[0].length, element: {rawHtml: m[0], source: 'entity'}}
        }
        if (t[0] === '<' || t[0] === '>' || t[0] === '"') return {extent: 1, element: {text: t[0]}}
        return undefined
      }
      case 'Strikethrough': {
        if (t[1] !== '~') return undefined
        const m = /^~~(?=[^ \t\n\x0B\f\r])(.+?)(?<=[^ \t\n\x0B\f\r])~~/.exec(t)
        if (!m) return undefined
        return {extent: m[0].length, element: {name: 'del', handler: {fn: 'lineElements', arg: m[1]!}}}
      }
      case 'Url': {
        if (t[2] !== '/') return undefined
        if (!excerpt.context.includes('http')) return undefined
        const m = URL_RE.exec(excerpt.context)
        if (!m) return undefined
        return {extent: m[0].length, position: m.index, element: {name: 'a', text: m[0], attributes: [['href', m[0]]], source: 'url'}}
      }
      case 'UrlTag': {
        if (!t.includes('>')) return undefined
        const m = /^<(\w+:\/{2}[^ >]+)>/i.exec(t)
        if (!m) return undefined
        return {extent: m[0].length, element: {name: 'a', text: m[1]!, attributes: [['href', m[1]!]], source: 'urlTag'}}
      }
    }
    return undefined
  }
}

/** `\bhttps?+:[\/]{2}[^\s<]+\b\/*+` with `/ui`. */
const URL_RE = new RegExp(`${UB}https?:[/]{2}[^\\s<]+${UB}/*`, 'iu')

/** Adjacent text pieces are one text (Parsedown writes them one after another). */
const mergeTexts = (elements: Pending[]): Pending[] => {
  const out: Pending[] = []
  for (const e of elements) {
    const last = out[out.length - 1]
    const plain = (x: Pending): boolean => x.text !== undefined && x.name === undefined && x.rawHtml === undefined
    if (last && plain(last) && plain(e)) last.text += e.text!
    else out.push(e)
  }
  return out
}

// ---------------------------------------------------------------------------
// HTML, as Parsedown writes it (used to check the port against Kirby).

const escapeHtml = (s: string, quotes: boolean): string => {
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  if (quotes) out = out.replace(/"/g, '&quot;').replace(/'/g, '&#039;')
  return out
}

/** Parsedown's HTML for a tree (newlines between blocks as Parsedown 1.8 writes them). */
export const pdToHtml = (elements: readonly PdElement[]): string => {
  const one = (e: PdElement): string => {
    let out = ''
    if (e.name !== undefined) {
      out += `<${e.name}`
      for (const [n, v] of e.attributes ?? []) out += ` ${n}="${escapeHtml(v, true)}"`
    }
    const hasContent = e.text !== undefined || e.rawHtml !== undefined || e.elements !== undefined
    if (hasContent) {
      if (e.name !== undefined) out += '>'
      if (e.elements) out += many(e.elements, e.name === 'li' ? true : undefined)
      else if (e.text !== undefined) out += escapeHtml(e.text, false)
      else out += e.rawHtml
      if (e.name !== undefined) out += `</${e.name}>`
    } else if (e.name !== undefined) {
      out += ' />'
    }
    return out
  }
  const isBlock = (e: PdElement): boolean => e.source === 'markupBlock' || e.source === 'commentBlock' || (e.name !== undefined && BLOCK_NAMES.has(e.name))
  const many = (list: readonly PdElement[], _li?: boolean): string => {
    let out = ''
    let autoBreak = true
    for (const e of list) {
      const next = isBlock(e)
      autoBreak = autoBreak ? next : autoBreak
      out += (autoBreak ? '\n' : '') + one(e)
      autoBreak = next
    }
    return out + (autoBreak ? '\n' : '')
  }
  return many(elements).replace(/^\n+|\n+$/g, '')
}

const BLOCK_NAMES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'pre', 'blockquote', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'])

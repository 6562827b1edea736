/**
 * @fileoverview `no-kirbytag-in-code`: kirbytags inside Markdown code spans
 * and code blocks.
 *
 * Why: Kirby expands kirbytags on the raw text before Markdown runs (spec
 * §4.1), so code does not protect them: `` `(link: about)` `` shows
 * `<a href="…/about">about</a>` as code, not the tag a reader of a
 * tutorial should see.
 *
 * ok:
 *   Text: Write <code>(link&#58; about)</code> for a link.
 *
 * not-ok (the code shows the link's HTML):
 *   Text: Write `(link: about)` for a link.
 *
 * No fix: every fix changes what Kirby shows (which is the point); the note
 * says how.
 */
import type {Root} from 'mdast'
import {defineRule} from '../lint/rule.js'
import {fieldTagsMayBeInCode, opensCode} from './no-broken-link.js'

/** A node as far as this module needs it. */
interface AnyNode {
  type: string
  position?: {start: {offset?: number | undefined}; end: {offset?: number | undefined}} | undefined
  children?: AnyNode[]
}

/**
 * File-offset spans `[start, end)` of the code spans and code blocks of a
 * tree. With `kirby2` (Parsedown 1.7), a fenced block ends at the first
 * fence line of three or more of its characters, even when it was opened
 * with more (```` closed by ```); CommonMark and Parsedown 1.8 need as many.
 */
export const codeRanges = (tree: Root, text?: string, kirby2 = false): Array<[number, number]> => {
  const ranges: Array<[number, number]> = []
  const visit = (node: AnyNode): void => {
    const start = node.position?.start.offset
    let end = node.position?.end.offset
    if ((node.type === 'code' || node.type === 'inlineCode') && start !== undefined && end !== undefined) {
      if (kirby2 && node.type === 'code' && text !== undefined) {
        const fence = /^(`{3,}|~{3,})/.exec(text.slice(start, start + 20))
        if (fence) {
          const closing = new RegExp(`\\n[ ]{0,3}\\${fence[1]!.charAt(0)}{3,}[ ]*\\r?(?=\\n|$)`, 'g')
          closing.lastIndex = start
          const found = closing.exec(text)
          if (found && found.index < end) end = found.index + found[0].length
        }
      }
      ranges.push([start, end])
      return
    }
    for (const child of node.children ?? []) visit(child)
  }
  visit(tree as unknown as AnyNode)
  return ranges
}

/** Whether `offset` lies in one of `ranges`. */
export const inRanges = (ranges: ReadonlyArray<[number, number]>, offset: number): boolean =>
  ranges.some(([start, end]) => start <= offset && offset < end)

const HIDDEN_IN_CODE = new Set(['code', 'inlineCode'])

export const noKirbytagInCode = defineRule({
  id: 'no-kirbytag-in-code',
  severity: 'warning',
  description: 'A kirbytag in a code span or code block, which Kirby expands anyway',
  check: ({content, report, kindOf, tags, tree}) => {
    for (const field of content.fields) {
      if (kindOf(field) !== 'kirbytext' || !field.value.includes('(')) continue
      // Only a backtick, a fence or an indented line can make code (no Markdown parse otherwise).
      if (!opensCode(field.value)) continue
      // And only a field with tags has tags in code (the tree finds the same
      // tags), only when one of them may sit in code.
      const found = tags(field)
      if (found.length === 0 || !fieldTagsMayBeInCode(field, found)) continue
      const root = tree(field)
      let ranges: Array<[number, number]> | undefined
      for (const tag of root.data?.kirbytags ?? []) {
        const hiddenIn = tag.data?.hiddenIn
        if (hiddenIn === undefined || !HIDDEN_IN_CODE.has(hiddenIn)) continue
        // Kirby 2's Parsedown closes fences CommonMark keeps open.
        if (content.rules.version.major === 2 && hiddenIn === 'code' && tag.position?.start.offset !== undefined) {
          ranges ??= codeRanges(root, content.text, true)
          if (!inRanges(ranges, tag.position.start.offset)) continue
        }
        const start = tag.position?.start.offset
        const end = tag.position?.end.offset
        if (start === undefined || end === undefined) continue
        const raw = tag.raw.length > 40 ? `${tag.raw.slice(0, 39)}…` : tag.raw
        report({
          reason: `Unexpected kirbytag \`${raw.replace(/`/g, "'")}\` in ${hiddenIn === 'code' ? 'a code block' : 'a code span'}, expected code to show as written: Kirby expands tags before Markdown, so the code shows the tag's HTML`,
          place: {start: content.point(start), end: content.point(end)},
          note: 'To show a tag as code, break the pattern with a character reference in HTML code: `<code>(link&#58; about)</code>`.'
        })
      }
    }
  }
})

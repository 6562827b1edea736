/**
 * @fileoverview mdast-util-to-markdown extension: writes `kirbytag` nodes
 * back as their source text, and keeps plain text from turning into tags.
 *
 * Kirby has no escape for tags (spec §4.6): `\(link: x)` is still a tag in
 * K3+ and `(link\: x)` keeps its backslash in the HTML. What does work is a
 * character reference for the colon, `(link&#x3A; x)`: not a tag for Kirby,
 * and `:` after Markdown. So the `:` of a `(name:` in text is marked unsafe
 * and the text handler asks for it to be *encoded* rather than escaped.
 */

import type {Parents, Text} from 'mdast'
import type {Info, Options, State, Unsafe} from 'mdast-util-to-markdown'
import type {KirbyRules} from '../kirby-version.js'
import type {TagRegistry} from './registry.js'
import {resolveOptions} from './scan.js'
import type {Kirbytag} from './types.js'

/** The text of a tag: its source when known, else built from its parts. */
export const serializeKirbytag = (node: Kirbytag): string => {
  if (node.raw) return node.raw
  const attributes = node.attributes.map((attribute) => ` ${attribute.name}: ${attribute.value}`).join('')
  return `(${node.rawName || node.name}: ${node.value}${attributes})`
}

/** Options of {@link kirbytagToMarkdown}. */
export interface KirbytagToMarkdownOptions {
  /** Kirby version rules (default: Kirby 5): are tag names case-insensitive? */
  rules?: KirbyRules | undefined
  /** Known tags (default: the built-ins of `rules`); only their names are escaped. */
  registry?: TagRegistry | undefined
}

/** A regex source matching `name` case-insensitively without the `i` flag. */
const anyCase = (name: string): string =>
  [...name].map((char) => (/[a-z]/i.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char.replace(/[-\\^$.*+?()[\]{}|]/g, '\\$&'))).join('')

/**
 * Unsafe patterns: a `:` right after `(name`, for every tag name Kirby would
 * expand (unknown names are left alone: Kirby leaves them alone too).
 */
export const kirbytagUnsafe = (options: KirbytagToMarkdownOptions = {}): Unsafe[] => {
  const {rules, registry} = resolveOptions(options)
  const names = [...registry.tags.keys(), ...registry.aliases.keys()]
  if (names.length === 0) return []
  const alternation = names.map((name) => (rules.caseInsensitiveTagNames ? anyCase(name) : name.replace(/[-\\^$.*+?()[\]{}|]/g, '\\$&'))).join('|')
  return [{character: ':', before: `\\((?:${alternation})`, inConstruct: 'phrasing'}]
}

function kirbytag(node: Kirbytag): string {
  return serializeKirbytag(node)
}

/**
 * `text` as the default handler does it, but unsafe colons are *encoded*;
 * the colons of tags Kirby expands but Markdown split (a tag across a blank
 * line, listed in the node's `data.kirbytags`) are kept as they are.
 */
function text(node: Text, parent: Parents | undefined, state: State, info: Info): string {
  const siblings = parent ? parent.children : []
  const index = state.indexStack[state.indexStack.length - 1] ?? -1
  const base = node.position?.start.offset
  const keep = new Set<number>()
  for (const tag of node.data?.kirbytags ?? []) {
    const colon = tag.namePosition?.end.offset
    if (base !== undefined && colon !== undefined && node.value.charAt(colon - base) === ':') keep.add(colon - base)
  }
  const cuts = [...keep].sort((a, b) => a - b)
  const parts: string[] = []
  let last = 0
  for (const cut of [...cuts, node.value.length]) {
    parts.push(node.value.slice(last, cut))
    last = cut + 1
  }
  return parts
    .map((part, at) =>
      state.safe(part, {
        ...info,
        before: at === 0 ? info.before : ':',
        after: at === parts.length - 1 ? info.after : ':',
        encode: [':'],
        ...(at === 0 ? {beforeNode: siblings[index - 1]} : {}),
        ...(at === parts.length - 1 ? {afterNode: siblings[index + 1]} : {})
      })
    )
    .join(':')
}

/** The to-markdown extension. */
export const kirbytagToMarkdown = (options: KirbytagToMarkdownOptions = {}): Options => ({
  handlers: {kirbytag, text},
  unsafe: kirbytagUnsafe(options)
})

/**
 * @fileoverview Finding kirbytags in a string exactly where Kirby finds them
 * (spec §4.2), in linear time.
 *
 * K3.4+ (`src/Text/KirbyTags.php::parse`) matches
 * `(?=\([a-z0-9_-]+:)(\((?:[^()]+|(?1))*+\))` case-insensitively: a `(`
 * directly followed by `name:` starts a tag that ends at its *balanced* `)`.
 * When the text ends before the parentheses balance, that `(` starts nothing
 * and matching resumes at the next character, so an inner tag can still
 * match (`(link: a (image: b.jpg)` → the image). After a match, matching
 * resumes after it, so tags never nest.
 *
 * The PCRE recursion is equivalent to pairing parentheses with a stack: the
 * `)` that balances a `(` is the one the stack pairs it with. Pairing once,
 * up front, makes every start O(1); counting depth from each `(` instead
 * would be quadratic on `((((…` or on many unclosed `(link:`.
 *
 * K3.0–3.3 and K2 (`!\([a-z0-9_-]+:.*?\)!is`) end a tag at the first `)`
 * after the colon.
 *
 * Unknown types are matched (and so skipped over) like any tag: Kirby leaves
 * their text alone but does not look inside it again.
 */

import {defaultRules} from '../kirby-version.js'
import type {KirbyRules} from '../kirby-version.js'
import {parseKirbytag} from './parse-tag.js'
import type {KirbytagCandidate, KirbytagMatch} from './parse-tag.js'
import {builtinTags} from './registry.js'
import type {TagRegistry} from './registry.js'

/** Options of the finders. */
export interface FindKirbytagsOptions {
  /** Kirby version rules (default: Kirby 5). */
  rules?: KirbyRules | undefined
  /** Known tags (default: the built-in tags of `rules`). */
  registry?: TagRegistry | undefined
}

/** What {@link findKirbytags} returns. */
export interface FoundKirbytags {
  /** Tags Kirby renders, in source order. */
  tags: KirbytagMatch[]
  /** `(name: …)` matches of unknown types, left verbatim by Kirby (for linting). */
  unknown: KirbytagCandidate[]
}

/** `[a-zA-Z0-9_-]`: what the name between `(` and `:` may be made of. */
const isNameCode = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45

/** Offset of the `:` when a tag name directly follows the `(` at `index`, else -1. */
export const tagNameColon = (text: string, index: number): number => {
  let cursor = index + 1
  while (cursor < text.length && isNameCode(text.charCodeAt(cursor))) cursor++
  return cursor > index + 1 && text.charCodeAt(cursor) === 58 ? cursor : -1
}

/**
 * For every `(`, the offset of the `)` that balances it, or -1.
 * One pass with a stack.
 */
const pairParentheses = (text: string): Int32Array => {
  const pairs = new Int32Array(text.length).fill(-1)
  const stack: number[] = []
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 40) stack.push(index)
    else if (code === 41 && stack.length > 0) pairs[stack.pop()!] = index
  }
  return pairs
}

/**
 * The spans `[start, end)` Kirby matches as tag text, whatever their type.
 * `balanced`: K3.4+ matching; otherwise K2 / K3.0–3.3 lazy matching.
 */
export const scanKirbytagSpans = (text: string, balanced: boolean): Array<[number, number]> => {
  const spans: Array<[number, number]> = []
  const pairs = balanced ? pairParentheses(text) : undefined
  let nextClose = -2
  let index = text.indexOf('(')
  while (index >= 0) {
    let end = -1
    const colon = tagNameColon(text, index)
    if (colon >= 0) {
      if (pairs) {
        const close = pairs[index]!
        if (close >= 0) end = close + 1
      } else {
        // The first `)` after the colon; found once per `)`, so linear overall.
        if (nextClose !== -1 && nextClose <= colon) nextClose = text.indexOf(')', colon + 1)
        if (nextClose === -1) break
        end = nextClose + 1
      }
    }
    if (end >= 0) spans.push([index, end])
    index = text.indexOf('(', end >= 0 ? end : index + 1)
  }
  return spans
}

/** Fills in the defaults of the options. */
export const resolveOptions = (options: FindKirbytagsOptions = {}): {rules: KirbyRules; registry: TagRegistry} => {
  const rules = options.rules ?? defaultRules()
  return {rules, registry: options.registry ?? builtinTags(rules)}
}

/**
 * All kirbytags of `text` in source order, as Kirby's tag pass sees them
 * (not the tags of image captions: see `kirbytagsInRenderOrder`).
 * Offsets are relative to `text`.
 */
export const findKirbytags = (text: string, options?: FindKirbytagsOptions): FoundKirbytags => {
  const resolved = resolveOptions(options)
  const result: FoundKirbytags = {tags: [], unknown: []}
  for (const [start, end] of scanKirbytagSpans(text, resolved.rules.balancedTags)) {
    const parsed = parseKirbytag(text, start, end, resolved)
    if ('tag' in parsed) result.tags.push(parsed.tag)
    else result.unknown.push(parsed.candidate)
  }
  return result
}

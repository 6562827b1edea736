/**
 * @fileoverview `no-unknown-kirbytag`: `(name: …)` where `name` is no
 * built-in or configured kirbytag, but the text reads as a tag.
 *
 * Why: Kirby leaves a tag of an unknown type as it is, so a typo
 * (`(imgae: a.jpg)`), a tag of another Kirby version (`(twitter: …)` after
 * 4.0, `(video: …)` in Kirby 2) or a plugin tag whose plugin is gone shows
 * up on the page as raw text.
 *
 * Prose in parentheses has the same shape (`(Hinweis: …)`, `(ex: …)`,
 * `(10:00)`, `(https://…)`), so a candidate is reported only when it reads
 * as a tag (docs/rules/no-unknown-kirbytag.md lists the heuristic): its
 * name is a tag name in another case or of another Kirby version or a
 * well-known plugin, one edit from a known tag, or — written in lower case
 * or camelCase — it has a value shaped like a tag's (a URL, a file name, a
 * list of slugs, a camelCase name, or a single word followed by `attr:`).
 * Candidates in code spans and code blocks are never reported.
 *
 * ok:
 *   Text: (Hinweis: bitte anmelden) (link: about)
 *
 * not-ok:
 *   Text: (imgae: photo.jpg)
 */
import {defineRule} from '../lint/rule.js'
import {findKirbytags} from '../kirbytag/scan.js'
import {isKnownTag} from '../kirbytag/registry.js'
import {sourceOffset} from '../txt/decode.js'
import {mayBeInCode} from './no-broken-link.js'
import {codeRanges, inRanges} from './no-kirbytag-in-code.js'

/** Every tag name of some Kirby version. */
const VERSION_TAGS = new Set(['date', 'email', 'file', 'gist', 'image', 'link', 'tel', 'twitter', 'video', 'youtube', 'vimeo'])
/** Tags of widely used plugins (reported with their own note). */
const PLUGIN_TAGS = new Set(['tweet', 'instagram', 'codepen', 'embed', 'gallery', 'audio', 'figure', 'iframe', 'map', 'icon', 'mailto'])

/** Damerau–Levenshtein distance, capped: only 0, 1 or 2 (meaning more). */
const distance = (a: string, b: string): number => {
  if (Math.abs(a.length - b.length) > 1) return 2
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({length: rows}, (_, i) => Array.from({length: cols}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return Math.min(d[a.length]![b.length]!, 2)
}

const URL_VALUE = /^(?:https?:\/\/|www\.|mailto:|(?:page|file|site|user):\/\/)\S+$/i
const FILE_VALUE = /^[\w.-]+\.[a-z][a-z0-9]{1,4}$/i
const SLUG_LIST = /^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\s*,\s*[a-z0-9]+(?:[-_][a-z0-9]+)*)+$/i
const TAG_NAME = /^[a-z][a-zA-Z0-9_-]*$/
const CAMEL = /^[a-z]+[A-Z][a-zA-Z0-9]*$/
/** A single-word value followed by ` attr: value`. */
const WORD_THEN_ATTRIBUTE = /^\S+\s+[a-z][a-zA-Z0-9_-]*:\s*\S/

/** Why a candidate reads as a tag, or undefined when it reads as prose. */
const tagLike = (name: string, body: string, context: {known: (type: string) => boolean; names: readonly string[]; major: number}): string | undefined => {
  const lower = name.toLowerCase()
  if (context.known(lower)) {
    return `Kirby ${context.major === 2 ? '2' : '3.0–3.3'} looks tag names up as written, so \`(${name}:\` is no tag; write \`(${lower}:\``
  }
  if (VERSION_TAGS.has(lower)) {
    return lower === 'twitter'
      ? '`twitter` is a tag of Kirby 2 and 3 only (removed in 4.0); write a `(link:)` instead'
      : `\`${lower}\` is a tag of another Kirby version; here a plugin has to define it (declare it in \`tags\` of \`kfx.config.json\` if one does)`
  }
  if (PLUGIN_TAGS.has(lower)) return `\`${lower}\` is a plugin's tag; declare it in \`tags\` of \`kfx.config.json\` if the site has the plugin`
  if (lower.length >= 4) {
    const near = context.names.find((known) => known.length >= 4 && distance(lower, known) === 1)
    if (near !== undefined) return `did you mean \`(${near}:\`?`
  }
  if (!TAG_NAME.test(name)) return undefined
  const value = body.trim()
  if (CAMEL.test(name) || URL_VALUE.test(value) || FILE_VALUE.test(value) || SLUG_LIST.test(value) || WORD_THEN_ATTRIBUTE.test(value)) {
    return 'if a plugin defines it, declare it in `tags` of `kfx.config.json`'
  }
  return undefined
}

export const noUnknownKirbytag = defineRule({
  id: 'no-unknown-kirbytag',
  severity: 'warning',
  description: 'A `(name: …)` that reads as a kirbytag but is no built-in or configured tag',
  check: ({content, report, kindOf, tree}) => {
    const registry = content.registry
    const major = content.rules.version.major
    const names = [...registry.tags.keys(), ...registry.aliases.keys()]
    // In Kirby 2 and 3.0–3.3 names are case-sensitive: a known name in other case is a typo of sorts.
    const known = (type: string): boolean => isKnownTag(registry, type)
    for (const field of content.fields) {
      if (kindOf(field) !== 'kirbytext' || !field.value.includes('(')) continue
      const {unknown} = findKirbytags(field.value, {rules: content.rules, registry})
      if (unknown.length === 0) continue
      let ranges: Array<[number, number]> | undefined
      const found: Array<{candidate: (typeof unknown)[number]; why: string | undefined; colon: number}> = []
      for (const candidate of unknown) {
        const {name} = candidate
        const colon = field.value.indexOf(':', candidate.nameRange[1])
        const after = field.value.charAt(colon + 1)
        // Numbers and times (`(10:00)`), URLs (`(https://…)`), PHP (`(v::x()`).
        if (!/[a-z]/i.test(name) || after === '/' || after === ':') continue
        const offset = sourceOffset(field, candidate.start)
        // The tree only when the candidate may sit in code (a text test, a superset).
        if (mayBeInCode(field.value, [candidate.start])) {
          ranges ??= codeRanges(tree(field), content.text, major === 2)
          if (inRanges(ranges, offset)) continue
        }
        const body = field.value.slice(colon + 1, candidate.end - 1)
        found.push({candidate, colon, why: tagLike(name, body, {known, names, major})})
      }
      // A name that reads as a tag once is a tag everywhere in the file.
      const tagNames = new Set(found.filter((f) => f.why !== undefined).map((f) => f.candidate.name))
      for (const {candidate, why, colon} of found) {
        if (!tagNames.has(candidate.name)) continue
        const reason = why ?? found.find((f) => f.candidate.name === candidate.name && f.why !== undefined)!.why!
        const start = sourceOffset(field, candidate.start)
        const end = sourceOffset(field, colon) + 1
        report({
          reason: `Unexpected unknown kirbytag \`(${candidate.name}:\`, expected a built-in or configured tag: Kirby shows \`${(candidate.raw.length > 40 ? `${candidate.raw.slice(0, 39)}…` : candidate.raw).replace(/`/g, "'").replace(/\s+/g, ' ')}\` as text`,
          place: {start: content.point(start), end: content.point(end)},
          note: reason.charAt(0).toUpperCase() + reason.slice(1) + '.'
        })
      }
    }
  }
})

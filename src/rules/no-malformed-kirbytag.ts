/**
 * @fileoverview `no-malformed-kirbytag`: kirbytags Kirby reads otherwise
 * than they look.
 *
 * Why: Kirby finds tags with a pattern and splits them at every
 * `attribute:` it knows, anywhere in the tag (spec §4.2–4.3, §8.10–12).
 * So a tag with no value, a tag written inside a tag, a tag whose `)` is
 * missing (or, in Kirby 2 and 3.0–3.3, a `(` inside the tag), a value cut at
 * an attribute name inside a word (`subtitle:` at `title:`, `?q=class:x`),
 * an unknown attribute that stays glued to the value (Kirby 2's `popup:` in
 * Kirby 3+, `text:` on images since 3.3) and attributes on `youtube`/
 * `vimeo` (aliases without attributes in Kirby 3+) all render something
 * other than what was written — often nothing at all.
 *
 * ok:
 *   Text: (link: about text: About us)
 *
 * not-ok (the value is cut at `title:`, the link text is `my sub`):
 *   Text: (link: https://example.com text: my subtitle: here)
 *
 * No fix: each repair changes what Kirby renders.
 */
import {defineRule, type RuleContext} from '../lint/rule.js'
import {phpStrToLower} from '../txt/php.js'
import {scanKirbytagSpans, tagNameColon} from '../kirbytag/scan.js'
import {sourceOffset, type Field} from '../txt/decode.js'
import type {PlacedKirbytag} from '../parse.js'
import type {Position} from '../types.js'

/** Attribute names of all Kirby versions, and `popup` (Kirby 2). */
const ANY_ATTRIBUTE = new Set([
  'alt', 'autoplay', 'caption', 'class', 'controls', 'disablepictureinpicture', 'download', 'file', 'height', 'imgclass', 'lang',
  'link', 'linkclass', 'loop', 'muted', 'playsinline', 'popup', 'poster', 'preload', 'rel', 'role', 'srcset', 'style', 'target',
  'text', 'title', 'width'
])
const UUID_SCHEMES = ['site://', 'page://', 'file://', 'user://']
const isSpace = (char: string): boolean => char === '' || /[\s]/.test(char)

/** `text` shortened and made safe for backticks. */
const shown = (text: string, max = 40): string => {
  const flat = text.replace(/\s+/g, ' ').replace(/`/g, "'")
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** The words a tag is split at: its name, then its attributes (Kirby 3+: none for an alias). */
const vocabulary = (content: RuleContext['content'], tag: PlacedKirbytag): string[] => {
  const registry = content.registry
  const k2 = content.rules.version.major === 2
  const looked = k2 ? tag.name : phpStrToLower(tag.name)
  const declared = registry.tags.get(looked)?.attributes ?? []
  return [looked, ...declared].map(phpStrToLower).sort((a, b) => b.length - a.length)
}

interface Delimiter {
  word: string
  start: number
  /** Offset of the colon. */
  colon: number
}

/** Where Kirby splits the tag text `[from, to)`: every `word:` (leftmost, longest), as `preg_split` does. */
const delimiters = (text: string, from: number, to: number, words: readonly string[], protect: boolean): Delimiter[] => {
  const found: Delimiter[] = []
  let last = from
  for (let colon = text.indexOf(':', from); colon !== -1 && colon < to; colon = text.indexOf(':', colon + 1)) {
    for (const word of words) {
      const start = colon - word.length
      if (start < last || text.slice(start, colon).toLowerCase() !== word) continue
      if (protect && UUID_SCHEMES.some((scheme) => text.slice(start, start + scheme.length).toLowerCase() === scheme)) continue
      found.push({word, start, colon})
      last = colon + 1
      break
    }
  }
  return found
}

export const noMalformedKirbytag = defineRule({
  id: 'no-malformed-kirbytag',
  severity: 'error',
  description: 'A kirbytag that Kirby reads otherwise than it looks: no value, nested, unclosed, cut, or with attributes Kirby ignores',
  check: (context) => {
    const {content, kindOf} = context
    for (const field of content.fields) {
      if (kindOf(field) !== 'kirbytext' || !field.value.includes('(')) continue
      checkField(context, field)
    }
  }
})

const checkField = (context: RuleContext, field: Field): void => {
  const {content, report} = context
  const value = field.value
  const rules = content.rules
  const k2 = rules.version.major === 2
  const at = (start: number, end: number): Position => ({
    start: content.point(sourceOffset(field, start)),
    end: content.point(end > start ? sourceOffset(field, end - 1) + 1 : sourceOffset(field, start))
  })
  const isKnownName = (name: string): boolean => {
    const type = rules.caseInsensitiveTagNames ? phpStrToLower(name) : name
    return content.registry.tags.has(type) || (!k2 && content.registry.aliases.has(type))
  }
  const tags = context.tags(field).filter((tag) => tag.position !== undefined)
  const rendered = new Set(tags.map((tag) => tag.match.start))
  const spans = scanKirbytagSpans(value, rules.balancedTags)
  const knownSpans = spans.filter(([start]) => rendered.has(start))
  const nested = new Set<number>()

  // `(name:` of a known tag that starts no tag: nested in a tag, or never closed.
  for (let index = value.indexOf('('); index !== -1; index = value.indexOf('(', index + 1)) {
    const colon = tagNameColon(value, index)
    if (colon < 0 || !isKnownName(value.slice(index + 1, colon))) continue
    if (spans.some(([start]) => start === index) || rendered.has(index)) continue
    const name = value.slice(index + 1, colon)
    const outer = spans.find(([start, end]) => start < index && index < end)
    if (outer) {
      if (!rendered.has(outer[0])) continue
      nested.add(index)
      report({
        reason: `Unexpected \`(${name}:\` inside the tag \`${shown(value.slice(outer[0], outer[1]))}\`, expected one tag: Kirby does not expand a tag inside another, it reads all of it as one tag and splits it at the inner \`${name}:\``,
        place: at(index, colon + 1),
        note: 'Remove the doubled `(name:`, or move the inner tag out of the outer one.'
      })
      continue
    }
    const next = value.slice(colon + 1).match(/^\s*\(/)
    const inner = next ? colon + 1 + next[0].length - 1 : -1
    report({
      reason:
        inner !== -1 && rendered.has(inner)
          ? `Unexpected \`(${name}:\` before the tag \`${shown(value.slice(inner, spans.find(([s]) => s === inner)?.[1] ?? inner + 30))}\`, expected one tag: the outer \`(\` is never closed, so Kirby shows \`(${name}:\` as text and expands only the inner tag`
          : `Unexpected unclosed \`(${name}:\`, expected a \`)\` that ends the tag: Kirby shows the text as it is`,
      place: at(index, colon + 1),
      note: rules.balancedTags ? 'Kirby 3.4+ needs the parentheses of a tag to balance.' : 'The tag ends at the first `)` after it.'
    })
  }

  for (const tag of tags) {
    const {match} = tag
    const name = match.name
    const [nameStart] = match.nameRange
    const colon = value.indexOf(':', nameStart)
    // The inner text Kirby splits.
    let to = match.end
    while (to > colon && value.charAt(to - 1) === ')') {
      to--
      if (!k2) break
    }
    const words = vocabulary(content, tag)
    const cuts = delimiters(value, nameStart, to, words, rules.protectUuidSchemes).filter((d) => d.start !== nameStart)
    const alias = match.alias

    // No value.
    const firstCut = cuts[0]
    if (tag.value === '') {
      report({
        reason: `Unexpected empty value in \`(${name}:\`, expected ${tag.type === 'link' ? 'a link target' : tag.type === 'date' ? 'a date format' : tag.type === 'email' ? 'an address' : 'a value'} after the colon${firstCut ? ` and before \`${value.slice(firstCut.start, firstCut.colon + 1)}\`` : ''}`,
        place: at(match.start, colon + 1),
        note: `Kirby renders \`(${name}:)\` with an empty value${tag.type === 'link' ? ' (a link to the site itself)' : ''}.`
      })
    }

    // A value or attribute cut by a split word inside it, a second value, a UUID cut.
    for (const cut of cuts) {
      if (nested.has(cut.start - 1)) continue
      const before = value.charAt(cut.start - 1)
      const written = value.slice(cut.start, cut.colon + 1)
      if (!isSpace(before)) {
        let wordStart = cut.start
        while (wordStart > colon + 1 && !isSpace(value.charAt(wordStart - 1))) wordStart--
        let wordEnd = cut.colon + 1
        while (wordEnd < to && !isSpace(value.charAt(wordEnd))) wordEnd++
        report({
          reason: `Unexpected \`${written}\` inside \`${shown(value.slice(wordStart, wordEnd))}\`, expected attribute names after a space: Kirby splits the tag at every \`${written}\`, so the text before it is cut off here`,
          place: at(cut.start, cut.colon + 1),
          note: cut.word === 'title' || cut.word === 'text' || cut.word === 'class' || cut.word === 'link'
            ? 'Reword the text, or write the colon as `&#58;` so Kirby does not see an attribute.'
            : 'Write the colon as `&#58;` (or URL-encode it as `%3A`) so Kirby does not see an attribute.'
        })
      } else if (!rules.protectUuidSchemes && value.startsWith('//', cut.colon + 1)) {
        report({
          reason: `Unexpected \`${written}//\` in \`(${name}:\`, expected a value Kirby ${rules.version.major}.${rules.version.minor} does not split: it splits at \`${written}\`, only Kirby 4+ skips UUID schemes`,
          place: at(cut.start, cut.colon + 1)
        })
      } else if (cut.word === phpStrToLower(name)) {
        report({
          reason: `Unexpected second \`${written}\` in \`(${name}:\`, expected one value: Kirby keeps the last one`,
          place: at(cut.start, cut.colon + 1)
        })
      }
    }

    // Attributes on an alias (Kirby 3+ `youtube`, `vimeo`): nothing is split.
    if (alias !== undefined) {
      const attribute = /(^|\s)([A-Za-z][\w-]*):(?=\s|$)/.exec(tag.value)
      const declared = content.registry.tags.get(match.type)?.attributes ?? []
      if (attribute && declared.includes(attribute[2]!.toLowerCase()) && match.valueRange) {
        const start = match.valueRange[0] + attribute.index + attribute[1]!.length
        report({
          reason: `Unexpected \`${attribute[2]}:\` in \`(${alias}:\`, expected \`(${match.type}:\`: Kirby 3+ does not split attributes of the alias \`${alias}\`, so the whole text is the URL and the video is empty`,
          place: at(start, start + attribute[2]!.length + 1),
          note: `Write \`(${match.type}: …)\` to use \`${attribute[2]}\`.`
        })
      }
      continue
    }

    // Unknown attributes glued to the value or to an attribute.
    const pieces: Array<{text: string; start: number; of: string}> = []
    if (match.valueRange) pieces.push({text: tag.value, start: match.valueRange[0], of: 'the value'})
    for (const attribute of match.attributes) {
      if (attribute.valueRange) pieces.push({text: attribute.value, start: attribute.valueRange[0], of: `\`${attribute.name.trim()}:\``})
    }
    const applied = content.registry.tags.get(match.type)?.attributes ?? []
    for (const piece of pieces) {
      const pattern = /(^|\s)([A-Za-z][\w-]*):(?=\s|$)/g
      for (const found of piece.text.matchAll(pattern)) {
        const word = found[2]!
        const lower = word.toLowerCase()
        if (applied.includes(lower)) continue
        // In the value, any `word: ` is an attribute Kirby does not know; in text attributes only attribute names of some version.
        if (piece.of !== 'the value' && !ANY_ATTRIBUTE.has(lower)) continue
        if (piece.of === 'the value' && match.type === 'date') continue
        const start = piece.start + found.index + found[1]!.length
        if (/^(?:mailto|tel|https?|ftp|sms|geo)$/.test(lower) && piece.of === 'the value') {
          report({
            reason: `Unexpected space after \`${word}:\` in \`(${name}:\`, expected \`${word}:\` and the address as one word: Kirby links to \`${shown(piece.text, 30)}\`, space included`,
            place: at(start, start + word.length + 1),
            note: 'Remove the space after the colon.'
          })
          break
        }
        report({
          reason: `Unexpected unknown attribute \`${word}:\` in \`(${name}:\`, expected ${applied.length > 0 ? `one of ${applied.map((a) => `\`${a}\``).join(', ')}` : 'no attributes'}: Kirby keeps \`${shown(piece.text.slice(found.index + found[1]!.length), 30)}\` as part of ${piece.of}`,
          place: at(start, start + word.length + 1),
          note:
            lower === 'popup'
              ? '`popup:` is Kirby 2 only; write `target: _blank`.'
              : lower === 'text' && match.type === 'image'
                ? '`text:` on images was removed in Kirby 3.3; write `alt:`.'
                : 'Remove it, or declare the attribute in `tags` of `kfx.config.json` if a plugin adds it.'
        })
        break
      }
    }

    // Kirby 2 and 3.0–3.3 end a tag at the first `)`: a `(` inside cuts it.
    if (!rules.balancedTags) {
      let depth = 0
      let open = -1
      for (let index = colon + 1; index < to; index++) {
        const char = value.charAt(index)
        if (char === '(') {
          if (depth === 0) open = index
          depth++
        } else if (char === ')') depth--
      }
      if (depth > 0 && open !== -1 && !nested.has(open)) {
        report({
          reason: `Unexpected \`(\` inside \`(${name}:\`, expected no parentheses in a tag: Kirby ${k2 ? '2' : '3.0–3.3'} ends the tag at the first \`)\`, so the text after it is shown as is`,
          place: at(open, open + 1),
          note: 'Write the parentheses as `&#40;` and `&#41;`, or leave them out.'
        })
      }
    }

    // Kirby 2 ignores attribute names in another case.
    if (k2) {
      for (const attribute of match.attributes) {
        if (attribute.known || !applied.includes(attribute.name.toLowerCase())) continue
        const [start, end] = attribute.nameRange
        report({
          reason: `Unexpected \`${attribute.name}:\`, expected \`${attribute.name.toLowerCase()}:\`: Kirby 2 splits at it but ignores attribute names in another case`,
          place: at(start, end + 1)
        })
      }
    }
  }
}

/**
 * @fileoverview `field-separator-style`: `----` lines that split fields
 * where a person would not expect it, lines that look like separators but
 * do not split, and fields that lack their separator.
 *
 * Why: Kirby splits a file at a line feed followed by four dashes, whatever
 * follows them on the line (spec §1.1, §8.1). So a Markdown rule `-----`
 * ends the field and the rest of the text becomes a junk chunk (usually
 * dropped); `----Text: x` splits as intended but only by luck. An indented
 * ` ----` and a `----` on the first line do not split, so the following
 * `Key:` ends up inside a value or in the first key. And a `Key:` line
 * without a `----` before it is text of the field above.
 *
 * ok:
 *   Title: Hello
 *   ----
 *   Text: A rule: ***
 *
 * not-ok (`-----` splits the text; `More` is dropped):
 *   Text: Intro
 *   -----
 *   More
 *
 * Fix (only for `----Key: value`, which Kirby already splits before `Key`):
 * a line break after the four dashes — Kirby reads exactly the same fields.
 */
import {schemaFor} from '../blueprint/index.js'
import {defineRule} from '../lint/rule.js'
import {sourceOffset, type Field} from '../txt/decode.js'
import {mayBeInCode} from './no-broken-link.js'
import {codeRanges, inRanges} from './no-kirbytag-in-code.js'

/** A line Kirby would read as the start of a field: `Key:` at column 1. */
// A key and its colon, then a space, the end of the line (`Text:` above a multi-line value) or of the text.
const FIELD_LINE = /^([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]|\r?\n|$)/
/** A blank line (white space only) followed by a line that starts like `Key:`: what the loop below looks for. */
const KEY_AFTER_BLANK = /(?:^|\n)[^\S\n]*\n[A-Za-z][A-Za-z0-9_-]*:/
/** Keys Kirby itself writes, and the ones nearly every site has. */
const COMMON_KEYS = new Set(['title', 'text', 'date', 'uuid', 'template', 'sort', 'slug', 'url_key', 'tags', 'intro', 'description', 'author', 'cover'])

/** Whether the text after `offset` (skipping blank lines) starts like a field. */
const fieldFollows = (text: string, offset: number): boolean => {
  const rest = text.slice(offset, offset + 200).replace(/^[ \t\r]*\n(?:[ \t\r]*\n)*/, '')
  return FIELD_LINE.test(rest)
}

/**
 * Whether a file offset inside a field's value may lie in code (a text
 * test, a superset; see `mayBeInCode`): only then is the tree asked.
 */
const offsetMayBeInCode = (field: Field, offset: number): boolean => {
  const at = offset - field.valuePosition.start.offset
  if (field.removed.length > 0 || at < 0 || at > field.value.length) return true
  return mayBeInCode(field.value, [at])
}

export const fieldSeparatorStyle = defineRule({
  id: 'field-separator-style',
  severity: 'warning',
  description: 'Lines that split fields unexpectedly (`-----`, `----text`), separators that do not split, missing separators',
  fixable: true,
  check: async (context) => {
    const {content, report, site, model} = context
    const {text} = content
    const k2 = content.rules.version.major === 2
    for (const diagnostic of content.diagnostics) {
      const place = diagnostic.place
      if (place === undefined || !('start' in place)) continue
      if (diagnostic.code === 'separator-with-text') {
        const line = text.slice(place.start.offset, place.end.offset)
        const rest = line.slice(4)
        if (/^-+\s*$/.test(rest)) {
          report({
            reason: `Unexpected \`${line.trim()}\` line, expected \`----\` alone or a rule that is no separator: Kirby ends the field here and reads the text after it as a new field`,
            place,
            note: k2
              ? 'For a Markdown rule write `***` or `- - -`; Kirby 2 does not unescape `\\----`.'
              : 'For a Markdown rule write `***`, or escape the line as `\\-----` (Kirby 3.2+ removes the backslash).'
          })
        } else if (FIELD_LINE.test(rest)) {
          // `----Key: value`: Kirby already splits before `Key`; a line break changes nothing it reads.
          report({
            reason: `Unexpected \`${line.slice(0, 40)}\`, expected \`----\` on a line of its own: Kirby splits after the four dashes and \`${FIELD_LINE.exec(rest)![1]}:\` starts the next field`,
            place,
            fix: {start: place.start.offset + 4, end: place.start.offset + 4, text: '\n\n'}
          })
        } else {
          report({
            reason: `Unexpected \`${line.slice(0, 40)}\` line, expected \`----\` alone: Kirby splits after the four dashes and reads \`${rest.slice(0, 20)}\` as the start of a new field`,
            place,
            note: 'Put the text on a line of its own below `----` with a `Key:`, or escape the line with a backslash (`\\----`, Kirby 3.2+).'
          })
        }
      } else if (diagnostic.code === 'separator-on-first-line') {
        const next = text.slice(place.end.offset).replace(/^[ \t\r\n]+/, '')
        const key = FIELD_LINE.exec(next)?.[1]
        report({
          reason: `Unexpected \`----\` on the first line, expected a field: Kirby splits only after a line break, so the dashes become part of the first key${key ? ` and \`${key}\` is lost` : ''}`,
          place,
          note: 'Remove the first line.'
        })
      } else if (diagnostic.code === 'indented-separator') {
        // An indented `----` is a Markdown rule or code unless a field follows it.
        if (!fieldFollows(text, place.end.offset)) continue
        const field = content.fields.find((f) => f.chunkPosition.start.offset <= place.start.offset && place.end.offset <= f.chunkPosition.end.offset)
        if (field && context.kindOf(field) === 'kirbytext' && offsetMayBeInCode(field, place.start.offset)) {
          const ranges = codeRanges(context.tree(field), text, k2)
          if (inRanges(ranges, place.start.offset)) continue
        }
        report({
          reason: `Unexpected indented \`${text.slice(place.start.offset, place.end.offset).trim()}\`, expected \`----\` at the start of the line: Kirby does not split here, the next \`Key:\` stays text of ${field ? `\`${field.rawKey}\`` : 'the field above'}`,
          place,
          note: 'Remove the spaces before the dashes.'
        })
      }
    }

    // `Key:` lines inside a value: a missing `----`.
    let known: Set<string> | undefined
    if (site.blueprintsRoot !== undefined) {
      const {schema} = await schemaFor(site, {kind: model.kind, name: model.name})
      known = new Set(Object.keys((schema as {properties?: object}).properties ?? {}))
    }
    const present = new Set(content.fields.map((f) => f.key))
    for (const field of content.fields) {
      const kind = context.kindOf(field)
      if (kind === 'yaml' || kind === 'json') continue
      if (!field.value.includes('\n')) continue
      // A YAML value (a map or a list) has `key:` lines of its own.
      if (/^(?:- |[\w-]+:(?:[ \t]|\r?\n|$))/.test(field.value)) continue
      // Only a `Key:` line after a blank line is looked at (no split of every text field).
      if (!KEY_AFTER_BLANK.test(field.value)) continue
      const shownKey = field.rawKey.includes('\n') ? 'the field above' : `\`${field.rawKey}\``
      let ranges: Array<[number, number]> | undefined
      const lines = field.value.split('\n')
      let index = 0
      // The last non-blank line before the current one (no rescan per line).
      let lastNonBlank = ''
      for (let line = 0; line < lines.length; line++) {
        const current = lines[line]!
        const start = index
        index += current.length + 1
        const before = lastNonBlank
        if (current.trim() !== '') lastNonBlank = current
        if (line === 0 || (lines[line - 1] ?? '').trim() !== '') continue
        const match = FIELD_LINE.exec(current)
        if (!match) continue
        // After an indented `----` (reported above), or a nested YAML key (`tags:` above indented lines).
        if (/^[ \t]+----[ \t]*\r?$/.test(before)) continue
        // A nested YAML key (`tags:` above indented lines) is no field.
        if (/^[ \t]/.test(lines[line + 1] ?? '')) continue
        const key = match[1]!.toLowerCase().replace(/-/g, '_')
        if (key === field.key || present.has(key)) continue
        if (!(known?.has(key) ?? false) && !COMMON_KEYS.has(key)) continue
        // The value must look like a field's, not like prose after a label.
        const offset = sourceOffset(field, start)
        if (kind === 'kirbytext' && mayBeInCode(field.value, [start])) {
          ranges ??= codeRanges(context.tree(field), text, k2)
          if (inRanges(ranges, offset)) continue
        }
        report({
          reason: `Unexpected \`${match[1]}:\` inside ${shownKey}, expected a \`----\` line before it: Kirby reads it as text of ${shownKey}, and \`${key}\` stays empty`,
          place: {start: content.point(offset), end: content.point(offset + match[1]!.length + 1)}
        })
      }
    }
  }
})

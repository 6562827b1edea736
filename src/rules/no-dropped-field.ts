/**
 * @fileoverview `no-dropped-field`: text of a content file that Kirby reads
 * as no field at all, or that it folds into a key.
 *
 * Why: Kirby splits a file at `----` lines and takes the text before the
 * first `:` of each chunk as the key. A chunk without a colon, with the
 * colon first, or with the key `0` is dropped without a word; text lines
 * before `Key:` in a chunk become part of the key (`Intro\nText: …` is the
 * key `intro\ntext`, which no template asks for).
 *
 * ok:
 *   Title: Hello
 *   ----
 *   Text: World
 *
 * not-ok (the second chunk has no `Key:`, Kirby drops it):
 *   Title: Hello
 *   ----
 *   World
 *
 * No fix: any change makes Kirby show text it does not show today.
 */
import {defineRule} from '../lint/rule.js'

/**
 * Whether a key is prose rather than a field name: four words or more, or
 * Markdown/sentence punctuation. Such a key is text that lost its field (a
 * `----` line before it) and whose first colon (`https:`) became the key's end.
 */
export const isProseKey = (rawKey: string): boolean => /[[\](){}!?*"“”«»]/.test(rawKey) || rawKey.trim().split(/\s+/).length >= 4

const DROPPED = new Set(['dropped-chunk-no-colon', 'dropped-chunk-leading-colon', 'dropped-chunk-empty-key', 'dropped-chunk-key-zero'])

export const noDroppedField = defineRule({
  id: 'no-dropped-field',
  severity: 'warning',
  description: 'Text Kirby drops (no `Key:`, a leading colon, key `0`) or folds into a key',
  check: ({content, report}) => {
    const {text} = content
    for (const diagnostic of content.diagnostics) {
      if (!DROPPED.has(diagnostic.code) || diagnostic.place === undefined || !('start' in diagnostic.place)) continue
      const start = diagnostic.place.start.offset
      // The rest of a `-----` / `----text` line: field-separator-style reports the line.
      const lineStart = text.lastIndexOf('\n', start - 1) + 1
      if (text.startsWith('----', lineStart) && start > lineStart) continue
      const note =
        diagnostic.code === 'dropped-chunk-no-colon'
          ? 'Add a key (`Text: …`), or remove the `----` line before this text so that it stays in the field above.'
          : diagnostic.code === 'dropped-chunk-key-zero'
            ? 'PHP treats the key `0` as empty. Rename the field.'
            : 'Put the field name before the colon.'
      report({reason: diagnostic.reason, place: diagnostic.place, note})
    }
    for (const field of content.fields) {
      if (!field.key.includes('\n') && isProseKey(field.rawKey)) {
        report({
          reason: `Unexpected text \`${field.rawKey.length > 40 ? `${field.rawKey.slice(0, 39)}…` : field.rawKey}\` as a key, expected \`Key:\`: Kirby takes the text up to its first colon as a field name, so this text is no field any template reads`,
          place: field.keyPosition,
          note: 'The `----` line before it ends the field the text belongs to; remove that line, or add a key.'
        })
        continue
      }
      if (!field.key.includes('\n')) continue
      const start = field.keyPosition.start.offset
      // `----` on the first line: field-separator-style reports it.
      if (start === 0 && /^----/.test(text)) continue
      const lastLine = field.rawKey.slice(field.rawKey.lastIndexOf('\n') + 1).trim()
      const lineEnd = text.indexOf('\n', start)
      report({
        reason: `Unexpected text before \`${lastLine}:\`, expected \`${lastLine}:\` to start its field: Kirby reads the key \`${JSON.stringify(field.key).slice(1, -1)}\`, so no template finds \`${field.key.slice(field.key.lastIndexOf('\n') + 1)}\``,
        place: {start: field.keyPosition.start, end: content.point(lineEnd === -1 ? field.keyPosition.end.offset : Math.min(lineEnd, field.keyPosition.end.offset))},
        note: 'Put a `----` line between the text and the key, or move the text into a field.'
      })
    }
  }
})

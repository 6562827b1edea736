/**
 * @fileoverview `no-duplicate-field`: the same key twice in one content file.
 *
 * Why: Kirby decodes a content file into a PHP array, so a repeated key
 * (`Title`, `title`, `TITLE` and `ti-tle`… are all one key once lower-cased
 * and `-`/space became `_`) keeps the position of its first occurrence and
 * the value of its last: the earlier text silently disappears from the site.
 *
 * ok:
 *   Title: Hello
 *   ----
 *   Text: World
 *
 * not-ok (Kirby shows `Hi`, at the place of the first `Title`):
 *   Title: Hello
 *   ----
 *   Title: Hi
 *
 * Fix (only when every occurrence holds the same value, so nothing Kirby
 * shows changes): the later, identical fields are removed with the
 * separator before them.
 */
import {defineRule} from '../lint/rule.js'

/** Shortens a value for a message. */
const excerpt = (value: string): string => {
  const line = value.split('\n', 1)[0] ?? ''
  return line.length > 30 || value.includes('\n') ? `${line.slice(0, 30)}…` : line
}

export const noDuplicateField = defineRule({
  id: 'no-duplicate-field',
  severity: 'error',
  description: 'A field key that occurs twice in one file: Kirby keeps the last value, in the first place',
  fixable: true,
  check: ({content, report}) => {
    const {text} = content
    for (const field of content.fields) {
      if (!field.overridden) continue
      const all = [...field.overridden, {rawKey: field.rawKey, keyPosition: field.keyPosition, valuePosition: field.valuePosition, value: field.value}]
      const first = all[0]!
      const same = all.every((entry) => entry.value === field.value)
      for (const entry of all.slice(1)) {
        // The chunk to remove: from the end of the previous field's value (the
        // separator included) to the end of this one's value.
        const valueEnd = entry.valuePosition.end.offset
        const separator = text.lastIndexOf('\n----', entry.keyPosition.start.offset)
        const previousEnd = separator === -1 ? -1 : separator
        const fix =
          same && previousEnd > first.keyPosition.start.offset
            ? {start: previousEnd, end: Math.max(valueEnd, entry.keyPosition.end.offset + 1), text: ''}
            : undefined
        const spelled = entry.rawKey === first.rawKey ? '' : ` (\`${entry.rawKey}\` and \`${first.rawKey}\` are one key)`
        report({
          reason: `Unexpected second field \`${entry.rawKey}\`${spelled}, expected each key once: Kirby keeps only the last value, in the place of the first \`${first.rawKey}\` (line ${first.keyPosition.start.line})`,
          place: entry.keyPosition,
          note: same
            ? 'Every occurrence holds the same value: the later ones can go without changing the page.'
            : `The value${all.length > 2 ? 's' : ''} before the last (\`${excerpt(first.value)}\`${all.length > 2 ? ', …' : ''}) never reach${all.length > 2 ? '' : 'es'} the site. Merge the fields or rename one.`,
          ...(fix ? {fix} : {})
        })
      }
    }
  }
})

/**
 * @fileoverview `no-lossy-key`: field keys that do not survive Kirby's own
 * write.
 *
 * Why: Kirby reads a key as written, only ASCII-lower-cased with `-` and
 * space as `_` (`größe`, `foo.bar`, `a__b` stay as they are). When the Panel
 * or `$page->update()` saves the page, every key is written as
 * `ucfirst(slug(key))` (`größe` → `Grosse`, `foo.bar` → `Foo-bar`), which
 * reads back as another key (`grosse`, `foo_bar`): the field a template asks
 * for is empty after the first save. Keys that only change their spelling
 * (`camelCase` is read as `camelcase` and written `Camelcase`) are not
 * reported: they read back as the same key.
 *
 * ok:
 *   Cover-image: a.jpg
 *
 * not-ok (after a save the key is `grosse`):
 *   Größe: 42
 *
 * No fix: renaming the key changes which field a template gets.
 */
import type {KirbyRules} from '../kirby-version.js'
import {defineRule} from '../lint/rule.js'
import {decode} from '../txt/decode.js'
import {encodeKey} from '../txt/encode.js'
import {isProseKey} from './no-dropped-field.js'

/** The key Kirby reads for a written key. */
const readKey = (written: string): string => decode(`${written}: x`).fields[0]?.key ?? ''

/**
 * What a key becomes when Kirby writes it and reads it back, per Kirby 2 or
 * 3+ (encodeKey only tells those apart), computed once per key: decoding a
 * `Key: x` line per field of every file cost ~0.2 s per 10k files.
 */
const roundTrips = new Map<string, {written: string; after: string}>()
const ROUND_TRIPS_KEPT = 10_000

const roundTrip = (key: string, rules: KirbyRules): {written: string; after: string} => {
  const id = `${rules.version.major === 2 ? 2 : 3}:${key}`
  let found = roundTrips.get(id)
  if (!found) {
    const written = encodeKey(key, rules)
    found = {written, after: written === '' ? '' : readKey(written)}
    if (roundTrips.size >= ROUND_TRIPS_KEPT) roundTrips.clear()
    roundTrips.set(id, found)
  }
  return found
}

export const noLossyKey = defineRule({
  id: 'no-lossy-key',
  severity: 'warning',
  description: 'A field key that Kirby writes back as another key (`größe` → `Grosse`)',
  check: ({content, report}) => {
    for (const field of content.fields) {
      // Keys holding a line break are no-dropped-field's.
      if (field.key.includes('\n') || isProseKey(field.rawKey)) continue
      const {written, after} = roundTrip(field.key, content.rules)
      if (after === field.key) continue
      report({
        reason:
          written === ''
            ? `Unexpected key \`${field.rawKey}\`, expected letters or digits: Kirby writes no key for it when it saves the page, and the field is lost`
            : `Unexpected key \`${field.rawKey}\`, expected \`${written}\`: Kirby writes it back as \`${written}:\`, which reads as \`${after}\`, not \`${field.key}\``,
        place: field.keyPosition,
        note: 'Use lower-case ASCII letters, digits and single `_` or `-` in field names (and the same name in the blueprint and templates).'
      })
    }
  }
})

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
import {defineRule} from '../lint/rule.js'
import {decode} from '../txt/decode.js'
import {encodeKey} from '../txt/encode.js'
import {isProseKey} from './no-dropped-field.js'

/** The key Kirby reads for a written key. */
const readKey = (written: string): string => decode(`${written}: x`).fields[0]?.key ?? ''

export const noLossyKey = defineRule({
  id: 'no-lossy-key',
  severity: 'warning',
  description: 'A field key that Kirby writes back as another key (`größe` → `Grosse`)',
  check: ({content, report}) => {
    for (const field of content.fields) {
      // Keys holding a line break are no-dropped-field's.
      if (field.key.includes('\n') || isProseKey(field.rawKey)) continue
      const written = encodeKey(field.key, content.rules)
      const after = written === '' ? '' : readKey(written)
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

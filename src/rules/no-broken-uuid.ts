/**
 * @fileoverview `no-broken-uuid`: `page://` and `file://` references, and
 * `/@/page/…` / `/@/file/…` permalinks, that resolve to nothing.
 *
 * Kirby 3.8+ stores references by UUID: pages and files fields
 * (`Cover: - file://…`), link fields, blocks JSON (`"image":
 * ["file://…"]`), kirbytags (`(link: page://…)`, `(image: file://…)`) and
 * writer HTML (`href="/@/page/…"`). Every such reference in every field of
 * the file is looked up in the site's UUID index (the `Uuid:` fields of
 * default-language content and meta files; compared as written in 3.8–4.x,
 * case-insensitively from 5.0), also in the values of a field that a later
 * field with the same key replaced (Kirby does not read those, but they
 * are what an editor sees in the file). A `page://` that names a file (or
 * the other way round) is reported too. Before Kirby 3.8 these are no
 * references, and the rule reports nothing.
 *
 * Why: an unresolvable UUID renders as nothing (a files field entry is
 * skipped, a `(link:)` becomes a bare `<span>`) or throws in templates that
 * call `->toPage()`; it happens when content is copied between sites, when a
 * `Uuid:` line is deleted, or when stray text is glued to the id.
 *
 * ok (`photo.jpg.txt` holds `Uuid: a1B2c3D4e5F6g7H8`):
 *
 *     Cover: - file://a1B2c3D4e5F6g7H8
 *
 * not ok (no model has the UUID `zzzzzzzzzzzzzzzz`):
 *
 *     Cover: - file://zzzzzzzzzzzzzzzz
 */
import {defineRule, type RuleContext} from '../lint/rule.js'
import type {Site, UuidEntry} from '../site/index.js'
import type {Field} from '../txt/decode.js'
import type {Position} from '../types.js'
import {valueSpan} from './no-broken-link.js'

/**
 * A reference (`page://id`, `file://id`) or a permalink (`/@/page/id`), also
 * with JSON's escaped slashes (`file:\\/\\/id`, as older layouts store them).
 * Ids stop at whitespace, quotes, brackets, `/`, `?`, `#`, `,`, `\\`, `|`.
 */
const REFERENCE = /(?<![a-z0-9])(page|file):\\?\/\\?\/([^\s"'<>()[\]{}/?#,\\|]+)|\\?\/@\\?\/(page|file)\\?\/([^\s"'<>()[\]{}/?#,\\|]+)/gi

const uuidsEnabled = (site: Site): boolean => {
  const {major, minor} = site.rules.version
  return major > 3 || (major === 3 && minor >= 8)
}

/** The site's UUIDs as Kirby compares them (lower-cased from Kirby 5), built once per site. */
const indexes = new WeakMap<Site, Map<string, UuidEntry>>()
const uuidIndex = (site: Site): Map<string, UuidEntry> => {
  let index = indexes.get(site)
  if (index) return index
  index = new Map()
  const fold = site.rules.version.major >= 5
  for (const [uuid, entry] of site.uuids) {
    const key = fold ? uuid.toLowerCase() : uuid
    if (!index.has(key)) index.set(key, entry)
  }
  indexes.set(site, index)
  return index
}

const fold = (site: Site, id: string): string => (site.rules.version.major >= 5 ? id.toLowerCase() : id)

/** What a UUID that finds nothing may have meant: a known UUID it starts with, or one that differs only in case. */
const explain = (site: Site, scheme: string, id: string): string[] => {
  const notes: string[] = []
  const folded = fold(site, id)
  for (const [uuid, entry] of site.uuids) {
    if (folded.length > uuid.length && folded.startsWith(fold(site, uuid))) {
      notes.push(`\`${scheme}://${uuid}\` (\`${entry.id}\`) exists: \`${id.slice(uuid.length)}\` is glued to it`)
      break
    }
  }
  if (notes.length === 0 && site.rules.version.major < 5) {
    const lower = id.toLowerCase()
    for (const [uuid, entry] of site.uuids) {
      if (uuid.toLowerCase() === lower) {
        notes.push(`\`${uuid}\` (\`${entry.id}\`) differs only in case: Kirby before 5.0 compares UUIDs as written`)
        break
      }
    }
  }
  return notes
}

/** Reports the broken references in `text`, a value whose index `i` is at `place(i, j)`. */
const scan = (
  context: RuleContext<unknown>,
  text: string,
  place: (start: number, end: number) => Position,
  overriddenBy?: Field
): void => {
  const {site} = context
  const index = uuidIndex(site)
  for (const match of text.matchAll(REFERENCE)) {
    const permalink = match[3] !== undefined
    const scheme = (match[1] ?? match[3]!).toLowerCase()
    const id = match[2] ?? match[4]!
    // The schemes are lower-case in Kirby (`Uuid::is`): `Page://x` is no reference.
    if (!permalink && match[1] !== scheme) continue
    const entry = index.get(fold(site, id))
    if (entry && entry.kind === scheme) continue
    const written = match[0]
    const start = match.index
    const notes = entry
      ? [`\`${id}\` is the UUID of the ${entry.kind} \`${entry.id}\`: write \`${entry.kind}://${id}\``]
      : explain(site, scheme, id)
    if (overriddenBy) notes.push(`The \`${overriddenBy.rawKey}:\` on line ${overriddenBy.keyPosition.start.line} replaces this value, so Kirby does not read it`)
    context.report({
      reason: `Unexpected reference \`${written}\`, expected the UUID of an existing ${scheme}: ${entry ? `it names a ${entry.kind}` : 'no model has this UUID'}`,
      place: place(start, start + match[0].length),
      actual: written,
      ...(notes.length > 0 ? {note: notes.join('. ')} : {})
    })
  }
}

export default defineRule({
  id: 'no-broken-uuid',
  severity: 'error',
  description: '`page://` and `file://` references and `/@/page/…` permalinks that resolve to nothing',
  check(context) {
    if (!uuidsEnabled(context.site)) return
    const {point} = context.content
    for (const field of context.content.fields) {
      if (field.key === 'uuid') continue
      for (const old of field.overridden ?? []) {
        if (!/(?:page|file):|@/i.test(old.value)) continue
        const base = old.valuePosition.start.offset
        scan(context, old.value, (start, end) => ({start: point(base + start), end: point(base + end)}), field)
      }
      if (!/(?:page|file):|@/i.test(field.value)) continue
      scan(context, field.value, (start, end) => valueSpan(context, field, start, end))
    }
  }
})

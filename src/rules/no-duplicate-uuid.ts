/**
 * @fileoverview `no-duplicate-uuid`: two pages or files with one UUID.
 *
 * A site-level check over the UUID index (the `Uuid:` fields of the
 * default-language content and meta files, Kirby 3.8+): every file that
 * holds a UUID another model holds too is reported at its `Uuid:` value.
 * Kirby 5 compares UUIDs case-insensitively, so `AbC…` and `abc…` are one
 * UUID there; 3.8–4.x compare them as written.
 *
 * Why: Kirby's UUID cache maps a UUID to one model, so every
 * `page://`/`file://` reference to it reaches whichever model Kirby indexed
 * first, and which one that is can change. It happens when a page folder is
 * copied in the file system instead of duplicated in the Panel.
 *
 * ok (each model its own UUID):
 *
 *     content/a/default.txt   Uuid: aaaaaaaaaaaaaaaa
 *     content/b/default.txt   Uuid: bbbbbbbbbbbbbbbb
 *
 * not ok (`content/b` is a copy of `content/a`):
 *
 *     content/a/default.txt   Uuid: aaaaaaaaaaaaaaaa
 *     content/b/default.txt   Uuid: aaaaaaaaaaaaaaaa
 *
 * Fix: remove the `Uuid:` line from the copy (Kirby generates a new one the
 * next time it needs it) and update references that meant the copy.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {defineRule} from '../lint/rule.js'
import type {Site} from '../site/index.js'
import {decode} from '../txt/decode.js'
import {decodeBytes} from '../txt/read.js'
import type {Position} from '../types.js'
import {pointer} from '../util/points.js'
import {NAMED, nameSome} from '../util/name-some.js'

/** The `Uuid:` value and its place in a content or meta file (path relative to the site root). */
const uuidOf = (site: Site, file: string): {uuid: string; place: Position} | undefined => {
  try {
    const text = decodeBytes(readFileSync(join(site.root, file))).text
    const field = decode(text, {rules: site.rules, point: pointer(text)}).fields.find((f) => f.key === 'uuid')
    return field && field.value !== '' ? {uuid: field.value, place: field.valuePosition} : undefined
  } catch {
    return undefined
  }
}

export default defineRule({
  id: 'no-duplicate-uuid',
  severity: 'error',
  description: 'Two pages or files with one UUID',
  checkSite({site, report}) {
    const {major, minor} = site.rules.version
    if (major < 3 || (major === 3 && minor < 8)) return
    const fold = major >= 5
    // The index keeps the first holder of each UUID; the site reader lists the others as `duplicate-uuid` diagnostics.
    const holders = new Map<string, Set<string>>()
    const add = (uuid: string, file: string) => {
      const key = fold ? uuid.toLowerCase() : uuid
      let files = holders.get(key)
      if (!files) holders.set(key, (files = new Set()))
      files.add(file)
    }
    for (const [uuid, entry] of site.uuids) add(uuid, entry.file)
    for (const diagnostic of site.diagnostics) {
      if (diagnostic.code !== 'duplicate-uuid' || diagnostic.file === undefined) continue
      const found = uuidOf(site, diagnostic.file)
      if (found) add(found.uuid, diagnostic.file)
    }
    for (const files of holders.values()) {
      if (files.size < 2) continue
      const all = [...files].sort()
      for (const file of all) {
        const found = uuidOf(site, file)
        if (!found) continue
        // The first few others, not all: n holders would otherwise make n² names (and n² work).
        const others: string[] = []
        for (const other of all) {
          if (other !== file) others.push(`\`${other}\``)
          if (others.length === NAMED) break
        }
        const count = all.length - 1
        report(file, {
          reason: `Unexpected UUID \`${found.uuid}\`, expected one no other model has: ${nameSome(others, count)} ${count === 1 ? 'has' : 'have'} it too`,
          place: found.place,
          actual: found.uuid,
          note: `Kirby resolves references to \`${found.uuid}\` to only one of them. Remove the \`Uuid:\` line from the copy (Kirby writes a new one when it needs it) and update the references that meant it`
        })
      }
    }
  }
})

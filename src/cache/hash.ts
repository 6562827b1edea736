/**
 * @fileoverview Digests for the result cache: of bytes, of JSON-able
 * values (keys sorted, so equal settings hash equally), of folders, of
 * kfx's own code, and of the site index — the set of pages, files,
 * languages and UUIDs a link or reference can resolve to.
 */
import {createHash, type Hash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {readdir} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Site} from '../site/index.js'
import {compareBytewise} from '../util/paths.js'
import {VERSION} from '../version.js'

const ALGORITHM = 'sha1'

/** The digest of some bytes or text (hex). */
export const digest = (data: string | Uint8Array): string => createHash(ALGORITHM).update(data).digest('hex')

/** JSON with object keys sorted, so that equal values give equal text. */
export const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Map) return [...item.entries()]
    if (item instanceof Set) return [...item]
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item
    return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  }) ?? 'undefined'

/** Every file below `dir` (relative paths, `/`-separated, sorted); none when it does not exist. */
const filesBelow = async (dir: string, filter: (name: string) => boolean = () => true): Promise<string[]> => {
  const out: string[] = []
  const walk = async (at: string, prefix: string): Promise<void> => {
    const entries = await readdir(at, {withFileTypes: true}).catch(() => [])
    for (const entry of entries) {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`
      if (entry.isDirectory()) await walk(path.join(at, entry.name), relative)
      else if (entry.isFile() && filter(entry.name)) out.push(relative)
    }
  }
  await walk(dir, '')
  return out.sort(compareBytewise)
}

/** Adds every file below `dir` (its path and bytes) to `hash`. */
export const updateWithFolder = async (hash: Hash, dir: string, filter?: (name: string) => boolean): Promise<void> => {
  const files = await filesBelow(dir, filter)
  // Small files, read synchronously: several times cheaper than through the thread pool.
  for (const file of files) {
    let bytes: Uint8Array | undefined
    try {
      bytes = readFileSync(path.join(dir, file))
    } catch {
      bytes = undefined
    }
    hash.update(`${file}\u0000${bytes === undefined ? '-' : digest(bytes)}\u0000`)
  }
}

/** Starts a digest. */
export const createDigest = (): Hash => createHash(ALGORITHM)

let own: Promise<string> | undefined

/**
 * kfx's version and a digest of its own code (the compiled modules next to
 * this one), so a changed rule invalidates results even before the
 * version number changes. Computed once per process.
 */
export const kfxDigest = (): Promise<string> => {
  own ??= (async () => {
    const hash = createDigest().update(`kfx ${VERSION}\u0000`)
    const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
    await updateWithFolder(hash, root, (name) => (name.endsWith('.js') || name.endsWith('.ts')) && !name.endsWith('.d.ts'))
    return hash.digest('hex')
  })()
  return own
}

/**
 * The digest of the site index: which pages (ids, folders, templates,
 * status), files, content files, languages and UUIDs exist. A cached
 * result stands only for the same index, since links, images and UUIDs
 * resolve against it; adding or removing any page or file changes it.
 */
export const siteIndexDigest = (site: Site): string => {
  const hash = createDigest()
  hash.update(stableJson({rules: site.rules, languages: site.languages, site: site.site}))
  // Pages are built in one order by one kfx (its code is in the key too): plain JSON is stable.
  for (const page of site.pages) hash.update(`\u0000${JSON.stringify(page)}`)
  for (const [uuid, entry] of site.uuids) hash.update(`\u0000${uuid}\u0000${entry.kind}\u0000${entry.id}\u0000${entry.file}`)
  for (const diagnostic of site.diagnostics) hash.update(`\u0000${diagnostic.code}\u0000${diagnostic.file ?? ''}\u0000${diagnostic.reason}`)
  return hash.digest('hex')
}

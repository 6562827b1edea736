/**
 * @fileoverview The result cache (`--cache`): the messages of each content
 * file, kept in `.kfxcache` (at the site root, or `--cache-location`) and
 * reused while nothing they depend on has changed, so a second run on an
 * unchanged site reads and hashes the files but parses and judges none.
 *
 * A cached result stands while all of these are the same:
 * - the file's bytes (a content hash, never a modification time, so a fresh
 *   CI checkout keeps its cache);
 * - the run's settings: command, configuration, rule levels and options,
 *   Kirby version, custom tags, hand-written schema files, every file under
 *   `site/blueprints`, the plugin folders, and kfx itself (version and code);
 * - the site index: every page, file, content file, language and UUID — a
 *   link or an image resolves against it, so adding or removing any page or
 *   file invalidates every result (simple, and correct);
 * - the other content files the stages read for that file (the default
 *   language's file of a translation, the meta file of a captioned image),
 *   noted while it was judged (src/cache/deps.ts).
 *
 * Messages are stored as plain data and restored through `report()`. The
 * file is written atomically (a temporary file, then a rename), so two runs
 * at once leave one of their caches, never a mix; a cache file that cannot
 * be read is ignored and rebuilt.
 */
import {mkdir, readdir, readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Model} from '../engine.js'
import {fixes, type Fix} from '../lint/rule.js'
import {writeAtomic} from '../lint/fix.js'
import {report, severityOf} from '../messages.js'
import type {Site} from '../site/index.js'
import {decodeBytes} from '../txt/read.js'
import type {Point, Position, Severity} from '../types.js'
import {tracking} from './deps.js'
import {createDigest, digest, kfxDigest, siteIndexDigest, stableJson, updateWithFolder} from './hash.js'

export {dependsOn} from './deps.js'

/** The cache file's name at the site root. */
export const CACHE_FILE = '.kfxcache'

/** Bumped when the stored shape changes. */
const FORMAT = 1

/** A message as stored. */
export interface StoredMessage {
  ruleId: string
  severity: Severity
  reason: string
  place?: Position | Point
  url?: string
  note?: string
  actual?: string
  expected?: string[]
  fix?: Fix
}

/** One file's stored result. */
interface Entry {
  /** Digest of the file's bytes. */
  hash: string
  /** The model name the file was judged as (a file meta file's template). */
  model: string
  /** Other content files read while judging it, with their digests (`''`: missing). */
  deps?: Array<[string, string]>
  messages: StoredMessage[]
}

/** The cache file. */
interface Stored {
  kfx: 'result-cache'
  format: number
  /** Digest of the settings (configuration, rules, blueprints, kfx). */
  settings: string
  /** Digest of the site index. */
  index: string
  files: Record<string, Entry>
}

/** What the engine asks of a cache, per content file. */
export interface FileCache {
  /**
   * Puts the earlier messages of an unchanged file on `file` and resolves
   * to the model it was judged as; undefined when its stages must run.
   */
  restore(file: VFile, at: FileAt): Promise<Model | undefined>
  /** Runs the stages of a file (`work`), noting the files they read, and remembers its messages. */
  record(file: VFile, at: FileAt, work: () => Promise<void>): Promise<void>
}

/** Which file, of which site. */
export interface FileAt {
  site: Site
  /** Path relative to the site root. */
  relative: string
  bytes: Uint8Array
  model: Model
}

/** What happened, for `--verbose` and the tests. */
export interface CacheStats {
  /** Files whose messages came from the cache. */
  hits: number
  /** Files judged afresh. */
  misses: number
  /** Why earlier results were dropped as a whole (`no cache file`, `broken cache file`, `settings changed`, `site changed`), if they were. */
  reset?: string
  /** Whether the cache file was written. */
  written: boolean
}

/** Options of {@link createResultCache}. */
export interface ResultCacheOptions {
  /** The directory `location` is resolved against. */
  cwd: string
  /** The cache file, or a folder for `.kfxcache` (default: `.kfxcache` at the site root). */
  location?: string | undefined
  /** Everything else results depend on, as JSON-able data (command, configuration, rules, options). */
  settings: unknown
  /** Files results depend on (hand-written schemas, the configuration file). */
  files?: ReadonlyArray<string | undefined>
  /** kfx itself, as a digest (default: its version and the digest of its code); for tests. */
  kfx?: string
  /** Called for each restored file (to show blueprint findings, to log). */
  onRestore?: (site: Site, file: VFile, model: Model) => void | Promise<void>
}

/** What a worker thread's cache learned, for the main thread's (src/parallel/). */
export interface CacheDelta {
  fresh: Array<[string, unknown]>
  dropped: string[]
  hits: number
  misses: number
}

/** A result cache for one run. */
export interface ResultCache extends FileCache {
  /** What this run's cache learned (in a worker thread: to hand to the main thread). */
  delta(): CacheDelta
  /** Takes what a worker thread's cache learned, to be saved with this one's. */
  merge(site: Site, delta: CacheDelta): Promise<void>
  /** Reads the cache file for a site (once; the first file does it when no one did). */
  open(site: Site): Promise<void>
  /** Writes the cache file when something changed. */
  save(): Promise<void>
  /** The cache file (absolute), once opened. */
  readonly location: string | undefined
  readonly stats: CacheStats
}

/** A message as plain data. */
export const storeMessage = (message: VFileMessage): StoredMessage => {
  const stored: StoredMessage = {ruleId: message.ruleId ?? 'kfx', severity: severityOf(message), reason: message.reason}
  // Places are made by kfx (src/messages.ts), with offsets.
  if (message.place) stored.place = message.place as Position | Point
  if (message.url !== undefined) stored.url = message.url
  if (message.note !== undefined) stored.note = message.note
  if (message.actual !== undefined) stored.actual = message.actual
  if (message.expected !== undefined) stored.expected = message.expected
  const fix = fixes.get(message)
  if (fix) stored.fix = fix
  return stored
}

/** Puts a stored message back on a file, through `report()`. */
export const restoreMessage = (file: VFile, stored: StoredMessage): VFileMessage => {
  const message = report(file, stored)
  if (stored.fix) fixes.set(message, stored.fix)
  return message
}

const isStored = (value: unknown): value is Stored => {
  const candidate = value as Partial<Stored> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.kfx === 'result-cache' &&
    candidate.format === FORMAT &&
    typeof candidate.settings === 'string' &&
    typeof candidate.index === 'string' &&
    typeof candidate.files === 'object' &&
    candidate.files !== null &&
    !Array.isArray(candidate.files)
  )
}

const isEntry = (value: unknown): value is Entry => {
  const entry = value as Partial<Entry> | null
  return typeof entry === 'object' && entry !== null && typeof entry.hash === 'string' && typeof entry.model === 'string' && Array.isArray(entry.messages)
}

/** The cache file for a site: `location` (a file, or a folder to put `.kfxcache` in) or `.kfxcache` at the site root. */
export const cacheLocation = async (site: Site, cwd: string, location: string | undefined): Promise<string> => {
  if (location === undefined || location === '') return path.join(site.root, CACHE_FILE)
  const absolute = path.resolve(cwd, location)
  const isFolder = /[\\/]$/.test(location) || (await stat(absolute).then((info) => info.isDirectory(), () => false))
  return isFolder ? path.join(absolute, CACHE_FILE) : absolute
}

/** Creates the result cache of one run. */
export const createResultCache = (options: ResultCacheOptions): ResultCache => {
  const stats: CacheStats = {hits: 0, misses: 0, written: false}
  let location: string | undefined
  let settings = ''
  let index = ''
  /** Entries of the earlier run that still apply (same settings and site index). */
  let earlier: Record<string, Entry> = {}
  const fresh = new Map<string, Entry>()
  const dropped = new Set<string>()
  let root = ''
  const depDigests = new Map<string, Promise<string>>()

  /** The digest of a content file a result depended on, once per run (`''` when it is gone). */
  const depDigest = (relative: string): Promise<string> => {
    let pending = depDigests.get(relative)
    if (!pending) {
      pending = readFile(path.join(root, relative)).then(digest, () => '')
      depDigests.set(relative, pending)
    }
    return pending
  }

  let opening: Promise<void> | undefined
  const open = (site: Site): Promise<void> => (opening ??= read(site))
  const read = async (site: Site): Promise<void> => {
    root = site.root
    location = await cacheLocation(site, options.cwd, options.location)
    const hash = createDigest()
    hash.update(`format ${FORMAT}\u0000${options.kfx ?? (await kfxDigest())}\u0000`)
    hash.update(stableJson({settings: options.settings, site: path.relative(options.cwd, site.root)}))
    for (const file of options.files ?? []) {
      if (file === undefined) continue
      const bytes = await readFile(path.resolve(options.cwd, file)).catch(() => undefined)
      hash.update(`\u0000${file}\u0000${bytes === undefined ? '-' : digest(bytes)}`)
    }
    if (site.blueprintsRoot !== undefined) {
      hash.update('\u0000blueprints\u0000')
      await updateWithFolder(hash, site.blueprintsRoot)
    }
    // Unknown field types read differently when a plugin may define them.
    const plugins = await readdir(path.join(site.root, 'site', 'plugins')).catch(() => [] as string[])
    hash.update(`\u0000plugins\u0000${plugins.sort().join('\u0000')}`)
    settings = hash.digest('hex')
    index = siteIndexDigest(site)

    const text = await readFile(location, 'utf8').catch(() => undefined)
    if (text === undefined) {
      stats.reset = 'no cache file'
      return
    }
    let stored: unknown
    try {
      stored = JSON.parse(text)
    } catch {
      stored = undefined
    }
    if (!isStored(stored)) stats.reset = 'broken cache file'
    else if (stored.settings !== settings) stats.reset = 'settings changed'
    else if (stored.index !== index) stats.reset = 'site changed'
    else earlier = stored.files
  }

  const restore = async (file: VFile, at: FileAt): Promise<Model | undefined> => {
    await open(at.site)
    const entry = Object.hasOwn(earlier, at.relative) ? earlier[at.relative] : undefined
    if (!isEntry(entry) || entry.hash !== digest(at.bytes)) return undefined
    for (const [dep, expected] of entry.deps ?? []) {
      if ((await depDigest(dep)) !== expected) return undefined
    }
    const model: Model = {...at.model, name: entry.model}
    try {
      file.value = decodeBytes(at.bytes).text
      for (const message of entry.messages) restoreMessage(file, message)
    } catch {
      // A hand-edited entry: judge the file afresh.
      file.messages.length = 0
      return undefined
    }
    stats.hits++
    await options.onRestore?.(at.site, file, model)
    return model
  }

  const record = async (file: VFile, at: FileAt, work: () => Promise<void>): Promise<void> => {
    await open(at.site)
    stats.misses++
    dropped.add(at.relative)
    const deps = await tracking(work)
    const entry: Entry = {hash: digest(at.bytes), model: at.model.name, messages: file.messages.map(storeMessage)}
    if (deps.size > 0) entry.deps = await Promise.all([...deps].sort().map(async (dep): Promise<[string, string]> => [dep, await depDigest(dep)]))
    fresh.set(at.relative, entry)
  }

  const save = async (): Promise<void> => {
    if (location === undefined) return
    if (stats.reset === undefined && fresh.size === 0 && dropped.size === 0) return
    const files: Record<string, Entry> = {}
    for (const [relative, entry] of Object.entries(earlier)) if (!dropped.has(relative)) files[relative] = entry
    for (const [relative, entry] of fresh) files[relative] = entry
    const stored: Stored = {kfx: 'result-cache', format: FORMAT, settings, index, files}
    await mkdir(path.dirname(location), {recursive: true})
    await writeAtomic(location, JSON.stringify(stored))
    stats.written = true
  }

  const delta = (): CacheDelta => ({fresh: [...fresh], dropped: [...dropped], hits: stats.hits, misses: stats.misses})

  const merge = async (site: Site, other: CacheDelta): Promise<void> => {
    await open(site)
    for (const relative of other.dropped) dropped.add(relative)
    for (const [relative, entry] of other.fresh) if (isEntry(entry)) fresh.set(relative, entry)
    stats.hits += other.hits
    stats.misses += other.misses
  }

  return {
    open,
    save,
    restore,
    record,
    delta,
    merge,
    get location() {
      return location
    },
    stats
  }
}

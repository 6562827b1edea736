/**
 * @fileoverview Resolving references as Kirby does (spec §4.5): the file an
 * `(image:)` / `(file:)` value names, the page (or file) a link target
 * points to, and the `Caption` an `(image:)` falls back to.
 *
 * Lookups are pure functions over a discovered {@link Site}, through
 * `site.byId` and `site.byDir`: a page of a collection is the page of that
 * id whose folder is in the collection's folder. The first lookup on a
 * site indexes only what those maps do not hold (listed pages of an id
 * `byId` gives to another page; Kirby 5's lower-cased UUIDs when some are
 * not), and a folder's files by name only when it has many. Every lookup
 * is O(depth of the reference). Only {@link imageCaptionFor} reads a file (the meta file),
 * synchronously and at most once per meta file and site.
 *
 * What Kirby does, per version:
 *
 * * Kirby 3+ (`KirbyTag::file`, `HasFiles::file`, `App::file`): `file://`
 *   UUID (3.8+); no `/` → a file of the parent; with `/` → `dirname` as a
 *   child path of the parent (children only, not drafts), then `basename`;
 *   global fallback: no `/` → a site file; with `/` → `dirname` as an
 *   absolute page id, drafts included, then `basename`. Page lookups go
 *   through `Pages::findByKey`: leading/trailing `/` trimmed, the last
 *   `.extension` of the path stripped (`v1.0` looks for `v1`), one segment
 *   at a time, each tried as written and then ASCII lower-cased; file
 *   lookups try `<parent id>/<filename>` as written, then lower-cased.
 * * Kirby 2.5 (`core/kirbytag.php::file`): a value holding `http://` or
 *   `https://` anywhere, or not ending in `.` + lower-case letters, is no
 *   file; otherwise only the current page's files are searched, by
 *   lower-cased filename. Kirby 2's `Files::find` has no path handling, so a
 *   value with `/` never finds a file (the spec's §4.5 K2 paragraph says
 *   `page(dirname)`; Kirby 2.5's source does not, and no golden line
 *   depends on it).
 * * UUIDs: Kirby 5 generates lower-case ids and compares them
 *   case-insensitively ("case-insensitive IDs", 5.0); 3.8–4.x compare them
 *   as written. Below 3.8 `page://`/`file://` are no UUIDs.
 * * `/@/file/<uuid>` is not a UUID for `KirbyTag::file` (`Uuid::is` wants
 *   `file://`): Kirby renders `Url::to(value)`, which its permalink route
 *   redirects to the file. {@link resolveFileReference} returns that file
 *   with `permalink: true`, and {@link imageCaptionFor} ignores it (Kirby
 *   takes no caption from it).
 */
import {readFileSync} from 'node:fs'
import {dependsOn} from '../cache/deps.js'
import {join, relative, sep} from 'node:path'
import {decode} from '../txt/decode.js'
import {phpStrToLower} from '../txt/php.js'
import {decodeBytes} from '../txt/read.js'
import type {Page, Site, SiteFile, UuidEntry} from './discover.js'
import {BoundedCache} from '../util/bounded-cache.js'
import {ownString} from '../util/own-string.js'

/** The model a reference is read from: a page, or the site (`site.txt`). */
export type ReferenceParent = Page | 'site'

/** A file reference Kirby resolves. */
export interface FileResolution {
  /** The file. */
  file: SiteFile
  /** Its page, or `site` for a file in the content root. */
  page: ReferenceParent
  /**
   * How it was found: `uuid` (`file://`), `parent` (a file of the parent),
   * `child` (`dirname` as a child path of the parent), `site` (global
   * fallback to a site file), `absolute` (global fallback, `dirname` as a
   * page id from the site root, drafts included).
   */
  via: 'uuid' | 'parent' | 'child' | 'site' | 'absolute'
  /** A `/@/file/<uuid>` permalink: Kirby's tag does not take it as a file, the browser reaches it through a redirect. */
  permalink?: true
}

/** Where a link target leads. */
export type LinkTarget =
  | {
      kind: 'page'
      /** The page. */
      page: Page
      /** Whether it is a draft (reachable only with a preview token or a Panel login). */
      draft: boolean
      /** `path` (site-relative id), `relative` (`./x`, `../x`), `home` (empty path), `uuid` (`page://`), `permalink` (`/@/page/…`). */
      via: 'path' | 'relative' | 'home' | 'uuid' | 'permalink'
      /** Language code of a `/de/…` prefix. */
      language?: string
      /** Fragment after `#`. */
      fragment?: string
      /** Kirby 3+: an extension after a page path (`blog.rss`), asking for a content representation. */
      representation?: string
    }
  | {
      kind: 'file'
      /** The file. */
      file: SiteFile
      /** Its page, or `site`. */
      page: ReferenceParent
      /** `path` (`<page path>/<file>`, K2 `content/<folders>/<file>`), `media` (K3+ `media/pages/…`), `uuid`, `permalink`. */
      via: 'path' | 'media' | 'uuid' | 'permalink'
      /** Language code of a `/de/…` prefix. */
      language?: string
    }
  | {kind: 'site'}
  | {kind: 'anchor'; fragment: string}
  | {kind: 'external'; url: string}
  | {
      kind: 'missing'
      /** The page id, path or UUID that was looked up. */
      id: string
      /** `no-page` / `no-file` (path), `unknown-uuid`, `outside-site` (`../` above the site URL), `not-a-page` (`user://`). */
      reason: 'no-page' | 'no-file' | 'unknown-uuid' | 'outside-site' | 'not-a-page'
    }

/** Reads a file (path relative to the site root) for {@link imageCaptionFor}. */
export type MetaReader = (path: string) => string | Uint8Array

// ---------------------------------------------------------------------------
// Index, built once per site.

/**
 * A page or the site, as the owner of collections and files: the page
 * itself (no per-page object or Map), or `undefined` for the site.
 */
type Container = Page | undefined

interface SiteIndex {
  model: Site
  /**
   * Listed (non-virtual) pages `site.byId` does not hold under their id: a
   * draft with the id of a page, or pages of a hand-made site. Empty for
   * most sites; with `site.byId` it gives every page of an id.
   */
  others: Map<string, Page | Page[]>
  contentDir: string
  base: URL
  basePath: string
  home: Page | undefined
  /** UUIDs as Kirby compares them (lower-cased for Kirby 5; the site's own map otherwise). */
  uuids: ReadonlyMap<string, UuidEntry>
}

const indexes = new WeakMap<Site, SiteIndex>()

const posix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'))

/** The site URL, read back from the pages' URLs (discover's `baseUrl`). */
const baseUrlOf = (site: Site): string => {
  for (const page of site.pages) {
    if (page.url.endsWith(`/${page.id}`)) return page.url.slice(0, -(page.id.length + 1))
  }
  return site.pages.find((p) => p.parent === null)?.url ?? 'http://localhost'
}

const indexOf = (site: Site): SiteIndex => {
  const cached = indexes.get(site)
  if (cached) return cached
  const contentDir = posix(relative(site.root, site.contentRoot)) || 'content'
  const others = new Map<string, Page | Page[]>()
  for (const page of site.pages) {
    if (page.virtual || site.byId.get(page.id) === page) continue
    const known = others.get(page.id)
    if (known === undefined) others.set(page.id, page)
    else if (Array.isArray(known)) known.push(page)
    else others.set(page.id, [known, page])
  }
  const baseText = baseUrlOf(site)
  const base = new URL(baseText)
  const home = site.pages.find((p) => p.parent === null && !p.virtual && p.url === baseText)
  let uuids: ReadonlyMap<string, UuidEntry> = site.uuids
  if (site.rules.version.major >= 5) {
    let lowerCased: Map<string, UuidEntry> | undefined
    for (const uuid of site.uuids.keys()) {
      if (uuid !== uuid.toLowerCase()) {
        lowerCased = new Map()
        break
      }
    }
    if (lowerCased) {
      for (const [uuid, entry] of site.uuids) {
        const key = uuid.toLowerCase()
        if (!lowerCased.has(key)) lowerCased.set(key, entry)
      }
      uuids = lowerCased
    }
  }
  const index: SiteIndex = {
    model: site,
    others,
    contentDir,
    base,
    basePath: base.pathname.replace(/\/+$/, ''),
    home,
    uuids
  }
  indexes.set(site, index)
  return index
}

const containerOf = (model: ReferenceParent): Container => (model === 'site' ? undefined : model)

const ownerOf = (container: Container): ReferenceParent => container ?? 'site'

const idOf = (container: Container): string => container?.id ?? ''

const filesOf = (index: SiteIndex, container: Container): readonly SiteFile[] => container?.files ?? index.model.site.files

/**
 * Whether `page` is in the `children` (or `drafts`) collection of the
 * folder `dir`: its folder is `dir/<folder>` (or `dir/_drafts/<folder>`).
 */
const inCollection = (page: Page, dir: string, drafts: boolean): boolean => {
  const link = drafts ? '/_drafts/' : '/'
  const path = page.dir
  return (
    path.length === dir.length + link.length + page.folder.length &&
    path.startsWith(dir) &&
    path.startsWith(link, dir.length) &&
    path.endsWith(page.folder)
  )
}

/** The page of id `id` in one collection of `container` (ids are unique in a collection). */
const collectionGet = (index: SiteIndex, container: Container, drafts: boolean, id: string): Page | undefined => {
  const dir = container?.dir ?? index.contentDir
  const first = index.model.byId.get(id)
  if (first !== undefined && !first.virtual && inCollection(first, dir, drafts)) return first
  const more = index.others.get(id)
  if (more === undefined) return undefined
  if (!Array.isArray(more)) return inCollection(more, dir, drafts) ? more : undefined
  return more.find((page) => inCollection(page, dir, drafts))
}

/**
 * Files by name of the folders with many files, built when first asked
 * (a short list is searched as it is).
 */
const fileMaps = new WeakMap<readonly SiteFile[], Map<string, SiteFile>>()
const lowerFileMaps = new WeakMap<readonly SiteFile[], Map<string, SiteFile>>()
const MANY_FILES = 16

/** A file of a folder by filename as written. */
const fileNamed = (files: readonly SiteFile[], filename: string): SiteFile | undefined => {
  if (files.length <= MANY_FILES) {
    for (const file of files) if (file.filename === filename) return file
    return undefined
  }
  let map = fileMaps.get(files)
  if (!map) {
    map = new Map()
    for (const file of files) map.set(file.filename, file)
    fileMaps.set(files, map)
  }
  return map.get(filename)
}

/** Kirby 2: a file of a folder by lower-cased filename (the later wins, as Kirby 2's array does). */
const fileNamedLower = (files: readonly SiteFile[], lower: string): SiteFile | undefined => {
  if (files.length <= MANY_FILES) {
    for (let at = files.length - 1; at >= 0; at--) if (phpStrToLower(files[at]!.filename) === lower) return files[at]
    return undefined
  }
  let map = lowerFileMaps.get(files)
  if (!map) {
    map = new Map()
    for (const file of files) map.set(phpStrToLower(file.filename), file)
    lowerFileMaps.set(files, map)
  }
  return map.get(lower)
}

// ---------------------------------------------------------------------------
// PHP path helpers.

/** PHP `dirname` of a `/` path: `.` without a `/`, `/` for a top-level path. */
const phpDirname = (path: string): string => {
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return path.startsWith('/') ? '/' : '.'
  const slash = trimmed.lastIndexOf('/')
  if (slash === -1) return '.'
  const dir = trimmed.slice(0, slash).replace(/\/+$/, '')
  return dir === '' ? '/' : dir
}

/** PHP `basename` of a `/` path. */
const phpBasename = (path: string): string => {
  const trimmed = path.replace(/\/+$/, '')
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** Kirby's `F::extension`: what follows the last `.` of the basename. */
const extensionOf = (path: string): string => {
  const name = phpBasename(path)
  const dot = name.lastIndexOf('.')
  return dot === -1 ? '' : name.slice(dot + 1)
}

/** `Pages::findByKey`'s key: slashes trimmed, the last `.ext` stripped (`pathinfo`). */
const pageKey = (key: string): string => {
  let result = key.replace(/^\/+|\/+$/g, '')
  if (result.includes('.')) {
    const dir = phpDirname(result)
    const name = phpBasename(result)
    const dot = name.lastIndexOf('.')
    const filename = dot === -1 ? name : name.slice(0, dot)
    result = dir === '.' ? filename : `${dir}/${filename}`
  }
  return result
}

// ---------------------------------------------------------------------------
// Kirby 3+ collection lookups.

/** `Pages::findByKey` on one collection of `container` (`children` or `drafts`). */
const findIn = (index: SiteIndex, container: Container, collection: 'children' | 'drafts', key: string, strip = true): Page | undefined => {
  const path = strip ? pageKey(key) : key.replace(/^\/+|\/+$/g, '')
  let item: Page | undefined
  let query = idOf(container)
  let current = container
  let drafts = collection === 'drafts'
  for (const segment of path.split('/')) {
    query = query === '' ? segment : `${query}/${segment}`
    // Kirby's `Collection::get`: the key as written, then ASCII lower-cased.
    item = collectionGet(index, current, drafts, query) ?? collectionGet(index, current, drafts, phpStrToLower(query))
    if (!item) return undefined
    current = item
    drafts = false
  }
  return item
}

/** `$model->find($path)`: children only. */
const findChild = (index: SiteIndex, container: Container, path: string): Page | undefined => findIn(index, container, 'children', path)

/** `HasChildren::draft($path)`: a draft at the end of a path of children or drafts. */
const findDraft = (index: SiteIndex, container: Container, path: string): Page | undefined => {
  const clean = path.split('_drafts/').join('')
  if (!clean.includes('/')) return findIn(index, container, 'drafts', clean)
  let parent = container
  let page: Page | undefined
  for (const slug of clean.split('/')) {
    page = findIn(index, parent, 'children', slug) ?? findIn(index, parent, 'drafts', slug)
    if (!page) return undefined
    parent = page
  }
  return page
}

/** `App::page($id, $parent, drafts: true)`. */
const findPageOrDraftPath = (index: SiteIndex, container: Container, path: string): Page | undefined =>
  findChild(index, container, path) ?? findDraft(index, container, path)

/** `Files::findByKey`: `<parent id>/<filename>` as written, then lower-cased. */
const fileIn = (index: SiteIndex, container: Container, filename: string): SiteFile | undefined => {
  const files = filesOf(index, container)
  const exact = fileNamed(files, filename)
  if (exact) return exact
  const id = idOf(container)
  const prefix = id === '' ? '' : `${id}/`
  const lower = phpStrToLower(prefix + filename)
  return lower.startsWith(prefix) ? fileNamed(files, lower.slice(prefix.length)) : undefined
}

/** The owner and file of a UUID entry of kind `file`. */
const fileOfEntry = (site: Site, index: SiteIndex, entry: UuidEntry): {file: SiteFile; container: Container} | undefined => {
  const dir = phpDirname(entry.file)
  const container = dir === index.contentDir ? undefined : site.byDir.get(dir)
  if (dir !== index.contentDir && container === undefined) return undefined
  const id = idOf(container)
  const filename = id === '' ? entry.id : entry.id.slice(id.length + 1)
  const file = fileNamed(filesOf(index, container), filename)
  return file ? {file, container} : undefined
}

const uuidsEnabled = (site: Site): boolean => {
  const v = site.rules.version
  return v.major > 3 || (v.major === 3 && v.minor >= 8)
}

/** The id part of `scheme://id` (up to `/`, `?` or `#`). */
const uuidId = (rest: string): string => rest.split(/[/?#]/, 1)[0] ?? ''

const lookupUuid = (site: Site, index: SiteIndex, id: string): UuidEntry | undefined =>
  index.uuids.get(site.rules.version.major >= 5 ? id.toLowerCase() : id)

// ---------------------------------------------------------------------------
// Files.

/**
 * The file an `(image:)`, `(file:)` or `(video:)` value names when the
 * field belongs to `from`, or undefined when Kirby finds none (then Kirby 3+
 * renders `Url::to(value)` for an image, the text for a file).
 */
export const resolveFileReference = (site: Site, from: ReferenceParent, reference: string): FileResolution | undefined => {
  const index = indexOf(site)
  const parent = containerOf(from)
  if (site.rules.version.major === 2) {
    if (/(?:http|https):\/\//i.test(reference) || !/\.[a-z]+$/.test(reference)) return undefined
    const file = fileNamedLower(filesOf(index, parent), phpStrToLower(reference))
    return file ? {file, page: ownerOf(parent), via: 'parent'} : undefined
  }

  if (uuidsEnabled(site)) {
    const permalink = reference.startsWith('/@/file/')
    if (permalink || reference.startsWith('file://')) {
      const entry = lookupUuid(site, index, uuidId(reference.slice(permalink ? 8 : 7)))
      const found = entry?.kind === 'file' ? fileOfEntry(site, index, entry) : undefined
      if (!found) return undefined
      const result: FileResolution = {file: found.file, page: ownerOf(found.container), via: 'uuid'}
      if (permalink) result.permalink = true
      return result
    }
  }

  const filename = phpBasename(reference)
  // 1. The parent's own files, or a child path of the parent.
  if (!reference.includes('/')) {
    const file = fileIn(index, parent, reference)
    if (file) return {file, page: ownerOf(parent), via: 'parent'}
  } else {
    const page = findChild(index, parent, phpDirname(reference))
    const file = page ? fileIn(index, page, filename) : undefined
    if (page && file) return {file, page, via: 'child'}
  }
  // 2. Global fallback from the site root (`App::file`), drafts included.
  const dir = phpDirname(reference)
  if (dir === '.') {
    const file = fileIn(index, undefined, filename)
    return file ? {file, page: 'site', via: 'site'} : undefined
  }
  const page = findPageOrDraftPath(index, undefined, dir)
  const file = page ? fileIn(index, page, filename) : undefined
  return page && file ? {file, page, via: 'absolute'} : undefined
}

// ---------------------------------------------------------------------------
// Link targets.

/** Kirby's `Url::isAbsolute` (K3+; Kirby 2's `url::isAbsolute` is taken to match). */
const ABSOLUTE = /^(?:\/\/|[a-z0-9+.-]+:\/\/|mailto:|tel:|geo:)/i

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * Where a link target (`(link:)` value, Markdown link, writer `href`) leads
 * when the field belongs to `from`: a page (drafts flagged), a file, the
 * site, an anchor on the same page, an external URL, or a reason it leads
 * nowhere. Absolute URLs below the site URL (`https://example.com/about`)
 * are read as paths too; other absolute URLs, `mailto:`, `tel:`, `geo:` and
 * `//host` elsewhere are external. Site-relative paths (`some/page`, `/some/page`) are page ids from
 * the site root; `./x` and `../x` are resolved as the browser does against
 * the page URL (Kirby 3+ keeps them verbatim and page URLs have no trailing
 * slash, so `./x` is a sibling; Kirby 2 writes `<page url>/./x`, a child);
 * `?query` and `#fragment` are dropped before the lookup; a first segment
 * that is a configured language code is taken as the language prefix.
 * Translated slugs (`Slug:` of a non-default language) are not known to
 * the site model and are not matched.
 *
 * Kirby 3+ paths are looked up as its router does: a page (then a draft);
 * with an extension, a page there asks for a content representation, else
 * `<page or draft>/<file>`, else a site file of that name; `media/pages/…`
 * and `media/site/…` URLs lead to their file. Kirby 2 paths: a page by id,
 * or `content/<folders>/<file>` (Kirby 2's file URLs) to that file.
 */
export const resolvePageReference = (site: Site, from: ReferenceParent, reference: string): LinkTarget => {
  const index = indexOf(site)
  const k2 = site.rules.version.major === 2
  const uuids = uuidsEnabled(site)

  if (uuids) {
    const scheme = /^(site|page|file|user):\/\//.exec(reference)?.[1]
    if (scheme === 'site') return {kind: 'site'}
    if (scheme === 'user') return {kind: 'missing', id: reference, reason: 'not-a-page'}
    if (scheme === 'page' || scheme === 'file') {
      const target = uuidTarget(site, index, scheme, uuidId(reference.slice(scheme.length + 3)), 'uuid')
      return target ?? {kind: 'missing', id: reference, reason: 'unknown-uuid'}
    }
  }
  if (reference.startsWith('#')) return {kind: 'anchor', fragment: reference.slice(1)}

  const fromUrl = from === 'site' ? index.base.href.replace(/\/$/, '') : from.url
  const relativeRef = reference.startsWith('./') || reference.startsWith('../')
  const absolute = ABSOLUTE.test(reference)
  let url: URL
  try {
    url = absolute
      ? new URL(reference, index.base)
      : relativeRef
        ? new URL(k2 ? `${fromUrl}/${reference}` : reference, fromUrl)
        : new URL(`${index.base.origin}${index.basePath}/${reference.replace(/^\/+/, '')}`)
  } catch {
    return absolute ? {kind: 'external', url: reference} : {kind: 'missing', id: reference, reason: 'no-page'}
  }
  // An absolute URL is external unless it is below the site URL.
  if (url.origin !== index.base.origin) return {kind: 'external', url: absolute ? reference : url.href}
  if (absolute && url.pathname !== index.basePath && !url.pathname.startsWith(`${index.basePath}/`)) {
    return {kind: 'external', url: reference}
  }
  if (url.pathname !== index.basePath && !url.pathname.startsWith(`${index.basePath}/`)) {
    return {kind: 'missing', id: url.pathname, reason: 'outside-site'}
  }
  const segments = url.pathname.slice(index.basePath.length).split('/').filter((s) => s !== '').map(decodeSegment)
  const extras: {language?: string; fragment?: string} = {}
  if (url.hash.length > 1) extras.fragment = decodeSegment(url.hash.slice(1))
  const first = segments[0]
  if (first !== undefined && site.languages.some((l) => l.code === first)) {
    extras.language = first
    segments.shift()
  }
  const path = segments.join('/')
  const via = relativeRef ? 'relative' : 'path'

  if (path === '') {
    if (!index.home) return {kind: 'missing', id: 'home', reason: 'no-page'}
    return {kind: 'page', page: index.home, draft: index.home.draft, via: 'home', ...extras}
  }

  if (k2) {
    if (segments[0] === index.contentDir && segments.length > 1) {
      const dir = segments.slice(0, -1).join('/')
      const inSite = dir === index.contentDir
      const container = inSite ? undefined : site.byDir.get(dir)
      const file = inSite || container ? fileNamed(filesOf(index, container), segments[segments.length - 1]!) : undefined
      if (file) return {kind: 'file', file, page: ownerOf(container), via: 'path', ...withLanguage(extras)}
      return {kind: 'missing', id: path, reason: 'no-file'}
    }
    const page = findIn(index, undefined, 'children', path, false)
    return page ? {kind: 'page', page, draft: false, via, ...extras} : {kind: 'missing', id: path, reason: 'no-page'}
  }

  // Kirby 3+ router: permalinks and media first, then pages and files.
  if (uuids && segments[0] === '@' && (segments[1] === 'page' || segments[1] === 'file') && segments.length === 3) {
    const target = uuidTarget(site, index, segments[1], segments[2]!, 'permalink')
    return target ?? {kind: 'missing', id: path, reason: 'unknown-uuid'}
  }
  if (segments[0] === 'media' && (segments[1] === 'pages' || segments[1] === 'site')) {
    const filename = segments[segments.length - 1]!
    const id = segments[1] === 'pages' ? segments.slice(2, -2).join('/') : ''
    const inSite = id === '' && segments[1] === 'site'
    const container = id === '' ? undefined : pageContainer(index, id)
    const file = inSite || container ? fileIn(index, container, filename) : undefined
    if (file) return {kind: 'file', file, page: ownerOf(container), via: 'media', ...withLanguage(extras)}
    return {kind: 'missing', id: path, reason: 'no-file'}
  }
  const page = findChild(index, undefined, path)
  const draft = page ? undefined : findDraft(index, undefined, path)
  const found = page ?? draft
  const extension = extensionOf(path)
  if (found) {
    return {kind: 'page', page: found, draft: found.draft, via, ...extras, ...(extension === '' ? {} : {representation: extension})}
  }
  if (extension === '') return {kind: 'missing', id: path, reason: 'no-page'}
  const dir = phpDirname(path)
  const owner = dir === '.' ? undefined : pageContainer(index, dir)
  const file = owner ? fileIn(index, owner, phpBasename(path)) : undefined
  if (owner && file) return {kind: 'file', file, page: ownerOf(owner), via: 'path', ...withLanguage(extras)}
  const siteFile = fileIn(index, undefined, phpBasename(path))
  if (siteFile) return {kind: 'file', file: siteFile, page: 'site', via: 'path', ...withLanguage(extras)}
  return {kind: 'missing', id: path, reason: 'no-file'}
}

const withLanguage = (extras: {language?: string}): {language?: string} => (extras.language === undefined ? {} : {language: extras.language})

/** `Site::findPageOrDraft($id)`: children first, then drafts (each walked as one collection). */
const pageContainer = (index: SiteIndex, id: string): Page | undefined =>
  findIn(index, undefined, 'children', id) ?? findIn(index, undefined, 'drafts', id)

const uuidTarget = (
  site: Site,
  index: SiteIndex,
  scheme: 'page' | 'file',
  id: string,
  via: 'uuid' | 'permalink'
): LinkTarget | undefined => {
  const entry = lookupUuid(site, index, id)
  if (!entry || entry.kind !== scheme) return undefined
  if (entry.kind === 'file') {
    const found = fileOfEntry(site, index, entry)
    return found ? {kind: 'file', file: found.file, page: ownerOf(found.container), via} : undefined
  }
  const page = site.byDir.get(phpDirname(entry.file))
  return page ? {kind: 'page', page, draft: page.draft, via} : undefined
}

// ---------------------------------------------------------------------------
// Captions.

// Bounded: a run asks for captions in path order; keeping every one would grow with the site.
const captions = new WeakMap<Site, BoundedCache<string, string | undefined>>()

/**
 * The `Caption` meta field of the file an `(image:)` value resolves to,
 * which Kirby 3+ renders when the tag has no `caption:` (Kirby 2 does not).
 * Reads the default-language meta file through `read` (default: `node:fs`
 * `readFileSync` below the site root), decoded with the site's rules, once
 * per meta file and site. Undefined when there is no file, no meta file, no
 * or an empty `Caption`, or the meta file cannot be read.
 */
export const imageCaptionFor = (
  site: Site,
  from: ReferenceParent,
  reference: string,
  read: MetaReader = (path) => readFileSync(join(site.root, path))
): string | undefined => {
  if (site.rules.version.major === 2) return undefined
  const resolved = resolveFileReference(site, from, reference)
  if (!resolved || resolved.permalink) return undefined
  const meta = resolved.file.meta
  if (meta === undefined) return undefined
  dependsOn(meta)
  let cache = captions.get(site)
  if (!cache) captions.set(site, (cache = new BoundedCache(4096)))
  if (cache.has(meta)) return cache.get(meta)
  let caption: string | undefined
  try {
    const raw = read(meta)
    const text = typeof raw === 'string' ? raw : decodeBytes(raw).text
    const value = decode(text, {rules: site.rules}).fields.find((f) => f.key === 'caption')?.value
    // A copy: a slice would keep the whole meta file's text alive in the cache.
    caption = value === undefined || value === '' ? undefined : ownString(value)
  } catch {
    caption = undefined
  }
  cache.set(meta, caption)
  return caption
}

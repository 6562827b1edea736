/**
 * @fileoverview The site tree: find a site from any path inside it, read its
 * content folder once, and build the page model Kirby would build (spec §3),
 * plus diagnostics for what Kirby silently hides or misreads.
 *
 * Linear and bounded (STYLE §4.8): every folder is listed once with a small
 * number of reads in flight; content files are read only for the UUID index
 * (default-language page and meta files, skipped unless they mention `uuid`)
 * and for version detection (a bounded sample).
 */
import {dirname, join, resolve} from 'node:path'
import {formatKirbyVersion, rulesFor, type KirbyRules, type KirbyVersion, type KirbyVersionSetting} from '../kirby-version.js'
import {decodeBytes} from '../txt/read.js'
import {decode} from '../txt/decode.js'
import type {Diagnostic, Severity} from '../types.js'
import {detectVersion} from './detect-version.js'
import {createLimit, isDirectory, nodeSiteFs, type SiteFs} from './fs.js'
import {
  extensionOf,
  filenameOf,
  inventory,
  isIgnoredName,
  metaFileName,
  pageStatus,
  parseFolderName,
  type Inventory,
  type InventoryContentFile,
  type PageStatus
} from './inventory.js'
import {defaultLanguage, inferLanguages, normalizeLanguages, readLanguages, type Language, type LanguagesOption} from './languages.js'
import {scanContent, type ContentListing} from './scan.js'

/** A content-extension file of a page (or of the site) and its role. */
export interface PageContentFile {
  /** Path relative to the site root (`content/1_blog/article.txt`). */
  path: string
  /** File name. */
  name: string
  /** `content` (template candidate) or `meta` (describes a file of the folder). */
  role: 'content' | 'meta'
  /** Configured language of the file (multi-language sites). */
  language?: string
  /** For meta files: the file they describe. */
  metaFor?: string
}

/** A file (image, document, …) of a page or of the site. */
export interface SiteFile {
  /** File name. */
  filename: string
  /** Kirby file id: `<page id>/<filename>` (site files: the filename). */
  id: string
  /** Path relative to the site root. */
  path: string
  /** Default-language meta file (path relative to the site root), when there is one. */
  meta?: string
}

/** One page folder as Kirby models it. */
export interface Page {
  /** Page id: slugs from the content root down, joined with `/`. */
  id: string
  /** Last id segment (Kirby `uid`, the folder name minus its number). */
  uid: string
  /** Same as `uid` (the untranslated slug). */
  slug: string
  /** Number prefix as Kirby reads it (`null` when the folder is not numbered). */
  num: number | null
  /** Number prefix as written (`01`), when there is one. */
  numText?: string
  /** K3+: `listed`, `unlisted`, `draft`; K2: `visible`, `invisible`. */
  status: PageStatus
  /** Whether the page is a draft (in or below a `_drafts` folder). */
  draft: boolean
  /** Template (K3+ lower-cased; `default` when there is no content file). */
  template: string
  /** Folder name. */
  folder: string
  /** Folder path relative to the site root (`content/1_blog/_drafts/x`). */
  dir: string
  /** Parent page id, `null` at the top. */
  parent: string | null
  /** Kirby's `url()` with the configured base. */
  url: string
  /** Default-language content file Kirby reads (path), absent when Kirby reads nothing (empty page). */
  contentFile?: string
  /** All content-extension files of the folder, natural order. */
  contentFiles: PageContentFile[]
  /** Files of the page, natural order. */
  files: SiteFile[]
  /** Child ids in Kirby's order: children, then drafts. */
  children: string[]
  /** Kirby does not list this folder: a same-slug sibling (or an ancestor's) takes its id. */
  virtual?: true
}

/** A UUID and what carries it. */
export interface UuidEntry {
  /** `page` or `file`. */
  kind: 'page' | 'file'
  /** Page or file id. */
  id: string
  /** The content or meta file holding the `Uuid:` field (relative to the site root). */
  file: string
}

/** How the version was chosen. */
export interface SiteVersion {
  /** The version the rules are for. */
  version: KirbyVersion
  /** `option` or `auto`. */
  source: 'option' | 'auto'
  /** Evidence, for `auto`. */
  reasons: string[]
}

/** The site model. */
export interface Site {
  /** Absolute site root (the folder holding `content/`). */
  root: string
  /** Absolute content root. */
  contentRoot: string
  /** Absolute `site/blueprints`, when it exists. */
  blueprintsRoot?: string
  /** Reading rules. */
  rules: KirbyRules
  /** How the version was chosen. */
  version: SiteVersion
  /** Configured languages (empty: single-language). */
  languages: Language[]
  /** Site content and files (directly in the content root). */
  site: {contentFiles: PageContentFile[]; contentFile?: string; files: SiteFile[]}
  /** Every page folder, parents before children, natural order (virtual ones included). */
  pages: Page[]
  /** Pages Kirby lists, by id (non-drafts win over drafts with the same id). */
  byId: Map<string, Page>
  /** Every page by folder path relative to the site root. */
  byDir: Map<string, Page>
  /** UUID (as written) → owner, from default-language content and meta files. */
  uuids: Map<string, UuidEntry>
  /** What Kirby hides or misreads. */
  diagnostics: Diagnostic[]
}

/** Options of {@link discover}. */
export interface DiscoverOptions {
  /** File system (default `node:fs/promises`). */
  fs?: SiteFs
  /** Kirby version or rules (default `auto`). */
  version?: KirbyVersionSetting | KirbyRules
  /** Languages (default: read from `site/languages` or K2 config). `[]` forces single-language. */
  languages?: LanguagesOption
  /** With no languages configured, infer them from content file names (default false; see `inferLanguages`). */
  inferLanguages?: boolean
  /** Site URL (default `http://localhost`). */
  baseUrl?: string
  /** Home page id (default `home`). */
  home?: string
  /** Content root folder name below the site root (default `content`). */
  contentDir?: string
  /** Blueprints folder, absolute or below the site root (default `site/blueprints`). */
  blueprintsDir?: string
  /** Content file extension (default `txt`). */
  contentExtension?: string
  /** Reads in flight at most (default 16). */
  concurrency?: number
  /** Build the UUID index (default true; K3+ only). */
  uuids?: boolean
}

/** Finds the site root (folder with `content/`) from any path inside it; undefined when there is none. */
export const findSiteRoot = async (path: string, options: {fs?: SiteFs; contentDir?: string} = {}): Promise<string | undefined> => {
  const fs = options.fs ?? nodeSiteFs
  const contentDir = options.contentDir ?? 'content'
  let dir = resolve(path)
  if (!(await isDirectory(fs, dir))) dir = dirname(dir)
  const found: string[] = []
  for (;;) {
    if (await isDirectory(fs, join(dir, contentDir))) found.push(dir)
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  // A page folder may itself be called `content`: prefer the nearest
  // candidate that looks like a site (`site/` or `content/site.txt`).
  for (const candidate of found) {
    const hasSite = await isDirectory(fs, join(candidate, 'site'))
    const hasSiteTxt = await fs.stat(join(candidate, contentDir, 'site.txt')).then((s) => s.isFile(), () => false)
    if (hasSite || hasSiteTxt) return candidate
  }
  return found[0]
}

const isKirbyRules = (value: unknown): value is KirbyRules => typeof value === 'object' && value !== null && 'folderNumbering' in value

/**
 * Extensions of files a meta file can describe: Kirby's `F::$types` (all
 * versions) and a few more. A content file `docs.index.txt` (a Kirby 2
 * template `docs.index`) is no orphan meta file; `ghost.jpg.txt` is.
 */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set(
  ('gz gzip tar tgz zip rar 7z bz2 aif aiff m4a midi mid mp3 wav ogg oga flac aac opus css js json java htm html php rb py scss xml ' +
    'yaml yml csv doc docx dotx indd md mdown pdf ppt pptx rtf txt xl xls xlsx xltx odt ods odp pages numbers key epub ai avif bmp gif ' +
    'eps ico j2k jp2 jpeg jpg jpe png ps psd svg tif tiff webp heic heif raw dng sketch avi flv m4v mov movie mpe mpeg mpg mp4 ogv swf ' +
    'webm mkv wmv vtt srt woff woff2 ttf otf eot gpx kml glb gltf usdz obj stl ics vcf').split(' ')
)

/** Shared by every page without files, children or content files (never mutated). */
const EMPTY = Object.freeze([]) as unknown as never[]

/**
 * A page as stored: one object with a fixed shape and no per-page Map,
 * closure or derivable string. `uid` (= `slug`), `numText` (the folder
 * name before the separator) and `url` (base URL and id) are computed when
 * read; `toJSON` writes the fields of {@link Page} in their documented
 * order, so `JSON.stringify(page)` (the cache's site digest) is what it was
 * when every field was an own property.
 */
abstract class PageNode {
  constructor(
    public id: string,
    public slug: string,
    public num: number | null,
    public status: PageStatus,
    public draft: boolean,
    public template: string,
    public folder: string,
    public dir: string,
    public parent: string | null,
    public contentFile: string | undefined,
    public contentFiles: PageContentFile[],
    public files: SiteFile[],
    public virtual: true | undefined,
    public children: string[] = EMPTY as string[]
  ) {}

  /** Kirby's `uid`: the slug. */
  get uid(): string {
    return this.slug
  }

  /** The number prefix as written: what the folder name holds before its separator. */
  get numText(): string | undefined {
    return this.num === null ? undefined : this.folder.slice(0, this.folder.length - this.slug.length - 1)
  }

  abstract get url(): string

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      id: this.id,
      uid: this.slug,
      slug: this.slug,
      num: this.num,
      status: this.status,
      draft: this.draft,
      template: this.template,
      folder: this.folder,
      dir: this.dir,
      parent: this.parent,
      url: this.url,
      contentFiles: this.contentFiles,
      files: this.files,
      children: this.children
    }
    const numText = this.numText
    if (numText !== undefined) json.numText = numText
    if (this.contentFile !== undefined) json.contentFile = this.contentFile
    if (this.virtual) json.virtual = true
    return json
  }
}

/** The page class of one site: `url` from its base URL and home page id. */
const pageClass = (baseUrl: string, homeId: string) =>
  class SitePage extends PageNode {
    get url(): string {
      return this.id === homeId ? baseUrl : `${baseUrl}/${this.id}`
    }
  }

const diag = (code: string, severity: Severity, file: string, reason: string): Diagnostic => ({code, severity, file, reason})

/** Reads the site around `path` into the page model. */
export const discover = async (path: string, options: DiscoverOptions = {}): Promise<Site> => {
  const fs = options.fs ?? nodeSiteFs
  const limit = createLimit(options.concurrency ?? 16)
  const contentDir = options.contentDir ?? 'content'
  const extension = options.contentExtension ?? 'txt'
  const baseUrl = (options.baseUrl ?? 'http://localhost').replace(/\/+$/, '')
  const homeId = options.home ?? 'home'
  const diagnostics: Diagnostic[] = []

  const foundRoot = await findSiteRoot(path, {fs, contentDir})
  const root = foundRoot ?? resolve(path)
  if (foundRoot === undefined) {
    diagnostics.push(diag('no-content-folder', 'info', '.', `No \`${contentDir}/\` folder at or above \`${path}\`: no site to read`))
  }

  // Rules first when given, so the walk can skip what Kirby never reads.
  let rules: KirbyRules | undefined
  if (isKirbyRules(options.version)) rules = options.version
  else if (options.version !== undefined && options.version !== 'auto') rules = rulesFor(options.version)
  const descend = (name: string): boolean => {
    if (isIgnoredName(name) || name.startsWith('.')) return false
    if (rules?.drafts && name.startsWith('_')) return name === '_drafts'
    return true
  }
  const listing: ContentListing =
    foundRoot === undefined
      ? {root, contentDir, dirs: new Map(), diagnostics: []}
      : await scanContent(root, contentDir, {fs, limit, descend})
  for (const diagnostic of listing.diagnostics) diagnostics.push(diagnostic)

  let version: SiteVersion
  if (rules) version = {version: rules.version, source: 'option', reasons: []}
  else {
    const detected = await detectVersion(foundRoot, foundRoot === undefined ? undefined : listing, {fs, limit})
    rules = rulesFor(detected.version)
    version = {version: detected.version, source: 'auto', reasons: detected.reasons}
  }
  const ruleSet: KirbyRules = rules

  let languages =
    options.languages !== undefined
      ? normalizeLanguages(options.languages)
      : foundRoot === undefined
        ? []
        : (await readLanguages(root, fs)).languages
  if (languages.length === 0 && options.languages === undefined && options.inferLanguages) {
    const names = (function* () {
      for (const [dir, entries] of listing.dirs) for (const entry of entries) yield {dir, name: entry.name}
    })()
    const inferred = inferLanguages(names, extension)
    if (inferred) {
      languages = inferred
      diagnostics.push(
        diag(
          'languages-inferred',
          'info',
          contentDir,
          `No languages configured, but the content file names are in ${inferred.map((l) => `\`${l.code}\``).join(', ')}: read as a multi-language site with \`${inferred[0]!.code}\` as the default (set \`languages\` in kfx.config.json to say so)`
        )
      )
    }
  }
  const codes = languages.map((l) => l.code)
  const defaultCode = defaultLanguage(languages)?.code
  const k2 = !ruleSet.drafts
  const inventoryOptions = {
    rules: ruleSet,
    languages: codes,
    contentExtension: extension,
    ...(defaultCode === undefined ? {} : {defaultLanguage: defaultCode})
  }

  const blueprintsRoot = options.blueprintsDir === undefined ? join(root, 'site', 'blueprints') : resolve(root, options.blueprintsDir)
  const hasBlueprints = foundRoot !== undefined && (await isDirectory(fs, blueprintsRoot))

  // Strings are built once and shared: a folder's `dir + '/'` is the
  // prefix of its content, meta and media file paths, a page's `id + '/'`
  // the prefix of its files' ids, and `contentFile`/`meta` are the very
  // strings of the matching `contentFiles` paths (a concatenation of two
  // strings kept anyway is a 32-byte cons string, not a copy).
  const contentFilesOf = (prefix: string, inv: Inventory): PageContentFile[] => {
    const list = inv.contentFiles
    if (list.length === 0) return EMPTY as PageContentFile[]
    const out = new Array<PageContentFile>(list.length)
    for (let index = 0; index < list.length; index++) {
      const f = list[index]!
      // Every key an own property (undefined when absent): one shape, no
      // property array added for `language` or `metaFor`.
      out[index] = {path: prefix + f.name, name: f.name, role: f.role, language: f.language, metaFor: f.metaFor} as PageContentFile
    }
    return out
  }
  const pathIn = (contentFiles: readonly PageContentFile[], prefix: string, name: string): string =>
    contentFiles.find((f) => f.name === name)?.path ?? prefix + name

  const filesOf = (prefix: string, inv: Inventory, contentFiles: readonly PageContentFile[], pageId: string | null): SiteFile[] => {
    const names = inv.files
    if (names.length === 0) return EMPTY as SiteFile[]
    const idPrefix = pageId === null ? '' : `${pageId}/`
    const out = new Array<SiteFile>(names.length)
    for (let index = 0; index < names.length; index++) {
      const filename = names[index]!
      // `meta` is always an own property (undefined when there is none): one
      // shape for every file, no property array added for the meta file.
      const file = {filename, id: pageId === null ? filename : idPrefix + filename, path: prefix + filename, meta: undefined} as unknown as SiteFile
      if (contentFiles.length > 0) {
        const candidates = k2 && defaultCode !== undefined
          ? [metaFileName(filename, defaultCode, extension), metaFileName(filename, undefined, extension)]
          : [metaFileName(filename, k2 ? undefined : defaultCode, extension)]
        for (const candidate of candidates) {
          const meta = contentFiles.find((f) => f.name === candidate)
          if (meta !== undefined) {
            file.meta = meta.path
            break
          }
        }
      }
      out[index] = file
    }
    return out
  }

  // One string per template name, not one per page.
  const templates = new Map<string, string>()
  const intern = (text: string): string => {
    const known = templates.get(text)
    if (known !== undefined) return known
    templates.set(text, text)
    return text
  }
  const SitePage = pageClass(baseUrl, homeId)

  // Diagnostics about one folder's own listing.
  const folderDiagnostics = (dir: string, inv: Inventory, isSite: boolean): void => {
    for (const skipped of inv.skipped) {
      if (skipped.reason === 'ignore-list') continue
      const kind = skipped.isDirectory ? 'folder' : 'file'
      if (skipped.reason === 'invisible') {
        diagnostics.push(diag('invisible-name', 'info', `${dir}/${skipped.name}`,
          `The ${kind} \`${skipped.name}\` starts with \`${skipped.name[0]}\`: Kirby ignores it`))
      } else {
        diagnostics.push(diag('untracked-extension', 'info', `${dir}/${skipped.name}`,
          `The file \`${skipped.name}\` has extension \`${extensionOf(skipped.name)}\`: Kirby does not list it as a file`))
      }
    }
    const fileSet = new Set(inv.files)
    const candidates = inv.contentFiles.filter((f) => f.role === 'content')
    const winner = inv.templateSource
    for (const file of candidates) {
      const path = `${dir}/${file.name}`
      const wins = file.name === winner && !isSite
      if (codes.length > 0 && !k2 && file.language === undefined) {
        diagnostics.push(diag('plain-content-file-in-multi-language-site', wins ? 'error' : 'warning', path,
          `Unexpected content file \`${file.name}\` without a language code in a multi-language site, expected \`${file.candidate}.<${codes.join('|')}>.${extension}\`: Kirby never reads it` +
          (wins ? ` but takes template \`${inv.template}\` from it` : '')))
        continue
      }
      if (!file.candidate.includes('.')) continue
      const base = filenameOf(file.candidate)
      const last = extensionOf(file.candidate)
      if (codes.length === 0 && fileSet.has(base)) {
        diagnostics.push(diag('language-meta-file-without-languages', wins ? 'warning' : 'info', path,
          `\`${file.name}\` looks like a \`${last}\` meta file of \`${base}\`, but no languages are configured: Kirby takes it as a content file` +
          (wins ? ` and the page gets template \`${inv.template}\`` : '')))
      } else if (codes.length === 0 && /^[a-z]{2}(?:[_-][A-Za-z]{2})?$/.test(last)) {
        diagnostics.push(diag('language-file-without-languages', 'info', path,
          `\`${file.name}\` has a language code \`${last}\`, but no languages are configured: Kirby takes \`${file.candidate}\` as a template name`))
      } else if (FILE_EXTENSIONS.has(last.toLowerCase())) {
        diagnostics.push(diag('orphan-meta-file', wins ? 'error' : 'warning', path,
          `Unexpected meta file \`${file.name}\` without its file \`${file.candidate}\`` +
          (wins ? `: Kirby takes it as the page's content file and template \`${inv.template}\`` : ': Kirby takes it as a template candidate')))
      }
    }
    if (isSite) return
    if (!k2 && winner !== undefined && /[A-Z]/.test(inv.contentFiles.find((f) => f.name === winner)?.candidate ?? '') && inv.contentFile === undefined) {
      diagnostics.push(diag('uppercase-content-file', 'warning', `${dir}/${winner}`,
        `Unexpected upper case in \`${winner}\`: Kirby uses template \`${inv.template}\` and reads \`${inv.template}${codes.length > 0 ? `.${defaultCode}` : ''}.${extension}\`, which does not exist on a case-sensitive file system, so the page is empty`))
    } else if (codes.length > 0 && winner !== undefined && inv.contentFile === undefined) {
      diagnostics.push(diag('missing-default-language-file', 'warning', dir,
        `No \`${inv.template}.${defaultCode}.${extension}\` in \`${dir}\`: the page has no content in the default language \`${defaultCode}\``))
    }
    const distinct = new Set(candidates.map((f) => f.candidate))
    if (distinct.size > 1) {
      diagnostics.push(diag('several-content-files', 'info', dir,
        `${distinct.size} content files in \`${dir}\`: Kirby takes the ${ruleSet.templateElection} in natural order, \`${winner}\` (template \`${inv.template}\`)`))
    }
    if (candidates.length === 0) {
      diagnostics.push(diag('folder-without-content-file', 'info', dir,
        `No content file in \`${dir}\`: Kirby still makes it a page (template \`default\`, empty content)`))
    }
  }

  const pages: Page[] = []
  const byId = new Map<string, Page>()
  const byDir = new Map<string, Page>()
  const inventories = new Map<PageNode, Inventory>()
  const empty: Inventory = {children: [], drafts: false, files: [], contentFiles: [], template: 'default', skipped: []}
  // Each folder's listing is read once: dropped as soon as it is used, so
  // the listing shrinks while the pages grow.
  const inventoryOf = (dir: string): Inventory => {
    const entries = listing.dirs.get(dir)
    if (!entries) return empty
    listing.dirs.delete(dir)
    return inventory(entries, inventoryOptions)
  }

  // Builds the pages of one collection (children or drafts) of a folder.
  const collection = (
    containerDir: string,
    names: readonly string[],
    parent: PageNode | null,
    draft: boolean,
    virtual: boolean
  ): PageNode[] => {
    const listed: PageNode[] = []
    const slots = new Map<string, number>()
    const built: PageNode[] = []
    const dirPrefix = `${containerDir}/`
    const idPrefix = parent === null ? '' : `${parent.id}/`
    const parentId = parent === null ? null : parent.id
    for (const folder of names) {
      const dir = dirPrefix + folder
      const name = parseFolderName(folder, ruleSet)
      const id = parent === null ? name.slug : idPrefix + name.slug
      const inv = inventoryOf(dir)
      const prefix = inv.contentFiles.length + inv.files.length > 0 || inv.contentFile !== undefined ? `${dir}/` : ''
      const contentFiles = contentFilesOf(prefix, inv)
      const page = new SitePage(
        id,
        name.slug === folder ? folder : name.slug,
        name.num,
        pageStatus(name.num, draft, ruleSet),
        draft,
        intern(inv.template),
        folder,
        dir,
        parentId,
        inv.contentFile === undefined ? undefined : pathIn(contentFiles, prefix, inv.contentFile),
        contentFiles,
        filesOf(prefix, inv, contentFiles, id),
        virtual ? true : undefined
      )
      folderNameDiagnostics(dir, folder, name.slug, name.num)
      folderDiagnostics(dir, inv, false)
      built.push(page)
      const slot = slots.get(name.slug)
      if (slot !== undefined) {
        const earlier = listed[slot]!
        diagnostics.push(diag('hidden-page', 'error', earlier.dir,
          `Unexpected folder \`${earlier.folder}\` with the same slug as its later sibling \`${folder}\`: both give id \`${id}\`, and Kirby keeps only \`${folder}\``))
        listed[slot] = page
      } else {
        slots.set(name.slug, listed.length)
        listed.push(page)
      }
      if (inv.children.length > 0 || inv.drafts) inventories.set(page, inv)
    }
    if (listed.length < built.length) {
      const winners = new Set(listed)
      for (const page of built) if (!winners.has(page)) page.virtual = true
    }
    return built
  }

  const folderNameDiagnostics = (dir: string, folder: string, slug: string, num: number | null): void => {
    const k2Number = /^([0-9]+)-/.exec(folder)
    if (!k2 && k2Number && num === null) {
      // `2007--award` (a year) is more likely meant as part of the slug than `1-projects`.
      diagnostics.push(diag('kirby2-folder-number', k2Number[1]!.length >= 4 ? 'info' : 'warning', dir,
        `Unexpected Kirby 2 numbering \`${folder}\`, expected \`${folder.replace(/^([0-9]+)-/, '$1_')}\` for a listed page: Kirby ${formatKirbyVersion(ruleSet.version)} reads an unlisted page with slug \`${slug}\``))
    }
    if (ruleSet.folderNumbering === 'any-underscore' && folder.includes('_') && !/^[0-9]+_/.test(folder)) {
      diagnostics.push(diag('underscore-in-folder-name', 'warning', dir,
        `Unexpected \`_\` in folder name \`${folder}\`: Kirby 4.2+ reads num ${num} and slug \`${slug}\` (before 4.2: unlisted, slug \`${folder}\`)`))
    }
    if (slug === '') {
      diagnostics.push(diag('empty-slug', 'warning', dir, `Unexpected empty slug in folder name \`${folder}\``))
    }
    if (num !== null && !Number.isSafeInteger(num)) {
      diagnostics.push(diag('num-precision', 'info', dir, `The number of \`${folder}\` exceeds 2^53: \`num\` is not exact, see \`numExact\``))
    }
  }

  // Depth-first, parents before children.
  const emit = (page: PageNode, isDraftTree: boolean): void => {
    pages.push(page as unknown as Page)
    byDir.set(page.dir, page as unknown as Page)
    if (!page.virtual) {
      const existing = byId.get(page.id)
      if (existing === undefined) byId.set(page.id, page as unknown as Page)
      else if (existing.draft !== page.draft) {
        const draft = page.draft ? page : existing
        diagnostics.push(diag('draft-id-taken', 'warning', draft.dir,
          `The draft \`${draft.folder}\` has the same id \`${page.id}\` as a page: Kirby finds the page, not the draft`))
        if (existing.draft) byId.set(page.id, page as unknown as Page)
      }
    }
    const inv = inventories.get(page)
    if (inv === undefined) return
    inventories.delete(page)
    const kids = inv.children.length > 0 ? collection(page.dir, inv.children, page, isDraftTree, page.virtual === true) : []
    const drafts = inv.drafts ? collection(`${page.dir}/_drafts`, inventoryOf(`${page.dir}/_drafts`).children, page, true, page.virtual === true) : []
    let count = 0
    for (const child of kids) if (!child.virtual) count++
    for (const child of drafts) if (!child.virtual) count++
    if (count > 0) {
      const children = new Array<string>(count)
      let at = 0
      for (const child of kids) if (!child.virtual) children[at++] = child.id
      for (const child of drafts) if (!child.virtual) children[at++] = child.id
      page.children = children
    }
    for (const child of kids) emit(child, isDraftTree)
    for (const child of drafts) emit(child, true)
  }

  const siteInv = inventoryOf(contentDir)
  folderDiagnostics(contentDir, siteInv, true)
  const sitePrefix = `${contentDir}/`
  const siteContentFiles = contentFilesOf(sitePrefix, siteInv)
  const siteModel: Site['site'] = {
    contentFiles: siteContentFiles,
    files: filesOf(sitePrefix, siteInv, siteContentFiles, null)
  }
  const siteName = codes.length > 0 ? `site.${defaultCode}.${extension}` : `site.${extension}`
  if (siteInv.contentFiles.some((f) => f.name === siteName)) siteModel.contentFile = pathIn(siteContentFiles, sitePrefix, siteName)
  if (foundRoot !== undefined) {
    const top = collection(contentDir, siteInv.children, null, false, false)
    const topDrafts = siteInv.drafts ? collection(`${contentDir}/_drafts`, inventoryOf(`${contentDir}/_drafts`).children, null, true, false) : []
    for (const page of top) emit(page, false)
    for (const page of topDrafts) emit(page, true)
  }

  // UUID index: default-language page content files and meta files (K3+).
  const uuids = new Map<string, UuidEntry>()
  if (!k2 && options.uuids !== false) {
    const targets: Array<{file: string} & Omit<UuidEntry, 'file'>> = []
    for (const page of pages) {
      if (page.virtual) continue
      if (page.contentFile !== undefined) targets.push({kind: 'page', id: page.id, file: page.contentFile})
      for (const file of page.files) if (file.meta !== undefined) targets.push({kind: 'file', id: file.id, file: file.meta})
    }
    for (const file of siteModel.files) if (file.meta !== undefined) targets.push({kind: 'file', id: file.id, file: file.meta})
    const found = await Promise.all(
      targets.map((target) =>
        limit(() => fs.readFile(join(root, target.file))).then(
          (bytes) => {
            const text = decodeBytes(bytes).text
            if (!/uuid/i.test(text)) return undefined
            const field = decode(text, {rules: ruleSet}).fields.find((f) => f.key === 'uuid')
            return field && field.value !== '' ? field.value : undefined
          },
          () => undefined
        )
      )
    )
    targets.forEach((target, index) => {
      const uuid = found[index]
      if (uuid === undefined) return
      const existing = uuids.get(uuid)
      if (existing) {
        diagnostics.push(diag('duplicate-uuid', 'error', target.file,
          `Unexpected duplicate UUID \`${uuid}\`, also in \`${existing.file}\`: Kirby resolves \`${target.kind}://${uuid}\` to only one of them`))
        return
      }
      uuids.set(uuid, {kind: target.kind, id: target.id, file: target.file})
    })
  }

  const site: Site = {
    root,
    contentRoot: join(root, contentDir),
    rules: ruleSet,
    version,
    languages,
    site: siteModel,
    pages,
    byId,
    byDir,
    uuids,
    diagnostics
  }
  if (hasBlueprints) site.blueprintsRoot = blueprintsRoot
  return site
}

/** The page whose folder holds a file (path relative to the site root or absolute), if any. */
export const pageForFile = (site: Site, file: string): Page | undefined => {
  const rel = file.startsWith(site.root) ? file.slice(site.root.length).replace(/^[\\/]+/, '').replace(/\\/g, '/') : file
  return site.byDir.get(rel.slice(0, rel.lastIndexOf('/')))
}

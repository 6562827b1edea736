/**
 * @fileoverview What convert reads from a Kirby site: one unit per page and
 * language (and one for the site), each with its content file, the meta
 * files of its files, and the content files of its folder that Kirby does
 * not read (another template candidate, a meta file without its file), so
 * that nothing on disk is lost on the way to Markdown or JSON and back.
 */
import path from 'node:path'
import {readBounded} from '../util/read-bounded.js'
import {schemaFor} from '../blueprint/index.js'
import {modelsOf} from '../engine.js'
import {getField, parse, type ContentFile} from '../parse.js'
import type {TagRegistry} from '../kirbytag/registry.js'
import type {Page, PageContentFile, Site, SiteFile} from '../site/discover.js'
import {convertFields, type ConvertedField, type FieldProblem} from './fields.js'

/** A content file read and typed. */
export interface SourceFile {
  /** Path relative to the site root. */
  path: string
  /** Path relative to the content root (`1_blog/article.txt`). */
  contentPath: string
  content: ContentFile
  fields: ConvertedField[]
  problems: FieldProblem[]
  /** The file template (meta files), when not `default`. */
  template?: string
}

/** A file of a page and its meta data. */
export interface SourceAsset {
  file: SiteFile
  /** Path relative to the content root. */
  contentPath: string
  meta?: SourceFile
}

/** A file of a unit that is not read: too large, not a regular file, or unreadable. */
export interface NotRead {
  /** Path relative to the site root. */
  path: string
  ruleId: 'parse/too-large' | 'parse/unreadable'
  reason: string
}

/** One page in one language, or the site. */
export interface Unit {
  kind: 'page' | 'site'
  page?: Page
  /** Language code of this unit's files (multi-language sites). */
  language?: string
  /** Whether this is the default language (or the site has one). */
  defaultLanguage: boolean
  /** The content file; absent for a page folder without one. */
  source?: SourceFile
  assets: SourceAsset[]
  /** Content files of the folder Kirby does not read. */
  unread: SourceFile[]
  /** Files of the unit that could not be read (a unit with any is not converted: it would lose them). */
  notRead: NotRead[]
}

/** A unit before its files are read: what {@link planUnits} finds in the site's structure alone. */
export interface UnitPlan {
  kind: 'page' | 'site'
  page?: Page
  language?: string
  defaultLanguage: boolean
  /** The content file and the template it is typed by. */
  source?: {entry: PageContentFile; template: string | undefined}
  assets: Array<{file: SiteFile; contentPath: string; meta?: PageContentFile}>
  unread: PageContentFile[]
}

/** Options of {@link planUnits}. */
export interface PlanUnitsOptions {
  site: Site
  /** Absolute paths: only units with a file or folder under one of them. */
  targets: readonly string[]
  drafts: boolean
}

/** Options of {@link loadUnit}. */
export interface LoadUnitOptions {
  site: Site
  registry: TagRegistry
  /** Type by the blueprints (default true). */
  typed?: boolean
  /** A path shown in messages, from a path relative to the site root. */
  shown: (relative: string) => string
  /** Files larger than this many bytes are not read (default 50 MB, as `check`'s `maxFileSize`). */
  maxFileSize?: number
}

/** Options of {@link readUnits}. */
export type ReadUnitsOptions = PlanUnitsOptions & LoadUnitOptions

/** Files above this size (50 MB) are not read unless `maxFileSize` says otherwise (`check`'s default). */
export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024

const within = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep)

const contentRelativeTo = (site: Site, relative: string): string => path.relative(site.contentRoot, path.join(site.root, relative)).split(path.sep).join('/')

/**
 * The units under the targets, pages in Kirby's order, languages default
 * first, from the site's structure alone: no file is read, so a whole site's
 * plan is small, and each unit is read ({@link loadUnit}) only when it is
 * converted.
 */
export const planUnits = (options: PlanUnitsOptions): {plans: UnitPlan[]; skippedDrafts: number} => {
  const {site} = options
  const models = modelsOf(site)
  const codes = site.languages.map((language) => language.code)
  const defaultCode = site.languages.find((language) => language.default)?.code ?? codes[0]

  const chosen = (relatives: readonly string[]) =>
    relatives.some((relative) => {
      const absolute = path.join(site.root, relative)
      return options.targets.some((target) => within(absolute, target))
    })

  const plans: UnitPlan[] = []
  let skippedDrafts = 0
  const languagesOf = (entries: readonly PageContentFile[]): Array<string | undefined> => {
    if (codes.length === 0) return [undefined]
    const found = new Set(entries.map((entry) => entry.language ?? defaultCode))
    const list = codes.filter((code) => found.has(code)).sort((a, b) => Number(b === defaultCode) - Number(a === defaultCode))
    return list.length > 0 ? list : [defaultCode]
  }

  /** The units of one folder: the site's or a page's. */
  const folderUnits = (entries: readonly PageContentFile[], files: readonly SiteFile[], kind: 'page' | 'site', page: Page | undefined): void => {
    const contents = entries.filter((entry) => entry.role === 'content' && models.has(entry.path))
    const metaFiles = entries.filter((entry) => entry.role === 'meta' && models.has(entry.path))
    const used = new Set<string>()
    const folder: UnitPlan[] = []
    for (const language of languagesOf(entries.filter((entry) => models.has(entry.path)))) {
      const isDefault = language === defaultCode
      const plan: UnitPlan = {kind, defaultLanguage: isDefault, assets: [], unread: []}
      if (page) plan.page = page
      if (language !== undefined) plan.language = language
      const entry =
        contents.find((candidate) => candidate.language === language) ??
        contents.find((candidate) => candidate.language === undefined && language === defaultCode)
      if (entry) {
        used.add(entry.path)
        plan.source = {entry, template: page ? page.template : 'site'}
      }
      for (const file of files) {
        const asset: UnitPlan['assets'][number] = {file, contentPath: contentRelativeTo(site, file.path)}
        const meta =
          metaFiles.find((candidate) => candidate.metaFor === file.filename && candidate.language === language) ??
          metaFiles.find((candidate) => candidate.metaFor === file.filename && candidate.language === undefined && language === defaultCode)
        if (meta) {
          used.add(meta.path)
          asset.meta = meta
        }
        plan.assets.push(asset)
      }
      folder.push(plan)
    }
    // Whatever no unit took is kept with the first: Kirby does not read it, but it is on disk.
    for (const other of entries) if (!used.has(other.path)) folder[0]?.unread.push(other)
    // A folder target takes every language; a file target only the units holding it.
    const wholeFolder = chosen([page?.dir ?? path.relative(site.root, site.contentRoot)])
    plans.push(
      ...folder.filter(
        (plan) => wholeFolder || chosen([...(plan.source ? [plan.source.entry.path] : []), ...plan.assets.flatMap((asset) => (asset.meta ? [asset.meta.path] : []))])
      )
    )
  }

  const siteEntries = site.site.contentFiles
  if (chosen(siteEntries.map((entry) => entry.path)) || options.targets.some((target) => target === site.contentRoot || target === site.root)) {
    folderUnits(siteEntries, site.site.files, 'site', undefined)
  }
  for (const page of site.pages) {
    if (!chosen([page.dir, ...page.contentFiles.map((entry) => entry.path)])) continue
    if (page.draft && !options.drafts) {
      skippedDrafts++
      continue
    }
    folderUnits(page.contentFiles, page.files, 'page', page)
  }
  return {plans, skippedDrafts}
}

/** Reads and types the files of one planned unit. */
export const loadUnit = async (plan: UnitPlan, options: LoadUnitOptions): Promise<Unit> => {
  const {site, registry} = options
  const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
  const notRead: NotRead[] = []

  const read = async (entry: PageContentFile, kind: 'page' | 'file' | 'site', template: string | undefined): Promise<SourceFile | undefined> => {
    const absolute = path.join(site.root, entry.path)
    // A huge file or a FIFO named `.txt` must not be read (or block the run): src/util/read-bounded.ts.
    let bytes: Buffer
    try {
      const read = readBounded(absolute, limit)
      if (!('bytes' in read)) {
        notRead.push({
          path: entry.path,
          ruleId: 'parse/too-large',
          reason:
            'tooLarge' in read
              ? `Unexpected file of ${read.tooLarge} bytes, expected at most ${limit} (\`maxFileSize\`): not read, this page is not converted`
              : 'Unexpected special file (not a regular file) named as a content file: not read, this page is not converted'
        })
        return undefined
      }
      bytes = read.bytes
    } catch (error) {
      notRead.push({path: entry.path, ruleId: 'parse/unreadable', reason: `Cannot read file: ${error instanceof Error ? error.message : String(error)}; this page is not converted`})
      return undefined
    }
    const content = parse(bytes, {rules: site.rules, registry, path: options.shown(entry.path)})
    let name = template
    if (kind === 'file') name = site.rules.version.major === 2 ? template : getField(content, 'template')?.value.toLowerCase() || 'default'
    const schema = options.typed !== false && site.blueprintsRoot !== undefined && name !== undefined
      ? (await schemaFor(site, {kind, name})).schema
      : undefined
    const {fields, problems} = convertFields(content, schema)
    const file: SourceFile = {path: entry.path, contentPath: contentRelativeTo(site, entry.path), content, fields, problems}
    if (kind === 'file' && name !== undefined && name !== 'default' && site.rules.version.major !== 2) file.template = name
    return file
  }

  const unit: Unit = {kind: plan.kind, defaultLanguage: plan.defaultLanguage, assets: [], unread: [], notRead}
  if (plan.page) unit.page = plan.page
  if (plan.language !== undefined) unit.language = plan.language
  if (plan.source) {
    const source = await read(plan.source.entry, plan.kind, plan.source.template)
    if (source) unit.source = source
  }
  for (const planned of plan.assets) {
    const asset: SourceAsset = {file: planned.file, contentPath: planned.contentPath}
    if (planned.meta) {
      const meta = await read(planned.meta, 'file', plan.page?.template ?? 'default')
      if (meta) asset.meta = meta
    }
    unit.assets.push(asset)
  }
  for (const entry of plan.unread) {
    const file = await read(entry, 'page', undefined)
    if (file) unit.unread.push(file)
  }
  return unit
}

/** Reads the units under the targets, pages in Kirby's order, languages default first (all at once: {@link planUnits} and {@link loadUnit} read one at a time). */
export const readUnits = async (options: ReadUnitsOptions): Promise<{units: Unit[]; skippedDrafts: number}> => {
  const {plans, skippedDrafts} = planUnits(options)
  const units: Unit[] = []
  for (const plan of plans) units.push(await loadUnit(plan, options))
  return {units, skippedDrafts}
}

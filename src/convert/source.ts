/**
 * @fileoverview What convert reads from a Kirby site: one unit per page and
 * language (and one for the site), each with its content file, the meta
 * files of its files, and the content files of its folder that Kirby does
 * not read (another template candidate, a meta file without its file), so
 * that nothing on disk is lost on the way to Markdown or JSON and back.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
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
}

/** Options of {@link readUnits}. */
export interface ReadUnitsOptions {
  site: Site
  registry: TagRegistry
  /** Absolute paths: only units with a file or folder under one of them. */
  targets: readonly string[]
  drafts: boolean
  /** Type by the blueprints (default true). */
  typed?: boolean
  /** A path shown in messages, from a path relative to the site root. */
  shown: (relative: string) => string
}

const within = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep)

/** Reads the units under the targets, pages in Kirby's order, languages default first. */
export const readUnits = async (options: ReadUnitsOptions): Promise<{units: Unit[]; skippedDrafts: number}> => {
  const {site, registry} = options
  const models = modelsOf(site)
  const contentRelative = (relative: string) => path.relative(site.contentRoot, path.join(site.root, relative)).split(path.sep).join('/')
  const codes = site.languages.map((language) => language.code)
  const defaultCode = site.languages.find((language) => language.default)?.code ?? codes[0]

  const read = async (entry: PageContentFile, kind: 'page' | 'file' | 'site', template: string | undefined): Promise<SourceFile> => {
    const bytes = await readFile(path.join(site.root, entry.path))
    const content = parse(bytes, {rules: site.rules, registry, path: options.shown(entry.path)})
    let name = template
    if (kind === 'file') name = site.rules.version.major === 2 ? template : getField(content, 'template')?.value.toLowerCase() || 'default'
    const schema = options.typed !== false && site.blueprintsRoot !== undefined && name !== undefined
      ? (await schemaFor(site, {kind, name})).schema
      : undefined
    const {fields, problems} = convertFields(content, schema)
    const file: SourceFile = {path: entry.path, contentPath: contentRelative(entry.path), content, fields, problems}
    if (kind === 'file' && name !== undefined && name !== 'default' && site.rules.version.major !== 2) file.template = name
    return file
  }

  const chosen = (relatives: readonly string[]) =>
    relatives.some((relative) => {
      const absolute = path.join(site.root, relative)
      return options.targets.some((target) => within(absolute, target))
    })

  const units: Unit[] = []
  let skippedDrafts = 0
  const languagesOf = (entries: readonly PageContentFile[]): Array<string | undefined> => {
    if (codes.length === 0) return [undefined]
    const found = new Set(entries.map((entry) => entry.language ?? defaultCode))
    const list = codes.filter((code) => found.has(code)).sort((a, b) => Number(b === defaultCode) - Number(a === defaultCode))
    return list.length > 0 ? list : [defaultCode]
  }

  /** The units of one folder: the site's or a page's. */
  const folderUnits = async (
    entries: readonly PageContentFile[],
    files: readonly SiteFile[],
    kind: 'page' | 'site',
    page: Page | undefined
  ): Promise<void> => {
    const contents = entries.filter((entry) => entry.role === 'content' && models.has(entry.path))
    const metaFiles = entries.filter((entry) => entry.role === 'meta' && models.has(entry.path))
    const used = new Set<string>()
    const folder: Unit[] = []
    for (const language of languagesOf(entries.filter((entry) => models.has(entry.path)))) {
      const isDefault = language === defaultCode
      const unit: Unit = {kind, defaultLanguage: isDefault, assets: [], unread: []}
      if (page) unit.page = page
      if (language !== undefined) unit.language = language
      const entry =
        contents.find((candidate) => candidate.language === language) ??
        contents.find((candidate) => candidate.language === undefined && language === defaultCode)
      if (entry) {
        used.add(entry.path)
        unit.source = await read(entry, kind, page ? page.template : 'site')
      }
      for (const file of files) {
        const asset: SourceAsset = {file, contentPath: contentRelative(file.path)}
        const meta =
          metaFiles.find((candidate) => candidate.metaFor === file.filename && candidate.language === language) ??
          metaFiles.find((candidate) => candidate.metaFor === file.filename && candidate.language === undefined && language === defaultCode)
        if (meta) {
          used.add(meta.path)
          asset.meta = await read(meta, 'file', page?.template ?? 'default')
        }
        unit.assets.push(asset)
      }
      folder.push(unit)
    }
    // Whatever no unit took is kept with the first: Kirby does not read it, but it is on disk.
    for (const other of entries) if (!used.has(other.path)) folder[0]?.unread.push(await read(other, 'page', undefined))
    // A folder target takes every language; a file target only the units holding it.
    const wholeFolder = chosen([page?.dir ?? path.relative(site.root, site.contentRoot)])
    units.push(
      ...folder.filter(
        (unit) => wholeFolder || chosen([...(unit.source ? [unit.source.path] : []), ...unit.assets.flatMap((asset) => (asset.meta ? [asset.meta.path] : []))])
      )
    )
  }

  const siteEntries = site.site.contentFiles
  if (chosen(siteEntries.map((entry) => entry.path)) || options.targets.some((target) => target === site.contentRoot || target === site.root)) {
    await folderUnits(siteEntries, site.site.files, 'site', undefined)
  }
  for (const page of site.pages) {
    if (!chosen([page.dir, ...page.contentFiles.map((entry) => entry.path)])) continue
    if (page.draft && !options.drafts) {
      skippedDrafts++
      continue
    }
    await folderUnits(page.contentFiles, page.files, 'page', page)
  }
  return {units, skippedDrafts}
}

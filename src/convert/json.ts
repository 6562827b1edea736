/**
 * @fileoverview `kfx convert --to json`: one document per page and language
 * (and one for the site), in the shape `schemas/kfx-json.schema.json`
 * documents: the Kirby facts, every field typed and raw, the files of the
 * page with their meta data, and the content files Kirby does not read.
 */
import type {Root} from 'mdast'
import {fieldTree} from '../field-tree.js'
import type {ConvertedField} from './fields.js'
import type {SourceFile, Unit} from './source.js'

/** The `kfx` version of the document shape. */
export const DOCUMENT_VERSION = 1

/** Fields of one content file, typed and raw. */
export interface JsonFields {
  /** Content file, relative to the content folder. */
  file: string
  /** Every field typed as the blueprint says (stored text when nothing types it). */
  fields: Record<string, unknown>
  /** `[key, stored text]` pairs in the file's order, exactly as Kirby decodes them. */
  raw: Array<[string, string]>
  /** Keys as written, where Kirby's writer would write a key that does not read back. */
  keys?: Record<string, string>
}

/** A file of the page. */
export interface JsonFile {
  filename: string
  /** Path relative to the content folder. */
  file: string
  /** Its meta data, when it has a meta file in this language. */
  meta?: JsonFields & {template?: string}
}

/** One page (in one language) or the site. */
export interface KfxDocument extends Partial<JsonFields> {
  kfx: typeof DOCUMENT_VERSION
  type: 'page' | 'site'
  /** Page id (`projects/my-project`); `""` for the site. */
  id: string
  template?: string
  slug?: string
  /** The folder number (Kirby's `num`), `null` when the folder has none. */
  num?: number | null
  /** The number as written in the folder name (`01`). */
  numText?: string
  status?: string
  draft?: boolean
  /** Folder relative to the content folder (`1_projects/2_my-project`). */
  folder?: string
  url?: string
  language: string | null
  uuid: string | null
  files: JsonFile[]
  /** Content files of the folder Kirby does not read. */
  unread?: JsonFields[]
  /** KirbyText fields as mdast (`--tree`). */
  tree?: Record<string, Root>
  /** KirbyText fields as the HTML Kirby renders (`--html`). */
  html?: Record<string, string>
}

/** The fields of a source file as JSON. */
export const jsonFields = (source: SourceFile): JsonFields => {
  const fields = Object.create(null) as Record<string, unknown>
  const keys: Record<string, string> = {}
  for (const field of source.fields) {
    fields[field.key] = field.value
    if (field.written !== undefined) keys[field.key] = field.written
  }
  const result: JsonFields = {file: source.contentPath, fields, raw: source.fields.map((field: ConvertedField) => [field.key, field.raw])}
  if (Object.keys(keys).length > 0) result.keys = keys
  return result
}

/** Options of {@link jsonDocument}. */
export interface JsonDocumentOptions {
  /** Fields whose mdast goes under `tree` (default: none). */
  tree?: readonly string[]
  /** Fields whose HTML goes under `html`, with the renderer. */
  html?: {fields: readonly string[]; render: (unit: Unit, field: ConvertedField) => string}
}

/** Strips positions from mdast (they point into the `.txt` file, which the JSON does not hold). */
const withoutPositions = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(withoutPositions)
  if (typeof node !== 'object' || node === null) return node
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) if (key !== 'position') copy[key] = withoutPositions(value)
  return copy
}

/** The document of one unit. */
export const jsonDocument = (unit: Unit, options: JsonDocumentOptions = {}): KfxDocument => {
  const page = unit.page
  const uuid = unit.source?.fields.find((field) => field.key === 'uuid')?.raw
  const document: KfxDocument = {kfx: DOCUMENT_VERSION, type: unit.kind, id: page?.id ?? '', language: unit.language ?? null, uuid: uuid || null, files: []}
  if (page) {
    document.template = page.template
    document.slug = page.slug
    document.num = page.num
    if (page.numText !== undefined) document.numText = page.numText
    document.status = page.status
    document.draft = page.draft
    document.folder = page.dir.split('/').slice(1).join('/')
    document.url = page.url
  }
  if (unit.source) Object.assign(document, jsonFields(unit.source))
  for (const asset of unit.assets) {
    const file: JsonFile = {filename: asset.file.filename, file: asset.contentPath}
    if (asset.meta) {
      file.meta = jsonFields(asset.meta)
      if (asset.meta.template !== undefined) file.meta.template = asset.meta.template
    }
    document.files.push(file)
  }
  if (unit.unread.length > 0) document.unread = unit.unread.map(jsonFields)
  const source = unit.source
  if (source && options.tree && options.tree.length > 0) {
    const tree: Record<string, Root> = {}
    for (const name of options.tree) {
      const field = source.content.fields.find((candidate) => candidate.key === name)
      if (field) tree[name] = withoutPositions(fieldTree(source.content, field)) as Root
    }
    document.tree = tree
  }
  if (source && options.html) {
    const html: Record<string, string> = {}
    for (const name of options.html.fields) {
      const field = source.fields.find((candidate) => candidate.key === name)
      if (field) html[name] = options.html.render(unit, field)
    }
    document.html = html
  }
  return document
}

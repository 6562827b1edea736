/**
 * @fileoverview `kfx convert --to md`: one Markdown file per page and
 * language. The body field (`text` by default) becomes the Markdown body;
 * every other field goes to the front matter, typed; Kirby's facts and what
 * brings back the exact stored text go under the `kirby` key:
 *
 * - `template`, `slug`, `num`, `status`, `draft`, `language`, `id`: the facts;
 * - `file`: the content file (relative to the content folder), `body`: the
 *   body field, `order`: the field order when the body is not last;
 * - `stored`: how a typed list was stored when not as YAML (`json`, `tags`);
 * - `raw`: the stored text of fields whose typed or converted value does not
 *   write back to it (the KirbyText of a converted body, `1.0` typed as 1);
 * - `keys`: keys as written where Kirby's writer would change them;
 * - `files`: the meta data of the page's files, each with its own `kirby`;
 * - `unread`: content files of the folder that Kirby does not read.
 */
import type {ConvertedField} from './fields.js'
import type {SourceFile, Unit} from './source.js'

/** KirbyText → Markdown for one field; `undefined` to leave the field as it is. */
export type FieldConverter = (unit: Unit, source: SourceFile, field: ConvertedField) => string

/** Options of {@link markdownDocument}. */
export interface MarkdownDocumentOptions {
  /** The body field (default `text`). */
  body?: string
  /** Other fields converted from KirbyText to Markdown. */
  kirbytextFields?: readonly string[]
  /** Converts a KirbyText field. */
  convert: FieldConverter
  /** Keep `kirby.raw` (default true): without it the way back loses the KirbyText of converted fields. */
  raw?: boolean
}

/** A Markdown document before it is written: front matter and body. */
export interface MarkdownDocument {
  data: Map<string, unknown>
  body: string
}

/** The front matter of a source file's fields (all but `skip`), with its `kirby` block filled in. */
const frontMatterOf = (
  unit: Unit,
  source: SourceFile,
  kirby: Map<string, unknown>,
  options: MarkdownDocumentOptions,
  skip?: string
): Map<string, unknown> => {
  const data = new Map<string, unknown>()
  const raw = new Map<string, string>()
  const stored = new Map<string, string>()
  const keys = new Map<string, string>()
  const converted = new Set(options.kirbytextFields ?? [])
  for (const field of source.fields) {
    if (field.written !== undefined) keys.set(field.key, field.written)
    if (field.key === skip) continue
    let value = field.value
    if (converted.has(field.key) && typeof field.value === 'string') {
      value = options.convert(unit, source, field)
      if (value !== field.raw) raw.set(field.key, field.raw)
    } else if (field.keepRaw) raw.set(field.key, field.raw)
    if (field.stored !== undefined) stored.set(field.key, field.stored)
    data.set(field.key, value)
  }
  if (stored.size > 0) kirby.set('stored', stored)
  if (raw.size > 0 && options.raw !== false) kirby.set('raw', raw)
  if (keys.size > 0) kirby.set('keys', keys)
  return data
}

/** The Markdown document of one unit. */
export const markdownDocument = (unit: Unit, options: MarkdownDocumentOptions): MarkdownDocument => {
  const kirby = new Map<string, unknown>()
  const page = unit.page
  if (page) {
    kirby.set('id', page.id)
    kirby.set('template', page.template)
    kirby.set('slug', page.slug)
    if (page.num !== null) kirby.set('num', page.num)
    kirby.set('status', page.status)
    if (page.draft) kirby.set('draft', true)
  } else kirby.set('template', 'site')
  if (unit.language !== undefined) kirby.set('language', unit.language)
  const source = unit.source
  let data = new Map<string, unknown>()
  let body = ''
  if (source) {
    kirby.set('file', source.contentPath)
    const bodyName = options.body ?? 'text'
    const bodyField = source.fields.find((field) => field.key === bodyName)
    data = frontMatterOf(unit, source, kirby, options, bodyField?.key)
    if (bodyField) {
      kirby.set('body', bodyField.key)
      body = options.convert(unit, source, bodyField)
      if (body !== bodyField.raw && options.raw !== false) {
        const raw = (kirby.get('raw') as Map<string, string> | undefined) ?? new Map<string, string>()
        raw.set(bodyField.key, bodyField.raw)
        kirby.set('raw', raw)
      }
      if (source.fields.at(-1) !== bodyField) kirby.set('order', source.fields.map((field) => field.key))
    }
  } else {
    kirby.set('file', null)
    if (page) kirby.set('folder', page.dir.split('/').slice(1).join('/'))
  }
  const files = new Map<string, unknown>()
  for (const asset of unit.assets) {
    if (!asset.meta) continue
    const metaKirby = new Map<string, unknown>([['file', asset.meta.contentPath]])
    if (asset.meta.template !== undefined) metaKirby.set('template', asset.meta.template)
    const meta = frontMatterOf(unit, asset.meta, metaKirby, options)
    meta.set('kirby', metaKirby)
    files.set(asset.file.filename, meta)
  }
  if (files.size > 0) kirby.set('files', files)
  if (unit.unread.length > 0) {
    kirby.set(
      'unread',
      unit.unread.map((file) => {
        const entry = new Map<string, unknown>([['file', file.contentPath], ['raw', file.fields.map((field) => [field.key, field.raw])]])
        const keys = file.fields.filter((field) => field.written !== undefined).map((field) => [field.key, field.written])
        if (keys.length > 0) entry.set('keys', new Map(keys as Array<[string, string]>))
        return entry
      })
    )
  }
  data.set('kirby', kirby)
  return {data, body}
}

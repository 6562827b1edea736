/**
 * @fileoverview `no-missing-image`: images that name a file that does not
 * exist.
 *
 * Checks `(image:)` values, Markdown images (`![](x)`), HTML `<img src>`,
 * and files fields (YAML lists of filenames, `Cover: - photo.jpg`; Kirby 2
 * `image` fields) whose entries are images. `(image:)` values and field
 * entries are looked up in Kirby's order (`resolveFileReference`): Kirby 3+
 * a file of the page, `dir/file.jpg` below the page, then a site file or
 * `dir` as a page id from the site root (drafts included); Kirby 2 only the
 * page's own files. Markdown and HTML sources are left to the browser by
 * Kirby, so they are resolved against the page URL and then served as a
 * router would (`<page>/<file>`, `media/pages/…`, Kirby 2's
 * `content/<folders>/<file>`). Remote URLs are not checked; `file://` UUIDs
 * are `no-broken-uuid`'s; paths into folders that are no content
 * (`/assets/logo.png`) cannot be checked from the content folder and are
 * left alone. Files fields are known from the blueprint; without one, a
 * field whose every line is `- name.ext` is taken for one.
 *
 * Why: Kirby renders a missing `(image: x.jpg)` as `<img src="<site>/x.jpg">`
 * and a missing files-field entry as nothing, so a renamed or deleted image
 * breaks the page without a word.
 *
 * ok (`content/blog/1_post/` holds `photo.jpg`):
 *
 *     Text: (image: photo.jpg alt: A photo)
 *
 * not ok (it does not hold `missing.jpg`):
 *
 *     Text: (image: missing.jpg alt: A photo)
 *
 * This module also holds the lookup that `no-missing-file` shares: every
 * file reference of a file, judged, images and other files apart.
 */
import {defineRule, type RuleContext} from '../lint/rule.js'
import type {Site, SiteFile} from '../site/index.js'
import {resolveFileReference, type ReferenceParent} from '../site/index.js'
import type {Field} from '../txt/decode.js'
import type {Position} from '../types.js'
import {
  FILE_EXTENSIONS,
  IMAGE_EXTENSIONS,
  extensionOf,
  fieldTypesOf,
  fileAtPath,
  fileNamed,
  gluedAttribute,
  intoContent,
  intoRoute,
  isFlatYamlList,
  judgeLink,
  parentOf,
  referencesOf,
  short,
  valueSpan,
  yamlListItems
} from './no-broken-link.js'

/** A reference to a file that Kirby (or the browser) does not find. */
export interface MissingFile {
  /** `image` for images, `file` for anything else. */
  kind: 'image' | 'file'
  /** The reference as written. */
  value: string
  place: Position
  reason: string
  note?: string
}

const missingCache = new WeakMap<object, MissingFile[]>()

const isRemote = (value: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('//')
const isUuid = (value: string): boolean => /^(?:file|page|site|user):\/\//.test(value) || value.startsWith('/@/')

/** ASCII edit distance, bounded (for "did you mean" notes). */
const distance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

/** Files that a mistyped name may have meant: the same name in another case, another extension, or a typo away. */
const similarFiles = (files: readonly SiteFile[], name: string): string[] => {
  const lower = name.toLowerCase()
  const stem = lower.replace(/\.[^.]*$/, '')
  return files
    .map((file) => file.filename)
    .filter((filename) => {
      const candidate = filename.toLowerCase()
      return candidate === lower || candidate.replace(/\.[^.]*$/, '') === stem || distance(candidate, lower, 2) <= 2
    })
    .slice(0, 3)
}

const code = (values: readonly string[]): string => values.map((value) => `\`${value}\``).join(', ')

const nameOf = (from: ReferenceParent): string => (from === 'site' ? 'the site' : `\`${from.id}\``)

const filesOf = (from: ReferenceParent, site: Site): readonly SiteFile[] => (from === 'site' ? site.site.files : from.files)

/** The note for a filename that was looked for: where, and what may have been meant. */
const lookedAt = (site: Site, from: ReferenceParent, value: string): string => {
  const parts: string[] = []
  const k2 = site.rules.version.major === 2
  const slash = value.replace(/^\/+/, '').lastIndexOf('/')
  if (k2) {
    parts.push(value.includes('/') ? `Kirby 2 looks only among the files of ${nameOf(from)}, by filename` : `Kirby 2 looks among the files of ${nameOf(from)}`)
  } else if (slash === -1) {
    parts.push(`Kirby looked among the files of ${nameOf(from)}, then the site's files`)
  } else {
    const dir = value.replace(/^\/+/, '').slice(0, slash)
    parts.push(`Kirby looked for \`${dir}\` below ${nameOf(from)}, then for the page \`${dir}\` from the site root`)
  }
  const similar = similarFiles(filesOf(from, site), value.slice(value.lastIndexOf('/') + 1))
  if (similar.length > 0) parts.push(`Similar files there: ${code(similar)}`)
  return parts.join('. ')
}

/**
 * Whether a path names a folder beside `content/` that only the web server
 * knows: `assets/…`, `media/…`, or `/x/…` where no page `x` exists. Such
 * paths cannot be checked from the content folder.
 */
const outsideContent = (site: Site, value: string): boolean =>
  value.includes('/') && (intoRoute(value) || (value.startsWith('/') && !intoContent(site, value)))

/** Why Kirby finds no file for a value, in one clause. */
const notFound = (site: Site, from: ReferenceParent, value: string): string => {
  const clean = value.replace(/^\/+/, '')
  const slash = clean.lastIndexOf('/')
  if (site.rules.version.major === 2) {
    return slash === -1 ? `${nameOf(from)} has no such file` : `Kirby 2 looks only among the files of ${nameOf(from)} and does not follow paths`
  }
  if (slash === -1) return `${nameOf(from)} has no such file, nor has the site`
  return `no page \`${clean.slice(0, slash)}\` below ${nameOf(from)} or from the site root has a file \`${clean.slice(slash + 1)}\``
}

/** Kirby 2 and 3+ lookups of an `(image:)`/`(file:)` value or a files-field entry; undefined when it is not checked. */
const findFile = (site: Site, from: ReferenceParent, value: string): {found: boolean} | undefined => {
  if (value === '' || isRemote(value) || isUuid(value)) return undefined
  if (site.rules.version.major === 2) {
    // Kirby 2.5 searches the page's own files (lower-cased names); a value
    // without an extension is taken for a URL.
    if (resolveFileReference(site, from, value)) return {found: true}
    if (!value.includes('/')) return {found: fileNamed(filesOf(from, site), value) !== undefined}
    // `some/page/photo.jpg`: Kirby 2 renders `url(value)`; a folder beside
    // `content/` (`assets/…`) cannot be checked from here.
    return outsideContent(site, value) ? undefined : {found: false}
  }
  if (resolveFileReference(site, from, value)) return {found: true}
  return outsideContent(site, value) ? undefined : {found: false}
}

/** A Markdown or HTML source resolved as the browser and the router do; undefined when it is not checked. */
const findSource = (site: Site, from: ReferenceParent, target: string): {found: boolean; id?: string} | undefined => {
  const value = target.trim()
  if (value === '' || value.startsWith('data:') || isUuid(value)) return undefined
  const verdict = judgeLink(site, from, value, 'browser')
  if (verdict.kind === 'ok' || verdict.kind === 'draft') return {found: true}
  if (verdict.kind === 'missing-file') return {found: false, id: verdict.id}
  if (verdict.kind === 'broken') {
    const extension = extensionOf(verdict.id)
    if (extension === '' || !FILE_EXTENSIONS.has(extension)) return undefined
    return fileAtPath(site, verdict.id) ? {found: true} : {found: false, id: verdict.id}
  }
  return undefined
}

/** Entries of a files field (blueprint type `files`, Kirby 2 `image`/`file`, or an unknown field that is a list of filenames). */
const fileEntries = (field: Field, type: string | undefined): Array<{value: string; start: number; end: number}> => {
  if (type === 'files') return yamlListItems(field.value)
  if (type === 'image' || type === 'file') {
    const value = field.value
    return value === '' ? [] : [{value, start: 0, end: value.length}]
  }
  if (type !== undefined || !isFlatYamlList(field.value)) return []
  const items = yamlListItems(field.value)
  const filenames = items.every((item) => /^[^:#\s][^:#]*\.[a-z0-9]{2,5}$/i.test(item.value) && FILE_EXTENSIONS.has(extensionOf(item.value)))
  return filenames ? items : []
}

const kindOfName = (value: string): 'image' | 'file' => (IMAGE_EXTENSIONS.has(extensionOf(value)) ? 'image' : 'file')

/** Every file reference of the file that leads to no file, images and files apart (computed once per file). */
export const missingFilesOf = async (context: RuleContext<unknown>): Promise<MissingFile[]> => {
  const cached = missingCache.get(context.content)
  if (cached) return cached
  const missing: MissingFile[] = []
  missingCache.set(context.content, missing)
  const {site} = context
  const from = parentOf(context)
  const references = await referencesOf(context)

  for (const tag of references.fileTags) {
    const value = tag.value.trim()
    const result = findFile(site, from, value)
    if (!result || result.found) continue
    const what = tag.type === 'image' ? 'image' : 'file'
    const outcome = tag.type === 'image' ? 'Kirby renders `<img src>` with the value as a URL, which leads nowhere' : 'Kirby renders the text without a link'
    // `x.png legende: …`: a name Kirby does not split at is glued to the
    // value. When `x.png` exists, the file is not missing: the tag is
    // malformed, which `no-malformed-kirbytag` reports.
    const glued = gluedAttribute(value)
    if (glued && findFile(site, from, glued.head)?.found !== false) continue
    missing.push({
      kind: tag.type,
      value,
      place: tag.place,
      reason: `Unexpected ${what} \`${short(glued ? glued.head : value)}\`, expected an existing file: ${notFound(site, from, glued ? glued.head : value)}`,
      note:
        `${lookedAt(site, from, glued ? glued.head : value)}. ${outcome}` +
        (glued ? `. The value also holds \`${glued.name}:\`, which is no attribute of \`(${tag.type}:)\` in Kirby ${site.rules.version.major}` : '')
    })
  }

  for (const source of references.sources) {
    const result = findSource(site, from, source.target)
    if (!result || result.found) continue
    const id = (result.id ?? source.target).replace(/^\/+/, '')
    const similar = (() => {
      const slash = id.lastIndexOf('/')
      const owner = slash === -1 ? 'site' : site.byId.get(id.slice(0, slash))
      return owner === undefined ? [] : similarFiles(filesOf(owner, site), id.slice(slash + 1))
    })()
    missing.push({
      kind: 'image',
      value: source.target,
      place: source.place,
      reason: `Unexpected image \`${short(source.target.trim())}\`, expected an existing file: it leads to \`${short(id)}\`, which is no file of the site`,
      note:
        `Kirby leaves ${source.source === 'markdown' ? 'Markdown images' : '`<img src>`'} as written: the browser resolves the path against the page URL` +
        (similar.length > 0 ? `. Similar files there: ${code(similar)}` : '')
    })
  }

  for (const link of references.links) {
    if (link.source === 'field') continue
    const how = link.source === 'tag' ? 'kirby' : 'browser'
    const glued = link.source === 'tag' ? gluedAttribute(link.target.trim()) : undefined
    const verdict = judgeLink(site, from, glued ? glued.head : link.target, how)
    if (verdict.kind !== 'missing-file') continue
    const id = verdict.id.replace(/^\/+/, '')
    const target = glued ? glued.head : link.target.trim()
    const notes = [how === 'browser' ? 'Kirby leaves the target as written: the browser resolves it against the page URL' : 'Kirby makes it a URL from the site root, not from the page']
    const own = fileNamed(filesOf(from, site), id.slice(id.lastIndexOf('/') + 1))
    if (own) notes.push(`${nameOf(from)} has a file \`${own.filename}\`: \`(file: ${own.filename})\` links to it`)
    missing.push({
      kind: 'file',
      value: link.target,
      place: link.place,
      reason: `Unexpected link to \`${short(target)}\`, expected an existing file: it leads to \`${short(id)}\`, which is no file of the site`,
      note: notes.join('. ')
    })
  }

  const types = await fieldTypesOf(context)
  for (const field of context.content.fields) {
    const type = types.get(field.key)
    for (const entry of fileEntries(field, type)) {
      const value = entry.value.trim()
      const result = findFile(site, from, value)
      if (!result || result.found) continue
      const kind = kindOfName(value)
      missing.push({
        kind,
        value,
        place: valueSpan(context, field, entry.start, entry.end),
        reason: `Unexpected ${kind} \`${short(value)}\` in \`${field.rawKey}\`, expected an existing file: ${notFound(site, from, value)}`,
        note:
          lookedAt(site, from, value) +
          (type === undefined ? `. The field is no files field of the blueprint; it was taken for one because every line names a file` : '') +
          '. Kirby skips entries it cannot find'
      })
    }
  }
  return missing
}

export default defineRule({
  id: 'no-missing-image',
  severity: 'error',
  description: 'Images (`(image:)`, Markdown, `<img>`, files fields) that name a file that does not exist',
  async check(context) {
    for (const missing of await missingFilesOf(context)) {
      if (missing.kind !== 'image') continue
      context.report({reason: missing.reason, place: missing.place, actual: missing.value, ...(missing.note ? {note: missing.note} : {})})
    }
  }
})

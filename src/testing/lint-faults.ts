/**
 * @fileoverview Fault generation for the `kfx lint` fault-injection
 * benchmark (issue #5, "What shows it is done"): link, image, file, UUID,
 * kirbytag and separator faults, each a single edit of one content file of
 * a corpus (or, for a deleted image, the removal of an image a page's tag
 * names), recorded with the file, rule and line:column where `kfx lint` must
 * report it. The runner is src/testing/fault-bench.ts ({@link lintSuite}).
 *
 * Tag and link faults are written into real text fields — fields the
 * blueprint makes `textarea` (or `markdown`), or, where no blueprint says,
 * fields that templates render as KirbyText by name (`text`, `intro`,
 * `excerpt`, …) — at realistic places: the end of a top-level paragraph,
 * a new line after it, or a new paragraph. Expected places follow the rule
 * docs (docs/rules/*.md): a reference at its value (the tag's value, the
 * Markdown URL, the `page://`), a malformed or unknown tag at its `(name:`
 * (a cut value at the `title:` inside `subtitle:`), a tag in code at its
 * `(`, separator, duplicate-key and dropped-chunk faults at the start of
 * their line or chunk, a duplicate UUID at its value. Every edit is checked
 * after the fact: the edited text is re-read and must hold exactly the
 * fields, kirbytags or Markdown nodes the fault says, nothing else changed.
 */
import path from 'node:path'
import {fieldKirbytags, fieldTree, lint, parse, schemaFor, type ContentFile, type Field, type Page, type Site} from '../index.js'
import type {FaultSuite} from './fault-bench.js'
import {readContentFiles, seededRandom, shuffled, type Draft, type ExpectedMessage, type FaultPlan, type TextEdit} from './faults.js'

/** What a lint fault breaks. */
export type LintFaultKind =
  | 'broken-link'
  | 'missing-image'
  | 'missing-file'
  | 'broken-uuid'
  | 'duplicate-uuid'
  | 'malformed-tag'
  | 'tag-in-code'
  | 'separator'
  | 'duplicate-field'
  | 'dropped-field'
  | 'unknown-tag'
  | 'deleted-image'

/** Every kind, in report order. */
export const LINT_FAULT_KINDS: readonly LintFaultKind[] = [
  'broken-link',
  'missing-image',
  'missing-file',
  'broken-uuid',
  'duplicate-uuid',
  'malformed-tag',
  'tag-in-code',
  'separator',
  'duplicate-field',
  'dropped-field',
  'unknown-tag',
  'deleted-image'
]

/** The rule each kind must trigger. */
export const LINT_FAULT_RULES: Readonly<Record<LintFaultKind, string>> = {
  'broken-link': 'no-broken-link',
  'missing-image': 'no-missing-image',
  'missing-file': 'no-missing-file',
  'broken-uuid': 'no-broken-uuid',
  'duplicate-uuid': 'no-duplicate-uuid',
  'malformed-tag': 'no-malformed-kirbytag',
  'tag-in-code': 'no-kirbytag-in-code',
  separator: 'field-separator-style',
  'duplicate-field': 'no-duplicate-field',
  'dropped-field': 'no-dropped-field',
  'unknown-tag': 'no-unknown-kirbytag',
  'deleted-image': 'no-missing-image'
}

/** The corpora with content, read as the corpus reviews read them: Kirby 2 for `k1-`/`k2-`, 5 for the others. */
export const LINT_FAULT_CORPORA: ReadonlyArray<{name: string; kirby: string}> = [
  'k1-arsnova-manual',
  'k1-starterkit',
  'k2-berlin-by-food',
  'k2-ethicsfordesign',
  'k2-getkirby-com-2015',
  'k2-langkit',
  'k2-louiseveillard',
  'k2-starterkit',
  'k2-thefplus',
  'k3-offensive-tanz',
  'k4-cnoss',
  'k5-architecture-land-initiative',
  'k5-demokit',
  'k5-plainkit',
  'k5-starterkit'
].map((name) => ({name, kirby: /^k[12]-/.test(name) ? '2' : '5'}))

/** Extensions Kirby (and the web) treat as images. */
const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'svg', 'avif'])
/** Blueprint field types whose value Kirby renders as KirbyText. */
const TEXT_TYPES = new Set(['textarea', 'markdown'])
/** Field names templates render as KirbyText, for fields no blueprint types. */
const TEXT_KEYS = new Set(['text', 'intro', 'excerpt', 'description', 'caption', 'body', 'content', 'summary', 'abstract', 'about', 'teaser', 'notes', 'bio'])
/** Page ids that are routes or folders of Kirby, never pages. */
const RESERVED = new Set(['panel', 'api', 'media', 'assets', 'thumbs', 'kirby', 'site', 'content'])
/** Link texts and alt texts: no colon, no attribute name before one. */
const WORDS = ['more', 'read more', 'the project', 'Details', 'our team', 'this page', 'Mehr dazu', 'en savoir plus', 'here']
/** Prose without a colon, for chunks Kirby drops. */
const PROSE = ['Photos by the team, all rights reserved.', 'More dates will follow soon.', 'Thanks to everyone who helped with this.', 'See you next year!']
/** Typos of tag names: one edit away from a built-in tag of four letters or more. */
const TYPOS: ReadonlyArray<{name: string; tag: 'image' | 'link' | 'file'; variant: string}> = [
  {name: 'imgae', tag: 'image', variant: 'transposed'},
  {name: 'lnik', tag: 'link', variant: 'transposed'},
  {name: 'flie', tag: 'file', variant: 'transposed'},
  {name: 'imge', tag: 'image', variant: 'letter-missing'},
  {name: 'linkk', tag: 'link', variant: 'letter-doubled'}
]

/** What a generator knows about one content file. */
interface Host {
  corpus: string
  site: Site
  /** Relative to the site root, `/`-separated. */
  file: string
  /** `page:article`, `file:image`, `site:site`. */
  model: string
  content: ContentFile
  /** The page a page or meta file belongs to. */
  page?: Page
  defaultLanguage: boolean
  /** Field key → blueprint field type (lower case). */
  types: Map<string, string>
  newline: string
}

/** A string hash (FNV-1a), for per-plan seeds. */
const hash = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!
const extensionOf = (name: string): string => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '')
const isImage = (name: string): boolean => IMAGE_EXTENSIONS.has(extensionOf(name))
const parentOf = (id: string): string => (id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : '')

/** Whether a field is text Kirby renders as KirbyText, whose value maps one to one onto the file. */
const isTextField = (host: Host, field: Field): boolean => {
  if (field.overridden || field.removed.length > 0) return false
  if (host.content.text.slice(field.valuePosition.start.offset, field.valuePosition.end.offset) !== field.value) return false
  const type = host.types.get(field.key)
  if (type !== undefined) return TEXT_TYPES.has(type)
  if (!TEXT_KEYS.has(field.key)) return false
  // Data, not text: JSON, YAML lists and maps.
  return !/^\s*[[{]/.test(field.value) && !/^-(\s|$)/m.test(field.value) && !/^[a-z_]+:(\s|$)/m.test(field.value)
}

/** Top-level paragraphs of a field: their end offsets in the file, and where the next block starts. */
const paragraphsOf = (host: Host, field: Field): Array<{end: number; next: number | undefined}> => {
  const tree = fieldTree(host.content, field)
  const out: Array<{end: number; next: number | undefined}> = []
  tree.children.forEach((node, i) => {
    const end = node.position?.end.offset
    if (node.type !== 'paragraph' || end === undefined) return
    out.push({end, next: tree.children[i + 1]?.position?.start.offset})
  })
  return out
}

/** The fields as `key → value`. */
const valuesOf = (content: ContentFile): Map<string, string> => new Map(content.fields.map((field) => [field.key, field.value]))

/** Whether every field but `except` has the same value in both. */
const othersSame = (before: ContentFile, after: ContentFile, except?: string): boolean => {
  const a = valuesOf(before)
  const b = valuesOf(after)
  if (a.size !== b.size) return false
  for (const [key, value] of a) if (key !== except && b.get(key) !== value) return false
  return true
}

/** Tags of a field as comparable strings (`name|value|attrs`). */
const tagKeys = (content: ContentFile, field: Field | undefined): string[] =>
  field ? fieldKirbytags(content, field).map((tag) => `${tag.name}|${tag.value}|${JSON.stringify(tag.attrs)}`) : []

/** What a snippet inserted into text must be after the edit. */
type SnippetCheck =
  /**
   * A kirbytag `name` (with `value`, when given) starting at one of the
   * offsets (the first Kirby finds), Kirby's tags otherwise the same.
   */
  | {tag: string; value?: string; at: number | number[]}
  /** A Markdown link or image with `url` at the offset, outside code. */
  | {markdown: 'link' | 'image'; url: string; at: number}
  /** A tag at the offset that Markdown hides in code. */
  | {code: true; at: number}
  /** No new tag (an unknown tag's name is no tag). */
  | {noTag: true}

/** A text snippet: what it says, where its message goes (offset in the snippet), how to check it. */
interface Snippet {
  text: string
  place: number
  /** Offsets relative to the snippet's start. */
  check: SnippetCheck
  description: string
}

/** Where a snippet goes relative to a paragraph's end. */
type Mode = 'end' | 'line' | 'paragraph'

/** A page id that is no page: a renamed or moved sibling, a child that never was. */
const missingPageId = (site: Site, host: Host, random: () => number): string | undefined => {
  const pages = site.pages.filter((page) => !page.virtual && !page.draft && page.id !== '' && !RESERVED.has(page.id.split('/')[0]!))
  if (pages.length === 0) return undefined
  const exists = (id: string) => site.pages.some((page) => page.id.toLowerCase() === id.toLowerCase())
  const languages = new Set(site.languages.map((language) => language.code))
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = random() < 0.5 && host.page ? host.page : pick(pages, random)
    const slug = base.uid
    const parent = parentOf(base.id)
    const options = [
      `${slug}-old`,
      slug.length > 4 ? slug.slice(0, -1) : `${slug}-2`,
      slug.length > 5 ? `${slug.slice(0, 2)}${slug.slice(3)}` : `${slug}s`,
      `${slug}/archive`
    ]
    const target = [parent, pick(options, random)].filter(Boolean).join('/')
    if (exists(target) || languages.has(target.split('/')[0]!) || RESERVED.has(target.split('/')[0]!)) continue
    return target
  }
  return undefined
}

/** A file name the host's page (and the site) does not have: a typo of one of its files, or a new name. */
const missingFileName = (site: Site, host: Host, image: boolean, random: () => number): string => {
  const own = host.page?.files ?? site.site.files
  const taken = new Set([...own, ...site.site.files].map((file) => file.filename.toLowerCase()))
  const like = own.filter((file) => isImage(file.filename) === image && /^[\w-]+\.\w+$/.test(file.filename))
  for (let attempt = 0; attempt < 20; attempt++) {
    let name: string
    if (like.length > 0 && random() < 0.7) {
      const {filename} = pick(like, random)
      const dot = filename.lastIndexOf('.')
      const stem = filename.slice(0, dot)
      name = random() < 0.5 || stem.length < 4 ? `${stem}-2${filename.slice(dot)}` : `${stem.slice(0, -1)}${filename.slice(dot)}`
    } else {
      const stems = image ? ['team', 'detail', 'header', 'portrait', 'gallery'] : ['brochure', 'programme', 'flyer', 'handout']
      const extensions = image ? ['jpg', 'png', 'jpg'] : ['pdf', 'pdf', 'zip', 'docx']
      name = `${pick(stems, random)}-${1 + Math.floor(random() * 40)}.${pick(extensions, random)}`
    }
    if (!taken.has(name.toLowerCase())) return name
  }
  return `missing-${Math.floor(random() * 1e6)}.${image ? 'jpg' : 'pdf'}`
}

/** An existing, listed page id other than the host's (for tags that are wrong for other reasons). */
const existingPageId = (site: Site, host: Host, random: () => number): string | undefined => {
  const pages = site.pages.filter((page) => !page.virtual && !page.draft && page.id !== '' && page !== host.page && /^[\w/-]+$/.test(page.id))
  return pages.length === 0 ? undefined : pick(pages, random).id
}

/** A UUID no model has (16 letters and digits; compared case-insensitively). */
const freshUuid = (site: Site, random: () => number): string => {
  const taken = new Set([...site.uuids.keys()].map((uuid) => uuid.toLowerCase()))
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  for (;;) {
    let uuid = ''
    for (let i = 0; i < 16; i++) uuid += alphabet.charAt(Math.floor(random() * alphabet.length))
    if (!taken.has(uuid.toLowerCase())) return uuid
  }
}

/** A tag snippet `(name: value …)`, its message at the value (or at the `(`). */
const tagSnippet = (name: string, value: string, rest: string, at: 'value' | 'tag', description: string): Snippet => {
  const text = `(${name}: ${value}${rest})`
  return {text, place: at === 'value' ? name.length + 3 : 0, check: {tag: name, value, at: 0}, description}
}

/** A Markdown link or image snippet, its message at the URL. */
const markdownSnippet = (kind: 'link' | 'image', words: string, url: string, description: string): Snippet => {
  const text = `${kind === 'image' ? '!' : ''}[${words}](${url})`
  return {text, place: text.length - 1 - url.length, check: {markdown: kind, url, at: 0}, description}
}

/** Snippet makers per kind and variant; undefined when the host cannot have one. */
type SnippetMaker = (host: Host, random: () => number) => Snippet | undefined

const SNIPPETS: ReadonlyArray<{kind: LintFaultKind; variant: string; make: SnippetMaker; modes?: readonly Mode[]; uuids?: true}> = [
  // Links to pages that do not exist.
  {kind: 'broken-link', variant: 'tag', make: (h, r) => {
    const target = missingPageId(h.site, h, r)
    return target === undefined ? undefined : tagSnippet('link', target, '', 'value', `(link: ${target}), no such page`)
  }},
  {kind: 'broken-link', variant: 'tag-text', make: (h, r) => {
    const target = missingPageId(h.site, h, r)
    return target === undefined ? undefined : tagSnippet('link', target, ` text: ${pick(WORDS, r)}`, 'value', `(link: ${target} text: …), no such page`)
  }},
  {kind: 'broken-link', variant: 'markdown-absolute', make: (h, r) => {
    const target = missingPageId(h.site, h, r)
    return target === undefined ? undefined : markdownSnippet('link', pick(WORDS, r), `/${target}`, `[…](/${target}), no such page`)
  }},
  {kind: 'broken-link', variant: 'markdown-relative', make: (h, r) => {
    // Relative to the page URL, as the browser resolves it: a sibling of the page.
    if (!h.page || h.page.id === 'home' || h.page.id === '') return undefined
    const parent = parentOf(h.page.id)
    const target = missingPageId(h.site, {...h, page: h.page}, r)
    if (!target || parentOf(target) !== parent || target.includes('/archive')) return undefined
    const relative = target.slice(parent === '' ? 0 : parent.length + 1)
    return markdownSnippet('link', pick(WORDS, r), relative, `[…](${relative}) on ${h.page.id}, no page ${target}`)
  }},
  // Images and files that do not exist.
  {kind: 'missing-image', variant: 'tag', make: (h, r) => {
    const name = missingFileName(h.site, h, true, r)
    return tagSnippet('image', name, '', 'value', `(image: ${name}), no such file`)
  }},
  {kind: 'missing-image', variant: 'tag-attributes', make: (h, r) => {
    const name = missingFileName(h.site, h, true, r)
    return tagSnippet('image', name, ` alt: ${pick(WORDS, r)}`, 'value', `(image: ${name} alt: …), no such file`)
  }},
  {kind: 'missing-image', variant: 'markdown', make: (h, r) => {
    if (!h.page) return undefined
    const name = missingFileName(h.site, h, true, r)
    return markdownSnippet('image', pick(WORDS, r), `/${h.page.id}/${name}`, `![…](/${h.page.id}/${name}), no such file`)
  }},
  {kind: 'missing-file', variant: 'tag', make: (h, r) => {
    const name = missingFileName(h.site, h, false, r)
    return tagSnippet('file', name, '', 'value', `(file: ${name}), no such file`)
  }},
  {kind: 'missing-file', variant: 'tag-text', make: (h, r) => {
    const name = missingFileName(h.site, h, false, r)
    return tagSnippet('file', name, ` text: ${pick(WORDS, r)}`, 'value', `(file: ${name} text: …), no such file`)
  }},
  {kind: 'missing-file', variant: 'markdown', make: (h, r) => {
    if (!h.page) return undefined
    const name = missingFileName(h.site, h, false, r)
    return markdownSnippet('link', pick(WORDS, r), `/${h.page.id}/${name}`, `[…](/${h.page.id}/${name}), no such file`)
  }},
  // UUIDs that resolve to nothing (sites with UUIDs only).
  {kind: 'broken-uuid', variant: 'link', uuids: true, make: (h, r) => {
    const uuid = `page://${freshUuid(h.site, r)}`
    return tagSnippet('link', uuid, '', 'value', `(link: ${uuid}), no such UUID`)
  }},
  {kind: 'broken-uuid', variant: 'link-text', uuids: true, make: (h, r) => {
    const uuid = `page://${freshUuid(h.site, r)}`
    return tagSnippet('link', uuid, ` text: ${pick(WORDS, r)}`, 'value', `(link: ${uuid} text: …), no such UUID`)
  }},
  {kind: 'broken-uuid', variant: 'image', uuids: true, make: (h, r) => {
    const uuid = `file://${freshUuid(h.site, r)}`
    return tagSnippet('image', uuid, '', 'value', `(image: ${uuid}), no such UUID`)
  }},
  {kind: 'broken-uuid', variant: 'glued', uuids: true, make: (h, r) => {
    const pages = [...h.site.uuids].filter(([, entry]) => entry.kind === 'page').map(([uuid]) => uuid)
    if (pages.length === 0) return undefined
    const uuid = `page://${pick(pages, r)}${pick(['come', 'x', 'link'], r)}`
    return tagSnippet('link', uuid, ` text: ${pick(WORDS, r)}`, 'value', `(link: ${uuid} text: …), text glued to a UUID`)
  }},
  {kind: 'broken-uuid', variant: 'permalink', uuids: true, make: (h, r) => {
    const url = `/@/page/${freshUuid(h.site, r)}`
    return markdownSnippet('link', pick(WORDS, r), url, `[…](${url}), no such UUID`)
  }},
  // Malformed tags (around targets that exist, so that only the form is wrong).
  // A tag inside a closed tag: reported at the inner `(link:` (Kirby reads one tag and splits it there).
  {kind: 'malformed-tag', variant: 'nested', make: (h, r) => {
    const target = existingPageId(h.site, h, r)
    if (!target) return undefined
    const text = `(link: (link: ${target}))`
    return {text, place: 7, check: {tag: 'link', at: [0, 7]}, description: text}
  }},
  // A tag inside an unclosed one (k2-langkit's defect). Kirby 3.4+ shows the outer `(link:` as
  // text, never closed: reported there. Kirby 2 reads one tag up to the inner `)` and splits it
  // at the inner `link:`: reported at the inner `(link:`, as for a closed nested tag.
  {kind: 'malformed-tag', variant: 'nested-unclosed', make: (h, r) => {
    const target = existingPageId(h.site, h, r)
    if (!target) return undefined
    const text = `(link: (link: ${target} text: ${pick(WORDS, r)})`
    return {text, place: h.site.rules.version.major === 2 ? 7 : 0, check: {tag: 'link', at: [0, 7]}, description: text}
  }},
  {kind: 'malformed-tag', variant: 'empty-value', make: (h, r) => {
    const text = `(link:  text: ${pick(WORDS, r)})`
    return {text, place: 0, check: {tag: 'link', value: '', at: 0}, description: text}
  }},
  {kind: 'malformed-tag', variant: 'subtitle', make: (h, r) => {
    const target = existingPageId(h.site, h, r)
    if (!target) return undefined
    const words = pick(['See the subtitle: more', 'Read our subtitle: the team', 'A subtitle: here'], r)
    const text = `(link: ${target} text: ${words})`
    return {text, place: text.indexOf('title: ', text.indexOf('subtitle')), check: {tag: 'link', value: target, at: 0}, description: text}
  }},
  // Tags in code.
  {kind: 'tag-in-code', variant: 'span', modes: ['end', 'line'], make: (h, r) => {
    const target = existingPageId(h.site, h, r)
    if (!target) return undefined
    const text = `\`(link: ${target})\``
    return {text, place: 1, check: {code: true, at: 1}, description: text}
  }},
  {kind: 'tag-in-code', variant: 'fenced', modes: ['paragraph'], make: (h, r) => {
    const target = existingPageId(h.site, h, r)
    if (!target) return undefined
    const text = `\`\`\`${h.newline}(link: ${target})${h.newline}\`\`\``
    const at = 3 + h.newline.length
    return {text, place: at, check: {code: true, at}, description: '```\\n(link: …)\\n```'}
  }},
  {kind: 'tag-in-code', variant: 'indented', modes: ['paragraph'], make: (h, r) => {
    const target = existingPageId(h.site, h, r)
    if (!target) return undefined
    const text = `    (link: ${target})`
    return {text, place: 4, check: {code: true, at: 4}, description: '    (link: …)'}
  }},
  // Tags Kirby does not know.
  ...TYPOS.map(({name, tag, variant}) => ({
    kind: 'unknown-tag' as const,
    variant: `${variant}/${name}`,
    make: (h: Host, r: () => number): Snippet | undefined => {
      const value = tag === 'link' ? existingPageId(h.site, h, r) : (h.page?.files ?? []).find((file) => isImage(file.filename) === (tag === 'image'))?.filename ?? missingFileName(h.site, h, tag === 'image', r)
      if (!value) return undefined
      const text = `(${name}: ${value})`
      return {text, place: 0, check: {noTag: true}, description: text}
    }
  })),
  {kind: 'unknown-tag', variant: 'other-version', make: (h) => {
    const text = h.site.rules.version.major === 2 ? '(video: https://vimeo.com/76979871)' : '(twitter: getkirby)'
    return {text, place: 0, check: {noTag: true}, description: text}
  }}
]

/** Builds a fault that inserts a snippet into a text field at a paragraph's end. */
const snippetFault = (host: Host, field: Field, kind: LintFaultKind, variant: string, make: SnippetMaker, modes: readonly Mode[], random: () => number): Draft<LintFaultKind> | undefined => {
  const {content, newline} = host
  const places = field.value === '' ? [{end: field.valuePosition.start.offset, next: undefined}] : paragraphsOf(host, field)
  for (const place of shuffled(places, random).slice(0, 4)) {
    const snippet = make(host, random)
    if (!snippet) return undefined
    const mode: Mode = field.value === '' ? 'end' : pick(modes, random)
    const lead = mode === 'end' ? ' ' : mode === 'line' ? newline : newline + newline
    const edit: TextEdit = {start: place.end, end: place.end, text: lead + snippet.text}
    const start = place.end + lead.length
    const text = content.text.slice(0, edit.start) + edit.text + content.text.slice(edit.end)
    const edited = parse(text, {rules: content.rules, registry: content.registry})
    if (!othersSame(content, edited, field.key)) continue
    const now = edited.fields.find((f) => f.key === field.key)
    const relative = place.end - field.valuePosition.start.offset
    const wanted = field.value === '' ? snippet.text : field.value.slice(0, relative) + lead + snippet.text + field.value.slice(relative)
    if (!now || now.value !== wanted) continue
    if (!checkSnippet(content, field, edited, now, snippet.check, start)) continue
    const point = edited.point(start + snippet.place)
    const expected: ExpectedMessage = {ruleId: LINT_FAULT_RULES[kind], line: point.line, column: point.column}
    return {corpus: host.corpus, kind, variant: `${variant}@${mode}`, file: host.file, model: host.model, target: `/${field.key}`, description: `${field.key}: ${snippet.description}`, edit, expected}
  }
  return undefined
}

/** Whether the edited field holds the snippet as planned (and nothing else changed in its tags). */
const checkSnippet = (content: ContentFile, field: Field, edited: ContentFile, now: Field, check: SnippetCheck, start: number): boolean => {
  const before = tagKeys(content, field)
  const after = tagKeys(edited, now)
  if ('noTag' in check) return after.join('\n') === before.join('\n')
  if ('tag' in check) {
    const tags = fieldKirbytags(edited, now)
    const offsets = (Array.isArray(check.at) ? check.at : [check.at]).map((at) => start + at)
    const found = tags.find((tag) => tag.position !== undefined && offsets.includes(tag.position.start.offset))
    if (!found || found.name !== check.tag || (check.value !== undefined && found.value !== check.value)) return false
    // The others are the ones there were.
    const rest = [...after]
    rest.splice(rest.indexOf(`${found.name}|${found.value}|${JSON.stringify(found.attrs)}`), 1)
    if (rest.join('\n') !== before.join('\n')) return false
    // Not in code: Markdown shows the tag's HTML.
    const tree = fieldTree(edited, now)
    return !(tree.data?.kirbytags ?? []).some((tag) => tag.position?.start.offset === found.position!.start.offset && tag.data?.hiddenIn !== undefined)
  }
  const tree = fieldTree(edited, now)
  if ('code' in check) {
    const tag = (tree.data?.kirbytags ?? []).find((t) => t.position?.start.offset === start + check.at)
    return tag !== undefined && (tag.data?.hiddenIn === 'code' || tag.data?.hiddenIn === 'inlineCode') && after.length === before.length + 1
  }
  let ok = false
  const visit = (node: {type: string; url?: string; position?: {start: {offset?: number | undefined}} | undefined; children?: unknown[]}): void => {
    if (node.type === check.markdown && node.url === check.url && node.position?.start.offset === start + check.at) ok = true
    for (const child of node.children ?? []) visit(child as typeof node)
  }
  visit(tree as unknown as Parameters<typeof visit>[0])
  return ok && after.join('\n') === before.join('\n')
}

/** Separators of a file: `\n----` lines followed by a `Key:` line, with the whitespace between. */
const separatorsOf = (text: string): Array<{line: number; dashesEnd: number; keyStart: number}> => {
  const out: Array<{line: number; dashesEnd: number; keyStart: number}> = []
  const pattern = /\n(----)([ \t]*\r?\n[ \t\r\n]*)(?=[A-Za-z][\w -]*:)/g
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    out.push({line: match.index + 1, dashesEnd: match.index + 5, keyStart: match.index + 5 + match[2]!.length})
  }
  return out
}

/** The faults of a file's structure: separators, keys, chunks. */
const structureFaults = (host: Host, textFields: readonly Field[], uuids: boolean, push: (plan: FaultPlan<LintFaultKind>) => void): void => {
  const {content, newline} = host
  const {text} = content
  const seed = (variant: string) => seededRandom(hash(`${host.file}|${variant}`))
  const plan = (kind: LintFaultKind, variant: string, target: string, build: () => Draft<LintFaultKind> | undefined) => push({kind, variant, model: host.model, target, build})
  const at = (edited: ContentFile, offset: number, kind: LintFaultKind): ExpectedMessage => ({ruleId: LINT_FAULT_RULES[kind], line: edited.point(offset).line, column: edited.point(offset).column})
  const fault = (kind: LintFaultKind, variant: string, target: string, description: string, edit: TextEdit, expected: ExpectedMessage): Draft<LintFaultKind> => ({corpus: host.corpus, kind, variant, file: host.file, model: host.model, target, description, edit, expected})
  const apply = (edit: TextEdit) => parse(text.slice(0, edit.start) + edit.text + text.slice(edit.end), {rules: content.rules, registry: content.registry})
  const separators = separatorsOf(text)
  const keyAfter = (offset: number) => content.fields.find((field) => field.keyPosition.start.offset === offset)

  // A separator glued to the next key (`----Text: …`): Kirby reads the same fields.
  // An indented separator (` ----`): Kirby does not split, the next key is text.
  for (const separator of separators) {
    const next = keyAfter(separator.keyStart)
    if (!next || next.overridden) continue
    plan('separator', 'glued-key', `/${next.key}`, () => {
      const edit = {start: separator.dashesEnd, end: separator.keyStart, text: ''}
      const edited = apply(edit)
      if (!othersSame(content, edited)) return undefined
      return fault('separator', 'glued-key', `/${next.key}`, `----${next.rawKey}: …`, edit, at(edited, separator.line, 'separator'))
    })
    // `value-below`: nothing after the key's colon, its value on the next lines (`Text:` + blank line + text, as Kirby 3.2+ writes long values).
    const indented = /^[^\n:]*:\r?\n/.test(text.slice(separator.keyStart)) ? 'indented/value-below' : 'indented'
    plan('separator', indented, `/${next.key}`, () => {
      const edit = {start: separator.line, end: separator.line, text: ' '}
      const edited = apply(edit)
      if (edited.fields.length !== content.fields.length - 1 || edited.fields.some((field) => field.key === next.key)) return undefined
      return fault('separator', indented, `/${next.key}`, ` ---- before ${next.rawKey}:${indented === 'indented' ? ' …' : ' (value below)'}`, edit, at(edited, separator.line, 'separator'))
    })
  }

  // A Markdown rule `-----` between two paragraphs of a text field.
  // A `----` between two paragraphs: the rest of the field, without a colon, is dropped.
  for (const field of textFields) {
    const paragraphs = () => paragraphsOf(host, field).filter((p) => p.next !== undefined)
    plan('separator', 'rule-line', `/${field.key}`, () => {
      const random = seed(`rule-line|${field.key}`)
      for (const paragraph of shuffled(paragraphs(), random).slice(0, 3)) {
        const dashes = pick(['-----', '------', '----------'], random)
        const edit = {start: paragraph.end, end: paragraph.end, text: `${newline}${newline}${dashes}`}
        const edited = apply(edit)
        const now = edited.fields.find((f) => f.key === field.key)
        if (!now || now.value !== field.value.slice(0, paragraph.end - field.valuePosition.start.offset)) continue
        return fault('separator', 'rule-line', `/${field.key}`, `${field.key}: a ${dashes} line between paragraphs`, edit, at(edited, paragraph.end + 2 * newline.length, 'separator'))
      }
      return undefined
    })
    // A `----` line with text after the dashes (`----Fin`, `---- Update ----`): Kirby splits after the dashes.
    for (const variant of ['dashes-text', 'dashes-space-text'] as const) {
      plan('separator', variant, `/${field.key}`, () => {
        const random = seed(`${variant}|${field.key}`)
        for (const paragraph of shuffled(paragraphs(), random).slice(0, 3)) {
          const line = pick(variant === 'dashes-text' ? ['----Fin', '----Update', '----Nachtrag'] : ['---- Update ----', '---- Nachtrag', '---- Suite'], random)
          const edit = {start: paragraph.end, end: paragraph.end, text: `${newline}${newline}${line}`}
          const edited = apply(edit)
          const now = edited.fields.find((f) => f.key === field.key)
          if (!now || now.value !== field.value.slice(0, paragraph.end - field.valuePosition.start.offset)) continue
          return fault('separator', variant, `/${field.key}`, `${field.key}: a ${line} line between paragraphs`, edit, at(edited, paragraph.end + 2 * newline.length, 'separator'))
        }
        return undefined
      })
    }
    plan('dropped-field', 'rule-in-text', `/${field.key}`, () => {
      const random = seed(`rule-in-text|${field.key}`)
      const end = field.valuePosition.end.offset
      for (const paragraph of shuffled(paragraphs(), random).slice(0, 3)) {
        const rest = text.slice(paragraph.next!, end)
        if (rest.includes(':') || rest.trim() === '') continue
        const edit = {start: paragraph.end, end: paragraph.end, text: `${newline}${newline}----`}
        const edited = apply(edit)
        const now = edited.fields.find((f) => f.key === field.key)
        if (!now || now.value !== field.value.slice(0, paragraph.end - field.valuePosition.start.offset) || edited.fields.length !== content.fields.length) continue
        return fault('dropped-field', 'rule-in-text', `/${field.key}`, `${field.key}: a ---- line before a last paragraph without a colon`, edit, at(edited, paragraph.next! + edit.text.length, 'dropped-field'))
      }
      return undefined
    })
  }

  // A chunk without a colon after a field; a second occurrence of a key after its first.
  for (const field of content.fields) {
    if (field.overridden || field.key === '') continue
    const end = field.chunkPosition.end.offset
    plan('dropped-field', 'chunk', `/${field.key}`, () => {
      const prose = pick(PROSE, seed(`chunk|${field.key}`))
      const edit = {start: end, end, text: `${newline}${newline}----${newline}${newline}${prose}`}
      const edited = apply(edit)
      if (!othersSame(content, edited)) return undefined
      return fault('dropped-field', 'chunk', `/${field.key}`, `after ${field.rawKey}: a chunk "${prose}"`, edit, at(edited, end + edit.text.length - prose.length, 'dropped-field'))
    })
    const single = !field.value.includes('\n') && field.value.length < 200
    for (const variant of ['same-value', 'other-value', 'other-case'] as const) {
      if (variant !== 'other-value' && !single) continue
      if (variant === 'other-case' && field.rawKey.toLowerCase() === field.rawKey.toUpperCase()) continue
      plan('duplicate-field', variant, `/${field.key}`, () => {
        const key = variant === 'other-case' ? (field.rawKey === field.rawKey.toLowerCase() ? field.rawKey.toUpperCase() : field.rawKey.toLowerCase()) : field.rawKey
        const value = variant === 'other-value' ? (single ? `${field.value} ${pick(WORDS, seed(`dup|${field.key}`))}`.trim() : pick(PROSE, seed(`dup|${field.key}`))) : field.value
        const body = value === '' ? '' : value.includes('\n') ? `${newline}${newline}${value}` : ` ${value}`
        const edit = {start: end, end, text: `${newline}${newline}----${newline}${newline}${key}:${body}`}
        const edited = apply(edit)
        const now = edited.fields.find((f) => f.key === field.key)
        if (!othersSame(content, edited, field.key) || !now || now.value !== value || now.overridden?.length !== (field.overridden?.length ?? 0) + 1) return undefined
        const keyAt = end + edit.text.length - body.length - key.length - 1
        return fault('duplicate-field', variant, `/${field.key}`, `${key}: ${JSON.stringify(value.slice(0, 40))} after ${field.rawKey}`, edit, at(edited, keyAt, 'duplicate-field'))
      })
    }
  }

  // A UUID another model has (a folder copied in the file system).
  const uuid = content.fields.find((field) => field.key === 'uuid')
  if (uuids && uuid && host.defaultLanguage && host.site.uuids.size > 1 && uuid.value !== '' && !uuid.overridden) {
    for (const variant of ['copied', 'other-case'] as const) {
      plan('duplicate-uuid', variant, '/uuid', () => {
        const random = seed(`uuid|${variant}`)
        const others = [...host.site.uuids].filter(([value, entry]) => entry.file !== host.file && value.toLowerCase() !== uuid.value.toLowerCase())
        if (others.length === 0) return undefined
        const [other, entry] = pick(others, random)
        const value = variant === 'copied' ? other : [...other].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')
        if (value === other && variant === 'other-case') return undefined
        const edit = {start: uuid.valuePosition.start.offset, end: uuid.valuePosition.end.offset, text: value}
        const edited = apply(edit)
        if (!othersSame(content, edited, 'uuid') || edited.fields.find((f) => f.key === 'uuid')?.value !== value) return undefined
        return fault('duplicate-uuid', variant, '/uuid', `Uuid: ${value} (the ${entry.kind} ${entry.id} has ${other})`, edit, at(edited, edit.start, 'duplicate-uuid'))
      })
    }
  }
}

/** The image tags of a text field whose file is the page's own: deleting the file breaks them. */
const deletedImageFaults = (host: Host, field: Field, push: (plan: FaultPlan<LintFaultKind>) => void): void => {
  const page = host.page
  if (!page) return
  const tree = fieldTree(host.content, field)
  const hidden = new Set((tree.data?.kirbytags ?? []).filter((tag) => tag.data?.hiddenIn !== undefined).map((tag) => tag.position?.start.offset))
  for (const tag of fieldKirbytags(host.content, field)) {
    if (tag.type !== 'image' || !tag.valuePosition || !tag.position || hidden.has(tag.position.start.offset) || tag.parent) continue
    const value = tag.value
    if (value.includes('/') || value.includes(':')) continue
    const same = page.files.filter((file) => file.filename.toLowerCase() === value.toLowerCase())
    const file = same.find((f) => f.filename === value) ?? (host.site.rules.version.major === 2 ? same[0] : undefined)
    if (!file || same.length !== 1 || host.site.site.files.some((f) => f.filename.toLowerCase() === value.toLowerCase())) continue
    const metas = page.contentFiles.filter((entry) => entry.role === 'meta' && entry.metaFor === file.filename).map((entry) => entry.path)
    const {line, column} = tag.valuePosition.start
    push({
      kind: 'deleted-image',
      variant: 'tag',
      model: host.model,
      target: `/${field.key}`,
      build: () => ({
        corpus: host.corpus,
        kind: 'deleted-image',
        variant: metas.length > 0 ? 'tag/with-meta' : 'tag',
        file: host.file,
        model: host.model,
        target: `/${field.key}`,
        description: `${field.key}: (image: ${value}) after ${file.path} was deleted${metas.length > 0 ? ' with its meta files' : ''}`,
        edit: {start: 0, end: 0, text: ''},
        removes: [file.path, ...metas],
        expected: {ruleId: 'no-missing-image', line, column}
      })
    })
  }
}

/** The model name lint judges a file by (as the engine does). */
/**
 * Every lint fault of a site, in every content file kfx lints, as plans in
 * a stable order (files by path; per file the text-field snippets, then the
 * structure faults, then deleted images). `samplePlans` builds the ones it
 * picks; a snippet fault picks its paragraph, names and mode from a PRNG
 * seeded by the file, field and variant.
 */
export const planLintFaults = async (site: Site, corpus: string): Promise<Array<FaultPlan<LintFaultKind>>> => {
  const plans: Array<FaultPlan<LintFaultKind>> = []
  // Sampled round-robin over variants (a separator on every line of every file must not crowd
  // out the `-----` line in a text field), each variant's plans at random.
  const push = (plan: FaultPlan<LintFaultKind>) => plans.push({...plan, group: plan.variant})
  const withUuids = site.rules.version.major >= 4 || (site.rules.version.major === 3 && site.rules.version.minor >= 8)
  const uuids = withUuids && site.uuids.size > 0
  for await (const {relative, model, content, name} of readContentFiles(site)) {
    const types = new Map<string, string>()
    if (site.blueprintsRoot !== undefined) {
      const {schema} = await schemaFor(site, {kind: model.kind, name})
      const properties = (schema as {properties?: Record<string, {kirbyField?: {type?: unknown}}>}).properties ?? {}
      for (const [key, property] of Object.entries(properties)) if (property.kirbyField) types.set(key, String(property.kirbyField.type).toLowerCase())
    }
    const host: Host = {
      corpus,
      site,
      file: relative.split(path.sep).join('/'),
      model: `${model.kind}:${name}`,
      content,
      ...(model.page ? {page: model.page} : {}),
      defaultLanguage: model.defaultLanguage,
      types,
      newline: content.text.includes('\r\n') ? '\r\n' : '\n'
    }
    const textFields = content.fields.filter((field) => isTextField(host, field))
    for (const field of textFields) {
      for (const {kind, variant, make, modes, uuids: needsUuids} of SNIPPETS) {
        if (needsUuids && !uuids) continue
        push({
          kind,
          variant,
          model: host.model,
          target: `/${field.key}`,
          build: () => snippetFault(host, field, kind, variant, make, modes ?? ['end', 'line', 'paragraph'], seededRandom(hash(`${host.file}|${field.key}|${kind}|${variant}`)))
        })
      }
    }
    structureFaults(host, textFields, uuids, push)
    for (const field of textFields) deletedImageFaults(host, field, push)
  }
  return plans
}

/** `kfx lint`'s benchmark (issue #5). */
export const lintSuite: FaultSuite<LintFaultKind> = {
  title: 'kfx lint',
  kinds: LINT_FAULT_KINDS,
  corpora: LINT_FAULT_CORPORA,
  check: lint,
  plan: planLintFaults
}

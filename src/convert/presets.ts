/**
 * @fileoverview Presets for where people take their Kirby content:
 *
 * - `hugo`: page bundles (`index.md`, `_index.md` for pages with children),
 *   `weight` from the folder number, `draft`, unlisted pages kept out of
 *   lists (`build.list: never`), `slug`, images as `{{< figure >}}` shortcodes;
 * - `astro`: one file per page at its id (`blog/my-post.md`, a content
 *   collection per top-level folder), every page with the same fact keys
 *   (`draft`, `sort`, `template`, `status`) so one Zod schema fits them;
 * - `eleventy`: `permalink` from the page id, `tags` as a list (Eleventy's
 *   collections).
 *
 * Every key a preset adds is listed in `kirby.added`, so the way back to
 * Kirby leaves it out; a key the content already has is never replaced.
 */
import type {Layout} from './layout.js'
import type {Unit} from './source.js'

/** The presets. */
export type Preset = 'hugo' | 'astro' | 'eleventy'

/** The preset names, for the CLI. */
export const PRESETS: readonly Preset[] = ['hugo', 'astro', 'eleventy']

/** What a preset changes besides the front matter. */
export interface PresetDefaults {
  layout: Layout
  tags: 'html' | 'markdown' | 'keep'
  /** File name of pages with children (layout `index`). */
  branchIndex?: string
}

/** The layout and tag mode of a preset (options given on the command line win). */
export const presetDefaults = (preset: Preset): PresetDefaults =>
  preset === 'hugo'
    ? {layout: 'index', tags: 'html', branchIndex: '_index'}
    : preset === 'astro'
      ? {layout: 'flat', tags: 'html'}
      : {layout: 'index', tags: 'html'}

const kirbyBlock = (data: Map<string, unknown>): Map<string, unknown> => {
  let kirby = data.get('kirby')
  if (!(kirby instanceof Map)) data.set('kirby', (kirby = new Map<string, unknown>()))
  return kirby as Map<string, unknown>
}

/** The front matter with the preset's keys, placed before the `kirby` block. */
export const applyPreset = (preset: Preset, unit: Unit, data: Map<string, unknown>): Map<string, unknown> => {
  const kirby = kirbyBlock(data)
  const added: string[] = []
  const extra = new Map<string, unknown>()
  const add = (key: string, value: unknown) => {
    if (data.has(key) || extra.has(key)) return
    extra.set(key, value)
    added.push(key)
  }
  const page = unit.page
  const isDraft = page?.draft === true
  const unlisted = page !== undefined && page.num === null && !isDraft
  if (preset === 'hugo') {
    if (page) {
      if (page.num !== null) add('weight', page.num)
      if (isDraft) add('draft', true)
      if (unlisted) add('build', {list: 'never'})
      add('slug', page.slug)
    } else add('build', {render: 'never', list: 'never'})
  } else if (preset === 'astro') {
    add('template', page?.template ?? 'site')
    add('status', page?.status ?? 'listed')
    add('draft', isDraft)
    if (page?.num !== null && page?.num !== undefined) add('sort', page.num)
  } else {
    if (page) add('permalink', isDraft ? false : page.id === 'home' ? '/' : `/${page.id}/`)
    else add('permalink', false)
    if (isDraft || unit.kind === 'site') add('eleventyExcludeFromCollections', true)
    // Eleventy's collections come from `tags`: a list, also where Kirby stores a string.
    const tags = data.get('tags')
    if (typeof tags === 'string') {
      const list = tags.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '')
      data.set('tags', list)
      const stored = (kirby.get('stored') as Map<string, string> | undefined) ?? new Map<string, string>()
      stored.set('tags', 'tags')
      kirby.set('stored', stored)
      if (list.join(', ') !== tags) {
        const raw = (kirby.get('raw') as Map<string, string> | undefined) ?? new Map<string, string>()
        raw.set('tags', tags)
        kirby.set('raw', raw)
      }
    }
  }
  if (added.length > 0) kirby.set('added', added)
  const result = new Map<string, unknown>()
  for (const [key, value] of data) {
    if (key === 'kirby') for (const [name, item] of extra) result.set(name, item)
    result.set(key, value)
  }
  return result
}

/** The attributes of one HTML tag's attribute list, as written (`a="b" c`). */
const attributesOf = (text: string): Map<string, string> => {
  const found = new Map<string, string>()
  for (const match of text.matchAll(/([a-z-]+)(?:="([^"]*)")?/gi)) found.set(match[1]!.toLowerCase(), match[2] ?? '')
  return found
}

/** HTML entities of attribute values back to text (the writer escapes `&`, `<`, `>`, `"`). */
const unescapeHtml = (value: string): string =>
  value.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&')

/** A shortcode parameter: double-quoted, with `"` and `\` escaped (Hugo reads Go strings). */
const parameter = (name: string, value: string): string => ` ${name}="${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`

/** A whole-line `<figure>` as Kirby's `(image:)` writes it: optional class, link, one image, caption. */
const FIGURE = /^(?:<!---->)?<figure((?: [a-z-]+="[^"]*")*)>(?:<a ([^>]*)>)?<img ([^>]*)>(?:<\/a>)?(?:<figcaption>(.*?)<\/figcaption>)?<\/figure>$/

/**
 * Hugo: the `<figure>` lines of `(image:)` tags as `{{< figure >}}`
 * shortcodes (src, link, target, rel, alt, title, caption, class, width,
 * height), so Hugo's own figure template renders them. The caption keeps
 * its HTML (Hugo renders the parameter as Markdown/HTML). Lines that are not
 * such a figure are left as they are.
 */
export const hugoFigures = (markdown: string): string =>
  markdown
    .split('\n')
    .map((line) => {
      const match = FIGURE.exec(line)
      if (!match) return line
      const figure = attributesOf(match[1] ?? '')
      const link = attributesOf(match[2] ?? '')
      const image = attributesOf(match[3] ?? '')
      const src = image.get('src')
      if (src === undefined) return line
      let shortcode = `{{< figure${parameter('src', unescapeHtml(src))}`
      for (const [name, value] of [
        ['link', link.get('href')],
        ['target', link.get('target')],
        ['rel', link.get('rel')],
        ['alt', image.get('alt')],
        ['title', image.get('title')],
        ['caption', match[4]],
        ['class', figure.get('class')],
        ['width', image.get('width')],
        ['height', image.get('height')]
      ] as const) {
        if (value !== undefined && (value !== '' || name === 'alt')) shortcode += parameter(name, name === 'caption' ? value : unescapeHtml(value))
      }
      return `${shortcode} >}}`
    })
    .join('\n')

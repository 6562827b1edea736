/**
 * @fileoverview The HTML Kirby writes for one built-in kirbytag (spec §4.4),
 * Kirby 3+ (`config/tags.php`, 5.5.2) and Kirby 2 (`extensions/tags.php`,
 * 2.5.14). The converter puts this HTML into the text before Markdown runs,
 * exactly where Kirby puts it, so Parsedown sees what it saw in Kirby.
 *
 * What differs from Kirby on purpose, because it cannot be reproduced or
 * does not change what a reader sees:
 * * e-mail addresses are written as decimal character references (Kirby
 *   picks decimal or hexadecimal at random for each character);
 * * `(date:)` uses the clock of the machine running kfx (as Kirby does);
 * * attribute order and entity spelling follow Kirby where it was cheap.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {KirbytagMatch} from '../kirbytag/parse-tag.js'
import type {KirbyRules} from '../kirby-version.js'
import type {Page, Site, SiteFile} from '../site/discover.js'
import {resolveFileReference, resolvePageReference} from '../site/resolve.js'
import {decode} from '../txt/decode.js'
import {decodeBytes} from '../txt/read.js'
import {phpStrToLower} from '../txt/php.js'

/** What a tag is rendered with. */
export interface TagContext {
  rules: KirbyRules
  site?: Site | undefined
  /** The model whose field is rendered. */
  page?: Page | 'site' | undefined
  /** That model's URL. */
  pageUrl: string
  /** Site URL, no trailing slash. */
  baseUrl: string
  /** URL of a file. */
  fileUrl: (file: SiteFile, page: Page | 'site') => string
  /** KirbyText in inline mode, as HTML (Kirby 3+ renders image captions so). */
  renderInline: (kirbytext: string) => string
  /** The current time (`(date:)`). */
  now?: Date | undefined
}

/** A rendered tag. */
export interface RenderedTag {
  html: string
  /** Why the output may differ from the site's (a file not found, a date that changes…). */
  problem?: string
}

/** HTML-escapes text (`htmlspecialchars`, quotes too). */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const attrs = (list: Array<[string, string | boolean | undefined | null]>): string => {
  let out = ''
  for (const [name, value] of list) {
    if (value === undefined || value === null || value === false) continue
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`
  }
  return out
}

/** Kirby's attribute values by (K3+: lower-cased) name; the last value of a name wins. */
const attributeMap = (tag: KirbytagMatch, k2: boolean): Map<string, string> => {
  const map = new Map<string, string>()
  for (const a of tag.attributes) {
    if (!a.known) continue
    map.set(k2 ? a.name : phpStrToLower(a.name), a.value)
  }
  return map
}

/** PHP `empty()` of a string attribute. */
const empty = (v: string | undefined): boolean => v === undefined || v === '' || v === '0'

/** Decimal character references for every character (Kirby's `Str::encode` picks at random). */
const encodeEmail = (s: string): string => [...s].map((c) => `&#${c.codePointAt(0)!};`).join('')

const ABSOLUTE = /^(?:\/\/|[a-z0-9+.-]+:\/\/|mailto:|tel:|geo:)/i

/** Kirby 3+ `Url::to` on a single-language site. */
const k5UrlTo = (value: string, base: string): string => {
  if (value.startsWith('./') || value.startsWith('../')) return value
  if (value === '' || value === '/') return base
  if (value.startsWith('#')) return value
  if (ABSOLUTE.test(value)) return value
  const path = value.replace(/^\/+/, '')
  return path === '' ? base : `${base}/${path}`
}

/** Kirby 2 `url()`: relative paths to the active page, page ids and paths to the site. */
const k2Url = (value: string, ctx: TagContext): string => {
  if (value === '' || value === '/') return ctx.baseUrl
  if (value.startsWith('#')) return value
  if (ABSOLUTE.test(value)) return value
  if (value.startsWith('./') || value.startsWith('../')) return `${ctx.pageUrl}/${value}`
  if (ctx.site) {
    const target = resolvePageReference(ctx.site, ctx.page ?? 'site', value)
    if (target.kind === 'page' && target.via === 'home' && !value.includes('#')) return target.page.url
    if (target.kind === 'page' && value === 'home') return target.page.url
  }
  if (value === 'home') return ctx.baseUrl
  return `${ctx.baseUrl}/${value.replace(/^\/+/, '')}`
}

/** Kirby 2 `url::short`. */
const k2Short = (url: string): string => url.replace(/http:\/\/|https:\/\/|ftp:\/\/|www\./g, '').replace(/\/+$/, '')
/** Kirby 3+ `Url::short` (scheme and `www.` off, no trailing slash). */
const k5Short = (url: string): string => url.replace(/^(?:https?:\/\/)?(?:www\.)?/i, '').replace(/\/+$/, '')
const isUrl = (text: string): boolean => /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s/?#]+[^\s]*$/i.test(text)

interface FileInfo {
  url: string
  file: SiteFile
  meta: Map<string, string>
}

const metaCache = new WeakMap<Site, Map<string, Map<string, string>>>()

const readMeta = (site: Site, file: SiteFile): Map<string, string> => {
  if (file.meta === undefined) return new Map()
  let cache = metaCache.get(site)
  if (!cache) metaCache.set(site, (cache = new Map()))
  const known = cache.get(file.meta)
  if (known) return known
  const fields = new Map<string, string>()
  try {
    const text = decodeBytes(readFileSync(join(site.root, file.meta))).text
    for (const f of decode(text, {rules: site.rules}).fields) fields.set(f.key, f.value)
  } catch {
    // An unreadable meta file gives no alt, title or caption, as in Kirby.
  }
  cache.set(file.meta, fields)
  return fields
}

const findFile = (ctx: TagContext, reference: string): FileInfo | undefined => {
  if (!ctx.site) return undefined
  const found = resolveFileReference(ctx.site, ctx.page ?? 'site', reference)
  if (!found) return undefined
  return {url: ctx.fileUrl(found.file, found.page), file: found.file, meta: readMeta(ctx.site, found.file)}
}

/** PHP `date()` for the formats people write; other letters are kept. */
const phpDate = (format: string, now: Date): string => {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  let out = ''
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!
    switch (c) {
      case 'Y': out += String(now.getUTCFullYear()); break
      case 'y': out += pad(now.getUTCFullYear() % 100); break
      case 'm': out += pad(now.getUTCMonth() + 1); break
      case 'n': out += String(now.getUTCMonth() + 1); break
      case 'd': out += pad(now.getUTCDate()); break
      case 'j': out += String(now.getUTCDate()); break
      case 'D': out += days[now.getUTCDay()]!.slice(0, 3); break
      case 'l': out += days[now.getUTCDay()]!; break
      case 'M': out += months[now.getUTCMonth()]!.slice(0, 3); break
      case 'F': out += months[now.getUTCMonth()]!; break
      case 'H': out += pad(now.getUTCHours()); break
      case 'i': out += pad(now.getUTCMinutes()); break
      case 's': out += pad(now.getUTCSeconds()); break
      case '\\': out += format[++i] ?? ''; break
      default: out += c
    }
  }
  return out
}

const youtubeId = (url: string): string | undefined =>
  /youtube\.com\/embed\/([a-z0-9_-]+)/i.exec(url)?.[1] ??
  /youtu\.be\/([a-z0-9_-]+)/i.exec(url)?.[1] ??
  /youtube\.com\/watch\?v=([a-z0-9_-]+)/i.exec(url)?.[1] ??
  /[?&]v=([a-z0-9_-]+)/i.exec(url)?.[1]
const vimeoId = (url: string): string | undefined => /vimeo\.com\/(?:video\/)?([0-9]+)/i.exec(url)?.[1]

/**
 * Kirby's HTML for a tag, or undefined when Kirby leaves the tag's text as
 * it is (a type this Kirby does not know, such as `twitter` in 4+).
 */
export const renderTag = (tag: KirbytagMatch, ctx: TagContext): RenderedTag | undefined => {
  const k2 = ctx.rules.version.major === 2
  const a = attributeMap(tag, k2)
  const value = tag.value
  const now = ctx.now ?? new Date()
  return k2 ? renderK2(tag.type, value, a, ctx, now) : renderK3(tag.type, value, a, ctx, now)
}

const renderK3 = (type: string, value: string, a: Map<string, string>, ctx: TagContext, now: Date): RenderedTag | undefined => {
  const base = ctx.baseUrl
  const link = (href: string, text: string | undefined, extra: Array<[string, string | undefined]>): string => {
    if (href.startsWith('mailto:')) return email(href.slice(7), text, extra)
    if (href.startsWith('tel:')) return tel(href.slice(4), text, extra)
    const url = k5UrlTo(href, base)
    let content = empty(text) ? url : text!
    if (isUrl(content)) content = k5Short(content)
    const target = extra.find(([n]) => n === 'target')?.[1]
    let rel = extra.find(([n]) => n === 'rel')?.[1]
    if (target === '_blank' && empty(rel)) rel = 'noreferrer'
    else if (target === '_blank' && rel !== undefined && !rel.includes('noreferrer')) rel = `${rel} noreferrer`
    const list: Array<[string, string | undefined]> = [['href', url], ...extra.filter(([n]) => n !== 'rel' && n !== 'target'), ['rel', rel], ['target', target]]
    return `<a${attrs(list.filter(([, v]) => !empty(v) || v === '0'))}>${escapeHtml(content)}</a>`
  }
  const email = (address: string, text: string | undefined, extra: Array<[string, string | undefined]>): string => {
    const shown = empty(text) ? encodeEmail(address.split('?')[0]!) : escapeHtml(text!)
    return `<a${attrs([['href', `mailto:${address}`], ...extra.filter(([, v]) => !empty(v))])}>${shown}</a>`.replace(
      /href="mailto:([^"]*)"/,
      (_, x: string) => `href="mailto:${encodeEmail(x.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))}"`
    )
  }
  const tel = (number: string, text: string | undefined, extra: Array<[string, string | undefined]>): string => {
    const digits = number.replace(/[^0-9+]+/g, '')
    return `<a${attrs([['href', `tel:${digits}`], ...extra.filter(([, v]) => !empty(v))])}>${escapeHtml(empty(text) ? number : text!)}</a>`
  }

  switch (type) {
    case 'date': {
      const html = phpStrToLower(value) === 'year' ? String(now.getUTCFullYear()) : escapeHtml(phpDate(value, now))
      return {html, problem: 'date-changes'}
    }
    case 'email':
      return {html: email(value, a.get('text'), [['class', a.get('class')], ['rel', a.get('rel')], ['target', a.get('target')], ['title', a.get('title')]])}
    case 'tel':
      return {html: tel(value, a.get('text'), [['class', a.get('class')], ['rel', a.get('rel')], ['title', a.get('title')]])}
    case 'link': {
      let href: string | undefined = value
      if (ctx.site && /^(page|file):\/\//.test(value)) {
        const target = resolvePageReference(ctx.site, ctx.page ?? 'site', value)
        href = target.kind === 'page' ? target.page.url : target.kind === 'file' ? ctx.fileUrl(target.file, target.page) : undefined
      }
      const problem = href === undefined ? 'unresolved-uuid' : undefined
      const html = link(href ?? `${base}/error`, a.get('text'), [['class', a.get('class')], ['role', a.get('role')], ['title', a.get('title')], ['rel', a.get('rel')], ['target', a.get('target')]])
      return problem ? {html, problem} : {html}
    }
    case 'file': {
      const file = findFile(ctx, value)
      if (!file) return {html: a.get('text') ?? value, problem: 'file-not-found'}
      const text = empty(a.get('text')) ? file.file.filename.replace(/_/g, '\\_') : a.get('text')!
      const list: Array<[string, string | boolean | undefined]> = [
        ['download', a.get('download') !== 'false'],
        ['href', file.url],
        ['class', a.get('class')],
        ['rel', a.get('target') === '_blank' && empty(a.get('rel')) ? 'noreferrer' : a.get('rel')],
        ['target', a.get('target')],
        ['title', a.get('title')]
      ]
      return {html: `<a${attrs(list.filter(([, v]) => v !== '' && v !== undefined))}>${escapeHtml(text)}</a>`}
    }
    case 'gist': {
      if (!/^https?:\/\/gist\.github\.com\//.test(value)) return {html: ''}
      const file = a.get('file')
      return {html: `<script src="${escapeHtml(`${value}.js${empty(file) ? '' : `?file=${file!}`}`)}"></script>`}
    }
    case 'image': {
      const file = findFile(ctx, value)
      let alt = a.get('alt')
      let title = a.get('title')
      let caption = a.get('caption')
      const src = file ? file.url : k5UrlTo(value, base)
      if (file) {
        alt ??= file.meta.get('alt') ?? ''
        title ??= file.meta.get('title')
        caption ??= file.meta.get('caption')
      }
      const img = `<img${attrs([['alt', alt ?? ''], ['class', a.get('imgclass')], ['height', a.get('height')], ['src', src], ['title', title], ['width', a.get('width')]].filter(([n, v]) => n === 'alt' || !empty(v as string | undefined)) as Array<[string, string]>)}>`
      let inner = img
      const linkValue = a.get('link')
      if (!empty(linkValue)) {
        const href = findFile(ctx, linkValue!)?.url ?? (linkValue === 'self' ? src : linkValue!)
        const target = a.get('target')
        const rel = target === '_blank' && empty(a.get('rel')) ? 'noreferrer' : a.get('rel')
        inner = `<a${attrs([['class', a.get('linkclass')], ['href', k5UrlTo(href, base)], ['rel', rel], ['target', target]].filter(([, v]) => !empty(v as string | undefined)) as Array<[string, string]>)}>${img}</a>`
      }
      const figcaption = !empty(caption) ? `<figcaption>${ctx.renderInline(caption!)}</figcaption>` : ''
      const cls = a.get('class')
      const html = `<figure${empty(cls) ? '' : attrs([['class', cls!]])}>${inner}${figcaption}</figure>`
      return file ? {html} : {html, problem: 'file-not-found'}
    }
    case 'video': {
      const caption = a.get('caption')
      const local = !value.startsWith('http://') && !value.startsWith('https://')
      const provider = !local && /youtu|vimeo/i.test(value)
      let video = ''
      let problem: string | undefined
      if (provider) {
        let src: string | undefined
        const yt = /youtu/i.test(value) ? youtubeId(value) : undefined
        if (yt) src = `https://www.youtube.com/embed/${yt}`
        const vm = /vimeo/i.test(value) ? vimeoId(value) : undefined
        if (vm) src = `https://player.vimeo.com/video/${vm}`
        if (src) video = `<iframe${attrs([['allow', 'fullscreen'], ['allowfullscreen', true], ['height', a.get('height')], ['src', src], ['width', a.get('width')]])}></iframe>`
        else problem = 'video-not-recognised'
      } else {
        const bool = (v: string | undefined, fallback: boolean): boolean => (v === undefined ? fallback : !['false', '0', 'off', 'no', ''].includes(v.toLowerCase()))
        const autoplay = bool(a.get('autoplay'), false)
        const list: Array<[string, string | boolean | undefined]> = [
          ['autoplay', autoplay],
          ['controls', bool(a.get('controls'), true)],
          ['disablepictureinpicture', bool(a.get('disablepictureinpicture'), false)],
          ['height', a.get('height')],
          ['loop', bool(a.get('loop'), false)],
          ['muted', bool(a.get('muted'), autoplay)],
          ['playsinline', bool(a.get('playsinline'), autoplay)],
          ['poster', a.get('poster')],
          ['preload', a.get('preload')],
          ['width', a.get('width')]
        ]
        if (local) {
          const file = findFile(ctx, value)
          if (file) video = `<video${attrs(list)}><source${attrs([['src', file.url]])}></video>`
          else problem = 'file-not-found'
        } else {
          video = `<video${attrs(list)}><source${attrs([['src', value]])}></video>`
        }
      }
      const figcaption = !empty(caption) ? `<figcaption>${escapeHtml(caption!)}</figcaption>` : ''
      const html = `<figure${attrs([['class', a.get('class') ?? 'video'], ['style', a.get('style')]])}>${video}${figcaption}</figure>`
      return problem ? {html, problem} : {html}
    }
    case 'twitter': {
      if (ctx.rules.version.major !== 3) return undefined
      const name = value.replace(/^@/, '')
      return {html: link(`https://twitter.com/${name}`, a.get('text') ?? `@${name}`, [['class', a.get('class')], ['title', a.get('title')], ['rel', a.get('rel')], ['target', a.get('target')]])}
    }
  }
  return undefined
}

const renderK2 = (type: string, value: string, a: Map<string, string>, ctx: TagContext, now: Date): RenderedTag | undefined => {
  const target = (): string | undefined => (!empty(a.get('popup')) ? '_blank' : a.get('target'))
  const anchor = (href: string, content: string, list: Array<[string, string | undefined]>): string => {
    const t = list.find(([n]) => n === 'target')?.[1]
    let rel = list.find(([n]) => n === 'rel')?.[1]
    if (t === '_blank' && empty(rel)) rel = 'noopener noreferrer'
    const all: Array<[string, string | undefined]> = [['href', href], ['rel', rel], ...list.filter(([n]) => n !== 'rel' && n !== 'target'), ['target', t]]
    return `<a${attrs(all.filter(([, v]) => !empty(v)))}>${content}</a>`
  }
  switch (type) {
    case 'date': {
      const html = phpStrToLower(value) === 'year' ? String(now.getUTCFullYear()) : phpDate(value, now)
      return {html, problem: 'date-changes'}
    }
    case 'email': {
      const text = a.get('text')
      const content = empty(text) ? encodeEmail(value) : escapeHtml(text!)
      return {html: anchor(`mailto:${value}`, content, [['class', a.get('class')], ['title', a.get('title')], ['rel', a.get('rel')]]).replace(/href="mailto:[^"]*"/, `href="mailto:${encodeEmail(value)}"`)}
    }
    case 'file': {
      const file = findFile(ctx, value)
      const text = a.get('text')
      if (!file) return {html: text ?? '', problem: 'file-not-found'}
      const name = file.file.filename.replace(/\.[^.]*$/, '')
      const content = empty(text) ? name.replace(/_/g, '\\_') : text!
      return {html: anchor(file.url, escapeHtml(content), [['class', a.get('class')], ['title', a.get('title')], ['rel', a.get('rel')], ['target', target()]])}
    }
    case 'image': {
      const file = findFile(ctx, value)
      const url = file ? file.url : k2Url(value, ctx)
      let alt = a.get('alt')
      let title = a.get('title')
      const text = a.get('text')
      if (!empty(text)) alt = text
      if (file) {
        if (empty(alt) && !empty(file.meta.get('alt'))) alt = file.meta.get('alt')
        if (empty(title) && !empty(file.meta.get('title'))) title = file.meta.get('title')
      }
      const image = (cls: string | undefined): string =>
        `<img${attrs([['src', url], ['alt', empty(alt) ? '' : alt!], ...([['width', a.get('width')], ['height', a.get('height')], ['class', cls], ['title', title]] as Array<[string, string | undefined]>).filter(([, v]) => !empty(v))])}>`
      const linkValue = a.get('link')
      const linked = (img: string): string => {
        if (empty(linkValue)) return img
        let href: string
        if (linkValue === 'self') href = url
        else if (file && linkValue === file.file.filename) href = file.url
        else href = findFile(ctx, linkValue!)?.url ?? linkValue!
        return anchor(k2Url(href, ctx), img, [['rel', a.get('rel')], ['class', a.get('linkclass')], ['title', a.get('title')], ['target', target()]])
      }
      const caption = a.get('caption')
      const cls = a.get('class')
      const figcaption = empty(caption) ? '' : `<figcaption>${escapeHtml(caption!)}</figcaption>`
      const html = `<figure${empty(cls) ? '' : attrs([['class', cls!]])}>${linked(image(a.get('imgclass')))}${figcaption}</figure>`
      return file ? {html} : {html, problem: 'file-not-found'}
    }
    case 'link': {
      const href = k2Url(value, ctx)
      let text = a.get('text')
      if (empty(text)) text = href
      if (isUrl(text!)) text = k2Short(text!)
      return {html: anchor(href, text!, [['class', a.get('class')], ['role', a.get('role')], ['title', a.get('title')], ['rel', a.get('rel')], ['target', target()]])}
    }
    case 'tel': {
      const number = value.replace(/[/ -]/g, '')
      const text = a.get('text')
      return {html: anchor(`tel:${number}`, escapeHtml(empty(text) ? value : text!), [['class', a.get('class')], ['title', a.get('title')]])}
    }
    case 'twitter': {
      const name = value.replace(/@/g, '')
      const text = a.get('text') ?? `@${name}`
      return {html: anchor(`https://twitter.com/${name}`, text, [['class', a.get('class')], ['title', a.get('title')], ['rel', a.get('rel')], ['target', target()]])}
    }
    case 'youtube':
    case 'vimeo': {
      const id = type === 'youtube' ? youtubeId(value) : vimeoId(value)
      const src = type === 'youtube' ? `//youtube.com/embed/${id ?? ''}` : `//player.vimeo.com/video/${id ?? ''}`
      const caption = a.get('caption')
      const figcaption = empty(caption) ? '' : `<figcaption>${escapeHtml(caption!)}</figcaption>`
      const iframe = `<iframe${attrs([['src', src], ['width', a.get('width')], ['height', a.get('height')], ['frameborder', '0'], ['webkitallowfullscreen', 'true'], ['mozallowfullscreen', 'true'], ['allowfullscreen', 'true']].filter(([n, v]) => n === 'frameborder' || !empty(v)) as Array<[string, string]>)}></iframe>`
      const html = `<figure class="${escapeHtml(a.get('class') ?? 'video')}">${iframe}${figcaption}</figure>`
      return id ? {html} : {html, problem: 'video-not-recognised'}
    }
    case 'gist': {
      const file = a.get('file')
      return {html: `<script src="${escapeHtml(`${value}.js${empty(file) ? '' : `?file=${file!}`}`)}"></script>`}
    }
  }
  return undefined
}

/**
 * @fileoverview The languages of a site (spec §3.6): K3+ `site/languages/
 * <code>.php` (PHP arrays read with a small pattern, not executed), Kirby 2
 * `c::set('languages', […])` in `site/config/config*.php`, or given by the
 * caller. A file name like `article.en.txt` is a language file only when `en`
 * is one of these codes.
 */
import {join} from 'node:path'
import type {SiteFs} from './fs.js'

/** One configured language. */
export interface Language {
  /** Language code (`en`, `de`). */
  code: string
  /** Whether it is the default language. */
  default: boolean
}

/** What a caller may pass: codes (the first is the default) or language objects. */
export type LanguagesOption = ReadonlyArray<string | {code: string; default?: boolean}>

/** Normalises caller input: one default language, the first unless one says so. */
export const normalizeLanguages = (input: LanguagesOption): Language[] => {
  const list = input.map((l) => (typeof l === 'string' ? {code: l, default: false} : {code: l.code, default: l.default === true}))
  const firstDefault = list.findIndex((l) => l.default)
  return list.map((l, index) => ({code: l.code, default: index === (firstDefault === -1 ? 0 : firstDefault)}))
}

/** The default language of a list, if any. */
export const defaultLanguage = (languages: readonly Language[]): Language | undefined => languages.find((l) => l.default) ?? languages[0]

const CODE = /['"]code['"]\s*=>\s*['"]([^'"]+)['"]/
const DEFAULT_TRUE = /['"]default['"]\s*=>\s*true\b/i

/** Reads one `site/languages/<code>.php`: the code from `'code' => …` or the file name. */
export const parseLanguageFile = (filename: string, text: string): Language => {
  const code = CODE.exec(text)?.[1] ?? filename.replace(/\.php$/, '')
  return {code, default: DEFAULT_TRUE.test(text)}
}

/** Reads Kirby 2's `c::set('languages', array(…))` block from a config text (innermost arrays holding a `'code'`). */
export const parseKirby2Config = (text: string): Language[] => {
  const start = text.search(/c::set\(\s*['"]languages['"]/)
  if (start === -1) return []
  const list: Language[] = []
  for (const match of text.slice(start).matchAll(/(?:array\s*\(|\[)([^()[\]]*)(?:\)|\])/g)) {
    const body = match[1] ?? ''
    const code = CODE.exec(body)?.[1]
    if (code === undefined) continue
    list.push({code, default: DEFAULT_TRUE.test(body)})
  }
  return list
}

/** Where a site's language list came from. */
export interface LanguagesResult {
  /** The languages; empty for a single-language site. */
  languages: Language[]
  /** `option`, `site/languages`, `site/config` or `none`. */
  source: 'option' | 'site/languages' | 'site/config' | 'none'
}

/** Reads the languages of the site at `root` (K3+ `site/languages`, else K2 config). */
export const readLanguages = async (root: string, fs: SiteFs): Promise<LanguagesResult> => {
  const dir = join(root, 'site', 'languages')
  const entries = await fs.readdir(dir, {withFileTypes: true}).catch(() => [])
  const phpFiles = entries.filter((e) => e.name.endsWith('.php') && !e.name.startsWith('.')).map((e) => e.name).sort()
  if (phpFiles.length > 0) {
    const languages: Language[] = []
    for (const name of phpFiles) {
      const text = await fs.readFile(join(dir, name)).then((b) => new TextDecoder().decode(b), () => '')
      languages.push(parseLanguageFile(name, text))
    }
    return {languages: normalizeLanguages(languages), source: 'site/languages'}
  }
  const configDir = join(root, 'site', 'config')
  const configs = await fs.readdir(configDir, {withFileTypes: true}).catch(() => [])
  for (const entry of configs.filter((e) => /^config.*\.php$/.test(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const text = await fs.readFile(join(configDir, entry.name)).then((b) => new TextDecoder().decode(b), () => '')
    const languages = parseKirby2Config(text)
    if (languages.length > 0) return {languages: normalizeLanguages(languages), source: 'site/config'}
  }
  return {languages: [], source: 'none'}
}

/** A language-code suffix of a content file stem: `article.de`, `photo.jpg.pt-br`. */
const LANGUAGE_SUFFIX = /.\.([a-z]{2}(?:[-_][a-z]{2,4})?)$/i

/**
 * Languages a site without language configuration evidently has: when most
 * content files end in a language code (`article.de.txt`, `article.en.txt`),
 * those codes. The default is the code found in the most folders (ties:
 * `en`, then the first by name). Undefined when the names do not say so.
 * The corpora of real sites often come without `site/languages`; reading
 * them as single-language would make every `.de.txt` a template of its own.
 */
export const inferLanguages = (fileNames: Iterable<{dir: string; name: string}>, extension = 'txt'): Language[] | undefined => {
  const suffix = `.${extension}`
  let total = 0
  let coded = 0
  const folders = new Map<string, Set<string>>()
  for (const {dir, name} of fileNames) {
    if (!name.endsWith(suffix) || name.startsWith('.')) continue
    total++
    const match = LANGUAGE_SUFFIX.exec(name.slice(0, -suffix.length))
    if (!match) continue
    coded++
    const code = match[1]!.toLowerCase()
    let dirs = folders.get(code)
    if (!dirs) folders.set(code, (dirs = new Set()))
    dirs.add(dir)
  }
  // Most files coded, a handful of codes, each in more than one folder.
  const codes = [...folders.entries()].filter(([, dirs]) => dirs.size > 1)
  if (total < 2 || coded / total < 0.8 || codes.length === 0 || codes.length > 12) return undefined
  codes.sort(([a, da], [b, db]) => db.size - da.size || (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)))
  return codes.map(([code], index) => ({code, default: index === 0}))
}

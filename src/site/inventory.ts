/**
 * @fileoverview One folder's listing as Kirby sees it: which entries are
 * ignored, which are child pages, content files, meta files and media files,
 * how a child folder name splits into number and slug, and which content file
 * decides the template (spec §3.2, §3.4, §3.5, §3.9; Kirby 5
 * `src/Filesystem/Dir.php::inventory`, `inventoryChild`, `inventoryTemplate`;
 * Kirby 2 `core/page.php::inventory`, `content`).
 *
 * Pure functions over a listing: no file system access here.
 */
import type {KirbyRules} from '../kirby-version.js'
import {natsort} from './natsort.js'

/** Names every Kirby skips in a listing (`Dir::$ignore`). */
export const IGNORED_NAMES: ReadonlySet<string> = new Set([
  '.',
  '..',
  '.DS_Store',
  '.gitignore',
  '.git',
  '.svn',
  '.htaccess',
  'Thumb.db',
  '@eaDir'
])

/** Extensions of files K3+ does not track as page files. */
export const UNTRACKED_EXTENSIONS: ReadonlySet<string> = new Set(['htm', 'html', 'php'])

/** PHP_INT_MAX on 64-bit PHP. */
export const PHP_INT_MAX = 9223372036854775807n
/** PHP_INT_MIN on 64-bit PHP. */
export const PHP_INT_MIN = -9223372036854775808n

/** Page status: K3+ `draft`/`listed`/`unlisted`, K2 `visible`/`invisible`. */
export type PageStatus = 'draft' | 'listed' | 'unlisted' | 'visible' | 'invisible'

/** A folder name split into number and slug. */
export interface FolderName {
  /** The number as Kirby computes it (PHP int; may be imprecise past 2^53, see `numExact`). */
  num: number | null
  /** The exact PHP integer, when there is a number. */
  numExact: bigint | null
  /** The number prefix as written (`01`, ` 1e3`, `my`), when the name splits. */
  numText: string | null
  /** The slug (K2: uid): the folder name minus the number prefix. */
  slug: string
}

// PHP `is_numeric_string` with errors allowed: leading whitespace, sign,
// digits, optional fraction, optional exponent; trailing garbage ignored.
const LEADING_NUMERIC = /^[ \t\n\r\v\f]*([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?/

/** PHP 8 `(int)$string` on 64-bit: the leading numeric part, saturated. */
export const phpIntCast = (text: string): bigint => {
  const match = LEADING_NUMERIC.exec(text)
  if (!match) return 0n
  const [, sign = '', mantissa = '', exponent] = match
  if (exponent === undefined && /^\d+$/.test(mantissa)) {
    const value = BigInt(sign + mantissa)
    // An integer string that overflows is read as a float, then capped.
    return value > PHP_INT_MAX ? PHP_INT_MAX : value < PHP_INT_MIN ? PHP_INT_MIN : value
  }
  const float = Number(sign + mantissa + (exponent ?? ''))
  if (Number.isNaN(float)) return 0n
  // zend_dval_to_lval_cap: out of range (and infinities) saturate.
  if (float >= 9223372036854775808) return PHP_INT_MAX
  if (float < -9223372036854775808) return PHP_INT_MIN
  return BigInt(Math.trunc(float))
}

const bigToNum = (value: bigint): number => Number(value)

/** Splits a child folder name into number and slug under the given rules. */
export const parseFolderName = (name: string, rules: Pick<KirbyRules, 'folderNumbering'>): FolderName => {
  switch (rules.folderNumbering) {
    case 'dash': {
      // K2: /^([0-9]+)-(.*)$/, num kept as written (`01`).
      const match = /^([0-9]+)-([^\n]*)$/.exec(name)
      if (!match) return {num: null, numExact: null, numText: null, slug: name}
      const numExact = BigInt(match[1]!)
      return {num: bigToNum(numExact), numExact, numText: match[1]!, slug: match[2]!}
    }
    case 'digits-underscore': {
      // 3.0 – 4.1: /^([0-9]+)_(.*)$/, num cast to int.
      const match = /^([0-9]+)_([^\n]*)$/.exec(name)
      if (!match) return {num: null, numExact: null, numText: null, slug: name}
      const numExact = phpIntCast(match[1]!)
      return {num: bigToNum(numExact), numExact, numText: match[1]!, slug: match[2]!}
    }
    case 'any-underscore': {
      // 4.2+: the first `_` at a position > 0 splits; num = (int) prefix.
      const separator = name.indexOf('_')
      if (separator <= 0) return {num: null, numExact: null, numText: null, slug: name}
      const numText = name.slice(0, separator)
      const numExact = phpIntCast(numText)
      return {num: bigToNum(numExact), numExact, numText, slug: name.slice(separator + 1)}
    }
  }
}

/** Status of a page from its number and draft flag. */
export const pageStatus = (num: number | null, draft: boolean, rules: Pick<KirbyRules, 'drafts'>): PageStatus => {
  if (!rules.drafts) return num === null ? 'invisible' : 'visible'
  if (draft) return 'draft'
  return num === null ? 'unlisted' : 'listed'
}

/** Whether a name is on the ignore list (skipped before anything else). */
export const isIgnoredName = (name: string): boolean => IGNORED_NAMES.has(name)

/** Whether Kirby skips a name for its leading character (K3+: `.` or `_`; K2: `.`). */
export const isInvisibleName = (name: string, rules: Pick<KirbyRules, 'drafts'>): boolean =>
  name.startsWith('.') || (rules.drafts && name.startsWith('_'))

/** PHP `pathinfo($name, PATHINFO_EXTENSION)`. */
export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.')
  return dot === -1 ? '' : name.slice(dot + 1)
}

/** PHP `pathinfo($name, PATHINFO_FILENAME)`. */
export const filenameOf = (name: string): string => {
  const dot = name.lastIndexOf('.')
  return dot === -1 ? name : name.slice(0, dot)
}

/** One entry of a directory listing. */
export interface ListingEntry {
  /** Entry name. */
  name: string
  /** Whether it is (or links to) a directory. */
  isDirectory: boolean
}

/** A content-extension file of a folder and what Kirby makes of it. */
export interface InventoryContentFile {
  /** File name (`article.en.txt`). */
  name: string
  /** The name Kirby takes from it: minus extension, minus language segment in multi-language sites. */
  candidate: string
  /** `meta` when `candidate` names a file of the folder, else `content` (a template candidate). */
  role: 'content' | 'meta'
  /** Configured language code of the file (`en` of `article.en.txt`), multi-language sites only. */
  language?: string
  /** For meta files: the file they describe. */
  metaFor?: string
}

/** Why a listing entry is not used. */
export interface SkippedEntry {
  /** Entry name. */
  name: string
  /** Whether it is a directory. */
  isDirectory: boolean
  /** `ignore-list`, `invisible` (leading `.`/`_`) or `untracked-extension` (htm/html/php). */
  reason: 'ignore-list' | 'invisible' | 'untracked-extension'
}

/** The inventory of one folder. */
export interface Inventory {
  /** Child folder names, natural order (for K3+ without `_drafts`). */
  children: string[]
  /** Whether a `_drafts` folder is there (K3+ only). */
  drafts: boolean
  /** Media files (non-content, tracked), natural order. */
  files: string[]
  /** Content-extension files, natural order. */
  contentFiles: InventoryContentFile[]
  /** The template (K3+: lower-cased). */
  template: string
  /** The file the template came from (before lower-casing), when there was a candidate. */
  templateSource?: string
  /**
   * File read as the page's (default-language) content, when it exists in
   * the listing: K3+ `<template>.txt` or `<template>.<default>.txt`.
   */
  contentFile?: string
  /** Entries Kirby skips. */
  skipped: SkippedEntry[]
}

/** Options of {@link inventory}. */
export interface InventoryOptions {
  /** Reading rules. */
  rules: Pick<KirbyRules, 'drafts' | 'templateElection'>
  /** Configured language codes; empty for a single-language site. */
  languages?: readonly string[]
  /** The default language code (default: the first of `languages`). */
  defaultLanguage?: string
  /** Content file extension (default `txt`). */
  contentExtension?: string
}

/** Sorts and classifies one folder listing as Kirby does. */
export const inventory = (entries: readonly ListingEntry[], options: InventoryOptions): Inventory => {
  const {rules} = options
  const languages = options.languages ?? []
  const multilang = languages.length > 0
  const defaultLanguage = options.defaultLanguage ?? languages[0]
  const extension = options.contentExtension ?? 'txt'
  const k2 = !rules.drafts
  const byName = new Map(entries.map((e) => [e.name, e]))
  const result: Inventory = {children: [], drafts: false, files: [], contentFiles: [], template: 'default', skipped: []}
  const contentNames: string[] = []

  for (const name of natsort([...byName.keys()])) {
    const entry = byName.get(name)!
    if (isIgnoredName(name)) {
      result.skipped.push({name, isDirectory: entry.isDirectory, reason: 'ignore-list'})
      continue
    }
    if (isInvisibleName(name, rules)) {
      if (rules.drafts && name === '_drafts' && entry.isDirectory) result.drafts = true
      else result.skipped.push({name, isDirectory: entry.isDirectory, reason: 'invisible'})
      continue
    }
    if (entry.isDirectory) {
      result.children.push(name)
      continue
    }
    const ext = extensionOf(name)
    if (!k2 && UNTRACKED_EXTENSIONS.has(ext)) {
      result.skipped.push({name, isDirectory: false, reason: 'untracked-extension'})
      continue
    }
    if (ext === extension) {
      contentNames.push(name)
      continue
    }
    result.files.push(name)
  }

  // Name → the listing's own string, so a meta file's `metaFor` is the
  // media file's name string, not a copy cut from the meta file name.
  const files = new Map(result.files.map((name) => [name, name]))
  const languageSet = new Set(languages)
  for (const name of contentNames) {
    let candidate = filenameOf(name)
    let language: string | undefined
    if (multilang) {
      const code = extensionOf(candidate)
      if (k2) {
        // K2 strips only a configured code (a plain `article.txt` is the default language).
        if (languageSet.has(code)) {
          language = code
          candidate = filenameOf(candidate)
        }
      } else {
        // K3+ strips the last dot-segment, whatever it is.
        if (languageSet.has(code)) language = code
        candidate = filenameOf(candidate)
      }
    }
    const describes = files.get(candidate)
    const file: InventoryContentFile = {name, candidate, role: describes === undefined ? 'content' : 'meta'}
    if (language !== undefined) file.language = language
    if (describes !== undefined) file.metaFor = describes
    result.contentFiles.push(file)
  }

  const candidates = result.contentFiles.filter((f) => f.role === 'content')
  if (k2) {
    // K2: the first content file, case kept; plain `<t>.txt` is the default language.
    const chosen = candidates[0]
    if (chosen) {
      result.template = chosen.candidate
      result.templateSource = chosen.name
      const preferred = multilang ? `${chosen.candidate}.${defaultLanguage}.${extension}` : undefined
      const plain = `${chosen.candidate}.${extension}`
      const found = [preferred, plain].find((n) => n !== undefined && byName.has(n))
      if (found !== undefined) result.contentFile = found
    }
  } else {
    // K3+: the last candidate wins; lower-cased; then `<template>[.<lang>].txt` is read.
    const chosen = candidates.at(-1)
    if (chosen) {
      result.template = chosen.candidate.replace(/[A-Z]+/g, (s) => s.toLowerCase())
      result.templateSource = chosen.name
    }
    const read = multilang
      ? `${result.template}.${defaultLanguage}.${extension}`
      : `${result.template}.${extension}`
    const entry = byName.get(read)
    if (entry && !entry.isDirectory) result.contentFile = read
  }
  return result
}

/** Meta file name of a media file for a language (`photo.jpg.txt`, `photo.jpg.de.txt`). */
export const metaFileName = (filename: string, language: string | undefined, contentExtension = 'txt'): string =>
  language === undefined ? `${filename}.${contentExtension}` : `${filename}.${language}.${contentExtension}`

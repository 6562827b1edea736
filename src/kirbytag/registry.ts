/**
 * @fileoverview The kirbytags Kirby knows, per version, and their attributes.
 *
 * A tag's attribute list is the vocabulary Kirby splits the tag text at
 * (spec §4.3 step 3–4), so it has to be exact for the version: an attribute
 * added in 3.6 (`video`'s `autoplay`) is plain value text in 3.5.
 *
 * * K3+ (`config/tags.php`): `date`, `email`, `file`, `gist`, `image`, `link`,
 *   `tel`, `video`, plus `twitter` in 3.x only. `youtube` and `vimeo` are
 *   aliases of `video` (`Core::kirbyTagAliases`): the alias has no attribute
 *   list of its own, so nothing after its colon is split (spec §4.3 step 3).
 * * K2 (`extensions/tags.php`): `date`, `email`, `file`, `image`, `link`,
 *   `tel`, `twitter`, `youtube`, `vimeo`, `gist`; no `video`, no aliases.
 *
 * Lists keep the order of Kirby's source. The order never changes a split:
 * every alternative of `(name|attr…):` must be followed by `:`, so two
 * alternatives can only match at the same place if they are the same word.
 */

import {phpStrToLower} from '../txt/php.js'
import {compareVersions} from '../kirby-version.js'
import type {KirbyRules, KirbyVersion} from '../kirby-version.js'

/** One tag type: its name and the attribute names it splits at. */
export interface TagDefinition {
  /** Tag name as Kirby looks it up (lower case in K3+). */
  name: string
  /** Declared attribute names, in the order of Kirby's definition. */
  attributes: string[]
}

/** The tags of one site: definitions plus aliases (alias name → tag name). */
export interface TagRegistry {
  tags: Map<string, TagDefinition>
  aliases: Map<string, string>
}

/** A tag from configuration: `{name, attributes}`, or `{name, alias}` for an alias. */
export type CustomTag =
  | {name: string; attributes?: string[] | undefined}
  | {name: string; alias: string}

const atLeast = (v: KirbyVersion, major: number, minor = 0, patch = 0): boolean =>
  compareVersions(v, {major, minor, patch}) >= 0

/** Keeps the entries whose condition holds. */
const pick = (entries: Array<[string, boolean]>): string[] =>
  entries.filter(([, keep]) => keep).map(([name]) => name)

/** Kirby 3, 4 and 5 (`config/tags.php`). */
const k3Tags = (v: KirbyVersion): TagDefinition[] => {
  const tags: TagDefinition[] = [
    {name: 'date', attributes: []},
    {name: 'email', attributes: ['class', 'rel', 'target', 'text', 'title']},
    {name: 'file', attributes: pick([['class', true], ['download', atLeast(v, 3, 2)], ['rel', true], ['target', true], ['text', true], ['title', true]])},
    {name: 'gist', attributes: ['file']},
    {
      name: 'image',
      attributes: pick([
        ['alt', true],
        ['caption', true],
        ['class', true],
        ['height', true],
        ['imgclass', true],
        ['link', true],
        ['linkclass', true],
        ['rel', true],
        ['srcset', atLeast(v, 4)],
        ['target', true],
        // `text` (an alias of `alt`) was dropped in 3.3.
        ['text', !atLeast(v, 3, 3)],
        ['title', true],
        ['width', true]
      ])
    },
    {name: 'link', attributes: pick([['class', true], ['lang', atLeast(v, 3, 0, 1)], ['rel', true], ['role', true], ['target', true], ['title', true], ['text', true]])},
    {name: 'tel', attributes: ['class', 'rel', 'text', 'title']}
  ]
  if (v.major === 3) tags.push({name: 'twitter', attributes: ['class', 'rel', 'target', 'text', 'title']})
  const v36 = atLeast(v, 3, 6)
  tags.push({
    name: 'video',
    attributes: pick([
      ['autoplay', v36],
      ['caption', true],
      ['controls', v36],
      ['class', true],
      ['disablepictureinpicture', atLeast(v, 5)],
      ['height', true],
      ['loop', v36],
      ['muted', v36],
      ['playsinline', atLeast(v, 3, 8)],
      ['poster', v36],
      ['preload', v36],
      ['style', v36],
      ['width', true]
    ])
  })
  return tags
}

/** Kirby 2 (`extensions/tags.php`, 2.5.14). */
const k2Tags = (): TagDefinition[] => [
  {name: 'date', attributes: []},
  {name: 'email', attributes: ['class', 'title', 'text', 'rel']},
  {name: 'file', attributes: ['text', 'class', 'title', 'rel', 'target', 'popup']},
  {name: 'image', attributes: ['width', 'height', 'alt', 'text', 'title', 'class', 'imgclass', 'linkclass', 'caption', 'link', 'target', 'popup', 'rel']},
  {name: 'link', attributes: ['text', 'class', 'role', 'title', 'rel', 'lang', 'target', 'popup']},
  {name: 'tel', attributes: ['text', 'class', 'title']},
  {name: 'twitter', attributes: ['class', 'title', 'text', 'rel', 'target', 'popup']},
  {name: 'youtube', attributes: ['width', 'height', 'class', 'caption']},
  {name: 'vimeo', attributes: ['width', 'height', 'class', 'caption']},
  {name: 'gist', attributes: ['file']}
]

/** The tags that ship with the Kirby version of `rules`. */
export const builtinTags = (rules: KirbyRules): TagRegistry => {
  const k2 = rules.version.major === 2
  const list = k2 ? k2Tags() : k3Tags(rules.version)
  return {
    tags: new Map(list.map((tag) => [tag.name, tag])),
    aliases: new Map(k2 ? [] : [['youtube', 'video'], ['vimeo', 'video']])
  }
}

/**
 * A new registry with custom tags added (or built-in ones replaced).
 *
 * Kirby 3+ lower-cases plugin tag names and attributes are compared lower
 * case; Kirby 2 keeps both as written, so pass `rules` to get that right.
 * A custom tag of the same name as an alias replaces the alias (Kirby looks at
 * `KirbyTag::$types` before `$aliases`).
 */
export const withCustomTags = (registry: TagRegistry, custom: readonly CustomTag[], rules?: KirbyRules): TagRegistry => {
  const k2 = rules?.version.major === 2
  const norm = (name: string): string => (k2 ? name : phpStrToLower(name))
  const tags = new Map(registry.tags)
  const aliases = new Map(registry.aliases)
  for (const tag of custom) {
    const name = norm(tag.name)
    if ('alias' in tag) {
      aliases.set(name, norm(tag.alias))
    } else {
      tags.set(name, {name, attributes: (tag.attributes ?? []).map(norm)})
    }
  }
  return {tags, aliases}
}

/** Whether Kirby would render a tag of this (already normalised) type. */
export const isKnownTag = (registry: TagRegistry, type: string): boolean =>
  registry.tags.has(type) || registry.aliases.has(type)

/** The type Kirby dispatches to: the alias target, or the type itself. */
export const resolveTagType = (registry: TagRegistry, type: string): string =>
  registry.tags.has(type) ? type : (registry.aliases.get(type) ?? type)

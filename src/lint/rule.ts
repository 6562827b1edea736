/**
 * @fileoverview What a lint rule is, in the spirit of remark-lint's
 * `lintRule`: a rule is a plain check over one content file (and the site
 * around it); the wrapper stamps `ruleId`, severity, `source` and `url` on
 * every message it reports. Rules never decide severity themselves.
 *
 * One rule per file in `src/rules/<id>.ts`, with a fixture folder
 * `fixtures/rules/<id>/` and a doc page `docs/rules/<id>.md`.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {Model} from '../engine.js'
import {fieldTree} from '../field-tree.js'
import {report, type Report} from '../messages.js'
import {fieldKirbytags, type ContentFile, type PlacedKirbytag} from '../parse.js'
import {imageCaptionFor, pageForFile, type Site} from '../site/index.js'
import type {Field} from '../txt/decode.js'
import type {Position, Severity} from '../types.js'

/** A replacement in the file's text: `[start, end)` offsets and the new text. */
export interface Fix {
  start: number
  end: number
  text: string
}

/** What a rule may say about one place. */
export interface RuleReport extends Omit<Report, 'ruleId' | 'severity'> {
  /** A fix that cannot change what Kirby shows; applied by `--fix`. */
  fix?: Fix
}

/** How Kirby reads a field's value, as far as a rule needs to know. */
export type FieldKind = 'kirbytext' | 'yaml' | 'json' | 'plain'

/** Everything a rule gets for one file. */
export interface RuleContext<Options = unknown> {
  /** The file being linted (messages go here through `report`). */
  file: VFile
  /** The parsed content file. */
  content: ContentFile
  /** The site around it, read once. */
  site: Site
  /** Which Kirby model the file holds. */
  model: Model
  /** The rule's options from the configuration. */
  options: Options
  /** Reports a finding of this rule. */
  report: (what: RuleReport) => VFileMessage
  /** How Kirby reads `field` (from the blueprint's field type when known). */
  kindOf: (field: Field) => FieldKind
  /** The kirbytags Kirby renders in a field, with places (computed once per field). */
  tags: (field: Field) => PlacedKirbytag[]
  /** The field's KirbyText as mdast in file coordinates (parsed once per field, only when asked). */
  tree: (field: Field) => Root
}

/** A lint rule. */
export interface Rule<Options = unknown> {
  /** Kebab-case id: the file name, fixture folder and doc page (`no-broken-link`). */
  id: string
  /** Severity when the configuration does not say. */
  severity: Severity
  /** One sentence: what it finds. */
  description: string
  /** Whether it offers fixes. */
  fixable?: boolean
  /** Whether the rule is off unless turned on (`no-dead-external-link`). */
  optIn?: boolean
  /** The check of one content file. */
  check?: (context: RuleContext<Options>) => void | Promise<void>
  /**
   * A check of the whole site, run once per run after the files (for what
   * belongs to folders rather than files: a hidden page, an orphan meta
   * file). `at` says which site path (relative to the site root) a
   * finding is about; findings outside the checked paths are dropped.
   */
  checkSite?: (context: SiteRuleContext<Options>) => void | Promise<void>
}

/** Everything a site-level check gets. */
export interface SiteRuleContext<Options = unknown> {
  site: Site
  options: Options
  /** Reports a finding about a site path (a content file, a folder, a media file). */
  report: (at: string, what: RuleReport) => void
}

/** Defines a rule; the identity function, for types and one place to look. */
export const defineRule = <Options = unknown>(rule: Rule<Options>): Rule<Options> => rule

/** A rule's messages and the fixes they offer. */
export const fixes = new WeakMap<VFileMessage, Fix>()

/** Field types whose stored value is YAML or JSON rather than text. */
const YAML_TYPES = new Set(['structure', 'object', 'entries', 'files', 'pages', 'users', 'tags', 'checkboxes', 'multiselect'])
const JSON_TYPES = new Set(['blocks', 'layout', 'editor'])
const PLAIN_TYPES = new Set(['date', 'time', 'number', 'range', 'toggle', 'select', 'radio', 'toggles', 'color', 'url', 'email', 'tel', 'slug', 'hidden', 'link'])

/**
 * Messages of one rule listed per file (as remark-lint and ESLint users
 * expect one pathological file not to bury the rest of a report): past
 * this many, a rule's further findings in the file are counted in one
 * more message, at the place of the first one not listed.
 */
export const MESSAGES_PER_RULE = 100

/** A rule's context on one file, and what ends its run there. */
export interface RuleRun<Options> {
  context: RuleContext<Options>
  /**
   * Ends the run (after `check`, also when it threw): when the rule found
   * more than the limit, adds the message that counts the rest.
   */
  finish: () => void
}

/** Builds the context of one rule on one file, and what ends its run. */
export const createRuleRun = <Options>(
  rule: Rule<Options>,
  severity: Severity,
  options: Options,
  base: {
    file: VFile
    content: ContentFile
    site: Site
    model: Model
    cache: RuleCache
    /** Messages listed per rule and file (default {@link MESSAGES_PER_RULE}). */
    limit?: number
  }
): RuleRun<Options> => {
  const {file, content, site, model, cache} = base
  const limit = base.limit ?? MESSAGES_PER_RULE
  let listed = 0
  let unlisted = 0
  let firstUnlisted: RuleReport | undefined
  const context: RuleContext<Options> = {
    file,
    content,
    site,
    model,
    options,
    report: (what) => {
      if (listed >= limit) {
        // Not on the file (and its fix not offered: the next `--fix` run does it).
        unlisted++
        firstUnlisted ??= what
        return new VFileMessage(what.reason, {place: what.place, ruleId: rule.id, source: 'kfx'})
      }
      listed++
      const message = report(file, {...what, ruleId: rule.id, severity})
      if (what.fix) fixes.set(message, what.fix)
      return message
    },
    // Per file, shared by every rule (not a closure per rule and file).
    kindOf: cache.kindOf,
    tags: cache.tags,
    tree: cache.tree
  }
  const finish = (): void => {
    if (unlisted === 0) return
    report(file, {
      ruleId: rule.id,
      severity,
      reason: `${unlisted} more \`${rule.id}\` ${unlisted === 1 ? 'finding' : 'findings'} in this file ${unlisted === 1 ? 'is' : 'are'} not listed`,
      place: firstUnlisted?.place,
      note: `kfx lists ${limit} findings of a rule per file; this place is the first one not listed (${firstUnlisted?.reason ?? ''}). Fix the listed ones and run again: \`--fix\` applies the fixes of listed findings only.`
    })
    unlisted = 0
  }
  return {context, finish}
}

/** Per-file helpers shared by all rules: tags and trees are computed once. */
export interface RuleCache {
  /** How Kirby reads a field (from the blueprint's field types when known). */
  kindOf: (field: Field) => FieldKind
  tags: (field: Field) => PlacedKirbytag[]
  tree: (field: Field) => Root
}

/** How Kirby reads a field, by blueprint field type or, without one, by its value. */
const kindOf = (field: Field, fieldTypes: ReadonlyMap<string, string> | undefined): FieldKind => {
  const type = fieldTypes?.get(field.key)
  if (type !== undefined) {
    if (YAML_TYPES.has(type)) return 'yaml'
    if (JSON_TYPES.has(type)) return 'json'
    if (PLAIN_TYPES.has(type)) return 'plain'
    return 'kirbytext'
  }
  // No blueprint: Kirby stores blocks and layouts as JSON arrays; the rest
  // may be rendered as KirbyText by a template.
  return /^\[\s*\{/.test(field.value) ? 'json' : 'kirbytext'
}

/** Creates the per-file caches. */
export const createRuleCache = (content: ContentFile, site: Site, absolute: string, fieldTypes?: ReadonlyMap<string, string>): RuleCache => {
  const tagCache = new Map<Field, PlacedKirbytag[]>()
  const treeCache = new Map<Field, Root>()
  const inContent = absolute.startsWith(site.contentRoot)
  const from = !inContent ? undefined : pageForFile(site, absolute) ?? 'site'
  const imageCaption =
    site.rules.version.major === 2 || from === undefined ? undefined : (tag: {value: string}) => imageCaptionFor(site, from, tag.value)
  return {
    kindOf: (field) => kindOf(field, fieldTypes),
    tags: (field) => {
      let found = tagCache.get(field)
      if (!found) tagCache.set(field, (found = fieldKirbytags(content, field, imageCaption ? {imageCaption} : {})))
      return found
    },
    tree: (field) => {
      let tree = treeCache.get(field)
      if (!tree) treeCache.set(field, (tree = fieldTree(content, field)))
      return tree
    }
  }
}

/** The span of a value range inside a field, in the file. */
export type ValueSpan = Position

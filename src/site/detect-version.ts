/**
 * @fileoverview `version: auto`: which Kirby a site was written for, judged
 * from what lies on disk, with the reasons.
 *
 * Evidence, strongest first:
 * - Kirby 2 vs 3+: blueprint layout (`site/blueprints/pages/` is K3+;
 *   `site/blueprints/<template>.yml|php` at the top level is K2), `_drafts`
 *   folders (K3+), `site/languages/*.php` (K3+) vs `c::set('languages')` (K2),
 *   and which number separator the folders use (`1-x` K2, `1_x` K3+).
 * - Inside K3+, a range [min, max]: blocks/layout JSON (3.5+), `Uuid:` fields
 *   (3.8+), lower-case-only UUIDs (5.0+ generates them; a mixed-case
 *   generator yields one by chance with p ≈ 1.7e-4, so two or more count),
 *   blueprint field types `color`/`link`/`object` (4.0+) and `entries` (5.0+);
 *   time fields stored as `HH:MM` (3.0–3.4; 3.5+ writes `HH:MM:SS`).
 * - Soft upper bounds (dropped when a lower bound contradicts them): UUIDs
 *   that are all mixed-case were generated before 5.0, so the content was
 *   last created with 3.8–4.x (4 is chosen); JSON of the kirby-editor plugin
 *   (3.0–3.4 era, replaced by blocks in 3.5); many content files and not one
 *   `Uuid:` (a 3.8+ Panel writes one for every page it creates).
 *
 * The newest version inside the range is chosen; with no upper bound that is
 * 5. Content alone cannot tell a site running 5 on content created by 4
 * (mixed-case UUIDs, no 5-only blueprint features) from a 4 site: such a
 * site comes out 4, which reads folders and files the same as 5.
 */
import {join} from 'node:path'
import {formatKirbyVersion, type KirbyVersion} from '../kirby-version.js'
import {decodeBytes} from '../txt/read.js'
import {decode} from '../txt/decode.js'
import {rulesFor} from '../kirby-version.js'
import {createLimit, nodeSiteFs, type SiteFs} from './fs.js'
import {extensionOf, isIgnoredName} from './inventory.js'
import type {ContentListing} from './scan.js'

/** The detected version and why. */
export interface DetectedVersion {
  /** The version (major only, `{minor: 99}`, unless the evidence is finer). */
  version: KirbyVersion
  /** One sentence per piece of evidence used. */
  reasons: string[]
}

/** Options of {@link detectVersion}. */
export interface DetectOptions {
  /** File system (default `node:fs/promises`). */
  fs?: SiteFs
  /** Shared read limiter. */
  limit?: <T>(task: () => Promise<T>) => Promise<T>
  /** Content files read at most for field evidence (default 500). */
  sampleSize?: number
  /** Blueprint files read at most (default 200). */
  blueprintLimit?: number
}

const v = (major: number, minor = 99, patch = 99): KirbyVersion => ({major, minor, patch})
const cmp = (a: KirbyVersion, b: KirbyVersion): number => a.major - b.major || a.minor - b.minor || a.patch - b.patch
const k3Rules = rulesFor(5)

interface Bound {
  version: KirbyVersion
  reason: string
  soft?: boolean
}

/** Facts gathered from a site before deciding. */
export interface VersionEvidence {
  dashFolders: number
  underscoreFolders: number
  draftsFolders: number
  blueprintsPages: boolean
  blueprintsTopLevel: string[]
  languagesPhp: number
  kirby2LanguagesConfig: boolean
  contentFilesRead: number
  uuids: number
  lowerCaseUuids: number
  mixedCaseUuids: number
  blocksJson: number
  editorJson: number
  timeShort: number
  timeLong: number
  blueprintTypes: Set<string>
}

const emptyEvidence = (): VersionEvidence => ({
  dashFolders: 0,
  underscoreFolders: 0,
  draftsFolders: 0,
  blueprintsPages: false,
  blueprintsTopLevel: [],
  languagesPhp: 0,
  kirby2LanguagesConfig: false,
  contentFilesRead: 0,
  uuids: 0,
  lowerCaseUuids: 0,
  mixedCaseUuids: 0,
  blocksJson: 0,
  editorJson: 0,
  timeShort: 0,
  timeLong: 0,
  blueprintTypes: new Set()
})

/** Field names declared `type: time` in a blueprint (line-based: the nearest less-indented key above). */
export const timeFieldNames = (yaml: string): string[] => {
  const lines = yaml.split(/\r?\n/)
  const names: string[] = []
  lines.forEach((line, index) => {
    const match = /^(\s*)type:\s*["']?time["']?\s*$/.exec(line)
    if (!match) return
    const indent = match[1]!.length
    for (let k = index - 1; k >= 0; k--) {
      const key = /^(\s*)(?:-\s+)?([A-Za-z0-9_-]+):\s*$/.exec(lines[k]!)
      if (key && key[1]!.length < indent) {
        names.push(key[2]!.toLowerCase().replace(/[- ]/g, '_'))
        return
      }
    }
  })
  return names
}

/** Collects evidence from the blueprints, languages and a sample of content files. */
export const gatherEvidence = async (
  root: string | undefined,
  listing: ContentListing | undefined,
  options: DetectOptions = {}
): Promise<VersionEvidence> => {
  const fs = options.fs ?? nodeSiteFs
  const limit = options.limit ?? createLimit(16)
  const evidence = emptyEvidence()
  const timeFields = new Set<string>()
  const decoder = new TextDecoder()

  if (root !== undefined) {
    const blueprints = join(root, 'site', 'blueprints')
    const top = await limit(() => fs.readdir(blueprints, {withFileTypes: true})).catch(() => [])
    evidence.blueprintsPages = top.some((e) => e.name === 'pages' && e.isDirectory())
    evidence.blueprintsTopLevel = top
      .filter((e) => !e.isDirectory() && /\.(ya?ml|php)$/.test(e.name) && !/^site\.ya?ml$/.test(e.name))
      .map((e) => e.name)
    // Blueprint texts: field types (bounded number of files).
    const queue: string[] = [blueprints]
    let read = 0
    const budget = options.blueprintLimit ?? 200
    while (queue.length > 0 && read < budget) {
      const dir = queue.shift()!
      const entries = await limit(() => fs.readdir(dir, {withFileTypes: true})).catch(() => [])
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue
        const path = join(dir, entry.name)
        if (entry.isDirectory()) queue.push(path)
        else if (/\.ya?ml$/.test(entry.name) && read < budget) {
          read++
          const text = await limit(() => fs.readFile(path)).then((b) => decoder.decode(b), () => '')
          for (const m of text.matchAll(/^\s*type:\s*["']?([A-Za-z-]+)["']?\s*$/gm)) evidence.blueprintTypes.add(m[1]!.toLowerCase())
          for (const name of timeFieldNames(text)) timeFields.add(name)
        }
      }
    }
    const languages = await limit(() => fs.readdir(join(root, 'site', 'languages'), {withFileTypes: true})).catch(() => [])
    evidence.languagesPhp = languages.filter((e) => e.name.endsWith('.php')).length
    const configs = await limit(() => fs.readdir(join(root, 'site', 'config'), {withFileTypes: true})).catch(() => [])
    for (const entry of configs.filter((e) => /^config.*\.php$/.test(e.name))) {
      const text = await limit(() => fs.readFile(join(root, 'site', 'config', entry.name))).then((b) => decoder.decode(b), () => '')
      if (/c::set\(\s*['"]languages['"]/.test(text)) evidence.kirby2LanguagesConfig = true
    }
  }

  if (listing) {
    const txtPaths: string[] = []
    for (const dir of [...listing.dirs.keys()].sort()) {
      for (const entry of listing.dirs.get(dir)!) {
        if (isIgnoredName(entry.name) || entry.name.startsWith('.')) continue
        if (entry.isDirectory) {
          if (entry.name === '_drafts') evidence.draftsFolders++
          else if (/^[0-9]+-/.test(entry.name)) evidence.dashFolders++
          else if (/^[0-9]+_/.test(entry.name)) evidence.underscoreFolders++
        } else if (extensionOf(entry.name) === 'txt') txtPaths.push(`${dir}/${entry.name}`)
      }
    }
    const sample = txtPaths.slice(0, options.sampleSize ?? 500)
    const texts = await Promise.all(
      sample.map((rel) => limit(() => fs.readFile(join(listing.root, rel))).then((b) => decodeBytes(b).text, () => undefined))
    )
    for (const text of texts) {
      if (text === undefined) continue
      evidence.contentFilesRead++
      for (const field of decode(text, {rules: k3Rules}).fields) {
        const value = field.value
        if (field.key === 'uuid' && value !== '') {
          evidence.uuids++
          if (/^[0-9a-f]{8}-[0-9a-f]{4}-4/i.test(value)) continue
          if (/[A-Z]/.test(value)) evidence.mixedCaseUuids++
          else if (/[a-z]/.test(value)) evidence.lowerCaseUuids++
        } else if (value.startsWith('[') || value.startsWith('{')) {
          if (/"isHidden"\s*:/.test(value) && /"content"\s*:\s*\{/.test(value)) evidence.blocksJson++
          else if (/"columns"\s*:\s*\[/.test(value) && /"blocks"\s*:/.test(value)) evidence.blocksJson++
          else if (/"type"\s*:\s*"paragraph"/.test(value) && /"id"\s*:\s*"_/.test(value)) evidence.editorJson++
        } else if (timeFields.has(field.key)) {
          if (/^\d{1,2}:\d{2}$/.test(value)) evidence.timeShort++
          else if (/^\d{1,2}:\d{2}:\d{2}$/.test(value)) evidence.timeLong++
        }
      }
    }
  }
  return evidence
}

/** Decides a version from gathered evidence. */
export const decideVersion = (e: VersionEvidence): DetectedVersion => {
  const reasons: string[] = []
  // Kirby 2 or 3+?
  let k2 = 0
  let k3 = 0
  if (e.blueprintsPages) {
    k3 += 4
    reasons.push('`site/blueprints/pages/` exists (Kirby 3+ blueprint layout)')
  } else if (e.blueprintsTopLevel.length > 0) {
    k2 += 4
    reasons.push(`blueprints at the top of \`site/blueprints\` (\`${e.blueprintsTopLevel[0]}\`…, Kirby 2 layout)`)
  }
  if (e.draftsFolders > 0) {
    k3 += 3
    reasons.push(`${e.draftsFolders} \`_drafts\` folder(s) (Kirby 3+)`)
  }
  if (e.languagesPhp > 0) {
    k3 += 3
    reasons.push('`site/languages/*.php` (Kirby 3+)')
  }
  if (e.kirby2LanguagesConfig) {
    k2 += 3
    reasons.push("`c::set('languages', …)` in `site/config` (Kirby 2)")
  }
  if (e.dashFolders > 0 || e.underscoreFolders > 0) {
    if (e.dashFolders > e.underscoreFolders) {
      k2 += 2
      reasons.push(`${e.dashFolders} folder(s) numbered \`1-slug\` vs ${e.underscoreFolders} \`1_slug\` (Kirby 2 numbering)`)
    } else {
      k3 += 2
      reasons.push(`${e.underscoreFolders} folder(s) numbered \`1_slug\` vs ${e.dashFolders} \`1-slug\` (Kirby 3+ numbering)`)
    }
  }
  if (e.uuids > 0) k3 += 3
  if (e.blocksJson > 0) k3 += 3
  if (k2 > k3) return {version: v(2), reasons}

  const mins: Bound[] = [{version: v(3, 0, 0), reason: ''}]
  const maxes: Bound[] = []
  if (e.blocksJson > 0) mins.push({version: v(3, 5, 0), reason: `${e.blocksJson} blocks/layout JSON value(s) (3.5+)`})
  if (e.uuids > 0) mins.push({version: v(3, 8, 0), reason: `${e.uuids} \`Uuid:\` field(s) (3.8+)`})
  if (e.lowerCaseUuids >= 2)
    mins.push({version: v(5, 0, 0), reason: `${e.lowerCaseUuids} lower-case-only UUID(s) (5.0+ generates lower case)`})
  for (const type of ['color', 'link', 'object'])
    if (e.blueprintTypes.has(type)) mins.push({version: v(4, 0, 0), reason: `blueprint field type \`${type}\` (4.0+)`})
  if (e.blueprintTypes.has('entries')) mins.push({version: v(5, 0, 0), reason: 'blueprint field type `entries` (5.0+)'})
  if (e.timeShort > 0 && e.timeLong === 0)
    maxes.push({version: v(3, 4), reason: `${e.timeShort} time value(s) stored as \`HH:MM\` (3.0–3.4)`})
  if (e.timeLong > 0) mins.push({version: v(3, 5, 0), reason: `${e.timeLong} time value(s) stored as \`HH:MM:SS\` (3.5+)`})
  if (e.mixedCaseUuids > 0 && e.lowerCaseUuids < 2)
    maxes.push({version: v(4), reason: `all ${e.mixedCaseUuids} UUID(s) mixed case (generated by 3.8–4.x)`, soft: true})
  if (e.editorJson > 0 && e.blocksJson === 0)
    maxes.push({version: v(3, 4), reason: `${e.editorJson} kirby-editor plugin JSON value(s) (3.0–3.4 era)`, soft: true})
  if (e.uuids === 0 && e.contentFilesRead >= 10)
    maxes.push({version: v(3, 7), reason: `no \`Uuid:\` in ${e.contentFilesRead} content files (before 3.8)`, soft: true})

  let min = mins[0]!
  for (const bound of mins) if (cmp(bound.version, min.version) > 0) min = bound
  for (const bound of mins) if (bound.reason) reasons.push(bound.reason)
  let max: Bound | undefined
  for (const bound of maxes) {
    if (cmp(bound.version, min.version) < 0) {
      reasons.push(`${bound.reason}, overruled by ${formatKirbyVersion(min.version)}+`)
      continue
    }
    reasons.push(bound.reason)
    if (!max || cmp(bound.version, max.version) < 0) max = bound
  }
  if (max) return {version: max.version, reasons}
  if (min.version.major >= 5) return {version: v(5), reasons}
  reasons.push('nothing bounds the version from above: newest (5)')
  return {version: v(5), reasons}
}

/** Detects the Kirby version of the site at `root` (undefined: a lone file → 5). */
export const detectVersion = async (
  root: string | undefined,
  listing: ContentListing | undefined,
  options: DetectOptions = {}
): Promise<DetectedVersion> => {
  if (root === undefined) return {version: v(5), reasons: ['no site around the file: current Kirby (5)']}
  return decideVersion(await gatherEvidence(root, listing, options))
}

/**
 * @fileoverview Kirby versions and the reading rules that differ between them.
 *
 * A setting names a major version (`2`, `3`, `4`, `5`), a finer one where the
 * rules changed inside a major (`3.1`, `3.3`, `3.9.5`, `4.1`, …), or `auto`.
 * A major stands for its newest release (`4` = 4.5+ rules, `3` = 3.10).
 * Every rule below cites the release that introduced it (spec §1.5, §3.2, §4.2).
 */

/** What a user may ask for. */
export type KirbyVersionSetting = '2' | '3' | '4' | '5' | 'auto' | (string & {})

/** A concrete version as numbers. */
export interface KirbyVersion {
  major: number
  minor: number
  patch: number
}

/** The behaviours that differ between Kirby versions. */
export interface KirbyRules {
  /** The version these rules are for. */
  version: KirbyVersion
  /** `\----` at a line start loses its backslash on read (3.2+). */
  unescapeDividers: boolean
  /** Every BOM in a file is removed, not only a leading one (K2, K3 < 3.9.6). */
  stripAllBoms: boolean
  /** Kirbytags end at their balanced `)` (3.4+); before, at the first `)`. */
  balancedTags: boolean
  /** Tag names are matched case-insensitively (3.4+). */
  caseInsensitiveTagNames: boolean
  /** Tag attribute names are looked up case-insensitively (K3+; K2 keeps case). */
  caseInsensitiveAttributes: boolean
  /** A trailing attribute with no value is kept as `""` (K3+) or dropped (K2). */
  keepEmptyTrailingAttribute: boolean
  /** `site://`, `page://`, `file://`, `user://` are not split at `file:` etc. (4.0+). */
  protectUuidSchemes: boolean
  /** How a folder name splits into number and slug. */
  folderNumbering: 'dash' | 'digits-underscore' | 'any-underscore'
  /** `_drafts` folders hold drafts (K3+); K2 has no drafts and `_` folders are pages. */
  drafts: boolean
  /** Which content file decides the template when several are there. */
  templateElection: 'first' | 'last'
  /** Multi-line values are written `Key:` (3.2+) or `Key: ` (K2, 3.0–3.1). */
  multilineKeyTrailingSpace: boolean
  /** Value trimmed before the multi-line test when writing (3.7.2+). */
  trimBeforeMultilineTest: boolean
}

/** Parses `5`, `4.1`, `3.9.6`; returns undefined for anything else. */
export const parseKirbyVersion = (value: string | number): KirbyVersion | undefined => {
  const match = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(String(value))
  if (!match) return undefined
  const major = Number(match[1])
  if (major < 2 || major > 5) return undefined
  // A bare major means its newest release.
  const minor = match[2] === undefined ? 99 : Number(match[2])
  const patch = match[3] === undefined ? 99 : Number(match[3])
  return {major, minor, patch}
}

/** Compares two versions: negative, zero or positive. */
export const compareVersions = (a: KirbyVersion, b: KirbyVersion): number =>
  a.major - b.major || a.minor - b.minor || a.patch - b.patch

const atLeast = (v: KirbyVersion, major: number, minor = 0, patch = 0): boolean =>
  compareVersions(v, {major, minor, patch}) >= 0

/** The reading and writing rules of one Kirby version. */
export const rulesFor = (version: KirbyVersion | string | number): KirbyRules => {
  const v = typeof version === 'object' ? version : parseKirbyVersion(version)
  if (!v) throw new TypeError(`Unknown Kirby version \`${String(version)}\`, expected 2, 3, 4 or 5`)
  const k2 = v.major === 2
  return {
    version: v,
    unescapeDividers: atLeast(v, 3, 2),
    // 3.9.6 and 4.0.0 fixed CVE-2023-38488; the 3.5–3.8 security patch
    // releases (3.5.8.3 …) carry the fix too, but cannot be told apart here.
    stripAllBoms: k2 || !atLeast(v, 3, 9, 6),
    balancedTags: atLeast(v, 3, 4),
    caseInsensitiveTagNames: atLeast(v, 3, 4),
    caseInsensitiveAttributes: !k2,
    keepEmptyTrailingAttribute: !k2,
    protectUuidSchemes: atLeast(v, 4),
    folderNumbering: k2 ? 'dash' : atLeast(v, 4, 2) ? 'any-underscore' : 'digits-underscore',
    drafts: !k2,
    templateElection: k2 ? 'first' : 'last',
    multilineKeyTrailingSpace: k2 || !atLeast(v, 3, 2),
    trimBeforeMultilineTest: atLeast(v, 3, 7, 2)
  }
}

/** Short label of a version: `5`, `4.1`, `3.9.6`. */
export const formatKirbyVersion = (v: KirbyVersion): string =>
  v.minor === 99 ? String(v.major) : v.patch === 99 ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`

/** The rules kfx uses when nothing says otherwise: current Kirby. */
export const defaultRules = (): KirbyRules => rulesFor(5)

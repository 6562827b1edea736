/**
 * @fileoverview Shapes of a loaded blueprint: the fields Kirby would build
 * from it after `extends`, the layout shorthands, groups and lower-casing
 * (spec §6.1–6.3, §6.7), ready to be compiled into JSON Schema.
 */
import type {BlueprintPlace, YamlMap} from './yaml.js'

/** Which model a blueprint is for. */
export interface BlueprintModel {
  /** A page template, a file template, or the site. */
  kind: 'page' | 'file' | 'site'
  /** Template name (`site` for the site). */
  name: string
}

/** One block type a blocks or layout field allows. */
export interface BlueprintFieldset {
  /** Block type (`heading`, `text`, or a site's own). */
  type: string
  /** The fieldset's fields (all tabs), empty for `line` or when unknown. */
  fields: BlueprintField[]
  /** Whether its definition is Kirby's own core block blueprint. */
  core: boolean
  /** Whether a definition was found at all (core, the site's `blocks/<type>.yml`, or inline). */
  defined: boolean
}

/** One field of a blueprint, normalised as Kirby normalises it. */
export interface BlueprintField {
  /** Field name as written in the blueprint. */
  name: string
  /** The key its value is stored under: lower-cased; in content files also `-`/space → `_`. */
  key: string
  /** Field type (`text`, `structure`…; defaults to the name in Kirby 3+, `text` in Kirby 2). */
  type: string
  /** Whether Kirby knows the type: `ok`, `unknown` (Kirby shows an error field), `unavailable` (too new for the site's Kirby version), `custom` (a Kirby 2 `site/fields` type). */
  status: 'ok' | 'unknown' | 'unavailable' | 'custom'
  /** All props after `extends` (and a group's `when`). */
  props: YamlMap
  /** Where the field's name is written. */
  declared?: BlueprintPlace
  /** Sub-fields of structure and object fields (entries: its one field). */
  fields?: BlueprintField[]
  /** Block types of blocks and layout fields. */
  fieldsets?: BlueprintFieldset[]
}

/** A blueprint after loading and normalising. */
export interface NormalizedBlueprint {
  /** Which model it is for. */
  kind: 'page' | 'file' | 'site'
  /** Template name asked for (`site` for the site). */
  name: string
  /** Blueprint file used, relative to the site root; absent when Kirby's core default applies. */
  file?: string
  /** Whether it is a Kirby 2 Panel blueprint. */
  kirby2: boolean
  /** Blueprint title, when a string. */
  title?: string
  /** Fields in Kirby's order (only `fields` sections contribute). */
  fields: BlueprintField[]
  /** Content keys Kirby manages itself. */
  builtIn: string[]
}

/** A blueprint file present in a site. */
export interface BlueprintEntry {
  /** Which model it describes. */
  kind: 'page' | 'file' | 'site'
  /** Template name (`site` for the site). */
  name: string
  /** Path relative to the site root. */
  file: string
}

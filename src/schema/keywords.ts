/**
 * @fileoverview The two annotation keywords kfx adds to JSON Schema, shared
 * by the blueprint compiler (which writes them) and the validator (which
 * reads them). Every other keyword is standard JSON Schema (2020-12 or
 * draft-07) plus the `kirby-*` formats of `schemas/kirby-fields.schema.json`.
 *
 * - `kirbyField` on a property schema says how the stored string of that
 *   field becomes a typed value (a structure's YAML → a list of maps, a
 *   toggle → a boolean, tags → a list…) and where the field was declared.
 * - `kirbyBlueprint` on a root schema says which blueprint it was compiled
 *   from; with it, content fields the blueprint does not declare are
 *   reported (as Kirby's `clean:content` would remove them).
 */

/** How a field's stored string is typed; on a property schema. */
export interface KirbyFieldAnnotation {
  /** The blueprint field type (`text`, `date`, `structure`, `tags`, `toggle`, `blocks`, `files`, …). */
  type: string
  /** The separator of list-in-a-string types (tags, checkboxes, multiselect); default `,`. */
  separator?: string
  /** `date` fields with `time: true`, `time` fields: which stored shape is expected. */
  time?: boolean
  /** `translate: false`: only the default language stores it. */
  translate?: boolean
  /** The field's label, for messages. */
  label?: string
  /** Where the field is declared: blueprint path relative to the site root, 1-based line and column. */
  declared?: {file: string; line: number; column: number}
}

/** What a compiled root schema was made from; on a root schema. */
export interface KirbyBlueprintAnnotation {
  /** Which model: a page template, a file template, or the site. */
  kind: 'page' | 'file' | 'site' | 'user'
  /** Template (page/file), or `site`. */
  name: string
  /** Blueprint file relative to the site root; absent when Kirby's default applies. */
  file?: string
  /** Content keys Kirby manages itself (`title`, `slug`, `uuid`, `template`, `sort`…): never unknown. */
  builtIn: string[]
}

/** The keyword names, for `ajv.addKeyword`. */
export const KIRBY_FIELD = 'kirbyField'
export const KIRBY_BLUEPRINT = 'kirbyBlueprint'

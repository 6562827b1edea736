/**
 * @fileoverview The field types Kirby knows, the release that added each,
 * and how each is stored (spec §6.4, §6.7). `value` is the typed value the
 * validator makes of the stored string: `string`, `number`, `boolean`,
 * `list` (a string split at a separator), `array` (YAML or JSON list),
 * `object` (YAML map), or `none` (the field stores nothing).
 */

/** What the typed value of a field is. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'list' | 'array' | 'object' | 'none'

/** One field type. */
export interface FieldTypeInfo {
  /** First release with the type: `[major, minor]`. */
  since: [number, number]
  /** The typed value. */
  value: ValueKind
}

const t = (major: number, minor: number, value: ValueKind): FieldTypeInfo => ({since: [major, minor], value})

/** Kirby 3+ core field types (`config/fields/*.php`). */
export const FIELD_TYPES: ReadonlyMap<string, FieldTypeInfo> = new Map([
  ['blocks', t(3, 5, 'array')],
  ['checkboxes', t(3, 0, 'list')],
  ['color', t(4, 0, 'string')],
  ['date', t(3, 0, 'string')],
  ['email', t(3, 0, 'string')],
  ['entries', t(5, 0, 'array')],
  ['files', t(3, 0, 'array')],
  ['gap', t(3, 5, 'none')],
  ['headline', t(3, 0, 'none')],
  ['hidden', t(3, 0, 'string')],
  ['info', t(3, 0, 'none')],
  ['layout', t(3, 5, 'array')],
  ['line', t(3, 0, 'none')],
  ['link', t(4, 0, 'string')],
  ['list', t(3, 5, 'string')],
  ['multiselect', t(3, 0, 'list')],
  ['number', t(3, 0, 'number')],
  ['object', t(4, 0, 'object')],
  ['pages', t(3, 0, 'array')],
  ['radio', t(3, 0, 'string')],
  ['range', t(3, 0, 'number')],
  ['select', t(3, 0, 'string')],
  ['slug', t(3, 6, 'string')],
  ['stats', t(5, 0, 'none')],
  ['structure', t(3, 0, 'array')],
  ['tags', t(3, 0, 'list')],
  ['tel', t(3, 0, 'string')],
  ['text', t(3, 0, 'string')],
  ['textarea', t(3, 0, 'string')],
  ['time', t(3, 0, 'string')],
  ['toggle', t(3, 0, 'boolean')],
  ['toggles', t(4, 0, 'string')],
  ['url', t(3, 0, 'string')],
  ['users', t(3, 0, 'array')],
  ['writer', t(3, 5, 'string')]
])

/**
 * Kirby 2 Panel field types (`getkirby-v2/panel:app/fields/`). `checkbox`
 * stores `1`/`0`, `toggle` `true`/`false`, `image` a file name, `page` a
 * page URI, `user` a username, `title` the page title.
 */
export const KIRBY2_FIELD_TYPES: ReadonlyMap<string, FieldTypeInfo> = new Map([
  ['checkbox', t(2, 0, 'string')],
  ['checkboxes', t(2, 0, 'list')],
  ['date', t(2, 0, 'string')],
  ['datetime', t(2, 0, 'string')],
  ['email', t(2, 0, 'string')],
  ['filename', t(2, 0, 'none')],
  ['headline', t(2, 0, 'none')],
  ['hidden', t(2, 0, 'string')],
  ['image', t(2, 0, 'string')],
  ['info', t(2, 0, 'none')],
  ['line', t(2, 0, 'none')],
  ['number', t(2, 0, 'number')],
  ['page', t(2, 0, 'string')],
  ['password', t(2, 0, 'none')],
  ['radio', t(2, 0, 'string')],
  ['select', t(2, 0, 'string')],
  ['structure', t(2, 0, 'array')],
  ['tags', t(2, 0, 'list')],
  ['tel', t(2, 0, 'string')],
  ['text', t(2, 0, 'string')],
  ['textarea', t(2, 0, 'string')],
  ['time', t(2, 0, 'string')],
  ['title', t(2, 0, 'string')],
  ['toggle', t(2, 0, 'boolean')],
  ['url', t(2, 0, 'string')],
  ['user', t(2, 0, 'string')]
])

/** Kirby's core block types (`config/blocks/`), in `Fieldsets::factory`'s default order; `table` is core but not a default. */
export const CORE_BLOCK_TYPES = ['code', 'gallery', 'heading', 'image', 'line', 'list', 'markdown', 'quote', 'text', 'video'] as const

/** Section types of Kirby 3+ (`config/sections/`): only `fields` sections hold fields. */
export const SECTION_TYPES: ReadonlySet<string> = new Set(['fields', 'files', 'info', 'pages', 'stats'])

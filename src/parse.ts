/**
 * @fileoverview `parse`: one content file, from bytes or text, to its fields
 * and the kirbytags in each field, every place in file coordinates. This is
 * the per-file unit every command builds on.
 */
import {pointer} from './util/points.js'
import {builtinTags, type TagRegistry} from './kirbytag/registry.js'
import {kirbytagsInRenderOrder, type RenderedKirbytag} from './kirbytag/render-order.js'
import type {KirbytagMatch, Range} from './kirbytag/parse-tag.js'
import {defaultRules, rulesFor, type KirbyRules, type KirbyVersionSetting} from './kirby-version.js'
import {decode, sourceOffset, type Field} from './txt/decode.js'
import {decodeBytes} from './txt/read.js'
import type {Diagnostic, Point, Position} from './types.js'

/** Options of {@link parse}. */
export interface ParseOptions {
  /** Rules to read with; wins over `kirby`. */
  rules?: KirbyRules
  /** Kirby version to read as (`2`…`5`, `4.1`…); `auto` or none means current Kirby. */
  kirby?: KirbyVersionSetting
  /** Path of the file, kept on the result and on its diagnostics. */
  path?: string
  /** Kirbytags known on the site (default: the version's built-in tags). */
  registry?: TagRegistry
}

/** A parsed content file. */
export interface ContentFile {
  /** Path as given. */
  path?: string
  /** The decoded text (a BOM kept as U+FEFF). */
  text: string
  /** The rules it was read with. */
  rules: KirbyRules
  /** The kirbytags known while reading it. */
  registry: TagRegistry
  /** Kirby's fields, in Kirby's order. */
  fields: Field[]
  /** What the bytes and the tokenizer found, with places in this file. */
  diagnostics: Diagnostic[]
  /** Whether the file held a NUL byte. */
  binary: boolean
  /** Byte offset of the first invalid UTF-8 sequence, if any. */
  invalidUtf8At?: number
  /** Maps an offset in `text` to a line/column point. */
  point: (offset: number) => Point
}

/** A kirbytag with its places in the file. */
export interface PlacedKirbytag {
  /** Kirby's tag type (`youtube` is reported as `video`, as Kirby does in 3+). */
  type: string
  /** The name as written (`LINK`, `youtube`). */
  name: string
  /** The tag's value. */
  value: string
  /** Attributes by name as written, in Kirby's order. */
  attrs: Record<string, string>
  /** The whole tag, from `(` to `)`. */
  position: Position | undefined
  /** The value. */
  valuePosition: Position | undefined
  /** Each attribute's name and value. */
  attributes: Array<{name: string; value: string; namePosition: Position | undefined; valuePosition: Position | undefined}>
  /** The tag this one was rendered inside (an image whose caption holds it). */
  parent?: PlacedKirbytag
  /** The tag as the scanner found it (offsets relative to the field value). */
  match: KirbytagMatch
}

const rulesOf = (options: ParseOptions): KirbyRules =>
  options.rules ?? (options.kirby === undefined || options.kirby === 'auto' ? defaultRules() : rulesFor(options.kirby))

/** Parses the bytes or text of one content file. Never throws. */
export const parse = (input: string | Uint8Array, options: ParseOptions = {}): ContentFile => {
  const rules = rulesOf(options)
  const registry = options.registry ?? builtinTags(rules)
  const bytes = typeof input === 'string' ? undefined : decodeBytes(input)
  const text = bytes ? bytes.text : (input as string)
  const point = pointer(text)
  const {fields, diagnostics} = decode(text, {rules, point})
  const all: Diagnostic[] = []
  if (bytes) {
    for (const diagnostic of bytes.diagnostics) {
      all.push(
        diagnostic.code === 'invalid-utf8' && bytes.invalidUtf8Offset !== undefined
          ? {...diagnostic, place: point(bytes.invalidUtf8Offset)}
          : diagnostic.place === undefined
            ? {...diagnostic, place: point(0)}
            : diagnostic
      )
    }
  }
  for (const diagnostic of diagnostics) all.push(diagnostic)
  if (options.path !== undefined) for (const diagnostic of all) diagnostic.file ??= options.path
  const file: ContentFile = {text, rules, registry, fields, diagnostics: all, binary: bytes?.binary ?? false, point}
  if (options.path !== undefined) file.path = options.path
  if (bytes?.invalidUtf8At !== undefined) file.invalidUtf8At = bytes.invalidUtf8At
  return file
}

/** The field with Kirby's key `key`, if the file has one. */
export const getField = (file: ContentFile, key: string): Field | undefined => file.fields.find((field) => field.key === key)

/** Options of {@link fieldKirbytags}. */
export interface FieldKirbytagsOptions {
  /** The caption of an image file, for `(image:)` tags without `caption:` (Kirby 3+ reads the file's meta data). */
  imageCaption?: (tag: KirbytagMatch) => string | undefined
}

/**
 * The kirbytags Kirby finds when it renders `field` as KirbyText, in the
 * order its tag handlers run (a tag inside an image caption first), with
 * places in the file.
 */
export const fieldKirbytags = (file: ContentFile, field: Field, options: FieldKirbytagsOptions = {}): PlacedKirbytag[] => {
  const toPosition = (range: Range | undefined, inText: boolean): Position | undefined =>
    range && inText
      ? {
          start: file.point(sourceOffset(field, range[0])),
          end: file.point(range[1] > range[0] ? sourceOffset(field, range[1] - 1) + 1 : sourceOffset(field, range[0]))
        }
      : undefined
  const placed = new Map<RenderedKirbytag, PlacedKirbytag>()
  const rendered = kirbytagsInRenderOrder(field.value, {
    rules: file.rules,
    registry: file.registry,
    imageCaption: options.imageCaption
  })
  const results = rendered.map((entry) => {
    const {tag, inText} = entry
    const result: PlacedKirbytag = {
      type: tag.type,
      name: tag.name,
      value: tag.value,
      attrs: tag.attrs,
      position: toPosition([tag.start, tag.end], inText),
      valuePosition: toPosition(tag.valueRange, inText),
      attributes: tag.attributes.map((attribute) => ({
        name: attribute.name,
        value: attribute.value,
        namePosition: toPosition(attribute.nameRange, inText),
        valuePosition: toPosition(attribute.valueRange, inText)
      })),
      match: tag
    }
    placed.set(entry, result)
    return result
  })
  // Tags in a caption come before their image: link parents once all exist.
  for (const [entry, result] of placed) {
    const parent = entry.parent && placed.get(entry.parent)
    if (parent) result.parent = parent
  }
  return results
}


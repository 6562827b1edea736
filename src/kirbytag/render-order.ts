/**
 * @fileoverview The kirbytags Kirby renders for one KirbyText value, in the
 * order their handlers run, including tags rendered *inside* another tag.
 *
 * Kirby 3+ `image` renders its caption as KirbyText (`config/tags.php`:
 * `$kirby->kirbytext($tag->caption, ['markdown' => ['inline' => true]])`),
 * inside the image handler, so tags in the caption run (and finish) before
 * the image does. No other built-in tag re-renders an attribute. Kirby 2
 * escapes the caption with `html()` instead, and its tags end at the first
 * `)`, so a caption can never hold a whole tag there.
 *
 * This is the order of the `tags` lists in the golden data.
 */

import type {KirbytagMatch} from './parse-tag.js'
import {phpStrToLower} from '../txt/php.js'
import {findKirbytags, resolveOptions} from './scan.js'
import type {FindKirbytagsOptions} from './scan.js'

/** Options of {@link kirbytagsInRenderOrder}. */
export interface RenderOrderOptions extends FindKirbytagsOptions {
  /**
   * The caption of an image file when the tag gives none (Kirby 3+ falls back
   * to the file's `Caption` meta field). Return `undefined` when unknown.
   */
  imageCaption?: ((tag: KirbytagMatch) => string | undefined) | undefined
  /** Option `kirbytext.image.figure` (default `true`); `false` renders no caption. */
  imageFigure?: boolean | undefined
}

/** A tag in render order. */
export interface RenderedKirbytag {
  tag: KirbytagMatch
  /** The tag whose attribute this one was found in; `undefined` at the top level. */
  parent: RenderedKirbytag | undefined
  /**
   * Whether `tag`'s offsets point into the scanned text. Tags found in a
   * caption that came from a file's meta data have offsets into that caption.
   */
  inText: boolean
}

/** PHP truthiness of a string: not `''` and not `'0'`. */
const truthy = (value: string | undefined): value is string => value !== undefined && value !== '' && value !== '0'

/** Shifts every offset of a tag found in a substring. */
const shift = (tag: KirbytagMatch, by: number): KirbytagMatch => {
  const move = (range: [number, number]): [number, number] => [range[0] + by, range[1] + by]
  return {
    ...tag,
    start: tag.start + by,
    end: tag.end + by,
    nameRange: move(tag.nameRange),
    valueRange: tag.valueRange ? move(tag.valueRange) : undefined,
    attributes: tag.attributes.map((attribute) => ({
      ...attribute,
      nameRange: move(attribute.nameRange),
      valueRange: attribute.valueRange ? move(attribute.valueRange) : undefined
    }))
  }
}

/**
 * Kirby's `$tag->caption`: the constructor assigns the attributes in map
 * order (first position of each key), so the last key whose lower-cased
 * name is `caption` wins; its value is the key's last value.
 */
const captionAttribute = (tag: KirbytagMatch) => {
  let key: string | undefined
  for (const name of Object.keys(tag.attrs)) if (phpStrToLower(name) === 'caption') key = name
  return key === undefined ? undefined : tag.attributes.find((attribute) => attribute.name === key && !attribute.overridden)
}

/**
 * Every tag Kirby renders for `text`, in handler order: a tag nested in an
 * image caption comes before the image. Offsets are relative to `text`.
 */
export const kirbytagsInRenderOrder = (text: string, options?: RenderOrderOptions): RenderedKirbytag[] => {
  const resolved = {...options, ...resolveOptions(options)}
  const result: RenderedKirbytag[] = []
  const walk = (value: string, offset: number, inText: boolean, parent: RenderedKirbytag | undefined, depth: number): void => {
    for (const found of findKirbytags(value, resolved).tags) {
      const tag = offset === 0 ? found : shift(found, offset)
      const entry: RenderedKirbytag = {tag, parent, inText}
      const captioned = resolved.rules.version.major > 2 && tag.type === 'image' && resolved.imageFigure !== false
      // Deep nesting needs balanced parentheses in every level; keep a sane bound.
      if (captioned && depth < 64) {
        const attribute = captionAttribute(tag)
        if (attribute) {
          if (truthy(attribute.value) && attribute.valueRange) {
            walk(attribute.value, attribute.valueRange[0], inText, entry, depth + 1)
          }
        } else {
          const caption = resolved.imageCaption?.(tag)
          if (truthy(caption)) walk(caption, 0, false, entry, depth + 1)
        }
      }
      result.push(entry)
    }
  }
  walk(text, 0, true, undefined, 0)
  return result
}

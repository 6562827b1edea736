/**
 * @fileoverview A field's KirbyText as mdast in file coordinates. Its own
 * module so that commands that only need fields and tags (`inspect`) do not
 * load unified, remark and micromark at start-up.
 */
import type {Root} from 'mdast'
import {parseKirbytext} from './kirbytag/plugin.js'
import type {ContentFile} from './parse.js'
import {sourceOffset, type Field} from './txt/decode.js'

/**
 * A field's KirbyText as mdast, with `kirbytag` nodes, every position in
 * file coordinates (line, column and offset in the `.txt` file). Every tag
 * Kirby finds, also those Markdown hides in code, is in
 * `tree.data.kirbytags` (see docs/kirbytags.md).
 */
export const fieldTree = (file: ContentFile, field: Field): Root =>
  parseKirbytext(field.value, {
    rules: file.rules,
    registry: file.registry,
    mapOffset: (offset) => sourceOffset(field, offset),
    toPoint: file.point
  })

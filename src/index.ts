/**
 * @fileoverview The kfx library: everything the CLI is built on.
 *
 * ```ts
 * import {parse, fieldKirbytags, discover} from 'kfx'
 * const file = parse(bytes, {kirby: '5', path: 'content/1_blog/article.txt'})
 * for (const field of file.fields) console.log(field.key, fieldKirbytags(file, field))
 * ```
 */
export {parse, getField, fieldKirbytags} from './parse.js'
export {fieldTree} from './field-tree.js'
export type {ContentFile, ParseOptions, PlacedKirbytag, FieldKirbytagsOptions} from './parse.js'
export {decode, sourceOffset, toPairs, toRecord} from './txt/decode.js'
export type {DecodeOptions, DecodeResult, Field} from './txt/decode.js'
export {encode, encodeKey, encodeValue, slug, toAscii} from './txt/encode.js'
export type {EncodableValue, EncodeOptions} from './txt/encode.js'
export {dumpYaml} from './txt/spyc.js'
export type {YamlValue} from './txt/spyc.js'
export {decodeBytes} from './txt/read.js'
export type {DecodedText} from './txt/read.js'
export {compareVersions, defaultRules, formatKirbyVersion, parseKirbyVersion, rulesFor} from './kirby-version.js'
export type {KirbyRules, KirbyVersion, KirbyVersionSetting} from './kirby-version.js'
export type {Diagnostic, Point, Position, Severity} from './types.js'
export * from './site/index.js'
export * from './kirbytag/index.js'
export {main} from './cli.js'
export type {CliContext, OutputStream} from './cli.js'

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
export {validate} from './commands/validate.js'
export type {ValidateResult, ValidateRunOptions} from './commands/validate.js'
export {run, modelsOf} from './engine.js'
export type {EngineOptions, EngineResult, FileContext, Model, Stage} from './engine.js'
export {report, ruleUrl, severityOf} from './messages.js'
export type {Report} from './messages.js'
export {reporters, reporterFor} from './reporters/index.js'
export type {Reporter, ReporterOptions} from './reporters/index.js'
export type {JsonMessage, JsonResult} from './reporters/json.js'
export {loadConfig} from './config/load.js'
export type {KfxConfig, LoadedConfig} from './config/load.js'
export * from './blueprint/index.js'
export * from './validate/index.js'
export {main} from './cli.js'
export type {CliContext, OutputStream} from './cli.js'

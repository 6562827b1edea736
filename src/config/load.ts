/**
 * @fileoverview Configuration, found as the ecosystem finds it (lilconfig):
 * in each folder from the site upwards, the first of `kfx.config.json`,
 * `kfx.config.yaml`, `kfx.config.yml`, `kfx.config.js`, `kfx.config.mjs`,
 * `kfx.config.cjs`, `.kfxrc` (JSON or YAML), `.kfxrc.json`, `.kfxrc.yaml`,
 * `.kfxrc.yml`, or the `kfx` key of `package.json`; the nearest folder wins
 * and nothing is merged. `--config FILE` names one instead. It is checked
 * against `schemas/kfx-config.schema.json`; a mistake is a usage error
 * naming the file, line and column (a JavaScript configuration: the file).
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {Ajv2020} from 'ajv/dist/2020.js'
import {lilconfig, type Loader} from 'lilconfig'
import {LineCounter, parseDocument, type Document} from 'yaml'
import {UsageError} from '../errors.js'
import type {CustomTag} from '../kirbytag/registry.js'
import type {RuleSetting} from '../lint/config.js'
import {rangeOfPointer} from '../util/json-places.js'

/** The configuration, as written. */
export interface KfxConfig {
  kirby?: string
  /** Kirby's roots, relative to the configuration file's folder. */
  roots?: {content?: string; blueprints?: string}
  tags?: CustomTag[]
  blueprints?: boolean
  schemas?: Record<string, string>
  languages?: string[]
  rules?: Record<string, RuleSetting>
  /** Files not to check, gitignore syntax, relative to the configuration file's folder. */
  ignore?: string[]
  /** Content files larger than this many bytes are reported and not read (default 50 MB). */
  maxFileSize?: number
}

/** A configuration and where it came from. */
export interface LoadedConfig {
  config: KfxConfig
  /** The file it was read from; undefined when there is none. */
  file?: string
}

/** The file names searched in each folder, in order of precedence. */
export const searchPlaces: readonly string[] = [
  'kfx.config.json',
  'kfx.config.yaml',
  'kfx.config.yml',
  'kfx.config.js',
  'kfx.config.mjs',
  'kfx.config.cjs',
  '.kfxrc',
  '.kfxrc.json',
  '.kfxrc.yaml',
  '.kfxrc.yml',
  'package.json'
]

const schemaUrl = new URL('../../schemas/kfx-config.schema.json', import.meta.url)
let validator: ReturnType<Ajv2020['compile']> | undefined

const validate = async (value: unknown): Promise<ReturnType<Ajv2020['compile']>> => {
  if (!validator) {
    const schema = JSON.parse(await readFile(schemaUrl, 'utf8')) as object
    validator = new Ajv2020({allErrors: true, strict: false}).compile(schema)
  }
  validator(value)
  return validator
}

/** A text configuration as read: its value, and the document for places. */
interface TextSource {
  document: Document
  lines: LineCounter
}

const placeIn = (file: string, lines: LineCounter | undefined, offset: number | undefined): string => {
  if (!lines || offset === undefined) return file
  const {line, col} = lines.linePos(offset)
  return `${file}:${line}:${col}`
}

/** Parses JSON or YAML text (JSON is read as YAML 1.2, with places); a syntax error is a usage error at its place. */
const parseText = (file: string, text: string): TextSource & {value: unknown} => {
  const lines = new LineCounter()
  const document = parseDocument(text.replace(/^\uFEFF/, ''), {lineCounter: lines, version: '1.2'})
  if (document.errors.length > 0) {
    const error = document.errors[0]!
    throw new UsageError(`${placeIn(file, lines, error.pos[0])}: Cannot read configuration: ${error.message.split('\n')[0]}`)
  }
  let value: unknown
  try {
    // `toJS` bounds aliases (`maxAliasCount`, 100 by default) and throws on an alias bomb.
    value = document.toJS()
  } catch (error) {
    throw new UsageError(`${file}:1:1: Cannot read configuration: ${error instanceof Error ? error.message : String(error)}`)
  }
  return {document, lines, value}
}

/** Checks a value against the schema; `source` gives places, `prefix` the pointer of the configuration in it. */
const checkValue = async (file: string, value: unknown, source: TextSource | undefined, prefix = ''): Promise<KfxConfig> => {
  const check = await validate(value)
  const [first] = check.errors ?? []
  if (first) {
    const range = source ? rangeOfPointer(source.document, prefix + first.instancePath) : undefined
    const detail = first.keyword === 'additionalProperties' ? ` \`${String(first.params.additionalProperty)}\`` : ''
    const place = source ? placeIn(file, source.lines, range?.[0] ?? 0) : file
    throw new UsageError(
      `${place}: Unexpected configuration${first.instancePath ? ` at \`${first.instancePath}\`` : ''}: ${first.message ?? 'invalid'}${detail}`
    )
  }
  return value as KfxConfig
}

/**
 * Loaders for lilconfig. Text formats remember their document, so that a
 * schema error can be placed; JavaScript is imported (its default export).
 */
const createLoaders = (sources: Map<string, TextSource>) => {
  const text: Loader = (file, content) => {
    const parsed = parseText(file, content)
    sources.set(file, parsed)
    return parsed.value
  }
  const packageJson: Loader = (file, content) => {
    if (path.basename(file) !== 'package.json') return text(file, content)
    try {
      return text(file, content)
    } catch (error) {
      // A broken package.json is kfx's business only when it holds a `kfx` key.
      if (/"kfx"\s*:/.test(content)) throw error
      return {}
    }
  }
  const script: Loader = async (file) => {
    try {
      const module = (await import(pathToFileURL(file).href)) as {default?: unknown}
      return module.default
    } catch (error) {
      throw new UsageError(`${file}: Cannot load configuration: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return {'.json': packageJson, '.yaml': text, '.yml': text, noExt: text, '.js': script, '.mjs': script, '.cjs': script}
}

/** Reads and checks one configuration file (`key`: the package.json key, or none for the whole file). */
export const readConfig = async (file: string, key?: string): Promise<KfxConfig> => {
  const sources = new Map<string, TextSource>()
  const loaders = createLoaders(sources)
  const extension = path.extname(file)
  const loader = (loaders as Record<string, Loader>)[extension] ?? loaders.noExt
  const whole = (await loader(file, await readFile(file, 'utf8'))) as unknown
  const value = key === undefined ? whole : (whole as Record<string, unknown> | null)?.[key]
  return (await checkValue(file, value ?? {}, sources.get(file), key === undefined ? '' : `/${key}`)) ?? {}
}

/** Finds and reads the configuration for a site: `explicit`, or the first found upwards from `from`. */
export const loadConfig = async (from: string, explicit?: string): Promise<LoadedConfig> => {
  if (explicit !== undefined) {
    const file = path.resolve(explicit)
    const exists = await readFile(file).then(
      () => true,
      () => false
    )
    if (!exists) throw new UsageError(`Cannot find configuration \`${explicit}\``)
    return {config: await readConfig(file, path.basename(file) === 'package.json' ? 'kfx' : undefined), file}
  }
  const start = path.resolve(from)
  const sources = new Map<string, TextSource>()
  const explorer = lilconfig('kfx', {
    searchPlaces: [...searchPlaces],
    loaders: createLoaders(sources),
    // Up to the file system's root, as before lilconfig (its default stops at the home folder).
    stopDir: path.parse(start).root,
    // An empty file is a configuration with nothing set.
    ignoreEmptySearchPlaces: false,
    cache: false
  })
  const found = await explorer.search(start)
  if (!found) return {config: {}}
  const file = found.filepath
  const isPackage = path.basename(file) === 'package.json'
  const value: unknown = found.isEmpty ? {} : found.config
  return {config: await checkValue(file, value ?? {}, sources.get(file), isPackage ? '/kfx' : ''), file}
}

/** Whether a folder holds a configuration file of its own (for `kfx init`); the file, or undefined. */
export const configIn = async (dir: string): Promise<string | undefined> => {
  for (const place of searchPlaces) {
    const file = path.join(dir, place)
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) continue
    if (place !== 'package.json') return file
    try {
      const value = JSON.parse(text) as unknown
      if (typeof value === 'object' && value !== null && Object.hasOwn(value, 'kfx')) return file
    } catch {
      if (/"kfx"\s*:/.test(text)) return file
    }
  }
  return undefined
}

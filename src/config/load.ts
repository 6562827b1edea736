/**
 * @fileoverview Configuration: `kfx.config.json`, or the `kfx` key of
 * `package.json`, found by searching upwards from the site root (the first
 * one wins), or given with `--config`. It is checked against
 * `schemas/kfx-config.schema.json`; a mistake is a usage error naming the
 * file, line and column.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import {LineCounter, parseDocument} from 'yaml'
import {UsageError} from '../errors.js'
import type {CustomTag} from '../kirbytag/registry.js'
import type {RuleSetting} from '../lint/config.js'
import {rangeOfPointer} from '../util/json-places.js'

/** The configuration, as written. */
export interface KfxConfig {
  kirby?: string
  tags?: CustomTag[]
  blueprints?: boolean
  schemas?: Record<string, string>
  languages?: string[]
  rules?: Record<string, RuleSetting>
}

/** A configuration and where it came from. */
export interface LoadedConfig {
  config: KfxConfig
  /** The file it was read from; undefined when there is none. */
  file?: string
}

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

/** Reads and checks one configuration file (`key`: the package.json key, or none for the whole file). */
export const readConfig = async (file: string, key?: string): Promise<KfxConfig> => {
  const text = await readFile(file, 'utf8')
  const lines = new LineCounter()
  const document = parseDocument(text, {lineCounter: lines, version: '1.2'})
  const place = (offset: number) => {
    const {line, col} = lines.linePos(offset)
    return `${file}:${line}:${col}`
  }
  if (document.errors.length > 0) {
    const error = document.errors[0]!
    throw new UsageError(`${place(error.pos[0])}: Cannot read configuration: ${error.message.split('\n')[0]}`)
  }
  const whole = document.toJS() as unknown
  const value = key === undefined ? whole : (whole as Record<string, unknown> | null)?.[key]
  const check = await validate(value)
  const [first] = check.errors ?? []
  if (first) {
    const pointer = (key === undefined ? '' : `/${key}`) + first.instancePath
    const range = rangeOfPointer(document, pointer)
    const detail = first.keyword === 'additionalProperties' ? ` \`${String(first.params.additionalProperty)}\`` : ''
    throw new UsageError(
      `${place(range?.[0] ?? 0)}: Unexpected configuration${first.instancePath ? ` at \`${first.instancePath}\`` : ''}: ${first.message ?? 'invalid'}${detail}`
    )
  }
  return value as KfxConfig
}

/** Whether a JSON text is an object with `key` at its top level (a broken file: let readConfig say why). */
const hasTopLevelKey = (text: string, key: string): boolean => {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null && Object.hasOwn(value, key)
  } catch {
    return /"kfx"\s*:/.test(text)
  }
}

/** Finds and reads the configuration for a site: `explicit`, or the first found upwards from `from`. */
export const loadConfig = async (from: string, explicit?: string): Promise<LoadedConfig> => {
  if (explicit !== undefined) {
    const file = path.resolve(explicit)
    const isPackage = path.basename(file) === 'package.json'
    const exists = await readFile(file).then(
      () => true,
      () => false
    )
    if (!exists) throw new UsageError(`Cannot find configuration \`${explicit}\``)
    return {config: (await readConfig(file, isPackage ? 'kfx' : undefined)) ?? {}, file}
  }
  let dir = path.resolve(from)
  for (;;) {
    const config = path.join(dir, 'kfx.config.json')
    if (await readFile(config).then(() => true, () => false)) return {config: await readConfig(config), file: config}
    const manifest = path.join(dir, 'package.json')
    const text = await readFile(manifest, 'utf8').catch(() => undefined)
    // Only a top-level `kfx` key is a configuration (`"bin": {"kfx": …}` is not).
    if (text !== undefined && hasTopLevelKey(text, 'kfx')) return {config: await readConfig(manifest, 'kfx'), file: manifest}
    const parent = path.dirname(dir)
    if (parent === dir) return {config: {}}
    dir = parent
  }
}

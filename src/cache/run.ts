/**
 * @fileoverview The result cache of one checking run (`kfx check --cache`),
 * built from what the run was asked: what its settings digest covers, where
 * the cache file goes, what to do for a restored file. `src/check.ts` calls
 * {@link runCache} once and hands the result to the engine.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import type {KfxConfig} from '../config/load.js'
import type {Model} from '../engine.js'
import type {CustomTag} from '../kirbytag/registry.js'
import type {EnabledRule} from '../lint/config.js'
import type {Site} from '../site/index.js'
import {createResultCache, type ResultCache} from './index.js'

/** What a checking run knows when it sets up its cache. */
export interface RunCacheOptions {
  /** `--cache`: whether to cache at all. */
  enabled: boolean | undefined
  /** `--cache-location`. */
  location: string | undefined
  cwd: string
  /** `validate`, `lint` or `check`. */
  command: string
  config: KfxConfig
  /** The configuration file, if any. */
  configFile: string | undefined
  kirby: string
  tags: readonly CustomTag[]
  /** The rules that run, with their levels and options. */
  rules: readonly EnabledRule[]
  /** `--schema`. */
  schema: string | undefined
  /** For a restored file: show its blueprint's findings (the validate stage's `restored`). */
  restored?: ((site: Site, model: Model) => Promise<void>) | undefined
  log: (line: string) => void
  /** kfx's own digest when another thread computed it (src/parallel/): both must key results alike. */
  kfx?: string | undefined
}

/** Rules whose results depend on the outside world, not on the site: a run with one on is not cached. */
const UNCACHEABLE = new Set(['no-dead-external-link'])

/** The result cache of a run, or undefined when the run is not to be cached. */
export const runCache = (options: RunCacheOptions): ResultCache | undefined => {
  if (!options.enabled) return undefined
  const {config, configFile, cwd, log} = options
  const outside = options.rules.filter(({rule}) => UNCACHEABLE.has(rule.id))
  if (outside.length > 0) {
    log(`cache: off, ${outside.map(({rule}) => `\`${rule.id}\``).join(', ')} depends on the network`)
    return undefined
  }
  const base = configFile ? path.dirname(configFile) : cwd
  const schemaFiles = Object.values(config.schemas ?? {}).map((file) => path.resolve(base, file))
  return createResultCache({
    cwd,
    location: options.location,
    settings: {
      command: options.command,
      config,
      kirby: options.kirby,
      tags: options.tags,
      rules: options.rules.map(({rule, severity, options: ruleOptions}) => [rule.id, severity, ruleOptions ?? null]),
      schema: options.schema === undefined ? null : path.resolve(cwd, options.schema)
    },
    ...(options.kfx === undefined ? {} : {kfx: options.kfx}),
    files: [configFile, ...schemaFiles, options.schema === undefined ? undefined : path.resolve(cwd, options.schema)],
    onRestore: async (site: Site, file: VFile, model: Model) => {
      log(`${file.path}: from the cache`)
      await options.restored?.(site, model)
    }
  })
}

/** Writes the cache of a run and says what it did (`--verbose`). */
export const closeCache = async (cache: ResultCache | undefined, log: (line: string) => void): Promise<void> => {
  if (!cache) return
  await cache.save().catch((error: unknown) => {
    // A cache that cannot be written costs the next run time, not this run its result.
    log(`cache: cannot write ${cache.location ?? 'the cache file'}: ${error instanceof Error ? error.message : String(error)}`)
  })
  const {hits, misses, reset, written} = cache.stats
  log(`cache: ${hits} from the cache, ${misses} checked${reset ? ` (${reset})` : ''}${written ? `, written to ${cache.location}` : ''}`)
}

/**
 * @fileoverview The checking commands as library functions: `validate`,
 * `lint`, and `check` (both in one pass over the site: each file is read
 * and parsed once, then judged by the schemas and the rules). The CLI's
 * `kfx validate`, `kfx lint` and `kfx check` print what these return.
 */
import {stat} from 'node:fs/promises'
import path from 'node:path'
import type {VFile} from 'vfile'
import {kfxDigest} from './cache/hash.js'
import {closeCache, runCache} from './cache/run.js'
import {createIgnoreFilter, type IgnoreFilter} from './config/ignore.js'
import {loadConfig, type KfxConfig} from './config/load.js'
import {run, type Stage} from './engine.js'
import {ExitCode} from './errors.js'
import {formatKirbyVersion} from './kirby-version.js'
import type {CustomTag} from './kirbytag/registry.js'
import {enabledRules, type RuleSetting} from './lint/config.js'
import {fixes, type Fix} from './lint/rule.js'
import {report, severityOf} from './messages.js'
import {createLintStage, siteFileFor} from './pipeline/lint.js'
import {createValidateStage} from './pipeline/validate.js'
import {rules as registry} from './rules/index.js'
import type {Site} from './site/index.js'
import {displayPath} from './util/paths.js'
import {fileData, mergeFiles, type FileData, type FromWorker, type WorkerJob, type WorkerLink} from './parallel/protocol.js'

/** Options of {@link validate}, {@link lint} and {@link check}. */
export interface CheckOptions {
  /** Directory paths are resolved against and shown relative to (default: `process.cwd()`). */
  cwd?: string
  /** Content files or folders of one site (default: `content/`). */
  paths?: readonly string[]
  /** `auto` (default) or a Kirby version. */
  kirby?: string
  /** A JSON Schema file every page must match. */
  schema?: string
  /** A configuration file (default: found upwards from the site). */
  config?: string
  /** A site's own kirbytags, besides the configuration's. */
  tags?: CustomTag[]
  /** Rule levels, after the configuration's (`{"no-broken-link": "warn"}`). */
  rules?: Record<string, RuleSetting>
  /** Called with lines that explain the run (`--verbose`). */
  log?: (line: string) => void
  /** Reuse the results of unchanged files from `.kfxcache` (`--cache`, src/cache/). */
  cache?: boolean
  /** The cache file, or a folder for `.kfxcache` (default: the site root). */
  cacheLocation?: string
  /** Gitignore-style patterns of files not to check, relative to `cwd` (`--ignore-pattern`). */
  ignorePatterns?: readonly string[]
  /** `false`: check ignored files too — no `.kfxignore`, `.gitignore`, `ignore` or patterns (`--no-ignore`). */
  ignore?: boolean
  /** Text to check instead of a file's own, by absolute path (`--stdin`); the site is still read from disk. */
  overrides?: ReadonlyMap<string, Uint8Array>
  /**
   * Threads to judge files in, this one included (`--jobs`): `auto` (default)
   * uses one a core but one (left to the garbage collector) once there are
   * about 25,000 files a thread; `1` never
   * starts a worker. Results are the same either way.
   */
  jobs?: number | 'auto'
  /** Keep the text of files with messages on their VFile (default true); without it a run holds only the findings. */
  keepText?: boolean
  /** @internal For tests: worker threads judge every file. */
  workersOnly?: boolean
}

/** What a checking run found. */
export interface CheckResult {
  /** One VFile per checked file, then files for findings about blueprints and folders; messages on each. */
  files: VFile[]
  /** Whether kfx failed on a file (exit code 2). */
  crashed: boolean
  /** Content files under the paths left out because they are ignored (absolute). */
  ignored: string[]
  /** The site that was read. */
  site: Site
  /** The fixes offered, per file path (relative to the cwd), for `--fix`. */
  fixes: Map<string, {absolute: string; fixes: Fix[]}>
}

const isDirectory = (file: string): Promise<boolean> => stat(file).then((info) => info.isDirectory(), () => false)

/** Site reader findings about what it could not or would not read, reported by every checking command. */
const SITE_READ_CODES = new Set(['unreadable-folder', 'symlink-outside', 'symlink-loop', 'broken-symlink', 'special-file'])

type Command = WorkerJob['command']

/** The options a worker thread gets: plain data only (no `log`, no `--stdin` text). */
const jobOptions = (options: CheckOptions, cwd: string): Record<string, unknown> => {
  const {log: _log, overrides: _overrides, jobs: _jobs, workersOnly: _workersOnly, ...plain} = options
  return {...plain, cwd}
}

/**
 * Runs the chosen stages over one site. With `serve`, this is a worker
 * thread of a parallel run: it builds the same stages, judges the files the
 * main thread hands out, and hands back what belongs to no content file.
 */
const checkWith = async (
  options: CheckOptions,
  what: {validate: boolean; lint: boolean},
  command: Command,
  serve?: {link: WorkerLink; kfx?: string | undefined}
): Promise<CheckResult> => {
  const cwd = options.cwd ?? process.cwd()
  const first = path.resolve(cwd, options.paths?.[0] ?? 'content')
  const loaded = await loadConfig((await isDirectory(first)) ? first : path.dirname(first), options.config)
  const config: KfxConfig = loaded.config
  // Kirby's roots from the configuration, relative to its folder.
  const roots = rootsOf(config, loaded.file)
  const paths = options.paths && options.paths.length > 0 ? options.paths : roots.content ? [roots.content.absolute] : []
  const kirby = options.kirby !== undefined && options.kirby !== 'auto' ? options.kirby : (config.kirby ?? 'auto')
  const log = options.log ?? (() => {})

  const stages: Stage[] = []
  const extras: Array<() => VFile[]> = []
  /** Files of findings about no content file, from worker threads. */
  const remote: FileData[] = []
  const validation = what.validate ? await createValidateStage({cwd, config, configFile: loaded.file, schema: options.schema, log}) : undefined
  if (validation) {
    stages.push(validation.stage)
    extras.push(validation.extraFiles)
  }
  const enabled = what.lint ? enabledRules(registry, config.rules, options.rules) : []
  if (what.lint) {
    const linting = createLintStage({cwd, rules: enabled, blueprints: config.blueprints !== false})
    stages.push(linting.stage)
    extras.push(linting.extraFiles)
  }
  const tags = [...(config.tags ?? []), ...(options.tags ?? [])]
  const cache = runCache({
    ...{enabled: options.cache, location: options.cacheLocation, cwd, command, config, configFile: loaded.file, kirby, tags},
    ...{rules: enabled, schema: options.schema, restored: validation?.restored, log, kfx: serve?.kfx}
  })

  const prepare = (site: Site) => {
    log(`site ${displayPath(site.root, cwd)}: Kirby ${formatKirbyVersion(site.rules.version)} (${site.version.source === 'option' ? 'as asked' : site.version.reasons.join('; ')})`)
    if (loaded.file) log(`configuration: ${displayPath(loaded.file, cwd)}`)
    for (const diagnostic of site.diagnostics) if (diagnostic.code === 'languages-inferred') log(diagnostic.reason)
    if (what.lint) log(`rules: ${enabled.map(({rule, severity}) => `${rule.id} (${severity})`).join(', ')}`)
  }
  // Ignore rules need the site root: built once the site is read.
  let ignoring: IgnoreFilter | undefined
  let siteRead: Site | undefined
  const prepareAndIgnore = async (site: Site) => {
    siteRead = site
    if (serve) return
    prepare(site)
    if (options.ignore === false) return
    ignoring = await createIgnoreFilter({
      siteRoot: site.root,
      cwd,
      config: {patterns: config.ignore ?? [], file: loaded.file},
      patterns: options.ignorePatterns ?? []
    })
    if (ignoring.sources.length > 0) log(`ignore rules: ${ignoring.sources.map((source) => (path.isAbsolute(source) ? displayPath(source, cwd) : source)).join(', ')}`)
  }
  const result = await run(
    {
      cwd,
      paths,
      kirby,
      tags,
      stages,
      ...(cache ? {cache} : {}),
      prepare: prepareAndIgnore,
      ignored: (absolute) => ignoring?.ignored(absolute) ?? false,
      ...(options.overrides ? {overrides: options.overrides} : {}),
      ...(roots.content ? {contentDir: roots.content.dir} : {}),
      ...(roots.blueprints ? {blueprintsDir: roots.blueprints} : {}),
      ...(config.languages ? {languages: config.languages} : {}),
      ...(config.maxFileSize !== undefined ? {maxFileSize: config.maxFileSize} : {}),
      ...(serve ? {serve: serve.link} : {}),
      ...(options.keepText === false ? {keepText: false} : {}),
      ...(serve || options.overrides
        ? {}
        : {
            parallel: {
              jobs: options.jobs,
              job: {kind: 'check', command, what, options: jobOptions(options, cwd), verbose: options.log !== undefined, kfx: cache ? await kfxDigest() : undefined},
              log,
              workersOnly: options.workersOnly,
              adopt: async (done) => {
                remote.push(...done.extras)
                if (done.cache && cache && siteRead) await cache.merge(siteRead, done.cache)
              }
            }
          })
    },
    command
  )
  const {site} = result
  if (serve) {
    // A worker thread: hand back the findings about blueprints and what the cache learned.
    serve.link.postMessage({type: 'done', extras: extras.flatMap((extra) => extra()).map(fileData), cache: cache?.delta()} satisfies FromWorker)
    return {files: [], crashed: result.crashed, site, fixes: new Map(), ignored: []}
  }
  await closeCache(cache, log)
  const ignored = result.ignored ?? []
  if (ignored.length > 0) log(`ignored: ${ignored.length} content file${ignored.length === 1 ? '' : 's'} not checked`)

  // Site-level checks: findings about folders and files, on the checked files when they are ones.
  const targets = (paths.length > 0 ? paths : ['content']).map((p) => path.resolve(cwd, p))
  const inTargets = (absolute: string) => targets.some((t) => absolute === t || absolute.startsWith(t + path.sep) || t.startsWith(absolute + path.sep))
  const byPath = new Map(result.files.map((file) => [file.path, file]))
  const siteExtra = new Map<string, VFile>()
  for (const {rule, severity, options: ruleOptions} of enabled) {
    if (!rule.checkSite) continue
    await rule.checkSite({
      site,
      options: ruleOptions,
      report: (at, finding) => {
        const absolute = path.join(site.root, at)
        if (!inTargets(absolute) || ignoring?.ignored(absolute)) return
        const shown = displayPath(absolute, cwd)
        const file = byPath.get(shown) ?? siteFileFor(siteExtra, site, at, cwd)
        const message = report(file, {...finding, ruleId: rule.id, severity})
        if (finding.fix) fixes.set(message, finding.fix)
      }
    })
  }

  // What the site reader could not or would not read: unreadable folders, links out of the content folder or in a loop.
  for (const diagnostic of site.diagnostics) {
    if (!SITE_READ_CODES.has(diagnostic.code) || diagnostic.file === undefined) continue
    const absolute = path.join(site.root, diagnostic.file)
    if (!inTargets(absolute) || ignoring?.ignored(absolute)) continue
    const file = byPath.get(displayPath(absolute, cwd)) ?? siteFileFor(siteExtra, site, diagnostic.file, cwd)
    report(file, {ruleId: `site/${diagnostic.code}`, severity: diagnostic.severity === 'error' ? 'error' : 'warning', reason: diagnostic.reason, place: {line: 1, column: 1, offset: 0}})
  }

  // Sorted alike whether or not worker threads found some of them.
  const files = [...result.files, ...mergeFiles(extras.flatMap((extra) => extra()), remote, cwd), ...[...siteExtra.values()].sort((a, b) => a.path.localeCompare(b.path))]
  const offered = new Map<string, {absolute: string; fixes: Fix[]}>()
  for (const file of result.files) {
    const found = file.messages.map((message) => fixes.get(message)).filter((fix): fix is Fix => fix !== undefined)
    if (found.length > 0) offered.set(file.path, {absolute: path.resolve(cwd, file.path), fixes: found})
  }
  return {files, crashed: result.crashed, site, fixes: offered, ignored}
}

/**
 * The configuration's `roots`, absolute. The content folder becomes the
 * engine's `contentDir` below the configuration's folder (the site root, as
 * Kirby's index), or its own name when it lies elsewhere.
 */
const rootsOf = (config: KfxConfig, file: string | undefined): {content?: {absolute: string; dir: string}; blueprints?: string} => {
  const base = file ? path.dirname(file) : process.cwd()
  const found: {content?: {absolute: string; dir: string}; blueprints?: string} = {}
  if (config.roots?.content !== undefined) {
    const absolute = path.resolve(base, config.roots.content)
    const inside = path.relative(base, absolute)
    const dir = inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? inside.split(path.sep).join('/') : path.basename(absolute)
    found.content = {absolute, dir}
  }
  if (config.roots?.blueprints !== undefined) found.blueprints = path.resolve(base, config.roots.blueprints)
  return found
}

/** Serves a parallel run as a worker thread (src/parallel/worker.ts). */
export const serveCheck = async (job: WorkerJob, link: WorkerLink): Promise<void> => {
  const log = job.verbose ? (line: string) => link.postMessage({type: 'log', line} satisfies FromWorker) : undefined
  await checkWith({...(job.options as CheckOptions), ...(log ? {log} : {})}, job.what, job.command, {link, kfx: job.kfx})
}

/** Validates content against the schemas that apply (`kfx validate`). */
export const validate = (options: CheckOptions = {}): Promise<CheckResult> => checkWith(options, {validate: true, lint: false}, 'validate')

/** Lints content with the enabled rules (`kfx lint`). */
export const lint = (options: CheckOptions = {}): Promise<CheckResult> => checkWith(options, {validate: false, lint: true}, 'lint')

/** Validates and lints in one pass over the site (`kfx check`, what CI runs). */
export const check = (options: CheckOptions = {}): Promise<CheckResult> => checkWith(options, {validate: true, lint: true}, 'check')

/** The exit code of a checking run: 2 when kfx failed, 1 when there are errors, else 0. */
export const exitCodeOf = (files: readonly VFile[], crashed: boolean): number => {
  if (crashed) return ExitCode.failure
  return files.some((file) => file.messages.some((message) => severityOf(message) === 'error')) ? ExitCode.problems : ExitCode.ok
}

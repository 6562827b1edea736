/**
 * @fileoverview The engine every checking command runs on (validate, lint,
 * check): find the site, choose the files, read and parse each once, run
 * the command's stages on it, collect messages on a `VFile` per file.
 *
 * Linear and bounded, in the spirit of unified-engine but not built on it
 * (it re-checks the whole file set per file and opens every file at once):
 * the site is read once, at most `concurrency` files are in flight, per-file
 * work never scans the site, and results come back sorted by path. A stage
 * that throws becomes a fatal message on that file; the run goes on.
 */
import {stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import path from 'node:path'
import {VFile} from 'vfile'
import type {FileCache} from './cache/index.js'
import {UsageError} from './errors.js'
import {rulesFor, type KirbyRules} from './kirby-version.js'
import {builtinTags, withCustomTags, type CustomTag, type TagRegistry} from './kirbytag/registry.js'
import {report, reportDiagnostic} from './messages.js'
import {parse, type ContentFile} from './parse.js'
import {discover, type Page, type PageContentFile, type Site} from './site/index.js'
import {getField} from './parse.js'
import type {EarlyWorker, WorkerDone} from './parallel/pool.js'
import type {WorkerJob, WorkerLink} from './parallel/protocol.js'
import {orderedPool} from './util/ordered-pool.js'
import {readBounded, type BoundedRead} from './util/read-bounded.js'
import {compareBytewise, displayPath} from './util/paths.js'

/** Which Kirby model a content file holds. */
export interface Model {
  kind: 'page' | 'file' | 'site'
  /** Page template, file template (`default` when none), or `site`. */
  name: string
  /** The page (for page content and file meta files). */
  page?: Page
  /** The content file as the site model lists it. */
  entry?: PageContentFile
  /** Language code of the file, in multi-language sites. */
  language?: string
  /** Whether this is the default language's file (or the site has one language). */
  defaultLanguage: boolean
}

/** Everything a stage gets for one file. */
export interface FileContext {
  site: Site
  /** Messages go here; `file.path` is the path shown to the user. */
  file: VFile
  /** The parsed content file. */
  content: ContentFile
  model: Model
  /** Absolute path. */
  absolute: string
  /** The run's options. */
  options: EngineOptions
}

/** A unit of per-file work. */
export type Stage = (context: FileContext) => void | Promise<void>

/** Options of {@link run}. */
export interface EngineOptions {
  /** The directory paths are resolved against and shown relative to. */
  cwd: string
  /** Files or folders; default: `content/` of `cwd`. */
  paths?: readonly string[]
  /** `auto` or a version (`2`…`5`, `4.1`…). */
  kirby?: string
  /** A site's own kirbytags. */
  tags?: readonly CustomTag[]
  /** Language codes, the default first (default: the site's, or inferred from file names). */
  languages?: readonly string[]
  /** Files read at once (default 32). */
  concurrency?: number
  /** Per-file work, in order. */
  stages: readonly Stage[]
  /** Work once the site is read, before any file (e.g. compile schemas). */
  prepare?: (site: Site) => void | Promise<void>
  /** Earlier results of unchanged files (`--cache`, src/cache/): consulted before parsing a file. */
  cache?: FileCache
  /** Content files not to check (`.kfxignore`, `.gitignore`, `ignore`, `--ignore-pattern`); the site is still read whole. */
  ignored?: (absolute: string) => boolean
  /** Bytes to check instead of a file's own, by absolute path (`--stdin`); the site is read from disk. */
  overrides?: ReadonlyMap<string, Uint8Array>
  /** The content folder below the site root (default `content`; the configuration's `roots.content`). */
  contentDir?: string
  /** The blueprints folder, absolute or below the site root (default `site/blueprints`). */
  blueprintsDir?: string
  /**
   * Judge the files in worker threads too, when there are enough of them
   * (src/parallel/). The stages cannot cross threads: `job` says how a worker
   * builds its own (see {@link WorkerJob}); without `parallel`, one thread.
   */
  parallel?: ParallelOptions
  /** In a worker thread: the link to the main thread that hands out files (src/parallel/serve.ts). */
  serve?: WorkerLink
  /** Keep the text of files with messages on their VFile (default true; the HTML report shows it). */
  keepText?: boolean
  /** Content files larger than this many bytes are reported (`parse/too-large`) and not read (default {@link DEFAULT_MAX_FILE_SIZE}). */
  maxFileSize?: number
}

/** How a run may use worker threads. */
export interface ParallelOptions {
  /** Threads in all, the main one included: `auto` (default: one a core but one, from about 25,000 files a thread) or a number (1: none). */
  jobs?: number | 'auto' | undefined
  /** What a worker needs to build the same stages: handed to the worker entry (src/parallel/worker.ts). */
  job: WorkerJob
  /** Lines that explain the run (`--verbose`). */
  log?: ((line: string) => void) | undefined
  /** Takes what a worker hands back at its end: findings about no content file, what its result cache learned. */
  adopt?: ((done: WorkerDone) => void | Promise<void>) | undefined
  /** For tests: the workers judge every file (this thread only what a failed worker gives back). */
  workersOnly?: boolean | undefined
}

/** Content files above this size (50 MB) are not read unless `maxFileSize` says otherwise: no real content file comes near it. */
export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024

/** What a run produced. */
export interface EngineResult {
  /** One VFile per checked file, sorted by path. */
  files: VFile[]
  /** The site that was read. */
  site: Site
  /** Whether any stage crashed (exit code 2). */
  crashed: boolean
  /** Content files under the paths that were not checked because they are ignored (absolute). */
  ignored?: string[]
}

/** The model of each content file of the site, by path relative to the site root. */
export const modelsOf = (site: Site): Map<string, Model> => {
  const models = new Map<string, Model>()
  const defaultCode = site.languages.find((l) => l.default)?.code ?? site.languages[0]?.code
  const isDefault = (language: string | undefined) => language === undefined || language === defaultCode
  for (const entry of site.site.contentFiles) {
    if (entry.role !== 'content') continue
    const model: Model = {kind: 'site', name: 'site', entry, defaultLanguage: isDefault(entry.language)}
    if (entry.language !== undefined) model.language = entry.language
    models.set(entry.path, model)
  }
  for (const page of site.pages) {
    for (const entry of page.contentFiles) {
      const model: Model =
        entry.role === 'meta'
          ? {kind: 'file', name: 'default', page, entry, defaultLanguage: isDefault(entry.language)}
          : {kind: 'page', name: page.template, page, entry, defaultLanguage: isDefault(entry.language)}
      if (entry.language !== undefined) model.language = entry.language
      // Of several candidate content files only the elected one is read by Kirby.
      if (entry.role === 'content' && page.contentFile !== undefined && !sameTemplateFile(entry, page)) continue
      models.set(entry.path, model)
    }
  }
  return models
}

/** Whether a content candidate is the one Kirby reads for its page (any language). */
const sameTemplateFile = (entry: PageContentFile, page: Page): boolean => {
  const base = (name: string, language: string | undefined) => {
    const stem = name.slice(0, name.lastIndexOf('.'))
    return language !== undefined && stem.endsWith(`.${language}`) ? stem.slice(0, -language.length - 1) : stem
  }
  const elected = page.contentFiles.find((f) => f.path === page.contentFile)
  return elected !== undefined && base(entry.name, entry.language).toLowerCase() === base(elected.name, elected.language).toLowerCase()
}

/** The template of a file meta file: its `Template:` field, else `default`. */
const fileTemplate = (content: ContentFile): string => getField(content, 'template')?.value.toLowerCase() || 'default'

/**
 * The model a content file is judged as, once its text is read: a file meta
 * file's template comes from its `Template:` field; Kirby 2 files have no
 * templates, their fields are the page blueprint's `files: fields:`.
 */
export const judgedModel = (site: Site, model: Model, content: ContentFile): Model =>
  model.kind !== 'file' ? model : {...model, name: site.rules.version.major === 2 ? (model.page?.template ?? 'default') : fileTemplate(content)}

/** Resolves the given paths to existing absolute paths (and whether one is a folder), or says which one is missing. */
const resolvePaths = async (paths: readonly string[] | undefined, cwd: string, command: string): Promise<{targets: string[]; folder: boolean}> => {
  const given = paths && paths.length > 0 ? paths : ['content']
  const resolved: string[] = []
  let folder = false
  for (const entry of given) {
    const absolute = path.resolve(cwd, entry)
    const info = await stat(absolute).catch(() => undefined)
    if (!info) {
      throw new UsageError(
        paths && paths.length > 0
          ? `Cannot find \`${entry}\`, expected a content file or folder`
          : `No \`content/\` folder here, expected a path: \`kfx ${command} PATH\``
      )
    }
    folder ||= info.isDirectory()
    resolved.push(absolute)
  }
  return {targets: resolved, folder}
}

const within = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep)

/**
 * Runs `stages` over the content files under `paths`. The site around the
 * first path is read once; a path outside it is a usage error.
 */
export const run = async (options: EngineOptions, command = 'check'): Promise<EngineResult> => {
  const {cwd} = options
  const {targets, folder} = await resolvePaths(options.paths, cwd, command)
  // Workers start now, while this thread reads the site, when the run may want them (folders to check).
  const early = options.parallel && !options.serve && folder ? await startEarly(options.parallel) : []
  try {
    return await runWith(options, command, targets, early)
  } finally {
    if (early.length > 0) (await import('./parallel/pool.js')).stopWorkers(early)
  }
}

/**
 * Workers to start before the site is read, when `--jobs` asks for them and
 * a target is a folder. Not for `auto`: until the site is read its size is
 * unknown, and a worker started for a small site costs more than it saves
 * (measured on 10,000 files: +0.2–0.3 s of 2.2 s).
 */
const startEarly = async (parallel: ParallelOptions): Promise<EarlyWorker[]> => {
  if (typeof parallel.jobs !== 'number') return []
  const most = workerCount(parallel, Number.MAX_SAFE_INTEGER)
  if (most === 0) return []
  return (await import('./parallel/pool.js')).startWorkers(parallel.job, most)
}

const runWith = async (options: EngineOptions, command: string, targets: readonly string[], early: EarlyWorker[]): Promise<EngineResult> => {
  const {cwd} = options
  const site = await discover(targets[0]!, {
    ...(options.kirby === undefined || options.kirby === 'auto' ? {} : {version: options.kirby}),
    ...(options.languages === undefined ? {inferLanguages: true} : {languages: options.languages}),
    ...(options.contentDir === undefined ? {} : {contentDir: options.contentDir}),
    ...(options.blueprintsDir === undefined ? {} : {blueprintsDir: options.blueprintsDir})
  })
  if (site.diagnostics.some((d) => d.code === 'no-content-folder')) {
    throw new UsageError(`Cannot find a Kirby site at or above \`${displayPath(targets[0]!, cwd)}\`, expected a folder with \`content/\``)
  }
  for (const target of targets) {
    if (!within(target, site.root)) {
      throw new UsageError(`Unexpected \`${displayPath(target, cwd)}\` outside the site at \`${displayPath(site.root, cwd)}\`, expected paths inside one site`)
    }
  }
  await options.prepare?.(site)

  const rules: KirbyRules = site.rules
  const registry: TagRegistry = options.tags && options.tags.length > 0 ? withCustomTags(builtinTags(rules), options.tags, rules) : builtinTags(rules)
  const models = modelsOf(site)
  const judge = fileJudge({site, registry, options})
  if (options.serve) {
    // A worker thread: judge the files the main thread hands out, until it says the run is over.
    const {serveFiles} = await import('./parallel/serve.js')
    const crashed = await serveFiles(options.serve, {site, models, judge, keepText: options.keepText !== false})
    return {files: [], site, crashed}
  }
  // The files to check: every content file Kirby reads, under a target.
  const chosen: Chosen[] = []
  const ignored: string[] = []
  for (const [relative, model] of models) {
    const absolute = path.join(site.root, relative)
    if (!targets.some((target) => within(absolute, target))) continue
    // Ignored files are left out here, and only here: the site above is read whole.
    if (options.ignored?.(absolute)) ignored.push(absolute)
    else chosen.push({absolute, relative, model})
  }
  chosen.sort((a, b) => compareBytewise(a.relative, b.relative))

  const files: VFile[] = []
  let crashed = false
  const keep = (result: Judged) => {
    crashed ||= result.crashed
    // Only the text of files with messages is shown again (the HTML report
    // marks their spans); a clean file's text is let go, so memory holds the
    // site index and the findings, not the site's text.
    if (result.file.messages.length === 0 || options.keepText === false) result.file.value = ''
    files.push(result.file)
  }
  const workers = workerCount(options.parallel, chosen.length)
  if (options.parallel && workers > 0) {
    const {judgeInParallel} = await import('./parallel/pool.js')
    // The workers started early that the run uses; the others stop when it ends.
    const started = early.splice(0, workers)
    await judgeInParallel({items: chosen, workers, started, job: options.parallel.job, cwd, judge, emit: keep, log: options.parallel.log, adopt: options.parallel.adopt, workersOnly: options.parallel.workersOnly})
  } else {
    await orderedPool(chosen, options.concurrency ?? 32, judge, keep)
  }
  return {files, site, crashed, ignored}
}

/** A file to judge. */
export interface Chosen {
  absolute: string
  /** Path relative to the site root. */
  relative: string
  model: Model
}

/** A judged file, and whether a stage crashed on it. */
export interface Judged {
  file: VFile
  crashed: boolean
}

/** Worker threads besides the main one for a run over `count` files (0: judge them all here). */
export const workerCount = (parallel: ParallelOptions | undefined, count: number): number => {
  if (!parallel) return 0
  const jobs = parallel.jobs ?? 'auto'
  if (jobs === 'auto') {
    // A worker costs its start-up and its own read of the site index (~0.3 s and
    // 15 µs a file), and the threads of the garbage collector need a core: on
    // two cores one thread already keeps 1.2 busy, and measured there two
    // threads judge 10,000 files slower than one (2.9 against 2.3 s) and
    // 100,000 only 4 % faster for 70 % more memory (14.2 s, 1.13 GB against
    // 14.7 s, 659 MB). So: one core left to the collector, and about 25,000
    // files a thread.
    const threads = Math.min(availableParallelism() - 1, MAX_AUTO_JOBS, Math.floor(count / FILES_PER_AUTO_JOB))
    return Math.max(0, threads - 1)
  }
  return Math.max(0, Math.min(Math.floor(jobs) - 1, count - 1))
}

/** At most this many threads when `jobs` is `auto`. */
const MAX_AUTO_JOBS = 8
/** At least this many files a thread when `jobs` is `auto`. */
const FILES_PER_AUTO_JOB = 25_000

/** How one file is read, parsed and judged; the same in the main thread and in workers. */
const fileJudge =
  ({site, registry, options}: {site: Site; registry: TagRegistry; options: EngineOptions}) =>
  async ({absolute, relative, model}: Chosen): Promise<Judged> => {
    const {cwd} = options
    const rules = site.rules
    const shown = displayPath(absolute, cwd)
    const file = new VFile({path: shown, cwd})
    try {
      let bytes = options.overrides?.get(absolute)
      if (bytes === undefined) {
        const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
        let read: BoundedRead
        try {
          read = readBounded(absolute, limit)
        } catch (error) {
          report(file, {
            ruleId: 'parse/unreadable',
            severity: 'error',
            reason: `Cannot read file: ${error instanceof Error ? error.message : String(error)}`,
            place: {line: 1, column: 1, offset: 0}
          })
          return {file, crashed: false}
        }
        if (!('bytes' in read)) {
          report(file, {
            ruleId: 'parse/too-large',
            severity: 'error',
            reason:
              'tooLarge' in read
                ? `Unexpected file of ${read.tooLarge} bytes, expected at most ${limit} (\`maxFileSize\`): not read`
                : 'Unexpected special file (not a regular file) named as a content file: not read',
            place: {line: 1, column: 1, offset: 0}
          })
          return {file, crashed: false}
        }
        bytes = read.bytes
      }
      if (bytes === undefined) return {file, crashed: false}
      // An unchanged file's earlier messages: no parsing, no stages.
      if (await options.cache?.restore(file, {site, relative, bytes, model})) return {file, crashed: false}
      const content = parse(bytes, {rules, registry, path: shown})
      file.value = content.text
      for (const diagnostic of content.diagnostics) {
        // Bytes that are not text are the reader's own findings; the
        // tokenizer's notes are lint's to report.
        if (diagnostic.code === 'invalid-utf8' || diagnostic.code === 'binary-content') reportDiagnostic(file, diagnostic, `parse/${diagnostic.code}`)
      }
      const typed = judgedModel(site, model, content)
      const judge = async () => {
        for (const stage of options.stages) await stage({site, file, content, model: typed, absolute, options})
      }
      await (options.cache ? options.cache.record(file, {site, relative, bytes, model: typed}, judge) : judge())
      return {file, crashed: false}
    } catch (error) {
      const crash = report(file, {
        ruleId: 'kfx/crash',
        severity: 'error',
        reason: `Cannot check file: ${error instanceof Error ? error.message : String(error)}`,
        note: error instanceof Error ? error.stack : undefined
      })
      crash.cause = error
      return {file, crashed: true}
    }
  }


/** The rules of a version setting, for callers outside a site. */
export const rulesOf = (kirby: string | undefined): KirbyRules => rulesFor(kirby === undefined || kirby === 'auto' ? '5' : kirby)

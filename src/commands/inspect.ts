/**
 * @fileoverview `kfx inspect`: what kfx reads. For a file, its fields with
 * their places and the kirbytags in each; for a folder, the page tree and
 * the diagnostics. With `--json`, one line per content file in the shape of
 * the golden data (`decode.jsonl` fields + `kirbytext.jsonl` tags), so kfx
 * can be diffed against Kirby on any site.
 */
import {readdirSync, readFileSync, type Dirent} from 'node:fs'
import {stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import path from 'node:path'
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'
import type {ChalkInstance} from 'chalk'
import type {CliContext, OutputStream} from '../cli.js'
import {UsageError, ExitCode} from '../errors.js'
import {formatKirbyVersion, rulesFor, type KirbyRules, type KirbyVersion} from '../kirby-version.js'
import {kirbytagsInRenderOrder} from '../kirbytag/render-order.js'
import {builtinTags, withCustomTags, type CustomTag, type TagRegistry} from '../kirbytag/registry.js'
import {decode} from '../txt/decode.js'
import {decodeBytes} from '../txt/read.js'
import {fieldKirbytags, parse, type ContentFile, type FieldKirbytagsOptions, type ParseOptions, type PlacedKirbytag} from '../parse.js'
import {discover, imageCaptionFor, pageForFile, type Page, type Site} from '../site/index.js'
import type {Diagnostic, Point, Position} from '../types.js'
import {createColor} from '../util/color.js'
import {orderedPool} from '../util/ordered-pool.js'
import {displayPath, sortByteWise} from '../util/paths.js'

/** Options of `kfx inspect`. */
export interface InspectOptions {
  json?: boolean
  /** `--jobs`: threads in all with `--json` (1: no worker), or `auto`. */
  jobs?: number | 'auto'
  kirby: string
  verbose?: boolean
  color?: boolean
  /** A site's own kirbytags (from `--tag`). */
  tag?: CustomTag[]
}

/** Files read at once. */
const CONCURRENCY = 32

/** Characters of `--json` output gathered before each write. */
const CHUNK = 1 << 16

/** One JSON line of `kfx inspect --json`. */
export interface InspectJsonLine {
  file: string
  fields: Array<[string, string]>
  tags: Record<string, Array<{type: string; value: string; attrs: Record<string, string>}>>
}

/** A content file to print with `--json`, and how to read it. */
interface JsonEntry {
  absolute: string
  shown: string
  rules: KirbyRules
  site: Site | undefined
}

/** One input path, resolved and classified. */
interface Target {
  absolute: string
  shown: string
  directory: boolean
}

const resolveTargets = async (paths: readonly string[], cwd: string): Promise<Target[]> => {
  const given = paths.length > 0 ? paths : ['content']
  const targets: Target[] = []
  for (const given1 of given) {
    const absolute = path.resolve(cwd, given1)
    const info = await stat(absolute).catch(() => undefined)
    if (!info) {
      throw new UsageError(
        paths.length === 0
          ? 'No `content/` folder here, expected a path: `kfx inspect PATH`'
          : `Cannot find \`${given1}\`, expected a content file or folder`
      )
    }
    targets.push({absolute, shown: displayPath(absolute, cwd), directory: info.isDirectory()})
  }
  return targets
}

/** The sites around the targets, each read once. */
class Sites {
  readonly #cache = new Map<string, Promise<Site>>()
  constructor(private readonly kirby: string) {}
  /** The site around `target` (a lone file gets a site-less result). */
  async around(target: string): Promise<Site> {
    const key = path.dirname(target)
    for (const [root, site] of this.#cache) if (key === root || key.startsWith(root + path.sep)) return site
    const site = discover(target, this.kirby === 'auto' ? {} : {version: this.kirby})
    const resolved = await site
    this.#cache.set(resolved.root, site)
    return resolved
  }
}

/**
 * How Kirby 3+ finds an `(image:)` tag's caption when the tag gives none:
 * the `Caption` of the image's meta file, looked up from the page that holds
 * the content file (tags in that caption are then rendered too).
 */
const tagOptionsFor = (site: Site | undefined, absolute: string): FieldKirbytagsOptions => {
  if (!site || site.rules.version.major === 2) return {}
  const inContent = absolute.startsWith(site.contentRoot + path.sep)
  if (!inContent) return {}
  const from = path.dirname(absolute) === site.contentRoot ? 'site' : pageForFile(site, absolute)
  if (!from) return {}
  return {imageCaption: (tag) => imageCaptionFor(site, from, tag.value)}
}

/** A content file found below a target: its absolute path and the path shown for it. */
interface FoundFile {
  absolute: string
  shown: string
}

/**
 * Every `*.<extension>` file below a folder (or the file itself), in the
 * byte-wise order of the shown paths, as one synchronous walk finds them.
 * The set is what `globby('**\/*.txt', {dot: false, followSymbolicLinks:
 * false, ignore: ['**\/node_modules/**']})` found: no `.`-names, no
 * `node_modules` folders, no links (to files or folders) and no FIFOs,
 * sockets or devices. The order needs no sort of the whole list: all paths
 * below a folder share its prefix, so sorting each folder's entries (a
 * folder as `name/`, which is how its files' paths continue) and walking
 * depth-first yields the paths sorted. The walk keeps a stack rather than
 * recursing (a deep tree cannot overflow it) and holds one listing per
 * level; folders it cannot list go to `unreadable`.
 */
function* contentFilesOf(target: Target, extension: string, unreadable: Array<{dir: string; error: Error}>): Generator<FoundFile> {
  if (!target.directory) {
    yield {absolute: target.absolute, shown: target.shown}
    return
  }
  const suffix = `.${extension}`
  interface Level {
    prefix: string
    shown: string
    entries: Array<{key: string; name: string; directory: boolean}>
    next: number
  }
  const open = (dir: string, shown: string): Level | undefined => {
    let dirents: Dirent[]
    try {
      dirents = readdirSync(dir, {withFileTypes: true})
    } catch (error) {
      unreadable.push({dir, error: error as Error})
      return undefined
    }
    const entries: Level['entries'] = []
    for (const dirent of dirents) {
      const name = dirent.name
      if (name.startsWith('.')) continue
      if (dirent.isDirectory()) {
        if (name !== 'node_modules') entries.push({key: `${name}/`, name, directory: true})
      } else if (dirent.isFile() && name.endsWith(suffix)) {
        entries.push({key: name, name, directory: false})
      }
    }
    sortByteWise(entries, (entry) => entry.key)
    return {prefix: dir.endsWith(path.sep) ? dir : dir + path.sep, shown, entries, next: 0}
  }
  const first = open(target.absolute, target.shown === '.' ? '' : `${target.shown}/`)
  const stack: Level[] = first ? [first] : []
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!
    const entry = level.entries[level.next++]
    if (entry === undefined) {
      stack.pop()
      continue
    }
    if (entry.directory) {
      const child = open(level.prefix + entry.name, level.shown + entry.key)
      if (child) stack.push(child)
    } else {
      yield {absolute: level.prefix + entry.name, shown: level.shown + entry.name}
    }
  }
}

/** The place given to every field and finding when only keys and values are wanted. */
const NO_PLACE: Point = Object.freeze({line: 1, column: 1, offset: 0})
const noPlace = (): Point => NO_PLACE

/**
 * The `--json` line of one content file: its fields, and the kirbytags of
 * each field in Kirby's render order. Decoded without places (no
 * line/column lookups): the line holds keys, values and tags only.
 */
const jsonLine = (bytes: Uint8Array, shown: string, reading: ParseOptions & {rules: KirbyRules; registry: TagRegistry}, tagOptions: FieldKirbytagsOptions): InspectJsonLine => {
  const {fields: decoded} = decode(decodeBytes(bytes).text, {rules: reading.rules, point: noPlace})
  const tags: InspectJsonLine['tags'] = {}
  const fields: InspectJsonLine['fields'] = []
  const scan = {rules: reading.rules, registry: reading.registry, imageCaption: tagOptions.imageCaption}
  for (const field of decoded) {
    fields.push([field.key, field.value])
    // Every kirbytag starts with `(`.
    const found = field.value.includes('(') ? kirbytagsInRenderOrder(field.value, scan) : []
    if (found.length > 0) tags[field.key] = found.map(({tag}) => ({type: tag.type, value: tag.value, attrs: {...tag.attrs}}))
  }
  return {file: shown, fields, tags}
}

/** The largest of `values` (at least `floor`), without spreading a list that grows with the site. */
const widest = <T>(items: readonly T[], width: (item: T) => number, floor = 0): number => {
  let max = floor
  for (const item of items) max = Math.max(max, width(item))
  return max
}

const where = (place: Position | Point | undefined): string => {
  if (!place) return ''
  const start = 'start' in place ? place.start : place
  return `${start.line}:${start.column}`
}
const span = (place: Position | undefined): string =>
  place ? `${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column}` : ''
const preview = (value: string, width = 60): string => {
  const flat = JSON.stringify(value)
  return flat.length > width ? `${flat.slice(0, width - 2)}…"` : flat
}
const severityLabel = (color: ChalkInstance, severity: Diagnostic['severity']): string =>
  severity === 'error' ? color.red('error') : severity === 'warning' ? color.yellow('warning') : color.blue('info')

/** Diagnostics as aligned rows: `file:line:col  severity  reason  code`. */
const diagnosticRows = (diagnostics: readonly Diagnostic[], color: ChalkInstance): string[] => {
  const rows = diagnostics.map((d) => [`${d.file ?? ''}${d.place ? `:${where(d.place)}` : ''}`, d.severity, d.reason, d.code] as const)
  const widths = [0, 1].map((column) => widest(rows, (row) => row[column]!.length))
  return rows.map(
    ([place, severity, reason, code]) =>
      `  ${place.padEnd(widths[0]!)}  ${severityLabel(color, severity)}${' '.repeat(widths[1]! - severity.length)}  ${reason}  ${color.dim(code)}`
  )
}

const describeVersion = (site: Site | undefined, rules: KirbyRules, verbose: boolean | undefined): string[] => {
  const label = `Kirby ${formatKirbyVersion(rules.version)}`
  if (site?.version.source === 'option') return [`${label} (as asked)`]
  if (!site) return [`${label} (no site around the file: current Kirby)`]
  const lines = [`${label} (auto)`]
  if (verbose) for (const reason of site.version.reasons) lines.push(`  - ${reason}`)
  return lines
}

const renderTag = (tag: PlacedKirbytag, color: ChalkInstance, indent: string): string => {
  const attrs = Object.entries(tag.attrs)
    .map(([name, value]) => `${name}=${preview(value, 40)}`)
    .join(' ')
  const nested = tag.parent ? color.dim(` (in the caption of the ${tag.parent.type} tag)`) : ''
  return `${indent}${color.dim(span(tag.position).padEnd(13))} ${color.cyan(tag.type)} ${preview(tag.value, 50)}${attrs ? ` ${attrs}` : ''}${nested}`
}

/** The human report of one content file. */
const renderFile = (
  file: ContentFile,
  shown: string,
  site: Site | undefined,
  page: Page | undefined,
  context: {color: ChalkInstance; verbose?: boolean | undefined; tagOptions: FieldKirbytagsOptions}
): string => {
  const {color} = context
  const lines = [color.underline(shown), ...describeVersion(site, file.rules, context.verbose).map((line) => `  ${line}`)]
  if (page) {
    lines.push(`  page ${color.bold(page.id)} · template ${page.template} · ${page.status}${page.num === null ? '' : ` ${page.num}`} · ${page.url}`)
  }
  if (file.fields.length === 0) lines.push('  (no fields)')
  const keyWidth = widest(file.fields, (field) => field.key.length)
  for (const field of file.fields) {
    lines.push(
      `  ${color.dim(where(field.keyPosition).padEnd(7))} ${color.bold(field.key.padEnd(keyWidth))}  ${preview(field.value)}  ${color.dim(`value ${span(field.valuePosition)}`)}`
    )
    for (const tag of fieldKirbytags(file, field, context.tagOptions)) lines.push(renderTag(tag, color, '            '))
  }
  if (file.diagnostics.length > 0) {
    lines.push('', '  diagnostics:', ...diagnosticRows(file.diagnostics.map((d) => ({...d, file: shown})), color))
  }
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`
}

/** The human report of a folder: the page tree and every diagnostic. */
const renderTree = async (
  site: Site,
  target: Target,
  files: readonly string[],
  context: {cwd: string; color: ChalkInstance; verbose?: boolean | undefined; reading: (rules: KirbyRules) => ParseOptions}
): Promise<{text: string; diagnostics: Diagnostic[]}> => {
  const {color, cwd, reading} = context
  const lines = [color.underline(target.shown), ...describeVersion(site, site.rules, context.verbose).map((line) => `  ${line}`)]
  if (site.languages.length > 0) lines.push(`  languages: ${site.languages.map((l) => `${l.code}${l.default ? ' (default)' : ''}`).join(', ')}`)
  lines.push(`  content: ${displayPath(site.contentRoot, cwd)} · ${site.pages.length} pages · ${site.uuids.size} UUIDs`)
  lines.push('')
  // A page is shown when it lies inside the target, or the target inside it.
  const within = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep)
  const inside = (page: Page) => {
    const dir = path.join(site.root, page.dir)
    return within(dir, target.absolute) || within(target.absolute, dir)
  }
  const wholeSite = within(site.contentRoot, target.absolute)
  const shownPages = site.pages.filter((page) => inside(page))
  // Long slugs overflow their column rather than push every row right.
  const idWidth = Math.min(40, widest(shownPages, (page) => page.id.split('/').length * 2 - 2 + page.slug.length, 4))
  const templateWidth = widest(shownPages, (page) => page.template.length, 8)
  if (wholeSite && (site.site.contentFile !== undefined || site.site.files.length > 0)) {
    lines.push(`  ${color.bold('site'.padEnd(idWidth))}  ${'site'.padEnd(templateWidth)}  ${site.site.files.length} files`)
  }
  for (const page of shownPages) {
    const depth = page.id.split('/').length - 1
    const name = `${'  '.repeat(depth)}${page.slug}`
    const status = `${page.status}${page.num === null ? '' : ` ${page.numText ?? page.num}`}`
    const languages = [...new Set(page.contentFiles.filter((f) => f.role === 'content' && f.language).map((f) => f.language))]
    lines.push(
      `  ${(page.virtual ? color.strikethrough(name) : name)}${' '.repeat(Math.max(0, idWidth - name.length))}  ${page.template.padEnd(templateWidth)}  ${status.padEnd(12)}${
        languages.length > 0 ? `  [${languages.join(', ')}]` : ''
      }${page.files.length > 0 ? `  ${page.files.length} file${page.files.length === 1 ? '' : 's'}` : ''}${page.virtual ? color.dim('  (hidden by a sibling with the same slug)') : ''}`
    )
  }
  // Diagnostics: the site's own, then each content file's (read once each).
  const diagnostics: Diagnostic[] = site.diagnostics
    .filter((d) => d.file === undefined || within(path.join(site.root, d.file), target.absolute) || within(target.absolute, path.join(site.root, d.file)))
    .map((d) => ({...d, file: d.file === undefined ? target.shown : displayPath(path.join(site.root, d.file), cwd)}))
  await orderedPool(
    files,
    CONCURRENCY,
    // Synchronous reads: for many small files several times cheaper than fs/promises.
    async (file) => parse(readFileSync(file), {...reading(site.rules), path: displayPath(file, cwd)}),
    (parsed) => {
      for (const diagnostic of parsed.diagnostics) diagnostics.push(diagnostic)
    }
  )
  const counts = {error: 0, warning: 0, info: 0}
  for (const d of diagnostics) counts[d.severity]++
  const shownDiagnostics = context.verbose ? diagnostics : diagnostics.filter((d) => d.severity !== 'info')
  lines.push('', `  ${files.length} content files · ${counts.error} errors · ${counts.warning} warnings · ${counts.info} notes${context.verbose || counts.info === 0 ? '' : ' (--verbose shows notes)'}`)
  if (shownDiagnostics.length > 0) lines.push('', ...diagnosticRows(shownDiagnostics, color))
  return {text: `${lines.map((line) => line.trimEnd()).join('\n')}\n`, diagnostics}
}

/** The tags known under each rule set: built-ins plus `--tag`s, built once per version. */
const registries = (custom: readonly CustomTag[]) => {
  const cache = new Map<KirbyRules, TagRegistry>()
  return (rules: KirbyRules): ParseOptions & {rules: KirbyRules; registry: TagRegistry} => {
    let registry = cache.get(rules)
    if (!registry) {
      registry = custom.length > 0 ? withCustomTags(builtinTags(rules), custom, rules) : builtinTags(rules)
      cache.set(rules, registry)
    }
    return {rules, registry}
  }
}

/** Runs `kfx inspect`; resolves to the exit code. */
export const inspect = async (paths: readonly string[], options: InspectOptions, context: CliContext): Promise<number> => {
  const {cwd, stdout} = context
  const reading = registries(options.tag ?? [])
  const targets = await resolveTargets(paths, cwd)
  const sites = new Sites(options.kirby)
  const explicit = options.kirby === 'auto' ? undefined : rulesFor(options.kirby)

  if (options.json) {
    // A target's site is read, before any file, only when something needs
    // it: its version (unless given) and, in Kirby 3+, image captions kept in
    // meta files. Kirby 2 with `--kirby 2` needs no site at all.
    const unreadable: Array<{dir: string; error: Error}> = []
    const withSite = async (target: Target): Promise<Omit<JsonEntry, keyof FoundFile>> => {
      const around = explicit === undefined || explicit.version.major > 2 ? await sites.around(target.absolute) : undefined
      const site = around && !around.diagnostics.some((d) => d.code === 'no-content-folder') ? around : undefined
      return {rules: explicit ?? around!.rules, site}
    }
    // One folder: its files stream out of the walk in order, so memory
    // holds one listing per level, not the site. Several paths: gathered
    // (a file named twice is printed once) and sorted.
    let entries: Iterable<JsonEntry>
    if (targets.length === 1) {
      const how = await withSite(targets[0]!)
      entries = (function* () {
        for (const file of contentFilesOf(targets[0]!, 'txt', unreadable)) yield {...file, ...how}
      })()
    } else {
      const byPath = new Map<string, JsonEntry>()
      for (const target of targets) {
        const how = await withSite(target)
        for (const file of contentFilesOf(target, 'txt', unreadable)) byPath.set(file.absolute, {...file, ...how})
      }
      entries = sortByteWise([...byPath.values()], (entry) => entry.shown)
    }
    // One line per file, in order, gathered into chunks of about 64 kB so
    // that a large site is not a hundred thousand small writes; memory holds
    // one chunk, never the whole output. Past the first files, reading and
    // decoding move to worker threads (the walk and the writing stay here),
    // a bounded number of batches in flight.
    const lineOf = (entry: JsonEntry): string =>
      `${JSON.stringify(jsonLine(readFileSync(entry.absolute), entry.shown, reading(entry.rules), tagOptionsFor(entry.site, entry.absolute)))}\n`
    const {workers, first} = workerPlan(context.env, options.jobs)
    let pool: JsonPool | undefined
    // Batches in order, each done here or by a worker; the main thread
    // takes a batch itself whenever every worker already has two queued.
    const inFlight: Array<{text: Promise<string>; done: boolean}> = []
    const flush = async (all: boolean): Promise<void> => {
      while (inFlight.length > 0 && (all || inFlight[0]!.done || inFlight.length >= pool!.window)) {
        await write(stdout, chunk + (await inFlight.shift()!.text))
        chunk = ''
      }
    }
    const send = (files: JsonEntry[]): void => {
      if (pool!.busy()) {
        inFlight.push({text: Promise.resolve(files.map(lineOf).join('')), done: true})
        return
      }
      const item = {text: pool!.run(files), done: false}
      void item.text.then(() => (item.done = true))
      inFlight.push(item)
    }
    let batch: JsonEntry[] = []
    let chunk = ''
    let count = 0
    for (const entry of entries) {
      if (pool === undefined && workers > 0 && ++count > first) pool = new JsonPool(workers, options.tag ?? [], lineOf)
      if (pool === undefined) {
        chunk += lineOf(entry)
        if (chunk.length >= CHUNK) {
          await write(stdout, chunk)
          chunk = ''
        }
        continue
      }
      batch.push(entry)
      if (batch.length < BATCH) continue
      send(batch)
      batch = []
      await flush(false)
    }
    if (pool !== undefined && batch.length > 0) send(batch)
    if (pool !== undefined) await flush(true)
    await pool?.close()
    await write(stdout, chunk)
    for (const {dir, error} of unreadable) {
      await write(context.stderr, `kfx inspect: cannot read folder \`${displayPath(dir, cwd)}\`: ${error.message}\n`)
    }
    return unreadable.length > 0 ? ExitCode.problems : ExitCode.ok
  }

  const color = createColor({flag: options.color, env: context.env, stream: stdout})
  let errors = 0
  for (const target of targets) {
    const site = await sites.around(target.absolute)
    const hasSite = site.contentRoot !== undefined && !site.diagnostics.some((d) => d.code === 'no-content-folder')
    const rules = explicit ?? site.rules
    if (target.directory) {
      const unreadable: Array<{dir: string; error: Error}> = []
      const files = sortByteWise([...contentFilesOf(target, 'txt', unreadable)].map((file) => file.absolute), (file) => file)
      for (const {dir, error} of unreadable) {
        await write(context.stderr, `kfx inspect: cannot read folder \`${displayPath(dir, cwd)}\`: ${error.message}\n`)
        errors++
      }
      if (!hasSite) {
        throw new UsageError(`Cannot find a Kirby site at or above \`${target.shown}\`, expected a folder with \`content/\``)
      }
      const {text, diagnostics} = await renderTree(site, target, files, {cwd, color, verbose: options.verbose, reading})
      errors += diagnostics.filter((d) => d.severity === 'error').length
      await write(stdout, text + '\n')
    } else {
      const parsed = parse(readFileSync(target.absolute), {...reading(rules), path: target.shown})
      if (!target.absolute.endsWith('.txt')) {
        parsed.diagnostics.unshift({
          code: 'not-a-content-file',
          reason: `Unexpected \`${path.extname(target.absolute) || target.shown}\` file, expected a content file (\`.txt\`): kfx read it as one anyway`,
          severity: 'warning',
          file: target.shown
        })
      }
      errors += parsed.diagnostics.filter((d) => d.severity === 'error').length
      const page = hasSite ? pageForFile(site, target.absolute) : undefined
      const shownSite = hasSite || explicit ? site : undefined
      const tagOptions = tagOptionsFor(hasSite ? site : undefined, target.absolute)
      await write(stdout, renderFile(parsed, target.shown, shownSite, page, {color, verbose: options.verbose, tagOptions}) + '\n')
    }
  }
  // inspect shows; it does not judge. Errors in the bytes (invalid UTF-8, a
  // binary file) still make the exit code say that something is wrong.
  return errors > 0 ? ExitCode.problems : ExitCode.ok
}

// ------------------------------------------------------- worker threads

/** Files printed in this thread before any worker starts (a worker costs a few tens of ms to start). */
const IN_THREAD_FIRST = 1000
/** Files per message to a worker. */
const BATCH = 128

/**
 * Worker threads for `--json`, and files printed here before they start:
 * one worker fewer than the cores (at most 3) after the first 1,000 files.
 * `--jobs N` asks for N - 1 workers; `KFX_INSPECT_WORKERS=<workers>[,<first>]`
 * (for tests) also says after how many files they start (`0`: none).
 */
const workerPlan = (env: Record<string, string | undefined>, jobs: number | 'auto' = 'auto'): {workers: number; first: number} => {
  if (jobs !== 'auto') return {workers: Math.min(jobs - 1, 16), first: IN_THREAD_FIRST}
  const asked = /^([0-9]+)(?:,([0-9]+))?$/.exec(env['KFX_INSPECT_WORKERS'] ?? '')
  if (asked) return {workers: Math.min(Number(asked[1]), 16), first: asked[2] === undefined ? IN_THREAD_FIRST : Number(asked[2])}
  // A worker runs this module, built: not from TypeScript source (tests).
  if (!import.meta.url.endsWith('.js')) return {workers: 0, first: 0}
  return {workers: Math.max(0, Math.min(3, availableParallelism() - 1)), first: IN_THREAD_FIRST}
}

/** What the main thread sends a worker: files to print, read with the rules of `version`. */
interface ToWorker {
  id: number
  version: KirbyVersion
  /** Whether image captions come from meta files (Kirby 3+ inside a site): files that ask for one are left to the main thread. */
  captions: boolean
  files: Array<[absolute: string, shown: string]>
}

/**
 * A worker's answer: the JSON lines of the files in order, consecutive lines
 * joined into one string (one string to copy, not a hundred), and `null`
 * for each file the main thread must print (it needs the site).
 */
interface FromWorker {
  id: number
  /** Runs of lines, or `null` for one file left to the main thread. */
  runs: Array<string | null>
  /** How many files each run covers. */
  sizes: number[]
}

/** The setup a worker starts with. */
interface WorkerSetup {
  kfxInspectWorker: true
  tags: CustomTag[]
}

/** Worker threads that print batches of files; a batch whose worker fails is printed here. */
class JsonPool {
  /** Batches in flight at most (memory holds these, not the site). */
  readonly window: number
  readonly #workers: Array<{worker: Worker; pending: Map<number, {files: JsonEntry[]; resolve: (text: string) => void}>} | undefined>
  readonly #here: (entry: JsonEntry) => string
  #next = 0
  #id = 0

  constructor(count: number, tags: CustomTag[], here: (entry: JsonEntry) => string) {
    this.window = count * 4
    this.#here = here
    this.#workers = Array.from({length: count}, (_, index) => {
      const setup: WorkerSetup = {kfxInspectWorker: true, tags}
      const worker = new Worker(new URL(import.meta.url), {workerData: setup})
      const slot = {worker, pending: new Map<number, {files: JsonEntry[]; resolve: (text: string) => void}>()}
      worker.on('message', (message: FromWorker) => {
        const job = slot.pending.get(message.id)
        if (!job) return
        slot.pending.delete(message.id)
        let at = 0
        let text = ''
        message.runs.forEach((run, index) => {
          text += run ?? this.#here(job.files[at]!)
          at += message.sizes[index]!
        })
        job.resolve(text)
      })
      const fail = () => {
        if (this.#workers[index] !== slot) return
        this.#workers[index] = undefined
        for (const job of slot.pending.values()) job.resolve(this.#inThread(job.files))
        slot.pending.clear()
      }
      worker.on('error', fail)
      worker.on('exit', fail)
      return slot
    })
  }

  #inThread(files: readonly JsonEntry[]): string {
    let text = ''
    for (const file of files) text += this.#here(file)
    return text
  }

  /** Whether every worker has two batches or more to do (or none is left). */
  busy(): boolean {
    return this.#workers.every((slot) => slot === undefined || slot.pending.size >= 2)
  }

  /** The JSON lines of `files`, in order. */
  run(files: JsonEntry[]): Promise<string> {
    const rules = files[0]!.rules
    // Batches mix neither rule sets nor sites (several paths): split them.
    const split = files.findIndex((file) => file.rules !== rules || file.site !== files[0]!.site)
    if (split > 0) return Promise.all([this.run(files.slice(0, split)), this.run(files.slice(split))]).then((parts) => parts.join(''))
    const alive = this.#workers.filter((slot) => slot !== undefined)
    if (alive.length === 0) return Promise.resolve(this.#inThread(files))
    const slot = alive[this.#next++ % alive.length]!
    const id = this.#id++
    return new Promise((resolve) => {
      slot.pending.set(id, {files, resolve})
      const message: ToWorker = {
        id,
        version: rules.version,
        captions: files[0]!.site !== undefined && rules.version.major > 2,
        files: files.map((file) => [file.absolute, file.shown])
      }
      slot.worker.postMessage(message)
    })
  }

  /** Stops the workers (every batch has been answered). */
  async close(): Promise<void> {
    const slots = this.#workers.splice(0)
    await Promise.all(slots.map((slot) => slot?.worker.terminate()))
  }
}

// A worker: prints the batches it is sent.
if (!isMainThread && (workerData as Partial<WorkerSetup> | null)?.kfxInspectWorker === true) {
  const setup = workerData as WorkerSetup
  const reading = registries(setup.tags)
  const rulesByVersion = new Map<string, KirbyRules>()
  parentPort!.on('message', (message: ToWorker) => {
    const key = formatKirbyVersion(message.version)
    let rules = rulesByVersion.get(key)
    if (!rules) rulesByVersion.set(key, (rules = rulesFor(message.version)))
    const how = reading(rules)
    let asked = false
    // A caption from a meta file needs the site, which lives in the main thread.
    const options: FieldKirbytagsOptions = message.captions ? {imageCaption: () => ((asked = true), undefined)} : {}
    const answer: FromWorker = {id: message.id, runs: [], sizes: []}
    let run = ''
    let size = 0
    for (const [absolute, shown] of message.files) {
      asked = false
      const line = `${JSON.stringify(jsonLine(readFileSync(absolute), shown, how, options))}\n`
      if (!asked) {
        run += line
        size++
        continue
      }
      if (size > 0) answer.runs.push(run), answer.sizes.push(size)
      answer.runs.push(null), answer.sizes.push(1)
      run = ''
      size = 0
    }
    if (size > 0) answer.runs.push(run), answer.sizes.push(size)
    parentPort!.postMessage(answer)
  })
}

/** Writes to a stream, waiting when it asks for it (large outputs, pipes). */
const write = (stream: OutputStream, text: string): Promise<void> | void => {
  if (text === '') return
  const ok = stream.write(text)
  if (ok === false && 'once' in stream && typeof (stream as {once?: unknown}).once === 'function') {
    return new Promise((resolve) => (stream as unknown as NodeJS.WritableStream).once('drain', () => resolve()))
  }
}

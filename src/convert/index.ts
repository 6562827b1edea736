/**
 * @fileoverview `convert`, the library function behind `kfx convert`: a
 * Kirby site (or some of its pages) to Markdown with front matter or to
 * JSON, and kfx's Markdown or JSON back to Kirby's `.txt` files. It plans
 * every output, checks the plan (see `write.ts`), writes what may be
 * written when given an output folder, and reports every problem as a
 * message at `file:line:column`.
 */
import {realpathSync} from 'node:fs'
import {readFile, readdir, stat} from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {loadConfig} from '../config/load.js'
import {UsageError} from '../errors.js'
import {rulesFor, type KirbyRules} from '../kirby-version.js'
import {builtinTags, withCustomTags, type CustomTag} from '../kirbytag/registry.js'
import {report, severityOf} from '../messages.js'
import {discover, type Site} from '../site/index.js'
import {sourceOffset} from '../txt/decode.js'
import {decodeBytes} from '../txt/read.js'
import type {Point, Position} from '../types.js'
import {compareBytewise, displayPath} from '../util/paths.js'
import {stringifyMarkdown} from './front-matter.js'
import {jsonDocument, type KfxDocument} from './json.js'
import {kirbytextToHtml, kirbytextToMarkdown, type KirbytextToMarkdownOptions} from './kirbytext-to-markdown.js'
import {documentPath, filesFolder, type Layout} from './layout.js'
import {markdownDocument, type FieldConverter} from './markdown.js'
import {applyPreset, hugoFigures, presetDefaults, type Preset} from './presets.js'
import {DEFAULT_MAX_FILE_SIZE, loadUnit, planUnits, type Unit, type UnitPlan} from './source.js'
import {kirbyFromJson, kirbyFromMarkdown, type KirbyProblem} from './to-kirby.js'
import {checkOutput, checkPlan, collisionProblems, writeOutput, writePlan, type PlannedOutput} from './write.js'

export {parseFrontMatter, stringifyFrontMatter, stringifyMarkdown} from './front-matter.js'
export type {KfxDocument} from './json.js'
export type {Preset} from './presets.js'
export type {Layout} from './layout.js'

/** Output formats. */
export type ConvertFormat = 'md' | 'json' | 'kirby'

/** How kirbytags are written in Markdown. */
export type TagMode = 'html' | 'markdown' | 'keep'

/** The base URL pages are read with (`discover`'s default). */
const DEFAULT_BASE = 'http://localhost'

/** Options of {@link convert}. */
export interface ConvertOptions {
  /** Output format. */
  to: ConvertFormat
  /** Directory paths are resolved against (default `process.cwd()`). */
  cwd?: string
  /** Inputs (default: `content/`): site/page folders or content files; for `kirby`, Markdown/JSON files or folders. */
  paths?: readonly string[]
  /** Output folder; without it nothing is written and the outputs are only returned. */
  out?: string
  layout?: Layout
  /** Copy the files of each page beside its document. */
  copyFiles?: boolean
  /** Convert drafts too. */
  drafts?: boolean
  /** The body field (default `text`). */
  body?: string
  /** Other KirbyText fields to convert to Markdown in the front matter. */
  kirbytextFields?: readonly string[]
  /** Kirbytags as Kirby's HTML (default), idiomatic Markdown, or kept as they are. */
  tags?: TagMode
  preset?: Preset
  /** JSON: KirbyText fields (the body and `kirbytextFields`) as mdast too. */
  tree?: boolean
  /** JSON: KirbyText fields (the body and `kirbytextFields`) as the HTML Kirby renders too. */
  html?: boolean
  /** Keep `kirby.raw` in Markdown (default true; false loses the KirbyText of converted fields on the way back). */
  raw?: boolean
  /** Overwrite existing files. */
  force?: boolean
  /** Warnings become errors. */
  strict?: boolean
  /** `auto` or a Kirby version. */
  kirby?: string
  /** A site's own kirbytags. */
  customTags?: readonly CustomTag[]
  /** Configuration file (default: found upwards). */
  config?: string
  /** The site's URL: absolute links and file URLs start with it, as Kirby renders them (default `http://localhost`). */
  baseUrl?: string
  /** Called after each written file (`total`: the outputs that may be written, as far as known before writing). */
  progress?: (done: number, total: number) => void
  /** Files larger than this many bytes are reported (`parse/too-large`) and not read (default: the configuration's `maxFileSize`, else 50 MB). */
  maxFileSize?: number
  /** Stops the run between two pages when aborted (`kfx convert` aborts it on SIGINT and SIGTERM); what is written stays, complete. */
  signal?: AbortSignal
}

/** What a conversion produced. */
export interface ConvertResult {
  /**
   * Every planned output (relative to the output folder), also those not
   * written. With an output folder, Kirby → Markdown or JSON outputs come
   * without their `text` (written, not kept: memory stays flat however large
   * the site).
   */
  outputs: PlannedOutput[]
  /** JSON documents (`to: 'json'`), in output order; only without an output folder (written documents are not kept). */
  documents: KfxDocument[]
  /** Files written. */
  written: number
  /** Messages, one VFile per input file that has any, sorted by path. */
  files: VFile[]
  /** The output folder (absolute), when one was given. */
  outDir?: string
  /** Pages left out because they are drafts. */
  skippedDrafts: number
  /** The site read (md, json). */
  site?: Site
  /** The reason the run was stopped early (`signal`'s, such as `SIGINT`), when it was. */
  interrupted?: unknown
}

/** Messages per input file. */
class Messages {
  readonly #files = new Map<string, VFile>()
  constructor(private readonly cwd: string, private readonly strict: boolean) {}
  add(shown: string, ruleId: string, severity: 'error' | 'warning', reason: string, place?: Position | Point): void {
    let file = this.#files.get(shown)
    if (!file) this.#files.set(shown, (file = new VFile({path: shown, cwd: this.cwd})))
    report(file, {ruleId, severity: this.strict ? 'error' : severity, reason, place: place ?? {line: 1, column: 1, offset: 0}})
  }
  files(): VFile[] {
    return [...this.#files.values()].sort((a, b) => compareBytewise(a.path, b.path))
  }
}

const isDirectory = (file: string): Promise<boolean> => stat(file).then((info) => info.isDirectory(), () => false)
const within = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep)

/** A folder's real path (links resolved), as far as it exists: `out/new` below a linked `out` resolves `out`. */
const realFolder = (folder: string): string => {
  try {
    return realpathSync(folder)
  } catch {
    const parent = path.dirname(folder)
    return parent === folder ? folder : path.join(realFolder(parent), path.basename(folder))
  }
}

/** Converts content; writes under `out` when given. */
export const convert = async (options: ConvertOptions): Promise<ConvertResult> => {
  const cwd = options.cwd ?? process.cwd()
  const given = options.paths && options.paths.length > 0 ? options.paths : ['content']
  const targets: string[] = []
  for (const entry of given) {
    const absolute = path.resolve(cwd, entry)
    if (!(await stat(absolute).catch(() => undefined))) {
      throw new UsageError(
        options.paths && options.paths.length > 0
          ? `Cannot find \`${entry}\`, expected a content file or folder`
          : `No \`content/\` folder here, expected a path: \`kfx convert PATH --to ${options.to}\``
      )
    }
    targets.push(absolute)
  }
  const outDir = options.out === undefined ? undefined : path.resolve(cwd, options.out)
  const messages = new Messages(cwd, options.strict === true)
  if (options.to !== 'kirby') {
    const result = await fromKirby(options, targets, messages, cwd, outDir)
    const converted: ConvertResult = {...result, files: messages.files()}
    if (outDir !== undefined) converted.outDir = outDir
    return converted
  }
  const result = await toKirby(options, targets, messages, cwd)
  let written = 0
  if (outDir !== undefined) {
    const {ok, problems} = await checkPlan(result.outputs, outDir, {force: options.force === true, protectedRoots: result.protectedRoots})
    for (const problem of problems) messages.add(problem.output.source, problem.ruleId, 'error', problem.reason)
    written = await writePlan(ok, outDir, options.progress)
  }
  const converted: ConvertResult = {outputs: result.outputs, documents: result.documents, written, files: messages.files(), skippedDrafts: result.skippedDrafts}
  if (outDir !== undefined) converted.outDir = outDir
  return converted
}

interface Planned {
  outputs: PlannedOutput[]
  documents: KfxDocument[]
  protectedRoots: string[]
  skippedDrafts: number
  site?: Site
}

/** What {@link fromKirby} did. */
type FromKirby = Pick<ConvertResult, 'outputs' | 'documents' | 'written' | 'skippedDrafts' | 'site' | 'interrupted'>

/** Pages converted between two turns of the event loop (where signals are handled). */
const UNITS_PER_TURN = 64

/** The path of an output, as outputs collide: without a final `/`, case-insensitively (as macOS and Windows compare). */
const collisionKey = (output: string): string => output.replace(/\/$/, '').toLowerCase()

/**
 * Kirby → Markdown or JSON, one page at a time. With an output folder, every
 * output path is known from the site's structure before anything is read,
 * so collisions are found first; then each page is read, converted, checked
 * and written, and let go: what is kept does not grow with the site's text.
 * Without one, the outputs (and JSON documents) are kept and returned.
 */
const fromKirby = async (options: ConvertOptions, targets: string[], messages: Messages, cwd: string, outDir: string | undefined): Promise<FromKirby> => {
  const first = targets[0]!
  const loaded = await loadConfig((await isDirectory(first)) ? first : path.dirname(first), options.config)
  const config = loaded.config
  const kirby = options.kirby !== undefined && options.kirby !== 'auto' ? options.kirby : (config.kirby ?? 'auto')
  const site = await discover(first, {
    ...(kirby === 'auto' ? {} : {version: kirby}),
    ...(config.languages ? {languages: config.languages} : {inferLanguages: true})
  })
  if (site.diagnostics.some((d) => d.code === 'no-content-folder')) {
    throw new UsageError(`Cannot find a Kirby site at or above \`${displayPath(first, cwd)}\`, expected a folder with \`content/\``)
  }
  for (const target of targets) {
    if (!within(target, site.root)) throw new UsageError(`Unexpected \`${displayPath(target, cwd)}\` outside the site at \`${displayPath(site.root, cwd)}\`, expected paths inside one site`)
  }
  if (outDir !== undefined && (within(outDir, site.contentRoot) || within(realFolder(outDir), realFolder(site.contentRoot)))) {
    throw new UsageError(`Unexpected output folder \`${displayPath(outDir, cwd)}\` inside the content folder being read, expected a folder outside \`${displayPath(site.contentRoot, cwd)}\``)
  }
  const rules: KirbyRules = site.rules
  const customTags = [...(config.tags ?? []), ...(options.customTags ?? [])]
  const registry = customTags.length > 0 ? withCustomTags(builtinTags(rules), customTags, rules) : builtinTags(rules)
  const shown = (relative: string) => displayPath(path.join(site.root, relative), cwd)
  const {plans, skippedDrafts} = planUnits({site, targets, drafts: options.drafts === true})
  const loading = {site, registry, shown, maxFileSize: options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE}

  const preset = options.preset
  const defaults = preset ? presetDefaults(preset) : undefined
  const layout: Layout = options.layout ?? defaults?.layout ?? 'index'
  const tags: TagMode = options.tags ?? defaults?.tags ?? 'html'
  const body = options.body ?? 'text'

  /** The converter's options for a unit: with `--copy-files`, file URLs point at the copies. */
  const kirbytextOptions = (unit: Unit): KirbytextToMarkdownOptions => {
    const page = unit.page
    // Pages' URLs are read with the default base; Kirby renders them with the site's.
    const base = (options.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '')
    const pageUrl = page ? base + page.url.slice(DEFAULT_BASE.length) : base
    const converting: KirbytextToMarkdownOptions = {rules, registry, site, page: page ?? 'site', pageUrl, baseUrl: base, tags}
    if (options.copyFiles) {
      converting.fileUrl = (file, owner) => {
        const folder = owner === 'site' ? '' : owner.id
        const name = encodeURIComponent(file.filename)
        return layout === 'index' && owner === (page ?? 'site') ? name : `/${folder === '' ? '' : `${folder.split('/').map(encodeURIComponent).join('/')}/`}${name}`
      }
    }
    return converting
  }
  const reportProblems = (source: Unit['source'], field: {key: string; place: Position}, problems: ReadonlyArray<{reason: string; offset: number}>) => {
    if (!source) return
    const record = source.content.fields.find((candidate) => candidate.key === field.key)
    for (const problem of problems) {
      const place = record ? source.content.point(sourceOffset(record, problem.offset)) : field.place
      messages.add(shown(source.path), `convert/${problem.reason}`, 'warning', `Markdown may not render \`${field.key}\` as Kirby does here: \`${problem.reason}\``, place)
    }
  }
  const convertField: FieldConverter = (unit, source, field) => {
    const converted = kirbytextToMarkdown(field.raw, kirbytextOptions(unit))
    reportProblems(source, field, converted.problems)
    const markdown = converted.markdown.replace(/\n$/, '')
    // Hugo renders images through its figure shortcode.
    return preset === 'hugo' && tags === 'html' ? hugoFigures(markdown) : markdown
  }
  const renderHtml = (unit: Unit, field: {raw: string}) => kirbytextToHtml(field.raw, kirbytextOptions(unit)).html

  const outputs: PlannedOutput[] = []
  const documents: KfxDocument[] = []
  const extension = options.to === 'md' ? 'md' : 'json'
  const branchIndex = defaults?.branchIndex
  const documentOf = (unit: Pick<Unit, 'page' | 'language'>) => documentPath(unit, {layout, extension, ...(branchIndex === undefined ? {} : {branchIndex})})
  /** The paths a unit writes to: its document, then (with `--copy-files`, default language) its files. */
  const pathsOf = (unit: UnitPlan): string[] => {
    const paths = [documentOf(unit)]
    if (options.copyFiles && unit.defaultLanguage) {
      const folder = filesFolder(unit)
      for (const asset of unit.assets) paths.push(folder === '' ? asset.file.filename : `${folder}/${asset.file.filename}`)
    }
    return paths
  }

  // Collisions, from the structure alone: a path two units write to is
  // contested. Its outputs wait until every unit that could write it is
  // converted (a unit that is not converted writes nothing); one left is
  // written, two or more are each reported and none is written.
  const contested = new Map<string, {pending: number; present: PlannedOutput[]}>()
  if (outDir !== undefined) {
    const counts = new Map<string, number>()
    for (const plan of plans) for (const key of pathsOf(plan).map(collisionKey)) counts.set(key, (counts.get(key) ?? 0) + 1)
    for (const [key, count] of counts) if (count > 1) contested.set(key, {pending: count, present: []})
  }
  const checking = {force: options.force === true, protectedRoots: [site.contentRoot], folders: new Set<string>()}
  const made = new Set<string>()
  let written = 0
  let total = 0
  for (const plan of plans) for (const key of pathsOf(plan).map(collisionKey)) if (!contested.has(key)) total++
  /** Checks and writes one output; reports why not when it may not be written. */
  const write = (output: PlannedOutput): void => {
    const problem = checkOutput(output, outDir!, checking)
    if (problem) {
      messages.add(problem.output.source, problem.ruleId, 'error', problem.reason)
      return
    }
    writeOutput(output, outDir!, made)
    written++
    options.progress?.(written, total)
  }
  /** A contested path's outputs, once every unit that could write it is done. */
  const settle = (key: string): void => {
    const group = contested.get(key)!
    if (group.pending > 0) return
    contested.delete(key)
    if (group.present.length === 1) {
      total++
      write(group.present[0]!)
      return
    }
    for (const problem of collisionProblems(group.present)) messages.add(problem.output.source, problem.ruleId, 'error', problem.reason)
  }
  /** An output of a converted unit: kept (no output folder), written, or held while its path is contested. */
  const emit = (output: PlannedOutput): void => {
    if (outDir === undefined) {
      outputs.push(output)
      return
    }
    const {text: _text, ...kept} = output
    outputs.push(kept)
    const key = collisionKey(output.path)
    const group = contested.get(key)
    if (!group) return write(output)
    // A second output for the path: neither is written, so no text is held.
    group.present.push(group.present.length === 0 ? output : kept)
    if (group.present.length === 2) {
      const {text: _dropped, ...first} = group.present[0]!
      group.present[0] = first
    }
    group.pending--
    settle(key)
  }

  let interrupted: unknown
  let index = 0
  for (const plan of plans) {
    if (index++ % UNITS_PER_TURN === 0) {
      // A turn of the event loop, where SIGINT and SIGTERM are handled.
      await new Promise((resolve) => setImmediate(resolve))
      if (options.signal?.aborted) {
        interrupted = options.signal.reason ?? 'aborted'
        break
      }
    }
    const planned = outDir === undefined ? [] : pathsOf(plan)
    let emitted = 0
    const unit = await loadUnit(plan, loading)
    const converted = convertUnit(unit)
    for (const output of converted) {
      emit(output)
      emitted++
    }
    // Paths of a unit that was not converted (or of files it did not copy) are settled without it.
    for (const key of planned.slice(emitted).map(collisionKey)) {
      const group = contested.get(key)
      if (!group) continue
      group.pending--
      settle(key)
    }
  }
  return {outputs, documents, written, skippedDrafts, site, ...(interrupted === undefined ? {} : {interrupted})}

  /** A unit's outputs, in the order of {@link pathsOf}: none when it is not converted. */
  function convertUnit(unit: Unit): PlannedOutput[] {
    const sourceShown = unit.source ? shown(unit.source.path) : shown(unit.page?.dir ?? 'content')
    for (const file of [unit.source, ...unit.assets.map((asset) => asset.meta)]) {
      if (!file) continue
      for (const problem of file.problems) messages.add(shown(file.path), problem.ruleId, 'warning', problem.reason, problem.place)
    }
    // A file not read (too large, not a regular file, unreadable) would be lost: such a unit is not converted.
    if (unit.notRead.length > 0) {
      for (const file of unit.notRead) messages.add(shown(file.path), file.ruleId, 'error', file.reason)
      return []
    }
    // Bytes that are not UTF-8 would be written on as U+FFFD: such a unit is not converted.
    // (A NUL byte is valid UTF-8 and round-trips; `check` reports it.)
    const broken = [unit.source, ...unit.assets.map((asset) => asset.meta), ...unit.unread].find((file) => file !== undefined && file.content.invalidUtf8At !== undefined)
    if (broken) {
      const diagnostic = broken.content.diagnostics.find((d) => d.code === 'invalid-utf8')
      const place = diagnostic?.place && 'start' in diagnostic.place ? diagnostic.place.start : (diagnostic?.place as Point | undefined)
      messages.add(
        shown(broken.path),
        'convert/invalid-utf8',
        'error',
        `Unexpected invalid UTF-8 at byte ${broken.content.invalidUtf8At}, expected UTF-8 text: this page is not converted (its text would be written on as U+FFFD)`,
        place
      )
      return []
    }
    const target = documentOf(unit)
    const produced: PlannedOutput[] = []
    if (options.to === 'md') {
      if (unit.source?.fields.some((field) => field.key === 'kirby')) {
        const field = unit.source.fields.find((candidate) => candidate.key === 'kirby')!
        messages.add(sourceShown, 'convert/reserved-key', 'error', 'Unexpected field `kirby`, the front matter key kfx keeps Kirby’s facts under: the page is not converted', field.place)
        return []
      }
      const document = markdownDocument(unit, {body, kirbytextFields: options.kirbytextFields ?? [], convert: convertField, raw: options.raw !== false})
      const data = preset ? applyPreset(preset, unit, document.data) : document.data
      produced.push({path: target, text: stringifyMarkdown(data, document.body), source: sourceShown})
    } else {
      const treeFields = options.tree ? [body, ...(options.kirbytextFields ?? [])] : []
      const htmlFields = options.html ? [body, ...(options.kirbytextFields ?? [])] : []
      const document = jsonDocument(unit, {tree: treeFields, ...(options.html ? {html: {fields: htmlFields, render: renderHtml}} : {})})
      if (outDir === undefined) documents.push(document)
      produced.push({path: target, text: `${JSON.stringify(document, null, 2)}\n`, source: sourceShown})
    }
    if (options.copyFiles && unit.defaultLanguage) {
      const folder = filesFolder(unit)
      for (const asset of unit.assets) {
        produced.push({path: folder === '' ? asset.file.filename : `${folder}/${asset.file.filename}`, copyFrom: path.join(site.root, asset.file.path), source: shown(asset.file.path)})
      }
    }
    return produced
  }
}

/**
 * Lists the Markdown and JSON files under a folder (or the file itself),
 * sorted. A link is followed only to a file inside the folder: one that
 * points out of it (or at a folder) is left out with a warning.
 */
const inputFiles = async (target: string, skipped: (file: string, reason: string) => void): Promise<string[]> => {
  if (!(await isDirectory(target))) return [target]
  const found: string[] = []
  const real = realFolder(target)
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      if (entry.name.startsWith('.')) continue
      const absolute = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(absolute)
      else if (/\.(?:md|markdown|json|jsonl|ndjson)$/i.test(entry.name)) {
        if (entry.isSymbolicLink()) {
          const to = realFolder(absolute)
          const isFile = await stat(to).then((info) => info.isFile(), () => false)
          if (!isFile || !within(to, real)) {
            skipped(absolute, 'Unexpected link to a file outside the folder being read, expected a file inside it: not read')
            continue
          }
        }
        found.push(absolute)
      }
    }
  }
  await walk(target)
  return found.sort(compareBytewise)
}

/** kfx Markdown or JSON → Kirby. */
const toKirby = async (options: ConvertOptions, targets: string[], messages: Messages, cwd: string): Promise<Planned> => {
  const rules = rulesFor(options.kirby === undefined || options.kirby === 'auto' ? '5' : options.kirby)
  const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
  const outputs: PlannedOutput[] = []
  const report = (shown: string, problems: readonly KirbyProblem[]) => {
    for (const problem of problems) messages.add(shown, problem.ruleId, problem.severity ?? 'warning', problem.reason, problem.place)
  }
  for (const target of targets) {
    const base = (await isDirectory(target)) ? target : path.dirname(target)
    const skipped = (file: string, reason: string) => messages.add(displayPath(file, cwd), 'convert/symlink-outside', 'warning', reason)
    for (const file of await inputFiles(target, skipped)) {
      const shown = displayPath(file, cwd)
      // One stat first: a huge file or a FIFO must not be read (or block the run).
      const info = await stat(file).catch(() => undefined)
      if (!info?.isFile() || info.size > limit) {
        const reason = info?.isFile()
          ? `Unexpected file of ${info.size} bytes, expected at most ${limit} (\`maxFileSize\`): not read`
          : 'Unexpected special file (not a regular file): not read'
        messages.add(shown, 'parse/too-large', 'error', reason)
        continue
      }
      const decoded = decodeBytes(await readFile(file))
      if (decoded.invalidUtf8At !== undefined) {
        messages.add(shown, 'convert/invalid-utf8', 'error', `Unexpected invalid UTF-8 at byte ${decoded.invalidUtf8At}, expected UTF-8 text: not converted (it would be written on as U+FFFD)`)
        continue
      }
      const text = decoded.text.replace(/^\uFEFF/, '')
      const push = (list: ReadonlyArray<{path: string; text?: string}>) => {
        for (const output of list) outputs.push({...output, source: shown})
      }
      if (/\.(?:md|markdown)$/i.test(file)) {
        const relative = path.relative(base, file).split(path.sep).join('/')
        const converted = kirbyFromMarkdown(text, {rules, path: relative, ...(options.body === undefined ? {} : {body: options.body})})
        report(shown, converted.problems)
        push(converted.outputs)
        continue
      }
      let documents: unknown[]
      try {
        documents = /\.(?:jsonl|ndjson)$/i.test(file)
          ? text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown)
          : [JSON.parse(text) as unknown]
      } catch (error) {
        messages.add(shown, 'convert/bad-input', 'error', `Unexpected JSON: ${error instanceof Error ? error.message : String(error)}`)
        continue
      }
      for (const document of documents) {
        const list = typeof document === 'object' && document !== null && Array.isArray((document as {documents?: unknown}).documents)
          ? ((document as {documents: unknown[]}).documents)
          : [document]
        for (const item of list) {
          const converted = kirbyFromJson(item, rules)
          report(shown, converted.problems)
          push(converted.outputs)
        }
      }
    }
  }
  const protectedRoots: string[] = []
  for (const target of targets) protectedRoots.push(target)
  return {outputs, documents: [], protectedRoots, skippedDrafts: 0}
}

/** Whether a conversion has errors. */
export const convertHasErrors = (result: ConvertResult): boolean =>
  result.files.some((file) => file.messages.some((message) => severityOf(message) === 'error'))

/**
 * @fileoverview `convert`, the library function behind `kfx convert`: a
 * Kirby site (or some of its pages) to Markdown with front matter or to
 * JSON, and kfx's Markdown or JSON back to Kirby's `.txt` files. It plans
 * every output, checks the plan (see `write.ts`), writes what may be
 * written when given an output folder, and reports every problem as a
 * message at `file:line:column`.
 */
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
import {readUnits, type Unit} from './source.js'
import {kirbyFromJson, kirbyFromMarkdown, type KirbyProblem} from './to-kirby.js'
import {checkPlan, writePlan, type PlannedOutput} from './write.js'

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
  /** Called after each written file. */
  progress?: (done: number, total: number) => void
}

/** What a conversion produced. */
export interface ConvertResult {
  /** Every planned output (relative to the output folder), also those not written. */
  outputs: PlannedOutput[]
  /** JSON documents (`to: 'json'`), in output order. */
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
  const result = options.to === 'kirby' ? await toKirby(options, targets, messages, cwd) : await fromKirby(options, targets, messages, cwd, outDir)

  let written = 0
  if (outDir !== undefined) {
    const {ok, problems} = await checkPlan(result.outputs, outDir, {force: options.force === true, protectedRoots: result.protectedRoots})
    for (const problem of problems) messages.add(problem.output.source, problem.ruleId, 'error', problem.reason)
    written = await writePlan(ok, outDir, options.progress)
  }
  const converted: ConvertResult = {outputs: result.outputs, documents: result.documents, written, files: messages.files(), skippedDrafts: result.skippedDrafts}
  if (outDir !== undefined) converted.outDir = outDir
  if (result.site) converted.site = result.site
  return converted
}

interface Planned {
  outputs: PlannedOutput[]
  documents: KfxDocument[]
  protectedRoots: string[]
  skippedDrafts: number
  site?: Site
}

/** Kirby → Markdown or JSON. */
const fromKirby = async (options: ConvertOptions, targets: string[], messages: Messages, cwd: string, outDir: string | undefined): Promise<Planned> => {
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
  if (outDir !== undefined && within(outDir, site.contentRoot)) {
    throw new UsageError(`Unexpected output folder \`${displayPath(outDir, cwd)}\` inside the content folder being read, expected a folder outside \`${displayPath(site.contentRoot, cwd)}\``)
  }
  const rules: KirbyRules = site.rules
  const customTags = [...(config.tags ?? []), ...(options.customTags ?? [])]
  const registry = customTags.length > 0 ? withCustomTags(builtinTags(rules), customTags, rules) : builtinTags(rules)
  const shown = (relative: string) => displayPath(path.join(site.root, relative), cwd)
  const {units, skippedDrafts} = await readUnits({site, registry, targets, drafts: options.drafts === true, shown})

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
  for (const unit of units) {
    const sourceShown = unit.source ? shown(unit.source.path) : shown(unit.page?.dir ?? 'content')
    for (const file of [unit.source, ...unit.assets.map((asset) => asset.meta)]) {
      if (!file) continue
      for (const problem of file.problems) messages.add(shown(file.path), problem.ruleId, 'warning', problem.reason, problem.place)
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
      continue
    }
    const target = documentPath(unit, {layout, extension, ...(branchIndex === undefined ? {} : {branchIndex})})
    if (options.to === 'md') {
      if (unit.source?.fields.some((field) => field.key === 'kirby')) {
        const field = unit.source.fields.find((candidate) => candidate.key === 'kirby')!
        messages.add(sourceShown, 'convert/reserved-key', 'error', 'Unexpected field `kirby`, the front matter key kfx keeps Kirby’s facts under: the page is not converted', field.place)
        continue
      }
      const document = markdownDocument(unit, {body, kirbytextFields: options.kirbytextFields ?? [], convert: convertField, raw: options.raw !== false})
      const data = preset ? applyPreset(preset, unit, document.data) : document.data
      outputs.push({path: target, text: stringifyMarkdown(data, document.body), source: sourceShown})
    } else {
      const treeFields = options.tree ? [body, ...(options.kirbytextFields ?? [])] : []
      const htmlFields = options.html ? [body, ...(options.kirbytextFields ?? [])] : []
      const document = jsonDocument(unit, {tree: treeFields, ...(options.html ? {html: {fields: htmlFields, render: renderHtml}} : {})})
      documents.push(document)
      outputs.push({path: target, text: `${JSON.stringify(document, null, 2)}\n`, source: sourceShown})
    }
    if (options.copyFiles && unit.defaultLanguage) {
      const folder = filesFolder(unit)
      for (const asset of unit.assets) {
        outputs.push({path: folder === '' ? asset.file.filename : `${folder}/${asset.file.filename}`, copyFrom: path.join(site.root, asset.file.path), source: shown(asset.file.path)})
      }
    }
  }
  return {outputs, documents, protectedRoots: [site.contentRoot], skippedDrafts, site}
}

/** Lists the Markdown and JSON files under a folder (or the file itself), sorted. */
const inputFiles = async (target: string): Promise<string[]> => {
  if (!(await isDirectory(target))) return [target]
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      if (entry.name.startsWith('.')) continue
      const absolute = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(absolute)
      else if (/\.(?:md|markdown|json|jsonl|ndjson)$/i.test(entry.name)) found.push(absolute)
    }
  }
  await walk(target)
  return found.sort(compareBytewise)
}

/** kfx Markdown or JSON → Kirby. */
const toKirby = async (options: ConvertOptions, targets: string[], messages: Messages, cwd: string): Promise<Planned> => {
  const rules = rulesFor(options.kirby === undefined || options.kirby === 'auto' ? '5' : options.kirby)
  const outputs: PlannedOutput[] = []
  const report = (shown: string, problems: readonly KirbyProblem[]) => {
    for (const problem of problems) messages.add(shown, problem.ruleId, problem.severity ?? 'warning', problem.reason, problem.place)
  }
  for (const target of targets) {
    const base = (await isDirectory(target)) ? target : path.dirname(target)
    for (const file of await inputFiles(target)) {
      const shown = displayPath(file, cwd)
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

/**
 * @fileoverview `kfx validate`: every page, file meta file and the site
 * checked against JSON Schemas — hand-written ones (`--schema`, or
 * `schemas` in the configuration) and the ones compiled from the site's own
 * blueprints. Messages go through a reporter; the exit code says whether
 * anything is wrong.
 */
import {readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {LineCounter, parseDocument} from 'yaml'
import {schemaFor} from '../blueprint/index.js'
import type {CliContext} from '../cli.js'
import {loadConfig, type KfxConfig} from '../config/load.js'
import {run, type FileContext, type Model} from '../engine.js'
import {ExitCode, UsageError} from '../errors.js'
import {formatKirbyVersion} from '../kirby-version.js'
import type {CustomTag} from '../kirbytag/registry.js'
import {report, severityOf} from '../messages.js'
import {parse} from '../parse.js'
import {reporterFor} from '../reporters/index.js'
import type {Site} from '../site/index.js'
import {createColor} from '../util/color.js'
import {displayPath} from '../util/paths.js'
import {validateFile, validateTranslation} from '../validate/index.js'

/** Options of `kfx validate`. */
export interface ValidateOptions {
  format: string
  kirby: string
  schema?: string
  config?: string
  tag?: CustomTag[]
  quiet?: boolean
  verbose?: boolean
  color?: boolean
}

/** A schema and where it came from, for `--verbose` and message notes. */
export interface SchemaSource {
  /** Shown to the user: `site/blueprints/pages/article.yml`, `schemas/article.json`. */
  name: string
  schema: object
}

/** Reads a hand-written JSON Schema; a broken one is a usage error at its line and column. */
export const readSchemaFile = async (file: string, cwd: string): Promise<object> => {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`Cannot find schema \`${displayPath(file, cwd)}\``)
  })
  const lines = new LineCounter()
  const document = parseDocument(text, {lineCounter: lines, version: '1.2'})
  if (document.errors.length > 0) {
    const {line, col} = lines.linePos(document.errors[0]!.pos[0])
    throw new UsageError(`${displayPath(file, cwd)}:${line}:${col}: Cannot read schema: ${document.errors[0]!.message.split('\n')[0]}`)
  }
  const value = document.toJS() as unknown
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${displayPath(file, cwd)}:1:1: Unexpected schema, expected a JSON object`)
  }
  return value
}

/**
 * Blueprint findings after which the declared fields are not the whole
 * story: a mixin or section that is not there (a plugin's, as a rule) may
 * declare more fields, and a template without a blueprint of its own says
 * nothing about its fields.
 */
const UNCERTAIN = new Set(['missing-mixin', 'unknown-section-type', 'blueprint-fallback'])
const withoutUnknownCheck = new WeakMap<object, object>()

/**
 * The schema to judge with: as compiled, or — when the blueprint cannot
 * know all fields — without `kirbyBlueprint`, so undeclared fields are not
 * reported as unknown (every other check stays).
 */
const certainFields = (schema: object, diagnostics: ReadonlyArray<{code: string}>): object => {
  const declared = Object.keys((schema as {properties?: object}).properties ?? {}).length
  // A blueprint that declares no fields at all (an empty file) says nothing about them either.
  if (declared > 0 && !diagnostics.some((d) => UNCERTAIN.has(d.code))) return schema
  let stripped = withoutUnknownCheck.get(schema)
  if (!stripped) {
    const {kirbyBlueprint: _omitted, ...rest} = schema as {kirbyBlueprint?: unknown}
    withoutUnknownCheck.set(schema, (stripped = rest))
  }
  return stripped
}

const isDirectory = (file: string): Promise<boolean> => stat(file).then((info) => info.isDirectory(), () => false)

/** The configuration key of a model: a page template, `file:<template>`, or `site`. */
const modelKey = (model: Model): string => (model.kind === 'page' ? model.name : model.kind === 'file' ? `file:${model.name}` : 'site')

/** Hand-written schemas of the configuration and `--schema`, loaded once. */
const handWritten = async (
  config: KfxConfig,
  configFile: string | undefined,
  schemaOption: string | undefined,
  cwd: string
): Promise<(model: Model) => SchemaSource[]> => {
  const byKey = new Map<string, SchemaSource>()
  const base = configFile ? path.dirname(configFile) : cwd
  for (const [key, file] of Object.entries(config.schemas ?? {})) {
    const absolute = path.resolve(base, file)
    byKey.set(key, {name: displayPath(absolute, cwd), schema: await readSchemaFile(absolute, cwd)})
  }
  const forAll = schemaOption === undefined ? undefined : path.resolve(cwd, schemaOption)
  const all = forAll === undefined ? undefined : {name: displayPath(forAll, cwd), schema: await readSchemaFile(forAll, cwd)}
  return (model) => {
    const found: SchemaSource[] = []
    const own = byKey.get(modelKey(model))
    if (own) found.push(own)
    if (model.kind === 'page') {
      const star = byKey.get('*')
      if (star) found.push(star)
      if (all) found.push(all)
    }
    return found
  }
}

/** Options of the library's {@link validate}. */
export interface ValidateRunOptions {
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
  /** Called with one line per file naming the schemas that judged it. */
  log?: (line: string) => void
}

/** What {@link validate} found. */
export interface ValidateResult {
  /** One VFile per checked file (then blueprint files with findings), with messages. */
  files: VFile[]
  /** Whether a file could not be checked because kfx failed. */
  crashed: boolean
}

/**
 * Validates the content files under `paths` against the schemas that apply:
 * compiled blueprints, `--schema`, and the configuration's `schemas`.
 */
export const validate = async (options: ValidateRunOptions = {}): Promise<ValidateResult> => {
  const cwd = options.cwd ?? process.cwd()
  const paths = options.paths ?? []
  const first = path.resolve(cwd, paths[0] ?? 'content')
  const loaded = await loadConfig((await isDirectory(first)) ? first : path.dirname(first), options.config)
  const {config} = loaded
  const kirby = options.kirby !== undefined && options.kirby !== 'auto' ? options.kirby : (config.kirby ?? 'auto')
  const schemasOf = await handWritten(config, loaded.file, options.schema, cwd)
  const useBlueprints = config.blueprints !== false

  // Blueprint findings (a missing mixin, YAML errors) belong to the blueprint files.
  const blueprintFiles = new Map<string, VFile>()
  const blueprintMessages = (site: Site, diagnostics: ReadonlyArray<{file?: string; reason: string; severity: 'error' | 'warning' | 'info'; place?: unknown; code: string}>) => {
    for (const diagnostic of diagnostics) {
      const shown = diagnostic.file === undefined ? 'site/blueprints' : displayPath(path.join(site.root, diagnostic.file), cwd)
      let file = blueprintFiles.get(shown)
      if (!file) blueprintFiles.set(shown, (file = new VFile({path: shown, cwd})))
      const key = `${diagnostic.code}\0${diagnostic.reason}`
      if (file.messages.some((m) => `${m.ruleId?.replace(/^blueprint\//, '')}\0${m.reason}` === key)) continue
      report(file, {
        ruleId: `blueprint/${diagnostic.code}`,
        severity: diagnostic.severity,
        reason: diagnostic.reason,
        place: diagnostic.place as never
      })
    }
  }

  const defaultContent = new Map<string, Promise<ReturnType<typeof parse> | undefined>>()
  const log = options.log ?? (() => {})

  const stage = async ({site, file, content, model}: FileContext): Promise<void> => {
    const sources: SchemaSource[] = []
    if (useBlueprints) {
      const compiled = await schemaFor(site, {kind: model.kind, name: model.name})
      blueprintMessages(site, compiled.diagnostics)
      if (compiled.schema) {
        const declared = (compiled.schema as {kirbyBlueprint?: {file?: string}}).kirbyBlueprint?.file
        const name = declared === undefined ? `Kirby's default ${model.kind} blueprint` : displayPath(path.join(site.root, declared), cwd)
        sources.push({name, schema: certainFields(compiled.schema, compiled.diagnostics)})
      }
    }
    sources.push(...schemasOf(model))
    log(`${file.path}: ${sources.length === 0 ? 'no schema' : sources.map((s) => s.name).join(', ')}`)
    if (sources.length === 0) return

    // A translation falls back to the default language's fields, as Kirby does.
    let fallback: ReturnType<typeof parse> | undefined
    if (model.language !== undefined && !model.defaultLanguage && model.page) {
      const defaultCode = site.languages.find((l) => l.default)?.code
      const entry = model.page.contentFiles.find((f) => f.role === model.entry?.role && f.language === defaultCode && (f.metaFor ?? '') === (model.entry?.metaFor ?? ''))
      if (entry) {
        let pending = defaultContent.get(entry.path)
        if (!pending) {
          pending = readFile(path.join(site.root, entry.path)).then(
            (bytes) => parse(bytes, {rules: site.rules, path: displayPath(path.join(site.root, entry.path), cwd)}),
            () => undefined
          )
          defaultContent.set(entry.path, pending)
        }
        fallback = await pending
      }
    }
    for (const source of sources) {
      if (fallback) validateTranslation(file, content, fallback, source.schema, {schemaName: source.name})
      else validateFile(file, content, source.schema, {schemaName: source.name})
    }
  }

  const prepare = (site: Site) => {
    log(`site ${displayPath(site.root, cwd)}: Kirby ${formatKirbyVersion(site.rules.version)} (${site.version.source === 'option' ? 'as asked' : site.version.reasons.join('; ')})`)
    if (loaded.file) log(`configuration: ${displayPath(loaded.file, cwd)}`)
    for (const diagnostic of site.diagnostics) if (diagnostic.code === 'languages-inferred') log(diagnostic.reason)
  }
  const result = await run(
    {
      cwd,
      paths,
      kirby,
      tags: [...(config.tags ?? []), ...(options.tags ?? [])],
      stages: [stage],
      prepare,
      ...(config.languages ? {languages: config.languages} : {})
    },
    'validate'
  )
  return {files: [...result.files, ...[...blueprintFiles.values()].sort((a, b) => a.path.localeCompare(b.path))], crashed: result.crashed}
}

/** The exit code of a checking run: 2 when kfx failed, 1 when there are errors, else 0. */
export const exitCodeOf = (files: readonly VFile[], crashed: boolean): number => {
  if (crashed) return ExitCode.failure
  return files.some((file) => file.messages.some((message) => severityOf(message) === 'error')) ? ExitCode.problems : ExitCode.ok
}

/** Runs `kfx validate`; resolves to the exit code. */
export const validateCommand = async (paths: readonly string[], options: ValidateOptions, context: CliContext): Promise<number> => {
  const {cwd, stdout, stderr} = context
  const reporter = reporterFor(options.format)
  if (!reporter) throw new UsageError(`Unexpected format \`${options.format}\`, expected \`stylish\` or \`json\``)
  const runOptions: ValidateRunOptions = {cwd, paths, kirby: options.kirby}
  if (options.schema !== undefined) runOptions.schema = options.schema
  if (options.config !== undefined) runOptions.config = options.config
  if (options.tag !== undefined) runOptions.tags = options.tag
  if (options.verbose) runOptions.log = (line) => stderr.write(`${line}\n`)
  const {files, crashed} = await validate(runOptions)
  const color = createColor({flag: options.color, env: context.env, stream: stdout})
  stdout.write(reporter(files, {color, quiet: options.quiet ?? false, verbose: options.verbose ?? false}))
  return exitCodeOf(files, crashed)
}

/**
 * @fileoverview The validate stage: every page, file meta file and the
 * site checked against JSON Schemas — hand-written ones (`--schema`, or
 * `schemas` in the configuration) and the ones compiled from the site's own
 * blueprints. `kfx validate` and `kfx check` run it (src/check.ts).
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {LineCounter, parseDocument} from 'yaml'
import {schemaFor} from '../blueprint/index.js'
import {dependsOn} from '../cache/deps.js'
import type {KfxConfig} from '../config/load.js'
import type {FileContext, Model, Stage} from '../engine.js'
import {UsageError} from '../errors.js'
import {report} from '../messages.js'
import {parse, type ContentFile} from '../parse.js'
import type {Site} from '../site/index.js'
import type {Diagnostic} from '../types.js'
import {displayPath} from '../util/paths.js'
import {validateFile, validateTranslation} from '../validate/index.js'
import {BoundedCache} from '../util/bounded-cache.js'

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
  let value: unknown
  try {
    // `toJS` bounds aliases (`maxAliasCount`, 100 by default) and throws on an alias bomb.
    value = document.toJS()
  } catch (error) {
    throw new UsageError(`${displayPath(file, cwd)}:1:1: Cannot read schema: ${error instanceof Error ? error.message : String(error)}`)
  }
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

/** What the validate stage needs to know. */
export interface ValidateStageOptions {
  cwd: string
  config: KfxConfig
  /** The configuration file, for resolving its schema paths. */
  configFile?: string | undefined
  /** `--schema`: a schema for every page. */
  schema?: string | undefined
  log: (line: string) => void
}

/** The validate stage of a run, and the blueprint files it has findings for. */
export interface ValidateStage {
  stage: Stage
  /** VFiles of blueprint files with findings (a missing mixin, YAML errors), sorted. */
  extraFiles: () => VFile[]
  /** For a file whose messages came from the result cache: its blueprint's findings, as if judged. */
  restored: (site: Site, model: Model) => Promise<void>
}

/**
 * Builds the validate stage: for each file the schemas that apply
 * (compiled blueprint, `--schema`, configuration `schemas`) judge its typed
 * content; translations fall back to the default language as Kirby does.
 */
export const createValidateStage = async (options: ValidateStageOptions): Promise<ValidateStage> => {
  const {cwd, config, log} = options
  const schemasOf = await handWritten(config, options.configFile, options.schema, cwd)
  const useBlueprints = config.blueprints !== false

  // Blueprint findings (a missing mixin, YAML errors) belong to the blueprint files.
  const blueprintFiles = new Map<string, VFile>()
  const blueprintMessages = (site: Site, diagnostics: readonly Diagnostic[]) => {
    for (const diagnostic of diagnostics) {
      const shown = diagnostic.file === undefined ? 'site/blueprints' : displayPath(path.join(site.root, diagnostic.file), cwd)
      let file = blueprintFiles.get(shown)
      if (!file) blueprintFiles.set(shown, (file = new VFile({path: shown, cwd})))
      const ruleId = `blueprint/${diagnostic.code}`
      if (file.messages.some((m) => m.ruleId === ruleId && m.reason === diagnostic.reason)) continue
      report(file, {ruleId, severity: diagnostic.severity, reason: diagnostic.reason, place: diagnostic.place})
    }
  }

  // Files come in path order, so a page's translations follow its default file closely:
  // a few hundred recent ones serve them all, where a Map would keep every parsed file to the end.
  const defaultContent = new BoundedCache<string, Promise<ContentFile | undefined>>(256)
  const stage: Stage = async ({site, file, content, model}: FileContext): Promise<void> => {
    const sources: SchemaSource[] = []
    // A site without `site/blueprints` has no blueprints to derive schemas from.
    if (useBlueprints && site.blueprintsRoot !== undefined) {
      const compiled = await schemaFor(site, {kind: model.kind, name: model.name})
      blueprintMessages(site, compiled.diagnostics)
      const declared = (compiled.schema as {kirbyBlueprint?: {file?: string}}).kirbyBlueprint?.file
      const name = declared === undefined ? `Kirby's default ${model.kind} blueprint` : displayPath(path.join(site.root, declared), cwd)
      sources.push({name, schema: certainFields(compiled.schema, compiled.diagnostics)})
    }
    sources.push(...schemasOf(model))
    log(`${file.path}: ${sources.length === 0 ? 'no schema' : sources.map((s) => s.name).join(', ')}`)
    if (sources.length === 0) return

    // A translation falls back to the default language's fields, as Kirby does.
    let fallback: ContentFile | undefined
    if (model.language !== undefined && !model.defaultLanguage) {
      const defaultCode = site.languages.find((l) => l.default)?.code
      // The site's translations fall back like a page's.
      const entries = model.page ? model.page.contentFiles : site.site.contentFiles
      const entry = entries.find(
        (f) => f.role === model.entry?.role && f.language === defaultCode && (f.metaFor ?? '') === (model.entry?.metaFor ?? '')
      )
      if (entry) {
        dependsOn(entry.path)
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
  const restored = async (site: Site, model: Model): Promise<void> => {
    if (useBlueprints && site.blueprintsRoot !== undefined) blueprintMessages(site, (await schemaFor(site, {kind: model.kind, name: model.name})).diagnostics)
  }
  return {stage, extraFiles: () => [...blueprintFiles.values()].sort((a, b) => a.path.localeCompare(b.path)), restored}
}

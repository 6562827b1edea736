/**
 * @fileoverview Find and load a model's blueprint and normalise it as Kirby
 * does (spec §6.1–6.3, §6.7): the fallback chain, `extends` for whole
 * blueprints, tabs, sections, fields and fieldsets (maps merged deeply,
 * lists replaced), the layout shorthands (fields → sections → columns →
 * tabs, the more specific one discarding the others), section types, field
 * shorthands (`true`, `false`, a string = `extends`), `type` defaulting to
 * the name, groups spliced into their parent with their `when`, lower-cased
 * field names, duplicate names, unknown types. Kirby 2 Panel blueprints
 * (flat `site/blueprints/<template>.yml|php|yaml`, `fields:` only, global
 * fields in `fields/`) are read with Kirby 2's own rules.
 *
 * Nothing here throws on a broken blueprint: YAML errors, missing mixins,
 * cycles, unknown types become diagnostics and the rest is still read.
 */
import {join, relative, sep} from 'node:path'
import {compareVersions} from '../kirby-version.js'
import type {Site} from '../site/discover.js'
import {isDirectory, nodeSiteFs, type SiteFs} from '../site/fs.js'
import {decodeBytes} from '../txt/read.js'
import {phpStrToLower} from '../txt/php.js'
import type {Diagnostic, Severity} from '../types.js'
import {coreBlueprint, isCoreBlockType} from './core.js'
import {CORE_BLOCK_TYPES, FIELD_TYPES, KIRBY2_FIELD_TYPES, SECTION_TYPES} from './field-types.js'
import {mergeProps} from './merge.js'
import type {BlueprintEntry, BlueprintField, BlueprintFieldset, BlueprintModel, NormalizedBlueprint} from './types.js'
import {isYamlMap, parseBlueprintYaml, placeOf, setPlace, type BlueprintPlace, type YamlFile, type YamlMap} from './yaml.js'

/** Options of {@link loadBlueprint}. */
export interface LoadBlueprintOptions {
  /** File system (default `node:fs/promises`). */
  fs?: SiteFs
  /** Absolute blueprints folder (default `site.blueprintsRoot`, else `<root>/site/blueprints`). */
  root?: string
}

/** What {@link loadBlueprint} returns. */
export interface LoadedBlueprint {
  /** The normalised blueprint; undefined only when nothing at all applies (Kirby 2 without `default`). */
  blueprint: NormalizedBlueprint | undefined
  /** What Kirby would do silently or show as an error field. */
  diagnostics: Diagnostic[]
}

/** A mixin or blueprint found by name. */
interface Found {
  /** Path relative to the site root, or `kirby:<name>` for a core blueprint. */
  file: string
  value: unknown
}

/** Reads and parses blueprint files, each once per site. */
interface Reader {
  site: Site
  fs: SiteFs
  root: string
  kirby2: boolean
  /** Whether `site/plugins` exists (unknown types are then probably a plugin's). */
  plugins: Promise<boolean>
  files: Map<string, Promise<YamlFile | undefined>>
}

const readers = new WeakMap<Site, WeakMap<SiteFs, Map<string, Reader>>>()

/** The cached reader of a site, file system and blueprints root. */
const readerFor = (site: Site, options: LoadBlueprintOptions): Reader => {
  const fs = options.fs ?? nodeSiteFs
  const root = options.root ?? site.blueprintsRoot ?? join(site.root, 'site', 'blueprints')
  let byFs = readers.get(site)
  if (!byFs) readers.set(site, (byFs = new WeakMap()))
  let byRoot = byFs.get(fs)
  if (!byRoot) byFs.set(fs, (byRoot = new Map()))
  let reader = byRoot.get(root)
  if (!reader) {
    const plugins = (async () => {
      if (!(await isDirectory(fs, join(site.root, 'site', 'plugins')))) return false
      const entries = await fs.readdir(join(site.root, 'site', 'plugins'), {withFileTypes: true}).catch(() => [])
      return entries.some((entry) => !entry.name.startsWith('.'))
    })()
    reader = {site, fs, root, kirby2: site.rules.version.major === 2, plugins, files: new Map()}
    byRoot.set(root, reader)
  }
  return reader
}

const toPosix = (path: string): string => path.split(sep).join('/')

/** Reads and parses one file (absolute path) once; undefined when it is not a file. */
const readYaml = (reader: Reader, absolute: string): Promise<YamlFile | undefined> => {
  let pending = reader.files.get(absolute)
  if (!pending) {
    pending = (async () => {
      const isFile = await reader.fs.stat(absolute).then((s) => s.isFile(), () => false)
      if (!isFile) return undefined
      const bytes = await reader.fs.readFile(absolute)
      const file = toPosix(relative(reader.site.root, absolute))
      const text = decodeBytes(bytes).text
      return parseBlueprintYaml(text, file, {phpGuard: absolute.endsWith('.php')})
    })()
    reader.files.set(absolute, pending)
  }
  return pending
}

/** One load: the reader, the diagnostics so far and the files already reported. */
interface Run {
  reader: Reader
  diagnostics: Diagnostic[]
  reported: Set<string>
}

const pointOf = (place: BlueprintPlace | undefined): {place?: {line: number; column: number; offset: number}} =>
  place ? {place: {line: place.line, column: place.column, offset: place.offset}} : {}

const report = (run: Run, code: string, severity: Severity, reason: string, place: BlueprintPlace | undefined, file?: string): void => {
  const where = place?.file ?? file
  const diagnostic: Diagnostic = {code, severity, reason, ...pointOf(place)}
  if (where !== undefined && !where.startsWith('kirby:')) diagnostic.file = where
  run.diagnostics.push(diagnostic)
}

/** Uses a parsed file: its YAML diagnostics are reported once per run. */
const use = (run: Run, yaml: YamlFile): unknown => {
  if (!run.reported.has(yaml.file)) {
    run.reported.add(yaml.file)
    run.diagnostics.push(...yaml.diagnostics)
  }
  return yaml.value
}

/** Kirby 3+ `Blueprint::find`: `<root>/<name>.yml`, then the core's own blueprints. */
const find = async (run: Run, name: string): Promise<Found | undefined> => {
  const yaml = await readYaml(run.reader, join(run.reader.root, `${name}.yml`))
  if (yaml) return {file: yaml.file, value: use(run, yaml)}
  const core = coreBlueprint(name)
  return core ? {file: `kirby:${name}`, value: core} : undefined
}

const withoutKey = (map: YamlMap, key: string): YamlMap => {
  const copy: YamlMap = new Map()
  for (const [k, v] of map) {
    if (k === key) continue
    copy.set(k, v)
    const place = placeOf(map, k)
    if (place) setPlace(copy, k, place)
  }
  return copy
}

/** `Blueprint::extend`: a string is `{extends: string}`; each mixin (itself extended) is merged under the props. */
const extend = async (run: Run, props: unknown, chain: readonly string[], place: BlueprintPlace | undefined): Promise<unknown> => {
  let map: unknown = props
  if (typeof props === 'string') {
    map = new Map([['extends', props]])
    if (place) setPlace(map as YamlMap, 'extends', place)
  }
  if (!isYamlMap(map)) return props
  const extendsValue = map.get('extends')
  if (extendsValue === undefined || extendsValue === null || extendsValue === '' || extendsValue === false) return map
  const where = placeOf(map, 'extends') ?? place
  let result: YamlMap = map
  const names = Array.isArray(extendsValue) ? extendsValue : [extendsValue]
  for (const [index, name] of names.entries()) {
    const itemPlace = (Array.isArray(extendsValue) ? placeOf(extendsValue, index) : undefined) ?? where
    if (typeof name !== 'string') {
      report(run, 'missing-mixin', 'warning', `Unexpected \`extends\` value \`${String(name)}\`, expected a blueprint name such as \`fields/cover\``, itemPlace)
      continue
    }
    if (chain.includes(name)) {
      report(run, 'mixin-cycle', 'error', `Unexpected \`extends: ${name}\` inside \`${name}\` itself (${[...chain, name].join(' → ')}), Kirby would loop forever; ignored`, itemPlace)
      continue
    }
    const found = await find(run, name)
    if (!found || !isYamlMap(found.value)) {
      report(
        run,
        'missing-mixin',
        'warning',
        found
          ? `Unexpected \`extends: ${name}\`: \`${found.file}\` is not a map of props, Kirby ignores it`
          : `Unexpected \`extends: ${name}\`: there is no \`site/blueprints/${name}.yml\`, Kirby silently ignores it${
              FIELD_TYPES.has(name) ? ` (a field written \`name: ${name}\` extends \`${name}\`; \`name: {type: ${name}}\` is a ${name} field)` : ''
            }`,
        itemPlace
      )
      continue
    }
    const mixin = await extend(run, found.value, [...chain, name], undefined)
    result = mergeProps(mixin, result) as YamlMap
  }
  return withoutKey(result, 'extends')
}

/** The content key of a field name: Kirby lower-cases names; KirbyData keys also turn `-` and spaces into `_`. */
export const contentKey = (name: string): string => phpStrToLower(name).replace(/[- ]/g, '_')

/** Entries of a PHP array: a map's pairs, or a list's items keyed by index. */
const entriesOf = (value: unknown): Array<[string, unknown, BlueprintPlace | undefined]> => {
  if (isYamlMap(value)) return [...value].map(([k, v]) => [k, v, placeOf(value, k)])
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v, placeOf(value, i)])
  return []
}

const typeLabel = (version: Site['rules']['version']): string => `${version.major}.${version.minor === 99 ? 'x' : version.minor}`

/** Normalisation state of one blueprint (Kirby 3+). */
interface Normalizer {
  run: Run
  chain: readonly string[]
  /** Fields of the blueprint by name, for duplicates. */
  byName: Map<string, BlueprintField>
  byKey: Map<string, BlueprintField>
  fields: BlueprintField[]
}

/** `Blueprint::fieldsProps`: normalises a fields map (recursively), splicing groups. */
const fieldsProps = async (run: Run, value: unknown, chain: readonly string[]): Promise<BlueprintField[]> => {
  const result: BlueprintField[] = []
  for (const [name, raw, place] of entriesOf(value)) {
    if (raw === false) continue
    const field = await fieldProps(run, name, raw, place, chain)
    if (Array.isArray(field)) result.push(...field)
    else if (field) result.push(field)
  }
  return result
}

/** `Blueprint::fieldProps` for one field: a field, or a group's spliced children. */
const fieldProps = async (
  run: Run,
  name: string,
  raw: unknown,
  place: BlueprintPlace | undefined,
  chain: readonly string[]
): Promise<BlueprintField | BlueprintField[] | undefined> => {
  let props = await extend(run, raw === true || raw === null ? new Map() : raw, chain, place)
  if (!isYamlMap(props)) props = new Map()
  const map = props as YamlMap
  const rawType = map.get('type')
  const type = rawType === undefined || rawType === null ? name : rawType
  if (type === 'group') {
    const children = await fieldsProps(run, map.get('fields'), chain)
    const when = map.get('when')
    if (!isYamlMap(when)) return children
    // `array_replace_recursive(['when' => $group['when']], $field)`: the child's own conditions win.
    return children.map((child) => {
      const childWhen = child.props.get('when')
      const merged = new Map(when)
      if (isYamlMap(childWhen)) for (const [k, v] of childWhen) merged.set(k, v)
      const childProps = new Map(child.props)
      childProps.set('when', merged)
      return {...child, props: childProps}
    })
  }
  const field: BlueprintField = {name, key: contentKey(name), type: typeof type === 'string' ? type : JSON.stringify(type) ?? String(type), status: 'ok', props: map}
  if (place) field.declared = place
  const version = run.reader.site.rules.version
  const info = typeof type === 'string' ? FIELD_TYPES.get(type) : undefined
  if (!info) {
    field.status = 'unknown'
    const plugin = await run.reader.plugins
    report(
      run,
      'unknown-field-type',
      plugin ? 'warning' : 'error',
      `Unexpected field type \`${field.type}\` of \`${name}\`, Kirby shows an error field instead${plugin ? ' unless a plugin in `site/plugins` defines it' : ''}; its value is not checked`,
      place
    )
    return field
  }
  if (compareVersions(version, {major: info.since[0], minor: info.since[1], patch: 0}) < 0) {
    field.status = 'unavailable'
    report(
      run,
      'unknown-field-type',
      'error',
      `Unexpected field type \`${type}\` of \`${name}\` in Kirby ${typeLabel(version)}, it exists since ${info.since.join('.')}; its value is not checked`,
      place
    )
    return field
  }
  if (map.has('fields') && (type === 'structure' || type === 'object')) {
    field.fields = await fieldsProps(run, map.get('fields'), chain)
  }
  if (type === 'entries') {
    // The one field of each entry (`field: email` or `field: {type: email}`), `text` by default.
    const sub = map.get('field')
    const subProps = typeof sub === 'string' ? new Map([['type', sub]]) : sub ?? new Map([['type', 'text']])
    const one = await fieldProps(run, 'field', subProps, placeOf(map, 'field') ?? place, chain)
    field.fields = Array.isArray(one) ? one : one ? [one] : []
  }
  if (type === 'blocks' || type === 'layout') field.fieldsets = await fieldsets(run, map.get('fieldsets'), chain)
  return field
}

/** `Fieldsets::createFieldsets`: names, `true`/`false`, strings (extends), inline definitions, groups. */
const fieldsets = async (run: Run, value: unknown, chain: readonly string[]): Promise<BlueprintFieldset[]> => {
  const source = value === undefined || value === null ? [...CORE_BLOCK_TYPES] : value
  const result = new Map<string, BlueprintFieldset>()
  const walk = async (items: unknown): Promise<void> => {
    const list = Array.isArray(items) ? items.map((v, i): [string | number, unknown, BlueprintPlace | undefined] => [i, v, placeOf(items, i)]) : entriesOf(items)
    for (const [key, raw, place] of list) {
      let type = String(key)
      let definition: unknown = raw
      if (typeof key === 'number' && typeof raw === 'string') {
        type = raw
        definition = `blocks/${raw}`
      }
      if (definition === false) continue
      if (definition === true || definition === null) definition = `blocks/${type}`
      const before = run.diagnostics.length
      const props = await extend(run, definition, chain, place)
      const missing = run.diagnostics.length > before && run.diagnostics.slice(before).some((d) => d.code === 'missing-mixin')
      const map: YamlMap = isYamlMap(props) ? props : new Map()
      const setType = map.get('type')
      const finalType = typeof setType === 'string' && setType !== '' ? setType : type
      if (finalType === 'group') {
        await walk(map.get('fieldsets') ?? [])
        continue
      }
      const fields: BlueprintField[] = []
      const tabs = map.get('tabs')
      if (isYamlMap(tabs) && tabs.size > 0) {
        for (const [, tab] of entriesOf(tabs)) {
          if (tab === false) continue
          const tabProps = await extend(run, tab, chain, undefined)
          if (isYamlMap(tabProps)) fields.push(...(await fieldsProps(run, tabProps.get('fields'), chain)))
        }
      } else {
        fields.push(...(await fieldsProps(run, map.get('fields'), chain)))
      }
      const core = typeof definition === 'string' && definition === `blocks/${finalType}` && isCoreBlockType(finalType) && !(await siteHas(run, `blocks/${finalType}`))
      result.set(finalType, {type: finalType, fields, core, defined: !missing})
    }
  }
  await walk(source)
  return [...result.values()]
}

const siteHas = async (run: Run, name: string): Promise<boolean> => (await readYaml(run.reader, join(run.reader.root, `${name}.yml`))) !== undefined

/** Layout keys and what each overwrites when converted (fields → sections → columns → tabs). */
const discardShorthands = (run: Run, props: YamlMap, where: string): void => {
  const order = ['fields', 'sections', 'columns', 'tabs'] as const
  for (const [index, key] of order.entries()) {
    if (!props.has(key)) continue
    for (const later of order.slice(index + 1)) {
      if (!props.has(later)) continue
      report(run, 'discarded-layout-key', 'warning', `Unexpected ${where}\`${later}\` beside \`${key}\`: Kirby discards \`${later}\` because \`${key}\` is present`, placeOf(props, later))
    }
    return
  }
}

/** Collects the fields of every `fields` section of a blueprint map (tabs, columns, sections, shorthands). */
const layoutFields = async (run: Run, props: YamlMap, chain: readonly string[]): Promise<BlueprintField[]> => {
  const state: Normalizer = {run, chain, byName: new Map(), byKey: new Map(), fields: []}
  discardShorthands(run, props, 'top-level ')
  const synthetic = props.has('fields') || props.has('sections') || props.has('columns')
  const tabs = toTabs(props, 'main')
  for (const [tabName, rawTab, tabPlace] of entriesOf(tabs)) {
    if (rawTab === false) continue
    const extended = await extend(run, rawTab, chain, tabPlace)
    if (!isYamlMap(extended)) continue
    const tab = preset(extended)
    if (!synthetic) discardShorthands(run, tab, `\`${tabName}\` tab's `)
    const columns = toColumns(tab, tabName)
    for (const [columnKey, column] of entriesOf(columns)) {
      if (!isYamlMap(column)) continue
      discardShorthands(run, column, `column's `)
      const sections = column.has('fields') ? sectionOf(column, `${tabName}-col-${columnKey}`) : column.get('sections')
      for (const [sectionName, rawSection, sectionPlace] of entriesOf(sections)) {
        if (rawSection === false) continue
        const section = await extend(run, rawSection === true || rawSection === null ? new Map() : rawSection, chain, sectionPlace)
        if (!isYamlMap(section)) continue
        const type = section.has('type') ? section.get('type') : sectionName
        if (typeof type !== 'string' || type === '' || !SECTION_TYPES.has(type)) {
          const plugin = await run.reader.plugins
          report(
            run,
            'unknown-section-type',
            plugin ? 'info' : 'warning',
            `Unexpected section type \`${String(type)}\` of \`${sectionName}\`, Kirby shows an error instead${plugin ? ' unless a plugin defines it' : ''}`,
            placeOf(section, 'type') ?? sectionPlace
          )
          continue
        }
        if (type !== 'fields') continue
        for (const field of await fieldsProps(run, section.get('fields'), chain)) addField(state, field)
      }
    }
  }
  return state.fields
}

/** Adds a field to the blueprint; a later field of the same name is Kirby's "already exists" error field. */
const addField = (state: Normalizer, field: BlueprintField): void => {
  const same = state.byName.get(field.name)
  if (same) {
    report(
      state.run,
      'duplicate-field',
      'error',
      `Unexpected second field \`${field.name}\`${same.declared ? ` (first at ${same.declared.file}:${same.declared.line}:${same.declared.column})` : ''}, Kirby shows "already exists" instead of it`,
      field.declared
    )
    return
  }
  const sameKey = state.byKey.get(field.key)
  if (sameKey) {
    report(
      state.run,
      'duplicate-field',
      'warning',
      `Unexpected field \`${field.name}\` beside \`${sameKey.name}\`: both are stored as \`${field.key}\`, one overwrites the other`,
      field.declared
    )
    state.byName.set(field.name, field)
    return
  }
  state.byName.set(field.name, field)
  state.byKey.set(field.key, field)
  state.fields.push(field)
}

const sectionOf = (props: YamlMap, name: string): YamlMap => {
  const section: YamlMap = new Map<string, unknown>([['type', 'fields'], ['fields', props.get('fields')]])
  const sections: YamlMap = new Map([[name, section]])
  const place = placeOf(props, 'fields')
  if (place) setPlace(sections, name, place)
  return sections
}

/** The shorthands of one tab (or the top level): fields → sections → columns. */
const toColumns = (props: YamlMap, tabName: string): unknown => {
  if (props.has('fields')) return [new Map([['sections', sectionOf(props, `${tabName}-fields`)]])]
  if (props.has('sections')) return [new Map([['sections', props.get('sections')]])]
  return props.get('columns')
}

/** The top level as tabs: any shorthand becomes one `main` tab. */
const toTabs = (props: YamlMap, name: string): unknown => {
  // Only the most specific shorthand survives (the others were reported).
  const key = ['fields', 'sections', 'columns'].find((k) => props.has(k))
  if (key !== undefined) {
    const tab: YamlMap = new Map([[key, props.get(key)]])
    const place = placeOf(props, key)
    if (place) setPlace(tab, key, place)
    return new Map([[name, tab]])
  }
  return props.get('tabs')
}

/** Kirby's `page` preset: `fields` in the main column, `sidebar` sections beside it. */
const preset = (props: YamlMap): YamlMap => {
  if (props.get('preset') !== 'page') return props
  const columns: unknown[] = []
  if (props.has('fields')) columns.push(new Map([['fields', props.get('fields')]]))
  if (props.has('sidebar')) columns.push(new Map([['sections', props.get('sidebar')]]))
  const result = withoutKey(withoutKey(props, 'fields'), 'sidebar')
  result.set('columns', columns)
  return result
}

/** Content keys Kirby manages itself, per model. */
const builtInKeys = (kind: BlueprintModel['kind'], kirby2: boolean): string[] => {
  if (kirby2) return kind === 'file' ? ['sort'] : kind === 'site' ? ['title'] : ['title', 'url_key']
  if (kind === 'file') return ['template', 'sort', 'uuid', 'focus']
  if (kind === 'site') return ['title']
  return ['title', 'slug', 'uuid']
}

/** Drops repeats (a mixin used twice reports its findings once). */
const dedupe = (diagnostics: Diagnostic[]): Diagnostic[] => {
  const seen = new Set<string>()
  return diagnostics.filter((d) => {
    const place = d.place && 'line' in d.place ? `${d.place.line}:${d.place.column}` : ''
    const id = `${d.code}\u0000${d.file ?? ''}\u0000${place}\u0000${d.reason}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

/** Finds and normalises the blueprint of a page template, a file template or the site (spec §6.1). */
export const loadBlueprint = async (site: Site, model: BlueprintModel, options: LoadBlueprintOptions = {}): Promise<LoadedBlueprint> => {
  const reader = readerFor(site, options)
  const run: Run = {reader, diagnostics: [], reported: new Set()}
  const blueprint = reader.kirby2 ? await loadKirby2(run, model) : await loadKirby3(run, model)
  return {blueprint, diagnostics: dedupe(run.diagnostics)}
}

const loadKirby3 = async (run: Run, model: BlueprintModel): Promise<NormalizedBlueprint> => {
  const candidates =
    model.kind === 'site' ? ['site'] : model.kind === 'file' ? [`files/${model.name}`, 'files/default'] : [`pages/${model.name}`, 'pages/default']
  let found: Found | undefined
  let used = ''
  for (const candidate of candidates) {
    const yaml = await readYaml(run.reader, join(run.reader.root, `${candidate}.yml`))
    if (yaml) {
      found = {file: yaml.file, value: use(run, yaml)}
      used = candidate
      break
    }
  }
  const blueprint: NormalizedBlueprint = {kind: model.kind, name: model.name, kirby2: false, fields: [], builtIn: builtInKeys(model.kind, false)}
  if (!found) {
    if (model.kind !== 'site') {
      report(run, 'blueprint-fallback', 'info', `No blueprint for ${model.kind} template \`${model.name}\` nor a \`${candidates[1]}.yml\`: Kirby's core default applies (a title, no fields)`, undefined)
    }
    return blueprint
  }
  blueprint.file = found.file
  if (used !== candidates[0]) {
    report(run, 'blueprint-fallback', 'info', `No \`${candidates[0]}.yml\`: Kirby uses \`${used}.yml\` for ${model.kind} template \`${model.name}\``, undefined, found.file)
  }
  if (!isYamlMap(found.value)) {
    if (found.value !== null && found.value !== undefined) {
      report(run, 'invalid-blueprint', 'error', 'Unexpected blueprint that is not a map of props, Kirby cannot read it', undefined, found.file)
    }
    return blueprint
  }
  const props = (await extend(run, found.value, [used], undefined)) as YamlMap
  const title = props.get('title')
  if (typeof title === 'string') blueprint.title = title
  blueprint.fields = await layoutFields(run, props, [used])
  return blueprint
}

/** Kirby 2: `<root>/<name>.yml|php|yaml` (name lower-cased), else `default`; file meta fields are the page blueprint's `files: fields:`. */
const loadKirby2 = async (run: Run, model: BlueprintModel): Promise<NormalizedBlueprint | undefined> => {
  const find2 = async (name: string): Promise<YamlFile | undefined> => {
    for (const extension of ['yml', 'php', 'yaml']) {
      const yaml = await readYaml(run.reader, join(run.reader.root, `${name}.${extension}`))
      if (yaml) return yaml
    }
    return undefined
  }
  const name = model.kind === 'site' ? 'site' : (phpStrToLower(model.name).split('/').pop() ?? '')
  let yaml = await find2(name)
  if (!yaml && model.kind !== 'site') {
    yaml = await find2('default')
    if (yaml) report(run, 'blueprint-fallback', 'info', `No blueprint for template \`${model.name}\`: the Kirby 2 Panel uses \`${yaml.file}\``, undefined, yaml.file)
  }
  const blueprint: NormalizedBlueprint = {kind: model.kind, name: model.name, kirby2: true, fields: [], builtIn: builtInKeys(model.kind, true)}
  if (!yaml) {
    if (model.kind === 'site') return blueprint
    report(run, 'blueprint-fallback', 'warning', `No blueprint for template \`${model.name}\` and no \`default\` blueprint: the Kirby 2 Panel cannot edit these pages`, undefined)
    return undefined
  }
  blueprint.file = yaml.file
  const value = use(run, yaml)
  if (!isYamlMap(value)) return blueprint
  const title = value.get('title')
  if (typeof title === 'string') blueprint.title = title
  let fields: unknown = value.get('fields')
  if (model.kind === 'file') {
    const files = value.get('files')
    fields = isYamlMap(files) ? files.get('fields') : undefined
  }
  blueprint.fields = []
  const byKey = new Map<string, BlueprintField>()
  for (const field of await fields2(run, fields, model.kind !== 'file')) {
    const same = byKey.get(field.key)
    if (same) {
      report(run, 'duplicate-field', 'warning', `Unexpected field \`${field.name}\` beside \`${same.name}\`: both are stored as \`${field.key}\``, field.declared)
      continue
    }
    byKey.set(field.key, field)
    blueprint.fields.push(field)
  }
  return blueprint
}

/** Kirby 2 fields: a string extends `fields/<name>`, `title` is the title field (required by default; not in file or structure forms), type defaults to `text`. */
const fields2 = async (run: Run, value: unknown, page: boolean): Promise<BlueprintField[]> => {
  const result: BlueprintField[] = []
  for (const [name, raw, place] of entriesOf(value)) {
    let props: YamlMap = isYamlMap(raw) ? raw : typeof raw === 'string' ? new Map([['extends', raw]]) : new Map()
    const extendsName = props.get('extends')
    if (typeof extendsName === 'string' && extendsName !== '') {
      let mixin: YamlFile | undefined
      for (const extension of ['yml', 'yaml', 'php']) {
        mixin = await readYaml(run.reader, join(run.reader.root, 'fields', `${extendsName}.${extension}`))
        if (mixin) break
      }
      const mixinValue = mixin ? use(run, mixin) : undefined
      if (isYamlMap(mixinValue)) props = mergeProps(mixinValue, props, 'kirby2') as YamlMap
      else report(run, 'missing-mixin', 'warning', `Unexpected \`extends: ${extendsName}\`: there is no \`site/blueprints/fields/${extendsName}.yml\`, the Kirby 2 Panel shows an error`, placeOf(props, 'extends') ?? place)
    }
    props = new Map(props)
    if (page && name === 'title') {
      props.set('type', 'title')
      if (!props.has('required')) props.set('required', true)
    }
    const rawType = props.get('type')
    // The Kirby 2 Panel builds the class name `<type>field`, and PHP class
    // names are case-insensitive: `type: Text` is a text field.
    const type = rawType === undefined || rawType === null || rawType === '' ? 'text' : String(rawType).toLowerCase()
    const field: BlueprintField = {name, key: contentKey(name), type, status: 'ok', props}
    if (place) field.declared = place
    if (!KIRBY2_FIELD_TYPES.has(type)) {
      const custom = await isDirectory(run.reader.fs, join(run.reader.site.root, 'site', 'fields', type))
      field.status = custom ? 'custom' : 'unknown'
      if (!custom) {
        report(run, 'unknown-field-type', 'error', `Unexpected field type \`${type}\` of \`${name}\`, the Kirby 2 Panel has no such field (and \`site/fields/${type}\` does not exist); its value is not checked`, place)
      }
    }
    if (type === 'structure' && props.has('fields')) field.fields = await fields2(run, props.get('fields'), false)
    result.push(field)
  }
  return result
}

/** Every page, file and site blueprint of a site (`kfx schema` without arguments), sorted by kind and name. */
export const listBlueprints = async (site: Site, options: LoadBlueprintOptions = {}): Promise<BlueprintEntry[]> => {
  const reader = readerFor(site, options)
  const entries: BlueprintEntry[] = []
  const list = async (dir: string): Promise<Array<{name: string; directory: boolean}>> => {
    const items = await reader.fs.readdir(dir, {withFileTypes: true}).catch(() => [])
    return items.map((item) => ({name: item.name, directory: item.isDirectory()}))
  }
  const file = (absolute: string): string => toPosix(relative(site.root, absolute))
  if (reader.kirby2) {
    const seen = new Set<string>()
    for (const item of await list(reader.root)) {
      const match = /^(.+)\.(yml|php|yaml)$/.exec(item.name)
      if (item.directory || !match?.[1] || item.name.startsWith('.')) continue
      const name = match[1].toLowerCase()
      if (seen.has(name)) continue
      seen.add(name)
      entries.push({kind: name === 'site' ? 'site' : 'page', name, file: file(join(reader.root, item.name))})
    }
  } else {
    for (const item of await list(reader.root)) {
      if (item.name === 'site.yml' && !item.directory) entries.push({kind: 'site', name: 'site', file: file(join(reader.root, item.name))})
    }
    for (const item of await list(join(reader.root, 'pages'))) {
      if (!item.directory && item.name.endsWith('.yml')) entries.push({kind: 'page', name: item.name.slice(0, -4), file: file(join(reader.root, 'pages', item.name))})
    }
    // File templates may hold a slash (`files/blocks/image.yml` is template `blocks/image`).
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const item of await list(dir)) {
        if (item.name.startsWith('.')) continue
        if (item.directory) await walk(join(dir, item.name), `${prefix}${item.name}/`)
        else if (item.name.endsWith('.yml')) entries.push({kind: 'file', name: `${prefix}${item.name.slice(0, -4)}`, file: file(join(dir, item.name))})
      }
    }
    await walk(join(reader.root, 'files'), '')
  }
  const order = {site: 0, page: 1, file: 2}
  return entries.sort((a, b) => order[a.kind] - order[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

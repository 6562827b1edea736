/**
 * @fileoverview `kfx schema [MODEL...]`: the JSON Schema kfx compiles from
 * the site's blueprints, to read, adjust and check in. A model is a page
 * template (`article`), `file:<template>` (or `files/<template>`), or
 * `site`; with none, every blueprint of the site.
 */
import path from 'node:path'
import {listBlueprints, schemaFor} from '../blueprint/index.js'
import type {CliContext} from '../cli.js'
import {loadConfig} from '../config/load.js'
import {ExitCode, UsageError} from '../errors.js'
import {discover} from '../site/index.js'
import {displayPath} from '../util/paths.js'

/** Options of `kfx schema`. */
export interface SchemaOptions {
  site: string
  kirby: string
  config?: string
}

/** `article` → page, `file:image`/`files/image` → file, `site` → site. */
export const parseModel = (text: string): {kind: 'page' | 'file' | 'site'; name: string} => {
  if (text === 'site') return {kind: 'site', name: 'site'}
  const file = /^(?:file:|files\/)(.+)$/.exec(text)
  if (file) return {kind: 'file', name: file[1]!.toLowerCase()}
  return {kind: 'page', name: text.replace(/^pages\//, '').toLowerCase()}
}

/** Runs `kfx schema`; resolves to the exit code. */
export const schema = async (models: readonly string[], options: SchemaOptions, context: CliContext): Promise<number> => {
  const {cwd, stdout, stderr} = context
  const root = path.resolve(cwd, options.site)
  const {config} = await loadConfig(root, options.config)
  const kirby = options.kirby !== 'auto' ? options.kirby : (config.kirby ?? 'auto')
  const site = await discover(root, kirby === 'auto' ? {} : {version: kirby})
  if (site.diagnostics.some((d) => d.code === 'no-content-folder')) {
    throw new UsageError(`Cannot find a Kirby site at or above \`${displayPath(root, cwd)}\`, expected a folder with \`content/\``)
  }
  const wanted = models.length > 0 ? models.map(parseModel) : (await listBlueprints(site)).map(({kind, name}) => ({kind, name}))
  const out: Record<string, object> = {}
  let errors = 0
  for (const model of wanted) {
    const {schema: compiled, diagnostics} = await schemaFor(site, model)
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++
      const at = d.place ? `:${'start' in d.place ? `${d.place.start.line}:${d.place.start.column}` : `${d.place.line}:${d.place.column}`}` : ''
      stderr.write(`${d.file === undefined ? '' : displayPath(path.join(site.root, d.file), cwd)}${at}  ${d.severity}  ${d.reason}  blueprint/${d.code}\n`)
    }
    out[model.kind === 'page' ? model.name : model.kind === 'file' ? `file:${model.name}` : 'site'] = compiled
  }
  const keys = Object.keys(out)
  stdout.write(`${JSON.stringify(keys.length === 1 && models.length === 1 ? out[keys[0]!] : out, null, 2)}\n`)
  return errors > 0 ? ExitCode.problems : ExitCode.ok
}

/**
 * @fileoverview Kirby blueprints as JSON Schema (spec §6): find and
 * normalise a model's blueprint ({@link loadBlueprint}), compile it
 * ({@link compileBlueprint}), or both, once per site and model
 * ({@link schemaFor}); {@link listBlueprints} for `kfx schema`.
 */
import type {Site} from '../site/discover.js'
import type {Diagnostic} from '../types.js'
import {compileBlueprint, SCHEMA_DIALECT, type JsonSchema} from './compile.js'
import {loadBlueprint, type LoadBlueprintOptions} from './load.js'
import type {BlueprintModel} from './types.js'

export {compileBlueprint, SCHEMA_DIALECT} from './compile.js'
export type {JsonSchema} from './compile.js'
export {contentKey, listBlueprints, loadBlueprint} from './load.js'
export type {LoadBlueprintOptions, LoadedBlueprint} from './load.js'
export {caseInsensitivePattern} from './pattern.js'
export {staticOptions} from './options.js'
export {CORE_BLOCK_TYPES, FIELD_TYPES, KIRBY2_FIELD_TYPES} from './field-types.js'
export type {FieldTypeInfo, ValueKind} from './field-types.js'
export type {BlueprintEntry, BlueprintField, BlueprintFieldset, BlueprintModel, NormalizedBlueprint} from './types.js'
export type {BlueprintPlace, YamlMap} from './yaml.js'

/** A compiled schema and what loading and compiling its blueprint found. */
export interface SchemaResult {
  /** The JSON Schema (2020-12) of the model's typed content. */
  schema: JsonSchema
  /** Diagnostics of the blueprint and its mixins (paths relative to the site root). */
  diagnostics: Diagnostic[]
}

const cache = new WeakMap<Site, Map<string, Promise<SchemaResult>>>()

/** The compiled schema of a model's blueprint, loaded and compiled once per site and model. */
export const schemaFor = (site: Site, model: BlueprintModel, options: LoadBlueprintOptions = {}): Promise<SchemaResult> => {
  let bySite = cache.get(site)
  if (!bySite) cache.set(site, (bySite = new Map()))
  const key = `${model.kind}\u0000${model.name}\u0000${options.root ?? ''}${options.fs ? '\u0000fs' : ''}`
  let pending = bySite.get(key)
  if (!pending) {
    pending = (async () => {
      const {blueprint, diagnostics} = await loadBlueprint(site, model, options)
      if (blueprint) return {schema: compileBlueprint(blueprint, site.rules, diagnostics), diagnostics}
      // Kirby 2 without a blueprint for the template nor a default one: nothing
      // says which fields belong, so no `kirbyBlueprint` (no unknown-field reports).
      return {schema: {$schema: SCHEMA_DIALECT, type: 'object'}, diagnostics}
    })()
    bySite.set(key, pending)
  }
  return pending
}

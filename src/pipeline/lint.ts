/**
 * @fileoverview The lint stage: every enabled rule over each content file,
 * with the per-file caches (kirbytags, trees) shared by all rules, and the
 * blueprint's field types to tell KirbyText from YAML and JSON fields.
 * Each rule lists at most `MESSAGES_PER_RULE` findings per file, then one
 * message that counts the rest. Site-level findings (a hidden page, an
 * orphan meta file) that belong to no content file are reported on files
 * of their own.
 */
import path from 'node:path'
import {VFile} from 'vfile'
import {schemaFor} from '../blueprint/index.js'
import type {FileContext, Stage} from '../engine.js'
import type {EnabledRule} from '../lint/config.js'
import {createRuleCache, createRuleRun} from '../lint/rule.js'
import {report} from '../messages.js'
import type {KirbyFieldAnnotation} from '../schema/keywords.js'
import type {Site} from '../site/index.js'
import {displayPath} from '../util/paths.js'

/** The lint stage of a run. */
export interface LintStage {
  stage: Stage
  /** VFiles for findings that belong to no checked content file. */
  extraFiles: () => VFile[]
}

/** Field key → blueprint field type, from a compiled schema. */
const fieldTypesOf = (schema: object): Map<string, string> => {
  const types = new Map<string, string>()
  const properties = (schema as {properties?: Record<string, {kirbyField?: KirbyFieldAnnotation}>}).properties ?? {}
  for (const [key, property] of Object.entries(properties)) if (property.kirbyField) types.set(key, property.kirbyField.type)
  return types
}

/** Builds the lint stage for the enabled rules. */
export const createLintStage = (options: {cwd: string; rules: readonly EnabledRule[]; blueprints: boolean}): LintStage => {
  const {cwd, rules} = options
  const extra = new Map<string, VFile>()
  const typesCache = new WeakMap<object, Map<string, string>>()

  const stage: Stage = async ({site, file, content, model, absolute}: FileContext) => {
    let fieldTypes: Map<string, string> | undefined
    if (options.blueprints && site.blueprintsRoot !== undefined) {
      const {schema} = await schemaFor(site, {kind: model.kind, name: model.name})
      fieldTypes = typesCache.get(schema)
      if (!fieldTypes) typesCache.set(schema, (fieldTypes = fieldTypesOf(schema)))
    }
    const cache = createRuleCache(content, site, absolute, fieldTypes)
    for (const {rule, severity, options: ruleOptions} of rules) {
      if (!rule.check) continue
      const {context, finish} = createRuleRun(rule, severity, ruleOptions, {file, content, site, model, cache})
      try {
        // Most rules are synchronous: no microtask turn for them.
        const pending = rule.check(context)
        if (pending !== undefined) await pending
      } catch (error) {
        report(file, {
          ruleId: rule.id,
          severity: 'error',
          reason: `Cannot run rule \`${rule.id}\`: ${error instanceof Error ? error.message : String(error)}`,
          note: error instanceof Error ? error.stack : undefined
        })
      } finally {
        // Past MESSAGES_PER_RULE findings, one message counts the rest.
        finish()
      }
    }
  }

  return {
    stage,
    extraFiles: () => [...extra.values()].sort((a, b) => a.path.localeCompare(b.path))
  }
}

/** A VFile for a site path that is no content file (a folder, a media file), created once. */
export const siteFileFor = (extra: Map<string, VFile>, site: Site, relative: string, cwd: string): VFile => {
  const shown = displayPath(path.join(site.root, relative), cwd)
  let file = extra.get(shown)
  if (!file) extra.set(shown, (file = new VFile({path: shown, cwd})))
  return file
}

/**
 * Blueprint fixtures: `fixtures/blueprint/<case>/site/blueprints/…` with a
 * `case.json` (`{"kirby": "5", "models": [{"kind", "name"}], "samples":
 * [{"model": "page:x", "data": {…}, "valid": true}]}`) and the reviewed
 * expectation `schema.json` (per model: the compiled schema and the
 * diagnostics). Every schema must compile with ajv (2020-12, ajv-formats,
 * kfx keywords and formats), and each sample of typed content must be
 * accepted or rejected as stated.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import {listBlueprints, schemaFor, type BlueprintModel} from '../src/blueprint/index.js'
import {formatKirbyVersion, rulesFor} from '../src/kirby-version.js'
import {KIRBY_BLUEPRINT, KIRBY_FIELD} from '../src/schema/keywords.js'
import type {Site} from '../src/site/index.js'
import {expectJsonFile} from './helpers/expect-file.js'
import {fixture} from './helpers/shared.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

/** Minimal stand-ins for the validator's formats, enough to check samples. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const realDate = (text: string): boolean => {
  const match = DATE.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const newAjv = (): Ajv2020 => {
  const ajv = new Ajv2020({strict: false, allErrors: true})
  addFormats(ajv)
  ajv.addKeyword({keyword: KIRBY_FIELD})
  ajv.addKeyword({keyword: KIRBY_BLUEPRINT})
  ajv.addFormat('kirby-date', {validate: realDate, compare})
  ajv.addFormat('kirby-datetime', {validate: (s: string) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(s) && realDate(s.slice(0, 10)), compare})
  ajv.addFormat('kirby-time', {validate: (s: string) => /^\d{2}:\d{2}(:\d{2})?$/.test(s), compare})
  return ajv
}

interface Case {
  kirby?: string
  models?: BlueprintModel[]
  samples?: Array<{model: string; data: unknown; valid: boolean; why?: string}>
}

/** A site with only what blueprints need: root, blueprints root and rules. */
const siteAt = (root: string, kirby: string): Site => {
  const rules = rulesFor(kirby)
  return {
    root,
    contentRoot: join(root, 'content'),
    blueprintsRoot: join(root, 'site', 'blueprints'),
    rules,
    version: {version: rules.version, source: 'option', reasons: [`fixture: Kirby ${formatKirbyVersion(rules.version)}`]},
    languages: [],
    site: {contentFiles: [], files: []},
    pages: [],
    byId: new Map(),
    byDir: new Map(),
    uuids: new Map(),
    diagnostics: []
  }
}

const cases = readdirSync(fixture('blueprint')).sort()

describe('blueprint fixtures', () => {
  test.each(cases)('%s', async (name) => {
    const dir = fixture(`blueprint/${name}`)
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case
    const site = siteAt(dir, spec.kirby ?? '5')
    const models = spec.models ?? (await listBlueprints(site)).map(({kind, name}) => ({kind, name}))
    const ajv = newAjv()
    const result: Record<string, unknown> = {}
    const validators = new Map<string, ReturnType<Ajv2020['compile']>>()
    for (const model of models) {
      const {schema, diagnostics} = await schemaFor(site, model)
      const id = `${model.kind}:${model.name}`
      validators.set(id, ajv.compile(schema))
      result[id] = {schema, diagnostics}
    }
    expectJsonFile(join(dir, 'schema.json'), result)
    for (const sample of spec.samples ?? []) {
      const validate = validators.get(sample.model)
      if (!validate) throw new Error(`No model ${sample.model} in ${name}`)
      const ok = validate(sample.data)
      if (ok !== sample.valid) throw new Error(`${name}: sample ${JSON.stringify(sample.data)} should be ${sample.valid ? 'valid' : 'invalid'} (${sample.why ?? ''}): ${JSON.stringify(validate.errors)}`)
    }
  })
})

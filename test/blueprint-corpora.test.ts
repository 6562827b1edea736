/**
 * Every blueprint of every shared corpus compiles into a JSON Schema that
 * ajv (2020-12, strict off, with ajv-formats and kfx's keywords and
 * formats as no-ops) accepts, without a crash; so do the schemas of every
 * page template a corpus uses (fallbacks included). `KFX_STATS=1` prints
 * the counts (blueprints, fields by type, diagnostics by code).
 */
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {expect, test} from '@jest/globals'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import {listBlueprints, loadBlueprint, schemaFor} from '../src/blueprint/index.js'
import {KIRBY_BLUEPRINT, KIRBY_FIELD} from '../src/schema/keywords.js'
import {discover} from '../src/site/index.js'
import {describeShared, sharedRoot} from './helpers/shared.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

const newAjv = (): Ajv2020 => {
  const ajv = new Ajv2020({strict: false, allErrors: true})
  addFormats(ajv)
  ajv.addKeyword({keyword: KIRBY_FIELD})
  ajv.addKeyword({keyword: KIRBY_BLUEPRINT})
  for (const name of ['kirby-date', 'kirby-datetime', 'kirby-time']) ajv.addFormat(name, {validate: () => true, compare: (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)})
  return ajv
}

const corporaRoot = join(sharedRoot, 'corpora')
const corpora = existsSync(corporaRoot) ? readdirSync(corporaRoot).filter((c) => existsSync(join(corporaRoot, c, 'site', 'blueprints'))).sort() : []

const count = (map: Record<string, number>, key: string): void => {
  map[key] = (map[key] ?? 0) + 1
}

describeShared('blueprints of the shared corpora', () => {
  const stats = {blueprints: 0, schemas: 0, fieldsByType: {} as Record<string, number>, diagnosticsByCode: {} as Record<string, number>, perCorpus: {} as Record<string, number>}

  test.each(corpora)('%s: every blueprint and used template compiles', async (corpus) => {
    const site = await discover(join(corporaRoot, corpus), {uuids: false})
    const ajv = newAjv()
    const entries = await listBlueprints(site)
    expect(entries.length).toBeGreaterThan(0)
    const models = new Map<string, {kind: 'page' | 'file' | 'site'; name: string}>()
    for (const entry of entries) models.set(`${entry.kind}:${entry.name}`, entry)
    for (const page of site.pages) models.set(`page:${page.template}`, {kind: 'page', name: page.template})
    models.set('site:site', {kind: 'site', name: 'site'})
    const seen = new Set<string>()
    for (const model of models.values()) {
      const {schema, diagnostics} = await schemaFor(site, model)
      expect(() => ajv.compile(schema)).not.toThrow()
      stats.schemas++
      for (const d of diagnostics) {
        const id = `${d.code}|${d.file ?? ''}|${d.place && 'line' in d.place ? `${d.place.line}:${d.place.column}` : ''}|${d.reason}`
        if (seen.has(id)) continue
        seen.add(id)
        count(stats.diagnosticsByCode, d.code)
      }
    }
    for (const entry of entries) {
      const {blueprint} = await loadBlueprint(site, entry)
      stats.blueprints++
      stats.perCorpus[corpus] = (stats.perCorpus[corpus] ?? 0) + 1
      const visit = (fields: NonNullable<typeof blueprint>['fields']): void => {
        for (const field of fields) {
          count(stats.fieldsByType, field.status === 'ok' ? field.type : `${field.type} (${field.status})`)
          if (field.fields) visit(field.fields)
        }
      }
      if (blueprint) visit(blueprint.fields)
    }
  })

  test('counts', () => {
    if (process.env.KFX_STATS === '1') process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`)
    expect(stats.blueprints).toBeGreaterThan(100)
  })
})

/**
 * Every lint rule against its fixtures, in the style of remark-lint: each
 * rule has `fixtures/rules/<id>/ok/` and `not-ok/` (tiny Kirby sites, with an
 * optional `kfx.config.json`) and `docs/rules/<id>.md`; `not-ok/expected.txt`
 * lists one `path:line:column-line:column: reason` per message, and every
 * message carries the rule's id, source `kfx`, its documentation URL and the
 * rule's severity. The rule runs alone (every other rule off).
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {describe, expect, test} from '@jest/globals'
import {lint} from '../src/check.js'
import {severityOf} from '../src/messages.js'
import {rules} from '../src/rules/index.js'
import {fixture} from './helpers/shared.js'

const root = fixture('rules')
const docs = fixture('../docs/rules')
const folders = existsSync(root) ? readdirSync(root).sort() : []

/** Only `id` on, at its default severity (opt-in rules too). */
const alone = (id: string): Record<string, string> =>
  Object.fromEntries(rules.map((rule) => [rule.id, rule.id === id ? 'on' : 'off']))

const format = (place: {line?: number | undefined; column?: number | undefined; place?: unknown}, path: string, reason: string): string => {
  const end = place.place && typeof place.place === 'object' && 'end' in place.place ? (place.place as {end: {line: number; column: number}}).end : undefined
  return `${path}:${place.line ?? 0}:${place.column ?? 0}${end ? `-${end.line}:${end.column}` : ''}: ${reason}`
}

describe('the rule registry', () => {
  test('rule ids are unique kebab-case', () => {
    const ids = rules.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
  test('every rule has a fixture folder and a doc page, and every fixture folder a rule', () => {
    expect(folders).toEqual(rules.map((rule) => rule.id).sort())
    for (const rule of rules) expect(existsSync(`${docs}/${rule.id}.md`)).toBe(true)
  })
})

for (const rule of rules) {
  describe(`rule ${rule.id}`, () => {
    test('reports nothing on ok/', async () => {
      const cwd = `${root}/${rule.id}/ok`
      const result = await lint({cwd, paths: [], rules: alone(rule.id)})
      const messages = result.files.flatMap((file) => file.messages.filter((m) => m.ruleId === rule.id).map((m) => format(m, file.path, m.reason)))
      expect(messages).toEqual([])
    })
    test('reports exactly not-ok/expected.txt', async () => {
      const cwd = `${root}/${rule.id}/not-ok`
      const result = await lint({cwd, paths: [], rules: alone(rule.id)})
      const messages = result.files.flatMap((file) => file.messages.map((m) => ({m, file})))
      for (const {m} of messages) {
        expect(m.ruleId).toBe(rule.id)
        expect(m.source).toBe('kfx')
        expect(m.url).toBe(`docs/rules/${rule.id}.md`)
        expect(severityOf(m)).toBe(rule.severity)
      }
      const actual = messages.map(({m, file}) => format(m, file.path, m.reason)).sort()
      const expectedFile = `${cwd}/expected.txt`
      if (process.env.UPDATE === '1' || (!existsSync(expectedFile) && process.env.CI !== 'true')) {
        writeFileSync(expectedFile, actual.map((line) => `${line}\n`).join(''))
      }
      const expected = readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean).sort()
      expect(actual).toEqual(expected)
      expect(actual.length).toBeGreaterThan(0)
    })
  })
}

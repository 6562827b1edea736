/**
 * Tags against what Kirby itself listed for 16 real sites
 * (`../shared/golden/<corpus>/kirbytext.jsonl`, `tags`): every field value is
 * decoded with our decoder, tags are found in Kirby's render order, and
 * `{type, value, attrs}` (attrs key order included) must be equal.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'
import {rulesFor} from '../src/kirby-version.js'
import {kirbytagsInRenderOrder} from '../src/kirbytag/index.js'
import {decode} from '../src/txt/decode.js'

interface GoldenTag {
  type: string
  value: string
  attrs: Record<string, string>
}

interface GoldenLine {
  file: string
  field: string
  tags?: GoldenTag[]
  error?: string
}

const goldenRoot = fileURLToPath(new URL('../../shared/golden/', import.meta.url))
const corporaRoot = fileURLToPath(new URL('../../shared/corpora/', import.meta.url))
const maybe = existsSync(goldenRoot) && existsSync(corporaRoot) ? describe : describe.skip

/** Canonical text of a tag list: JSON keeps the attrs key order. */
const canonical = (tags: GoldenTag[]): string =>
  JSON.stringify(tags.map((tag) => ({type: tag.type, value: tag.value, attrs: Object.entries(tag.attrs)})))

maybe('kirbytags against golden kirbytext.jsonl', () => {
  const corpora = existsSync(goldenRoot)
    ? readdirSync(goldenRoot).filter((name) => existsSync(`${goldenRoot}${name}/kirbytext.jsonl`)).sort()
    : []

  test.each(corpora)('%s', (corpus) => {
    const version = /^k[12]-/.test(corpus) ? '2' : '5'
    const rules = rulesFor(version)
    const decoded = new Map<string, Map<string, string>>()
    const lines = readFileSync(`${goldenRoot}${corpus}/kirbytext.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as GoldenLine)
    const mismatches: string[] = []
    let compared = 0
    for (const line of lines) {
      if (!line.tags) continue
      let fields = decoded.get(line.file)
      if (!fields) {
        const text = readFileSync(`${corporaRoot}${corpus}/${line.file}`, 'utf8')
        fields = new Map(decode(text, {rules}).fields.map((field) => [field.key, field.value]))
        decoded.set(line.file, fields)
      }
      const value = fields.get(line.field)
      compared++
      const tags = value === undefined ? [] : kirbytagsInRenderOrder(value, {rules}).map(({tag}) => ({type: tag.type, value: tag.value, attrs: tag.attrs}))
      const expected = canonical(line.tags)
      const got = canonical(tags)
      if (expected !== got) mismatches.push(`${line.file} ${line.field}${value === undefined ? ' (field not decoded)' : ''}\n  expected ${expected.slice(0, 400)}\n  actual   ${got.slice(0, 400)}`)
    }
    const summary = `${corpus} (Kirby ${version}): ${compared - mismatches.length} of ${compared} tag lists equal; first mismatches:\n${mismatches.slice(0, 5).join('\n')}`
    if (mismatches.length > 0) throw new Error(summary)
    expect(mismatches).toEqual([])
  })
})

/**
 * @fileoverview Lossless: every `.txt` file of every corpus goes kirby →
 * json → kirby and kirby → md → kirby and decodes to exactly the fields
 * Kirby decoded from it (the golden `decode.jsonl`). Also counts the files
 * that come back byte-identical. `kirby-core-fixtures` is not a site: its
 * files go through the writer alone (decode → write → decode).
 */
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {convert} from '../src/convert/index.js'
import {kirbyFromJson, kirbyFromMarkdown, writeContentFile} from '../src/convert/to-kirby.js'
import {rulesFor, type KirbyRules} from '../src/kirby-version.js'
import {decode} from '../src/txt/decode.js'
import {decodeBytes} from '../src/txt/read.js'
import {corpusKirby, describeShared, hasShared, sharedRoot} from './helpers/shared.js'

interface GoldenLine {
  file: string
  fields: Array<[string, string]>
}

const corpora = hasShared ? readdirSync(`${sharedRoot}corpora`).sort() : []
const golden = (corpus: string): GoldenLine[] =>
  readFileSync(`${sharedRoot}golden/${corpus}/decode.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as GoldenLine)

const pairs = (text: string, rules: KirbyRules): Array<[string, string]> => decode(text, {rules}).fields.map((field) => [field.key, field.value])

/** Per corpus and format: files, equal, byte-identical. */
const figures: Array<{corpus: string; format: string; files: number; same: number; bytes: number; missing: string[]}> = []

describeShared('convert is lossless on the corpora', () => {
  for (const corpus of corpora.filter((name) => name !== 'kirby-core-fixtures')) {
    describe(corpus, () => {
      for (const format of ['json', 'md'] as const) {
        test(`kirby → ${format} → kirby`, async () => {
          const root = `${sharedRoot}corpora/${corpus}`
          const result = await convert({to: format, cwd: root, paths: ['content'], drafts: true, kirby: corpusKirby(corpus), tags: 'keep'})
          const rules = result.site!.rules
          const back = new Map<string, string>()
          for (const output of result.outputs) {
            if (output.text === undefined) continue
            const converted = format === 'json' ? kirbyFromJson(JSON.parse(output.text), rules) : kirbyFromMarkdown(output.text, {rules, path: output.path})
            expect(converted.problems).toEqual([])
            for (const file of converted.outputs) if (file.text !== undefined) back.set(`content/${file.path}`, file.text)
          }
          const lines = golden(corpus)
          let same = 0
          let bytes = 0
          const missing: string[] = []
          const different: string[] = []
          for (const line of lines) {
            const text = back.get(line.file)
            if (text === undefined) {
              missing.push(line.file)
              continue
            }
            if (JSON.stringify(pairs(text, rules)) === JSON.stringify(line.fields)) same++
            else different.push(line.file)
            if (readFileSync(path.join(root, line.file)).equals(Buffer.from(text))) bytes++
          }
          figures.push({corpus, format, files: lines.length, same, bytes, missing})
          // Collisions (two folders with one page id) are reported, not converted.
          const collided = new Set(result.files.flatMap((file) => file.messages.filter((m) => m.ruleId === 'collision').map(() => file.path)))
          expect(different).toEqual([])
          expect(missing.filter((file) => !collided.has(file))).toEqual([])
        })
      }
    })
  }

  test('kirby-core-fixtures: decode → write → decode', () => {
    const rules = rulesFor('5')
    let bytes = 0
    const lines = golden('kirby-core-fixtures')
    for (const line of lines) {
      const original = readFileSync(`${sharedRoot}corpora/kirby-core-fixtures/${line.file}`)
      const fields = decode(decodeBytes(original).text, {rules}).fields
      const {text} = writeContentFile(fields.map((field) => ({key: field.key, text: field.value, written: field.rawKey})), rules)
      expect([line.file, pairs(text, rules)]).toEqual([line.file, line.fields])
      if (original.equals(Buffer.from(text))) bytes++
    }
    figures.push({corpus: 'kirby-core-fixtures', format: 'writer', files: lines.length, same: lines.length, bytes, missing: []})
  })

  test('figures', () => {
    const total = (format: string) => figures.filter((figure) => figure.format === format)
    for (const format of ['json', 'md', 'writer']) {
      const list = total(format)
      const files = list.reduce((sum, figure) => sum + figure.files, 0)
      const same = list.reduce((sum, figure) => sum + figure.same, 0)
      const bytes = list.reduce((sum, figure) => sum + figure.bytes, 0)
      if (process.env.KFX_FIGURES) {
        console.log(`${format}: ${same}/${files} same fields, ${bytes}/${files} byte-identical\n${list.map((f) => `  ${f.corpus}: ${f.same}/${f.files} same, ${f.bytes} bytes${f.missing.length ? `, missing ${f.missing.join(' ')}` : ''}`).join('\n')}`)
      }
    }
    expect(figures.length).toBeGreaterThan(0)
  })
})

/**
 * Decoding every `.txt` file of the shared corpora must give exactly what
 * Kirby itself returned (golden `decode.jsonl`): keys and values, in order.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {expect, test} from '@jest/globals'
import {rulesFor} from '../src/kirby-version.js'
import {decode, toPairs} from '../src/txt/decode.js'
import {decodeBytes} from '../src/txt/read.js'
import {corpusKirby, describeShared, hasShared, sharedRoot} from './helpers/shared.js'

interface GoldenDecode {
  file: string
  kirby: '2' | '5'
  fields?: Array<[string, string]>
  invalid_utf8?: boolean
  error?: string
}

const corpora = hasShared ? readdirSync(`${sharedRoot}golden`).filter((name) => !name.includes('.')).sort() : []

describeShared('golden decode.jsonl: kfx decodes every corpus file as Kirby does', () => {
  let total = 0
  let agreeing = 0
  for (const corpus of corpora) {
    test(`${corpus}: 100 % of files decode to Kirby's fields`, () => {
      const rules = rulesFor(corpusKirby(corpus))
      const lines = readFileSync(`${sharedRoot}golden/${corpus}/decode.jsonl`, 'utf8').split('\n').filter(Boolean)
      const mismatches: string[] = []
      for (const line of lines) {
        const golden = JSON.parse(line) as GoldenDecode
        expect(golden.kirby).toBe(corpusKirby(corpus))
        const bytes = readFileSync(`${sharedRoot}corpora/${corpus}/${golden.file}`)
        const actual = toPairs(decode(decodeBytes(bytes).text, {rules}).fields)
        total++
        if (JSON.stringify(actual) === JSON.stringify(golden.fields ?? [])) agreeing++
        else mismatches.push(`${golden.file}\n  kirby: ${JSON.stringify(golden.fields).slice(0, 300)}\n  kfx:   ${JSON.stringify(actual).slice(0, 300)}`)
      }
      expect(lines.length).toBeGreaterThan(0)
      expect(mismatches.slice(0, 5)).toEqual([])
    })
  }
  test('agreement over all corpora is 100 %', () => {
    expect(total).toBeGreaterThan(4000)
    expect(agreeing).toBe(total)
  })
})

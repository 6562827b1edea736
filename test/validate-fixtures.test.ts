/**
 * @fileoverview Fixture cases of `validateFile`/`validateTranslation`: each
 * `fixtures/validate/<case>/` holds `input.txt` (with `default.txt` beside
 * it, a translation of that file), `schema.json`, and `messages.expected`
 * with one `line:col-line:col ruleId severity reason` per message. The
 * expectation is written when missing or with `UPDATE=1` — review it.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {describe, expect, test} from '@jest/globals'
import {VFile} from 'vfile'
import {severityOf} from '../src/messages.js'
import {parse} from '../src/parse.js'
import {validateFile, validateTranslation} from '../src/validate/index.js'
import {fixture} from './helpers/shared.js'

const root = fixture('validate')
const cases = readdirSync(root, {withFileTypes: true})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

/** The messages of a case, one line each. */
const run = (name: string): string => {
  const folder = `${root}/${name}`
  const schema = JSON.parse(readFileSync(`${folder}/schema.json`, 'utf8')) as object
  const content = parse(readFileSync(`${folder}/input.txt`), {kirby: '5', path: 'input.txt'})
  const file = new VFile({path: 'input.txt'})
  if (existsSync(`${folder}/default.txt`)) {
    const fallback = parse(readFileSync(`${folder}/default.txt`), {kirby: '5', path: 'default.txt'})
    validateTranslation(file, content, fallback, schema, {schemaName: 'schema.json'})
  } else validateFile(file, content, schema, {schemaName: 'schema.json'})
  return file.messages
    .map((message) => {
      const place = message.place
      const [start, end] = place && 'start' in place ? [place.start, place.end] : [place, place]
      return `${start?.line}:${start?.column}-${end?.line}:${end?.column} ${message.ruleId} ${severityOf(message)} ${message.reason}`
    })
    .join('\n')
}

describe('validate fixtures', () => {
  test('there are cases', () => {
    expect(cases.length).toBeGreaterThan(30)
  })
  for (const name of cases) {
    test(name, () => {
      const actual = run(name)
      const expectedPath = `${root}/${name}/messages.expected`
      const text = actual === '' ? '' : `${actual}\n`
      if (process.env.UPDATE === '1' || (!existsSync(expectedPath) && process.env.CI !== 'true')) {
        writeFileSync(expectedPath, text)
        return
      }
      expect(text).toBe(readFileSync(expectedPath, 'utf8'))
    })
  }
})

/**
 * Fixture cases for the tokenizer: `fixtures/tokenize/<case>/input.txt`
 * (with an optional `options.json` naming the Kirby version) against
 * `fields.json`, which shows each field with the places of its key and value
 * as `line:column-line:column`, and each diagnostic with its code and place.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {describe, expect, test} from '@jest/globals'
import {rulesFor} from '../src/kirby-version.js'
import {decode, sourceOffset} from '../src/txt/decode.js'
import {decodeBytes} from '../src/txt/read.js'
import type {Point, Position} from '../src/types.js'
import {expectJsonFile} from './helpers/expect-file.js'
import {fixture} from './helpers/shared.js'

const root = fixture('tokenize')
const where = (place: Position | Point | undefined): string => {
  if (!place) return ''
  const show = (p: Point) => `${p.line}:${p.column}`
  return 'start' in place ? `${show(place.start)}-${show(place.end)}` : show(place)
}

describe('tokenizer fixtures', () => {
  for (const name of readdirSync(root).sort()) {
    test(name, () => {
      const options = existsSync(`${root}/${name}/options.json`)
        ? (JSON.parse(readFileSync(`${root}/${name}/options.json`, 'utf8')) as {kirby?: string})
        : {}
      const {text} = decodeBytes(readFileSync(`${root}/${name}/input.txt`))
      const result = decode(text, {rules: rulesFor(options.kirby ?? '5')})
      for (const field of result.fields) {
        // Every value character points back at the same character.
        for (let index = 0; index < field.value.length; index++) {
          expect(text[sourceOffset(field, index)]).toBe(field.value[index])
        }
      }
      expectJsonFile(`${root}/${name}/fields.json`, {
        fields: result.fields.map((field) => ({
          key: field.key,
          value: field.value,
          key_at: where(field.keyPosition),
          value_at: where(field.valuePosition),
          ...(field.removed.length > 0 ? {removed_offsets: field.removed} : {}),
          ...(field.overridden ? {overridden_at: field.overridden.map((o) => where(o.keyPosition))} : {})
        })),
        diagnostics: result.diagnostics.map((d) => `${where(d.place)} ${d.code}`)
      })
    })
  }
})

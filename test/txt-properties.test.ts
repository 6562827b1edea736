/**
 * Properties of the tokenizer over generated content (fast-check):
 * it never throws, every value character maps back to its source
 * character, and encode → decode gives the fields back.
 */
import {describe, expect, test} from '@jest/globals'
import fc from 'fast-check'
import {rulesFor} from '../src/kirby-version.js'
import {decode, sourceOffset, toPairs} from '../src/txt/decode.js'
import {encode} from '../src/txt/encode.js'
import {phpTrim} from '../src/txt/php.js'
import {decodeBytes} from '../src/txt/read.js'

const versions = ['2', '3.1', '3.9.5', '4.1', '5'].map((v) => rulesFor(v))

/** Text made of the characters that matter to the format. */
const kirbyish = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', '----', '-----', '\\----', ':', ' ', '\t', '\uFEFF', '\u00a0', 'Title', 'text', '0', 'É', '\f', '\x0B', '\0'),
      fc.string({maxLength: 4})
    ),
    {maxLength: 40}
  )
  .map((parts) => parts.join(''))

describe('decode never throws and maps every character back', () => {
  test('on Kirby-like text, in every version', () => {
    fc.assert(
      fc.property(kirbyish, fc.constantFrom(...versions), (text, rules) => {
        const {fields} = decode(text, {rules})
        for (const field of fields) {
          for (let index = 0; index < field.value.length; index++) {
            const source = text[sourceOffset(field, index)]
            // Unescaping keeps the dashes; only the backslash is removed.
            expect(source).toBe(field.value[index])
          }
          const written = text.slice(field.keyPosition.start.offset, field.keyPosition.end.offset)
          expect(rules.stripAllBoms ? written.replaceAll('\uFEFF', '') : written).toBe(field.rawKey)
        }
      }),
      {numRuns: 2000}
    )
  })
  test('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 200}), (bytes) => {
        const {text} = decodeBytes(bytes)
        decode(text)
      }),
      {numRuns: 1000}
    )
  })
})

/** Keys in Kirby's own written form: they survive slugging. */
const key = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), {minLength: 1, maxLength: 3})
  .map((parts) => parts.join('_'))
/** Values as Kirby stores them: trimmed, and no line-start `\----`. */
const value = kirbyish.map(phpTrim).filter((v) => !/(^|\n)\\----/.test(v) && !v.includes('\uFEFF'))

describe('decode(encode(fields)) gives the fields back', () => {
  for (const version of ['3.2', '3.7.2', '4', '5']) {
    test(`Kirby ${version}`, () => {
      const rules = rulesFor(version)
      fc.assert(
        fc.property(fc.uniqueArray(fc.tuple(key, value), {selector: ([k]) => k, maxLength: 8}), (pairs) => {
          expect(toPairs(decode(encode(pairs, {rules}), {rules}).fields)).toEqual(pairs)
        }),
        {numRuns: 1000}
      )
    })
  }
  test('Kirby 2, for values without line-start dashes (Kirby 2 never unescapes)', () => {
    const rules = rulesFor('2')
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, value.filter((v) => !/(^|\n)----/.test(v))), {selector: ([k]) => k, maxLength: 8}),
        (pairs) => {
          expect(toPairs(decode(encode(pairs, {rules}), {rules}).fields)).toEqual(pairs)
        }
      ),
      {numRuns: 1000}
    )
  })
})

describe('pathological files stay linear and bounded', () => {
  test('a megabyte of colon-less chunks gives a bounded list of findings', () => {
    const {fields, diagnostics} = decode('a\n----\n'.repeat(150000))
    expect(fields).toEqual([])
    expect(diagnostics.length).toBeLessThanOrEqual(51)
    expect(diagnostics.at(-1)?.reason).toBe('149950 more `dropped-chunk-no-colon` findings in this file are not listed')
  })
})

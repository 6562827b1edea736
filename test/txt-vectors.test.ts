import {readFileSync} from 'node:fs'
import {describe, expect, test} from '@jest/globals'
import {rulesFor} from '../src/kirby-version.js'
import {decode, toPairs} from '../src/txt/decode.js'
import {encode, type EncodableValue} from '../src/txt/encode.js'
import {fixture} from './helpers/shared.js'

interface Vector {
  id: string
  section: 'decode' | 'encode' | 'kirby2'
  in: string | Record<string, EncodableValue>
  out: string | Record<string, string>
}

// Spec §7.1–7.3, copied from the spec into our fixtures (facts, not content).
const vectors: Vector[] = readFileSync(fixture('txt/vectors.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Vector)

const k5 = rulesFor('5')
const k2 = rulesFor('2')

describe('spec §7.1 decode (Kirby 3.2+)', () => {
  for (const vector of vectors.filter((v) => v.section === 'decode')) {
    test(`${vector.id} decodes as Kirby 5.5.2 does`, () => {
      expect(toPairs(decode(vector.in as string, {rules: k5}).fields)).toEqual(Object.entries(vector.out))
    })
  }
})

describe('spec §7.2 encode (Kirby 3.7.2+)', () => {
  for (const vector of vectors.filter((v) => v.section === 'encode')) {
    test(`${vector.id} encodes as Kirby 5.5.2 does`, () => {
      expect(encode(vector.in as Record<string, EncodableValue>, {rules: k5})).toBe(vector.out)
    })
  }
})

describe('spec §7.3 Kirby 2', () => {
  for (const vector of vectors.filter((v) => v.section === 'kirby2')) {
    test(`${vector.id} as Kirby 2.5.14 does`, () => {
      if (typeof vector.in === 'string') {
        expect(toPairs(decode(vector.in, {rules: k2}).fields)).toEqual(Object.entries(vector.out))
      } else {
        expect(encode(vector.in, {rules: k2})).toBe(vector.out)
      }
    })
  }
})

describe('version differences inside Kirby 3', () => {
  test('3.1 keeps the backslash of `\\----`, 3.2 removes it', () => {
    const text = 'Text:\n\n\\----\nafter'
    expect(decode(text, {rules: rulesFor('3.1')}).fields[0]?.value).toBe('\\----\nafter')
    expect(decode(text, {rules: rulesFor('3.2')}).fields[0]?.value).toBe('----\nafter')
  })
  test('3.9.5 removes a BOM anywhere, 3.9.6 only a leading one', () => {
    expect(decode('Title: a\uFEFFb', {rules: rulesFor('3.9.5')}).fields[0]?.value).toBe('ab')
    expect(decode('Title: a\uFEFFb', {rules: rulesFor('3.9.6')}).fields[0]?.value).toBe('a\uFEFFb')
  })
  test('a BOM inside `--\\uFEFF--` splits only where every BOM is removed (CVE-2023-38488)', () => {
    const text = 'Text: a\n--\uFEFF--\nEvil: yes'
    expect(toPairs(decode(text, {rules: rulesFor('3.8')}).fields)).toEqual([
      ['text', 'a'],
      ['evil', 'yes']
    ])
    expect(toPairs(decode(text, {rules: rulesFor('5')}).fields)).toEqual([['text', 'a\n--\uFEFF--\nEvil: yes']])
  })
  test('3.0–3.1 write `Key: ` before a multi-line value, 3.2+ `Key:`', () => {
    expect(encode({text: 'a\nb'}, {rules: rulesFor('3.1')})).toBe('Text: \n\na\nb')
    expect(encode({text: 'a\nb'}, {rules: rulesFor('3.2')})).toBe('Text:\n\na\nb')
  })
  test('before 3.7.2 a value is tested for line breaks before it is trimmed', () => {
    expect(encode({tags: ['a']}, {rules: rulesFor('3.7.1')})).toBe('Tags:\n\n- a')
    expect(encode({tags: ['a']}, {rules: rulesFor('3.7.2')})).toBe('Tags: - a')
  })
})

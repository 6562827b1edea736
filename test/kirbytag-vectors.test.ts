/**
 * Spec vectors §7.4 (Kirby 5.5.2) and §7.5 (Kirby 2; TAG-K2-02 also holds for
 * 3.0–3.3): read from the shared spec when it is there, and always from our
 * copy in `fixtures/kirbytag/vectors.jsonl`.
 */
import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'
import {rulesFor} from '../src/kirby-version.js'
import {findKirbytags} from '../src/kirbytag/index.js'

interface VectorTag {
  raw: string
  type?: string
  value?: string
  attrs?: Record<string, string>
  left_verbatim?: boolean
}

interface Vector {
  id: string
  in: string
  tags: VectorTag[]
  rules?: string
}

const specPath = fileURLToPath(new URL('../../shared/spec/kirby-format.md', import.meta.url))
const fixturePath = fileURLToPath(new URL('../fixtures/kirbytag/vectors.jsonl', import.meta.url))

/** The JSON lines of the first ```jsonl block after a heading. */
const specVectors = (markdown: string, heading: string, rules: string): Vector[] => {
  const at = markdown.indexOf(heading)
  const open = markdown.indexOf('```jsonl', at)
  const close = markdown.indexOf('```', open + 8)
  return markdown
    .slice(open + 8, close)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({...(JSON.parse(line) as Vector), rules}))
}

/** Runs the finder and shapes the result like a vector. */
const actual = (input: string, version: string): VectorTag[] => {
  const found = findKirbytags(input, {rules: rulesFor(version)})
  return [
    ...found.tags.map((tag) => ({start: tag.start, out: {raw: tag.raw, type: tag.type, value: tag.value, attrs: {...tag.attrs}} as VectorTag})),
    ...found.unknown.map((candidate) => ({start: candidate.start, out: {raw: candidate.raw, left_verbatim: true} as VectorTag}))
  ]
    .sort((a, b) => a.start - b.start)
    .map((entry) => entry.out)
}

const check = (vector: Vector, version: string): void => {
  const result = actual(vector.in, version)
  expect(result).toEqual(vector.tags)
  // Key order of the attribute maps is part of the vector.
  expect(result.map((tag) => Object.keys(tag.attrs ?? {}))).toEqual(vector.tags.map((tag) => Object.keys(tag.attrs ?? {})))
  for (const tag of result) expect(vector.in.includes(tag.raw)).toBe(true)
}

const fixtures = readFileSync(fixturePath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Vector)

describe('kirbytag vectors (fixtures/kirbytag/vectors.jsonl)', () => {
  test.each(fixtures.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    check(vector, vector.rules ?? '5')
  })

  test('TAG-K2-02 holds for 3.0–3.3 too (case-sensitive type lookup)', () => {
    for (const version of ['3.0', '3.3']) expect(actual('(LINK: x)', version)).toEqual([{raw: '(LINK: x)', left_verbatim: true}])
    expect(actual('(LINK: x)', '3.4')).toEqual([{raw: '(LINK: x)', type: 'link', value: 'x', attrs: {}}])
  })

  test('TAG-K2-01 lazy matching holds for 3.0–3.3 too', () => {
    expect(actual('(link: file.pdf text: Download (PDF))', '3.3')).toEqual([
      {raw: '(link: file.pdf text: Download (PDF)', type: 'link', value: 'file.pdf', attrs: {text: 'Download (PDF'}}
    ])
  })
})

const maybe = existsSync(specPath) ? describe : describe.skip

maybe('kirbytag vectors (shared spec §7.4, §7.5)', () => {
  const markdown = existsSync(specPath) ? readFileSync(specPath, 'utf8') : ''
  const vectors = markdown
    ? [...specVectors(markdown, '### 7.4 ', '5'), ...specVectors(markdown, '### 7.5 ', '2')]
    : []

  test('the fixture copy matches the spec', () => {
    expect(fixtures.map(({rules, ...vector}) => vector)).toEqual(vectors.map(({rules, ...vector}) => vector))
  })

  test.each(vectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    check(vector, vector.rules ?? '5')
  })
})

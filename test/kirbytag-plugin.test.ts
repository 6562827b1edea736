/**
 * The remark plugin: fixture folders `fixtures/kirbytag/<case>/` hold
 * `input.md` (or `input.txt`, a content file whose `text` field is parsed
 * with positions mapped to the file), `tree.json` (rewritten when missing
 * or with `UPDATE=1`), optional `output.md` (stringify result; defaults to
 * the input: a round trip) and optional `options.json` (`{"version": "2"}`).
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {location} from 'vfile-location'
import {rulesFor} from '../src/kirby-version.js'
import {parseKirbytext, remarkKirbytag} from '../src/kirbytag/index.js'
import type {Kirbytag} from '../src/kirbytag/index.js'
import {decode, sourceOffset} from '../src/txt/decode.js'
import {expectJsonFile} from './helpers/expect-file.js'

const root = fileURLToPath(new URL('../fixtures/kirbytag/', import.meta.url))
const cases = readdirSync(root).filter((name) => statSync(`${root}${name}`).isDirectory()).sort()

/** Parses one fixture folder's input as the plugin would see it. */
const parseCase = (name: string): {tree: Root; input: string | undefined; version: string} => {
  const folder = `${root}${name}/`
  const options = existsSync(`${folder}options.json`) ? (JSON.parse(readFileSync(`${folder}options.json`, 'utf8')) as {version?: string}) : {}
  const version = options.version ?? '5'
  const rules = rulesFor(version)
  if (existsSync(`${folder}input.txt`)) {
    const file = readFileSync(`${folder}input.txt`, 'utf8')
    const field = decode(file, {rules}).fields.find((candidate) => candidate.key === 'text')!
    const place = location(file)
    const tree = parseKirbytext(field.value, {
      rules,
      mapOffset: (offset) => sourceOffset(field, offset),
      toPoint: (offset) => {
        const point = place.toPoint(offset)!
        return {line: point.line, column: point.column, offset}
      }
    })
    return {tree, input: undefined, version}
  }
  const input = readFileSync(`${folder}input.md`, 'utf8')
  return {tree: parseKirbytext(input, {rules}), input, version}
}

describe('kirbytag plugin fixtures', () => {
  test.each(cases)('%s: tree', (name) => {
    const {tree} = parseCase(name)
    expectJsonFile(`${root}${name}/tree.json`, tree)
  })

  test.each(cases.filter((name) => existsSync(`${root}${name}/input.md`)))('%s: stringify', (name) => {
    const {input, version} = parseCase(name)
    const output = existsSync(`${root}${name}/output.md`) ? readFileSync(`${root}${name}/output.md`, 'utf8') : input
    const processor = unified().use(remarkParse).use(remarkKirbytag, {rules: rulesFor(version)}).use(remarkStringify)
    expect(String(processor.processSync(input))).toBe(output)
  })
})

describe('kirbytag plugin', () => {
  const tagsOf = (tree: Root): Kirbytag[] => tree.data?.kirbytags ?? []

  test('every tag Kirby finds is listed on the root, in source order', () => {
    const text = 'a `(link: a)` (link: b)\n\n```\n(link: c)\n```\n(link: d\n\ne)'
    expect(tagsOf(parseKirbytext(text)).map((tag) => [tag.value, tag.data?.hiddenIn])).toEqual([
      ['a', 'inlineCode'],
      ['b', undefined],
      ['c', 'code'],
      ['d\n\ne', 'text']
    ])
  })

  test('`[x](link: y)` is a tag, as in Kirby (CommonMark alone sees no link there)', () => {
    const tree = parseKirbytext('[x](link: y)')
    const paragraph = tree.children[0]
    expect(paragraph?.type === 'paragraph' && paragraph.children.map((node) => node.type)).toEqual(['text', 'kirbytag'])
    const plain = unified().use(remarkParse).parse('[x](link: y)')
    expect(JSON.stringify(plain)).not.toContain('"link"')
  })

  test('positions of tag parts point at the exact characters', () => {
    const text = 'See (link: about text: About us) now'
    const tag = tagsOf(parseKirbytext(text))[0]!
    const slice = (position: {start: {offset?: number | undefined}; end: {offset?: number | undefined}} | undefined): string =>
      position ? text.slice(position.start.offset, position.end.offset) : ''
    expect(slice(tag.position)).toBe('(link: about text: About us)')
    expect(slice(tag.namePosition)).toBe('link')
    expect(slice(tag.valuePosition)).toBe('about')
    expect(slice(tag.attributes[0]?.namePosition)).toBe('text')
    expect(slice(tag.attributes[0]?.valuePosition)).toBe('About us')
  })

  test('plain text that looks like a tag is encoded on stringify, so Kirby leaves it alone', () => {
    const processor = unified().use(remarkParse).use(remarkKirbytag).use(remarkStringify)
    const tree: Root = {type: 'root', children: [{type: 'paragraph', children: [{type: 'text', value: 'write (link: x) or (Image:y'}]}]}
    const output = processor.stringify(tree)
    expect(output).toBe('write (link&#x3A; x) or (Image&#x3A;y\n')
    expect(tagsOf(processor.parse(output))).toEqual([])
    expect(processor.stringify(processor.parse(output))).toBe(output)
  })

  test('a hand-built kirbytag node without `raw` is serialised from its parts', () => {
    const processor = unified().use(remarkStringify).use(remarkKirbytag)
    const node: Kirbytag = {type: 'kirbytag', name: 'link', rawName: 'link', value: 'about', raw: '', attrs: {}, attributes: [{type: 'kirbytagAttribute', name: 'text', value: 'About', known: true, overridden: false}]}
    expect(processor.stringify({type: 'root', children: [{type: 'paragraph', children: [node]}]})).toBe('(link: about text: About)\n')
  })

  test('used before remark-parse there is no parser to wrap: no tags (use it after remark-parse)', () => {
    const tree = unified().use(remarkKirbytag).use(remarkParse).parse('(link: a)')
    expect(JSON.stringify(tree)).not.toContain('kirbytag')
  })
})

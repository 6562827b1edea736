/**
 * `parse` and its per-field views: kirbytags and mdast trees whose places
 * point into the content file, also through escapes, CRLF and a BOM.
 */
import {describe, expect, test} from '@jest/globals'
import {visit} from 'unist-util-visit'
import type {Kirbytag} from '../src/kirbytag/types.js'
import {fieldTree} from '../src/field-tree.js'
import {fieldKirbytags, getField, parse} from '../src/parse.js'

const text = '\uFEFFTitle: T\r\n----\r\nText:\r\n\r\n\\----\r\nSee (link: a text: *b*)\r\nand `(image: x.jpg)`.'

describe('parse', () => {
  const file = parse(Buffer.from(text), {path: 'page.txt'})
  const field = getField(file, 'text')!
  test('decodes fields with Kirby 5 rules by default', () => {
    expect(file.fields.map((f) => [f.key, f.value])).toEqual([
      ['title', 'T'],
      ['text', '----\r\nSee (link: a text: *b*)\r\nand `(image: x.jpg)`.']
    ])
    expect(file.diagnostics.map((d) => [d.code, d.file])).toEqual([['leading-bom', 'page.txt']])
  })
  test('places every kirbytag and attribute in the file', () => {
    const [link, image] = fieldKirbytags(file, field)
    expect(text.slice(link!.position!.start.offset, link!.position!.end.offset)).toBe('(link: a text: *b*)')
    expect(link!.position!.start).toEqual({line: 6, column: 5, offset: text.indexOf('(link')})
    const attribute = link!.attributes[0]!
    expect(text.slice(attribute.valuePosition!.start.offset, attribute.valuePosition!.end.offset)).toBe('*b*')
    expect(image!.type).toBe('image')
  })
  test('gives an mdast tree in file coordinates', () => {
    const tree = fieldTree(file, field)
    const tags: Kirbytag[] = []
    visit(tree, 'kirbytag', (node) => {
      tags.push(node)
    })
    expect(tags.map((tag) => tag.raw)).toEqual(['(link: a text: *b*)'])
    expect(tags[0]!.position!.start).toEqual({line: 6, column: 5, offset: text.indexOf('(link')})
    // The tag Markdown hides in a code span is still known, with its place.
    const all = (tree.data as {kirbytags?: Kirbytag[]}).kirbytags ?? []
    expect(all.map((tag) => tag.raw)).toEqual(['(link: a text: *b*)', '(image: x.jpg)'])
    expect(all[1]!.position!.start.line).toBe(7)
    // The unescaped value starts at the first dash; the backslash is not in it.
    expect(tree.position!.start.offset).toBe(text.indexOf('\\----') + 1)
  })
  test('never throws on any input', () => {
    for (const input of ['', '\0\0\0', ':::', '(((((', Buffer.from([0xff, 0xfe, 0x00, 0x3a])]) {
      const parsed = parse(input)
      for (const f of parsed.fields) {
        fieldKirbytags(parsed, f)
        fieldTree(parsed, f)
      }
    }
  })
})

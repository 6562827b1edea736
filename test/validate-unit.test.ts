/**
 * @fileoverview Unit tests of validation: the `kirby-*` formats, typing
 * (`typeContent`: values and places), message details (note, url,
 * expected/actual), the compile cache, and a property: typing and
 * validation never throw, whatever the stored strings.
 */
import {describe, expect, test} from '@jest/globals'
import fc from 'fast-check'
import {VFile} from 'vfile'
import {parse} from '../src/parse.js'
import {
  compareKirbyDateTime,
  compareKirbyTime,
  createValidator,
  isKirbyDate,
  isKirbyDateTime,
  isKirbyTime,
  typeContent,
  validateFile
} from '../src/validate/index.js'

const S2020 = 'https://json-schema.org/draft/2020-12/schema'

describe('formats', () => {
  test('kirby-date accepts real calendar dates only', () => {
    for (const value of ['2017-10-18', '2024-02-29', '2000-02-29', '0001-01-01']) expect(isKirbyDate(value)).toBe(true)
    for (const value of ['2013-02-30', '2017-13-01', '1900-02-29', '2017-00-10', '2017-1-1', 'next week', '2017-10-18 10:00', ''])
      expect(isKirbyDate(value)).toBe(false)
  })
  test('kirby-datetime and kirby-time', () => {
    expect(isKirbyDateTime('2017-10-18 10:00:00')).toBe(true)
    expect(isKirbyDateTime('2017-10-18 10:00')).toBe(true)
    expect(isKirbyDateTime('2017-10-18T10:00:00')).toBe(false)
    expect(isKirbyDateTime('2017-10-18 24:00')).toBe(false)
    expect(isKirbyTime('23:59:59')).toBe(true)
    expect(isKirbyTime('00:00')).toBe(true)
    for (const value of ['24:00', '10:60', '9:30', '10:00:60', '10:00 am']) expect(isKirbyTime(value)).toBe(false)
  })
  test('compare orders dates, date-times and times', () => {
    expect(compareKirbyDateTime('2020-01-01', '2020-01-02')).toBeLessThan(0)
    expect(compareKirbyDateTime('2020-01-01 10:00', '2020-01-01 10:00:00')).toBe(0)
    expect(compareKirbyDateTime('2020-01-01', '2020-01-01 00:00')).toBe(0)
    expect(compareKirbyDateTime('2020-01-01', 'soon')).toBeUndefined()
    expect(compareKirbyTime('08:00', '07:59:59')).toBeGreaterThan(0)
  })
})

describe('typeContent', () => {
  test('types each field by its annotation, with places in the file', () => {
    const content = parse(
      'Price: 5\n\n----\n\nOn: true\n\n----\n\nTags: a, b\n\n----\n\nSocial:\n\n- \n  url: https://x\n\n----\n\nEmpty: \n\n----\n\nText: [{"type":"text","content":{"n":"1"}}]',
      {kirby: '5'}
    )
    const field = (type: string, extra: object = {}) => ({kirbyField: {type}, ...extra})
    const schema = {
      $schema: S2020,
      properties: {
        price: field('number'),
        on: field('toggle'),
        tags: field('tags'),
        social: field('structure'),
        empty: field('text'),
        text: field('blocks', {items: {properties: {content: {properties: {n: field('number')}}}}})
      }
    }
    const typed = typeContent(content, schema)
    expect({...typed.value}).toEqual({
      price: 5,
      on: true,
      tags: ['a', 'b'],
      social: [{url: 'https://x'}],
      text: [{type: 'text', content: {n: 1}}]
    })
    expect(typed.places.get('/tags/1')).toEqual({start: {line: 9, column: 10, offset: 41}, end: {line: 9, column: 11, offset: 42}})
    expect(typed.places.get('/social/0/url')?.start).toMatchObject({line: 16, column: 8})
    expect(typed.keys.get('/social/0/url')?.start).toMatchObject({line: 16, column: 3})
    expect(typed.empty.get('/empty')).toMatchObject({start: {line: 20, column: 1}, end: {line: 20, column: 7}})
    expect(typed.places.get('/text/0/content/n')?.start).toMatchObject({line: 24, column: 39})
  })
  test('a one-item list may stand on the key line, and a lone scalar is a one-item list', () => {
    const content = parse('Cover: - file://abc\n\n----\n\nImage: photo.jpg', {kirby: '5'})
    const typed = typeContent(content, {properties: {cover: {kirbyField: {type: 'files'}}, image: {kirbyField: {type: 'files'}}}})
    expect({...typed.value}).toEqual({cover: ['file://abc'], image: ['photo.jpg']})
    expect(typed.places.get('/cover/0')?.start).toMatchObject({line: 1, column: 10})
  })
  test('YAML scalars stay strings unless the schema asks for another type', () => {
    const content = parse('Rows:\n\n- \n  on: yes\n  n: 007\n  flag: true\n  count: 3', {kirby: '5'})
    const typed = typeContent(content, {
      properties: {rows: {type: 'array', items: {type: 'object', properties: {flag: {type: 'boolean'}, count: {type: 'integer'}}}}}
    })
    expect({...typed.value}).toEqual({rows: [{on: 'yes', n: '007', flag: true, count: 3}]})
  })
})

describe('messages', () => {
  const validate = (text: string, schema: object) => {
    const file = new VFile({path: 'x.txt'})
    validateFile(file, parse(text, {kirby: '5'}), schema, {schemaName: 'schemas/article.json'})
    return file.messages
  }
  test('carry the rule id, url, note with schema place and declaration, expected and actual', () => {
    const [message] = validate('Date: October 18', {
      $schema: S2020,
      properties: {
        date: {type: 'string', format: 'kirby-date', kirbyField: {type: 'date', declared: {file: 'site/blueprints/pages/event.yml', line: 12, column: 5}}}
      }
    })
    expect(message).toMatchObject({
      ruleId: 'schema/format',
      source: 'kfx',
      fatal: true,
      reason: '`date` must be a date like `2017-10-18`, got `October 18`',
      url: 'docs/rules/schema.md#format',
      actual: 'October 18',
      expected: ['2017-10-18'],
      note: 'Schema: schemas/article.json #/properties/date/format\nDeclared in site/blueprints/pages/event.yml:12:5'
    })
  })
  test('a required field of a `when` condition says so', () => {
    const [message] = validate('Featured: true', {
      properties: {featured: {type: 'boolean', kirbyField: {type: 'toggle'}}},
      if: {properties: {featured: {const: true}}, required: ['featured']},
      then: {required: ['teaser']}
    })
    expect(message?.reason).toBe('Missing required field `teaser`')
    expect(message?.note).toContain('`when` condition')
    expect(message?.line).toBe(1)
    expect(message?.column).toBe(1)
  })
  test('unknown fields are warnings at the key', () => {
    const [message] = validate('Title: A\n\n----\n\nFoo: b', {
      properties: {title: {type: 'string'}},
      kirbyBlueprint: {kind: 'page', name: 'note', builtIn: []}
    })
    expect(message).toMatchObject({ruleId: 'schema/unknown-field', fatal: false, line: 5, column: 1})
  })
  test('a hand-written schema with additionalProperties points at the key', () => {
    const [message] = validate('Title: A\n\n----\n\nFoo: b', {$schema: 'http://json-schema.org/draft-07/schema#', properties: {title: {type: 'string'}}, additionalProperties: false})
    expect(message).toMatchObject({ruleId: 'schema/additionalProperties', reason: 'Unexpected field `foo`, the schema does not allow it', line: 5, column: 1})
  })
})

describe('createValidator', () => {
  test('compiles each schema object once', () => {
    const validator = createValidator()
    const schema = {$schema: S2020, properties: {a: {type: 'string'}}}
    expect(validator.compile(schema)).toBe(validator.compile(schema))
  })
  test('two schema objects with the same $id both compile', () => {
    const validator = createValidator()
    const one = validator.compile({$id: 'https://example.com/a.json', type: 'object'})
    const two = validator.compile({$id: 'https://example.com/a.json', type: 'array'})
    expect(one.validate({})).toBe(true)
    expect(two.validate({})).toBe(false)
  })
  test('draft-07 schemas use the draft-07 dialect', () => {
    const validator = createValidator()
    const compiled = validator.compile({$schema: 'http://json-schema.org/draft-07/schema#', items: [{type: 'string'}], additionalItems: false})
    expect(compiled.validate(['a'])).toBe(true)
    expect(compiled.validate(['a', 'b'])).toBe(false)
  })
})

describe('property', () => {
  const schema = {
    $schema: S2020,
    $defs: {row: {type: 'object', properties: {url: {type: 'string', format: 'uri', kirbyField: {type: 'url'}}, n: {type: 'number', kirbyField: {type: 'number'}}}, required: ['url']}},
    type: 'object',
    properties: {
      a: {type: 'string', format: 'kirby-date', formatMinimum: '2000-01-01', kirbyField: {type: 'date'}},
      b: {type: 'number', maximum: 10, kirbyField: {type: 'number'}},
      c: {type: 'boolean', kirbyField: {type: 'toggle'}},
      d: {type: 'array', maxItems: 2, items: {enum: ['x', 'y']}, kirbyField: {type: 'tags'}},
      e: {type: 'array', items: {$ref: '#/$defs/row'}, kirbyField: {type: 'structure'}},
      f: {type: 'object', properties: {g: {type: 'string', minLength: 2}}, kirbyField: {type: 'object'}},
      h: {type: 'array', items: {anyOf: [{properties: {type: {const: 'x'}}}, {properties: {type: {const: 'y'}}}]}, kirbyField: {type: 'blocks'}},
      i: {type: 'array', items: {type: 'string'}, kirbyField: {type: 'files'}},
      j: {type: ['number', 'array', 'null']}
    },
    required: ['a', 'e'],
    kirbyBlueprint: {kind: 'page', name: 'p', builtIn: []}
  }
  const fragments = fc.constantFrom('- ', '\n', '  ', 'url: ', '{', '}', '[', ']', '"', "'", ':', ',', '\\----', '\r\n', '----', '#', '\t', 'type', 'x', '2020-01-01', '5', 'true', '😀', '&a', '*a', '!!', '%')
  const value = fc.oneof(fc.string(), fc.array(fragments, {maxLength: 20}).map((parts) => parts.join('')))
  test('typing and validation never throw on arbitrary field strings', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'H', 'I', 'J', 'K'), value), {maxLength: 8}), (fields) => {
        const text = fields.map(([key, val]) => `${key}: ${val}`).join('\n\n----\n\n')
        const file = new VFile({path: 'x.txt'})
        validateFile(file, parse(text, {kirby: '5'}), schema)
        for (const message of file.messages) {
          expect(typeof message.reason).toBe('string')
          expect(message.line).toBeGreaterThanOrEqual(1)
        }
      }),
      {numRuns: 400}
    )
  })
})

/**
 * @fileoverview Front matter: every string comes back as the same string —
 * also those YAML readers would take for something else (`no`, `1.0`,
 * `2017-10-18`, `: `, `#`, `---`) — read as YAML 1.2 (kfx, js-yaml's
 * core) and as YAML 1.1 (the widest set of implicit types).
 */
import {describe, expect, test} from '@jest/globals'
import fc from 'fast-check'
import {parseDocument} from 'yaml'
import {frontMatterYaml, frontMatterYamlDirect, misread, misreadByParsing, parseFrontMatter, stringifyFrontMatter, stringifyMarkdown} from '../src/convert/front-matter.js'

const AWKWARD = [
  'no', 'No', 'yes', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'true', 'FALSE', '1.0', '1e3', '.5', '0x1F', '0o17', '017', '1_000',
  '2017-10-18', '2017-10-18 10:00', '1:20', '12:30:00', '.inf', '-.Inf', '.nan', '', ' ', ' lead', 'trail ', 'a: b', 'a:b', ': x', '#', '# not a comment',
  'a #b', '---', '...', '- item', '* x', '& anchor', '! tag', '|', '>', '%YAML', '@x', '`x`', '"quoted"', "'single'", '{a: 1}', '[1, 2]',
  'line\nbreak', 'trailing newline\n', '\nleading newline', '  indented\n  lines', 'tab\there', 'crlf\r\nline', 'é ü ß 😀', '\u00a0nbsp', '<', '=', '?', 'x?', '-1', '+1', '0'
]

const roundTrips = (data: Map<string, unknown>, version: '1.1' | '1.2'): unknown => {
  const text = stringifyFrontMatter(data)
  const yaml = text.slice(4, -4)
  return parseDocument(yaml, {version}).toJS({mapAsMap: true}) as unknown
}

describe('front matter', () => {
  test.each(AWKWARD)('%j comes back as the same string (YAML 1.2 and 1.1)', (value) => {
    const data = new Map<string, unknown>([['value', value], [value === '' ? 'empty' : value, 'key'], ['list', [value, {[value]: value}]]])
    for (const version of ['1.2', '1.1'] as const) {
      const back = roundTrips(data, version) as Map<string, unknown>
      expect(back.get('value')).toBe(value)
      expect(back.get(value === '' ? 'empty' : value)).toBe('key')
      expect(back.get('list')).toEqual([value, new Map([[value, value]])])
    }
    expect(parseFrontMatter(stringifyMarkdown(data, 'body')).data.get('value')).toBe(value)
  })

  test('any string round-trips as a value and a key, and the body comes back', () => {
    const awkward = fc.constantFrom(...AWKWARD)
    const text = fc.oneof(fc.string(), fc.string({unit: 'grapheme'}), awkward, fc.tuple(awkward, fc.string(), awkward).map((parts) => parts.join('')))
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), {maxLength: 6}), fc.string(), (entries, body) => {
        const data = new Map(entries)
        const parsed = parseFrontMatter(stringifyMarkdown(data, body))
        expect(parsed.problems).toEqual([])
        expect([...parsed.data]).toEqual([...data])
        expect(parsed.body).toBe(body)
        for (const version of ['1.1', '1.2'] as const) {
          const back = parseDocument(stringifyFrontMatter(data).slice(4, -4), {version}).toJS({mapAsMap: true}) as Map<string, unknown> | null
          expect([...(back ?? new Map())]).toEqual([...data])
        }
      }),
      {numRuns: 500}
    )
  })

  test('keys keep their order, also keys JavaScript objects would reorder', () => {
    const data = new Map([['title', 'x'], ['2019', 'y'], ['1', 'z']])
    expect([...parseFrontMatter(stringifyMarkdown(data, '')).data.keys()]).toEqual(['title', '2019', '1'])
  })

  test('a front matter YAML error is a problem at its line and column', () => {
    const parsed = parseFrontMatter('---\ntitle: x\n  bad: [\n---\nbody\n')
    expect(parsed.problems[0]?.place.start.line).toBeGreaterThanOrEqual(2)
  })

  // `misread` answers most strings without parsing them: the shortcut must agree with the parse.
  test('the quoting shortcut agrees with parsing each string as YAML 1.1', () => {
    const fixed = [...AWKWARD, 'e9', 'E-1', 'e1x', 'Yes', 'yEs', 'NULL', 'nUll', 'Off', 'title', 'kirby', '1-blog/article.txt', '15:35', '1:14:59', 'a::b', 'a:', 'http://x.y/z?a=1',
      '$page->url()', 'a | b', 'x ~ y', '0x1Fg', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '1e3x', '12 monkeys', '384', '0384', '15:35', '1:14:59', '1:60', '190:20:30', '2017-12-12', '2017-1-2', '2017-13-45', '20171-12-12', 'Kirby’s API', 'ünïcode…', '½', 'a\u0085b', 'a\u2028b']
    for (const text of fixed) expect([text, misread(text)]).toEqual([text, misreadByParsing(text)])
    const letters = [...'aeEnNoOtTyYxXzZfF0123456789é']
    const rest = [...letters, ...' .,:;#$|*<>~\\\'"!?()&/_+-@%=[]{}`\t\u00a0\u00b2\u0085\u2028\u2013\u2019\u2026\u0301\ufeff']
    const text = fc.tuple(fc.constantFrom(...letters), fc.array(fc.constantFrom(...rest), {maxLength: 10})).map(([first, more]) => first + more.join(''))
    fc.assert(fc.property(fc.oneof(text, fc.string()), (value) => misread(value) === misreadByParsing(value)), {numRuns: 20_000})
  })

  // The front matter is written directly for the usual values: byte for byte what `yaml` writes.
  test('the direct writer writes what yaml writes, and the usual front matter takes it', () => {
    const key = fc.oneof(fc.constantFrom('title', 'date', 'tags', 'kirby', 'raw', 'text', 'files', 'photo.jpg', '2019', 'yes', 'a b', 'x:y', 'é'), fc.string({maxLength: 8}))
    const line = fc.oneof(fc.constantFrom(...AWKWARD.filter((value) => !value.includes('\n'))), fc.string({maxLength: 12}), fc.constantFrom('Hello world', '12.01.2012', 'Seth "Slimy" Rollins', 'a\u00a0b', 'x\\y'))
    const lines = fc.array(fc.oneof(line, fc.constantFrom('', ' ', '  indented', '- item', '---', '\t tab', 'trail ')), {minLength: 2, maxLength: 5}).map((parts) => parts.join('\n'))
    const text = fc.oneof(line, lines, lines.map((value) => `${value}\n`), lines.map((value) => `${value}\n\n`))
    const scalarValue = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null))
    const value: fc.Arbitrary<unknown> = fc.letrec<{value: unknown}>((tie) => ({
      value: fc.oneof(
        {depthSize: 'small', withCrossShrink: true},
        scalarValue,
        fc.array(tie('value'), {maxLength: 3}),
        fc.array(fc.tuple(key, tie('value')), {maxLength: 3}).map((entries) => new Map(entries)),
        fc.dictionary(key, tie('value'), {maxKeys: 3})
      )
    })).value
    let direct = 0
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), {minLength: 1, maxLength: 4}), (entries) => {
        const data = new Map(entries)
        const written = frontMatterYamlDirect(data)
        if (written === undefined) return true
        direct++
        return written === frontMatterYaml(data)
      }),
      {numRuns: 3000}
    )
    expect(direct).toBeGreaterThan(300)
    const usual = new Map<string, unknown>([['title', 'First post'], ['date', '2017-10-18'], ['tags', ['kirby', 'markdown']], ['kirby', {raw: {text: 'Some (link: a) text\n\nMore.'}, files: {}}]])
    expect(frontMatterYamlDirect(usual)).toBe(frontMatterYaml(usual))
    expect(stringifyFrontMatter(usual)).toBe(`---\n${frontMatterYaml(usual)}---\n`)
  })
})

/**
 * Property-based fuzzing (fast-check, issue #7): the tokenizer and the tag
 * scanner never throw, decode/encode and front matter round-trip, and
 * generated pages go Kirby → JSON → Kirby unchanged through the library's
 * `convert`. `KFX_FUZZ_RUNS` sets the runs of the cheap properties (default
 * 300 in `npm test`; `npm run fuzz` runs 100,000); the site properties,
 * which write temp folders, run a hundredth of that (at least 5).
 */
import {afterAll, describe, expect, jest, test} from '@jest/globals'
import fc from 'fast-check'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {check} from '../src/check.js'
import {convert} from '../src/convert/index.js'
import {parseFrontMatter, stringifyFrontMatter} from '../src/convert/front-matter.js'
import {rulesFor} from '../src/kirby-version.js'
import {kirbytagsInRenderOrder} from '../src/kirbytag/render-order.js'
import {findKirbytags, scanKirbytagSpans} from '../src/kirbytag/scan.js'
import {fieldKirbytags, parse} from '../src/parse.js'
import {decode, toPairs} from '../src/txt/decode.js'
import {encode} from '../src/txt/encode.js'
import {phpTrim} from '../src/txt/php.js'

const RUNS = Math.max(1, Number(process.env['KFX_FUZZ_RUNS'] ?? 300) || 300)
const SITE_RUNS = Math.max(5, Math.round(RUNS / 100))
jest.setTimeout(Math.max(60_000, RUNS * 20))

const versions = ['2', '3.1', '3.9.5', '4.1', '5'].map((v) => rulesFor(v))

/** Text made of what matters to the format and to kirbytags. */
const kirbyish = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', '----', '-----', '\\----', ':', ' ', '\t', '\uFEFF', '\u00a0', 'Title', 'text', '0', 'É', '\0', '__proto__', 'constructor'),
      fc.constantFrom('(', ')', '(link:', '(image:', '(LINK:', '(a:', ' text:', ' class:', '(file:', '(email:', '(video:', '`', '```', '<', '>', '"', "'"),
      fc.string({maxLength: 4}),
      fc.string({unit: 'binary', maxLength: 3})
    ),
    {maxLength: 60}
  )
  .map((parts) => parts.join(''))

describe('never throws', () => {
  test('the tokenizer and parse, on Kirby-like text and on arbitrary bytes, in every version', () => {
    fc.assert(
      fc.property(fc.oneof(kirbyish, fc.string({unit: 'binary'})), fc.uint8Array({maxLength: 120}), fc.constantFrom(...versions), (text, bytes, rules) => {
        const {fields} = decode(text, {rules})
        for (const field of fields) expect(typeof field.value).toBe('string')
        const file = parse(bytes, {rules})
        for (const field of file.fields) fieldKirbytags(file, field)
      }),
      {numRuns: RUNS}
    )
  })

  test('the tag scanner: spans start at `(`, stay in the text, never overlap', () => {
    fc.assert(
      fc.property(kirbyish, fc.constantFrom(...versions), (text, rules) => {
        const spans = scanKirbytagSpans(text, rules.balancedTags)
        let last = 0
        for (const [start, end] of spans) {
          expect(text[start]).toBe('(')
          expect(start).toBeGreaterThanOrEqual(last)
          expect(end).toBeLessThanOrEqual(text.length)
          last = end
        }
        const found = findKirbytags(text, {rules})
        for (const tag of found.tags) expect(Object.getPrototypeOf(tag.attrs) === null || typeof tag.attrs === 'object').toBe(true)
        kirbytagsInRenderOrder(text, {rules})
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
      }),
      {numRuns: RUNS}
    )
  })
})

/** Keys in Kirby's written form. */
const key = fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), {minLength: 1, maxLength: 3}).map((parts) => parts.join('_'))
/** Values as Kirby stores them: trimmed, no line-start `\----`, no BOM. */
const value = kirbyish.map(phpTrim).filter((v) => !/(^|\n)\\----/.test(v) && !v.includes('\uFEFF') && !v.includes('\r'))

describe('round trips', () => {
  test('decode(encode(fields)) gives the fields back (Kirby 3.2+)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), {selector: ([k]) => k, maxLength: 8}), fc.constantFrom('3.2', '4', '5'), (pairs, version) => {
        const rules = rulesFor(version)
        expect(toPairs(decode(encode(pairs, {rules}), {rules}).fields)).toEqual(pairs)
      }),
      {numRuns: RUNS}
    )
  })

  /** YAML-able values: strings of every kind, finite numbers, booleans, null, lists and maps. */
  const { yamlValue } = fc.letrec<{yamlValue: unknown}>((tie) => ({
    yamlValue: fc.oneof(
      {depthSize: 'small', withCrossShrink: true},
      fc.oneof(kirbyish, fc.string(), fc.constantFrom('no', 'on', '1.0', '2017-10-18', '1:20', '~', '---', '# x', ' x', 'null', '0x1F', '.inf', '*a', '&a', '!!str', '|', '>', '- x', '[x]', '{x}', '"', "'")),
      fc.integer(),
      fc.double({noNaN: true, noDefaultInfinity: true}).filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('yamlValue'), {maxLength: 4}),
      fc.uniqueArray(fc.tuple(fc.string({maxLength: 8}), tie('yamlValue')), {selector: ([k]) => k, maxLength: 4}).map((entries) => new Map(entries))
    )
  }))
  const frontMatter = fc
    .uniqueArray(fc.tuple(fc.oneof(fc.string({minLength: 1, maxLength: 10}), fc.constantFrom('__proto__', 'constructor', 'prototype', '2019', 'kirby')), yamlValue), {selector: ([k]) => k, maxLength: 6})
    .map((entries) => new Map(entries))

  test('found by fuzzing: a multi-line string of spaces alone keeps its spaces', () => {
    for (const text of [' \n', ' \n  \n', '\n', '  \n\n ']) {
      const data = new Map([['__proto__', new Map([['', text]])]])
      expect(parseFrontMatter(stringifyFrontMatter(data)).data).toEqual(data)
    }
  })

  test('parseFrontMatter(stringifyFrontMatter(data)) gives the data back, keys in order', () => {
    fc.assert(
      fc.property(frontMatter, (data) => {
        const text = stringifyFrontMatter(data)
        const back = parseFrontMatter(text + '\nbody\n')
        expect(back.problems).toEqual([])
        expect(back.data).toEqual(data)
        expect([...back.data.keys()]).toEqual([...data.keys()])
        expect(back.body).toBe('body')
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
      }),
      {numRuns: RUNS}
    )
  })
})

describe('generated sites', () => {
  const roots: string[] = []
  afterAll(() => {
    for (const root of roots) rmSync(root, {recursive: true, force: true})
  })

  /** A page: a slug, fields (JSON and YAML values among them), maybe children. */
  const fieldValue = fc.oneof(value, fc.jsonValue({maxDepth: 3}).map((v) => JSON.stringify(v)), fc.constantFrom('(link: a)', '(image: x.jpg)', '- a\n- b', 'a: b\nc: [d]'))
  const page = fc.record({
    slug: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    fields: fc.uniqueArray(fc.tuple(key.filter((k) => k !== 'title' && k !== 'kirby' && k !== 'uuid'), fieldValue), {selector: ([k]) => k, maxLength: 5}),
    title: value.filter((v) => v !== '')
  })
  const siteTree = fc.uniqueArray(fc.tuple(page, fc.uniqueArray(page, {selector: (p) => p.slug, maxLength: 2})), {selector: ([p]) => p.slug, minLength: 1, maxLength: 4})

  const writeSite = (tree: Array<[{slug: string; title: string; fields: Array<[string, string]>}, Array<{slug: string; title: string; fields: Array<[string, string]>}>]>) => {
    const root = mkdtempSync(path.join(tmpdir(), 'kfx-fuzz-'))
    roots.push(root)
    const rules = rulesFor('5')
    const write = (dir: string, p: {title: string; fields: Array<[string, string]>}) => {
      mkdirSync(dir, {recursive: true})
      writeFileSync(path.join(dir, 'default.txt'), encode([['title', p.title], ...p.fields], {rules}))
    }
    mkdirSync(path.join(root, 'content'), {recursive: true})
    writeFileSync(path.join(root, 'content', 'site.txt'), 'Title: Site\n')
    tree.forEach(([parent, children], index) => {
      const dir = path.join(root, 'content', `${index + 1}_${parent.slug}`)
      write(dir, parent)
      children.forEach((child, childIndex) => write(path.join(dir, `${childIndex + 1}_${child.slug}`), child))
    })
    return root
  }

  /** Every `.txt` below a folder: path relative to it → decoded fields. */
  const contentOf = (dir: string): Map<string, Array<[string, string]>> => {
    const found = new Map<string, Array<[string, string]>>()
    const walk = (at: string) => {
      for (const entry of readdirSync(at, {withFileTypes: true})) {
        const absolute = path.join(at, entry.name)
        if (entry.isDirectory()) walk(absolute)
        else if (entry.name.endsWith('.txt')) found.set(path.relative(dir, absolute).split(path.sep).join('/'), toPairs(decode(readFileSync(absolute, 'utf8')).fields))
      }
    }
    walk(dir)
    return found
  }

  test('kirby → json → kirby gives every page, every field back', async () => {
    await fc.assert(
      fc.asyncProperty(siteTree, async (tree) => {
        const root = writeSite(tree)
        const json = await convert({to: 'json', cwd: root, out: path.join(root, 'json')})
        expect(json.files.flatMap((file) => file.messages.filter((m) => m.fatal === true))).toEqual([])
        const back = await convert({to: 'kirby', cwd: root, paths: [path.join(root, 'json')], out: path.join(root, 'back')})
        expect(back.files.flatMap((file) => file.messages.filter((m) => m.fatal === true).map((m) => m.reason))).toEqual([])
        expect(contentOf(path.join(root, 'back'))).toEqual(contentOf(path.join(root, 'content')))
      }),
      {numRuns: SITE_RUNS}
    )
  })

  test('check never crashes on a generated site', async () => {
    await fc.assert(
      fc.asyncProperty(siteTree, async (tree) => {
        const root = writeSite(tree)
        const result = await check({cwd: root})
        expect(result.crashed).toBe(false)
      }),
      {numRuns: SITE_RUNS}
    )
  })
})

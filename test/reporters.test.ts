/**
 * Reporters over a fixed set of hand-built results, colour off, compared
 * as exact strings (as ESLint's formatter tests do).
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {describe, expect, test} from '@jest/globals'
import {Ajv2020} from 'ajv/dist/2020.js'
import formatsPlugin from 'ajv-formats'
import {Chalk} from 'chalk'
import {VFile} from 'vfile'
import {report} from '../src/messages.js'
import {escapeData, escapeProperty} from '../src/reporters/github.js'
import {escapeHtml} from '../src/reporters/html.js'
import {reporterFor, reporters} from '../src/reporters/index.js'
import {toJsonResults} from '../src/reporters/json.js'
import {xmlAttribute, xmlClean, xmlText} from '../src/reporters/junit.js'
import {pathToUri, toSarif} from '../src/reporters/sarif.js'
import {ruleDescription} from '../src/reporters/shared.js'
import {VERSION} from '../src/version.js'
import {results} from './helpers/reporter-results.js'

const color = new Chalk({level: 0})

describe('reporters', () => {
  test('are found by name', () => {
    expect(Object.keys(reporters).sort()).toEqual(['github', 'html', 'json', 'junit', 'sarif', 'stylish'])
    expect(reporterFor('stylish')).toBe(reporters.stylish)
    expect(reporterFor('toString')).toBeUndefined()
  })
  test('stylish groups by file, aligns rows and ends with a summary', () => {
    expect(reporters.stylish!(results(), {color})).toMatchSnapshot()
  })
  test('stylish --verbose adds notes, urls and info messages', () => {
    expect(reporters.stylish!(results(), {color, verbose: true})).toMatchSnapshot()
  })
  test('stylish --quiet shows errors only', () => {
    const out = reporters.stylish!(results(), {color, quiet: true})
    expect(out).not.toContain('schema/unknown-field')
    expect(out).not.toContain('content/site.txt')
    expect(out).toContain('✖ 2 problems (2 errors, 0 warnings)')
  })
  test('stylish says nothing when there is nothing to say', () => {
    expect(reporters.stylish!([new VFile({path: 'a.txt'})], {color})).toBe('')
  })
  test('json lists every checked file with plain message data', () => {
    const data = toJsonResults(results(), {})
    expect(data.map((r) => r.file)).toEqual(['content/1_blog/article.txt', 'content/2_about/default.txt', 'content/site.txt'])
    expect(data[0]!.messages.map((m) => m.ruleId)).toEqual(['leading-bom', 'schema/required', 'schema/format', 'schema/unknown-field'])
    expect(data[0]!.messages[1]).toEqual({
      ruleId: 'schema/required',
      severity: 'error',
      reason: 'Missing required field `title`',
      line: 1,
      column: 1,
      endLine: null,
      endColumn: null,
      url: 'docs/rules/schema.md#required'
    })
    expect(JSON.parse(reporters.json!(results(), {color}))).toEqual(data)
    expect(reporters.json!(results(), {color})).toMatchSnapshot()
  })

  test('sarif, github, junit and html over the fixed results', () => {
    for (const name of ['sarif', 'github', 'junit', 'html']) expect(reporters[name]!(results(), {color})).toMatchSnapshot(name)
  })
})

// The official SARIF 2.1.0 schema, byte for byte as OASIS publishes it in
// oasis-tcs/sarif-spec (fixtures/sarif/README.md says which commit). Two
// things in it stop a JavaScript validator, and are adjusted here, not in
// the file: the `(?i)` inline flag of the `language` patterns (a .NET/PCRE
// flag JavaScript does not know) becomes the `i` flag, and the `anyOf` that
// sits inside `region.properties` (where it would describe a property
// called "anyOf", which is not a schema) moves up to `region`, where the
// specification puts it (a region has a startLine, charOffset or byteOffset).
const SCHEMA_FILE = new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url)
const SCHEMA_SHA256 = 'ad389db5a66fad5c131178b0e1f18600ac625616cd5ea20a00ee8ee246dc7069'

const sarifValidator = () => {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {definitions: {region: {properties: Record<string, unknown>; anyOf?: unknown}}}
  const region = schema.definitions.region
  region.anyOf = region.properties.anyOf
  delete region.properties.anyOf
  const regExp = Object.assign(
    (pattern: string, flags?: string) => (pattern.startsWith('^(?i)') ? new RegExp(`^${pattern.slice(5)}`, `${flags ?? ''}i`) : new RegExp(pattern, flags)),
    {code: 'new RegExp'}
  )
  const ajv = new Ajv2020({allErrors: true, code: {regExp}})
  const addFormats = ((formatsPlugin as unknown as {default?: unknown}).default ?? formatsPlugin) as (ajv: Ajv2020) => Ajv2020
  addFormats(ajv)
  return ajv.compile(schema)
}

describe('sarif', () => {
  const validate = sarifValidator()

  test('the schema fixture is the official text, unchanged', () => {
    const text = readFileSync(SCHEMA_FILE, 'utf8')
    expect(createHash('sha256').update(text).digest('hex')).toBe(SCHEMA_SHA256)
    expect(JSON.parse(text)).toMatchObject({title: 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema'})
  })

  test('the validator rejects what SARIF forbids', () => {
    const log = toSarif(results(), {})
    expect(validate(log)).toBe(true)
    const bad = JSON.parse(JSON.stringify(log)) as {runs: Array<{results: Array<Record<string, unknown>>; tool: {driver: Record<string, unknown>}}>}
    bad.runs[0]!.results[0]!.level = 'fatal'
    bad.runs[0]!.tool.driver.informationUri = 'docs/README.md'
    ;(bad.runs[0]!.results[1]!.locations as Array<{physicalLocation: {region: Record<string, unknown>}}>)[0]!.physicalLocation.region = {startColumn: 2}
    expect(validate(bad)).toBe(false)
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/results/0/level', '/runs/0/tool/driver/informationUri', '/runs/0/results/1/locations/0/physicalLocation/region'])
    )
  })

  test('is valid SARIF 2.1.0, with and without an absolute docs base', () => {
    for (const options of [{color}, {color, docsBase: 'https://github.com/example/kfx/blob/main/'}, {color, quiet: true}, {color, docsBase: '../kfx'}]) {
      const log = JSON.parse(reporters.sarif!(results(), options)) as unknown
      expect(validate(log)).toBe(true)
      expect(validate.errors ?? null).toBeNull()
    }
    expect(validate(JSON.parse(reporters.sarif!([], {color})))).toBe(true)
  })

  test('names the tool, its rules and every result with its place', () => {
    const log = toSarif(results(), {docsBase: 'https://github.com/example/kfx/blob/main/'})
    const run = log.runs[0]!
    expect(run.tool.driver).toMatchObject({name: 'kfx', version: VERSION, informationUri: 'https://github.com/example/kfx/blob/main/'})
    expect(run.columnKind).toBe('utf16CodeUnits')
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(['leading-bom', 'schema/required', 'schema/format', 'schema/unknown-field', 'schema/yaml'])
    expect(run.tool.driver.rules[2]).toEqual({
      id: 'schema/format',
      shortDescription: {text: ruleDescription('schema/format')},
      helpUri: 'https://github.com/example/kfx/blob/main/docs/rules/schema.md#format'
    })
    expect(run.results.map((result) => [result.ruleId, result.level])).toEqual([
      ['leading-bom', 'note'],
      ['schema/required', 'error'],
      ['schema/format', 'error'],
      ['schema/unknown-field', 'warning'],
      ['schema/yaml', 'warning']
    ])
    expect(run.results[2]).toEqual({
      ruleId: 'schema/format',
      ruleIndex: 2,
      level: 'error',
      message: {text: '`date` must be a date like `2017-10-18`, got `October 18`'},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri: 'content/1_blog/article.txt', uriBaseId: '%SRCROOT%'},
            region: {startLine: 5, startColumn: 7, endLine: 5, endColumn: 17}
          }
        }
      ]
    })
    expect(run.results[4]!.locations[0]!.physicalLocation.region).toEqual({startLine: 12, startColumn: 3})
    // Without an absolute base, no helpUri (SARIF wants absolute ones): the relative link is the help text.
    const relative = toSarif(results(), {}).runs[0]!
    expect(relative.tool.driver.informationUri).toBeUndefined()
    expect(relative.tool.driver.rules[2]!.helpUri).toBeUndefined()
    expect(relative.tool.driver.rules[2]!.help).toEqual({text: 'Documentation: docs/rules/schema.md#format', markdown: '[Documentation](docs/rules/schema.md#format)'})
  })

  test('rule metadata: lint rules by their description and level, families by a sentence', () => {
    const file = new VFile({path: 'content/a b/ü.txt'})
    report(file, {ruleId: 'no-broken-link', severity: 'error', reason: 'x', place: {line: 1, column: 1, offset: 0}})
    report(file, {ruleId: 'blueprint/blueprint-yaml-error', severity: 'error', reason: 'y'})
    report(file, {ruleId: 'kfx/crash', severity: 'error', reason: 'z'})
    const log = toSarif([file], {})
    const rules = log.runs[0]!.tool.driver.rules
    const rule = (id: string) => rules.find((entry) => entry.id === id)
    expect(rule('no-broken-link')).toMatchObject({defaultConfiguration: {level: 'error'}})
    expect(rule('no-broken-link')!.shortDescription.text).toMatch(/^Links to pages/)
    expect(rule('blueprint/blueprint-yaml-error')!.shortDescription.text).toBe('A problem of a blueprint: yaml error')
    expect(rule('kfx/crash')!.shortDescription.text).toBe('kfx failed on this file')
    expect(log.runs[0]!.invocations).toEqual([{executionSuccessful: false}])
    // Messages about the whole file come first and have no region.
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({artifactLocation: {uri: 'content/a%20b/%C3%BC.txt', uriBaseId: '%SRCROOT%'}})
    expect(validate(log)).toBe(true)
    expect(pathToUri('../site/content/a.txt')).toBe('../site/content/a.txt')
    expect(pathToUri('/srv/site/a#1.txt')).toBe('file:///srv/site/a%231.txt')
  })
})

describe('github', () => {
  test('escapes data and properties as GitHub does', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b')
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b')
    expect(escapeProperty('%0A')).toBe('%250A')
  })

  test('one command per message, the summary last', () => {
    const lines = reporters.github!(results(), {color}).split('\n')
    expect(lines).toEqual([
      '::error file=content/1_blog/article.txt,line=1,col=1,title=schema/required::Missing required field `title`',
      '::error file=content/1_blog/article.txt,line=5,col=7,endLine=5,endColumn=17,title=schema/format::`date` must be a date like `2017-10-18`, got `October 18`',
      '::warning file=content/1_blog/article.txt,line=9,col=1,endLine=9,endColumn=9,title=schema/unknown-field::Unexpected field `subtitel`, expected a field of blueprint `article`',
      '::warning file=content/site.txt,line=12,col=3,title=schema/yaml::Unexpected YAML',
      '✖ 4 problems (2 errors, 2 warnings)',
      ''
    ])
    expect(reporters.github!(results(), {color, verbose: true})).toContain('::notice file=content/1_blog/article.txt,line=1,col=1,title=leading-bom::A note\n')
    expect(reporters.github!([new VFile({path: 'a.txt'})], {color})).toBe('')
  })

  test('escapes what the run holds', () => {
    const file = new VFile({path: 'content/a,b:c%.txt'})
    report(file, {ruleId: 'schema/x', severity: 'warning', reason: 'Two\nlines: 100%', place: {line: 2, column: 1, offset: 0}})
    report(file, {ruleId: 'kfx/crash', severity: 'error', reason: 'No place'})
    expect(reporters.github!([file], {color}).split('\n')).toEqual([
      '::error file=content/a%2Cb%3Ac%25.txt,title=kfx/crash::No place',
      '::warning file=content/a%2Cb%3Ac%25.txt,line=2,col=1,title=schema/x::Two%0Alines: 100%25',
      '✖ 2 problems (1 error, 1 warning)',
      ''
    ])
  })
})

/** A small well-formedness check: declaration, nesting, quoted attributes, escaped text. */
const assertWellFormedXml = (xml: string): string[] => {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
  const body = xml.slice(xml.indexOf('?>') + 2)
  const stack: string[] = []
  const seen: string[] = []
  const name = '[A-Za-z_][\\w.-]*'
  const attribute = `\\s+${name}="[^"<&]*(?:&(?:amp|lt|gt|quot|apos|#\\d+);[^"<&]*)*"`
  const open = new RegExp(`^<(${name})(?:${attribute})*\\s*(/?)>$`)
  const close = new RegExp(`^</(${name})\\s*>$`)
  for (const token of body.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (token.startsWith('<')) {
      const closing = close.exec(token)
      if (closing) {
        expect(stack.pop()).toBe(closing[1])
        continue
      }
      const opening = open.exec(token)
      if (!opening) throw new Error(`Malformed tag: ${token}`)
      seen.push(opening[1]!)
      if (opening[2] !== '/') stack.push(opening[1]!)
    } else {
      expect(token).toMatch(/^[^&<]*(?:&(?:amp|lt|gt|quot|apos|#\d+);[^&<]*)*$/)
      if (stack.length === 0) expect(token.trim()).toBe('')
    }
    expect(token).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u)
  }
  expect(stack).toEqual([])
  return seen
}

describe('junit', () => {
  test('one testsuite, a testcase per file, a failure per error or warning', () => {
    const xml = reporters.junit!(results(), {color})
    const tags = assertWellFormedXml(xml)
    expect(tags.filter((tag) => tag === 'testsuite')).toHaveLength(1)
    expect(tags.filter((tag) => tag === 'testcase')).toHaveLength(3)
    expect(tags.filter((tag) => tag === 'failure')).toHaveLength(4)
    expect(xml).toContain('<testsuite name="kfx" tests="3" failures="2" errors="0" skipped="0" time="0">')
    expect(xml).toContain(
      '<failure type="schema/format" message="`date` must be a date like `2017-10-18`, got `October 18`">content/1_blog/article.txt:5:7 error `date` must be a date like `2017-10-18`, got `October 18` (schema/format)\ndocs/rules/schema.md#format</failure>'
    )
    expect(xml).toContain('<testcase name="content/2_about/default.txt" classname="kfx" file="content/2_about/default.txt" time="0"/>')
  })

  test('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d')
    expect(xmlAttribute(`"it's"\n<x>`)).toBe('&quot;it&apos;s&quot;&#10;&lt;x&gt;')
    expect(xmlClean('a\u0000b\u0008c\u001Fd\uFFFEe\uD800f😀g\u0085h')).toBe('abcdef😀g\u0085h')
    const file = new VFile({path: 'content/<&>"\'.txt'})
    report(file, {ruleId: 'schema/"x"', severity: 'error', reason: 'Bad \u0001 `<b>` & "q" \uDC00 ]]>', place: {line: 3, column: 4, offset: 0}})
    const xml = reporters.junit!([file], {color})
    assertWellFormedXml(xml)
    expect(xml).toContain('message="Bad  `&lt;b&gt;` &amp; &quot;q&quot;  ]]&gt;"')
    expect(xml).toContain('content/&lt;&amp;&gt;"\'.txt:3:4 error')
  })
})

describe('html', () => {
  test('marks the exact spans over the source and escapes everything', () => {
    const out = reporters.html!(results(), {color})
    expect(out).toContain('<mark class="hl sev-error" data-ids="m2" title="error: `date` must be a date like `2017-10-18`, got `October 18` (schema/format)">October 18</mark>')
    expect(out).toContain('<mark class="hl sev-warning" data-ids="m3"')
    expect(out).toMatch(/title="warning: [^"]+">Subtitel<\/mark>: &lt;b&gt;Über&lt;\/b&gt;/)
    expect(out).toContain('Text: Hello &lt;world&gt; &amp; &quot;friends&quot; 😀')
    // A point is a caret; two at 1:1 share the place.
    expect(out).toMatch(/<span class="line" id="f0-l1"><span class="ln">1<\/span><mark class="pt sev-info" data-ids="m0"[^>]*><\/mark><mark class="pt sev-error" data-ids="m1"/)
    expect(out).toMatch(/<span class="line" id="f2-l12"><span class="ln">12<\/span> {2}<mark class="pt sev-warning" data-ids="m4"[^>]*><\/mark>: oops<\/span>/)
    expect(out).not.toMatch(/<(?:link|img|iframe)\b|src=|https?:\/\/(?!example\.org)/)
  })

  test('escapes hostile input and shows files without text by their messages', () => {
    const file = new VFile({path: 'content/<script>alert(1)</script>.txt'})
    report(file, {ruleId: 'x"><script>', severity: 'error', reason: '</script><script>alert(2)</script> `<img src=x>`'})
    const out = reporters.html!([file], {color})
    expect(out).not.toContain('<script>alert')
    expect(out).not.toContain('<img')
    expect(out).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; <code>&lt;img src=x&gt;</code>')
    expect(out).not.toContain('<pre class="source">')
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })

  test('spans over several lines and UTF-16 columns', () => {
    const file = new VFile({path: 'content/x.txt', value: 'A: 😀ab\r\ncd\nef'})
    report(file, {ruleId: 'r', severity: 'warning', reason: 'w', place: {start: {line: 1, column: 6, offset: 0}, end: {line: 2, column: 2, offset: 0}}})
    const out = reporters.html!([file], {color})
    expect(out).toContain('<span class="ln">1</span>A: 😀<mark class="hl sev-warning" data-ids="m0" title="warning: w (r)">ab</mark></span>')
    expect(out).toContain('<span class="ln">2</span><mark class="hl sev-warning" data-ids="m0" title="warning: w (r)">c</mark>d</span>')
    expect(out).toContain('<span class="ln">3</span>ef</span>')
  })
})

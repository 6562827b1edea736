/**
 * Reporters over a fixed set of hand-built results, colour off, compared
 * as exact strings (as ESLint's formatter tests do).
 */
import {describe, expect, test} from '@jest/globals'
import {Chalk} from 'chalk'
import {VFile} from 'vfile'
import {report} from '../src/messages.js'
import {reporterFor, reporters} from '../src/reporters/index.js'
import {toJsonResults} from '../src/reporters/json.js'

const color = new Chalk({level: 0})

const results = (): VFile[] => {
  const a = new VFile({path: 'content/1_blog/article.txt'})
  report(a, {
    ruleId: 'schema/format',
    severity: 'error',
    reason: '`date` must be a date like `2017-10-18`, got `October 18`',
    place: {start: {line: 5, column: 7, offset: 40}, end: {line: 5, column: 17, offset: 50}},
    note: 'schema: #/properties/date/format'
  })
  report(a, {ruleId: 'schema/required', severity: 'error', reason: 'Missing required field `title`', place: {line: 1, column: 1, offset: 0}})
  report(a, {
    ruleId: 'schema/unknown-field',
    severity: 'warning',
    reason: 'Unexpected field `subtitel`, expected a field of blueprint `article`',
    place: {start: {line: 9, column: 1, offset: 80}, end: {line: 9, column: 9, offset: 88}}
  })
  report(a, {ruleId: 'leading-bom', severity: 'info', reason: 'A note', place: {line: 1, column: 1, offset: 0}})
  const b = new VFile({path: 'content/2_about/default.txt'})
  const c = new VFile({path: 'content/site.txt'})
  report(c, {ruleId: 'schema/yaml', severity: 'warning', reason: 'Unexpected YAML', place: {line: 12, column: 3, offset: 0}})
  return [a, b, c]
}

describe('reporters', () => {
  test('are found by name', () => {
    expect(Object.keys(reporters).sort()).toEqual(['json', 'stylish'])
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
})

/**
 * The fixed results every reporter test formats: three files, the first
 * with two errors, a warning and a note, the second clean, the third with
 * a warning; the first and third with the text kfx read (`file.value`).
 */
import {VFile} from 'vfile'
import {report} from '../../src/messages.js'

export const ARTICLE = [
  'Text: Hello <world> & "friends" 😀',
  '',
  '----',
  '',
  'Date: October 18',
  '',
  '----',
  '',
  'Subtitel: <b>Über</b>',
  ''
].join('\n')

export const SITE = [
  'Title: My site',
  '',
  '----',
  '',
  'Social:',
  '',
  '-',
  '  name: Mastodon',
  '  url: https://example.org/@me',
  '-',
  '  name: Broken',
  '  : oops',
  ''
].join('\n')

/** The fixed results (new VFiles on every call). */
export const results = (): VFile[] => {
  const a = new VFile({path: 'content/1_blog/article.txt', value: ARTICLE})
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
  const c = new VFile({path: 'content/site.txt', value: SITE})
  report(c, {ruleId: 'schema/yaml', severity: 'warning', reason: 'Unexpected YAML', place: {line: 12, column: 3, offset: 0}})
  return [a, b, c]
}

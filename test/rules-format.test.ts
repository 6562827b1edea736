/**
 * The format rules beyond their fixtures: `--fix` and `--fix-dry-run` on a
 * temporary copy (a fix must leave the fields Kirby reads unchanged), and
 * the Kirby 2 cases the Kirby 5 fixtures cannot hold.
 */
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {lint} from '../src/check.js'
import {rulesFor} from '../src/kirby-version.js'
import {rules} from '../src/rules/index.js'
import {decode, toPairs} from '../src/txt/decode.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-rules-format-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

/** Only `id` on. */
const alone = (id: string): Record<string, string> => Object.fromEntries(rules.map((rule) => [rule.id, rule.id === id ? 'on' : 'off']))

/** A copy of a rule's not-ok fixture with only that rule on. */
const copyOf = (id: string, name: string): string => {
  const dir = path.join(temp, name)
  cpSync(fixture(`rules/${id}/not-ok`), dir, {recursive: true})
  const config = JSON.parse(readFileSync(path.join(dir, 'kfx.config.json'), 'utf8')) as Record<string, unknown>
  writeFileSync(path.join(dir, 'kfx.config.json'), JSON.stringify({...config, rules: alone(id)}))
  return dir
}

/** The fields Kirby reads from a file, as pairs. */
const fieldsOf = (file: string) => toPairs(decode(readFileSync(file, 'utf8'), {rules: rulesFor('5')}).fields)

describe('field-separator-style --fix', () => {
  test('--fix-dry-run prints the line break after `----Date:`, and changes nothing', async () => {
    const dir = copyOf('field-separator-style', 'separator-dry')
    const file = path.join(dir, 'content/a/article.txt')
    const before = readFileSync(file, 'utf8')
    const run = await runCli(['lint', '--fix-dry-run'], dir)
    expect(run.stdout).toContain('-----Date: 2024-01-01')
    expect(run.stdout).toContain('+Date: 2024-01-01')
    expect(run.stdout).toContain('--- a/content/a/article.txt')
    expect(readFileSync(file, 'utf8')).toBe(before)
  })
  test('--fix writes it, Kirby reads the same fields, and the finding is gone', async () => {
    const dir = copyOf('field-separator-style', 'separator-fix')
    const file = path.join(dir, 'content/a/article.txt')
    const before = fieldsOf(file)
    const run = await runCli(['lint', '--fix', '--format', 'json'], dir)
    expect(run.stderr).toContain('fixed 1 problem in 1 file')
    expect(fieldsOf(file)).toEqual(before)
    expect(readFileSync(file, 'utf8')).toContain('\n----\n\nDate: 2024-01-01')
    expect(run.stdout).not.toContain('----Date')
    // The findings without a safe fix are still there.
    expect(run.stdout).toContain('Unexpected `-----` line')
  })
})

describe('no-duplicate-field --fix', () => {
  test('removes a later field with the same value, and only that one; Kirby reads the same fields', async () => {
    const dir = copyOf('no-duplicate-field', 'duplicate-fix')
    const file = path.join(dir, 'content/a/article.txt')
    const before = fieldsOf(file)
    const run = await runCli(['lint', '--fix'], dir)
    expect(run.stderr).toContain('fixed 1 problem in 1 file')
    expect(fieldsOf(file)).toEqual(before)
    const text = readFileSync(file, 'utf8')
    expect(text.match(/^Text:/gm)).toHaveLength(1)
    // Different values are left to a person.
    expect(text).toContain('title: Hi')
    expect(run.exitCode).toBe(1)
  })
})

describe('Kirby 2', () => {
  const site = path.join(temp, 'kirby2')
  mkdirSync(path.join(site, 'content/a'), {recursive: true})
  writeFileSync(path.join(site, 'kfx.config.json'), JSON.stringify({kirby: '2'}))
  writeFileSync(path.join(site, 'content/site.txt'), 'Title: Site')
  writeFileSync(
    path.join(site, 'content/a/article.txt'),
    'Title: Kirby 2\n\n----\n\nText: (link: file.pdf text: Download (PDF)) and (link: about TEXT: About) and (Link: about) and (video: https://youtu.be/x)\n\n````\ncode\n```\n\n(link: after-the-fence)'
  )
  const messagesOf = async (id: string) => {
    const result = await lint({cwd: site, paths: [], rules: alone(id)})
    return result.files.flatMap((file) => file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`))
  }
  test('no-malformed-kirbytag: a `(` inside a tag, an attribute in another case', async () => {
    const messages = await messagesOf('no-malformed-kirbytag')
    expect(messages).toEqual([
      expect.stringMatching(/^5:38 Unexpected `\(` inside `\(link:`, expected no parentheses in a tag: Kirby 2 ends the tag/),
      expect.stringMatching(/^5:62 Unexpected `TEXT:`, expected `text:`/)
    ])
  })
  test('no-unknown-kirbytag: a known name in another case, a Kirby 3+ tag', async () => {
    const messages = await messagesOf('no-unknown-kirbytag')
    expect(messages).toEqual([
      expect.stringMatching(/^5:79 Unexpected unknown kirbytag `\(Link:`.*/),
      expect.stringMatching(/^5:97 Unexpected unknown kirbytag `\(video:`.*/)
    ])
  })
  test('no-kirbytag-in-code: Parsedown 1.7 closes ```` with ```', async () => {
    expect(await messagesOf('no-kirbytag-in-code')).toEqual([])
  })
})

/**
 * The per-file limit on lint messages: past `MESSAGES_PER_RULE` findings of
 * one rule in one file, one more message counts the rest, so that a
 * pathological file does not bury the report. Other rules and other files
 * keep their own count.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {VFile} from 'vfile'
import {lint} from '../src/check.js'
import {createRuleCache, createRuleRun, defineRule, MESSAGES_PER_RULE} from '../src/lint/rule.js'
import {parse} from '../src/parse.js'
import {rules} from '../src/rules/index.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-lint-limit-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

const only = (ids: readonly string[]): Record<string, string> =>
  Object.fromEntries(rules.map((rule) => [rule.id, ids.includes(rule.id) ? 'on' : 'off']))

describe('MESSAGES_PER_RULE', () => {
  const site = path.join(temp, 'site')
  mkdirSync(path.join(site, 'content/a'), {recursive: true})
  mkdirSync(path.join(site, 'content/b'), {recursive: true})
  writeFileSync(path.join(site, 'kfx.config.json'), JSON.stringify({kirby: '5'}))
  writeFileSync(path.join(site, 'content/site.txt'), 'Title: Site')
  // 250 broken links, one per line, and two unknown tags.
  const links = Array.from({length: 250}, (_, index) => `(link: gone-${index})`).join('\n')
  writeFileSync(path.join(site, 'content/a/article.txt'), `Title: A\n\n----\n\nText: ${links}\n\n(gallery: x.jpg) (gallery: y.jpg)`)
  writeFileSync(path.join(site, 'content/b/article.txt'), 'Title: B\n\n----\n\nText: (link: gone)')

  test('lists 100 findings of a rule per file, then one message that counts the rest', async () => {
    expect(MESSAGES_PER_RULE).toBe(100)
    const result = await lint({cwd: site, paths: [], rules: only(['no-broken-link', 'no-unknown-kirbytag'])})
    const a = result.files.find((file) => file.path.endsWith('a/article.txt'))!
    const broken = a.messages.filter((m) => m.ruleId === 'no-broken-link')
    expect(broken).toHaveLength(101)
    const summary = broken[100]!
    expect(summary.reason).toBe('150 more `no-broken-link` findings in this file are not listed')
    expect(summary.fatal).toBe(true)
    expect(summary.url).toBe('docs/rules/no-broken-link.md')
    // At the first link not listed (line 5 holds the first link: `Text: (link: gone-0)`).
    expect(`${summary.line}:${summary.column}`).toBe('105:8')
    expect(summary.note).toContain('no page has the id `gone-100`')
    expect(broken[99]!.reason).toContain('`gone-99`')
    // Another rule in the same file, and the same rule in another file, keep their own count.
    expect(a.messages.filter((m) => m.ruleId === 'no-unknown-kirbytag')).toHaveLength(2)
    const b = result.files.find((file) => file.path.endsWith('b/article.txt'))!
    expect(b.messages.map((m) => m.ruleId)).toEqual(['no-broken-link'])
  })

  test('the limit is an option of the rule run; a rule that throws still gets its count', async () => {
    const file = new VFile({path: 'content/a/article.txt'})
    const content = parse('Title: A')
    const noisy = defineRule({
      id: 'noisy',
      severity: 'warning',
      description: 'Reports five times, then throws',
      check: (context) => {
        for (let index = 0; index < 5; index++) context.report({reason: `Unexpected thing ${index}`, place: {line: index + 1, column: 1, offset: index * 10}})
        throw new Error('boom')
      }
    })
    const fakeSite = {contentRoot: '/nowhere', rules: content.rules} as never
    const {context, finish} = createRuleRun(noisy, 'warning', undefined, {
      file,
      content,
      site: fakeSite,
      model: {kind: 'site', name: 'site'} as never,
      cache: createRuleCache(content, fakeSite, '/elsewhere/a.txt'),
      limit: 2
    })
    expect(() => noisy.check!(context)).toThrow('boom')
    finish()
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual([
      '1:1 Unexpected thing 0',
      '2:1 Unexpected thing 1',
      '3:1 3 more `noisy` findings in this file are not listed'
    ])
    expect(file.messages[2]!.note).toContain('kfx lists 2 findings of a rule per file')
    // Finishing twice adds nothing.
    finish()
    expect(file.messages).toHaveLength(3)
  })
})

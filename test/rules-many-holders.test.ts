/**
 * Findings about one of many files that share something name a few of the
 * others and count the rest: n copies must not print n² names (40 copies of
 * a site with UUIDs made a 92 MB report before).
 */
import {rmSync} from 'node:fs'
import {afterAll, expect, test} from '@jest/globals'
import {lint} from '../src/check.js'
import {nameSome} from '../src/util/name-some.js'
import {makeTempSite} from './helpers/temp-site.js'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

test('nameSome names three, then counts', () => {
  expect(nameSome(['`a`'])).toBe('`a`')
  expect(nameSome(['`a`', '`b`', '`c`'])).toBe('`a`, `b`, `c`')
  expect(nameSome(['`a`', '`b`', '`c`', '`d`', '`e`'])).toBe('`a`, `b`, `c` and 2 more')
  expect(nameSome(['`a`', '`b`', '`c`'], 40)).toBe('`a`, `b`, `c` and 37 more')
})

test('no-duplicate-uuid: 12 pages with one UUID, each finding names three others and counts eight', async () => {
  const files: Record<string, string> = {}
  for (let i = 1; i <= 12; i++) files[`content/${i}_p${i}/default.txt`] = `Title: P${i}\n\n----\n\nUuid: same-uuid-for-all\n`
  const root = makeTempSite('kfx-many-holders-', roots, files)
  const result = await lint({cwd: root, kirby: '5', jobs: 1})
  const found = result.files.flatMap((file) => file.messages.filter((m) => m.ruleId === 'no-duplicate-uuid').map((m) => ({path: file.path, reason: m.reason})))
  expect(found).toHaveLength(12)
  for (const {path, reason} of found) {
    expect(reason).toMatch(/^Unexpected UUID `same-uuid-for-all`, expected one no other model has: `[^`]+`, `[^`]+`, `[^`]+` and 8 more have it too$/)
    // The others, never the file itself.
    expect(reason).not.toContain(`\`${path}\``)
  }
})

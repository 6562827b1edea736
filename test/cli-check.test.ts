/**
 * `kfx check` (validate + lint in one pass) and `kfx lint` on the example
 * site and on copies of it: the seed page is clean while its images and
 * child pages exist and reports each one missing when they do not; fixes
 * are printed by --fix-dry-run and written by --fix, and nothing else is.
 */
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import type {JsonResult} from '../src/reporters/json.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-check-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))
const copy = (name: string): string => {
  const root = path.join(temp, name)
  cpSync(fixture('example-site'), root, {recursive: true})
  return root
}
const seed = 'content/3-events/12-rencontre-prospective'

describe('kfx check on the example site', () => {
  test('is clean: no output, exit 0', async () => {
    expect(await runCli(['check'], fixture('example-site'))).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
  test('reports each missing image and child page of the seed page at its place', async () => {
    const root = copy('missing')
    for (const image of ['img_3156.jpg', 'img_3161.jpg', 'img_3201.jpg']) rmSync(path.join(root, seed, image))
    for (const child of ['intervenants', 'retrouvez-le-programme']) rmSync(path.join(root, seed, child), {recursive: true})
    const run = await runCli(['check', '--format', 'json'], root)
    expect(run.exitCode).toBe(1)
    const results = JSON.parse(run.stdout) as JsonResult[]
    const messages = results.flatMap((r) => r.messages.map((m) => `${r.file}:${m.line}:${m.column} ${m.ruleId}`))
    expect(messages).toEqual([
      `${seed}/event.txt:22:11 no-broken-link`,
      `${seed}/event.txt:23:8 no-broken-link`,
      `${seed}/event.txt:30:9 no-missing-image`,
      `${seed}/event.txt:31:9 no-missing-image`,
      `${seed}/event.txt:32:9 no-missing-image`
    ])
  })
  test('check reports schema and lint findings of one file together, read once', async () => {
    const root = copy('both')
    writeFileSync(path.join(root, seed, 'event.txt'), 'Title: Rencontre\n\n----\n\nText: (image: nowhere.jpg)')
    const run = await runCli(['check', '--format', 'json', `${seed}/event.txt`], root)
    const results = JSON.parse(run.stdout) as JsonResult[]
    expect(results.map((r) => r.file)).toEqual([`${seed}/event.txt`])
    expect(results[0]!.messages.map((m) => m.ruleId)).toEqual(['schema/required', 'no-missing-image'])
  })
  test('lint alone does not validate', async () => {
    const root = copy('lint-only')
    writeFileSync(path.join(root, seed, 'event.txt'), 'Title: Rencontre')
    expect(await runCli(['lint', `${seed}/event.txt`], root)).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
  test('--rule turns a rule off', async () => {
    const root = copy('rule-off')
    rmSync(path.join(root, seed, 'img_3156.jpg'))
    expect((await runCli(['lint', '--rule', 'no-missing-image=off'], root)).exitCode).toBe(0)
    expect((await runCli(['lint', '--rule', 'no-missing-image=warn'], root)).exitCode).toBe(0)
    expect((await runCli(['lint'], root)).exitCode).toBe(1)
  })
})

describe('fixes', () => {
  const broken = 'Title: Rencontre\n\n----Date: 2017-10-18\n\n----\n\nLocation: Paris\n\n----\n\nLocation: Paris'
  test('--fix-dry-run prints the fixes as a diff and changes nothing', async () => {
    const root = copy('dry-run')
    const file = path.join(root, seed, 'event.txt')
    writeFileSync(file, broken)
    const run = await runCli(['lint', '--fix-dry-run', `${seed}/event.txt`], root)
    expect(run.stdout).toContain(`--- a/${seed}/event.txt`)
    expect(run.stdout).toContain('\n-----Date: 2017-10-18\n')
    expect(run.stdout).toContain('\n+Date: 2017-10-18\n')
    expect(readFileSync(file, 'utf8')).toBe(broken)
  })
  test('--fix writes only the fixes, atomically, and reports what is left', async () => {
    const root = copy('fix')
    const file = path.join(root, seed, 'event.txt')
    writeFileSync(file, broken)
    const run = await runCli(['lint', '--fix', `${seed}/event.txt`], root)
    expect(run.stderr).toMatch(/^kfx: fixed 2 problems in 1 file\n$/)
    const fixed = readFileSync(file, 'utf8')
    expect(fixed).toBe('Title: Rencontre\n\n----\n\nDate: 2017-10-18\n\n----\n\nLocation: Paris\n')
    expect(existsSync(path.join(root, 'content', 'site.txt'))).toBe(true)
    // A second run has nothing left to fix.
    expect((await runCli(['lint', '--fix', `${seed}/event.txt`], root)).stderr).toBe('')
  })
})

/**
 * kfx in CI and editors: ignore files and patterns, `--stdin`, `--output`,
 * `--max-warnings`, and the configuration's `roots` — on copies of the
 * example site in a temporary folder (outside any git repository unless a
 * test makes one).
 */
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import type {JsonResult} from '../src/reporters/json.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-ci-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))
const copy = (name: string, into = temp): string => {
  const root = path.join(into, name)
  cpSync(fixture('example-site'), root, {recursive: true})
  return root
}
const about = 'content/2-about/default.txt'
const seed = 'content/3-events/12-rencontre-prospective'
/** A copy whose about page names an image that does not exist (an error). */
const broken = (name: string, into = temp): string => {
  const root = copy(name, into)
  writeFileSync(path.join(root, about), 'Title: About\n\n----\n\nText: (image: nowhere.jpg)\n')
  return root
}
const problems = (stdout: string): string[] =>
  (JSON.parse(stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${r.file}:${m.line}:${m.column} ${m.ruleId}`))

describe('ignore', () => {
  test('.kfxignore at the site root leaves the files out; --no-ignore checks them', async () => {
    const root = broken('kfxignore')
    expect((await runCli(['lint'], root)).exitCode).toBe(1)
    writeFileSync(path.join(root, '.kfxignore'), '# not ours\ncontent/2-about/\n')
    expect(await runCli(['lint'], root)).toEqual({exitCode: 0, stdout: '', stderr: ''})
    expect((await runCli(['lint', '--no-ignore'], root)).exitCode).toBe(1)
  })
  test('.gitignore is read too, and negations work inside it', async () => {
    const root = broken('gitignore')
    writeFileSync(path.join(root, '.gitignore'), '2-about/\n')
    expect((await runCli(['lint'], root)).exitCode).toBe(0)
    writeFileSync(path.join(root, '.gitignore'), '*.txt\n!site.txt\n!content/1-home/*\n')
    const run = await runCli(['check', '--format', 'json', '--verbose'], root)
    expect((JSON.parse(run.stdout) as JsonResult[]).map((r) => r.file)).toEqual(['content/1-home/home.txt', 'content/site.txt'])
    expect(run.stderr).toContain('ignore rules: .gitignore')
    expect(run.stderr).toContain('ignored: 6 content files not checked')
  })
  test('ignore files up to the git root apply, each relative to its folder', async () => {
    const repository = path.join(temp, 'repository')
    mkdirSync(path.join(repository, '.git'), {recursive: true})
    const root = broken('site', path.join(repository, 'web'))
    writeFileSync(path.join(repository, '.gitignore'), 'web/site/content/2-about/\n')
    expect((await runCli(['lint'], root)).exitCode).toBe(0)
    // Above the git root nothing is read.
    writeFileSync(path.join(temp, '.kfxignore'), '*\n')
    rmSync(path.join(repository, '.gitignore'))
    expect((await runCli(['lint'], root)).exitCode).toBe(1)
    rmSync(path.join(temp, '.kfxignore'))
  })
  test('--ignore-pattern (repeatable, relative to the current folder)', async () => {
    const root = broken('pattern')
    expect((await runCli(['lint', '--ignore-pattern', 'content/1-home/', '--ignore-pattern', 'default.txt'], root)).exitCode).toBe(0)
    expect((await runCli(['lint', path.join(root, 'content'), '--ignore-pattern', 'pattern/content/2-about'], temp)).exitCode).toBe(0)
    expect((await runCli(['lint', '--ignore-pattern', 'content/1-home/'], root)).exitCode).toBe(1)
  })
  test("the configuration's ignore, relative to its file", async () => {
    const root = broken('config-ignore')
    writeFileSync(path.join(root, 'kfx.config.yaml'), 'ignore:\n  - content/2-about/\n')
    expect((await runCli(['check'], root)).exitCode).toBe(0)
    expect((await runCli(['check', '--no-ignore'], root)).exitCode).toBe(1)
  })
  test('a file given by name is left out when ignored (pre-commit passes changed files)', async () => {
    const root = broken('named')
    writeFileSync(path.join(root, '.kfxignore'), 'content/2-about/\n')
    expect(await runCli(['check', about], root)).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
  test('links to ignored pages still resolve; findings inside them are not reported', async () => {
    const root = copy('links')
    writeFileSync(path.join(root, seed, 'intervenants', 'default.txt'), 'Title: Intervenants\n\n----\n\nText: (link: nowhere)\n')
    expect((await runCli(['lint'], root)).exitCode).toBe(1)
    writeFileSync(path.join(root, '.kfxignore'), 'intervenants/\n')
    expect(await runCli(['lint'], root)).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
})

describe('--stdin', () => {
  test('checks standard input as the named file, the site from disk, nothing written', async () => {
    const root = copy('stdin')
    const before = readFileSync(path.join(root, about), 'utf8')
    const text = 'Title: About\n\n----\n\nText: (image: nowhere.jpg) and (link: events/rencontre-prospective) and (link: nowhere)\n'
    const run = await runCli(['check', '--format', 'json', '--stdin', '--stdin-filename', about], root, {}, text)
    expect(run.exitCode).toBe(1)
    expect(problems(run.stdout)).toEqual([`${about}:5:15 no-missing-image`, `${about}:5:80 no-broken-link`])
    expect(readFileSync(path.join(root, about), 'utf8')).toBe(before)
  })
  test('clean text is clean, whatever the file on disk holds', async () => {
    const root = broken('stdin-clean')
    const run = await runCli(['lint', '--stdin', '--stdin-filename', path.join(root, about)], temp, {}, 'Title: About\n\n----\n\nText: fine\n')
    expect(run).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
  test('a page read from stdin links to its site: relative links resolve from its folder', async () => {
    const root = copy('stdin-relative')
    const file = `${seed}/event.txt`
    const text = 'Title: Rencontre\n\n----\n\nDate: 2017-10-18\n\n----\n\nText: (link: ./intervenants) (link: ./gone)\n'
    const run = await runCli(['lint', '--format', 'json', '--stdin', '--stdin-filename', file], root, {}, text)
    expect(problems(run.stdout)).toEqual([`${file}:9:37 no-broken-link`])
  })
  test('usage errors: no filename, paths, fixes', async () => {
    const root = copy('stdin-usage')
    expect(await runCli(['lint', '--stdin'], root, {}, 'x')).toMatchObject({exitCode: 2, stderr: expect.stringContaining('--stdin-filename')})
    expect((await runCli(['lint', '--stdin', '--stdin-filename', about, 'content'], root, {}, 'x')).exitCode).toBe(2)
    expect((await runCli(['lint', '--stdin', '--stdin-filename', about, '--fix'], root, {}, 'x')).exitCode).toBe(2)
    expect((await runCli(['lint', '--stdin-filename', about], root)).exitCode).toBe(2)
  })
})

describe('--output', () => {
  test('writes the report to the file, nothing on standard output; the exit code is unchanged', async () => {
    const root = broken('output')
    const run = await runCli(['check', '--format', 'json', '--output', 'reports/kfx.json'], root).catch((error: unknown) => error)
    // The folder must exist: a missing one is a usage error.
    expect(run).toMatchObject({exitCode: 2, stdout: '', stderr: expect.stringContaining('Cannot write `reports/kfx.json`')})
    mkdirSync(path.join(root, 'reports'))
    expect(await runCli(['check', '--format', 'json', '-o', 'reports/kfx.json'], root)).toEqual({exitCode: 1, stdout: '', stderr: ''})
    expect(problems(readFileSync(path.join(root, 'reports/kfx.json'), 'utf8'))).toEqual([`${about}:5:15 no-missing-image`])
  })
  test('the stylish report has no colours in a file unless asked', async () => {
    const root = broken('output-stylish')
    expect((await runCli(['check', '--output', 'report.txt'], root, {NO_COLOR: undefined, FORCE_COLOR: undefined})).stdout).toBe('')
    const report = readFileSync(path.join(root, 'report.txt'), 'utf8')
    expect(report).toContain(`${about}\n`)
    expect(report).not.toContain('\u001B[')
    expect(existsSync(path.join(root, 'report.txt'))).toBe(true)
  })
  test('an empty report replaces an old one', async () => {
    const root = copy('output-clean')
    writeFileSync(path.join(root, 'report.txt'), 'old')
    expect((await runCli(['check', '--output', 'report.txt'], root)).exitCode).toBe(0)
    expect(readFileSync(path.join(root, 'report.txt'), 'utf8')).toBe('')
  })
})

describe('--quiet and --max-warnings', () => {
  const warned = (name: string): string => {
    const root = copy(name)
    // Three warnings: the separator, the text it drops, the field no blueprint declares.
    writeFileSync(path.join(root, about), 'Title: About\n\n-----\n\nText: hi\n')
    return root
  }
  test('warnings alone exit 0; --max-warnings fails above the count, not at it', async () => {
    const root = warned('max-warnings')
    expect((await runCli(['check'], root)).exitCode).toBe(0)
    expect((await runCli(['check', '--max-warnings', '3'], root)).exitCode).toBe(0)
    const over = await runCli(['check', '--max-warnings', '2'], root)
    expect(over.exitCode).toBe(1)
    expect(over.stderr).toBe('kfx: 3 warnings, more than --max-warnings 2\n')
    expect((await runCli(['lint', '--max-warnings', '0'], root)).exitCode).toBe(1)
  })
  test('--quiet hides warnings but they still count', async () => {
    const root = warned('quiet')
    const run = await runCli(['check', '--quiet', '--max-warnings', '0'], root)
    expect(run.stdout).toBe('')
    expect(run.exitCode).toBe(1)
  })
  test('a bad count is a usage error', async () => {
    const root = warned('bad-count')
    for (const count of ['-1', 'many', '1.5']) {
      const run = await runCli(['check', '--max-warnings', count], root)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain('expected a whole number')
    }
  })
})

describe('roots in the configuration', () => {
  test('a content folder of another name, relative to the configuration', async () => {
    const root = broken('roots-content')
    renameSync(path.join(root, 'content'), path.join(root, 'pages'))
    writeFileSync(path.join(root, '.kfxrc.yaml'), 'roots:\n  content: pages\n')
    const run = await runCli(['check', '--format', 'json'], root)
    expect(problems(run.stdout)).toEqual(['pages/2-about/default.txt:5:15 no-missing-image'])
  })
  test('a content folder deeper down', async () => {
    const root = broken('roots-deeper')
    mkdirSync(path.join(root, 'storage'))
    renameSync(path.join(root, 'content'), path.join(root, 'storage', 'content'))
    writeFileSync(path.join(root, 'kfx.config.json'), '{"roots": {"content": "storage/content"}}')
    const run = await runCli(['check', '--format', 'json'], root)
    expect(problems(run.stdout)).toEqual(['storage/content/2-about/default.txt:5:15 no-missing-image'])
  })
  test('a blueprints folder elsewhere', async () => {
    const root = copy('roots-blueprints')
    writeFileSync(path.join(root, seed, 'event.txt'), 'Title: Rencontre\n')
    const required = async () => problems((await runCli(['check', '--format', 'json', `${seed}/event.txt`], root)).stdout)
    expect(await required()).toContain(`${seed}/event.txt:1:1 schema/required`)
    renameSync(path.join(root, 'site', 'blueprints'), path.join(root, 'blueprints'))
    expect(await required()).not.toContain(`${seed}/event.txt:1:1 schema/required`)
    writeFileSync(path.join(root, 'kfx.config.json'), '{"roots": {"blueprints": "blueprints"}}')
    expect(await required()).toContain(`${seed}/event.txt:1:1 schema/required`)
  })
})

describe('a site whose content is ignored', () => {
  test('says that nothing was checked', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kfx-all-ignored-'))
    try {
      mkdirSync(path.join(root, 'content', 'home'), {recursive: true})
      writeFileSync(path.join(root, 'content', 'home', 'home.txt'), 'Title: Home')
      writeFileSync(path.join(root, '.kfxignore'), 'content/\n')
      const run = await runCli(['check'], root)
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toContain('kfx: all 1 content files under the given paths are ignored')
      expect((await runCli(['check', '--no-ignore'], root)).stderr).toBe('')
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})

/**
 * kfx as a pre-commit hook, run by the real `pre-commit` (Debian's package)
 * in a temporary git repository holding a small Kirby site: a commit with a
 * broken link or a missing required field in a staged `.txt` file is refused
 * with kfx's message; a good one passes, links to pages that are not staged
 * resolving against the whole site.
 *
 * The hook here is `repo: local` with `language: system` and this checkout's
 * `bin/kfx.js` (needs the build, as `npm test` does first): the published
 * `.pre-commit-hooks.yaml` says `language: node`, which makes pre-commit
 * install kfx from the network, and tests do not use the network. The
 * published manifest is checked with `pre-commit validate-manifest`.
 * Skipped when `pre-commit` is not installed.
 */
import {spawnSync, type SpawnSyncReturns} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

const here = path.dirname(fileURLToPath(import.meta.url))
const repository = path.resolve(here, '..')
const kfx = path.join(repository, 'bin', 'kfx.js')

const installed = spawnSync('pre-commit', ['--version'], {encoding: 'utf8'}).status === 0 && spawnSync('git', ['--version']).status === 0
const describeIf = installed ? describe : describe.skip

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-hooks-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))
const site = path.join(temp, 'site')
const env = {
  ...process.env,
  // pre-commit's own cache and git's identity stay in the temporary folder.
  PRE_COMMIT_HOME: path.join(temp, 'pre-commit-home'),
  HOME: temp,
  GIT_AUTHOR_NAME: 'kfx test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'kfx test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1'
}

const sh = (command: string, args: string[]): SpawnSyncReturns<string> => spawnSync(command, args, {cwd: site, env, encoding: 'utf8'})
const git = (...args: string[]) => sh('git', args)
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(site, file)), {recursive: true})
  writeFileSync(path.join(site, file), text)
}
const commit = (message: string) => {
  const result = git('commit', '-m', message)
  return {status: result.status, output: `${result.stdout}${result.stderr}`}
}

/** Single-quoted for pre-commit's shlex split of `entry`. */
const quote = (value: string) => `'${value.replaceAll("'", "'\"'\"'")}'`

describeIf(installed ? 'kfx as a pre-commit hook' : 'kfx as a pre-commit hook (skipped: `pre-commit` is not installed)', () => {
  beforeAll(() => {
    mkdirSync(site, {recursive: true})
    expect(git('init', '-q', '-b', 'main').status).toBe(0)
    write('content/site.txt', 'Title: Test\n')
    write('content/1_about/default.txt', 'Title: About\n')
    write('content/2_blog/default.txt', 'Title: Blog\n')
    write('site/blueprints/pages/article.yml', 'title: Article\nfields:\n  text:\n    type: textarea\n    required: true\n')
    write(
      '.pre-commit-config.yaml',
      [
        'repos:',
        '  - repo: local',
        '    hooks:',
        '      - id: kfx-check',
        '        name: kfx check',
        `        entry: node ${quote(kfx)} check --kirby 5`,
        '        language: system',
        '        files: \\.txt$',
        '        pass_filenames: true',
        '        require_serial: true',
        ''
      ].join('\n')
    )
    expect(git('add', '.').status).toBe(0)
    const install = sh('pre-commit', ['install'])
    expect(install.stderr).toBe('')
    expect(install.status).toBe(0)
    expect(commit('A clean site').status).toBe(0)
  })

  test('the published .pre-commit-hooks.yaml is a valid manifest', () => {
    const result = spawnSync('pre-commit', ['validate-manifest', path.join(repository, '.pre-commit-hooks.yaml')], {env, encoding: 'utf8'})
    expect(`${result.stdout}${result.stderr}`).toBe('')
    expect(result.status).toBe(0)
  })

  test('a staged page with a broken link is refused with kfx’s message', () => {
    write('content/2_blog/1_post/article.txt', 'Title: Post\n\n----\n\nText: See (link: nowhere)\n')
    git('add', 'content/2_blog/1_post/article.txt')
    const result = commit('A broken link')
    expect(result.status).not.toBe(0)
    expect(result.output).toMatch(/kfx check\.+Failed/)
    expect(result.output).toContain('content/2_blog/1_post/article.txt')
    expect(result.output).toMatch(/5:18\s+error\s+Unexpected link to `nowhere`, expected an existing page.*no-broken-link/)
    expect(git('log', '--oneline').stdout.trim().split('\n')).toHaveLength(1)
  })

  test('a staged page without a required field is refused', () => {
    write('content/2_blog/1_post/article.txt', 'Title: Post\n')
    git('add', 'content/2_blog/1_post/article.txt')
    const result = commit('No text')
    expect(result.status).not.toBe(0)
    expect(result.output).toMatch(/error\s+.*`text`.*schema\/required/)
  })

  test('a good page passes, its links resolving against pages that are not staged', () => {
    write('content/2_blog/1_post/article.txt', 'Title: Post\n\n----\n\nText: See (link: about) and (link: blog)\n')
    git('add', 'content/2_blog/1_post/article.txt')
    const result = commit('A good post')
    expect(result.output).toMatch(/kfx check\.+Passed/)
    expect(result.status).toBe(0)
  })

  test('a commit without content files skips the hook', () => {
    write('README.md', '# Site\n')
    git('add', 'README.md')
    const result = commit('Readme')
    expect(result.output).toMatch(/kfx check\.+\(no files to check\)Skipped/)
    expect(result.status).toBe(0)
  })
})

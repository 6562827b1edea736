/**
 * Which files `kfx inspect --json` prints for a folder: every `.txt` file
 * below it, byte-wise sorted, without `.`-names, `node_modules`, links
 * (to files, folders, nothing, or a loop) and special files — the set the
 * golden data was made with (`globby` with `dot: false`, links not followed).
 */
import {afterAll, expect, test} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {runCli} from './helpers/run-cli.js'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

const makeSite = (files: readonly string[]): string => {
  const root = mkdtempSync(path.join(tmpdir(), 'kfx-inspect-files-'))
  roots.push(root)
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
    writeFileSync(path.join(root, file), `Title: ${file}\n`)
  }
  return root
}

const printed = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as {file: string}).file)

const posix = process.platform === 'win32' ? test.skip : test

posix('dot names, node_modules, links and FIFOs are left out; the rest in byte order', async () => {
  const root = makeSite([
    'content/site.txt',
    'content/1_a/default.txt',
    'content/1_a/.hidden.txt',
    'content/1_a/.git/x.txt',
    'content/1_a/node_modules/y.txt',
    'content/1_a/photo.JPG.TXT',
    'content/1_a-b/default.txt',
    'content/_drafts/d/default.txt',
    'content/_other/u.txt',
    'content/é/default.txt',
    'content/z.txt/in.txt',
    'outside/o.txt'
  ])
  symlinkSync('..', path.join(root, 'content/1_a/loop'))
  symlinkSync(path.join(root, 'outside'), path.join(root, 'content/1_a/out'))
  symlinkSync('default.txt', path.join(root, 'content/1_a/link.txt'))
  symlinkSync('/nonexistent', path.join(root, 'content/1_a/broken.txt'))
  execFileSync('mkfifo', [path.join(root, 'content/1_a/fifo.txt')])
  const run = await runCli(['inspect', '--json', '--kirby', '3', 'content'], root)
  expect(run.stderr).toBe('')
  expect(run.exitCode).toBe(0)
  const inContent = [
    'content/1_a-b/default.txt',
    'content/1_a/default.txt',
    'content/_drafts/d/default.txt',
    'content/_other/u.txt',
    'content/site.txt',
    'content/z.txt/in.txt',
    'content/é/default.txt'
  ]
  expect(printed(run.stdout)).toEqual(inContent)
  // From the site root (`.`) and with the same file given twice.
  const again = await runCli(['inspect', '--json', '--kirby', '2', '.', 'content/site.txt'], root)
  expect(printed(again.stdout)).toEqual([...inContent, 'outside/o.txt'])
})

const unprivileged = process.platform === 'win32' || process.getuid?.() === 0 ? test.skip : test

unprivileged('an unreadable folder is reported, the other files are printed', async () => {
  const root = makeSite(['content/1_a/default.txt', 'content/2_b/default.txt'])
  chmodSync(path.join(root, 'content/2_b'), 0o000)
  try {
    const run = await runCli(['inspect', '--json', '--kirby', '2', 'content'], root)
    expect(run.stderr).toMatch(/cannot read folder `content\/2_b`/)
    expect(run.exitCode).toBe(1)
    expect(printed(run.stdout)).toEqual(['content/1_a/default.txt'])
  } finally {
    chmodSync(path.join(root, 'content/2_b'), 0o755)
  }
})

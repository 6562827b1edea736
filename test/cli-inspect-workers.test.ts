/**
 * `kfx inspect --json` prints the same bytes with worker threads as without:
 * on every corpus, the built CLI with two workers starting after the fifth
 * file (`KFX_INSPECT_WORKERS=2,5`) against the in-process run (no workers).
 * Kirby 3+ files whose image tags take their caption from a meta file are
 * handed back to the main thread, which holds the site.
 */
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {expect, test} from '@jest/globals'
import {runCli} from './helpers/run-cli.js'
import {describeShared, hasShared, sharedRoot} from './helpers/shared.js'

const bin = fileURLToPath(new URL('../bin/kfx.js', import.meta.url))
const pooledRun = async (argv: string[], cwd: string) =>
  promisify(execFile)(process.execPath, [bin, ...argv], {cwd, env: {...process.env, KFX_INSPECT_WORKERS: '2,5'}, maxBuffer: 1 << 28})

test('files whose image caption comes from a meta file are printed by the main thread', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kfx-inspect-workers-'))
  try {
    for (let index = 1; index <= 12; index++) {
      const dir = path.join(root, 'content', `${index}_p`)
      mkdirSync(dir, {recursive: true})
      writeFileSync(path.join(dir, 'default.txt'), `Title: P${index}\n\n----\n\nText: (image: a.jpg) and (link: x)\n`)
      writeFileSync(path.join(dir, 'a.jpg'), '')
      writeFileSync(path.join(dir, 'a.jpg.txt'), `Caption: cap ${index} (link: y)\n`)
    }
    const alone = await runCli(['inspect', '--json', '--kirby', '5', 'content'], root)
    const pooled = await pooledRun(['inspect', '--json', '--kirby', '5', 'content'], root)
    expect(alone.stdout).toContain('"value":"y"')
    expect(pooled.stdout === alone.stdout).toBe(true)
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
}, 60_000)

const corpora = hasShared ? readdirSync(`${sharedRoot}corpora`).filter((name) => !name.includes('.')).sort() : []

describeShared('kfx inspect --json with worker threads', () => {
  for (const corpus of corpora) {
    test(corpus, async () => {
      const cwd = `${sharedRoot}corpora/${corpus}`
      const target = existsSync(`${cwd}/content`) ? 'content' : '.'
      const alone = await runCli(['inspect', '--json', target], cwd)
      const pooled = await pooledRun(['inspect', '--json', target], cwd)
      expect(pooled.stderr).toBe(alone.stderr)
      expect(pooled.stdout.length).toBeGreaterThan(0)
      expect(pooled.stdout === alone.stdout).toBe(true)
    }, 60_000)
  }
})

test('--jobs: a whole number from 1 or auto; the output does not depend on it', async () => {
  const site = fileURLToPath(new URL('../fixtures/example-site', import.meta.url))
  const alone = await runCli(['inspect', '--json', '--jobs', '1'], site)
  const auto = await runCli(['inspect', '--json', '--jobs', 'auto'], site)
  expect(auto.stdout).toBe(alone.stdout)
  const bad = await runCli(['inspect', '--json', '--jobs', 'many'], site)
  expect(bad.exitCode).toBe(2)
  expect(bad.stderr).toMatch(/Unexpected `--jobs many`/)
})

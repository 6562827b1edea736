/**
 * @fileoverview convert under attack and interruption (issue #7): a run
 * stopped by SIGINT or SIGTERM leaves only complete files in `--out` and no
 * temporary ones; nothing is written through a symbolic link in `--out`;
 * content files over `maxFileSize` (or not regular files) are reported at
 * 1:1 and not read; links in a Markdown folder that point out of it are not
 * read on the way back. (Paths that climb out, absolute paths and Windows
 * device names are in hardening.test.ts and convert-cli.test.ts.)
 */
import {afterAll, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {execFileSync} from 'node:child_process'
import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {VFile} from 'vfile'
import {convert} from '../src/convert/index.js'
import {runCli} from './helpers/run-cli.js'
import {makeTempSite} from './helpers/temp-site.js'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

const makeSite = (files: Record<string, string | Uint8Array>): string => makeTempSite('kfx-convert-hard-', roots, files)

const messagesOf = (files: readonly VFile[]) =>
  files.flatMap((file) => file.messages.map((m) => ({path: file.path, ruleId: m.ruleId, reason: m.reason, line: m.line, column: m.column, fatal: m.fatal})))

/** Every file below `dir`, relative, `/`-separated. */
const filesBelow = (dir: string): string[] =>
  readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))

describe('an interrupted convert', () => {
  // Big enough that the run is still going when its first files appear.
  const pages: Record<string, string> = {}
  const text = Array.from({length: 40}, (_, line) => `Line ${line} with (link: https://example.com text: a link) and *emphasis*, **strong** and \`code\`.`).join('\n\n')
  for (let page = 1; page <= 3000; page++) pages[`content/${page}_page-${page}/default.txt`] = `Title: Page ${page}\n\n----\n\nText: ${text}\n`
  const root = makeSite(pages)

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143]
  ] as const)('by %s leaves only complete files and no temporary ones (exit %d)', async (signal, code) => {
    const out = path.join(root, `out-${signal}`)
    const child = spawn(process.execPath, [path.join(repo, 'bin/kfx.js'), 'convert', '--to', 'md', '--kirby', '4', '--out', out, 'content'], {cwd: root, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (exitCode, exitSignal) => resolve({code: exitCode, signal: exitSignal})))
    // Kill it as soon as the first documents are there.
    for (let waited = 0; !(existsSync(out) && filesBelow(out).length > 0); waited += 5) {
      if (waited > 60_000) throw new Error(`no output after 60 s: ${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    child.kill(signal)
    const ended = await exited
    expect({...ended, stderr: stderr.split('\n').at(-2)}).toEqual({code, signal: null, stderr: expect.stringMatching(new RegExp(`stopped by ${signal}`)) as unknown})

    const written = filesBelow(out)
    expect(written.filter((file) => /\.kfx-[0-9a-f]+$/.test(file))).toEqual([])
    expect(written.length).toBeGreaterThan(0)
    expect(written.length).toBeLessThan(3001)
    // Each file is exactly what a whole run writes.
    const whole = await convert({to: 'md', cwd: root, kirby: '4'})
    const expected = new Map(whole.outputs.map((output) => [output.path, output.text]))
    for (const file of written) expect([file, readFileSync(path.join(out, file), 'utf8')]).toEqual([file, expected.get(file)])
  }, 120_000)
})

describe('symbolic links in --out', () => {
  test('a folder of --out that links out of it is not written through', async () => {
    const root = makeSite({'content/1_a/default.txt': 'Title: A\n', 'content/2_b/default.txt': 'Title: B\n'})
    const out = path.join(root, 'out')
    const elsewhere = path.join(root, 'elsewhere')
    mkdirSync(out)
    mkdirSync(elsewhere)
    symlinkSync(elsewhere, path.join(out, 'a'))
    const result = await convert({to: 'md', cwd: root, out, kirby: '4', force: true})
    expect(readdirSync(elsewhere)).toEqual([])
    expect(messagesOf(result.files).filter((m) => m.ruleId === 'convert/symlink')).toEqual([
      expect.objectContaining({path: 'content/1_a/default.txt', line: 1, column: 1, fatal: true, reason: expect.stringMatching(/^Unexpected symbolic link or file `a` /) as unknown})
    ])
    expect(readFileSync(path.join(out, 'b/index.md'), 'utf8')).toMatch(/title: B/)
  })

  test('a file of --out that is a link is replaced with --force, never written into; without it, it is left alone', async () => {
    const root = makeSite({'content/1_a/default.txt': 'Title: A\n', 'content/2_b/default.txt': 'Title: B\n'})
    const out = path.join(root, 'out')
    const victim = path.join(root, 'victim.txt')
    writeFileSync(victim, 'KEEP')
    mkdirSync(path.join(out, 'a'), {recursive: true})
    mkdirSync(path.join(out, 'b'), {recursive: true})
    symlinkSync(victim, path.join(out, 'a/index.md'))
    // A link to nowhere exists too: writing it would create its target.
    const nowhere = path.join(root, 'nowhere.txt')
    symlinkSync(nowhere, path.join(out, 'b/index.md'))

    const kept = await convert({to: 'md', cwd: root, out, kirby: '4'})
    expect(messagesOf(kept.files).map((m) => [m.path, m.ruleId])).toEqual([
      ['content/1_a/default.txt', 'convert/exists'],
      ['content/2_b/default.txt', 'convert/exists']
    ])
    expect(existsSync(nowhere)).toBe(false)

    await convert({to: 'md', cwd: root, out, kirby: '4', force: true})
    expect(readFileSync(victim, 'utf8')).toBe('KEEP')
    expect(existsSync(nowhere)).toBe(false)
    expect(lstatSync(path.join(out, 'a/index.md')).isSymbolicLink()).toBe(false)
    expect(readFileSync(path.join(out, 'a/index.md'), 'utf8')).toMatch(/title: A/)
  })

  test('--out that links into the content folder is a usage error', async () => {
    const root = makeSite({'content/1_a/default.txt': 'Title: A\n'})
    symlinkSync(path.join(root, 'content'), path.join(root, 'out'))
    const run = await runCli(['convert', '--to', 'md', '--kirby', '4', '--out', 'out/md', 'content'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/inside the content folder being read/)
    expect(existsSync(path.join(root, 'content/md'))).toBe(false)
  })
})

describe('maxFileSize', () => {
  test('a content file over it is reported at 1:1 and not read; its page is not converted, the others are', async () => {
    const root = makeSite({
      'kfx.config.json': JSON.stringify({maxFileSize: 1000}),
      'content/1_big/default.txt': `Title: Big\n\n----\n\nText: ${'x'.repeat(2000)}\n`,
      'content/2_small/default.txt': 'Title: Small\n'
    })
    const out = path.join(root, 'out')
    const result = await convert({to: 'json', cwd: root, out, kirby: '4'})
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId, m.line, m.column, m.fatal])).toEqual([['content/1_big/default.txt', 'parse/too-large', 1, 1, true]])
    expect(messagesOf(result.files)[0]!.reason).toMatch(/^Unexpected file of 20\d\d bytes, expected at most 1000 \(`maxFileSize`\)/)
    expect(existsSync(path.join(out, 'big/index.json'))).toBe(false)
    expect(existsSync(path.join(out, 'small/index.json'))).toBe(true)
    // The option wins over the configuration; so does a meta file over it.
    const meta = makeSite({'content/1_a/default.txt': 'Title: A\n', 'content/1_a/photo.jpg': 'x', 'content/1_a/photo.jpg.txt': `Caption: ${'y'.repeat(300)}\n`})
    const small = await convert({to: 'md', cwd: meta, kirby: '4', maxFileSize: 100})
    expect(messagesOf(small.files).map((m) => [m.path, m.ruleId])).toEqual([['content/1_a/photo.jpg.txt', 'parse/too-large']])
    expect(small.outputs.map((output) => output.path)).toEqual(['site.md'])
  })

  test('a Markdown or JSON file over it is not read on the way back', async () => {
    const root = makeSite({'md/big.md': `---\ntitle: Big\n---\n\n${'z'.repeat(3000)}\n`, 'md/small.md': '---\ntitle: Small\n---\n'})
    const result = await convert({to: 'kirby', cwd: root, paths: ['md'], maxFileSize: 1000})
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId, m.line, m.column])).toEqual([['md/big.md', 'parse/too-large', 1, 1]])
    expect(result.outputs.map((output) => output.path)).toEqual(['small/default.txt'])
  })

  test('a FIFO named as a Markdown file does not block the way back', async () => {
    const root = makeSite({'md/small.md': '---\ntitle: Small\n---\n'})
    execFileSync('mkfifo', [path.join(root, 'md/pipe.md')])
    const result = await convert({to: 'kirby', cwd: root, paths: ['md']})
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId])).toEqual([['md/pipe.md', 'parse/too-large']])
  })
})

describe('links in a folder converted back to Kirby', () => {
  test('a link to a file outside the folder is not read', async () => {
    const root = makeSite({'md/ok.md': '---\ntitle: Ok\n---\n', 'secret.md': '---\ntitle: SECRET\n---\n'})
    symlinkSync(path.join(root, 'secret.md'), path.join(root, 'md/leak.md'))
    symlinkSync(path.join(root, 'md/ok.md'), path.join(root, 'md/alias.md'))
    const result = await convert({to: 'kirby', cwd: root, paths: ['md']})
    expect(JSON.stringify(result.outputs)).not.toContain('SECRET')
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId])).toEqual([['md/leak.md', 'convert/symlink-outside']])
    // A link inside the folder is read.
    expect(result.outputs.map((output) => output.path).sort()).toEqual(['alias/default.txt', 'ok/default.txt'])
  })
})

describe('hostile names in the content folder', () => {
  test('page folders named `..` (`1_..`, `2_a/3_..`) are not written out of --out', async () => {
    const root = makeSite({'content/1_../default.txt': 'Title: Up\n', 'content/2_a/default.txt': 'Title: A\n', 'content/2_a/3_../default.txt': 'Title: Up again\n'})
    const out = path.join(root, 'deep/out')
    const result = await convert({to: 'md', cwd: root, out, kirby: '4'})
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId])).toEqual([
      ['content/1_../default.txt', 'convert/outside'],
      ['content/2_a/3_../default.txt', 'convert/outside']
    ])
    expect(filesBelow(path.join(root, 'deep')).sort()).toEqual(['out/a/index.md', 'out/site.md'])
  })

  test('a file named like a document collides with it: neither is written, also within one page', async () => {
    const root = makeSite({'content/1_a/default.txt': 'Title: A\n', 'content/1_a/index.md': 'not the document', 'content/2_b/default.txt': 'Title: B\n'})
    const out = path.join(root, 'out')
    const result = await convert({to: 'md', cwd: root, out, kirby: '4', copyFiles: true})
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId])).toEqual([
      ['content/1_a/default.txt', 'convert/collision'],
      ['content/1_a/index.md', 'convert/collision']
    ])
    expect(existsSync(path.join(out, 'a/index.md'))).toBe(false)
    expect(existsSync(path.join(out, 'b/index.md'))).toBe(true)
  })

  test('a page that is not converted does not take its output path from one that is', async () => {
    // `about` and `2_about` map to one path; the numbered one has invalid UTF-8, so only the other is written.
    const bad = Buffer.concat([Buffer.from('Title: Bad\n\n----\n\nText: caf'), Buffer.from([0xe9]), Buffer.from('\n')])
    const root = makeSite({'content/about/default.txt': 'Title: Good\n', 'content/2_about/default.txt': bad})
    const out = path.join(root, 'out')
    const result = await convert({to: 'md', cwd: root, out, kirby: '4'})
    expect(messagesOf(result.files).map((m) => [m.path, m.ruleId])).toEqual([['content/2_about/default.txt', 'convert/invalid-utf8']])
    expect(readFileSync(path.join(out, 'about/index.md'), 'utf8')).toMatch(/title: Good/)
  })
})

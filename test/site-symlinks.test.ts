/**
 * `discover` and links (issue #7, hardening): a link to a folder inside
 * `content/` is followed as PHP's `is_dir` follows it; a loop, a link out
 * of the content folder and a broken link are reported and not followed —
 * both by the synchronous walk (the real file system) and by the
 * asynchronous one (an injected file system without `readdirSync`).
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {discover, nodeSiteFs, type SiteFs} from '../src/site/index.js'

let root: string
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kfx-symlinks-'))
  const files = ['content/1_a/default.txt', 'content/2_b/default.txt', 'content/2_b/3_c/default.txt', 'outside/4_d/default.txt']
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
    writeFileSync(path.join(root, file), 'Title: x\n')
  }
  symlinkSync('..', path.join(root, 'content/1_a/loop'))
  symlinkSync(path.join(root, 'content/1_a'), path.join(root, 'content/2_b/3_c/back'))
  symlinkSync(path.join(root, 'outside'), path.join(root, 'content/1_a/out'))
  symlinkSync('/nonexistent', path.join(root, 'content/1_a/broken'))
  symlinkSync(path.join(root, 'content/2_b/3_c'), path.join(root, 'content/5_e'))
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

const {readdirSync: _sync, ...asyncOnly} = nodeSiteFs
const systems: Array<[string, SiteFs]> = [
  ['synchronous walk', nodeSiteFs],
  ['asynchronous walk', asyncOnly]
]

const posix = process.platform === 'win32' ? describe.skip : describe

posix.each(systems)('%s', (_, fs) => {
  test('loops, links out and broken links are reported and not followed; links inside are', async () => {
    const site = await discover(root, {fs, version: '4'})
    const codes = site.diagnostics.map((d) => `${d.code} ${d.file}`).sort()
    // `back` leads to a sibling, not an ancestor: followed, so what is in
    // `1_a` is reported again below each place it is reached from.
    expect(codes).toEqual([
      'broken-symlink content/1_a/broken',
      'broken-symlink content/2_b/3_c/back/broken',
      'broken-symlink content/5_e/back/broken',
      'symlink-loop content/1_a/loop',
      'symlink-loop content/2_b/3_c/back/loop',
      'symlink-loop content/5_e/back/loop',
      'symlink-outside content/1_a/out',
      'symlink-outside content/2_b/3_c/back/out',
      'symlink-outside content/5_e/back/out'
    ])
    expect(site.pages.map((page) => page.id)).toEqual(['a', 'b', 'b/c', 'b/c/back', 'e', 'e/back'])
  })
})

posix.each(systems)('%s: an unreadable folder', (_, fs) => {
  test('is reported, and the rest of the site is read', async () => {
    const denied = path.join(root, 'content/2_b')
    const refuse = (at: string) => Object.assign(new Error(`EACCES: permission denied, scandir '${at}'`), {code: 'EACCES'})
    const failing: SiteFs = {
      ...fs,
      readdir: async (at, options) => (at === denied ? Promise.reject(refuse(at)) : fs.readdir(at, options)),
      ...(fs.readdirSync
        ? {
            readdirSync: (at: string, options: {withFileTypes: true}) => {
              if (at === denied) throw refuse(at)
              return fs.readdirSync!(at, options)
            }
          }
        : {})
    }
    const site = await discover(root, {fs: failing, version: '4'})
    expect(site.diagnostics.filter((d) => d.code === 'unreadable-folder').map((d) => `${d.severity} ${d.file}`)).toEqual(['error content/2_b'])
    expect(site.pages.map((page) => page.id)).toContain('a')
  })
})

/**
 * The result cache (`--cache`): a second run on an unchanged site judges no
 * file, and every change that can change a result — the file, a link target,
 * a file the stages read, the configuration, a blueprint, kfx itself — makes
 * the affected results be judged afresh. A broken cache file is ignored.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {createResultCache, dependsOn} from '../src/cache/index.js'
import {check} from '../src/check.js'
import {run, type Stage} from '../src/engine.js'
import {report} from '../src/messages.js'
import {runCli} from './helpers/run-cli.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-cache-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

const write = (root: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
  writeFileSync(path.join(root, file), text)
}

/** A small Kirby 5 site: two pages linking to each other, an article blueprint with a required field. */
const makeSite = (name: string): string => {
  const root = path.join(temp, name)
  write(root, 'content/site.txt', 'Title: Test\n')
  write(root, 'content/1_about/default.txt', 'Title: About\n\n----\n\nText: Read (link: blog/post)\n')
  write(root, 'content/2_blog/default.txt', 'Title: Blog\n')
  write(root, 'content/2_blog/1_post/article.txt', 'Title: Post\n\n----\n\nText: See (link: about) and (link: contact)\n')
  write(root, 'content/3_contact/default.txt', 'Title: Contact\n')
  write(root, 'site/blueprints/pages/default.yml', 'title: Default\nfields:\n  text:\n    type: textarea\n')
  write(root, 'site/blueprints/pages/article.yml', 'title: Article\nfields:\n  text:\n    type: textarea\n    required: true\n')
  return root
}

/** Runs `kfx check --cache` as the library does; the messages and the cache's own account. */
const checkCached = async (root: string, more: {config?: string} = {}) => {
  const lines: string[] = []
  const result = await check({cwd: root, kirby: '5', cache: true, log: (line) => lines.push(line), ...more})
  const summary = lines.find((line) => line.startsWith('cache: '))
  const counts = /^cache: (\d+) from the cache, (\d+) checked(?: \(([^)]*)\))?/.exec(summary ?? '')
  const messages = result.files.flatMap((file) => file.messages.map((m) => `${file.path}:${m.line ?? 0}:${m.column ?? 0} ${m.ruleId} ${m.reason}`))
  return {messages, hits: Number(counts?.[1]), misses: Number(counts?.[2]), reset: counts?.[3], lines}
}

describe('kfx check --cache', () => {
  test('the second run on an unchanged site takes every result from the cache, and they are the same', async () => {
    const root = makeSite('unchanged')
    const first = await checkCached(root)
    expect(first).toMatchObject({hits: 0, misses: 5, reset: 'no cache file'})
    expect(first.messages).toEqual([])
    const second = await checkCached(root)
    expect(second).toMatchObject({hits: 5, misses: 0, reset: undefined})
    const uncached = await check({cwd: root, kirby: '5'})
    expect(second.messages).toEqual(uncached.files.flatMap((file) => file.messages.map((m) => `${file.path}:${m.line ?? 0}:${m.column ?? 0} ${m.ruleId} ${m.reason}`)))
  })

  test('restores messages with their places, severities, URLs and notes', async () => {
    const root = makeSite('messages')
    write(root, 'content/2_blog/1_post/article.txt', 'Title: Post\n\n----\n\nText: (link: nowhere)\n\n----\n\nText: twice\n')
    const fresh = await check({cwd: root, kirby: '5', cache: true})
    const cached = await check({cwd: root, kirby: '5', cache: true})
    const plain = (files: typeof fresh.files) =>
      files.flatMap((file) => file.messages.map((m) => ({...JSON.parse(JSON.stringify(m)), fatal: m.fatal, file: file.path})))
    expect(plain(fresh.files).length).toBeGreaterThan(0)
    expect(plain(cached.files)).toEqual(plain(fresh.files))
    // The fix of a duplicate field survives the cache.
    expect([...cached.fixes.keys()]).toEqual([...fresh.fixes.keys()])
  })

  test('a changed file is judged again, the others come from the cache', async () => {
    const root = makeSite('changed')
    await checkCached(root)
    write(root, 'content/1_about/default.txt', 'Title: About\n\n----\n\nText: Read (link: blog/nothing)\n')
    const run = await checkCached(root)
    expect(run).toMatchObject({hits: 4, misses: 1})
    expect(run.messages).toEqual([
      'content/1_about/default.txt:5:19 no-broken-link Unexpected link to `blog/nothing`, expected an existing page: no page has the id `blog/nothing`'
    ])
  })

  test('a link target that disappears brings the broken link back on the cached run', async () => {
    const root = makeSite('target')
    expect((await checkCached(root)).messages).toEqual([])
    rmSync(path.join(root, 'content/3_contact'), {recursive: true})
    const run = await checkCached(root)
    expect(run.reset).toBe('site changed')
    expect(run.messages).toEqual([
      expect.stringMatching(/^content\/2_blog\/1_post\/article\.txt:5:\d+ no-broken-link Unexpected link to `contact`/)
    ])
    // And once it is back, the message goes.
    write(root, 'content/3_contact/default.txt', 'Title: Contact\n')
    expect((await checkCached(root)).messages).toEqual([])
  })

  test('a changed configuration invalidates every result', async () => {
    const root = makeSite('config')
    write(root, 'content/1_about/default.txt', 'Title: About\n\n----\n\nText: Read (link: blog/nothing)\n')
    expect((await checkCached(root)).messages).toHaveLength(1)
    write(root, 'kfx.config.json', '{"rules": {"no-broken-link": "off"}}\n')
    const run = await checkCached(root)
    expect(run).toMatchObject({hits: 0, misses: 5, reset: 'settings changed'})
    expect(run.messages).toEqual([])
    expect(await checkCached(root)).toMatchObject({hits: 5, misses: 0})
  })

  test('a changed blueprint invalidates every result', async () => {
    const root = makeSite('blueprint')
    expect((await checkCached(root)).messages).toEqual([])
    write(root, 'site/blueprints/pages/article.yml', 'title: Article\nfields:\n  text:\n    type: textarea\n  summary:\n    type: text\n    required: true\n')
    const run = await checkCached(root)
    expect(run).toMatchObject({hits: 0, reset: 'settings changed'})
    expect(run.messages).toEqual([expect.stringMatching(/^content\/2_blog\/1_post\/article\.txt:\d+:\d+ schema\/required /)])
  })

  test('blueprint findings are reported on a cached run too', async () => {
    const root = makeSite('blueprint-findings')
    write(root, 'site/blueprints/pages/article.yml', 'title: Article\nfields:\n  text:\n    extends: fields/missing\n')
    const first = await checkCached(root)
    const second = await checkCached(root)
    expect(second.hits).toBe(5)
    expect(first.messages.some((m) => m.startsWith('site/blueprints/pages/article.yml'))).toBe(true)
    expect(second.messages).toEqual(first.messages)
  })

  test('a broken cache file is ignored and rebuilt', async () => {
    const root = makeSite('corrupt')
    write(root, 'content/1_about/default.txt', 'Title: About\n\n----\n\nText: Read (link: blog/nothing)\n')
    const expected = (await checkCached(root)).messages
    for (const broken of ['{"kfx": "result-cache", "form', 'null', '[]', '{"kfx":"result-cache","format":1,"settings":1}']) {
      writeFileSync(path.join(root, '.kfxcache'), broken)
      const run = await checkCached(root)
      expect(run).toMatchObject({hits: 0, misses: 5, reset: 'broken cache file'})
      expect(run.messages).toEqual(expected)
      expect(await checkCached(root)).toMatchObject({hits: 5, messages: expected})
    }
  })

  test('--cache-location puts the cache elsewhere; two runs at once leave a readable cache', async () => {
    const root = makeSite('location')
    const lines: string[] = []
    await Promise.all([1, 2, 3].map(() => check({cwd: root, kirby: '5', cache: true, cacheLocation: 'tmp/', log: (line) => lines.push(line)})))
    const stored = JSON.parse(readFileSync(path.join(root, 'tmp/.kfxcache'), 'utf8')) as {files: object}
    expect(Object.keys(stored.files)).toHaveLength(5)
    expect((await checkCached(root)).reset).toBe('no cache file')
  })

  test('kfx check --cache on the command line, with --verbose', async () => {
    const root = makeSite('cli')
    const first = await runCli(['check', '--cache', '--kirby', '5', '--verbose'], root)
    expect(first.stderr).toMatch(/^cache: 0 from the cache, 5 checked \(no cache file\), written to /m)
    const second = await runCli(['check', '--cache', '--kirby', '5', '--verbose'], root)
    expect(second.stderr).toMatch(/^cache: 5 from the cache, 0 checked$/m)
    expect(second.exitCode).toBe(0)
  })

  test('a run with the network rule on is not cached', async () => {
    const root = makeSite('external')
    const lines: string[] = []
    await check({cwd: root, kirby: '5', cache: true, rules: {'no-dead-external-link': 'warn'}, log: (line) => lines.push(line)})
    expect(lines).toContain('cache: off, `no-dead-external-link` depends on the network')
  })
})

describe('the result cache in the engine', () => {
  /** A stage that counts its calls and reports one message per file, reading `content/3_contact/default.txt` for the about page. */
  const spyStage = () => {
    const calls: string[] = []
    const stage: Stage = ({file, absolute, site}) => {
      calls.push(path.relative(site.root, absolute))
      if (absolute.includes('1_about')) dependsOn('content/3_contact/default.txt')
      report(file, {ruleId: 'test/spy', severity: 'warning', reason: `Seen \`${path.basename(absolute)}\``, place: {line: 1, column: 1, offset: 0}})
    }
    return {stage, calls}
  }
  const runWith = async (root: string, kfx = 'test-1') => {
    const spy = spyStage()
    const cache = createResultCache({cwd: root, settings: {test: true}, kfx})
    const result = await run({cwd: root, kirby: '5', stages: [spy.stage], cache})
    await cache.save()
    return {calls: spy.calls, stats: cache.stats, messages: result.files.flatMap((f) => f.messages.map((m) => `${f.path} ${m.reason}`))}
  }

  test('stages run only for files whose results are not in the cache', async () => {
    const root = makeSite('engine')
    const first = await runWith(root)
    expect(first.calls).toHaveLength(5)
    const second = await runWith(root)
    expect(second.calls).toEqual([])
    expect(second.messages).toEqual(first.messages)
    expect(second.stats).toMatchObject({hits: 5, misses: 0, written: false})
  })

  test('a file the stages read for another file is a dependency of its result', async () => {
    const root = makeSite('deps')
    await runWith(root)
    write(root, 'content/3_contact/default.txt', 'Title: Get in touch\n')
    expect((await runWith(root)).calls.sort()).toEqual(['content/1_about/default.txt', 'content/3_contact/default.txt'])
  })

  test("another kfx (version or code) invalidates every result", async () => {
    const root = makeSite('version')
    await runWith(root, 'test-1')
    const other = await runWith(root, 'test-2')
    expect(other.calls).toHaveLength(5)
    expect(other.stats.reset).toBe('settings changed')
  })
})

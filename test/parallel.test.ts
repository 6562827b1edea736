/**
 * Parallel runs (`--jobs`, src/parallel/): the files of a site judged by
 * this thread and worker threads give exactly what one thread gives — every
 * message, place, fix, blueprint finding and cache entry — and a worker that
 * fails costs nothing but time. Workers run the built code (`npm test`
 * builds before Jest).
 */
import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import type {VFile} from 'vfile'
import {check, lint, validate, type CheckResult} from '../src/check.js'
import {workerCount, type Chosen, type Judged} from '../src/engine.js'
import {judgeInParallel} from '../src/parallel/pool.js'
import {storeMessage} from '../src/cache/index.js'
import {VFile as File} from 'vfile'
import {corpusKirby, describeShared, fixture, sharedRoot} from './helpers/shared.js'
import {runCli} from './helpers/run-cli.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-parallel-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

const write = (root: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
  writeFileSync(path.join(root, file), text)
}

/** Everything a reporter could show of a run, as plain data. */
const outcome = (result: CheckResult) => ({
  files: result.files.map((file: VFile) => ({path: file.path, value: file.messages.length > 0 ? String(file.value) : '', messages: file.messages.map(storeMessage)})),
  fixes: [...result.fixes],
  crashed: result.crashed
})

/**
 * The example site, its pages copied 40 times over, with faults in some:
 * broken links, a missing image, a fixable `----Key:` line, a blueprint
 * with a YAML error that every copy's template meets.
 */
const makeSite = (): string => {
  const root = path.join(temp, 'site')
  cpSync(fixture('example-site'), root, {recursive: true})
  for (let copy = 0; copy < 40; copy++) {
    const folder = `content/${copy + 10}-copy-${copy}`
    write(root, `${folder}/default.txt`, `Title: Copy ${copy}\n\n----\n\nText: (link: copy-${copy + 1}) (link: nowhere-${copy}) (image: gone-${copy}.jpg)\n`)
    write(root, `${folder}/sub/broken.txt`, `Title: Sub ${copy}\n----Text: glued\n\n----\n\nDate: 2024-13-${copy % 40}\n`)
    write(root, `${folder}/sub/shot.jpg`, '')
  }
  write(root, 'site/blueprints/broken.yml', 'title: Broken\nfields:\n  date: [\n')
  return root
}

describe('parallel runs', () => {
  const root = makeSite()

  test.each([
    ['check', check],
    ['validate', validate],
    ['lint', lint]
  ])('%s: worker threads give what one thread gives', async (_name, runner) => {
    const alone = await runner({cwd: root, jobs: 1})
    const shared = await runner({cwd: root, jobs: 3, workersOnly: true})
    expect(alone.files.length).toBeGreaterThan(80)
    expect(alone.files.some((file) => file.messages.length > 0)).toBe(true)
    expect(outcome(shared)).toEqual(outcome(alone))
  })

  test('fixes found in a worker are offered', async () => {
    const lines: string[] = []
    const shared = await lint({cwd: root, jobs: 4, workersOnly: true, log: (line) => lines.push(line)})
    expect(shared.fixes.size).toBe(40)
    expect(lines.join('\n')).toMatch(/this thread judged 0, worker 1 judged \d+, worker 2 judged \d+, worker 3 judged \d+/)
  })

  test('--verbose says how the work was shared, and the CLI prints the same report', async () => {
    const alone = await runCli(['check', '--format', 'json', '--jobs', '1'], root)
    const shared = await runCli(['check', '--format', 'json', '--jobs', '2', '--verbose'], root)
    expect(shared.exitCode).toBe(alone.exitCode)
    expect(shared.stdout).toBe(alone.stdout)
    expect(shared.stderr).toMatch(/parallel: \d+ files, this thread and 1 worker/)
    expect(shared.stderr).toMatch(/parallel: this thread judged \d+, worker 1 judged \d+/)
  })

  test('a cache written by a parallel run serves a later run, and the other way round', async () => {
    const site = path.join(temp, 'cached')
    cpSync(root, site, {recursive: true})
    const lines: string[] = []
    const first = await check({cwd: site, jobs: 3, workersOnly: true, cache: true, log: (line) => lines.push(line)})
    expect(lines.join('\n')).toMatch(/cache: 0 from the cache, \d+ checked \(no cache file\), written/)
    const again: string[] = []
    const second = await check({cwd: site, jobs: 1, cache: true, log: (line) => again.push(line)})
    expect(again.join('\n')).toMatch(new RegExp(`cache: ${second.files.filter((f) => f.path.startsWith('content')).length} from the cache, 0 checked`))
    expect(outcome(second)).toEqual(outcome(first))
    // One changed file: judged afresh (in whichever thread), the rest restored, the results as before.
    writeFileSync(path.join(site, 'content/10-copy-0/default.txt'), 'Title: Changed\n')
    const third: string[] = []
    const changed = await check({cwd: site, jobs: 3, workersOnly: true, cache: true, log: (line) => third.push(line)})
    expect(third.join('\n')).toMatch(/cache: \d+ from the cache, 1 checked/)
    expect(changed.files.find((f) => f.path === 'content/10-copy-0/default.txt')?.messages).toEqual([])
  })

  test('auto: no worker for small sites, one a core from about 25,000 files a thread', () => {
    const job = {kind: 'check', command: 'check', what: {validate: true, lint: true}, options: {}, verbose: false} as const
    expect(workerCount(undefined, 100_000)).toBe(0)
    expect(workerCount({job}, 500)).toBe(0)
    expect(workerCount({job}, 20_000)).toBe(0)
    expect(workerCount({job, jobs: 1}, 100_000)).toBe(0)
    expect(workerCount({job, jobs: 4}, 2)).toBe(1)
    expect(workerCount({job, jobs: 4}, 100)).toBe(3)
    expect(workerCount({job, jobs: 'auto'}, 1_000_000)).toBeGreaterThanOrEqual(0)
  })

  test('a worker that cannot start gives its files back; this thread judges them all, in order', async () => {
    const items: Chosen[] = Array.from({length: 300}, (_, index) => ({
      absolute: path.join(root, `f${String(index).padStart(3, '0')}.txt`),
      relative: `f${String(index).padStart(3, '0')}.txt`,
      model: {kind: 'page', name: 'default', defaultLanguage: true}
    }))
    const seen: string[] = []
    const lines: string[] = []
    await judgeInParallel({
      items,
      workers: 2,
      // A site that is not there: the workers fail to read it.
      job: {kind: 'check', command: 'check', what: {validate: true, lint: true}, options: {cwd: path.join(temp, 'nowhere')}, verbose: false},
      cwd: root,
      judge: async (item): Promise<Judged> => ({file: new File({path: item.relative}), crashed: false}),
      emit: (result) => seen.push(result.file.path),
      log: (line) => lines.push(line),
      workersOnly: true
    })
    expect(seen).toEqual(items.map((item) => item.relative))
    expect(lines.filter((line) => /its files are judged here/.test(line))).toHaveLength(2)
  })

  test('workers started early for --jobs stop when the run needs fewer; a run that fails stops them too', async () => {
    const paths = ['content/10-copy-0/sub']
    const alone = await check({cwd: root, paths, jobs: 1})
    const asked = await check({cwd: root, paths, jobs: 4})
    expect(alone.files.filter((file) => file.path.startsWith("content"))).toHaveLength(1)
    expect(outcome(asked)).toEqual(outcome(alone))
    const empty = path.join(temp, 'empty')
    mkdirSync(empty, {recursive: true})
    await expect(check({cwd: empty, paths: ['.'], jobs: 3})).rejects.toThrow(/Cannot find a Kirby site/)
  })

  test('--jobs takes auto or a whole number from 1', async () => {
    const bad = await runCli(['check', '--jobs', '0'], root)
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toMatch(/Unexpected `--jobs 0`, expected `auto` or a whole number, 1 or more/)
    expect((await runCli(['check', '--jobs', 'auto', '--format', 'json'], root)).exitCode).toBe(1)
  })
})

describeShared('parallel runs on real sites', () => {
  test.each(['k2-langkit', 'k3-offensive-tanz', 'k4-cnoss', 'k5-architecture-land-initiative'])('%s: the same messages with 3 threads as with one', async (corpus) => {
    const cwd = path.join(sharedRoot, 'corpora', corpus)
    const options = {cwd, kirby: corpusKirby(corpus), ignore: false}
    const alone = await check({...options, jobs: 1})
    const shared = await check({...options, jobs: 3, workersOnly: true})
    expect(outcome(shared)).toEqual(outcome(alone))
  })
})


describe('what a run keeps', () => {
  test('keepText: false leaves the findings and lets go of every text; the HTML report keeps the text', async () => {
    const root = path.join(temp, 'site')
    const lean = await check({cwd: root, jobs: 1, keepText: false})
    expect(lean.files.some((file) => file.messages.length > 0)).toBe(true)
    expect(lean.files.filter((file) => file.path.startsWith('content') && String(file.value) !== '')).toEqual([])
    const full = await check({cwd: root, jobs: 1})
    expect(full.files.filter((file) => file.messages.length > 0 && file.path.startsWith('content')).every((file) => String(file.value).length > 0)).toBe(true)
    const html = await runCli(['check', '--format', 'html', '--jobs', '2'], root)
    expect(html.stdout).toContain('Copy 3')
  })
})

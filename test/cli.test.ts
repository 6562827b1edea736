/**
 * The `kfx` command line, run in-process with fake streams (and once as a
 * real process): help, usage errors, exit codes, and `inspect` on the seed
 * page and the bundled example site.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, test} from '@jest/globals'
import type {InspectJsonLine} from '../src/commands/inspect.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const temp = mkdtempSync(path.join(tmpdir(), 'kfx-cli-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

describe('kfx', () => {
  test('--help lists the commands', async () => {
    const run = await runCli(['--help'], repo)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatchSnapshot()
  })
  test('inspect --help lists its options', async () => {
    const run = await runCli(['inspect', '--help'], repo)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatchSnapshot()
  })
  test('--version prints the package version', async () => {
    const {version} = JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as {version: string}
    expect(await runCli(['--version'], repo)).toEqual({exitCode: 0, stdout: `${version}\n`, stderr: ''})
  })
  test('an unknown command is a usage error (exit 2)', async () => {
    const run = await runCli(['frobnicate'], repo)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain("unknown command 'frobnicate'")
  })
  test('an unknown option is a usage error (exit 2)', async () => {
    const run = await runCli(['inspect', '--nope'], repo)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain("unknown option '--nope'")
  })
  test('a bad --kirby is a usage error (exit 2) that says what is expected', async () => {
    const run = await runCli(['inspect', '--kirby', '7', 'fixtures/seed/event.txt'], repo)
    expect(run).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'kfx: Unexpected Kirby version `7`, expected `auto`, `2`, `3`, `4`, `5` or a version such as `4.1`\n'
    })
  })
  test('a missing path is a usage error (exit 2)', async () => {
    const run = await runCli(['inspect', 'nowhere/page.txt'], repo)
    expect(run).toEqual({exitCode: 2, stdout: '', stderr: 'kfx: Cannot find `nowhere/page.txt`, expected a content file or folder\n'})
  })
  test('no path and no content/ folder here is a usage error (exit 2)', async () => {
    const run = await runCli(['inspect'], temp)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe('kfx: No `content/` folder here, expected a path: `kfx inspect PATH`\n')
  })
  test('no path reads the content/ folder here', async () => {
    const run = await runCli(['inspect', '--json'], fixture('example-site'))
    expect(run.exitCode).toBe(0)
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(8)
  })
})

describe('kfx inspect on the seed page', () => {
  const kirbyOutput = (version: 2 | 5) => ({
    fields: Object.entries(JSON.parse(readFileSync(fixture(`seed/kirby${version}.fields.json`), 'utf8')).fields as Record<string, string>),
    tags: (JSON.parse(readFileSync(fixture(`seed/kirby${version}.tags.json`), 'utf8')) as Array<{type: string; value: string; attrs: object}>).map(
      ({type, value, attrs}) => ({type, value, attrs})
    )
  })
  for (const version of [5, 2] as const) {
    test(`--kirby ${version} gives exactly Kirby ${version}'s fields and tags`, async () => {
      const run = await runCli(['inspect', '--json', '--kirby', String(version), 'fixtures/seed/event.txt'], repo)
      expect(run.exitCode).toBe(0)
      const line = JSON.parse(run.stdout) as InspectJsonLine
      expect(line.file).toBe('fixtures/seed/event.txt')
      expect(line.fields).toEqual(kirbyOutput(version).fields)
      expect(line.tags).toEqual({text: kirbyOutput(version).tags})
    })
  }
  test('a lone file with no site around it reads as Kirby 5', async () => {
    const run = await runCli(['inspect', '--json', 'fixtures/seed/event.txt'], repo)
    expect((JSON.parse(run.stdout) as InspectJsonLine).tags).toEqual({text: kirbyOutput(5).tags})
  })
  test('shows fields and tags with their places', async () => {
    const run = await runCli(['inspect', 'fixtures/example-site/content/3-events/12-rencontre-prospective/event.txt'], repo)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatchSnapshot()
  })
})

describe('kfx inspect on a folder', () => {
  test('shows the page tree of the example site', async () => {
    const run = await runCli(['inspect', '--verbose', 'fixtures/example-site'], repo)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatchSnapshot()
  })
  test('--json prints one line per content file, sorted by path', async () => {
    const run = await runCli(['inspect', '--json', 'fixtures/example-site'], repo)
    const files = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as InspectJsonLine).file)
    expect(files).toEqual([...files].sort())
    expect(files[0]).toBe('fixtures/example-site/content/1-home/home.txt')
  })
})

describe('kfx inspect --tag', () => {
  test("a site's own tags and aliases are found like built-in ones", async () => {
    writeFileSync(path.join(temp, 'tags.txt'), 'Text: (gif: cat.gif class: big alt: A cat) (vid: a caption: b)')
    const plain = JSON.parse((await runCli(['inspect', '--json', 'tags.txt'], temp)).stdout) as InspectJsonLine
    expect(plain.tags).toEqual({})
    const run = await runCli(['inspect', '--json', '--tag', 'gif:class,alt', '--tag', 'vid=video', 'tags.txt'], temp)
    expect((JSON.parse(run.stdout) as InspectJsonLine).tags).toEqual({
      text: [
        {type: 'gif', value: 'cat.gif', attrs: {class: 'big', alt: 'A cat'}},
        {type: 'video', value: 'a caption: b', attrs: {}}
      ]
    })
  })
  test('a malformed --tag is a usage error', async () => {
    const run = await runCli(['inspect', '--tag', 'two words', 'tags.txt'], temp)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('Unexpected tag `two words`')
  })
})

describe('kfx inspect and image captions', () => {
  test("Kirby 3+ renders the caption of an image's meta file, and the tags in it", async () => {
    const site = path.join(temp, 'caption-site')
    const page = path.join(site, 'content', '1_blog')
    mkdirSync(page, {recursive: true})
    writeFileSync(path.join(page, 'article.txt'), 'Title: A\n\n----\n\nText: (image: cat.jpg) and (image: dog.jpg caption: Own)')
    writeFileSync(path.join(page, 'cat.jpg'), '')
    writeFileSync(path.join(page, 'cat.jpg.txt'), 'Caption: By (link: https://example.com text: Ann)')
    writeFileSync(path.join(page, 'dog.jpg'), '')
    writeFileSync(path.join(page, 'dog.jpg.txt'), 'Caption: (link: ignored)')
    const run = await runCli(['inspect', '--json', '--kirby', '5', 'content/1_blog/article.txt'], site)
    expect((JSON.parse(run.stdout) as InspectJsonLine).tags.text).toEqual([
      {type: 'link', value: 'https://example.com', attrs: {text: 'Ann'}},
      {type: 'image', value: 'cat.jpg', attrs: {}},
      {type: 'image', value: 'dog.jpg', attrs: {caption: 'Own'}}
    ])
    // Kirby 2 escapes captions instead of rendering them.
    const k2 = await runCli(['inspect', '--json', '--kirby', '2', 'content/1_blog/article.txt'], site)
    expect((JSON.parse(k2.stdout) as InspectJsonLine).tags.text?.map((tag) => tag.type)).toEqual(['image', 'image'])
  })
})

describe('bad input', () => {
  test('invalid UTF-8 is reported at its place and exits 1; the run goes on', async () => {
    writeFileSync(path.join(temp, 'bad.txt'), Buffer.concat([Buffer.from('Title: ok\n----\nText: caf'), Buffer.from([0xe9]), Buffer.from(' au lait')]))
    writeFileSync(path.join(temp, 'good.txt'), 'Title: fine')
    const run = await runCli(['inspect', 'bad.txt', 'good.txt'], temp)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('bad.txt:3:10  error  Unexpected invalid UTF-8 at byte 24')
    expect(run.stdout).toContain('good.txt')
  })
  test('a binary file named .txt is reported, not a crash', async () => {
    writeFileSync(path.join(temp, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x3a, 0xff, 0x0a, 0x2d, 0x2d, 0x2d, 0x2d]))
    const run = await runCli(['inspect', 'binary.txt'], temp)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('binary-content')
    expect(run.stderr).toBe('')
  })
  test('an empty file has no fields', async () => {
    writeFileSync(path.join(temp, 'empty.txt'), '')
    const run = await runCli(['inspect', '--json', 'empty.txt'], temp)
    expect(JSON.parse(run.stdout)).toEqual({file: 'empty.txt', fields: [], tags: {}})
  })
})

test('bin/kfx.js runs as a process', () => {
  const out = execFileSync(process.execPath, [`${repo}bin/kfx.js`, 'inspect', '--json', '--kirby', '5', 'fixtures/seed/event.txt'], {cwd: repo, encoding: 'utf8'})
  expect((JSON.parse(out) as InspectJsonLine).fields[0]).toEqual(['title', 'Rencontre prospective'])
})

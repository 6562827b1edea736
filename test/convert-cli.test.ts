/**
 * @fileoverview `kfx convert` on the fixture site: layouts, languages,
 * typed front matter, `--copy-files`, drafts, JSON (checked against
 * schemas/kfx-json.schema.json), the way back to Kirby, presets, and every
 * safety rule.
 */
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {beforeEach, describe, expect, test} from '@jest/globals'
import {Ajv2020} from 'ajv/dist/2020.js'
import formatsPlugin from 'ajv-formats'
import {parseFrontMatter} from '../src/convert/front-matter.js'
import {decode} from '../src/txt/decode.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

let work: string
let site: string
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'kfx-convert-'))
  site = path.join(work, 'site')
  cpSync(fixture('convert/site'), site, {recursive: true})
})

const list = (dir: string, prefix = ''): string[] =>
  readdirSync(dir, {withFileTypes: true})
    .flatMap((entry) => (entry.isDirectory() ? list(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort()

const front = (file: string) => parseFrontMatter(readFileSync(file, 'utf8'))

describe('--to md', () => {
  test('a site goes to kfx-out/md/, one index.<lang>.md per page and language, said on stderr', async () => {
    const run = await runCli(['convert', '--to', 'md'], site)
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toMatch(/kfx convert: 6 documents, 1 draft left out .* → kfx-out\/md\/ \(6 written\)/)
    expect(list(path.join(site, 'kfx-out/md'))).toEqual([
      'about/index.en.md',
      'blog/first-post/index.de.md',
      'blog/first-post/index.en.md',
      'blog/index.de.md',
      'blog/index.en.md',
      'site.en.md'
    ])
  })

  test('front matter is typed by the blueprint, with the Kirby facts, and strings stay strings', async () => {
    await runCli(['convert', '--to', 'md'], site)
    const {data, body} = front(path.join(site, 'kfx-out/md/blog/first-post/index.en.md'))
    expect(data.get('title')).toBe('First post')
    expect(data.get('date')).toBe('2017-10-18')
    expect(data.get('tags')).toEqual(['kirby', 'markdown', 'yaml'])
    expect(data.get('featured')).toBe(true)
    expect(data.get('rating')).toBe(1)
    expect(data.get('answer')).toBe('no')
    expect(data.get('links')).toEqual([new Map([['url', 'https://getkirby.com'], ['label', 'Kirby']])])
    expect(data.get('uuid')).toBe('abc123')
    const kirby = data.get('kirby') as Map<string, unknown>
    expect(Object.fromEntries([...kirby].filter(([key]) => ['id', 'template', 'slug', 'num', 'status', 'language', 'file', 'body'].includes(key)))).toEqual({
      id: 'blog/first-post',
      template: 'article',
      slug: 'first-post',
      num: 1,
      status: 'listed',
      language: 'en',
      file: '1_blog/1_first-post/article.en.txt',
      body: 'text'
    })
    // `1.0` typed as 1 and `kirby,markdown` as a list do not write back: their stored text is kept.
    expect(kirby.get('raw')).toEqual(expect.any(Map))
    const raw = kirby.get('raw') as Map<string, string>
    expect(raw.get('rating')).toBe('1.0')
    expect(raw.get('tags')).toBe('kirby,markdown, yaml')
    expect((kirby.get('files') as Map<string, Map<string, unknown>>).get('photo.jpg')?.get('caption')).toBe('A # photo: not a comment')
    expect(body).toContain('Hello **world**')
  })

  test('pages without a blueprint keep every value a string', async () => {
    await runCli(['convert', '--to', 'md'], site)
    const {data, body} = front(path.join(site, 'kfx-out/md/about/index.en.md'))
    expect(data.get('intro')).toBe('1:20')
    // The body is converted (a `---` rule is `***` in Markdown); its KirbyText is kept for the way back.
    expect(body).toBe('***')
    expect(((data.get('kirby') as Map<string, unknown>).get('raw') as Map<string, string>).get('text')).toBe('---')
  })

  test('--layout flat, --drafts, --copy-files', async () => {
    const run = await runCli(['convert', '--to', 'md', '--layout', 'flat', '--drafts', '--copy-files', '--out', 'out'], site)
    expect(run.exitCode).toBe(0)
    expect(list(path.join(site, 'out'))).toEqual([
      'about.en.md',
      'blog.de.md',
      'blog.en.md',
      'blog/first-post.de.md',
      'blog/first-post.en.md',
      'blog/first-post/photo.jpg',
      'blog/secret.en.md',
      'site.en.md'
    ])
    expect((front(path.join(site, 'out/blog/secret.en.md')).data.get('kirby') as Map<string, unknown>).get('status')).toBe('draft')
    expect(readFileSync(path.join(site, 'out/blog/first-post/photo.jpg'), 'utf8')).toBe('GIF89a')
  })

  test('a single file with no --out goes to stdout', async () => {
    const run = await runCli(['convert', 'content/about/default.en.txt', '--to', 'md'], site)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/^---\ntitle: About\nintro: "1:20"\n/)
    expect(run.stderr).toMatch(/→ stdout/)
    expect(existsSync(path.join(site, 'kfx-out'))).toBe(false)
    const english = await runCli(['convert', 'content/1_blog/1_first-post/article.en.txt', '--to', 'md'], site)
    expect(english.stdout).toContain('title: First post')
    expect(english.stdout).not.toContain('Erster Beitrag')
  })

  test('--body chooses the body field', async () => {
    const run = await runCli(['convert', 'content/about', '--to', 'md', '--body', 'intro', '--out', 'out'], site)
    expect(run.exitCode).toBe(0)
    const {data, body} = front(path.join(site, 'out/about/index.en.md'))
    expect(body).toBe('1:20')
    expect(data.get('text')).toBe('---')
    expect((data.get('kirby') as Map<string, unknown>).get('body')).toBe('intro')
  })
})

describe('--to json', () => {
  const ajv = new Ajv2020({allErrors: true, strict: false})
  ;(formatsPlugin as unknown as (ajv: Ajv2020) => void)(ajv)
  const validate = ajv.compile(JSON.parse(readFileSync(new URL('../schemas/kfx-json.schema.json', import.meta.url), 'utf8')) as object)

  test('one document per page and language, valid against the schema', async () => {
    const run = await runCli(['convert', '--to', 'json', '--drafts', '--tree', '--html'], site)
    expect(run.exitCode).toBe(0)
    const files = list(path.join(site, 'kfx-out/json'))
    expect(files).toContain('blog/first-post/index.en.json')
    for (const file of files) {
      const document = JSON.parse(readFileSync(path.join(site, 'kfx-out/json', file), 'utf8')) as unknown
      expect([file, validate(document) ? [] : validate.errors]).toEqual([file, []])
    }
    const post = JSON.parse(readFileSync(path.join(site, 'kfx-out/json/blog/first-post/index.en.json'), 'utf8')) as Record<string, unknown>
    expect(post).toMatchObject({kfx: 1, type: 'page', id: 'blog/first-post', template: 'article', num: 1, status: 'listed', language: 'en', uuid: 'abc123'})
    expect((post.fields as Record<string, unknown>).featured).toBe(true)
    expect((post.raw as string[][])[0]).toEqual(['title', 'First post'])
    expect((post.tree as Record<string, {type: string}>).text?.type).toBe('root')
    expect((post.html as Record<string, string>).text).toContain('<strong>world</strong>')
  })

  test('--out - is NDJSON on stdout; a single file is one JSON document', async () => {
    const stream = await runCli(['convert', '--to', 'json', '--out', '-'], site)
    const lines = stream.stdout.trim().split('\n').map((line) => JSON.parse(line) as {id: string})
    expect(lines.map((line) => line.id)).toContain('blog/first-post')
    const one = await runCli(['convert', 'content/about/default.en.txt', '--to', 'json'], site)
    expect((JSON.parse(one.stdout) as {id: string}).id).toBe('about')
  })
})

describe('--to kirby', () => {
  const decoded = (file: string) => decode(readFileSync(file, 'utf8')).fields.map((field) => [field.key, field.value])

  for (const format of ['md', 'json'] as const) {
    test(`kirby → ${format} → kirby gives the same fields, in numbered folders`, async () => {
      expect((await runCli(['convert', '--to', format, '--drafts', '--out', 'mid'], site)).exitCode).toBe(0)
      const back = await runCli(['convert', 'mid', '--to', 'kirby', '--out', 'back'], site)
      expect(back.exitCode).toBe(0)
      const originals = list(path.join(site, 'content')).filter((file) => file.endsWith('.txt'))
      expect(list(path.join(site, 'back'))).toEqual(originals)
      for (const file of originals) expect([file, decoded(path.join(site, 'back', file))]).toEqual([file, decoded(path.join(site, 'content', file))])
    })
  }

  test('Markdown written by hand: the body becomes `text`, the folder gets the number', async () => {
    mkdirSync(path.join(work, 'md/notes/hello'), {recursive: true})
    writeFileSync(path.join(work, 'md/notes/hello/index.md'), '---\ntitle: Hello\nkirby:\n  template: note\n  num: 3\n---\n\nSome *text*.\n')
    const run = await runCli(['convert', 'md', '--to', 'kirby', '--out', 'content'], work)
    expect(run.exitCode).toBe(0)
    expect(readFileSync(path.join(work, 'content/notes/3_hello/note.txt'), 'utf8')).toBe('Title: Hello\n\n----\n\nText: Some *text*.')
  })
})

describe('safety', () => {
  test('never over an existing file without --force', async () => {
    mkdirSync(path.join(site, 'out/about'), {recursive: true})
    writeFileSync(path.join(site, 'out/about/index.en.md'), 'mine')
    const run = await runCli(['convert', '--to', 'md', '--out', 'out'], site)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/content\/about\/default\.en\.txt\n\s+1:1\s+error\s+`about\/index\.en\.md` exists in the output folder/)
    expect(readFileSync(path.join(site, 'out/about/index.en.md'), 'utf8')).toBe('mine')
    const forced = await runCli(['convert', '--to', 'md', '--out', 'out', '--force'], site)
    expect(forced.exitCode).toBe(0)
    expect(readFileSync(path.join(site, 'out/about/index.en.md'), 'utf8')).toMatch(/^---\ntitle: About/)
  })

  test('never into the content folder being read', async () => {
    const run = await runCli(['convert', '--to', 'md', '--out', 'content/export'], site)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/inside the content folder being read/)
    expect(existsSync(path.join(site, 'content/export'))).toBe(false)
  })

  test('two pages that map to one output path are an error naming both', async () => {
    mkdirSync(path.join(site, 'content/2_about'))
    writeFileSync(path.join(site, 'content/2_about/default.en.txt'), 'Title: Other about')
    const run = await runCli(['convert', '--to', 'md', '--out', 'out'], site)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('`content/2_about/default.en.txt` and `content/about/default.en.txt` map to the same output path')
    expect(existsSync(path.join(site, 'out/about/index.en.md'))).toBe(false)
    expect(existsSync(path.join(site, 'out/blog/index.en.md'))).toBe(true)
  })

  test('never outside --out: a path from the input that climbs out is an error', async () => {
    mkdirSync(path.join(work, 'md'))
    writeFileSync(path.join(work, 'md/evil.md'), '---\ntitle: x\nkirby:\n  file: ../../evil.txt\n---\n')
    const run = await runCli(['convert', 'md', '--to', 'kirby', '--out', 'content'], work)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/md\/evil\.md\n\s+1:1\s+error\s+Unexpected `kirby.file`/)
    expect(existsSync(path.join(work, 'evil.txt'))).toBe(false)
  })

  test('--strict makes warnings errors; no temporary files are left', async () => {
    writeFileSync(path.join(site, 'content/about/default.en.txt'), 'Title: About')
    writeFileSync(path.join(site, 'site/blueprints/pages/default.yml'), 'fields:\n  links:\n    type: structure\n')
    writeFileSync(path.join(site, 'content/about/default.en.txt'), 'Title: About\n\n----\n\nLinks: [unclosed')
    const lenient = await runCli(['convert', 'content/about', '--to', 'md', '--out', 'a'], site)
    expect(lenient.exitCode).toBe(0)
    expect(lenient.stderr).toMatch(/5:\d+\s+warning\s+`links` is not valid YAML.*kept as text/)
    const strict = await runCli(['convert', 'content/about', '--to', 'md', '--out', 'b', '--strict'], site)
    expect(strict.exitCode).toBe(1)
    expect(list(path.join(site, 'a')).some((file) => file.includes('.kfx-'))).toBe(false)
  })

  test('usage errors exit 2', async () => {
    expect((await runCli(['convert'], site)).exitCode).toBe(2)
    expect((await runCli(['convert', '--to', 'pdf'], site)).exitCode).toBe(2)
    expect((await runCli(['convert', 'nowhere', '--to', 'md'], site)).exitCode).toBe(2)
  })
})

describe('presets', () => {
  test('hugo: page bundles (_index.md for pages with children), weight, slug, draft', async () => {
    const run = await runCli(['convert', '--to', 'md', '--preset', 'hugo', '--drafts', '--out', 'hugo'], site)
    expect(run.exitCode).toBe(0)
    expect(list(path.join(site, 'hugo'))).toContain('blog/_index.en.md')
    const post = front(path.join(site, 'hugo/blog/first-post/index.en.md')).data
    expect(post.get('weight')).toBe(1)
    expect(post.get('slug')).toBe('first-post')
    expect(front(path.join(site, 'hugo/blog/secret/index.en.md')).data.get('draft')).toBe(true)
    expect(front(path.join(site, 'hugo/about/index.en.md')).data.get('build')).toEqual(new Map([['list', 'never']]))
  })

  test('astro: one file per page id, the same fact keys on every page', async () => {
    await runCli(['convert', '--to', 'md', '--preset', 'astro', '--out', 'astro'], site)
    expect(list(path.join(site, 'astro'))).toContain('blog/first-post.en.md')
    for (const file of ['blog/first-post.en.md', 'about.en.md']) {
      const data = front(path.join(site, 'astro', file)).data
      expect([typeof data.get('template'), typeof data.get('status'), typeof data.get('draft')]).toEqual(['string', 'string', 'boolean'])
    }
  })

  test('eleventy: permalink and tags as a list', async () => {
    await runCli(['convert', '--to', 'md', '--preset', 'eleventy', '--out', 'eleventy'], site)
    const about = front(path.join(site, 'eleventy/about/index.en.md')).data
    expect(about.get('permalink')).toBe('/about/')
  })

  test('a preset’s keys are left out on the way back', async () => {
    await runCli(['convert', '--to', 'md', '--preset', 'hugo', '--out', 'hugo'], site)
    await runCli(['convert', 'hugo', '--to', 'kirby', '--out', 'back'], site)
    expect(readFileSync(path.join(site, 'back/about/default.en.txt'), 'utf8')).not.toMatch(/Build|Slug/)
  })
})

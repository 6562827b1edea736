/**
 * Spec §7.7 (DIR-01 … DIR-19): folder names → page id, num, status,
 * template, title and URL, run by Kirby 5.5.2 and 4.1.0 on one test site.
 * Rebuilt here as a real folder tree in the OS temp folder; then kfx's own
 * vectors for the pieces (number cast, K2 numbering, languages, meta files).
 */
import {mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {rulesFor} from '../src/kirby-version.js'
import {decode} from '../src/txt/decode.js'
import {
  discover,
  inventory,
  parseFolderName,
  parseKirby2Config,
  parseLanguageFile,
  phpIntCast,
  PHP_INT_MAX,
  type Page,
  type Site
} from '../src/site/index.js'

interface Expected {
  id: string
  num: number | null
  status: string
  template: string
  title: string
  url: string
}

interface Vector {
  id: string
  in: {dir: string; files: string[]; sibling?: string}
  out_5_5_2: Expected | string
  out_4_1_0: Expected | string
  contents: Record<string, string>
}

const vectors = readFileSync(new URL('../fixtures/site/dir-vectors.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Vector)

let root = ''
const sites: Record<string, Site> = {}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kfx-site-vectors-'))
  for (const vector of vectors) {
    const dir = join(root, 'content', vector.in.dir)
    mkdirSync(dir, {recursive: true})
    for (const file of vector.in.files) writeFileSync(join(dir, file), vector.contents[file] ?? '')
  }
  writeFileSync(join(root, 'content', 'site.txt'), 'Title: Test site\n')
  sites['5.5.2'] = await discover(join(root, 'content'), {version: '5.5.2', baseUrl: 'https://example.com'})
  sites['4.1.0'] = await discover(root, {version: '4.1.0', baseUrl: 'https://example.com/'})
})

afterAll(() => {
  if (root) rmSync(root, {recursive: true, force: true})
})

const titleOf = (site: Site, page: Page): string => {
  if (page.contentFile === undefined) return page.slug
  const text = readFileSync(join(site.root, page.contentFile), 'utf8')
  return decode(text).fields.find((f) => f.key === 'title')?.value ?? page.slug
}

describe.each(['5.5.2', '4.1.0'] as const)('spec §7.7 DIR vectors, Kirby %s', (version) => {
  test.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, vector) => {
    const site = sites[version]!
    const expected = version === '5.5.2' ? vector.out_5_5_2 : vector.out_4_1_0
    const page = site.byDir.get(`content/${vector.in.dir}`)
    expect(page).toBeDefined()
    if (typeof expected === 'string') {
      // DIR-19: `1_same` and its later sibling `same` share id `same`.
      expect(page!.virtual).toBe(true)
      expect(site.byId.get(page!.id)?.dir).toBe(`content/${vector.in.sibling!.split('/')[0]}`)
      expect(site.pages.find((p) => p.id === 'same' && !p.virtual)?.folder).toBe('same')
      expect(site.diagnostics.filter((d) => d.code === 'hidden-page').map((d) => d.file)).toEqual([page!.dir])
      return
    }
    const actual = {
      id: page!.id,
      num: page!.num,
      status: page!.status,
      template: page!.template,
      title: titleOf(site, page!),
      url: page!.url
    }
    expect(actual).toEqual(expected)
    expect(site.byId.get(expected.id)).toBe(page)
  })
})

describe('diagnostics of the DIR site', () => {
  const codesFor = (version: string, dir: string): string[] =>
    sites[version]!.diagnostics.filter((d) => d.file?.startsWith(`content/${dir}`)).map((d) => d.code).sort()

  test('DIR-09 upper-case content file, DIR-17 orphan meta file winning the election', () => {
    expect(codesFor('5.5.2', 'casey')).toEqual(['uppercase-content-file'])
    const orphan = sites['5.5.2']!.diagnostics.filter((d) => d.code === 'orphan-meta-file')
    expect(orphan.map((d) => [d.file, d.severity])).toEqual([['content/orphan/ghost.jpg.txt', 'error']])
  })

  test('DIR-02 Kirby 2 numbering, DIR-05/14 underscore under 4.2+ only, DIR-11 no content file', () => {
    expect(codesFor('5.5.2', '1-kirby2style')).toEqual(['kirby2-folder-number'])
    expect(codesFor('5.5.2', 'my_page')).toEqual(['underscore-in-folder-name'])
    expect(codesFor('5.5.2', '2024-01-01_dated')).toEqual(['underscore-in-folder-name'])
    expect(codesFor('4.1.0', 'my_page')).toEqual([])
    expect(codesFor('5.5.2', 'empty-folder')).toEqual(['folder-without-content-file'])
    expect(codesFor('5.5.2', 'dup')).toEqual(['several-content-files'])
  })

  test('files, meta files and the UUID index', () => {
    const alpha = sites['5.5.2']!.byId.get('projects/alpha')!
    expect(alpha.files).toEqual([
      {filename: 'photo.jpg', id: 'projects/alpha/photo.jpg', path: 'content/1_projects/1_alpha/photo.jpg', meta: 'content/1_projects/1_alpha/photo.jpg.txt'}
    ])
    expect(alpha.contentFiles.map((f) => [f.name, f.role])).toEqual([
      ['photo.jpg.txt', 'meta'],
      ['project.txt', 'content']
    ])
    expect(sites['5.5.2']!.uuids.get('photouuid0000001')).toEqual({
      kind: 'file',
      id: 'projects/alpha/photo.jpg',
      file: 'content/1_projects/1_alpha/photo.jpg.txt'
    })
    expect(sites['5.5.2']!.site.contentFile).toBe('content/site.txt')
  })

  test('order: parents first, natural order, children then drafts', () => {
    const site = sites['5.5.2']!
    const ids = site.pages.map((p) => p.id)
    expect(ids.indexOf('projects')).toBeLessThan(ids.indexOf('projects/alpha'))
    expect(site.byId.get('notes')!.children).toEqual(['notes/hello', 'notes/wip'])
    expect(site.byId.get('home')!.url).toBe('https://example.com')
    // `1_same` sits before `same`; the winner takes the earlier slot.
    expect(site.pages.filter((p) => p.slug === 'same').map((p) => [p.folder, p.virtual ?? false])).toEqual([
      ['1_same', true],
      ['same', false]
    ])
  })
})

describe('folder names (spec §3.2, §3.9)', () => {
  const k5 = rulesFor('5')
  const k41 = rulesFor('4.1')
  const k2 = rulesFor('2')

  test.each([
    ['1_projects', 1, 'projects'],
    ['01_lead', 1, 'lead'],
    ['my_page', 0, 'page'],
    ['2024-01-01_post', 2024, 'post'],
    [' 7_spaced', 7, 'spaced'],
    ['-3_negative', -3, 'negative'],
    ['+4_plus', 4, 'plus'],
    ['1e3_exp', 1000, 'exp'],
    ['1.9_float', 1, 'float'],
    ['0x1A_hex', 0, 'hex'],
    ['a_b_c', 0, 'b_c'],
    ['1_', 1, ''],
    ['projects', null, 'projects'],
    ['1-projects', null, '1-projects']
  ])('4.2+ %j → num %j, slug %j', (name, num, slug) => {
    expect(parseFolderName(name, k5)).toMatchObject({num, slug})
  })

  test('4.2+ overflow saturates at PHP_INT_MAX, numText keeps the digits', () => {
    const name = parseFolderName('99999999999999999999_big', k5)
    expect(name.numExact).toBe(PHP_INT_MAX)
    expect(name.numText).toBe('99999999999999999999')
    expect(phpIntCast('1e30')).toBe(PHP_INT_MAX)
    expect(phpIntCast('-1e30')).toBe(-9223372036854775808n)
    expect(phpIntCast('9223372036854775807')).toBe(PHP_INT_MAX)
    expect(phpIntCast('abc')).toBe(0n)
    expect(phpIntCast(' \t\n12abc')).toBe(12n)
  })

  test.each([
    ['1_projects', 1, 'projects'],
    ['my_page', null, 'my_page'],
    ['2024-01-01_post', null, '2024-01-01_post'],
    ['20171018_slug', 20171018, 'slug']
  ])('3.0–4.1 %j → num %j, slug %j', (name, num, slug) => {
    expect(parseFolderName(name, k41)).toMatchObject({num, slug})
  })

  test.each([
    ['01-projects', 1, '01', 'projects'],
    ['20160803-licensing-kirby', 20160803, '20160803', 'licensing-kirby'],
    ['1_projects', null, null, '1_projects'],
    ['_x', null, null, '_x']
  ])('Kirby 2 %j → num %j (%j), uid %j', (name, num, numText, slug) => {
    expect(parseFolderName(name, k2)).toMatchObject({num, numText, slug})
  })
})

describe('inventory (spec §3.2, §3.4–3.6)', () => {
  const entries = (...names: string[]) => names.map((name) => ({name, isDirectory: name.endsWith('/')})).map((e) => ({...e, name: e.name.replace(/\/$/, '')}))
  const k5 = {rules: rulesFor('5')}

  test('ignore list, invisible names, untracked extensions, drafts', () => {
    const inv = inventory(entries('.DS_Store', '@eaDir/', '_drafts/', '_hidden.jpg', 'index.php', 'a.html', '2_b/', '10_c/', '1_a/', 'x.txt', 'y.pdf'), k5)
    expect(inv.children).toEqual(['1_a', '2_b', '10_c'])
    expect(inv.drafts).toBe(true)
    expect(inv.files).toEqual(['y.pdf'])
    expect(inv.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['.DS_Store', 'ignore-list'],
      ['@eaDir', 'ignore-list'],
      ['_hidden.jpg', 'invisible'],
      ['a.html', 'untracked-extension'],
      ['index.php', 'untracked-extension']
    ])
    expect(inv.template).toBe('x')
    expect(inv.contentFile).toBe('x.txt')
  })

  test('multi-language K3+: language files, plain file not read, meta per language', () => {
    const options = {rules: rulesFor('5'), languages: ['en', 'de'], defaultLanguage: 'en'}
    const inv = inventory(entries('article.de.txt', 'article.en.txt', 'photo.jpg', 'photo.jpg.de.txt', 'photo.jpg.en.txt'), options)
    expect(inv.template).toBe('article')
    expect(inv.contentFile).toBe('article.en.txt')
    expect(inv.contentFiles.map((f) => [f.name, f.role, f.language])).toEqual([
      ['article.de.txt', 'content', 'de'],
      ['article.en.txt', 'content', 'en'],
      ['photo.jpg.de.txt', 'meta', 'de'],
      ['photo.jpg.en.txt', 'meta', 'en']
    ])
    const plain = inventory(entries('article.txt'), options)
    expect(plain.template).toBe('article')
    expect(plain.contentFile).toBeUndefined()
  })

  test('single-language: `photo.jpg.de.txt` is a template candidate, not a meta file', () => {
    const inv = inventory(entries('event.de.txt', 'photo.jpg', 'photo.jpg.de.txt'), k5)
    expect(inv.template).toBe('photo.jpg.de')
    expect(inv.contentFiles.map((f) => f.role)).toEqual(['content', 'content'])
  })

  test('Kirby 2: first content file, case kept, `_` names are pages', () => {
    const inv = inventory(entries('Project.txt', 'zzz.txt', '_x/', '.hidden/'), {rules: rulesFor('2')})
    expect(inv.template).toBe('Project')
    expect(inv.contentFile).toBe('Project.txt')
    expect(inv.children).toEqual(['_x'])
  })
})

describe('languages (spec §3.6)', () => {
  test('site/languages/<code>.php', () => {
    expect(parseLanguageFile('de.php', "<?php\nreturn [\n  'code' => 'de',\n  'default' => true,\n  'name' => 'Deutsch'\n];")).toEqual({code: 'de', default: true})
    expect(parseLanguageFile('en.php', "<?php return ['name' => 'English'];")).toEqual({code: 'en', default: false})
  })

  test("Kirby 2 c::set('languages')", () => {
    const config = `<?php
c::set('languages', array(
  array('code' => 'en', 'name' => 'English', 'default' => true, 'locale' => 'en_US', 'url' => '/'),
  array('code' => 'de', 'name' => 'Deutsch', 'locale' => 'de_DE', 'url' => '/de'),
));`
    expect(parseKirby2Config(config)).toEqual([
      {code: 'en', default: true},
      {code: 'de', default: false}
    ])
  })

  test('a multi-language site from site/languages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfx-site-lang-'))
    try {
      mkdirSync(join(dir, 'site', 'languages'), {recursive: true})
      writeFileSync(join(dir, 'site', 'languages', 'en.php'), "<?php return ['code' => 'en', 'default' => true];")
      writeFileSync(join(dir, 'site', 'languages', 'de.php'), "<?php return ['code' => 'de'];")
      mkdirSync(join(dir, 'content', 'about'), {recursive: true})
      writeFileSync(join(dir, 'content', 'about', 'about.en.txt'), 'Title: About\n\n----\n\nUuid: aboutuuid0000001')
      writeFileSync(join(dir, 'content', 'about', 'about.de.txt'), 'Title: Über\n')
      mkdirSync(join(dir, 'content', 'plain'))
      writeFileSync(join(dir, 'content', 'plain', 'plain.txt'), 'Title: Plain\n')
      const site = await discover(join(dir, 'content', 'about', 'about.de.txt'), {version: '5'})
      expect(site.languages).toEqual([
        {code: 'de', default: false},
        {code: 'en', default: true}
      ])
      expect(site.byId.get('about')!.contentFile).toBe('content/about/about.en.txt')
      expect(site.byId.get('plain')!.contentFile).toBeUndefined()
      expect(site.diagnostics.filter((d) => d.code === 'plain-content-file-in-multi-language-site').map((d) => d.file)).toEqual([
        'content/plain/plain.txt'
      ])
      expect(site.uuids.get('aboutuuid0000001')).toEqual({kind: 'page', id: 'about', file: 'content/about/about.en.txt'})
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

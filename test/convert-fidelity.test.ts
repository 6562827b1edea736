/**
 * @fileoverview Fidelity of `kirbytextToMarkdown` against Kirby's own HTML
 * (golden `kirbytext.jsonl` of every corpus): each field is converted,
 * rendered by two CommonMark + GFM renderers (remark + rehype, markdown-it)
 * and compared with Kirby's HTML after normalising what a reader does not
 * see (test/helpers/convert-fidelity.ts). The rates are a ratchet: each
 * corpus must reach at least what was measured (docs/convert-fidelity.md).
 *
 * `(date:)` lines render with the golden `generated_utc_date` as "now", so
 * none is skipped. `KFX_FIDELITY_SHOW=n` prints the first n differences.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from '@jest/globals'
import {kirbytextToHtml, kirbytextToMarkdown} from '../src/convert/kirbytext-to-markdown.js'
import {rulesFor} from '../src/kirby-version.js'
import {discover, pageForFile} from '../src/site/index.js'
import type {Page} from '../src/site/index.js'
import {decode} from '../src/txt/decode.js'
import {normalizeHtml, readGolden, renderMarkdownIt, renderRemark} from './helpers/convert-fidelity.js'
import {describeShared, fixture, sharedRoot} from './helpers/shared.js'

/** Measured rates (percent, rounded down to 0.1): remark, markdown-it, and kfx's own HTML. */
const floors: Record<string, [remark: number, markdownIt: number, html: number]> = {
  'k1-arsnova-manual': [100, 100, 100],
  'k1-starterkit': [100, 100, 100],
  'k2-berlin-by-food': [100, 100, 100],
  'k2-ethicsfordesign': [100, 100, 100],
  'k2-getkirby-com-2015': [100, 100, 100],
  'k2-langkit': [100, 100, 100],
  'k2-louiseveillard': [100, 100, 100],
  'k2-starterkit': [100, 100, 100],
  'k2-thefplus': [100, 100, 100],
  'k3-offensive-tanz': [100, 100, 100],
  'k4-cnoss': [100, 100, 100],
  'k5-architecture-land-initiative': [100, 100, 100],
  'k5-demokit': [100, 100, 100],
  'k5-plainkit': [100, 100, 100],
  'k5-starterkit': [100, 100, 100]
}

const show = Number(process.env['KFX_FIDELITY_SHOW'] ?? 0)
const table: string[] = []

describeShared('kirbytextToMarkdown renders as Kirby (golden kirbytext.jsonl)', () => {
  for (const [corpus, [floorRemark, floorMdit, floorHtml]] of Object.entries(floors)) {
    it(corpus, async () => {
      const k2 = /^k[12]-/.test(corpus)
      const rules = rulesFor(k2 ? 2 : 5)
      const root = `${sharedRoot}corpora/${corpus}`
      const site = await discover(root, {version: rules, languages: [], uuids: !k2})
      const summary = JSON.parse(readFileSync(`${sharedRoot}golden/${corpus}/summary.json`, 'utf8')) as {generated_utc_date: string}
      const now = new Date(`${summary.generated_utc_date}T12:00:00Z`)
      const lines = readGolden(`${sharedRoot}golden/${corpus}/kirbytext.jsonl`)
      const files = new Map<string, Map<string, string>>()
      let remark = 0
      let mdit = 0
      let html = 0
      let shown = 0
      for (const line of lines) {
        let fields = files.get(line.file)
        if (!fields) {
          const text = readFileSync(`${root}/${line.file}`, 'utf8').replace(/^\uFEFF/, '')
          fields = new Map(decode(text, {rules}).fields.map((f) => [f.key, f.value]))
          files.set(line.file, fields)
        }
        const value = fields.get(line.field) ?? ''
        const page: Page | 'site' = line.page === null ? 'site' : (pageForFile(site, line.file) ?? site.byId.get(line.page) ?? 'site')
        const options = {rules, site, page, pageUrl: line.url, now}
        const want = normalizeHtml(line.html, line.url)
        if (normalizeHtml(kirbytextToHtml(value, options).html, line.url) === want) html++
        const {markdown} = kirbytextToMarkdown(value, options)
        const a = normalizeHtml(renderRemark(markdown), line.url)
        const b = normalizeHtml(renderMarkdownIt(markdown), line.url)
        if (a === want) remark++
        if (b === want) mdit++
        if ((a !== want || b !== want) && shown++ < show) {
          console.log(`${corpus} ${line.file} ${line.field}\nMD   ${JSON.stringify(markdown)}\nWANT ${want}\nGOT  ${a !== want ? a : b}`)
        }
      }
      const pct = (n: number): number => Math.floor((n / lines.length) * 1000) / 10
      table.push(`| ${corpus} | ${lines.length} | ${pct(remark)} % (${lines.length - remark}) | ${pct(mdit)} % (${lines.length - mdit}) | ${pct(html)} % |`)
      expect(pct(remark)).toBeGreaterThanOrEqual(floorRemark)
      expect(pct(mdit)).toBeGreaterThanOrEqual(floorMdit)
      expect(pct(html)).toBeGreaterThanOrEqual(floorHtml)
    })
  }

  it('prints the table', () => {
    console.log(['| corpus | lines | remark (differs) | markdown-it (differs) | kfx HTML |', '| --- | --- | --- | --- | --- |', ...table].join('\n'))
  })
})

describe('the seed page', () => {
  const seed = (name: string): string => readFileSync(fixture(`seed/${name}`), 'utf8')
  const pageUrl = 'http://localhost/events/rencontre-prospective'

  /** The seed page in a site of its own, with its three images (numbering of the version). */
  const seedSite = (version: '2' | '5'): string => {
    const root = mkdtempSync(join(tmpdir(), 'kfx-seed-'))
    const dir = join(root, 'content', version === '2' ? '3-events/12-rencontre-prospective' : '3_events/12_rencontre-prospective')
    mkdirSync(dir, {recursive: true})
    writeFileSync(join(dir, 'event.txt'), seed('event.txt'))
    for (const image of ['img_3156.jpg', 'img_3161.jpg', 'img_3201.jpg']) writeFileSync(join(dir, image), '')
    return root
  }

  for (const version of ['5', '2'] as const) {
    it(`converts to Markdown that renders as Kirby ${version}`, async () => {
      const rules = rulesFor(version)
      const text = decode(seed('event.txt'), {rules}).fields.find((f) => f.key === 'text')!.value
      const root = seedSite(version)
      try {
        const site = await discover(root, {version: rules, languages: []})
        const page = site.byId.get('events/rencontre-prospective')!
        const {markdown, problems} = kirbytextToMarkdown(text, {rules, site, page, pageUrl})
        expect(problems).toEqual([])
        const want = normalizeHtml(seed(`kirby${version}.text.html`), pageUrl)
        expect(normalizeHtml(renderRemark(markdown), pageUrl)).toBe(want)
        expect(normalizeHtml(renderMarkdownIt(markdown), pageUrl)).toBe(want)
        expect(markdown).toMatch(/^##### Mercredi 18 octobre 2017 - \[Le Schoolab\]\(https:\/\/theschoolab\.com\/\)/)
      } finally {
        rmSync(root, {recursive: true, force: true})
      }
    })
  }
})

describe('spec §7.8 / §7.10 Markdown vectors through kfx Markdown', () => {
  // [id, Kirby version, input, Kirby's HTML]
  const vectors: Array<[string, '2' | '5', string, string]> = [
    ['MD-01', '5', '####Title', '<h4>Title</h4>'],
    ['MD-02', '5', '# C#', '<h1>C</h1>'],
    ['MD-03', '5', '#', '<h1></h1>'],
    ['MD-04', '5', 'Line one\nLine two', '<p>Line one<br />\nLine two</p>'],
    ['MD-05', '5', 'Trailing two spaces  \nnext', '<p>Trailing two spaces<br />\nnext</p>'],
    ['MD-06', '5', 'a\\\nb', '<p>a\\<br />\nb</p>'],
    ['MD-07', '5', 'Visit https://getkirby.com now', '<p>Visit <a href="https://getkirby.com">https://getkirby.com</a> now</p>'],
    ['MD-08', '5', '~~gone~~', '<p><del>gone</del></p>'],
    ['MD-09', '5', '| a | b |\n|---|---|\n| 1 | 2 |', '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>'],
    ['MD-10', '5', 'Para\n2. item', '<p>Para<br />\n2. item</p>'],
    ['MD-11', '5', 'Para\n- item', '<p>Para</p>\n<ul>\n<li>item</li>\n</ul>'],
    ['MD-12', '5', '2017. A year', '<ol start="2017">\n<li>A year</li>\n</ol>'],
    ['MD-13', '5', '`  code  `', '<p><code>code</code></p>'],
    ['MD-14', '5', 'Text <span\nclass="x">a</span>', '<p>Text &lt;span<br />\nclass="x"&gt;a</span></p>'],
    ['MD-15', '5', '<video controls><source src="a.mp4"></video>\nafter', '<video controls><source src="a.mp4"></video>\nafter'],
    ['MD-16', '5', '<div>\n*md*\n\n*after blank*\n</div>', '<div>\n*md*\n<p><em>after blank</em></p>\n</div>'],
    ['MD-17', '5', '(link\\: about)', '<p>(link\\: about)</p>'],
    ['MD-K2-01', '2', '#', '<p>#</p>'],
    ['MD-K2-02', '2', '<div>\n*md*\n\n*after blank*\n</div>', '<div>\n*md*\n\n*after blank*\n</div>'],
    ['MD-K2-03', '2', 'Para\n2. item', '<p>Para</p>\n<ol start="2">\n<li>item</li>\n</ol>'],
    ['KT-02', '5', 'Intro\n(image: https://example.com/photo.jpg)\nOutro', '<p>Intro</p>\n<figure><img alt="" src="https://example.com/photo.jpg"></figure>\nOutro'],
    ['KT-03', '5', 'Read (link: about text: *about*) now', '<p>Read <a href="http://localhost/about"><em>about</em></a> now</p>'],
    ['KT-04', '5', '(link&#58; about) and (link\\: about)', '<p>(link&#58; about) and (link\\: about)</p>']
  ]
  for (const [id, version, input, html] of vectors) {
    it(id, () => {
      const {markdown} = kirbytextToMarkdown(input, {rules: rulesFor(version), pageUrl: 'http://localhost/p'})
      const want = normalizeHtml(html, 'http://localhost/p')
      expect(normalizeHtml(renderRemark(markdown), 'http://localhost/p')).toBe(want)
      expect(normalizeHtml(renderMarkdownIt(markdown), 'http://localhost/p')).toBe(want)
    })
  }
})

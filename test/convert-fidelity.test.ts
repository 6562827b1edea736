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
import {readFileSync} from 'node:fs'
import {expect, it} from '@jest/globals'
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
  'k2-getkirby-com-2015': [99.6, 99.9, 100],
  'k2-langkit': [100, 100, 100],
  'k2-louiseveillard': [100, 100, 100],
  'k2-starterkit': [100, 100, 100],
  'k2-thefplus': [99.9, 99.7, 100],
  'k3-offensive-tanz': [100, 100, 100],
  'k4-cnoss': [99.9, 100, 100],
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

describeShared('the seed page', () => {
  const seed = (name: string): string => readFileSync(fixture(`seed/${name}`), 'utf8')
  const pageUrl = 'http://localhost/events/rencontre-prospective'

  for (const version of ['5', '2'] as const) {
    it(`converts to Markdown that renders as Kirby ${version}`, async () => {
      const rules = rulesFor(version)
      const text = decode(seed('event.txt'), {rules}).fields.find((f) => f.key === 'text')!.value
      // The example site holds the seed page with its images (Kirby 3+ folder names).
      const site = await discover(fixture('example-site'), {version: '5', languages: []})
      const page = site.byId.get('events/rencontre-prospective')!
      const {markdown} = kirbytextToMarkdown(text, {
        rules,
        site,
        page,
        pageUrl,
        ...(version === '2' ? {fileUrl: (file) => `http://localhost/content/3-events/12-rencontre-prospective/${file.filename}`} : {})
      })
      const want = normalizeHtml(seed(`kirby${version}.text.html`), pageUrl)
      expect(normalizeHtml(renderRemark(markdown), pageUrl)).toBe(want)
      expect(normalizeHtml(renderMarkdownIt(markdown), pageUrl)).toBe(want)
      expect(markdown).toMatch(/^##### Mercredi 18 octobre 2017 - \[Le Schoolab\]\(https:\/\/theschoolab\.com\/\)/)
    })
  }
})

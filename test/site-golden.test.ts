/**
 * The site tree against what Kirby itself built for the shared corpora
 * (golden `kirbytext.jsonl`): the page id and URL of every content file's
 * folder, the hidden ("virtual") page, and which files are page content
 * files (golden README, "Which files are page content files").
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'
import {discover, type Site} from '../src/site/index.js'

const sharedRoot = fileURLToPath(new URL('../../shared/', import.meta.url))
const hasShared = existsSync(`${sharedRoot}corpora`)
const describeShared = hasShared ? describe : describe.skip
const corpora = hasShared ? readdirSync(`${sharedRoot}corpora`).sort() : []
const versionOf = (corpus: string): '2' | '5' => (/^k[12]-/.test(corpus) ? '2' : '5')

interface GoldenLine {
  file: string
  page: string | null
  url: string
  virtual?: boolean
}

interface GoldenDecode {
  file: string
  fields?: Array<[string, string]>
}

const readJsonl = <T>(path: string): T[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as T) : []

/** Whether Kirby's generator would render a field (not empty, not JSON array/object, not `uuid`). */
const rendered = ([key, value]: [string, string]): boolean => {
  if (value === '' || key === 'uuid') return false
  try {
    const parsed: unknown = JSON.parse(value)
    return !(typeof parsed === 'object' && parsed !== null)
  } catch {
    return true
  }
}

/**
 * Page content files by the golden README's definition, from kfx's model:
 * every content-extension file of the site and of every page folder (hidden
 * ones too), except meta files — `NAME.txt` or `NAME.LANG.txt` next to an
 * existing file `NAME` of the folder.
 */
const pageContentFiles = (site: Site): Set<string> => {
  const result = new Set<string>()
  const add = (contentFiles: Site['site']['contentFiles'], files: Site['site']['files']): void => {
    const names = new Set(files.map((f) => f.filename))
    for (const file of contentFiles) {
      const stem = file.name.slice(0, -'.txt'.length)
      const lang = stem.lastIndexOf('.')
      const meta = names.has(stem) || (lang > 0 && names.has(stem.slice(0, lang)))
      if (!meta && !file.name.startsWith('.')) result.add(file.path)
    }
  }
  add(site.site.contentFiles, site.site.files)
  for (const page of site.pages) add(page.contentFiles, page.files)
  return result
}

describeShared('golden kirbytext.jsonl: page ids, URLs and page content files as Kirby builds them', () => {
  const totals = {lines: 0, idAgree: 0, urlAgree: 0, files: 0, fileSetAgree: 0}
  let biggest = {corpus: '', ms: 0, pages: 0}

  for (const corpus of corpora) {
    test(`${corpus} (rules ${versionOf(corpus)})`, async () => {
      const start = performance.now()
      const site = await discover(`${sharedRoot}corpora/${corpus}`, {version: versionOf(corpus)})
      const ms = performance.now() - start
      if (site.pages.length > biggest.pages) biggest = {corpus, ms, pages: site.pages.length}

      const lines = readJsonl<GoldenLine>(`${sharedRoot}golden/${corpus}/kirbytext.jsonl`)
      if (!existsSync(`${sharedRoot}corpora/${corpus}/content`)) {
        // kirby-core-fixtures: no content tree; just make sure nothing breaks.
        expect(site.pages).toEqual([])
        expect(lines).toEqual([])
        return
      }

      // 1. Page id and URL of each line's folder.
      const mismatches: string[] = []
      const goldenFiles = new Set<string>()
      const seen = new Set<string>()
      for (const line of lines) {
        goldenFiles.add(line.file)
        if (seen.has(line.file)) continue
        seen.add(line.file)
        totals.lines++
        const folder = line.file.slice(0, line.file.lastIndexOf('/'))
        if (line.page === null) {
          const ok = folder === 'content' && site.site.contentFiles.some((f) => f.path === line.file)
          if (ok) {
            totals.idAgree++
            totals.urlAgree++
          } else mismatches.push(`${line.file}: golden site file, kfx does not list it`)
          continue
        }
        const page = site.byDir.get(folder)
        if (!page) {
          mismatches.push(`${line.file}: no kfx page for \`${folder}\``)
          continue
        }
        if (page.id === line.page) totals.idAgree++
        else mismatches.push(`${line.file}: id kirby \`${line.page}\`, kfx \`${page.id}\``)
        if (page.url === line.url) totals.urlAgree++
        else mismatches.push(`${line.file}: url kirby \`${line.url}\`, kfx \`${page.url}\``)
        if (line.virtual === true) {
          expect(page.virtual).toBe(true)
          expect(site.byId.get(page.id)).not.toBe(page)
          expect(site.diagnostics.filter((d) => d.code === 'hidden-page' && d.file === page.dir)).toHaveLength(1)
        } else {
          expect(page.virtual).toBeUndefined()
        }
      }
      expect(mismatches.slice(0, 10)).toEqual([])

      // 2. Page content files: kfx's set, narrowed to files with a rendered
      //    field (golden has lines only for those), equals golden's set.
      const decoded = new Map(readJsonl<GoldenDecode>(`${sharedRoot}golden/${corpus}/decode.jsonl`).map((d) => [d.file, d]))
      const kfxFiles = pageContentFiles(site)
      const withRenderedField = [...kfxFiles].filter((file) => (decoded.get(file)?.fields ?? []).some(rendered))
      totals.files += goldenFiles.size
      totals.fileSetAgree += withRenderedField.filter((f) => goldenFiles.has(f)).length
      expect(new Set(withRenderedField)).toEqual(goldenFiles)
      // Every kfx page content file is a decoded `.txt` of the corpus.
      expect([...kfxFiles].filter((file) => !decoded.has(file))).toEqual([])
      // As many page content files as the generator rendered (summary.json).
      const summary = JSON.parse(readFileSync(`${sharedRoot}golden/${corpus}/summary.json`, 'utf8')) as {kirbytext: {page_files: number}}
      expect(kfxFiles.size).toBe(summary.kirbytext.page_files)
      // Every golden line's file is one kfx knows as a page content file.
      expect([...goldenFiles].filter((file) => !kfxFiles.has(file))).toEqual([])
    })
  }

  test('agreement figures', () => {
    // Printed for the record; the per-corpus tests above assert 100 %.
    console.log(
      `site-golden: ${totals.idAgree}/${totals.lines} files with the same page id, ${totals.urlAgree}/${totals.lines} the same URL, ` +
        `${totals.fileSetAgree}/${totals.files} golden page content files found; ` +
        `biggest corpus ${biggest.corpus} (${biggest.pages} pages) discovered in ${biggest.ms.toFixed(0)} ms`
    )
    expect(totals.idAgree).toBe(totals.lines)
    expect(totals.urlAgree).toBe(totals.lines)
    expect(totals.fileSetAgree).toBe(totals.files)
  })
})

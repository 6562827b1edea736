/**
 * Site tree fixtures: `fixtures/site/<case>/` is a tiny Kirby site
 * (`content/`, optionally `site/languages/*.php`), `options.json` names the
 * Kirby version (`version`, or `versions` to read the same tree with
 * several) and optionally `languages` and `baseUrl`, and `tree.json`
 * (`tree.<version>.json` with `versions`) shows what kfx reads: every page
 * with its id, number, status, template, folder, URL, content files and
 * files, the site's own files, the UUID index, and the diagnostics as
 * `<file> <code>`.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {describe, test} from '@jest/globals'
import {formatKirbyVersion} from '../src/kirby-version.js'
import {discover, type DiscoverOptions, type PageContentFile, type Site, type SiteFile} from '../src/site/index.js'
import {expectJsonFile} from './helpers/expect-file.js'
import {fixture} from './helpers/shared.js'

interface FixtureOptions {
  version?: string
  versions?: string[]
  languages?: string[]
  baseUrl?: string
}

const root = fixture('site')
const cases = readdirSync(root)
  .filter((name) => statSync(`${root}/${name}`).isDirectory())
  .sort()

const contentFiles = (files: readonly PageContentFile[]) =>
  files.map((f) => ({name: f.name, role: f.role, ...(f.language === undefined ? {} : {language: f.language})}))

const files = (list: readonly SiteFile[]) => list.map((f) => ({filename: f.filename, ...(f.meta === undefined ? {} : {meta: f.meta})}))

/** The site as `tree.json` shows it. */
const treeOf = (site: Site) => ({
  version: formatKirbyVersion(site.version.version),
  languages: site.languages.map((l) => (l.default ? `${l.code} (default)` : l.code)),
  site: {
    ...(site.site.contentFile === undefined ? {} : {contentFile: site.site.contentFile}),
    contentFiles: contentFiles(site.site.contentFiles),
    files: files(site.site.files)
  },
  pages: site.pages.map((page) => ({
    id: page.id,
    slug: page.slug,
    num: page.num,
    status: page.status,
    template: page.template,
    dir: page.dir,
    url: page.url,
    ...(page.virtual ? {virtual: true} : {}),
    ...(page.contentFile === undefined ? {} : {contentFile: page.contentFile}),
    contentFiles: contentFiles(page.contentFiles),
    files: files(page.files)
  })),
  uuids: [...site.uuids].map(([uuid, entry]) => ({uuid, ...entry})),
  diagnostics: site.diagnostics.map((d) => `${d.file ?? '.'} ${d.code}`)
})

describe('site fixtures', () => {
  for (const name of cases) {
    const dir = `${root}/${name}`
    const options: FixtureOptions = existsSync(`${dir}/options.json`)
      ? (JSON.parse(readFileSync(`${dir}/options.json`, 'utf8')) as FixtureOptions)
      : {}
    const versions = options.versions ?? [options.version ?? 'auto']
    for (const version of versions) {
      const label = options.versions ? `${name} (Kirby ${version})` : name
      test(label, async () => {
        const discoverOptions: DiscoverOptions = {version}
        if (options.languages) discoverOptions.languages = options.languages
        if (options.baseUrl) discoverOptions.baseUrl = options.baseUrl
        const site = await discover(dir, discoverOptions)
        expectJsonFile(`${dir}/${options.versions ? `tree.${version}.json` : 'tree.json'}`, treeOf(site))
      })
    }
  }
})

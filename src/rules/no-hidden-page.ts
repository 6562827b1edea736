/**
 * @fileoverview `no-hidden-page`: page folders Kirby does not show, or shows
 * under another id, without a word.
 *
 * Why (spec §3.2–3.4, §8.6–7):
 * - two sibling folders with one slug (`1_about` and `about`; Kirby 2
 *   `1-about` and `2-about`) are one page id: Kirby keeps the later folder
 *   in natural order and the other one disappears;
 * - a draft with the id of a page is never found by its id;
 * - since Kirby 4.2 every `_` in a folder name splits number and slug
 *   (`my_page` is the listed page `page`, num 0), so links and URLs to
 *   `my_page` break on an upgrade;
 * - a content file name with capitals (`Article.txt`) gives template
 *   `article`, and Kirby then reads `article.txt`, which does not exist on
 *   a case-sensitive file system: the page is empty (Kirby 3+).
 *
 * ok:     content/1_about/about.txt, content/2_blog/blog.txt
 * not-ok: content/1_about/about.txt and content/about/about.txt (one page `about`)
 *
 * No fix: renaming folders changes URLs.
 */
import {defineRule} from '../lint/rule.js'
import type {Page} from '../site/index.js'

export const noHiddenPage = defineRule({
  id: 'no-hidden-page',
  severity: 'error',
  description: 'Page folders Kirby hides (same slug, a draft under a page id) or reads as another page (`_` in 4.2+, capitals in the content file name)',
  checkSite: ({site, report}) => {
    // The site's own map when it holds every page (discover's does): no second index of every page.
    const byDir = site.byDir.size === site.pages.length ? site.byDir : new Map<string, Page>(site.pages.map((page) => [page.dir, page]))
    // Same-slug siblings: the later folder (natural order) wins. Every such
    // group holds a virtual page, so only folders with one are grouped.
    const containerOf = (page: Page) => page.dir.slice(0, page.dir.lastIndexOf('/'))
    const withVirtual = new Set<string>()
    const lengths = new Set<number>()
    for (const page of site.pages) {
      if (page.virtual !== true) continue
      const container = containerOf(page)
      withVirtual.add(container)
      lengths.add(container.length)
    }
    const groups = new Map<string, Page[]>()
    for (const page of withVirtual.size === 0 ? [] : site.pages) {
      // The length first: most folder paths are never sliced (nor copied flat).
      if (!lengths.has(page.dir.length - page.folder.length - 1)) continue
      const container = containerOf(page)
      if (!withVirtual.has(container)) continue
      const key = `${container}\u0000${page.slug}`
      const group = groups.get(key)
      if (group) group.push(page)
      else groups.set(key, [page])
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue
      const winner = group.find((page) => page.virtual !== true) ?? group[group.length - 1]!
      for (const page of group) {
        if (page === winner) continue
        report(page.dir, {
          reason: `Unexpected folder \`${page.folder}\` with the slug of its sibling \`${winner.folder}\`, expected one folder per slug: both are page \`${page.id}\` and Kirby shows only \`${winner.folder}\``,
          note: 'Rename one folder (Kirby takes the later one in natural order).'
        })
      }
    }
    for (const diagnostic of site.diagnostics) {
      const at = diagnostic.file
      if (at === undefined) continue
      const page = byDir.get(at)
      switch (diagnostic.code) {
        case 'draft-id-taken':
          report(at, {
            reason: `Unexpected draft \`${page?.folder ?? at}\` with the id of a page, expected a draft id of its own: Kirby finds the page \`${page?.id ?? ''}\`, never the draft`,
            note: 'Rename the draft.'
          })
          break
        case 'underscore-in-folder-name':
          if (page === undefined) break
          report(at, {
            reason: `Unexpected \`_\` in folder name \`${page.folder}\`, expected \`-\` in a slug: Kirby 4.2+ reads the ${page.num === null ? 'page' : `listed page (num ${page.num})`} \`${page.id}\`; before 4.2 it was the unlisted \`${page.folder}\``,
            note: 'Use `-` in slugs and `<number>_` only for the sort number.'
          })
          break
        case 'uppercase-content-file': {
          const name = at.slice(at.lastIndexOf('/') + 1)
          const owner = byDir.get(at.slice(0, at.lastIndexOf('/')))
          const template = owner?.template ?? name.slice(0, name.indexOf('.')).toLowerCase()
          const defaultCode = site.languages.find((language) => language.default)?.code
          const read = `${template}${defaultCode === undefined ? '' : `.${defaultCode}`}${name.slice(name.lastIndexOf('.'))}`
          report(at, {
            reason: `Unexpected upper case in \`${name}\`, expected \`${read}\`: Kirby takes template \`${template}\` from it and reads \`${read}\`, which does not exist on a case-sensitive file system, so the page is empty`,
            note: 'Rename the file in lower case.'
          })
          break
        }
        default:
          break
      }
    }
  }
})

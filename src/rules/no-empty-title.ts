/**
 * @fileoverview `no-empty-title`: pages whose title Kirby replaces with the
 * slug.
 *
 * Why: `$page->title()` falls back to the folder's slug when the content
 * file has no `Title:` or an empty one (Kirby 2: the uid), so menus, the
 * browser tab and the Panel show `my-first-post`. A translation without
 * `Title:` falls back to the default language's title, which is fine; a
 * translation with an empty `Title:` overrides it with nothing, which is
 * not. File meta files (titles are optional there), the site (Kirby has
 * no fallback, templates choose), and files without fields or with only
 * Kirby's own keys (they only give a folder its template) are not checked.
 *
 * ok:
 *   Title: About us
 *
 * not-ok (the page is called `about` everywhere):
 *   Title:
 *
 * No fix: only a person can write the title.
 */
import {defineRule} from '../lint/rule.js'

/** Keys Kirby writes itself. */
const OWN_KEYS = new Set(['uuid', 'template', 'sort', 'slug', 'url_key'])
/** Keys that were meant as `title` (translations and typos). */
const TITLE_TYPOS = /^(?:titel|titre|titolo|titulo|título|tittle|tilte|titl|tite|ttile)$/

export const noEmptyTitle = defineRule({
  id: 'no-empty-title',
  severity: 'warning',
  description: 'A page without a title or with an empty one, which Kirby shows as its slug',
  check: ({content, model, report}) => {
    if (model.kind !== 'page' || model.page === undefined) return
    const slug = model.page.slug
    const title = content.fields.find((field) => field.key === 'title')
    if (title === undefined) {
      // An empty file only gives the page its template (`xmlsitemap.txt`): nobody reads its title.
      // So does a file of Kirby's own keys only (a folder made by hand, then given a UUID).
      if (!model.defaultLanguage || content.fields.every((field) => OWN_KEYS.has(field.key))) return
      const typo = content.fields.find((field) => TITLE_TYPOS.test(field.key))
      report({
        reason: `Unexpected page without \`Title:\`, expected a title: Kirby shows the slug \`${slug}\` instead`,
        place: typo ? typo.keyPosition : content.point(0),
        note: typo ? `\`${typo.rawKey}:\` is no \`Title:\`; rename it.` : 'Add a `Title:` field.'
      })
      return
    }
    if (title.value.trim() !== '') return
    report({
      reason: `Unexpected empty \`${title.rawKey}:\`, expected a title: Kirby shows the slug \`${slug}\` instead${model.defaultLanguage ? '' : ' (an empty field in a translation overrides the default language)'}`,
      place: title.keyPosition,
      note: model.defaultLanguage ? 'Write the title.' : 'Write the title, or remove the field so that the default language\'s title shows.'
    })
  }
})

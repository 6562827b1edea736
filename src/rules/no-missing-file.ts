/**
 * @fileoverview `no-missing-file`: `(file:)` tags, links to files and
 * files-field entries that name a file that does not exist.
 *
 * `(file:)` values and files-field entries (that are no images) are looked
 * up in Kirby's order, as `no-missing-image` does (`resolveFileReference`:
 * the page's files, a child path, the site's files, a page id from the site
 * root; Kirby 2 only the page's own files). Links whose target has a file
 * extension (`(link: docs/manual.pdf)`, `[manual](manual.pdf)`,
 * `<a href="…pdf">`) are resolved like every link (`no-broken-link`) and
 * then served as a router would (`<page>/<file>`); paths into folders that
 * are no content (`/downloads/x.pdf` where no page `downloads` exists) are
 * left alone, since only the web server knows them. `file://` UUIDs are
 * `no-broken-uuid`'s.
 *
 * Why: a missing `(file:)` renders as its bare text without a link, and a
 * link to a missing file leads to the error page; Kirby says nothing.
 *
 * ok (`content/downloads/` holds `manual.pdf`):
 *
 *     Text: Get the (file: manual.pdf text: manual).
 *
 * not ok (it does not hold `manual-v2.pdf`):
 *
 *     Text: Get the (file: manual-v2.pdf text: manual).
 */
import {defineRule} from '../lint/rule.js'
import {missingFilesOf} from './no-missing-image.js'

export default defineRule({
  id: 'no-missing-file',
  severity: 'error',
  description: '`(file:)` tags, links to files and files-field entries that name a file that does not exist',
  async check(context) {
    for (const missing of await missingFilesOf(context)) {
      if (missing.kind !== 'file') continue
      context.report({reason: missing.reason, place: missing.place, actual: missing.value, ...(missing.note ? {note: missing.note} : {})})
    }
  }
})

/**
 * @fileoverview `no-link-to-draft`: links that lead only to a draft.
 *
 * The same links as `no-broken-link` (`(link:)` values, Markdown and HTML
 * links, `href`s in blocks JSON, `page://` UUIDs and `/@/page/…`
 * permalinks), resolved the same way; reported when the page they reach is
 * a draft (in or below a `_drafts` folder) and no published page has that
 * id. Links written in a draft are not reported: a draft's text is not
 * public either, and the two are usually published together.
 *
 * Why: Kirby finds drafts when it resolves a path (`App::page` with drafts,
 * the router for logged-in users), so the link works for the editor in the
 * Panel preview, but visitors get the error page until the draft is
 * published.
 *
 * ok (`content/blog/1_launch/article.txt` is listed):
 *
 *     Text: Read (link: blog/launch text: the launch post).
 *
 * not ok (`content/blog/_drafts/launch/article.txt` is a draft):
 *
 *     Text: Read (link: blog/launch text: the launch post).
 */
import {defineRule} from '../lint/rule.js'
import {judgeLink, parentOf, referencesOf} from './no-broken-link.js'

export default defineRule({
  id: 'no-link-to-draft',
  severity: 'warning',
  description: 'Links that resolve only to a draft, which visitors cannot see',
  async check(context) {
    const from = parentOf(context)
    if (from !== 'site' && from.draft) return
    const {links} = await referencesOf(context)
    for (const link of links) {
      const how = link.source === 'tag' || link.source === 'field' ? 'kirby' : 'browser'
      const verdict = judgeLink(context.site, from, link.target, how)
      if (verdict.kind !== 'draft') continue
      context.report({
        reason: `Unexpected link to \`${link.target.trim()}\`, expected a published page: \`${verdict.page.id}\` is a draft`,
        place: link.place,
        actual: link.target,
        note: `Its folder is \`${verdict.page.dir}\`. Visitors get the error page until it is published; the Panel preview shows it only to logged-in users`
      })
    }
  }
})

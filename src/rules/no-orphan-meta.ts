/**
 * @fileoverview `no-orphan-meta`: a meta file (`photo.jpg.txt`) whose file
 * (`photo.jpg`) is not there.
 *
 * Why: Kirby pairs `<file>.txt` with `<file>` (spec §3.5). Without the
 * file, the meta file is a content file like any other: a template
 * candidate, which wins the template election when it comes last in
 * natural order (Kirby 3+; first in Kirby 2), and then the page gets
 * template `photo.jpg` and the content of the meta file. Otherwise it is
 * dead data — usually a file that was deleted or renamed without its meta
 * file. The reason says which of the two it is.
 *
 * ok:     content/blog/photo.jpg + content/blog/photo.jpg.txt
 * not-ok: content/blog/photo.jpg.txt alone
 *
 * No fix: kfx cannot know whether the file or the meta file is wrong.
 */
import {defineRule} from '../lint/rule.js'

export const noOrphanMeta = defineRule({
  id: 'no-orphan-meta',
  severity: 'warning',
  description: 'A meta file (`photo.jpg.txt`) without its file, which Kirby reads as a content file',
  checkSite: ({site, report}) => {
    for (const diagnostic of site.diagnostics) {
      if (diagnostic.code !== 'orphan-meta-file' || diagnostic.file === undefined) continue
      const at = diagnostic.file
      const name = at.slice(at.lastIndexOf('/') + 1)
      const dir = at.slice(0, at.lastIndexOf('/'))
      const page = site.byDir.get(dir)
      let file = name.slice(0, name.lastIndexOf('.'))
      const last = file.slice(file.lastIndexOf('.') + 1)
      if (site.languages.some((language) => language.code === last)) file = file.slice(0, file.lastIndexOf('.'))
      const wins = page !== undefined && page.contentFile === at
      report(at, {
        reason: wins
          ? `Unexpected meta file \`${name}\` without \`${file}\`, expected the file beside it: Kirby reads it as the page's content file, with template \`${page.template}\``
          : `Unexpected meta file \`${name}\` without \`${file}\`, expected the file beside it: Kirby does not attach it to any file`,
        note: wins ? 'Add the file, or delete or rename the meta file; the page shows none of its own content now.' : 'Add the file, or delete the meta file.'
      })
    }
  }
})

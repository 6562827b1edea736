/**
 * @fileoverview Small Kirby sites in temporary folders, for tests that write
 * hostile or generated content: `files` by path relative to the site root,
 * with a `content/site.txt` unless `files` brings its own.
 */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

/** Writes a site in a new folder named with `prefix`, notes the folder in `roots` (for cleaning up), returns it. */
export const makeTempSite = (prefix: string, roots: string[], files: Record<string, string | Uint8Array>): string => {
  const root = mkdtempSync(path.join(tmpdir(), prefix))
  roots.push(root)
  const all: Record<string, string | Uint8Array> = {'content/site.txt': 'Title: Site\n', ...files}
  for (const [relative, body] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, relative)), {recursive: true})
    writeFileSync(path.join(root, relative), body)
  }
  return root
}

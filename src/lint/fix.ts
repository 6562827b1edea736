/**
 * @fileoverview Applying fixes: `--fix` writes them, `--fix-dry-run` prints
 * them as a unified diff. Fixes are replacements in a file's text that
 * cannot change what Kirby shows; overlapping ones are skipped (the next
 * run applies them). Writes are atomic — a temporary file beside the
 * original, then a rename — so an interrupted run leaves no half-written
 * file. Only files that were linted are ever written.
 */
import {readFile} from 'node:fs/promises'
import {createTwoFilesPatch} from 'diff'
import {writeAtomic} from '../util/atomic.js'
import type {Fix} from './rule.js'

/** The text with the fixes applied (in order; a fix overlapping an earlier one is left out). */
export const applyFixes = (text: string, list: readonly Fix[]): {text: string; applied: number} => {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end)
  let out = ''
  let at = 0
  let applied = 0
  for (const fix of sorted) {
    if (fix.start < at || fix.start > fix.end || fix.end > text.length) continue
    out += text.slice(at, fix.start) + fix.text
    at = fix.end
    applied++
  }
  return {text: out + text.slice(at), applied}
}

/** Writes `text` to `file` atomically (re-exported for the callers that found it here). */
export {writeAtomic}

/** The fixes of one file as a unified diff (empty when nothing changes). */
export const fixDiff = (shown: string, before: string, after: string): string =>
  before === after ? '' : createTwoFilesPatch(`a/${shown}`, `b/${shown}`, before, after, undefined, undefined, {context: 2})

/** Applies fixes to files on disk (or only computes the diff); returns the diff and the count. */
export const fixFiles = async (
  offered: ReadonlyMap<string, {absolute: string; fixes: readonly Fix[]}>,
  write: boolean
): Promise<{diff: string; files: number; fixes: number}> => {
  let diff = ''
  let files = 0
  let count = 0
  for (const [shown, {absolute, fixes}] of [...offered].sort(([a], [b]) => a.localeCompare(b))) {
    const before = await readFile(absolute, 'utf8')
    const {text, applied} = applyFixes(before, fixes)
    if (applied === 0 || text === before) continue
    files++
    count += applied
    diff += fixDiff(shown, before, text)
    if (write) await writeAtomic(absolute, text)
  }
  return {diff, files, fixes: count}
}

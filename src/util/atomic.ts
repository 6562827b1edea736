/**
 * @fileoverview Atomic file writes: the new content goes to a temporary
 * file beside the target, which is then renamed over it, so an interrupted
 * run leaves either the old file or the new one, never half of one. The
 * temporary file is made exclusively (never through an existing file or
 * link), and the temporary files of writes under way are known, so that a
 * signal handler can remove them (`removeTemporaryFiles`).
 */
import {randomBytes} from 'node:crypto'
import {constants, copyFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {copyFile, rename, unlink, writeFile} from 'node:fs/promises'
import path from 'node:path'

/** Temporary files of writes under way. */
const underWay = new Set<string>()

const temporaryFor = (target: string): string => path.join(path.dirname(target), `.${path.basename(target)}.kfx-${randomBytes(6).toString('hex')}`)

/** Makes `target` by filling a temporary file beside it (`fill`), then renaming it over `target`. */
export const atomically = async (target: string, fill: (temporary: string) => Promise<void>): Promise<void> => {
  const temporary = temporaryFor(target)
  underWay.add(temporary)
  try {
    await fill(temporary)
    await rename(temporary, target)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  } finally {
    underWay.delete(temporary)
  }
}

/** {@link atomically}, synchronously: nothing else runs between filling and renaming. */
export const atomicallySync = (target: string, fill: (temporary: string) => void): void => {
  const temporary = temporaryFor(target)
  underWay.add(temporary)
  try {
    fill(temporary)
    renameSync(temporary, target)
  } catch (error) {
    try {
      unlinkSync(temporary)
    } catch {}
    throw error
  } finally {
    underWay.delete(temporary)
  }
}

/** Writes `text` to `file` atomically. */
export const writeAtomic = (file: string, text: string | Uint8Array): Promise<void> => atomically(file, (temporary) => writeFile(temporary, text, {flag: 'wx'}))

/** Copies `from` to `to` atomically. */
export const copyAtomic = (from: string, to: string): Promise<void> => atomically(to, (temporary) => copyFile(from, temporary, constants.COPYFILE_EXCL))

/** Writes `text` to `file` atomically, synchronously. */
export const writeAtomicSync = (file: string, text: string | Uint8Array): void => atomicallySync(file, (temporary) => writeFileSync(temporary, text, {flag: 'wx'}))

/** Copies `from` to `to` atomically, synchronously. */
export const copyAtomicSync = (from: string, to: string): void => atomicallySync(to, (temporary) => copyFileSync(from, temporary, constants.COPYFILE_EXCL))

/** Removes the temporary files of writes under way (for a signal handler, before the process ends); returns how many. */
export const removeTemporaryFiles = (): number => {
  let removed = 0
  for (const temporary of underWay) {
    try {
      unlinkSync(temporary)
      removed++
    } catch {}
  }
  underWay.clear()
  return removed
}

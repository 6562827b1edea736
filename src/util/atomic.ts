/**
 * @fileoverview Atomic file writes: the new content goes to a temporary
 * file beside the target, which is then renamed over it, so an interrupted
 * run leaves either the old file or the new one, never half of one.
 */
import {randomBytes} from 'node:crypto'
import {copyFile, rename, unlink, writeFile} from 'node:fs/promises'
import path from 'node:path'

/** Makes `target` by filling a temporary file beside it (`fill`), then renaming it over `target`. */
export const atomically = async (target: string, fill: (temporary: string) => Promise<void>): Promise<void> => {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.kfx-${randomBytes(6).toString('hex')}`)
  try {
    await fill(temporary)
    await rename(temporary, target)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
}

/** Writes `text` to `file` atomically. */
export const writeAtomic = (file: string, text: string | Uint8Array): Promise<void> => atomically(file, (temporary) => writeFile(temporary, text))

/** Copies `from` to `to` atomically. */
export const copyAtomic = (from: string, to: string): Promise<void> => atomically(to, (temporary) => copyFile(from, temporary))

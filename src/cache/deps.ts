/**
 * @fileoverview What a file's result depends on besides its own bytes and
 * the site index: other content files its stages read (the default
 * language's file of a translation, the meta file whose `Caption` an
 * `(image:)` tag renders). The result cache runs each file's stages in a
 * tracking context; the few places that read another content file call
 * {@link dependsOn}, which does nothing outside a tracked run.
 */
import {AsyncLocalStorage} from 'node:async_hooks'

const storage = new AsyncLocalStorage<Set<string>>()

/** Notes that the file being judged depends on `relative` (a path relative to the site root). */
export const dependsOn = (relative: string): void => {
  storage.getStore()?.add(relative)
}

/** Runs `work`, collecting the paths it notes with {@link dependsOn}. */
export const tracking = async (work: () => Promise<void>): Promise<Set<string>> => {
  const found = new Set<string>()
  await storage.run(found, work)
  return found
}

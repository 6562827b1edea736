/**
 * @fileoverview Reads the listings of a content tree once, with a bounded
 * number of directory reads in flight. Everything else (version detection,
 * the page model) works on this snapshot, so each folder is listed once.
 */
import {join, sep} from 'node:path'
import type {Diagnostic} from '../types.js'
import {createLimit, nodeSiteFs, type SiteFs} from './fs.js'
import {isIgnoredName, type ListingEntry} from './inventory.js'

/** Listings of every folder below a content root, keyed by path relative to the site root (`content/1_x`). */
export interface ContentListing {
  /** Absolute site root. */
  root: string
  /** Content root relative to the site root (`content`). */
  contentDir: string
  /** Folder path (POSIX, relative to the site root) → its entries, in `readdir` order. */
  dirs: Map<string, ListingEntry[]>
  /** Folders that could not be read. */
  diagnostics: Diagnostic[]
}

/** Options of {@link scanContent}. */
export interface ScanOptions {
  /** File system (default `node:fs/promises`). */
  fs?: SiteFs
  /** Reads in flight at most (default 16). */
  concurrency?: number
  /** Whether to list a child folder (default: all but ignore-list and `.` names). */
  descend?: (name: string, parentDir: string) => boolean
  /** An existing limiter to share with other reads. */
  limit?: <T>(task: () => Promise<T>) => Promise<T>
}

const defaultDescend = (name: string): boolean => !isIgnoredName(name) && !name.startsWith('.')

/** Lists `root/contentDir` and every folder below it (each once). */
export const scanContent = async (root: string, contentDir: string, options: ScanOptions = {}): Promise<ContentListing> => {
  const fs = options.fs ?? nodeSiteFs
  const limit = options.limit ?? createLimit(options.concurrency ?? 16)
  const descend = options.descend ?? defaultDescend
  const listing: ContentListing = {root, contentDir, dirs: new Map(), diagnostics: []}

  // Links are followed as PHP's `is_dir` follows them, but never out of the
  // content folder and never into a folder being walked (a loop).
  const realpath = fs.realpath?.bind(fs)
  const rootReal = realpath ? await realpath(join(root, contentDir)).catch(() => undefined) : undefined
  const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep)

  const walk = async (rel: string, chain: readonly string[]): Promise<void> => {
    const absolute = join(root, rel)
    let dirents
    try {
      dirents = await limit(() => fs.readdir(absolute, {withFileTypes: true}))
    } catch (error) {
      listing.diagnostics.push({
        code: 'unreadable-folder',
        reason: `Cannot read folder \`${rel}\`: ${(error as Error).message}`,
        severity: 'error',
        file: rel
      })
      return
    }
    const entries: ListingEntry[] = []
    const reals = new Map<string, string>()
    for (const dirent of dirents) {
      let isDir = dirent.isDirectory()
      // A FIFO, socket or device would block or flood any read: not listed.
      if (!isDir && !dirent.isSymbolicLink() && dirent.isFile?.() === false) {
        listing.diagnostics.push({code: 'special-file', reason: `Unexpected special file \`${rel}/${dirent.name}\` (a FIFO, socket or device), expected a file or folder: not read`, severity: 'warning', file: `${rel}/${dirent.name}`})
        continue
      }
      // PHP `is_dir` follows links.
      if (!isDir && dirent.isSymbolicLink()) {
        const linked = join(absolute, dirent.name)
        if (realpath && rootReal !== undefined) {
          const real = await limit(() => realpath(linked)).catch(() => undefined)
          if (real === undefined) {
            listing.diagnostics.push({code: 'broken-symlink', reason: `Unexpected link \`${rel}/${dirent.name}\` to nothing (or a loop), expected a file or folder: not followed`, severity: 'warning', file: `${rel}/${dirent.name}`})
            continue
          }
          if (!inside(real, rootReal)) {
            listing.diagnostics.push({code: 'symlink-outside', reason: `Unexpected link \`${rel}/${dirent.name}\` to \`${real}\` outside the content folder, expected a link inside it: not followed`, severity: 'warning', file: `${rel}/${dirent.name}`})
            continue
          }
          isDir = await limit(() => fs.stat(linked)).then((s) => s.isDirectory(), () => false)
          if (isDir && chain.some((walked) => inside(walked, real))) {
            listing.diagnostics.push({code: 'symlink-loop', reason: `Unexpected link \`${rel}/${dirent.name}\` to a folder that holds it (a loop), expected a link elsewhere: not followed`, severity: 'warning', file: `${rel}/${dirent.name}`})
            continue
          }
          if (isDir) reals.set(dirent.name, real)
        } else {
          isDir = await limit(() => fs.stat(linked)).then((s) => s.isDirectory(), () => false)
        }
      }
      entries.push({name: dirent.name, isDirectory: isDir})
    }
    listing.dirs.set(rel, entries)
    const here = chain[chain.length - 1]
    await Promise.all(
      entries
        .filter((e) => e.isDirectory && descend(e.name, rel))
        .map((e) => walk(`${rel}/${e.name}`, here === undefined ? chain : [...chain, reals.get(e.name) ?? join(here, e.name)]))
    )
  }

  await walk(contentDir, rootReal === undefined ? [] : [rootReal])
  return listing
}

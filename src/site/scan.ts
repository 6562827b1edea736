/**
 * @fileoverview Reads the listings of a content tree once, with a bounded
 * number of directory reads in flight. Everything else (version detection,
 * the page model) works on this snapshot, so each folder is listed once.
 */
import {join} from 'node:path'
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

  const walk = async (rel: string): Promise<void> => {
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
    for (const dirent of dirents) {
      let isDir = dirent.isDirectory()
      // PHP `is_dir` follows links.
      if (!isDir && dirent.isSymbolicLink()) {
        isDir = await limit(() => fs.stat(join(absolute, dirent.name))).then((s) => s.isDirectory(), () => false)
      }
      entries.push({name: dirent.name, isDirectory: isDir})
    }
    listing.dirs.set(rel, entries)
    await Promise.all(entries.filter((e) => e.isDirectory && descend(e.name, rel)).map((e) => walk(`${rel}/${e.name}`)))
  }

  await walk(contentDir)
  return listing
}

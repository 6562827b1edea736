/**
 * @fileoverview Reads the listings of a content tree once, with a bounded
 * number of directory reads in flight. Everything else (version detection,
 * the page model) works on this snapshot, so each folder is listed once.
 */
import {join, sep} from 'node:path'
import type {Diagnostic} from '../types.js'
import {createLimit, nodeSiteFs, type SiteDirent, type SiteFs} from './fs.js'
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

/**
 * The real paths of the folders being walked, from the content root down,
 * as a linked list: extending it per folder costs nothing, and a path is
 * only computed when a link has to be checked against it.
 */
interface Chain {
  readonly parent: Chain | undefined
  /** Real path when known (the content root, a followed link). */
  real?: string
  /** Folder name below `parent` (when `real` is not known yet). */
  readonly name?: string
}

const realOf = (chain: Chain): string => (chain.real ??= join(realOf(chain.parent!), chain.name!))

/** Lists `root/contentDir` and every folder below it (each once). */
export const scanContent = async (root: string, contentDir: string, options: ScanOptions = {}): Promise<ContentListing> => {
  const fs = options.fs ?? nodeSiteFs
  const limit = options.limit ?? createLimit(options.concurrency ?? 16)
  const descend = options.descend ?? defaultDescend
  const listing: ContentListing = {root, contentDir, dirs: new Map(), diagnostics: []}
  const readdirSync = fs.readdirSync?.bind(fs)

  // Links are followed as PHP's `is_dir` follows them, but never out of the
  // content folder and never into a folder being walked (a loop).
  const realpath = fs.realpath?.bind(fs)
  const rootReal = realpath ? await realpath(join(root, contentDir)).catch(() => undefined) : undefined
  const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep)
  const holds = (chain: Chain | undefined, real: string): boolean => {
    for (let link = chain; link; link = link.parent) if (inside(realOf(link), real)) return true
    return false
  }

  /** What a link entry is: a folder or file to list (with the folder's real path), or undefined when it is not followed. */
  const followLink = async (rel: string, absolute: string, name: string, chain: Chain | undefined): Promise<{isDir: boolean; real?: string} | undefined> => {
    const linked = join(absolute, name)
    if (!realpath || rootReal === undefined) {
      return {isDir: await limit(() => fs.stat(linked)).then((s) => s.isDirectory(), () => false)}
    }
    const real = await limit(() => realpath(linked)).catch(() => undefined)
    if (real === undefined) {
      listing.diagnostics.push({code: 'broken-symlink', reason: `Unexpected link \`${rel}/${name}\` to nothing (or a loop), expected a file or folder: not followed`, severity: 'warning', file: `${rel}/${name}`})
      return undefined
    }
    if (!inside(real, rootReal)) {
      listing.diagnostics.push({code: 'symlink-outside', reason: `Unexpected link \`${rel}/${name}\` to \`${real}\` outside the content folder, expected a link inside it: not followed`, severity: 'warning', file: `${rel}/${name}`})
      return undefined
    }
    const isDir = await limit(() => fs.stat(linked)).then((s) => s.isDirectory(), () => false)
    if (isDir && holds(chain, real)) {
      listing.diagnostics.push({code: 'symlink-loop', reason: `Unexpected link \`${rel}/${name}\` to a folder that holds it (a loop), expected a link elsewhere: not followed`, severity: 'warning', file: `${rel}/${name}`})
      return undefined
    }
    return isDir ? {isDir, real} : {isDir}
  }

  /** Lists one folder into `listing`; returns the child folders to list next, in `readdir` order. */
  const list = async (rel: string, chain: Chain | undefined): Promise<Array<[string, Chain | undefined]>> => {
    const absolute = join(root, rel)
    let dirents: SiteDirent[]
    try {
      dirents = readdirSync ? readdirSync(absolute, {withFileTypes: true}) : await limit(() => fs.readdir(absolute, {withFileTypes: true}))
    } catch (error) {
      listing.diagnostics.push({
        code: 'unreadable-folder',
        reason: `Cannot read folder \`${rel}\`: ${(error as Error).message}`,
        severity: 'error',
        file: rel
      })
      return []
    }
    const entries: ListingEntry[] = []
    const children: Array<[string, Chain | undefined]> = []
    for (const dirent of dirents) {
      const name = dirent.name
      let isDir = dirent.isDirectory()
      let real: string | undefined
      if (!isDir && dirent.isSymbolicLink()) {
        // PHP `is_dir` follows links.
        const followed = await followLink(rel, absolute, name, chain)
        if (followed === undefined) continue
        isDir = followed.isDir
        real = followed.real
      } else if (!isDir && dirent.isFile?.() === false) {
        // A FIFO, socket or device would block or flood any read: not listed.
        listing.diagnostics.push({code: 'special-file', reason: `Unexpected special file \`${rel}/${name}\` (a FIFO, socket or device), expected a file or folder: not read`, severity: 'warning', file: `${rel}/${name}`})
        continue
      }
      entries.push({name, isDirectory: isDir})
      if (isDir && descend(name, rel)) {
        const childChain = chain === undefined ? undefined : real === undefined ? {parent: chain, name} : {parent: chain, real}
        children.push([`${rel}/${name}`, childChain])
      }
    }
    listing.dirs.set(rel, entries)
    return children
  }

  const start: Chain | undefined = rootReal === undefined ? undefined : {parent: undefined, real: rootReal}
  if (readdirSync) {
    // Depth-first, one folder after another, in `readdir` order; a stack,
    // not recursion, so a deep tree cannot overflow the call stack.
    const stack: Array<[string, Chain | undefined]> = [[contentDir, start]]
    for (let next = stack.pop(); next; next = stack.pop()) {
      const children = await list(next[0], next[1])
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!)
    }
  } else {
    const walk = async (rel: string, chain: Chain | undefined): Promise<void> => {
      const children = await list(rel, chain)
      await Promise.all(children.map(([child, childChain]) => walk(child, childChain)))
    }
    await walk(contentDir, start)
  }
  return listing
}

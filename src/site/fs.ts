/**
 * @fileoverview The file system the site reader uses, injectable for tests,
 * and a small concurrency limit so a walk never has more than a few reads in
 * flight (STYLE §4.8: bounded, linear).
 */
import {readdirSync} from 'node:fs'
import * as nodeFs from 'node:fs/promises'

/** A directory entry as `readdir(…, {withFileTypes: true})` returns it. */
export interface SiteDirent {
  /** Entry name. */
  name: string
  /** Whether the entry is a directory (not following links). */
  isDirectory(): boolean
  /** Whether the entry is a symbolic link. */
  isSymbolicLink(): boolean
  /** Whether the entry is a regular file (optional: without it, every other entry counts as a file). */
  isFile?(): boolean
}

/** What the site reader needs from a file system (`node:fs/promises` fits). */
export interface SiteFs {
  /** Lists a directory. */
  readdir(path: string, options: {withFileTypes: true}): Promise<SiteDirent[]>
  /**
   * Lists a directory synchronously (optional). When present, the content
   * walk uses it: for tens of thousands of small folders one `readdirSync`
   * after another costs a third of the CPU of `fs/promises` and holds no
   * queue of pending reads.
   */
  readdirSync?(path: string, options: {withFileTypes: true}): SiteDirent[]
  /** Reads a whole file. */
  readFile(path: string): Promise<Uint8Array>
  /** Stats a path, following links. */
  stat(path: string): Promise<{isDirectory(): boolean; isFile(): boolean}>
  /** The path with every link resolved (optional: without it, links are not checked for loops or escapes). */
  realpath?(path: string): Promise<string>
}

/** The real file system. */
export const nodeSiteFs: SiteFs = {
  readdir: (path, options) => nodeFs.readdir(path, options),
  readdirSync: (path, options) => readdirSync(path, options),
  readFile: (path) => nodeFs.readFile(path),
  stat: (path) => nodeFs.stat(path),
  realpath: (path) => nodeFs.realpath(path)
}

/** Runs async tasks with at most `concurrency` in flight, in call order. */
export const createLimit = (concurrency: number): (<T>(task: () => Promise<T>) => Promise<T>) => {
  if (!(concurrency >= 1)) throw new RangeError(`Unexpected concurrency \`${concurrency}\`, expected 1 or more`)
  let active = 0
  // A queue with a moving head: `Array#shift` copies the rest of the array,
  // which made a walk of 80,000 folders quadratic (0.9 s of `next` alone).
  let queue: Array<() => void> = []
  let head = 0
  const next = (): void => {
    active--
    if (head < queue.length) {
      const run = queue[head++]!
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head)
        head = 0
      }
      run()
    }
  }
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = (): void => {
        active++
        task().then(resolve, reject).finally(next)
      }
      if (active < concurrency) run()
      else queue.push(run)
    })
}

/** Whether a path exists as a directory. */
export const isDirectory = async (fs: SiteFs, path: string): Promise<boolean> =>
  fs.stat(path).then((s) => s.isDirectory(), () => false)

/**
 * @fileoverview What the main thread and the worker threads of a parallel
 * run say to each other (src/parallel/pool.ts, src/parallel/serve.ts).
 *
 * Stages are closures and cannot cross threads, and neither can VFiles: a
 * worker builds its own stages from a {@link WorkerJob} (plain data), reads
 * the site index itself, and sends back each file's messages as plain data —
 * the same shape the result cache stores them in (src/cache/), fixes
 * included, so `--fix` works on files judged in a worker.
 */
import type {MessagePort} from 'node:worker_threads'
import {VFile} from 'vfile'
import {restoreMessage, storeMessage, type CacheDelta, type StoredMessage} from '../cache/index.js'

/** What a worker is to do: the checking command and its options, as plain data. */
export interface WorkerJob {
  kind: 'check'
  command: 'validate' | 'lint' | 'check'
  what: {validate: boolean; lint: boolean}
  /** The run's `CheckOptions` without functions (`log`) and without `--stdin` text. */
  options: Record<string, unknown>
  /** Whether to send `--verbose` lines to the main thread. */
  verbose: boolean
  /** The main thread's digest of kfx itself, so that both keep results under the same key (src/cache/hash.ts). */
  kfx?: string | undefined
}

/** A worker's end of the link to the main thread. */
export type WorkerLink = MessagePort

/** Main thread → worker. */
export type ToWorker =
  /** Files to judge: index in the run and path relative to the site root. */
  | {type: 'files'; items: Array<[number, string]>}
  /** No more files: finish and report. */
  | {type: 'end'}

/** Worker → main thread. */
export type FromWorker =
  /** The site is read and the stages are built: send files. */
  | {type: 'ready'}
  /** Files judged, in the order received. */
  | {type: 'results'; results: JudgedData[]}
  /** A `--verbose` line. */
  | {type: 'log'; line: string}
  /** The run is over for this worker: findings that belong to no content file, and what its result cache learned. */
  | {type: 'done'; extras: FileData[]; cache?: CacheDelta | undefined}
  /** The worker could not start (a configuration it cannot read, a site it cannot find). */
  | {type: 'failed'; reason: string}

/** A VFile as plain data. */
export interface FileData {
  path: string
  /** The text, only when there are messages (the HTML report shows their spans). */
  value?: string
  messages: StoredMessage[]
}

/** A judged content file as plain data. */
export interface JudgedData extends FileData {
  index: number
  crashed: boolean
}

/** A VFile as plain data. */
export const fileData = (file: VFile): FileData => {
  const data: FileData = {path: file.path, messages: file.messages.map(storeMessage)}
  if (file.messages.length > 0 && typeof file.value === 'string') data.value = file.value
  return data
}

/** A VFile from plain data; messages are restored as the result cache restores them. */
export const fileFromData = (data: FileData, cwd: string): VFile => {
  const file = new VFile({path: data.path, cwd})
  if (data.value !== undefined) file.value = data.value
  for (const message of data.messages) restoreMessage(file, message)
  return file
}

/**
 * Adds the messages of files judged elsewhere to files of the same path
 * (blueprint findings found by several threads), once each; new paths are
 * added. Files are sorted by path and their messages by place, then rule
 * and reason: which thread met a blueprint first must not change the report.
 */
export const mergeFiles = (local: readonly VFile[], remote: readonly FileData[], cwd: string): VFile[] => {
  const byPath = new Map(local.map((file) => [file.path, file]))
  const key = (m: {ruleId?: string | undefined; reason: string; line?: number | undefined; column?: number | undefined}) =>
    `${m.ruleId}\u0000${m.reason}\u0000${m.line}:${m.column}`
  for (const data of remote) {
    const file = byPath.get(data.path)
    if (!file) {
      byPath.set(data.path, fileFromData(data, cwd))
      continue
    }
    const seen = new Set(file.messages.map(key))
    for (const stored of data.messages) {
      const start = stored.place && 'start' in stored.place ? stored.place.start : stored.place
      if (seen.has(key({ruleId: stored.ruleId, reason: stored.reason, line: start?.line, column: start?.column}))) continue
      restoreMessage(file, stored)
    }
  }
  const files = [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path))
  for (const file of files) {
    file.messages.sort(
      (a, b) =>
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0) ||
        compareText(a.ruleId ?? '', b.ruleId ?? '') ||
        compareText(a.reason, b.reason)
    )
  }
  return files
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

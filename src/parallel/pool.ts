/**
 * @fileoverview The main thread's side of a parallel run: the files of a
 * large site are judged by the main thread and by worker threads at once,
 * each taking small chunks from one queue (so a thread that meets slow
 * files takes fewer), and the results are handed on in path order as soon as
 * each one and all before it are in — memory holds the chunks in flight, not
 * the site.
 *
 * Each worker reads the site index itself (src/parallel/worker.ts): the index
 * holds functions and cyclic references that cannot be sent, and reading it
 * is a small part of a worker's work (the files are the rest). A worker that
 * fails gives its files back to the queue, and the main thread judges them.
 */
import {Worker} from 'node:worker_threads'
import type {Chosen, Judged} from '../engine.js'
import {orderedPool} from '../util/ordered-pool.js'
import {fileFromData, type FileData, type FromWorker, type ToWorker, type WorkerJob} from './protocol.js'
import type {CacheDelta} from '../cache/index.js'
import {displayPath} from '../util/paths.js'

/** What a worker hands back at the end of a run. */
export interface WorkerDone {
  extras: FileData[]
  cache?: CacheDelta | undefined
}

/** Options of {@link judgeInParallel}. */
export interface ParallelRun {
  items: readonly Chosen[]
  /** Worker threads besides this one. */
  workers: number
  job: WorkerJob
  cwd: string
  /** Judges one file in this thread. */
  judge: (item: Chosen) => Promise<Judged>
  /** Called with each result, in the order of `items`. */
  emit: (result: Judged) => void
  /** Called with what each worker hands back at its end. */
  adopt?: ((done: WorkerDone) => void | Promise<void>) | undefined
  log?: ((line: string) => void) | undefined
  /** For tests: this thread judges only what a failed worker gives back, so the workers judge every file. */
  workersOnly?: boolean | undefined
  /** Workers started early ({@link startWorkers}), used first. */
  started?: readonly EarlyWorker[] | undefined
}

/** What happened to a worker before the run took it. */
type Early = {kind: 'message'; message: FromWorker} | {kind: 'error'; error: Error} | {kind: 'exit'}

/**
 * A worker started before the run knows its files: it loads kfx and reads
 * the site while this thread does the same, instead of after (at 100,000
 * files that is about 2 s of a worker's start). What it says meanwhile waits.
 */
export interface EarlyWorker {
  worker: Worker
  backlog: Early[]
  /** Stops keeping what it says (the run listens itself from now on). */
  adopt: () => Early[]
}

/** Starts `count` workers for `job` now. */
export const startWorkers = (job: WorkerJob, count: number): EarlyWorker[] =>
  Array.from({length: count}, () => {
    const worker = new Worker(workerEntry(), {workerData: {job}})
    const backlog: Early[] = []
    const onMessage = (message: FromWorker) => backlog.push({kind: 'message', message})
    const onError = (error: Error) => backlog.push({kind: 'error', error})
    const onExit = () => backlog.push({kind: 'exit'})
    worker.on('message', onMessage).on('error', onError).on('exit', onExit)
    return {
      worker,
      backlog,
      adopt: () => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        return backlog
      }
    }
  })

/** Stops workers the run does not need after all. */
export const stopWorkers = (workers: readonly EarlyWorker[]): void => {
  for (const {worker, adopt} of workers) {
    adopt()
    // An error while it stops (it may be reading the site) is no one's concern now.
    worker.on('error', () => {})
    void worker.terminate()
  }
}

/** Chunks in flight per worker: one being judged, one waiting, so a worker never waits for this thread. */
const AHEAD = 2
/** Files judged at once by this thread (async stages: external links). */
const CONCURRENCY = 32

/** The worker's entry: the built file (under ts-jest the sources run as `.ts`; workers run the build). */
const workerEntry = (): URL =>
  import.meta.url.endsWith('.ts') ? new URL('../../dist/parallel/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url)

/** Judges `items` in this thread and `workers` worker threads; resolves when all are emitted. */
export const judgeInParallel = async (run: ParallelRun): Promise<void> => {
  const {items, cwd} = run
  const total = items.length
  // Small chunks: a thread that draws slow files takes fewer; 32 chunks a thread keep the tail short.
  const size = Math.max(4, Math.min(128, Math.ceil(total / ((run.workers + 1) * 32))))
  let next = 0
  const again: number[] = []
  const take = (): number[] | undefined => {
    if (again.length > 0) return again.splice(0, size)
    if (next >= total) return undefined
    const chunk: number[] = []
    for (const end = Math.min(total, next + size); next < end; next++) chunk.push(next)
    return chunk
  }

  // Results wait here until all before them are in.
  const waiting = new Map<number, Judged>()
  let emitted = 0
  const place = (index: number, result: Judged) => {
    waiting.set(index, result)
    for (let ready = waiting.get(emitted); ready; ready = waiting.get(emitted)) {
      waiting.delete(emitted++)
      run.emit(ready)
    }
  }

  // Files judged per thread (0: this one), for `--verbose`.
  const judged = Array.from({length: run.workers + 1}, () => 0)
  const here = async () => {
    for (let chunk = take(); chunk; chunk = take()) {
      judged[0]! += chunk.length
      await orderedPool(chunk, CONCURRENCY, (index) => run.judge(items[index]!), (result, index) => place(index, result))
      // Let the workers' messages in: they wait for their next chunk.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** Stops the workers that never got a file once there are none left: waiting for them to start would only cost time. */
  const idle = new Set<() => void>()
  const startWorker = (id: number): Promise<void> =>
    new Promise((resolve) => {
      const early = run.started?.[id - 1] ?? startWorkers(run.job, 1)[0]!
      const {worker} = early
      const backlog = early.adopt()
      const held = new Set<number>()
      let settled = false
      let ended = false
      const stopIdle = () => void finish()
      idle.add(stopIdle)
      const finish = async (done?: WorkerDone) => {
        if (settled) return
        settled = true
        idle.delete(stopIdle)
        // What it held goes back to the queue, for this thread.
        again.push(...held)
        held.clear()
        if (done) await run.adopt?.(done)
        void worker.terminate()
        resolve()
      }
      const send = (message: ToWorker) => worker.postMessage(message)
      const feed = () => {
        const chunk = take()
        if (chunk) {
          idle.delete(stopIdle)
          for (const index of chunk) held.add(index)
          send({type: 'files', items: chunk.map((index) => [index, items[index]!.relative])})
        } else if (held.size === 0 && !ended) {
          ended = true
          send({type: 'end'})
        }
      }
      const onMessage = (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            for (let i = 0; i < AHEAD; i++) feed()
            break
          case 'results':
            for (const result of message.results) {
              if (!held.delete(result.index)) continue
              judged[id]!++
              // The path shown is this thread's, whatever the worker says.
              const data = {...result, path: displayPath(items[result.index]!.absolute, cwd)}
              place(result.index, {file: fileFromData(data, cwd), crashed: result.crashed})
            }
            feed()
            break
          case 'log':
            run.log?.(message.line)
            break
          case 'done':
            void finish({extras: message.extras, cache: message.cache})
            break
          case 'failed':
            run.log?.(`worker ${id}: ${message.reason}; its files are judged here`)
            void finish()
            break
        }
      }
      const onError = (error: Error) => {
        run.log?.(`worker ${id}: ${error.message}; its files are judged here`)
        void finish()
      }
      const onExit = () => void finish()
      for (const event of backlog) {
        if (event.kind === 'message') onMessage(event.message)
        else if (event.kind === 'error') onError(event.error)
        else onExit()
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
    })

  run.log?.(`parallel: ${total} files, this thread and ${run.workers} worker${run.workers === 1 ? '' : 's'}, chunks of ${size}`)
  const workers = Array.from({length: run.workers}, (_, id) => startWorker(id + 1))
  if (!run.workersOnly) {
    await here()
    for (const stop of [...idle]) stop()
  }
  await Promise.all(workers)
  // Files a failed worker held.
  await here()
  if (emitted !== total) throw new Error(`Unexpected parallel run: ${emitted} of ${total} files judged`)
  run.log?.(`parallel: this thread judged ${judged[0]}, ${judged.slice(1).map((count, i) => `worker ${i + 1} judged ${count}`).join(', ')}`)
}


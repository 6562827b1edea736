/**
 * @fileoverview The entry of a worker thread of a parallel run
 * (src/parallel/pool.ts starts it): builds the job's stages with the same
 * code the main thread runs, then judges the files it is handed.
 */
import {parentPort, workerData} from 'node:worker_threads'
import type {FromWorker, WorkerJob} from './protocol.js'

const link = parentPort
if (!link) throw new Error('Unexpected `src/parallel/worker.js` outside a worker thread')
const {job} = workerData as {job: WorkerJob}
try {
  const {serveCheck} = await import('../check.js')
  await serveCheck(job, link)
} catch (error) {
  link.postMessage({type: 'failed', reason: error instanceof Error ? error.message : String(error)} satisfies FromWorker)
}

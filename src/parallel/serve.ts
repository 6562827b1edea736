/**
 * @fileoverview The worker side of a parallel run: with the site read and
 * the stages built (by the same code as the main thread's), judge the files
 * the main thread hands out, in chunks, and send back their messages.
 */
import type {Chosen, Judged, Model} from '../engine.js'
import type {Site} from '../site/index.js'
import {orderedPool} from '../util/ordered-pool.js'
import {fileData, type FromWorker, type JudgedData, type ToWorker, type WorkerLink} from './protocol.js'
import path from 'node:path'

/** Files judged at once within a chunk (async stages: external links). */
const CONCURRENCY = 32

/** Serves the main thread until it says the run is over; resolves to whether a stage crashed. */
export const serveFiles = (
  link: WorkerLink,
  {site, models, judge, keepText}: {site: Site; models: ReadonlyMap<string, Model>; judge: (item: Chosen) => Promise<Judged>; keepText: boolean}
): Promise<boolean> =>
  new Promise((resolve, reject) => {
    const send = (message: FromWorker) => link.postMessage(message)
    const queue: Array<Array<[number, string]>> = []
    let ended = false
    let busy = false
    let crashed = false

    const work = async () => {
      if (busy) return
      busy = true
      try {
        for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
          const results: JudgedData[] = []
          await orderedPool(
            chunk,
            CONCURRENCY,
            async ([index, relative]) => {
              const model = models.get(relative)
              // The main thread read the same site; a file it names is in this index too.
              if (!model) throw new Error(`Unexpected \`${relative}\`, not a content file of the site this worker read`)
              return {index, judged: await judge({absolute: path.join(site.root, relative), relative, model})}
            },
            ({index, judged}) => {
              crashed ||= judged.crashed
              if (!keepText) judged.file.value = ''
              results.push({index, crashed: judged.crashed, ...fileData(judged.file)})
            }
          )
          send({type: 'results', results})
        }
      } catch (error) {
        link.off('message', onMessage)
        reject(error)
        return
      } finally {
        busy = false
      }
      if (ended) {
        link.off('message', onMessage)
        resolve(crashed)
      }
    }

    const onMessage = (message: ToWorker) => {
      if (message.type === 'files') queue.push(message.items)
      else ended = true
      void work()
    }
    link.on('message', onMessage)
    send({type: 'ready'})
  })

#!/usr/bin/env node
// Fault-injection benchmark of `kfx lint` (issue #5): copies each corpus to a
// temporary folder, checks that the unmodified copy gets exactly the
// original's messages, then injects link, image, file, UUID, kirbytag and
// separator faults — one edit of one content file each (or an image a page's
// tag names deleted), linted alone with the site around it — and measures
// how many are reported with their rule on their file (recall) and at the
// expected line and column (place), per kind and per corpus. The generator is
// src/testing/lint-faults.ts, the runner src/testing/fault-bench.ts (shared
// with bench/validate-faults.js).
//
//   npm run bench:lint                 (builds first; needs ../shared/corpora)
//   node bench/lint-faults.js --seed 7 --per-kind 8 --corpus k4-cnoss --json out.json
//
// Exits 1 when there are fewer than 300 faults, recall is under 99 %, a
// detected fault is misplaced, or an unmodified copy gets a message the
// original does not.
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {formatFaultReport, runFaultBenchmark, summariseFaults} from '../dist/testing/fault-bench.js'
import {lintSuite} from '../dist/testing/lint-faults.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const corporaRoot = path.resolve(here, '../../shared/corpora')
const argv = process.argv.slice(2)
const option = (name) => {
  const at = argv.indexOf(name)
  return at === -1 ? undefined : argv[at + 1]
}
const all = (name) => argv.flatMap((arg, i) => (arg === name && argv[i + 1] ? [argv[i + 1]] : []))

if (!existsSync(corporaRoot)) {
  console.log(`bench: skipped, no corpora at ${corporaRoot}`)
  process.exit(0)
}

const corpora = all('--corpus')
const result = await runFaultBenchmark({
  corporaRoot,
  suite: lintSuite,
  seed: Number(option('--seed') ?? 1),
  perKind: Number(option('--per-kind') ?? 5),
  ...(corpora.length > 0 ? {corpora} : {}),
  log: (line) => process.stderr.write(`${line}\n`)
})
console.log(formatFaultReport(result))
const json = option('--json')
if (json) await writeFile(json, JSON.stringify(result, null, 2))

const {total} = summariseFaults(result)
const copiesClean = result.baselines.every((baseline) => baseline.extraOnCopy.length === 0)
const ok = total.faults >= 300 && total.detected >= 0.99 * total.faults && total.placed === total.detected && copiesClean
console.log(
  `\n${ok ? 'PASS' : 'FAIL'}: ${total.faults} faults (target ≥ 300), recall ${((100 * total.detected) / total.faults).toFixed(1)} % (≥ 99 %), ` +
    `${total.detected - total.placed} detected faults misplaced (0), ${copiesClean ? 'no' : 'some'} messages only on the unmodified copies (none)`
)
process.exit(ok ? 0 : 1)

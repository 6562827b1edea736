#!/usr/bin/env node
// Fault-injection benchmark of `kfx validate` (issue #3): copies each corpus
// with blueprints to a temporary folder, checks that the unmodified copy gets
// exactly the original's messages, then injects faults the site's own
// blueprints forbid — one edit of one content file each, validated alone —
// and measures how many are reported (detection) and at the expected line
// and column (place), per kind and per corpus. The generator and the runner
// are src/testing/faults.ts and src/testing/fault-bench.ts.
//
//   npm run bench:validate                 (builds first; needs ../shared/corpora)
//   node bench/validate-faults.js --seed 7 --per-kind 20 --corpus k4-cnoss --json out.json
//
// Exits 1 when detection is under 99 %, a detected fault is misplaced, or
// an unmodified copy gets a message the original does not.
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {formatFaultReport, runFaultBenchmark, summariseFaults} from '../dist/testing/fault-bench.js'

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
  seed: Number(option('--seed') ?? 1),
  perKind: Number(option('--per-kind') ?? 12),
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
  `\n${ok ? 'PASS' : 'FAIL'}: ${total.faults} faults (target ≥ 300), detection ${((100 * total.detected) / total.faults).toFixed(1)} % (≥ 99 %), ` +
    `${total.detected - total.placed} detected faults misplaced (0), ${copiesClean ? 'no' : 'some'} messages only on the unmodified copies (none)`
)
process.exit(ok ? 0 : 1)

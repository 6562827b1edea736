// The shared driver of the fault-injection benchmarks (bench/validate-faults.js,
// bench/lint-faults.js): options, the run, the report, the verdict and exit code.
//
//   --seed N          the PRNG seed (default 1)
//   --per-kind N      faults per corpus and kind (default: the suite's)
//   --corpus NAME     only this corpus (repeatable)
//   --json FILE       the whole result as JSON
//
// Exits 1 when there are fewer than 300 faults, fewer than 99 % are found, a
// found fault is misplaced, or an unmodified copy gets a message the original
// does not.
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {formatFaultReport, runFaultBenchmark, summariseFaults} from '../dist/testing/fault-bench.js'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Runs one benchmark: `suite` from src/testing (default: validate's), `found` the word for what is measured. */
export const runFaultBench = async ({suite, perKind, found}) => {
  const corporaRoot = path.resolve(here, '../../shared/corpora')
  const argv = process.argv.slice(2)
  const option = (name) => {
    const at = argv.indexOf(name)
    return at === -1 ? undefined : argv[at + 1]
  }
  const corpora = argv.flatMap((arg, i) => (arg === '--corpus' && argv[i + 1] ? [argv[i + 1]] : []))
  if (!existsSync(corporaRoot)) {
    console.log(`bench: skipped, no corpora at ${corporaRoot}`)
    return 0
  }
  const result = await runFaultBenchmark({
    corporaRoot,
    ...(suite ? {suite} : {}),
    seed: Number(option('--seed') ?? 1),
    perKind: Number(option('--per-kind') ?? perKind),
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
    `\n${ok ? 'PASS' : 'FAIL'}: ${total.faults} faults (target ≥ 300), ${found} ${((100 * total.detected) / total.faults).toFixed(1)} % (≥ 99 %), ` +
      `${total.detected - total.placed} detected faults misplaced (0), ${copiesClean ? 'no' : 'some'} messages only on the unmodified copies (none)`
  )
  return ok ? 0 : 1
}

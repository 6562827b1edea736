/**
 * @fileoverview The fault-injection benchmark of `kfx validate` (issue #3),
 * a smaller deterministic pass of `npm run bench:validate`: the same
 * generator (src/testing/faults.ts) and runner (src/testing/fault-bench.ts)
 * on five corpora, at most two faults per corpus and kind. Faults the site's
 * own blueprints forbid are injected one at a time into a copy of a content
 * file; each must be reported with its rule, on its file (detection ≥ 99 %),
 * at the expected line and column (every one), and the unmodified copies
 * must get no message the originals do not.
 */
import {beforeAll, expect, test} from '@jest/globals'
import {formatFaultReport, runFaultBenchmark, summariseFaults, type FaultBenchmarkResult, type FaultResult} from '../src/testing/fault-bench.js'
import {describeShared, sharedRoot} from './helpers/shared.js'

const CORPORA = ['k3-offensive-tanz', 'k4-cnoss', 'k5-demokit', 'k2-thefplus', 'k2-berlin-by-food']

/**
 * Known validator bug, reported, not fixed here: a trailing comma in blocks
 * or layout JSON (`[{…},]`) is reported at the start of the value with
 * "unexpected `[`" instead of at the `]`, because Node 20's `JSON.parse`
 * message for it ("Unexpected token ']', … is not valid JSON") has no
 * `position` (src/validate/type.ts, parseJson). When it is fixed, the last
 * test fails: delete it and this exception.
 */
const describeFault = (fault: FaultResult): string =>
  `${fault.id} ${fault.kind}/${fault.variant} ${fault.file}: ${fault.description}; expected ${fault.expected.ruleId} at ${fault.expected.line}:${fault.expected.column ?? '*'}; got ${
    fault.added.map((m) => `${m.line}:${m.column} ${m.ruleId}`).join(', ') || 'nothing new'
  }`

describeShared('kfx validate finds injected faults (smaller pass of bench/validate-faults.js)', () => {
  let result: FaultBenchmarkResult

  beforeAll(async () => {
    result = await runFaultBenchmark({corporaRoot: `${sharedRoot}corpora`, corpora: CORPORA, seed: 3, perKind: 2})
    if (process.env.KFX_FAULT_REPORT) console.log(formatFaultReport(result))
  }, 120000)

  test('the sample is large and varied: every kind the corpora allow but maxlength', () => {
    const kinds = new Set(result.faults.map((fault) => fault.kind))
    expect(result.faults.length).toBeGreaterThanOrEqual(80)
    expect([...kinds].sort()).toEqual(
      ['block-type', 'date', 'email', 'json', 'max-entries', 'option', 'pattern', 'range', 'required', 'row-required', 'type', 'url', 'yaml'].filter((kind) =>
        result.baselines.some((baseline) => baseline.candidates[kind as keyof typeof baseline.candidates])
      )
    )
    expect(kinds.size).toBeGreaterThanOrEqual(11)
  })

  test('the unmodified copies get no message the originals do not, and a file alone gets what it gets in its folder', () => {
    for (const baseline of result.baselines) {
      expect({corpus: baseline.corpus, extra: baseline.extraOnCopy}).toEqual({corpus: baseline.corpus, extra: []})
      expect({corpus: baseline.corpus, missing: baseline.missingOnCopy}).toEqual({corpus: baseline.corpus, missing: []})
      expect({corpus: baseline.corpus, differ: baseline.singleFileMismatches}).toEqual({corpus: baseline.corpus, differ: []})
    }
  })

  test('detection ≥ 99 %: the expected rule, as a new message, on the faulty file', () => {
    const {total} = summariseFaults(result)
    const missed = result.faults.filter((fault) => !fault.detected).map(describeFault)
    expect(total.detected / total.faults >= 0.99 ? [] : missed).toEqual([])
    expect(result.faults.filter((fault) => fault.crashed).map(describeFault)).toEqual([])
  })

  test('every detected fault is reported at the expected line and column', () => {
    const misplaced = result.faults.filter((fault) => fault.detected && !fault.placed).map(describeFault)
    expect(misplaced).toEqual([])
  })
})

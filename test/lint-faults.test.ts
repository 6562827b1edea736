/**
 * @fileoverview The fault-injection benchmark of `kfx lint` (issue #5), a
 * smaller deterministic pass of `npm run bench:lint`: the same generator
 * (src/testing/lint-faults.ts) and runner (src/testing/fault-bench.ts) on
 * five corpora (Kirby 2 and 5, with and without UUIDs), at most two faults
 * per corpus and kind. Link, image, file, UUID, kirbytag and separator
 * faults are injected one at a time into a copy of a content file (or an
 * image a tag names is deleted); each must be reported with its rule, on its
 * file (recall ≥ 99 %), at the expected line and column (every one), and
 * the unmodified copies must get no message the originals do not.
 */
import {beforeAll, expect, test} from '@jest/globals'
import {formatFaultReport, runFaultBenchmark, summariseFaults, type FaultBenchmarkResult, type FaultResult} from '../src/testing/fault-bench.js'
import {LINT_FAULT_KINDS, lintSuite, type LintFaultKind} from '../src/testing/lint-faults.js'
import {describeShared, sharedRoot} from './helpers/shared.js'

const CORPORA = ['k1-starterkit', 'k2-langkit', 'k2-starterkit', 'k4-cnoss', 'k5-starterkit']

const describeFault = (fault: FaultResult<LintFaultKind>): string =>
  `${fault.id} ${fault.kind}/${fault.variant} ${fault.file}: ${fault.description}; expected ${fault.expected.ruleId} at ${fault.expected.line}:${fault.expected.column ?? '*'}; got ${
    fault.added.map((m) => `${m.line}:${m.column} ${m.ruleId}`).join(', ') || 'nothing new'
  }`

describeShared('kfx lint finds injected faults (smaller pass of bench/lint-faults.js)', () => {
  let result: FaultBenchmarkResult<LintFaultKind>

  beforeAll(async () => {
    result = await runFaultBenchmark({corporaRoot: `${sharedRoot}corpora`, suite: lintSuite, corpora: CORPORA, seed: 3, perKind: 2})
    if (process.env.KFX_FAULT_REPORT) console.log(formatFaultReport(result))
  }, 120000)

  test('the sample is large and varied: every kind', () => {
    const kinds = new Set(result.faults.map((fault) => fault.kind))
    expect(result.faults.length).toBeGreaterThanOrEqual(80)
    expect([...kinds].sort()).toEqual([...LINT_FAULT_KINDS].sort())
    for (const corpus of CORPORA) expect(result.faults.filter((fault) => fault.corpus === corpus).length).toBeGreaterThanOrEqual(10)
  })

  test('the unmodified copies get no message the originals do not, and a file alone gets what it gets in its folder', () => {
    for (const baseline of result.baselines) {
      expect({corpus: baseline.corpus, extra: baseline.extraOnCopy}).toEqual({corpus: baseline.corpus, extra: []})
      expect({corpus: baseline.corpus, missing: baseline.missingOnCopy}).toEqual({corpus: baseline.corpus, missing: []})
      expect({corpus: baseline.corpus, differ: baseline.singleFileMismatches}).toEqual({corpus: baseline.corpus, differ: []})
    }
  })

  test('recall: every fault reported with its rule, as a new message, on the faulty file', () => {
    const {total} = summariseFaults(result)
    const missed = result.faults.filter((fault) => !fault.detected).map(describeFault)
    expect(missed).toEqual([])
    expect(total.detected / total.faults).toBeGreaterThanOrEqual(0.99)
    expect(result.faults.filter((fault) => fault.crashed).map(describeFault)).toEqual([])
  })

  test('every detected fault is reported at the expected line and column', () => {
    const misplaced = result.faults.filter((fault) => fault.detected && !fault.placed).map(describeFault)
    expect(misplaced).toEqual([])
  })

  test('the separator shapes the benchmark once missed are found: an indented `----` before `Key:` + line break, and `---- text`', async () => {
    const targeted = await runFaultBenchmark({
      corporaRoot: `${sharedRoot}corpora`,
      suite: {...lintSuite, plan: async (site, corpus) => (await lintSuite.plan(site, corpus)).filter((plan) => plan.variant === 'indented/value-below' || plan.variant === 'dashes-space-text')},
      corpora: ['k2-langkit'],
      seed: 3,
      perKind: 4
    })
    expect(targeted.faults.length).toBeGreaterThan(0)
    expect(targeted.faults.filter((fault) => !fault.detected || !fault.placed).map(describeFault)).toEqual([])
  }, 60000)
})

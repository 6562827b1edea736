/**
 * @fileoverview The fault-injection benchmark of `kfx validate` (issue #3,
 * "What shows it is done"): each corpus with blueprints is copied to a
 * temporary folder; `kfx validate` on the unmodified copy must say nothing
 * that it does not say on the original; then each sampled fault
 * ({@link planFaults}) is written into the copy's file alone, that one
 * file is validated (with the site around it, as a pre-commit hook would),
 * and the file is restored. A fault is **detected** when its rule is
 * reported on its file as a new message (not one the unmodified file has
 * too, after shifting lines by the edit), and **placed** when such a
 * message stands at the expected line (and column, where defined).
 *
 * The runner is shared by the benchmarks of several commands: a
 * {@link FaultSuite} says which command runs, on which corpora, and which
 * faults it plans ({@link validateSuite} by default; `kfx lint`'s is in
 * src/testing/lint-faults.ts). A fault may also remove files (a deleted
 * image); they are restored after its run.
 *
 * Used by `bench/validate-faults.js` (`npm run bench:validate`),
 * `bench/lint-faults.js` (`npm run bench:lint`) and their smaller passes in
 * `test/validate-faults.test.ts` and `test/lint-faults.test.ts`.
 */
import {copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {VFile} from 'vfile'
import {discover, parse, validate, type CheckOptions, type CheckResult, type Site} from '../index.js'
import {applyEdit, FAULT_KINDS, planFaults, samplePlans, seededRandom, type Fault, type FaultKind, type FaultPlan} from './faults.js'

/** The corpora with blueprints, and the Kirby version each is read as. */
export const FAULT_CORPORA: ReadonlyArray<{name: string; kirby: string}> = [
  {name: 'k3-offensive-tanz', kirby: '3'},
  {name: 'k4-cnoss', kirby: '4'},
  {name: 'k5-architecture-land-initiative', kirby: '5'},
  {name: 'k5-demokit', kirby: '5'},
  {name: 'k5-starterkit', kirby: '5'},
  {name: 'k5-plainkit', kirby: '5'},
  {name: 'k2-thefplus', kirby: '2'},
  {name: 'k2-langkit', kirby: '2'},
  {name: 'k2-starterkit', kirby: '2'},
  {name: 'k2-berlin-by-food', kirby: '2'},
  {name: 'k2-ethicsfordesign', kirby: '2'},
  {name: 'k2-louiseveillard', kirby: '2'},
  {name: 'k2-getkirby-com-2015', kirby: '2'}
]

/** What a benchmark injects faults for: the command, its corpora, its faults. */
export interface FaultSuite<K extends string> {
  /** The command, for reports (`kfx validate`). */
  title: string
  /** Every kind, in report order. */
  kinds: readonly K[]
  /** The corpora, and the Kirby version each is read as. */
  corpora: ReadonlyArray<{name: string; kirby: string}>
  /** The library function of the command. */
  check: (options: CheckOptions) => Promise<CheckResult>
  /** Every fault of a site (read from the original corpus), as plans in a stable order. */
  plan: (site: Site, corpus: string) => Promise<Array<FaultPlan<K>>>
}

/** `kfx validate`'s benchmark (issue #3): faults the corpora's own blueprints forbid. */
export const validateSuite: FaultSuite<FaultKind> = {
  title: 'kfx validate',
  kinds: FAULT_KINDS,
  corpora: FAULT_CORPORA,
  check: validate,
  plan: planFaults
}

/** A message as compared: rule, place, severity, reason. */
export interface SeenMessage {
  ruleId: string
  line: number
  column: number
  severity: 'error' | 'warning' | 'info'
  reason: string
}

/** What checking one faulty file showed. */
export interface FaultResult<K extends string = FaultKind> extends Fault<K> {
  /** The expected rule was reported, as a new message, on the expected file. */
  detected: boolean
  /** …and at the expected line (and column, where defined). */
  placed: boolean
  /** Messages on the file that the unmodified file does not have. */
  added: SeenMessage[]
  /** Whether validating crashed. */
  crashed: boolean
}

/** The unmodified copy against the original. */
export interface CorpusBaseline<K extends string = FaultKind> {
  corpus: string
  kirby: string
  /** Messages on the original (every file, blueprint files included). */
  original: number
  /** Messages on the copy that the original does not have (`path line:col rule reason`). */
  extraOnCopy: string[]
  /** Messages on the original that the copy does not have. */
  missingOnCopy: string[]
  /** Faulted files whose messages alone differ from the same file's in the whole-folder run. */
  singleFileMismatches: string[]
  /** Candidate faults by kind, before sampling. */
  candidates: Partial<Record<K, number>>
  /** Wall time of the corpus (copy, baselines, faults) in milliseconds. */
  ms: number
}

/** Options of {@link runFaultBenchmark}. */
export interface FaultBenchmarkOptions<K extends string = FaultKind> {
  /** The folder holding the corpora (`../shared/corpora`). */
  corporaRoot: string
  /** What is benchmarked (default {@link validateSuite}). */
  suite?: FaultSuite<K>
  /** Corpus names (default: every corpus of the suite). */
  corpora?: readonly string[]
  /** PRNG seed (default 1). */
  seed?: number
  /** Faults per corpus and kind at most (default 12). */
  perKind?: number
  /** Where the copies go (default `os.tmpdir()`). */
  tmpRoot?: string
  /** Progress lines. */
  log?: (line: string) => void
}

/** What {@link runFaultBenchmark} measured. */
export interface FaultBenchmarkResult<K extends string = FaultKind> {
  /** The suite's title (`kfx validate`). */
  title: string
  /** The suite's kinds, in report order. */
  kinds: readonly K[]
  seed: number
  perKind: number
  faults: Array<FaultResult<K>>
  baselines: Array<CorpusBaseline<K>>
  /** Wall time in milliseconds. */
  ms: number
}

const seen = (message: VFile['messages'][number]): SeenMessage => ({
  ruleId: message.ruleId ?? '',
  line: message.line ?? 0,
  column: message.column ?? 0,
  severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
  reason: message.reason
})
const keyOf = (m: SeenMessage): string => `${m.line}:${m.column}\t${m.ruleId}\t${m.severity}\t${m.reason}`

/** Every message of a run, keyed `path\tline:col\trule\tseverity\treason`, with multiplicity. */
const messagesOf = (files: readonly VFile[]): Map<string, number> => {
  const all = new Map<string, number>()
  for (const file of files) {
    for (const message of file.messages) {
      const key = `${file.path}\t${keyOf(seen(message))}`
      all.set(key, (all.get(key) ?? 0) + 1)
    }
  }
  return all
}

const difference = (a: Map<string, number>, b: Map<string, number>): string[] => {
  const out: string[] = []
  for (const [key, count] of a) for (let i = b.get(key) ?? 0; i < count; i++) out.push(key)
  return out
}

/** Offsets of line starts. */
const lineStarts = (text: string): number[] => {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/**
 * The unmodified file's messages as they would stand after the edit: each
 * start before the edit stays, each at or after its end moves with the
 * text; messages inside the edited text are dropped (they cannot be mapped).
 */
const shifted = (baseline: readonly SeenMessage[], text: string, fault: Fault<string>): SeenMessage[] => {
  const {start, end} = fault.edit
  // No text changed (a fault that only removes files): every message stays.
  if (start === end && fault.edit.text === '') return [...baseline]
  const before = lineStarts(text)
  const after = lineStarts(applyEdit(text, fault.edit))
  const delta = fault.edit.text.length - (end - start)
  const out: SeenMessage[] = []
  for (const message of baseline) {
    const offset = (before[message.line - 1] ?? 0) + message.column - 1
    // A missing field's message stands at the file start whatever the text.
    if (offset < start || (offset === 0 && message.ruleId === 'schema/required')) out.push(message)
    else if (offset >= end && offset > start) {
      const moved = offset + delta
      let line = after.length
      while (line > 1 && after[line - 1]! > moved) line--
      out.push({...message, line, column: moved - after[line - 1]! + 1})
    }
  }
  return out
}

/** Copies a folder tree (files and folders only; much faster than `fs.cp` on thousands of small files). */
const copyTree = async (from: string, to: string): Promise<void> => {
  await mkdir(to, {recursive: true})
  const entries = await readdir(from, {withFileTypes: true})
  await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? copyTree(path.join(from, entry.name), path.join(to, entry.name)) : entry.isFile() ? copyFile(path.join(from, entry.name), path.join(to, entry.name)) : undefined
    )
  )
}

/** Runs the benchmark over the corpora. */
export const runFaultBenchmark = async <K extends string = FaultKind>(options: FaultBenchmarkOptions<K>): Promise<FaultBenchmarkResult<K>> => {
  const started = performance.now()
  const suite = options.suite ?? (validateSuite as unknown as FaultSuite<K>)
  const check = suite.check
  const seed = options.seed ?? 1
  const perKind = options.perKind ?? 12
  const log = options.log ?? (() => {})
  const random = seededRandom(seed)
  const wanted = options.corpora ?? suite.corpora.map((corpus) => corpus.name)
  const faults: Array<FaultResult<K>> = []
  const baselines: Array<CorpusBaseline<K>> = []

  for (const name of wanted) {
    const kirby = suite.corpora.find((corpus) => corpus.name === name)?.kirby ?? 'auto'
    const original = path.join(options.corporaRoot, name)
    const corpusStarted = performance.now()
    const tmp = await mkdtemp(path.join(options.tmpRoot ?? os.tmpdir(), `kfx-faults-${name}-`))
    try {
      const copy = path.join(tmp, name)
      await copyTree(original, copy)

      // The unmodified copy says what the original says.
      const onOriginal = messagesOf((await check({cwd: original, paths: ['content'], kirby})).files)
      const whole = await check({cwd: copy, paths: ['content'], kirby})
      const onCopy = messagesOf(whole.files)
      const byFile = new Map(whole.files.map((file) => [file.path, file.messages.map(seen)]))
      const baseline: CorpusBaseline<K> = {
        corpus: name,
        kirby,
        original: [...onOriginal.values()].reduce((sum, n) => sum + n, 0),
        extraOnCopy: difference(onCopy, onOriginal),
        missingOnCopy: difference(onOriginal, onCopy),
        singleFileMismatches: [],
        candidates: {},
        ms: 0
      }
      baselines.push(baseline)

      const site = await discover(path.join(original, 'content'), {version: kirby, inferLanguages: true})
      const all = await suite.plan(site, name)
      for (const plan of all) baseline.candidates[plan.kind] = (baseline.candidates[plan.kind] ?? 0) + 1
      const sample = samplePlans(all, suite.kinds, perKind, random, name)
      log(`${name}: ${all.length} candidate faults, ${sample.length} sampled; ${baseline.extraOnCopy.length} messages on the copy only`)

      // Each fault alone in a fresh copy of its file; the file alone validated.
      const alone = new Map<string, SeenMessage[]>()
      for (const fault of sample) {
        const absolute = path.join(copy, fault.file)
        const bytes = await readFile(absolute)
        const text = parse(bytes, {rules: site.rules}).text
        let before = alone.get(fault.file)
        if (!before) {
          const single = await check({cwd: copy, paths: [fault.file], kirby})
          before = single.files.find((file) => file.path === fault.file)?.messages.map(seen) ?? []
          alone.set(fault.file, before)
          const a = before.map(keyOf).sort().join('\n')
          const b = (byFile.get(fault.file) ?? []).map(keyOf).sort().join('\n')
          if (a !== b) baseline.singleFileMismatches.push(fault.file)
        }
        let result
        const removed: Array<{file: string; bytes: Buffer}> = []
        try {
          await writeFile(absolute, applyEdit(text, fault.edit))
          for (const file of fault.removes ?? []) {
            const at = path.join(copy, file)
            removed.push({file: at, bytes: await readFile(at)})
            await rm(at)
          }
          result = await check({cwd: copy, paths: [fault.file], kirby})
        } finally {
          await writeFile(absolute, bytes)
          for (const {file, bytes: kept} of removed) await writeFile(file, kept)
        }
        const after = result.files.find((file) => file.path === fault.file)?.messages.map(seen) ?? []
        const remaining = new Map<string, number>()
        for (const message of shifted(before, text, fault)) remaining.set(keyOf(message), (remaining.get(keyOf(message)) ?? 0) + 1)
        const added: SeenMessage[] = []
        for (const message of after) {
          const count = remaining.get(keyOf(message)) ?? 0
          if (count > 0) remaining.set(keyOf(message), count - 1)
          else added.push(message)
        }
        const hits = added.filter((message) => message.ruleId === fault.expected.ruleId)
        const placed = hits.some((message) => message.line === fault.expected.line && (fault.expected.column === undefined || message.column === fault.expected.column))
        faults.push({...fault, detected: hits.length > 0, placed, added, crashed: result.crashed})
      }
    } finally {
      await rm(tmp, {recursive: true, force: true})
      const done = baselines.find((baseline) => baseline.corpus === name)
      if (done) done.ms = performance.now() - corpusStarted
    }
  }
  return {title: suite.title, kinds: suite.kinds, seed, perKind, faults, baselines, ms: performance.now() - started}
}

/** Counts of one row of the report. */
export interface FaultTally {
  faults: number
  detected: number
  placed: number
  /** Faults with new messages of other rules besides the expected one. */
  collateral: number
}

const tally = (faults: ReadonlyArray<FaultResult<string>>): FaultTally => ({
  faults: faults.length,
  detected: faults.filter((fault) => fault.detected).length,
  placed: faults.filter((fault) => fault.detected && fault.placed).length,
  collateral: faults.filter((fault) => fault.added.some((message) => message.ruleId !== fault.expected.ruleId)).length
})

/** The figures of a run: in total, per kind, per corpus. */
export const summariseFaults = <K extends string>(result: FaultBenchmarkResult<K>): {total: FaultTally; byKind: Map<K, FaultTally>; byCorpus: Map<string, FaultTally>} => {
  const byKind = new Map<K, FaultTally>()
  for (const kind of result.kinds) {
    const of = result.faults.filter((fault) => fault.kind === kind)
    if (of.length > 0) byKind.set(kind, tally(of))
  }
  const byCorpus = new Map<string, FaultTally>()
  for (const {corpus} of result.baselines) byCorpus.set(corpus, tally(result.faults.filter((fault) => fault.corpus === corpus)))
  return {total: tally(result.faults), byKind, byCorpus}
}

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`)

/** The report as text: the tables, the baseline check, and every fault missed or misplaced. */
export const formatFaultReport = <K extends string>(result: FaultBenchmarkResult<K>): string => {
  const {total, byKind, byCorpus} = summariseFaults(result)
  const lines: string[] = []
  const header = (first: string) => `${first.padEnd(34)} ${'faults'.padStart(6)} ${'detected'.padStart(9)} ${'detection'.padStart(9)} ${'placed'.padStart(7)} ${'place'.padStart(8)} ${'collateral'.padStart(10)}`
  const row = (label: string, t: FaultTally) =>
    `${label.padEnd(34)} ${String(t.faults).padStart(6)} ${String(t.detected).padStart(9)} ${percent(t.detected, t.faults).padStart(9)} ${String(t.placed).padStart(7)} ${percent(t.placed, t.detected).padStart(8)} ${String(t.collateral).padStart(10)}`
  lines.push(`${result.title} fault injection: seed ${result.seed}, at most ${result.perKind} faults per corpus and kind, ${(result.ms / 1000).toFixed(1)} s`)
  lines.push('', header('kind'))
  for (const [kind, t] of byKind) lines.push(row(kind, t))
  lines.push(row('total', total))
  lines.push('', header('corpus'))
  for (const [corpus, t] of byCorpus) lines.push(row(corpus, t))
  lines.push(row('total', total))
  lines.push('', 'candidates by kind (before sampling):')
  for (const baseline of result.baselines) {
    const counts = result.kinds.filter((kind) => baseline.candidates[kind]).map((kind) => `${kind} ${baseline.candidates[kind]}`)
    lines.push(`  ${baseline.corpus}: ${counts.join(', ') || 'none'}`)
  }
  const absent = result.kinds.filter((kind) => !result.baselines.some((baseline) => baseline.candidates[kind]))
  if (absent.length > 0) lines.push(`  no field of these corpora allows a fault of kind: ${absent.join(', ')}`)
  lines.push('', 'unmodified copies against the originals:')
  for (const baseline of result.baselines) {
    lines.push(
      `  ${baseline.corpus} (Kirby ${baseline.kirby}, ${(baseline.ms / 1000).toFixed(1)} s): ${baseline.original} messages on the original, ${baseline.extraOnCopy.length} only on the copy, ${baseline.missingOnCopy.length} only on the original; single file vs folder: ${baseline.singleFileMismatches.length} files differ`
    )
    for (const extra of [...baseline.extraOnCopy, ...baseline.missingOnCopy].slice(0, 10)) lines.push(`    ${extra}`)
    for (const file of baseline.singleFileMismatches.slice(0, 10)) lines.push(`    single-file run differs: ${file}`)
  }
  const wrong = result.faults.filter((fault) => !fault.detected || !fault.placed)
  if (wrong.length > 0) {
    lines.push('', 'missed or misplaced:')
    for (const fault of wrong) {
      const at = `${fault.expected.line}${fault.expected.column === undefined ? '' : `:${fault.expected.column}`}`
      lines.push(`  ${fault.detected ? 'MISPLACED' : 'MISSED   '} ${fault.id} ${fault.kind}/${fault.variant} ${fault.file} (${fault.model}) ${fault.description}; expected ${fault.expected.ruleId} at ${at}`)
      for (const message of fault.added) lines.push(`      got ${message.line}:${message.column} ${message.ruleId} ${message.reason}`)
      if (fault.added.length === 0) lines.push('      got no new message')
    }
  }
  return lines.join('\n')
}

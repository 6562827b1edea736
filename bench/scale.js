#!/usr/bin/env node
// Scale benchmark (issue #7): kfx on sites of about 10,000 and 100,000 content
// files, side by side with (a) the floor, a bare Node script that only walks
// the tree and reads every `.txt` file, and (b) markdownlint-cli2 (default
// rules) on the same files renamed `.md`. Reports wall time, CPU time
// (user + sys), peak RSS and files/s of whole processes, and each as a ratio to
// the floor and to markdownlint-cli2 — ratios, because the machines are shared
// and noisy. Writes bench/results.json; prints a table and the issue's targets.
//
//   npm run bench                      (decode benchmark, then this one; builds first)
//   node bench/scale.js [--sizes 10000,100000] [--rounds 1] [--rebuild]
//                       [--only floor,check,...] [--corpora DIR] [--write-readme-table]
//
// The sites are built once under bench/.sites/ (git-ignored) and reused:
// copies of k2-getkirby-com-2015 and k2-thefplus from ../shared/corpora, taken
// in turn, each in its own numbered top-level folder with a slug of its own, with
// getkirby's `site/blueprints`; `.txt` files are copied, the other files
// (images, downloads) hard-linked when the file system allows it. The Markdown
// site holds the same `.txt` files, byte for byte, named `.md`.
// `--write-readme-table` also prints the table as Markdown (for README); the
// script never writes anything but bench/.sites/ and bench/results.json.
import {spawnSync} from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import {cpus, tmpdir, totalmem} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const sitesDir = path.join(here, '.sites')
const kfx = path.resolve(here, '../bin/kfx.js')
const markdownlint = path.resolve(here, '../node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs')

const argv = process.argv.slice(2)
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback)
const corpora = path.resolve(option('--corpora', path.resolve(here, '../../shared/corpora')))
const sizes = option('--sizes', '10000,100000').split(',').map(Number).filter((n) => n > 0)
const rounds = Math.max(1, Number(option('--rounds', '1')) || 1)
const rebuild = argv.includes('--rebuild')
const only = option('--only', '')
const readmeTable = argv.includes('--write-readme-table')
const timeoutMs = Number(option('--timeout', String(60 * 60 * 1000))) // per run

/** The corpora copied side by side, in turn (one Kirby major: 2). */
const SOURCES = ['k2-getkirby-com-2015', 'k2-thefplus']
const BLUEPRINTS_FROM = 'k2-getkirby-com-2015'
const KIRBY = '2'
/** The way sites are built; sites of another layout are built again. 2: one slug per copy. */
const LAYOUT = 2

if (!SOURCES.every((name) => existsSync(path.join(corpora, name, 'content')))) {
  console.log(`bench (scale): skipped, no corpora ${SOURCES.join(', ')} at ${corpora}`)
  process.exit(0)
}

// ---------------------------------------------------------------- building

/** Every file below a folder, as paths relative to it. */
const listFiles = (root, dir = '', out = []) => {
  for (const entry of readdirSync(path.join(root, dir), {withFileTypes: true})) {
    const rel = dir ? path.join(dir, entry.name) : entry.name
    if (entry.isDirectory()) listFiles(root, rel, out)
    else if (entry.isFile()) out.push(rel)
  }
  return out
}

const sources = SOURCES.map((name) => {
  const content = path.join(corpora, name, 'content')
  const files = listFiles(content)
  return {name, content, files, txt: files.filter((f) => f.endsWith('.txt')).length}
})

/** Which corpora to copy, in turn, to come closest to `target` content files. */
const plan = (target) => {
  const copies = []
  let total = 0
  for (let i = 0; total < target; i++) {
    const next = sources[i % sources.length]
    // The last copy: take it only if it brings the count closer to the target,
    // trying the smaller corpus too.
    if (total + next.txt > target) {
      const best = [...sources]
        .sort((a, b) => a.txt - b.txt)
        .find((s) => Math.abs(total + s.txt - target) < Math.abs(total - target))
      if (best) copies.push(best), (total += best.txt)
      break
    }
    copies.push(next)
    total += next.txt
  }
  return {copies, total}
}

let linkWorks = true
const linkOrCopy = (from, to) => {
  if (linkWorks) {
    try {
      linkSync(from, to)
      return
    } catch {
      linkWorks = false
    }
  }
  copyFileSync(from, to)
}

/** Builds (or reuses) the Kirby site and its Markdown twin for one size. */
const build = (size) => {
  const kirbySite = path.join(sitesDir, `kirby-${size}`)
  const mdSite = path.join(sitesDir, `md-${size}`)
  const manifestFile = path.join(kirbySite, 'manifest.json')
  if (!rebuild && existsSync(manifestFile) && existsSync(path.join(mdSite, '.complete'))) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    // Sites built by an earlier layout are built again.
    if (manifest.layout === LAYOUT) return {kirbySite, mdSite, ...manifest, built: false}
  }
  const start = performance.now()
  rmSync(kirbySite, {recursive: true, force: true})
  rmSync(mdSite, {recursive: true, force: true})
  const {copies, total} = plan(size)
  const madeDirs = new Set()
  const mkdir = (dir) => {
    if (!madeDirs.has(dir)) mkdirSync(dir, {recursive: true}), madeDirs.add(dir)
  }
  let bytes = 0
  copies.forEach((source, index) => {
    // A slug of its own per copy (`3-getkirby-com-2015-3`): with one slug for all copies,
    // Kirby reads one page of that id and hides the others (no-hidden-page, convert collisions).
    const folder = `${index + 1}-${source.name.replace(/^k\d-/, '')}-${index + 1}`
    for (const rel of source.files) {
      const from = path.join(source.content, rel)
      const to = path.join(kirbySite, 'content', folder, rel)
      mkdir(path.dirname(to))
      if (rel.endsWith('.txt')) {
        copyFileSync(from, to)
        bytes += statSync(from).size
        const md = path.join(mdSite, 'content', folder, rel.slice(0, -4) + '.md')
        mkdir(path.dirname(md))
        copyFileSync(from, md)
      } else linkOrCopy(from, to)
    }
  })
  const blueprints = path.join(corpora, BLUEPRINTS_FROM, 'site', 'blueprints')
  for (const rel of listFiles(blueprints)) {
    const to = path.join(kirbySite, 'site', 'blueprints', rel)
    mkdir(path.dirname(to))
    copyFileSync(path.join(blueprints, rel), to)
  }
  // markdownlint-cli2: its default rules, nothing else.
  writeFileSync(path.join(mdSite, '.markdownlint-cli2.jsonc'), JSON.stringify({config: {default: true}}, null, 2) + '\n')
  const manifest = {
    layout: LAYOUT,
    target: size,
    files: total,
    bytes,
    copies: copies.map((c) => c.name),
    blueprints: BLUEPRINTS_FROM,
    kirby: KIRBY
  }
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n')
  writeFileSync(path.join(mdSite, '.complete'), '')
  const seconds = (performance.now() - start) / 1000
  console.log(`built ${path.relative(process.cwd(), kirbySite)} and ${path.relative(process.cwd(), mdSite)}: ${total} files, ${(bytes / 1e6).toFixed(1)} MB of text, ${copies.length} copies, ${seconds.toFixed(1)} s`)
  return {kirbySite, mdSite, ...manifest, built: true}
}

// ---------------------------------------------------------------- measuring

const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0
const scratch = mkdtempSync(path.join(tmpdir(), 'kfx-bench-scale-'))
// Without GNU time: each Node child writes its own resource usage at exit.
const preload = path.join(scratch, 'rusage.mjs')
writeFileSync(
  preload,
  "import {writeFileSync} from 'node:fs'\nprocess.on('exit', () => writeFileSync(process.env.KFX_BENCH_RUSAGE, JSON.stringify(process.resourceUsage())))\n"
)

const FLOOR = `const fs=require('fs'),p=require('path');let n=0,b=0;const w=d=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else if(e.name.endsWith('.txt')){b+=fs.readFileSync(f).length;n++}}};w('content');console.log(n,b)`

/**
 * The least a converter that writes one file per content file must do: the
 * floor's walk and reads, plus for each file a folder, a temporary file and a
 * rename into place (as kfx writes, atomically) under a fresh output folder.
 * Not the floor of the ratios; shown beside convert, whose target is set
 * against the read-only floor.
 */
const WRITE_FLOOR = `const fs=require('fs'),p=require('path');const out=process.argv[1];let n=0;const w=(d,o)=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f,p.join(o,e.name));else if(e.name.endsWith('.txt')){const t=fs.readFileSync(f);const dir=p.join(o,e.name.slice(0,-4));fs.mkdirSync(dir,{recursive:true});const tmp=p.join(dir,'.tmp-index.md');fs.writeFileSync(tmp,t,{flag:'wx'});fs.renameSync(tmp,p.join(dir,'index.md'));n++}}};w('content',out);console.log(n)`

/** Runs `node args` in `cwd`: wall s, user s, sys s, peak RSS MB, exit code. */
const run = (args, cwd) => {
  const usage = path.join(scratch, 'usage')
  const stderr = path.join(scratch, 'stderr')
  rmSync(usage, {force: true})
  const err = () => {
    try {
      return readFileSync(stderr, 'utf8').slice(-2000)
    } catch {
      return ''
    }
  }
  const fd = {stdio: ['ignore', 'ignore', 'pipe'], cwd, timeout: timeoutMs, maxBuffer: 1 << 30, killSignal: 'SIGKILL'}
  let result
  const start = process.hrtime.bigint()
  if (gnuTime) {
    result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', usage, process.execPath, ...args], fd)
  } else {
    result = spawnSync(process.execPath, ['--import', preload, ...args], {...fd, env: {...process.env, KFX_BENCH_RUSAGE: usage}})
  }
  const wallHr = Number(process.hrtime.bigint() - start) / 1e9
  writeFileSync(stderr, result.stderr ?? '')
  if (result.error) return {error: `${result.error.message}`, wall: wallHr}
  let user = NaN
  let sys = NaN
  let rss = NaN
  if (gnuTime) {
    // GNU time writes "Command exited with non-zero status N" first then.
    const line = readFileSync(usage, 'utf8').trim().split('\n').pop()
    const [, u, s, m] = line.split(/\s+/).map(Number)
    ;[user, sys, rss] = [u, s, m / 1024]
  } else if (existsSync(usage)) {
    const r = JSON.parse(readFileSync(usage, 'utf8'))
    ;[user, sys, rss] = [r.userCPUTime / 1e6, r.systemCPUTime / 1e6, r.maxRSS / 1024]
  }
  // Wall time from hrtime (GNU time's %e has only 10 ms resolution).
  return {wall: wallHr, user, sys, cpu: user + sys, rss, exit: result.status, stderr: result.status > 1 || result.status === null ? err() : undefined}
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]

/** Several rounds of one command: the median of each measure. */
const measure = (label, once) => {
  const results = []
  for (let round = 0; round < rounds; round++) results.push(once())
  const failed = results.find((r) => r.error || r.stderr)
  if (failed) {
    console.log(`  ${label}: FAILED (${failed.error ?? `exit ${failed.exit}`}) ${failed.stderr ?? ''}`)
    return {failed: failed.error ?? `exit ${failed.exit}`}
  }
  const pick = (key) => median(results.map((r) => r[key]))
  const m = {wall: pick('wall'), user: pick('user'), sys: pick('sys'), cpu: pick('cpu'), rss: pick('rss'), exit: results[0].exit}
  console.log(`  ${label.padEnd(24)} ${m.wall.toFixed(2).padStart(8)} s wall ${m.cpu.toFixed(2).padStart(8)} s cpu ${m.rss.toFixed(0).padStart(6)} MB   exit ${m.exit}`)
  return m
}

// The sites lie below the repository's .gitignore (bench/.sites/), which kfx
// would honour: --no-ignore where a command reads ignore files.
const NO_IGNORE = new Set(['validate', 'lint', 'check'])
const kfxArgs = (...args) => [kfx, ...args, ...(NO_IGNORE.has(args[0]) ? ['--no-ignore'] : []), '--kirby', KIRBY, 'content']
const freshOut = () => path.join(mkdtempSync(path.join(scratch, 'out-')), 'out')

/** The commands, in the order they run. */
const COMMANDS = [
  {id: 'floor', label: 'floor (walk + read)', site: 'kirby', args: () => ['-e', FLOOR]},
  {id: 'inspect', label: 'kfx inspect --json', site: 'kirby', args: () => kfxArgs('inspect', '--json')},
  {id: 'validate', label: 'kfx validate', site: 'kirby', args: () => kfxArgs('validate')},
  {id: 'lint', label: 'kfx lint', site: 'kirby', args: () => kfxArgs('lint')},
  {id: 'check', label: 'kfx check', site: 'kirby', args: () => kfxArgs('check')},
  // Threads: the default (auto) against one thread and against two started at once.
  {id: 'check-j1', label: 'kfx check --jobs 1', site: 'kirby', args: () => kfxArgs('check', '--jobs', '1')},
  {id: 'check-j2', label: 'kfx check --jobs 2', site: 'kirby', args: () => kfxArgs('check', '--jobs', '2')},
  {id: 'floor-write', label: 'floor (… + write each)', site: 'kirby', args: () => ['-e', WRITE_FLOOR, freshOut()], clean: true},
  {id: 'convert-md', label: 'kfx convert --to md', site: 'kirby', args: () => kfxArgs('convert', '--to', 'md', '--out', freshOut()), clean: true},
  {id: 'convert-json', label: 'kfx convert --to json', site: 'kirby', args: () => kfxArgs('convert', '--to', 'json', '--out', freshOut()), clean: true},
  {id: 'check-cache-1', label: 'kfx check --cache (1st)', site: 'kirby', cache: 'first'},
  {id: 'check-cache-2', label: 'kfx check --cache (2nd)', site: 'kirby', cache: 'second'},
  {id: 'markdownlint', label: 'markdownlint-cli2', site: 'md', args: () => [markdownlint, 'content/**/*.md']}
]
const selected = (only ? COMMANDS.filter((c) => only.split(',').includes(c.id) || c.id === 'floor') : COMMANDS).filter((c) => {
  if (c.id !== 'markdownlint' || existsSync(markdownlint)) return true
  console.log('bench (scale): markdownlint-cli2 not installed (npm install), left out')
  return false
})

const cleanOuts = () => {
  for (const entry of readdirSync(scratch)) if (entry.startsWith('out-')) rmSync(path.join(scratch, entry), {recursive: true, force: true})
}

const bench = (site) => {
  console.log(`\n${site.files} content files (${(site.bytes / 1e6).toFixed(1)} MB, ${site.copies.length} copies of ${SOURCES.join(' and ')}), Kirby ${KIRBY}, median of ${rounds} round(s)`)
  // Warm the page cache: every run reads from memory.
  spawnSync(process.execPath, ['-e', FLOOR], {cwd: site.kirbySite, stdio: 'ignore'})
  spawnSync(process.execPath, ['-e', FLOOR.replace("endsWith('.txt')", "endsWith('.md')")], {cwd: site.mdSite, stdio: 'ignore'})
  // A folder: kfx keeps .kfxcache in it.
  const cacheFile = path.join(scratch, 'cache')
  const cacheArgs = () => kfxArgs('check', '--cache', '--cache-location', cacheFile)
  const runs = {}
  for (const command of selected) {
    const cwd = command.site === 'md' ? site.mdSite : site.kirbySite
    if (command.cache === 'first') {
      runs[command.id] = measure(command.label, () => {
        rmSync(cacheFile, {recursive: true, force: true})
        return run(cacheArgs(), cwd)
      })
    } else if (command.cache === 'second') {
      // After a first run (the one just measured, or one made here).
      if (!existsSync(cacheFile)) run(cacheArgs(), cwd)
      runs[command.id] = measure(command.label, () => run(cacheArgs(), cwd))
    } else {
      runs[command.id] = measure(command.label, () => {
        const result = run(command.args(), cwd)
        if (command.clean) cleanOuts()
        return result
      })
    }
  }
  rmSync(cacheFile, {recursive: true, force: true})
  const floor = runs.floor
  const mdl = runs.markdownlint
  const ratio = (a, b) => (a && b && !a.failed && !b.failed && b > 0 ? a / b : null)
  for (const [id, m] of Object.entries(runs)) {
    if (m.failed) continue
    m.filesPerSec = site.files / m.wall
    m.vsFloor = {wall: ratio(m.wall, floor?.wall), cpu: ratio(m.cpu, floor?.cpu), rss: ratio(m.rss, floor?.rss)}
    m.vsMarkdownlint = mdl && !mdl.failed ? {wall: ratio(m.wall, mdl.wall), cpu: ratio(m.cpu, mdl.cpu), rss: ratio(m.rss, mdl.rss)} : null
    m.label = COMMANDS.find((c) => c.id === id).label
  }
  return runs
}

// ---------------------------------------------------------------- reporting

const fmt = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits))
const COLUMNS = ['command', 'wall s', 'cpu s', 'RSS MB', 'files/s', 'wall ×floor', 'cpu ×floor', 'RSS ×floor', 'wall ×mdl', 'RSS ×mdl']
const rowsOf = (runs) =>
  Object.entries(runs).map(([id, m]) =>
    m.failed
      ? [COMMANDS.find((c) => c.id === id).label, `failed: ${m.failed}`, '', '', '', '', '', '', '', '']
      : [m.label, fmt(m.wall), fmt(m.cpu), fmt(m.rss, 0), fmt(m.filesPerSec, 0), fmt(m.vsFloor.wall), fmt(m.vsFloor.cpu), fmt(m.vsFloor.rss), fmt(m.vsMarkdownlint?.wall), fmt(m.vsMarkdownlint?.rss)]
  )

const printTable = (title, rows) => {
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  console.log(`\n${title}`)
  console.log(line(COLUMNS))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}

const markdownTable = (title, rows) =>
  [`**${title}**`, '', `| ${COLUMNS.join(' | ')} |`, `| ${COLUMNS.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')

/** Issue #7's targets, in the benchmark's own ratios. */
const targets = (results) => {
  const list = []
  const largest = results[results.length - 1]
  const smallest = results[0]
  const r = largest.runs
  const add = (what, value, limit, met) => list.push({what, value, limit, met: value === null || value === undefined ? null : met})
  add(`check wall on ${largest.files} ≤ 3× floor`, r.check?.vsFloor?.wall, '3×', r.check?.vsFloor?.wall <= 3)
  const perFile = r.check?.vsMarkdownlint?.wall
  add(`check per file ≥ 10× faster than markdownlint-cli2 (${largest.files})`, perFile ? 1 / perFile : null, '10×', perFile && 1 / perFile >= 10)
  add(`check peak RSS on ${largest.files} ≤ 300 MB`, r.check?.rss, '300 MB', r.check?.rss <= 300)
  if (results.length > 1 && smallest.runs.check?.rss && r.check?.rss) {
    const growth = r.check.rss / smallest.runs.check.rss
    add(`check RSS flat ${smallest.files} → ${largest.files} (growth, ≤ 1.25× taken as flat)`, growth, '≤ 1.25×', growth <= 1.25)
    const scale = r.check.wall / largest.files / (smallest.runs.check.wall / smallest.files)
    add(`check time linear ${smallest.files} → ${largest.files} (per-file time ratio, ≤ 1.25×)`, scale, '≤ 1.25×', scale <= 1.25)
  }
  add(`inspect --json on ${largest.files} ≤ 1.5× floor`, r.inspect?.vsFloor?.wall, '1.5×', r.inspect?.vsFloor?.wall <= 1.5)
  add(`convert --to md on ${largest.files} ≤ 6× floor`, r['convert-md']?.vsFloor?.wall, '6×', r['convert-md']?.vsFloor?.wall <= 6)
  if (r['floor-write'] && r['convert-md']) {
    // For the record: how much of convert is writing files at all.
    const ratio = r['convert-md'].wall / r['floor-write'].wall
    list.push({what: `(for reference) convert --to md on ${largest.files} against the write floor`, value: ratio, limit: '–', met: null})
  }
  const cache = r['check-cache-2'] && r['check-cache-1'] && !r['check-cache-2'].failed ? r['check-cache-2'].wall / r['check-cache-1'].wall : null
  add(`check --cache 2nd run ≤ 0.2× the 1st (${largest.files})`, cache, '0.2×', cache <= 0.2)
  return list
}

// ---------------------------------------------------------------- main

console.log(`scale benchmark: node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB; ${gnuTime ? '/usr/bin/time' : 'resourceUsage preload'} for CPU and RSS`)
const results = []
try {
  for (const size of sizes) {
    const site = build(size)
    const runs = bench(site)
    results.push({target: size, files: site.files, bytes: site.bytes, copies: site.copies, blueprints: site.blueprints, kirby: KIRBY, runs})
  }
} finally {
  rmSync(scratch, {recursive: true, force: true})
}

for (const result of results) printTable(`${result.files} files (${(result.bytes / 1e6).toFixed(1)} MB)`, rowsOf(result.runs))
const goals = targets(results)
console.log('\nissue #7 targets')
for (const goal of goals) console.log(`  ${goal.met === null ? '?  ' : goal.met ? 'met' : 'NOT'}  ${goal.what}: ${fmt(goal.value)} (target ${goal.limit})`)
console.log(`\nreproduce: npm run build && node bench/scale.js --sizes ${sizes.join(',')}${rounds > 1 ? ` --rounds ${rounds}` : ''}`)

writeFileSync(
  path.join(here, 'results.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGB: totalmem() / 2 ** 30,
      measuredWith: gnuTime ? '/usr/bin/time -f "%e %U %S %M"' : 'process.resourceUsage preload',
      rounds,
      markdownlintCli2: JSON.parse(readFileSync(path.resolve(here, '../node_modules/markdownlint-cli2/package.json'), 'utf8')).version,
      results,
      targets: goals
    },
    null,
    2
  ) + '\n'
)
console.log(`wrote ${path.relative(process.cwd(), path.join(here, 'results.json'))}`)

if (readmeTable) {
  console.log('\n' + results.map((r) => markdownTable(`${r.files} content files (${(r.bytes / 1e6).toFixed(1)} MB), Kirby ${KIRBY}`, rowsOf(r.runs))).join('\n\n'))
}

#!/usr/bin/env node
// Benchmark of the foundation: decode every `.txt` file of the shared corpora
// and find the kirbytags of every field (as `kfx inspect --json` does), with
// the file reads timed apart from the parsing. Prints files/s and MB/s.
//
//   npm run bench            (builds first; needs ../shared/corpora)
//   node bench/decode.js --rounds 10
import {readdir, readFile} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse, fieldKirbytags, rulesFor} from '../dist/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const corpora = path.resolve(here, '../../shared/corpora')
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5

if (!existsSync(corpora)) {
  console.log(`bench: skipped, no corpora at ${corpora}`)
  process.exit(0)
}

/** Every `.txt` file below a folder. */
const walk = async (dir, out = []) => {
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await walk(full, out)
    else if (entry.name.endsWith('.txt')) out.push(full)
  }
  return out
}

const files = []
let readMs = performance.now()
for (const corpus of (await readdir(corpora)).sort()) {
  const rules = rulesFor(/^k[12]-/.test(corpus) ? '2' : '5')
  for (const file of await walk(path.join(corpora, corpus))) files.push({rules, bytes: await readFile(file)})
}
readMs = performance.now() - readMs
const bytes = files.reduce((sum, f) => sum + f.bytes.length, 0)
const mb = bytes / 1024 / 1024

const measure = (label, work) => {
  work() // warm up
  const times = []
  for (let round = 0; round < rounds; round++) {
    const start = performance.now()
    work()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]
  const line = `${label.padEnd(28)} ${median.toFixed(1).padStart(8)} ms   ${(files.length / (median / 1000)).toFixed(0).padStart(8)} files/s   ${(mb / (median / 1000)).toFixed(1).padStart(7)} MB/s`
  console.log(line)
}

let fields = 0
let tags = 0
console.log(`corpora: ${files.length} files, ${mb.toFixed(2)} MB; reading them took ${readMs.toFixed(0)} ms; median of ${rounds} rounds`)
measure('decode (bytes → fields)', () => {
  for (const f of files) parse(f.bytes, {rules: f.rules})
})
measure('decode + kirbytags', () => {
  fields = 0
  tags = 0
  for (const f of files) {
    const file = parse(f.bytes, {rules: f.rules})
    for (const field of file.fields) {
      fields++
      tags += fieldKirbytags(file, field).length
    }
  }
})
console.log(`(${fields} fields, ${tags} kirbytags)`)

// The whole command, as a user runs it: `kfx inspect --json` over every
// corpus, against the floor of walking the tree and reading every file.
const {execFileSync} = await import('node:child_process')
const bin = path.resolve(here, '../bin/kfx.js')
const time = (fn) => {
  const start = performance.now()
  fn()
  return performance.now() - start
}
let cliMs = 0
let floorMs = 0
for (const corpus of (await readdir(corpora)).sort()) {
  const cwd = path.join(corpora, corpus)
  const target = existsSync(path.join(cwd, 'content')) ? 'content' : '.'
  const kirby = /^k[12]-/.test(corpus) ? '2' : '5'
  cliMs += time(() => execFileSync(process.execPath, [bin, 'inspect', '--json', '--kirby', kirby, target], {cwd, maxBuffer: 1 << 30}))
  floorMs += time(() =>
    execFileSync(
      process.execPath,
      ['-e', `const fs=require('fs'),p=require('path');const w=d=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else if(e.name.endsWith('.txt'))fs.readFileSync(f)}};w(${JSON.stringify(target)})`],
      {cwd}
    )
  )
}
console.log(`kfx inspect --json, all corpora: ${cliMs.toFixed(0)} ms (${(files.length / (cliMs / 1000)).toFixed(0)} files/s); floor (node: walk + read): ${floorMs.toFixed(0)} ms; ratio ${(cliMs / floorMs).toFixed(2)}× (includes 16 process starts each)`)

/**
 * @fileoverview `kfx convert` on the command line: choose where the output
 * goes (a folder, by default `kfx-out/<format>/`; stdout for a single file
 * or `--out -`), show progress on a terminal, print the messages and a
 * summary on stderr, and choose the exit code (0 done, 1 problems, 2 usage;
 * 130 and 143 stopped by SIGINT and SIGTERM).
 */
import {stat} from 'node:fs/promises'
import process from 'node:process'
import path from 'node:path'
import type {CliContext} from '../cli.js'
import {exitCodeOf} from '../check.js'
import {convert, type ConvertFormat, type ConvertOptions, type TagMode} from '../convert/index.js'
import {PRESETS, type Preset} from '../convert/presets.js'
import type {Layout} from '../convert/layout.js'
import {UsageError} from '../errors.js'
import type {CustomTag} from '../kirbytag/registry.js'
import {reporterFor} from '../reporters/index.js'
import {removeTemporaryFiles} from '../util/atomic.js'
import {createColor} from '../util/color.js'
import {displayPath} from '../util/paths.js'

/** Options of `kfx convert`. */
export interface ConvertCommandOptions {
  to?: string
  out?: string
  layout?: string
  copyFiles?: boolean
  drafts?: boolean
  body?: string
  kirbytextFields?: string
  tags?: string
  preset?: string
  baseUrl?: string
  tree?: boolean
  html?: boolean
  raw?: boolean
  force?: boolean
  strict?: boolean
  kirby: string
  tag?: CustomTag[]
  config?: string
  quiet?: boolean
  verbose?: boolean
  color?: boolean
}

const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`Unexpected ${name} \`${value}\`, expected ${allowed.map((item) => `\`${item}\``).join(', ')}`)
}

/** Runs `kfx convert`; resolves to the exit code. */
export const convertCommand = async (paths: readonly string[], options: ConvertCommandOptions, context: CliContext): Promise<number> => {
  const {cwd, stdout, stderr} = context
  const to = oneOf<ConvertFormat>('format', options.to, ['md', 'json', 'kirby'])
  if (to === undefined) throw new UsageError('Missing `--to`, expected `--to md`, `--to json` or `--to kirby`')
  const layout = oneOf<Layout>('layout', options.layout, ['index', 'flat'])
  const tags = oneOf<TagMode>('tag mode', options.tags, ['html', 'markdown', 'keep'])
  const preset = oneOf<Preset>('preset', options.preset, PRESETS)
  if (preset !== undefined && to !== 'md') throw new UsageError(`Unexpected \`--preset ${preset}\` with \`--to ${to}\`, expected \`--to md\``)

  // Where the output goes: a folder, or stdout for one file (or `--out -`).
  const single = paths.length === 1 && (await stat(path.resolve(cwd, paths[0]!)).then((info) => info.isFile(), () => false))
  const toStdout = options.out === '-' || (options.out === undefined && single && to !== 'kirby')
  const out = toStdout ? undefined : (options.out ?? path.join('kfx-out', to))

  const run: ConvertOptions = {to, cwd, paths}
  if (out !== undefined) run.out = out
  if (layout) run.layout = layout
  if (tags) run.tags = tags
  if (preset) run.preset = preset
  if (options.baseUrl !== undefined) {
    if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(options.baseUrl)) {
      throw new UsageError(`Unexpected \`--base-url ${options.baseUrl}\`, expected the site's URL such as \`https://example.com\``)
    }
    run.baseUrl = options.baseUrl
  }
  if (options.copyFiles) run.copyFiles = true
  if (options.drafts) run.drafts = true
  if (options.body !== undefined) run.body = options.body
  if (options.kirbytextFields !== undefined) run.kirbytextFields = options.kirbytextFields.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean)
  if (options.tree) run.tree = true
  if (options.html) run.html = true
  if (options.raw === false) run.raw = false
  if (options.force) run.force = true
  if (options.strict) run.strict = true
  if (options.kirby !== 'auto') run.kirby = options.kirby
  if (options.tag) run.customTags = options.tag
  if (options.config !== undefined) run.config = options.config
  const showProgress = stderr.isTTY === true && !options.quiet
  if (showProgress) run.progress = (done, total) => stderr.write(`\rkfx convert: ${done}/${total}`)
  if (toStdout && options.copyFiles) throw new UsageError('Unexpected `--copy-files` without an output folder, expected `--out DIR`')

  // SIGINT and SIGTERM stop the run between two pages: what is written is complete, and no
  // temporary file is left (writes are atomic: see util/atomic.ts); the exit code says which.
  const controller = new AbortController()
  const stop = (signal: NodeJS.Signals) => controller.abort(signal)
  const signals = out === undefined ? [] : (['SIGINT', 'SIGTERM'] as const)
  for (const signal of signals) process.on(signal, stop)
  run.signal = controller.signal
  let result
  try {
    result = await convert(run)
  } finally {
    for (const signal of signals) process.off(signal, stop)
    removeTemporaryFiles()
  }
  if (showProgress && result.written > 0) stderr.write('\r\x1b[K')

  if (toStdout) {
    if (to === 'json') {
      if (single && result.documents.length === 1) stdout.write(`${JSON.stringify(result.documents[0], null, 2)}\n`)
      else for (const document of result.documents) stdout.write(`${JSON.stringify(document)}\n`)
    } else {
      for (const output of result.outputs) if (output.text !== undefined) stdout.write(output.text)
    }
  }

  const color = createColor({flag: options.color, env: context.env, stream: stderr})
  const report = reporterFor('stylish')!(result.files, {color, quiet: options.quiet ?? false, verbose: options.verbose ?? false})
  stderr.write(report)
  if (result.interrupted !== undefined) {
    const signal = String(result.interrupted)
    stderr.write(`kfx convert: stopped by ${signal} → ${displayPath(result.outDir ?? '.', cwd)}/ (${result.written} written, each complete)\n`)
    return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1
  }
  if (!options.quiet) {
    const pages = result.outputs.filter((output) => output.copyFrom === undefined && !output.path.endsWith('/')).length
    const copied = result.outputs.filter((output) => output.copyFrom !== undefined).length
    const parts = [`${pages} ${to === 'kirby' ? 'content file' : 'document'}${pages === 1 ? '' : 's'}`]
    if (copied > 0) parts.push(`${copied} file${copied === 1 ? '' : 's'} copied`)
    if (result.skippedDrafts > 0) parts.push(`${result.skippedDrafts} draft${result.skippedDrafts === 1 ? '' : 's'} left out (\`--drafts\` converts them)`)
    const where = result.outDir === undefined ? 'stdout' : `${displayPath(result.outDir, cwd)}/ (${result.written} written)`
    stderr.write(`kfx convert: ${parts.join(', ')} → ${where}\n`)
  }
  return exitCodeOf(result.files, false)
}

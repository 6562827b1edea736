/**
 * @fileoverview `kfx validate`, `kfx lint` and `kfx check` on the command
 * line: run the library function, print through the reporter, apply fixes
 * when asked, and choose the exit code.
 */
import path from 'node:path'
import {statSync} from 'node:fs'
import type {CliContext} from '../cli.js'
import {check, exitCodeOf, lint, validate, type CheckOptions} from '../check.js'
import {ExitCode, UsageError} from '../errors.js'
import type {CustomTag} from '../kirbytag/registry.js'
import type {RuleSetting} from '../lint/config.js'
import {fixFiles, writeAtomic} from '../lint/fix.js'
import {severityOf} from '../messages.js'
import {reporterFor, reporters} from '../reporters/index.js'
import {createColor} from '../util/color.js'

/** Options of the checking commands. */
export interface CheckCommandOptions {
  format: string
  kirby: string
  schema?: string
  config?: string
  tag?: CustomTag[]
  rule?: Record<string, RuleSetting>
  external?: boolean
  fix?: boolean
  fixDryRun?: boolean
  quiet?: boolean
  verbose?: boolean
  color?: boolean
  ignorePattern?: string[]
  /** False with `--no-ignore`. */
  ignore?: boolean
  stdin?: boolean
  stdinFilename?: string
  output?: string
  maxWarnings?: number
  /** `--cache`, `--cache-location` (src/cache/). */
  cache?: boolean
  cacheLocation?: string
  /** `--jobs`: threads to judge files in. */
  jobs?: number | 'auto'
}

/** Reads a stream to its end. */
const readAll = async (stream: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> => {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk))
  return Buffer.concat(chunks)
}

const runners = {validate, lint, check}

/** Runs one of the checking commands; resolves to the exit code. */
export const checkCommand = async (
  command: keyof typeof runners,
  given: readonly string[],
  options: CheckCommandOptions,
  context: CliContext
): Promise<number> => {
  const {cwd, stdout, stderr} = context
  let paths = given
  const reporter = reporterFor(options.format)
  if (!reporter) {
    const names = Object.keys(reporters).map((name) => `\`${name}\``)
    throw new UsageError(`Unexpected format \`${options.format}\`, expected ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`)
  }
  if (options.fix && options.fixDryRun) throw new UsageError('Unexpected `--fix` with `--fix-dry-run`, expected one of them')
  // `--stdin`: the text of one file comes from standard input, the rest of the site from disk.
  let overrides: Map<string, Uint8Array> | undefined
  if (options.stdin) {
    if (options.stdinFilename === undefined) throw new UsageError('Unexpected `--stdin` without `--stdin-filename`, expected the path of the content file it stands for')
    if (paths.length > 0) throw new UsageError('Unexpected paths with `--stdin`, expected only `--stdin-filename`')
    if (options.fix || options.fixDryRun) throw new UsageError('Unexpected `--fix` with `--stdin`, expected fixes on files only')
    if (!context.stdin) throw new UsageError('Cannot read standard input here')
    overrides = new Map([[path.resolve(cwd, options.stdinFilename), await readAll(context.stdin)]])
    paths = [options.stdinFilename]
  } else if (options.stdinFilename !== undefined) throw new UsageError('Unexpected `--stdin-filename` without `--stdin`')
  const run: CheckOptions = {cwd, paths, kirby: options.kirby}
  if (overrides) run.overrides = overrides
  if (options.ignore === false) run.ignore = false
  if (options.ignorePattern !== undefined) run.ignorePatterns = options.ignorePattern
  if (options.schema !== undefined) run.schema = options.schema
  if (options.config !== undefined) run.config = options.config
  if (options.tag !== undefined) run.tags = options.tag
  if (options.cache || options.cacheLocation !== undefined) Object.assign(run, {cache: true}, options.cacheLocation === undefined ? {} : {cacheLocation: options.cacheLocation})
  // `--external` turns the opt-in rule on, unless `--rule` says otherwise.
  if (options.external || options.rule !== undefined) {
    run.rules = {...(options.external ? {'no-dead-external-link': 'warn'} : {}), ...(options.rule ?? {})}
  }
  if (options.jobs !== undefined) run.jobs = options.jobs
  // Only the HTML report shows the text of files; the others need only the findings.
  if (reporter !== reporters.html) run.keepText = false
  if (options.verbose) run.log = (line) => stderr.write(`${line}\n`)
  const result = await runners[command](run)
  // A site whose content is in .gitignore would pass without a look: say so, as ESLint does.
  // (Files named one by one, as a pre-commit hook passes them, are left out quietly.)
  const folders = paths.length === 0 || paths.some((given) => statSync(path.resolve(cwd, given), {throwIfNoEntry: false})?.isDirectory())
  if (folders && result.files.length === 0 && result.ignored.length > 0) {
    stderr.write(
      `kfx: all ${result.ignored.length} content files under the given paths are ignored (.gitignore, .kfxignore or ignore patterns); nothing was checked — use --no-ignore to check them\n`
    )
  }

  if (options.fix || options.fixDryRun) {
    const {diff, files, fixes} = await fixFiles(result.fixes, options.fix === true)
    if (options.fixDryRun) stdout.write(diff)
    else if (fixes > 0) stderr.write(`kfx: fixed ${fixes} problem${fixes === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`)
    if (options.fix && fixes > 0) {
      // Report what is left: run again on the fixed files.
      const again = await runners[command](run)
      result.files = again.files
      result.crashed = again.crashed
    }
  }
  if (!options.fixDryRun) {
    // `--output FILE`: the report goes to the file, whole or not at all, without colours unless asked.
    const color = createColor({flag: options.color, env: context.env, stream: options.output === undefined ? stdout : {isTTY: false}})
    const text = reporter(result.files, {color, quiet: options.quiet ?? false, verbose: options.verbose ?? false})
    if (options.output === undefined) stdout.write(text)
    else {
      await writeAtomic(path.resolve(cwd, options.output), text).catch((error: unknown) => {
        throw new UsageError(`Cannot write \`${options.output}\`: ${error instanceof Error ? error.message : String(error)}`)
      })
    }
  }
  const code = exitCodeOf(result.files, result.crashed)
  // `--max-warnings N`: more than N warnings fail the run (counted with or without `--quiet`).
  if (code === 0 && options.maxWarnings !== undefined) {
    const warnings = result.files.reduce((sum, file) => sum + file.messages.filter((message) => severityOf(message) === 'warning').length, 0)
    if (warnings > options.maxWarnings) {
      stderr.write(`kfx: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings}\n`)
      return ExitCode.problems
    }
  }
  return code
}

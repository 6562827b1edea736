/**
 * @fileoverview `kfx validate`, `kfx lint` and `kfx check` on the command
 * line: run the library function, print through the reporter, apply fixes
 * when asked, and choose the exit code.
 */
import type {CliContext} from '../cli.js'
import {check, exitCodeOf, lint, validate, type CheckOptions} from '../check.js'
import {UsageError} from '../errors.js'
import type {CustomTag} from '../kirbytag/registry.js'
import type {RuleSetting} from '../lint/config.js'
import {fixFiles} from '../lint/fix.js'
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
}

const runners = {validate, lint, check}

/** Runs one of the checking commands; resolves to the exit code. */
export const checkCommand = async (
  command: keyof typeof runners,
  paths: readonly string[],
  options: CheckCommandOptions,
  context: CliContext
): Promise<number> => {
  const {cwd, stdout, stderr} = context
  const reporter = reporterFor(options.format)
  if (!reporter) {
    throw new UsageError(`Unexpected format \`${options.format}\`, expected ${Object.keys(reporters).map((name) => `\`${name}\``).join(' or ')}`)
  }
  if (options.fix && options.fixDryRun) throw new UsageError('Unexpected `--fix` with `--fix-dry-run`, expected one of them')
  const run: CheckOptions = {cwd, paths, kirby: options.kirby}
  if (options.schema !== undefined) run.schema = options.schema
  if (options.config !== undefined) run.config = options.config
  if (options.tag !== undefined) run.tags = options.tag
  // `--external` turns the opt-in rule on, unless `--rule` says otherwise.
  if (options.external || options.rule !== undefined) {
    run.rules = {...(options.external ? {'no-dead-external-link': 'warn'} : {}), ...(options.rule ?? {})}
  }
  if (options.verbose) run.log = (line) => stderr.write(`${line}\n`)
  const result = await runners[command](run)

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
    const color = createColor({flag: options.color, env: context.env, stream: stdout})
    stdout.write(reporter(result.files, {color, quiet: options.quiet ?? false, verbose: options.verbose ?? false}))
  }
  return exitCodeOf(result.files, result.crashed)
}

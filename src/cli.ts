/**
 * @fileoverview The `kfx` command line: declares the commands and their
 * options with commander, and maps outcomes to exit codes. It touches no
 * process globals: argv, cwd, environment and streams are passed in, so the
 * tests run it in-process with fake streams.
 */
import {Command, CommanderError, Option} from 'commander'
import type {InspectOptions} from './commands/inspect.js'
import type {SchemaOptions} from './commands/schema.js'
import type {InitOptions} from './commands/init.js'
import type {CheckCommandOptions} from './commands/check.js'
// Loaded when used: the converter's modules are half of kfx's start-up time, and checks (CI, hooks) never need them.
import type {ConvertCommandOptions} from './commands/convert.js'
import {parseRuleOption} from './lint/config.js'
import {ExitCode, UsageError} from './errors.js'
import type {CustomTag} from './kirbytag/registry.js'
import {parseKirbyVersion} from './kirby-version.js'
import {VERSION} from './version.js'

/** A writable stream as far as kfx needs one. */
export interface OutputStream {
  write(chunk: string): unknown
  isTTY?: boolean
}

/** Everything the CLI takes from the outside world. */
export interface CliContext {
  /** Arguments after `kfx`. */
  argv: readonly string[]
  /** The directory paths are resolved against and shown relative to. */
  cwd: string
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`). */
  env: Record<string, string | undefined>
  stdout: OutputStream
  stderr: OutputStream
  /** Standard input, read by `--stdin` (bin/kfx.js passes `process.stdin`). */
  stdin?: AsyncIterable<string | Uint8Array>
}

/** Checks a `--kirby` value: `auto`, `2`–`5`, or a finer version such as `4.1`. */
const kirbyOption = (value: string): string => {
  if (value === 'auto' || parseKirbyVersion(value)) return value
  throw new UsageError(`Unexpected Kirby version \`${value}\`, expected \`auto\`, \`2\`, \`3\`, \`4\`, \`5\` or a version such as \`4.1\``)
}

/**
 * Parses one `--tag` value: `name`, `name:attr1,attr2` (a site's own tag and
 * its attributes) or `name=target` (an alias, as `youtube=video`).
 */
export const parseTagOption = (value: string, previous: CustomTag[] = []): CustomTag[] => {
  const match = /^([a-z0-9_-]+)(?:(=)([a-z0-9_-]+)|:([a-z0-9_,\s-]*))?$/i.exec(value.trim())
  if (!match) {
    throw new UsageError(
      `Unexpected tag \`${value}\`, expected \`name\`, \`name:attribute,attribute\` or \`alias=name\` (letters, digits, \`_\`, \`-\`)`
    )
  }
  const [, name, isAlias, target, attributes] = match
  const tag: CustomTag = isAlias
    ? {name: name!, alias: target!}
    : {name: name!, attributes: (attributes ?? '').split(',').map((a) => a.trim()).filter(Boolean)}
  return [...previous, tag]
}

/** Shared options: how to read (`--kirby`, `--tag`). */
const readingOptions = (command: Command, verb = 'read'): Command =>
  command
    .addOption(new Option('--kirby <version>', `Kirby version whose rules to ${verb} with`).default('auto').argParser(kirbyOption))
    .option('--tag <tag>', "a site's own kirbytag: `name:attr,attr`, or an alias `name=target` (repeatable)", parseTagOption)

/** Shared options: how to show it (`--verbose`, colours). */
const outputOptions = (command: Command, verbose: string): Command =>
  command
    .option('--verbose', verbose)
    // `--color` before `--no-color`: commander then leaves the default
    // unset, so NO_COLOR / FORCE_COLOR / the terminal decide.
    .option('--color', 'colours, even when not on a terminal')
    .option('--no-color', 'no colours, even on a terminal')

/** Collects a repeatable option's values. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** Checks a `--max-warnings` value: a whole number, 0 or more. */
const maxWarningsOption = (value: string): number => {
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  throw new UsageError(`Unexpected \`--max-warnings ${value}\`, expected a whole number, 0 or more`)
}

const jobsOption = (value: string): number | 'auto' => {
  const given = value.trim()
  if (given === 'auto') return 'auto'
  if (/^\d+$/.test(given) && Number(given) >= 1) return Number(given)
  throw new UsageError(`Unexpected \`--jobs ${value}\`, expected \`auto\` or a whole number, 1 or more`)
}

const CONFIG_HELP = 'configuration file (default: kfx.config.{json,yaml,yml,js,mjs,cjs}, .kfxrc{,.json,.yaml,.yml} or package.json#kfx, searched upwards)'

/** Runs kfx with the given arguments; resolves to the exit code. */
export const main = async (context: CliContext): Promise<number> => {
  const {stdout, stderr} = context
  let code: number = ExitCode.ok
  const program = new Command()
    .name('kfx')
    .description('Read, check and convert Kirby CMS content exactly as Kirby reads it.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text)
    })
    .showHelpAfterError('(run `kfx --help` for usage)')

  const inspectCommand = program
    .command('inspect')
    .description('show what kfx reads: fields, kirbytags and places of files; the page tree of folders')
    .argument('[paths...]', 'content files or folders (default: the content/ folder here)')
    .option('--json', 'one JSON object per line per content file, sorted by path')
    .option('--jobs <count>', 'threads to read files in with --json: auto (default: one a core on large sites) or a number (1: this thread only)', jobsOption)
  outputOptions(readingOptions(inspectCommand), 'also say how the Kirby version was chosen, and show every diagnostic').action(
    async (paths: string[], options: InspectOptions) => {
      // Each command loads what it needs when it runs: `inspect` starts without ajv, yaml or the rules.
      const {inspect} = await import('./commands/inspect.js')
      code = await inspect(paths, options, context)
    }
  )

  const checking = [
    ['validate', 'check every page against JSON Schemas: hand-written ones and those compiled from the blueprints'],
    ['lint', "find broken links, missing images and files, and the traps of Kirby's format"],
    ['check', 'validate and lint in one pass over the site (what CI runs)']
  ] as const
  for (const [name, description] of checking) {
    const declaration = program
      .command(name)
      .description(description)
      .argument('[paths...]', 'content files or folders of one site (default: the content/ folder here)')
      .addOption(new Option('-f, --format <name>', 'reporter: stylish, json, sarif, github, junit or html').default('stylish'))
    if (name !== 'lint') declaration.option('--schema <file>', 'a JSON Schema (2020-12 or draft-07) every page must match')
    if (name !== 'validate') {
      declaration
        .option('--rule <id=level>', 'set a rule to off, info, warn or error (repeatable)', parseRuleOption)
        .option('--external', 'also check that external links answer (no-dead-external-link; uses the network)')
        .option('--fix', 'apply the fixes that cannot change what Kirby shows')
        .option('--fix-dry-run', 'print those fixes as a diff, change nothing')
    }
    declaration.option('-c, --config <file>', CONFIG_HELP)
    declaration
      .option('--cache', 'reuse the results of unchanged files (kept in .kfxcache at the site root)')
      .option('--cache-location <path>', 'the cache file, or a folder for .kfxcache (implies --cache)')
      .option('--jobs <count>', 'threads to judge files in: auto (default: one a core but one, on large sites) or a number (1: this thread only)', jobsOption)
    // Editors and CI: ignore files, standard input, a report file, a warning budget.
    declaration
      .option('--ignore-pattern <pattern>', 'files not to check, gitignore syntax, relative to here (repeatable)', collect)
      .option('--no-ignore', 'check ignored files too: no .kfxignore, .gitignore, `ignore` or --ignore-pattern')
      .option('--stdin', 'check the text on standard input as the file named by --stdin-filename (the site is read from disk)')
      .option('--stdin-filename <path>', 'the content file the standard input stands for')
      .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
      .option('--max-warnings <count>', 'exit 1 when there are more than this many warnings', maxWarningsOption)
    readingOptions(declaration).option('-q, --quiet', 'report errors only')
    outputOptions(declaration, 'say how the site was read and what judged each file; show notes and documentation links').action(
      async (paths: string[], options: CheckCommandOptions) => {
        const {checkCommand} = await import('./commands/check.js')
        code = await checkCommand(name, paths, options, context)
      }
    )
  }

  const convertDeclaration = program
    .command('convert')
    .description('convert a site to Markdown with front matter or JSON, and kfx Markdown or JSON back to Kirby')
    .argument('[paths...]', 'site/page folders or content files (for --to kirby: Markdown/JSON files or folders); default: content/')
    .option('--to <format>', 'md, json or kirby')
    .option('--out <dir>', 'output folder (default: kfx-out/<format>/; `-` for stdout)')
    .option('--layout <layout>', 'index (projects/x/index.md, default) or flat (projects/x.md)')
    .option('--copy-files', "copy each page's files beside it")
    .option('--drafts', 'convert drafts too')
    .option('--body <field>', 'the field that becomes the Markdown body (default: text)')
    .option('--kirbytext-fields <fields>', 'other KirbyText fields to convert to Markdown in the front matter (comma-separated)')
    .option('--tags <mode>', "kirbytags as Kirby's HTML (html, default), idiomatic Markdown (markdown) or as they are (keep)")
    .option('--preset <name>', 'hugo, astro or eleventy')
    .option('--base-url <url>', "the site's URL, which absolute links and file URLs start with (default http://localhost)")
    .option('--tree', 'JSON: KirbyText fields as mdast too')
    .option('--html', "JSON: KirbyText fields as the HTML Kirby renders too")
    .option('--no-raw', 'Markdown: leave out kirby.raw (cleaner front matter; the way back then loses the original KirbyText)')
    .option('--force', 'overwrite existing files in the output folder')
    .option('--strict', 'make every warning an error')
    .option('-c, --config <file>', CONFIG_HELP)
  readingOptions(convertDeclaration).option('-q, --quiet', 'errors only, no progress and no summary')
  outputOptions(convertDeclaration, 'show notes and documentation links').action(async (paths: string[], options: ConvertCommandOptions) => {
    const {convertCommand} = await import('./commands/convert.js')
    code = await convertCommand(paths, options, context)
  })

  program
    .command('init')
    .description('write a commented kfx.config.yaml for the site found here: Kirby version, languages, blueprints')
    .argument('[path]', 'a folder of the site (default: here)')
    .option('--force', 'write it even when the site has a configuration already')
    .action(async (where: string | undefined, options: InitOptions) => {
      const {init} = await import('./commands/init.js')
      code = await init(where, options, context)
    })

  program
    .command('schema')
    .description("print the JSON Schema compiled from the site's blueprints")
    .argument('[models...]', 'page templates (`article`), `file:<template>`, or `site` (default: every blueprint)')
    .option('--site <path>', 'the site (a folder with content/ and site/blueprints/)', '.')
    .option('-c, --config <file>', CONFIG_HELP)
    .addOption(new Option('--kirby <version>', 'Kirby version whose rules to compile with').default('auto').argParser(kirbyOption))
    .action(async (models: string[], options: SchemaOptions) => {
      const {schema} = await import('./commands/schema.js')
      code = await schema(models, options, context)
    })

  try {
    await program.parseAsync([...context.argv], {from: 'user'})
    return code
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; everything else commander
      // rejects is a usage error, already printed by commander.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? ExitCode.ok
        : ExitCode.failure
    }
    if (error instanceof UsageError) {
      stderr.write(`kfx: ${error.message}\n`)
      return ExitCode.failure
    }
    const crash = error instanceof Error ? (error.stack ?? error.message) : String(error)
    stderr.write(`kfx crashed, please report this: ${crash}\n`)
    return ExitCode.failure
  }
}

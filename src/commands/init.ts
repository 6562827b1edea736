/**
 * @fileoverview `kfx init`: writes a commented starting configuration,
 * `kfx.config.yaml`, at the root of the site it finds — the Kirby version and
 * languages as detected, the blueprints found, and every other setting as a
 * commented example. It never replaces a configuration that is already
 * there (exit 2) unless `--force`.
 */
import path from 'node:path'
import {listBlueprints} from '../blueprint/index.js'
import type {CliContext} from '../cli.js'
import {configIn, readConfig} from '../config/load.js'
import {ExitCode, UsageError} from '../errors.js'
import {formatKirbyVersion} from '../kirby-version.js'
import {writeAtomic} from '../lint/fix.js'
import {discover, type Site} from '../site/index.js'
import {displayPath} from '../util/paths.js'

/** Options of `kfx init`. */
export interface InitOptions {
  force?: boolean
}

/** The name `kfx init` writes. */
export const INIT_FILE = 'kfx.config.yaml'

const quote = (value: string): string => JSON.stringify(value)

/** The text of the starting configuration for a site. */
export const initialConfig = async (site: Site): Promise<string> => {
  const version = formatKirbyVersion(site.version.version)
  const codes = site.languages.map((language) => language.code)
  const inferred = site.diagnostics.some((d) => d.code === 'languages-inferred')
  const blueprints = site.blueprintsRoot === undefined ? [] : await listBlueprints(site)
  const blueprintsFolder = site.blueprintsRoot === undefined ? 'site/blueprints' : path.relative(site.root, site.blueprintsRoot).split(path.sep).join('/')
  const contentFolder = path.relative(site.root, site.contentRoot).split(path.sep).join('/')
  const models = blueprints.map(({kind, name}) => (kind === 'page' ? name : kind === 'file' ? `file:${name}` : 'site'))
  const firstPage = blueprints.find((b) => b.kind === 'page')?.name ?? 'article'
  const lines = [
    '# kfx configuration, written by `kfx init`: adjust it, check it in.',
    '# Every key is described by kfx\'s JSON Schema (editors with the YAML language server read the line below).',
    '# yaml-language-server: $schema=./node_modules/kfx/schemas/kfx-config.schema.json',
    '',
    `# Kirby version whose reading rules kfx uses: \`auto\`, 2–5, or finer (\`4.1\`).`,
    `# Detected: ${version}${site.version.reasons.length > 0 ? ` (${site.version.reasons.join('; ')})` : ''}.`,
    `kirby: ${quote(version)}`,
    ''
  ]
  if (codes.length > 0) {
    lines.push(
      `# Languages, the default first. ${inferred ? 'Inferred from the content file names (no site/languages found).' : 'Read from site/languages.'}`,
      `languages: [${codes.map(quote).join(', ')}]`,
      ''
    )
  } else {
    lines.push('# Languages, the default first (single-language site: none found).', '# languages: ["en", "de"]', '')
  }
  lines.push(
    "# Kirby's roots when they are not the default, relative to this file.",
    '# roots:',
    `#   content: ${quote(contentFolder)}`,
    `#   blueprints: ${quote(blueprintsFolder)}`,
    ''
  )
  if (blueprints.length > 0) {
    lines.push(
      `# Check pages against JSON Schemas compiled from the ${blueprints.length} blueprint${blueprints.length === 1 ? '' : 's'} in ${blueprintsFolder}:`,
      ...wrap(models.join(', '), '#   '),
      'blueprints: true',
      ''
    )
  } else {
    lines.push(`# No blueprints found in ${blueprintsFolder}: pages are checked against hand-written schemas only.`, 'blueprints: true', '')
  }
  lines.push(
    '# Hand-written JSON Schemas by template (`file:<template>`, `site`, `*` for every page), relative to this file.',
    '# schemas:',
    `#   ${firstPage}: schemas/${firstPage}.json`,
    '',
    "# The site's own kirbytags (from plugins): a name and its attributes, or an alias.",
    '# tags:',
    '#   - name: gif',
    '#     attributes: [alt, class]',
    '#   - name: vid',
    '#     alias: video',
    '',
    '# Lint rule levels: off, info, warn, error — alone or as [level, options].',
    '# rules:',
    '#   no-unknown-kirbytag: warn',
    '#   no-missing-translation: [warn, {fields: true}]',
    '',
    '# Content files not to check (gitignore syntax, relative to this file); .kfxignore and .gitignore are read too.',
    '# ignore:',
    `#   - ${contentFolder}/_archive/`,
    ''
  )
  return lines.join('\n')
}

/** Breaks a long list over comment lines. */
const wrap = (text: string, prefix: string, width = 100): string[] => {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) out.push(prefix + line)
  return out
}

/** Runs `kfx init`; resolves to the exit code. */
export const init = async (where: string | undefined, options: InitOptions, context: CliContext): Promise<number> => {
  const {cwd, stdout} = context
  const start = path.resolve(cwd, where ?? '.')
  const site = await discover(start, {inferLanguages: true})
  if (site.diagnostics.some((d) => d.code === 'no-content-folder')) {
    throw new UsageError(`Cannot find a Kirby site at or above \`${displayPath(start, cwd)}\`, expected a folder with \`content/\``)
  }
  const existing = await configIn(site.root)
  if (existing !== undefined && !options.force) {
    throw new UsageError(`Unexpected configuration \`${displayPath(existing, cwd)}\` already there, expected none (\`--force\` writes ${INIT_FILE} anyway)`)
  }
  const file = path.join(site.root, INIT_FILE)
  const text = await initialConfig(site)
  await writeAtomic(file, text)
  // What was written must itself be a valid configuration.
  await readConfig(file)
  const first = await configIn(site.root)
  const shadowed = first !== undefined && first !== file ? `, but \`${displayPath(first, cwd)}\` comes first and is the one kfx reads` : ''
  stdout.write(`kfx: wrote ${displayPath(file, cwd)} (Kirby ${formatKirbyVersion(site.version.version)}, ${site.languages.length || 'no'} language${site.languages.length === 1 ? '' : 's'})${shadowed}\n`)
  return ExitCode.ok
}

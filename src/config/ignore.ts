/**
 * @fileoverview Which content files not to check, in gitignore syntax (the
 * `ignore` package): `.kfxignore` and `.gitignore` in the site root and in
 * every folder above it up to the git root, the configuration's `ignore`
 * (relative to the configuration file's folder) and `--ignore-pattern`
 * (relative to the current directory). `--no-ignore` turns all of them off,
 * as ESLint's does. Each source applies to paths below its own folder; a
 * negation (`!page/`) works within its own source only.
 *
 * Ignored files are not checked; the site is still read whole, so links to
 * ignored pages resolve.
 */
import {readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import ignore from 'ignore'

type Ignore = ReturnType<typeof ignore>

/** Options of {@link createIgnoreFilter}. */
export interface IgnoreOptions {
  /** Absolute site root (the folder holding `content/`). */
  siteRoot: string
  /** The directory `--ignore-pattern` is relative to. */
  cwd: string
  /** The configuration's `ignore` patterns and the file they are relative to. */
  config?: {patterns: readonly string[]; file?: string | undefined}
  /** `--ignore-pattern` values. */
  patterns?: readonly string[]
  /** Read `.kfxignore` and `.gitignore` files (default true). */
  files?: boolean
}

/** A filter: whether an absolute path is ignored, and where the rules came from. */
export interface IgnoreFilter {
  ignored: (absolute: string) => boolean
  /** The files and options rules came from (for `--verbose`). */
  sources: string[]
}

/** The names of ignore files read in each folder. */
export const ignoreFileNames = ['.gitignore', '.kfxignore'] as const

const exists = (file: string): Promise<boolean> => stat(file).then(() => true, () => false)

/** The folders from `start` up to the git root (the folder holding `.git`), or `start` alone outside git. */
const foldersToGitRoot = async (start: string): Promise<string[]> => {
  const folders: string[] = []
  let dir = path.resolve(start)
  for (;;) {
    folders.push(dir)
    if (await exists(path.join(dir, '.git'))) return folders
    const parent = path.dirname(dir)
    if (parent === dir) return [path.resolve(start)]
    dir = parent
  }
}

/** Builds the filter for a site. */
export const createIgnoreFilter = async (options: IgnoreOptions): Promise<IgnoreFilter> => {
  const rules: Array<{base: string; matcher: Ignore}> = []
  const sources: string[] = []
  const add = (base: string, patterns: string | readonly string[], source: string) => {
    rules.push({base, matcher: ignore().add(patterns as string | string[])})
    sources.push(source)
  }
  if (options.files !== false) {
    for (const dir of await foldersToGitRoot(options.siteRoot)) {
      for (const name of ignoreFileNames) {
        const file = path.join(dir, name)
        const text = await readFile(file, 'utf8').catch(() => undefined)
        if (text !== undefined) add(dir, text, file)
      }
    }
  }
  if (options.config && options.config.patterns.length > 0) {
    add(options.config.file ? path.dirname(options.config.file) : options.siteRoot, options.config.patterns, options.config.file ?? 'configuration')
  }
  if (options.patterns && options.patterns.length > 0) add(options.cwd, options.patterns, '--ignore-pattern')
  const ignored = (absolute: string): boolean =>
    rules.some(({base, matcher}) => {
      const relative = path.relative(base, absolute)
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false
      return matcher.ignores(relative.split(path.sep).join('/'))
    })
  return {ignored, sources}
}

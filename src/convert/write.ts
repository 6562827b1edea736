/**
 * @fileoverview Writing convert's output safely. Everything to write is
 * planned first, then checked, then written:
 *
 * - every path stays inside the output folder (no `..`, no absolute path);
 * - nothing is written into the content folder being read;
 * - two sources that map to one output path are an error naming both, and
 *   neither is written (paths compare case-insensitively, as macOS and
 *   Windows file systems do);
 * - an existing file is never overwritten without `force` (an existing
 *   symbolic link counts as a file, also one that points nowhere);
 * - nothing is written through a symbolic link: a folder on the way that is
 *   a link is refused (it could point out of the output folder), and a file
 *   that is a link is replaced (with `force`), never written into;
 * - each file is written atomically: a temporary file beside it, then a
 *   rename (`writeAtomic`), so an interrupted run leaves no half-written file.
 *
 * `checkPlan` and `writePlan` take a whole plan; `OutputWriter` checks and
 * writes one output at a time, for convert's streaming from Kirby.
 */
import {lstatSync, mkdirSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import {copyAtomic, copyAtomicSync, writeAtomic, writeAtomicSync} from '../util/atomic.js'
import {NAMED, nameSome} from '../util/name-some.js'

/** One planned output. */
export interface PlannedOutput {
  /** Path relative to the output folder, `/`-separated; a folder ends with `/`. */
  path: string
  /** Text to write. */
  text?: string
  /** Absolute path of a file to copy. */
  copyFrom?: string
  /** Where it comes from (shown path, for messages). */
  source: string
}

/** Why a planned output is not written. */
export interface PlanProblem {
  output: PlannedOutput
  reason: string
  ruleId: 'convert/collision' | 'convert/exists' | 'convert/outside' | 'convert/into-content' | 'convert/symlink'
}

const within = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep)

/** Windows device names (`con`, `aux`, `com1`…, with any extension): a path part naming one writes to the device, not the folder. */
export const isReservedName = (part: string): boolean => /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i.test(part) || /[. ]$/.test(part)

/**
 * Whether `relative` is a plain relative path (no `..`, no root, no empty
 * part; on Windows also no device name such as `con` or `aux`, and no part
 * ending in a dot or space, which Windows drops).
 */
export const isInside = (relative: string, platform: NodeJS.Platform = process.platform): boolean => {
  const trimmed = relative.endsWith('/') ? relative.slice(0, -1) : relative
  if (trimmed === '' || path.isAbsolute(trimmed) || path.win32.isAbsolute(trimmed) || /^[a-zA-Z]:/.test(trimmed) || trimmed.includes('\0')) return false
  const parts = trimmed.split(/[\\/]/)
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return false
  return platform !== 'win32' || !parts.some((part) => isReservedName(part) || /[<>:"|?*]/.test(part))
}

/** Options of {@link checkOutput}. */
export interface CheckOutputOptions {
  force: boolean
  protectedRoots: readonly string[]
  platform?: NodeJS.Platform
  /** Folders below the output folder known to be real folders (not links): a cache across calls. */
  folders?: Set<string>
}

/** The first symbolic link (or non-folder) among the existing folders on the way from `outDir` to `absolute`'s folder, if any. */
const linkOnTheWay = (absolute: string, outDir: string, folders: Set<string> | undefined): string | undefined => {
  const parts = path.relative(outDir, path.dirname(absolute)).split(path.sep).filter((part) => part !== '')
  let current = outDir
  for (const part of parts) {
    current = path.join(current, part)
    if (folders?.has(current)) continue
    let info
    try {
      info = lstatSync(current)
    } catch {
      return undefined // Not there yet: made as a real folder when written.
    }
    if (!info.isDirectory()) return current
    folders?.add(current)
  }
  return undefined
}

/** Why one output may not be written, if it may not (no collisions: see {@link checkPlan}). */
export const checkOutput = (output: PlannedOutput, outDir: string, options: CheckOutputOptions): PlanProblem | undefined => {
  if (!isInside(output.path, options.platform)) {
    return {output, ruleId: 'convert/outside', reason: `Unexpected output path \`${output.path}\` outside the output folder, not written`}
  }
  const absolute = path.join(outDir, output.path)
  // Belt and braces: whatever the parts, the joined path is below the output folder.
  if (!within(absolute, path.resolve(outDir))) {
    return {output, ruleId: 'convert/outside', reason: `Unexpected output path \`${output.path}\` outside the output folder, not written`}
  }
  if (options.protectedRoots.some((root) => within(absolute, root))) {
    return {output, ruleId: 'convert/into-content', reason: `Unexpected output \`${output.path}\` inside the content folder being read, not written`}
  }
  const link = linkOnTheWay(absolute, path.resolve(outDir), options.folders)
  if (link !== undefined) {
    const shown = path.relative(outDir, link).split(path.sep).join('/')
    return {output, ruleId: 'convert/symlink', reason: `Unexpected symbolic link or file \`${shown}\` where the output folder needs a folder for \`${output.path}\`, not written (kfx writes nothing through links)`}
  }
  if (!output.path.endsWith('/') && !options.force && exists(absolute)) {
    return {output, ruleId: 'convert/exists', reason: `\`${output.path}\` exists in the output folder and is left alone (\`--force\` overwrites it)`}
  }
  return undefined
}

/** Whether anything is at `file`, also a link that points nowhere. */
const exists = (file: string): boolean => {
  try {
    lstatSync(file)
    return true
  } catch {
    return false
  }
}

/** The problems of files that map to one output path: one each, naming the others (a few, then how many more: src/util/name-some.ts). */
export const collisionProblems = (files: readonly PlannedOutput[]): PlanProblem[] =>
  files.map((output) => {
    // The first few others, not all: n colliding sources would otherwise make n² names (and n² work).
    const named: string[] = []
    for (const other of files) {
      if (other !== output) named.push(`\`${other.source}\``)
      if (named.length === NAMED) break
    }
    const others = nameSome(named, files.length - 1)
    return {
      output,
      ruleId: 'convert/collision',
      reason: `Unexpected second source for \`${output.path}\`: \`${output.source}\` and ${others} map to the same output path; neither is written`
    }
  })

/**
 * Checks a plan: the outputs that may be written, and a problem for each
 * that may not. `protectedRoots` are folders never written into (the
 * content folder being read).
 */
export const checkPlan = async (
  plan: readonly PlannedOutput[],
  outDir: string,
  options: {force: boolean; protectedRoots: readonly string[]; platform?: NodeJS.Platform}
): Promise<{ok: PlannedOutput[]; problems: PlanProblem[]}> => {
  const problems: PlanProblem[] = []
  const byPath = new Map<string, PlannedOutput[]>()
  for (const output of plan) {
    const key = output.path.replace(/\/$/, '').toLowerCase()
    const list = byPath.get(key)
    if (list) list.push(output)
    else byPath.set(key, [output])
  }
  const ok: PlannedOutput[] = []
  for (const outputs of byPath.values()) {
    const files = outputs.filter((output) => !output.path.endsWith('/'))
    if (files.length > 1) {
      problems.push(...collisionProblems(files))
      continue
    }
    for (const output of outputs) {
      if (output.path.endsWith('/') && files.length > 0) continue
      const problem = checkOutput(output, outDir, options)
      if (problem) problems.push(problem)
      else ok.push(output)
    }
  }
  return {ok, problems}
}

/** Writes one checked output under `outDir`, synchronously (atomic: see `writeAtomicSync`). */
export const writeOutput = (output: PlannedOutput, outDir: string, made?: Set<string>): void => {
  const absolute = path.join(outDir, output.path)
  if (output.path.endsWith('/')) {
    mkdirSync(absolute, {recursive: true})
    return
  }
  const folder = path.dirname(absolute)
  if (!made?.has(folder)) {
    mkdirSync(folder, {recursive: true})
    made?.add(folder)
  }
  if (output.copyFrom !== undefined) copyAtomicSync(output.copyFrom, absolute)
  else writeAtomicSync(absolute, output.text ?? '')
}

/** Writes checked outputs under `outDir`; calls `progress` after each. */
export const writePlan = async (outputs: readonly PlannedOutput[], outDir: string, progress?: (done: number, total: number) => void): Promise<number> => {
  let done = 0
  for (const output of outputs) {
    const absolute = path.join(outDir, output.path)
    if (output.path.endsWith('/')) await mkdir(absolute, {recursive: true})
    else {
      await mkdir(path.dirname(absolute), {recursive: true})
      if (output.copyFrom !== undefined) await copyAtomic(output.copyFrom, absolute)
      else await writeAtomic(absolute, output.text ?? '')
    }
    done++
    progress?.(done, outputs.length)
  }
  return done
}

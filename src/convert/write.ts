/**
 * @fileoverview Writing convert's output safely. Everything to write is
 * planned first, then checked, then written:
 *
 * - every path stays inside the output folder (no `..`, no absolute path);
 * - nothing is written into the content folder being read;
 * - two sources that map to one output path are an error naming both, and
 *   neither is written (paths compare case-insensitively, as macOS and
 *   Windows file systems do);
 * - an existing file is never overwritten without `force`;
 * - each file is written atomically: a temporary file beside it, then a
 *   rename (`writeAtomic`), so an interrupted run leaves no half-written file.
 */
import {mkdir, stat} from 'node:fs/promises'
import path from 'node:path'
import {copyAtomic, writeAtomic} from '../util/atomic.js'

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
  ruleId: 'convert/collision' | 'convert/exists' | 'convert/outside' | 'convert/into-content'
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
      for (const output of files) {
        const others = files.filter((other) => other !== output).map((other) => `\`${other.source}\``)
        problems.push({
          output,
          ruleId: 'convert/collision',
          reason: `Unexpected second source for \`${output.path}\`: \`${output.source}\` and ${others.join(', ')} map to the same output path; neither is written`
        })
      }
      continue
    }
    for (const output of outputs) {
      if (output.path.endsWith('/') && files.length > 0) continue
      if (!isInside(output.path, options.platform)) {
        problems.push({output, ruleId: 'convert/outside', reason: `Unexpected output path \`${output.path}\` outside the output folder, not written`})
        continue
      }
      const absolute = path.join(outDir, output.path)
      // Belt and braces: whatever the parts, the joined path is below the output folder.
      if (!within(absolute, path.resolve(outDir))) {
        problems.push({output, ruleId: 'convert/outside', reason: `Unexpected output path \`${output.path}\` outside the output folder, not written`})
        continue
      }
      if (options.protectedRoots.some((root) => within(absolute, root))) {
        problems.push({output, ruleId: 'convert/into-content', reason: `Unexpected output \`${output.path}\` inside the content folder being read, not written`})
        continue
      }
      if (!output.path.endsWith('/') && !options.force && (await stat(absolute).catch(() => undefined))) {
        problems.push({output, ruleId: 'convert/exists', reason: `\`${output.path}\` exists in the output folder and is left alone (\`--force\` overwrites it)`})
        continue
      }
      ok.push(output)
    }
  }
  return {ok, problems}
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

/**
 * @fileoverview Paths as kfx shows them: relative to the current directory,
 * with `/` separators, and sorted byte-wise (as `LC_ALL=C sort` does, and
 * as the golden data is), so output is the same on every machine.
 */
import path from 'node:path'

/** `file` relative to `cwd`, with forward slashes. */
export const displayPath = (file: string, cwd: string): string => {
  const relative = path.relative(cwd, file)
  return (relative === '' ? '.' : relative).split(path.sep).join('/')
}

/** Compares two strings by their UTF-8 bytes. */
export const compareBytewise = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

/**
 * @fileoverview Whether to colour output, decided once per run and passed
 * down as a Chalk instance (never the global one), so tests pass colours in.
 * Order: `--no-color`/`--color`, then `NO_COLOR`, then `FORCE_COLOR`, then
 * whether the stream is a terminal.
 */
import {Chalk, type ChalkInstance} from 'chalk'

/** Builds the Chalk instance for one output stream. */
export const createColor = (options: {
  flag?: boolean | undefined
  env: Record<string, string | undefined>
  stream: {isTTY?: boolean}
}): ChalkInstance => {
  const {flag, env, stream} = options
  let level: 0 | 1 | 2 | 3
  if (flag === false) level = 0
  else if (flag === true) level = 1
  else if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') level = 0
  else if (env.FORCE_COLOR !== undefined) level = env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : 1
  else level = stream.isTTY ? 1 : 0
  return new Chalk({level})
}

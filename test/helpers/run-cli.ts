/**
 * @fileoverview Runs the kfx CLI in-process with fake streams, as
 * markdownlint-cli2's tests do: `{exitCode, stdout, stderr}`.
 */
import {Readable} from 'node:stream'
import {main} from '../../src/cli.js'

/** The outcome of one run. */
export interface CliRun {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs `kfx ...argv` in `cwd` with colours off unless `env` says otherwise; `stdin` is what standard input holds. */
export const runCli = async (argv: string[], cwd: string, env: Record<string, string | undefined> = {}, stdin = ''): Promise<CliRun> => {
  let stdout = ''
  let stderr = ''
  const exitCode = await main({
    argv,
    cwd,
    env: {NO_COLOR: '1', ...env},
    stdout: {write: (chunk: string) => (stdout += chunk)},
    stderr: {write: (chunk: string) => (stderr += chunk)},
    stdin: Readable.from([Buffer.from(stdin, 'utf8')])
  })
  return {exitCode, stdout, stderr}
}

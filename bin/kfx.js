#!/usr/bin/env node
// The kfx executable: hands the process to `main` and sets the exit code
// (0 clean, 1 problems found, 2 usage error or crash). Never process.exit():
// pending output is flushed first.
import process from 'node:process'
import {main} from '../dist/cli.js'

// `kfx inspect --json | head`: a closed pipe is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  // Read only by `--stdin`: process.stdin is not touched otherwise.
  stdin: {[Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]()}
})

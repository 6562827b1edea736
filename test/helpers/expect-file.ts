/**
 * @fileoverview Compare a value with an expected-output file, in the style
 * of mdast-util-from-markdown: the file is (re)written when it is missing or
 * when `UPDATE=1` is set, and compared otherwise. Under `CI=true` a missing
 * file is a failure, never silently written.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {expect} from '@jest/globals'

/** Asserts that `actual` serialised as JSON equals the file at `path`. */
export const expectJsonFile = (path: string, actual: unknown): void => {
  const text = `${JSON.stringify(actual, null, 2)}\n`
  if (process.env.UPDATE === '1' || (!existsSync(path) && process.env.CI !== 'true')) {
    writeFileSync(path, text)
    return
  }
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(actual)
}

/**
 * @fileoverview Where the shared reference data lives (`../shared` beside
 * the repository: spec, golden output of Kirby, real corpora) and a
 * `describe` that reports itself skipped when it is not there, so that
 * `npm test` passes on a plain clone while CI, which has it, runs it all.
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe} from '@jest/globals'

/** Absolute path of the shared folder (may not exist). */
export const sharedRoot = fileURLToPath(new URL('../../../shared/', import.meta.url))

/** Whether the shared reference data is present. */
export const hasShared = existsSync(`${sharedRoot}golden`) && existsSync(`${sharedRoot}corpora`)

/** `describe` when the shared data is present, `describe.skip` otherwise. */
export const describeShared: (name: string, fn: () => void) => void = hasShared ? describe : describe.skip

/** Path of a file in the repository's fixtures folder. */
export const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))

/** The Kirby major version the golden data of a corpus was produced with. */
export const corpusKirby = (corpus: string): '2' | '5' => (/^k[12]-/.test(corpus) ? '2' : '5')

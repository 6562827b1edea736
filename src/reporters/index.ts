/**
 * @fileoverview Reporters by name. A reporter is a pure
 * `(files, options) → string` over the VFiles of a run (as vfile-reporter
 * and ESLint formatters are): no I/O, colours passed in.
 */
import type {ChalkInstance} from 'chalk'
import type {VFile} from 'vfile'
import {json} from './json.js'
import {stylish} from './stylish.js'

/** What every reporter gets besides the files. */
export interface ReporterOptions {
  /** Colours (a Chalk instance of level 0 for none). */
  color: ChalkInstance
  /** Only errors. */
  quiet?: boolean
  /** Notes (`info`), and each message's note and docs URL. */
  verbose?: boolean
}

/** A reporter. */
export type Reporter = (files: readonly VFile[], options: ReporterOptions) => string

/** The reporters kfx ships, by `--format` name. */
export const reporters: Readonly<Record<string, Reporter>> = {stylish, json}

/** The reporter called `name`, or undefined. */
export const reporterFor = (name: string): Reporter | undefined => (Object.hasOwn(reporters, name) ? reporters[name] : undefined)

/**
 * @fileoverview Reporters by name. A reporter is a pure
 * `(files, options) → string` over the VFiles of a run (as vfile-reporter
 * and ESLint formatters are): no I/O, colours passed in.
 */
import type {ChalkInstance} from 'chalk'
import type {VFile} from 'vfile'
import {github} from './github.js'
import {html} from './html.js'
import {json} from './json.js'
import {junit} from './junit.js'
import {sarif} from './sarif.js'
import {stylish} from './stylish.js'

/** What every reporter gets besides the files. */
export interface ReporterOptions {
  /** Colours (a Chalk instance of level 0 for none). */
  color: ChalkInstance
  /** Only errors. */
  quiet?: boolean
  /** Notes (`info`), and each message's note and docs URL. */
  verbose?: boolean
  /**
   * Where kfx's documentation lives: every message's `url` is relative to
   * kfx's repository (`docs/rules/schema.md#format`) and is resolved against
   * this base. Default {@link DEFAULT_DOCS_BASE} (`''`: links stay relative).
   * An absolute base (`https://github.com/OWNER/kfx/blob/main/`) gives
   * absolute links: SARIF needs one for its `helpUri` and `informationUri`,
   * which it leaves out otherwise.
   */
  docsBase?: string
}

export {DEFAULT_DOCS_BASE} from './shared.js'

/** A reporter. */
export type Reporter = (files: readonly VFile[], options: ReporterOptions) => string

/** The reporters kfx ships, by `--format` name. */
export const reporters: Readonly<Record<string, Reporter>> = {stylish, json, sarif, github, junit, html}

/** The reporter called `name`, or undefined. */
export const reporterFor = (name: string): Reporter | undefined => (Object.hasOwn(reporters, name) ? reporters[name] : undefined)

/**
 * @fileoverview Shared data shapes of kfx: source places and diagnostics.
 *
 * Places follow unist: `line` and `column` are 1-based, `offset` is the
 * 0-based index into the decoded text of the whole file (UTF-16 code units, as
 * JavaScript strings count them), with a leading BOM and every `\r` counted.
 */

/** One place in a file. */
export interface Point {
  /** 1-based line. */
  line: number
  /** 1-based column (UTF-16 code units). */
  column: number
  /** 0-based offset into the file's text. */
  offset: number
}

/** A span in a file: `start` inclusive, `end` exclusive. */
export interface Position {
  start: Point
  end: Point
}

/** How bad a finding is, in the words the reporters use. */
export type Severity = 'error' | 'warning' | 'info'

/**
 * Something Kirby does silently that a person would want to know about: a
 * dropped chunk, a merged duplicate, a hidden page. Readers never throw;
 * they record these, and `kfx lint` turns them into messages.
 */
export interface Diagnostic {
  /** Stable kebab-case code, e.g. `dropped-chunk-no-colon`. */
  code: string
  /** Human-readable reason, Markdown with backticks for code. */
  reason: string
  /** How serious the default judgement is. */
  severity: Severity
  /** Where in the file, when the finding has a place. */
  place?: Position | Point
  /** File the finding is about (path relative to the site root or as given). */
  file?: string
}

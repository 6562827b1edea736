/**
 * @fileoverview Expected, user-facing errors versus crashes (as tsup does):
 * a `UsageError` is printed as its message alone and exits 2; anything else
 * thrown is a crash, printed with its stack, and also exits 2.
 */

/** Exit codes, documented in the README. */
export const ExitCode = {
  /** Nothing wrong (warnings allowed). */
  ok: 0,
  /** Problems found in the content. */
  problems: 1,
  /** Usage or configuration error, or a crash. */
  failure: 2
} as const

/** A mistake in how kfx was called: bad option, missing path. */
export class UsageError extends Error {
  override name = 'UsageError'
}

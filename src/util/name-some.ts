/**
 * @fileoverview Names a few of many in a message: `a`, `b`, `c` and 37
 * more. A finding about one of n files that share something (a UUID, an
 * output path) would otherwise name the n - 1 others, and n such findings
 * would print n² names: 92 MB of report for 40 copies of one site.
 */

/** How many are named before the rest are counted. */
export const NAMED = 3

/** `names` (already formatted) joined with commas, at most {@link NAMED} of them, then how many more. */
export const nameSome = (names: readonly string[], total = names.length): string => {
  const shown = names.slice(0, NAMED).join(', ')
  return total > NAMED ? `${shown} and ${total - NAMED} more` : shown
}

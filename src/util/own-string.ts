/**
 * @fileoverview A copy of a string that holds no other string. Whatever
 * outlives a file's text (a message, a cached caption) must not be a view
 * into it: V8 makes a substring (`slice`, a regex match) a view into the
 * string it came from, and a template literal a tree of its parts, so a
 * 20-character value could keep a 60 kB file alive. Measured on a
 * 100,000-file check: 28 MB of file texts held by 11,000 message strings.
 * Adding a character flattens the string into a new one; the slice of that
 * holds only the copy. Strings under 13 characters are always copied by V8.
 */
export const ownString = (text: string): string => (text.length < 13 ? text : ` ${text}`.slice(1))

/**
 * @fileoverview Kirby's `pattern` (and `match` validator) regular
 * expressions as JSON Schema `pattern`s.
 *
 * Kirby matches `pattern` case-insensitively (`/…/i`), on the whole value
 * since 4.4.0 (`/^(?:…)$/i`) and anywhere in it before. JSON Schema
 * patterns have no flags, so letters are expanded into both cases: `a` →
 * `[aA]`, `[a-f]` → `[a-fA-F]`; escapes (`\d`, `\p{L}`, `\x41`), quantifier
 * counts and group syntax (`(?:`, `(?<name>`) are kept. PCRE escapes that
 * JavaScript's `u` mode rejects (`\-`, `\/`, `\_` outside a class) lose
 * their backslash. What still does not compile as a JavaScript `u`-mode
 * regular expression (ajv's default) is reported, and no pattern is emitted.
 */

const isLetter = (char: string): boolean => /^[a-zA-Z]$/.test(char)
const other = (char: string): string => (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase())
/** Characters that may be escaped in a `u`-mode regular expression outside a class. */
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/'])

/** Rewrites a PCRE pattern so that it matches as with the `i` flag; undefined when it cannot be done. */
export const caseInsensitivePattern = (pattern: string): string | undefined => {
  let out = ''
  let index = 0
  const length = pattern.length
  /** An escape at `index` (the backslash); returns [text, next index]. */
  const escape = (inClass: boolean): [string, number] => {
    const next = pattern[index + 1]
    if (next === undefined) return ['\\\\', index + 1]
    if ((next === 'p' || next === 'P' || next === 'x' || next === 'u') && pattern[index + 2] === '{') {
      const end = pattern.indexOf('}', index + 3)
      if (end === -1) return [pattern.slice(index), length]
      return [pattern.slice(index, end + 1), end + 1]
    }
    if (next === 'x') return [pattern.slice(index, index + 4), index + 4]
    if (/[dDwWsSbBnrtfv0-9]/.test(next)) return [`\\${next}`, index + 2]
    if (/[a-zA-Z]/.test(next)) return [`\\${next}`, index + 2]
    if (SYNTAX.has(next) || (inClass && next === '-')) return [`\\${next}`, index + 2]
    // `\-`, `\_`, `\@`…: a literal; `u` mode rejects the needless escape.
    return [next === '-' && inClass ? '\\-' : next, index + 2]
  }
  while (index < length) {
    const char = pattern[index] as string
    if (char === '\\') {
      const [text, next] = escape(false)
      out += text
      index = next
    } else if (char === '[') {
      // A character class: copy it, adding the other case of letters and letter ranges.
      let cls = '['
      let extra = ''
      index++
      if (pattern[index] === '^') {
        cls += '^'
        index++
      }
      if (pattern[index] === ']') {
        cls += '\\]'
        index++
      }
      while (index < length && pattern[index] !== ']') {
        const c = pattern[index] as string
        if (c === '\\') {
          const [text, next] = escape(true)
          cls += text
          index = next
          continue
        }
        if (c === '[' && pattern[index + 1] === ':') {
          const end = pattern.indexOf(':]', index + 2)
          if (end === -1) return undefined
          const name = pattern.slice(index + 2, end)
          const posix: Record<string, string> = {alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', space: '\\s', upper: 'a-zA-Z', lower: 'a-zA-Z', word: '\\w', xdigit: '0-9a-fA-F', punct: '!-\\/:-@\\[-`{-~'}
          const replacement = posix[name]
          if (replacement === undefined) return undefined
          cls += replacement
          index = end + 2
          continue
        }
        const to = pattern[index + 2]
        if (pattern[index + 1] === '-' && to !== undefined && to !== ']' && to !== '\\') {
          cls += `${c}-${to}`
          if (isLetter(c) && isLetter(to) && (c === c.toLowerCase()) === (to === to.toLowerCase())) extra += `${other(c)}-${other(to)}`
          index += 3
          continue
        }
        cls += c === '/' ? '\\/' : c
        if (isLetter(c)) extra += other(c)
        index++
      }
      if (index >= length) return undefined
      out += `${cls}${extra}]`
      index++
    } else if (char === '(' && pattern[index + 1] === '?') {
      // Group syntax: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`; inline flags have no JavaScript form.
      const rest = pattern.slice(index)
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest)
      if (named) {
        out += `(?<${named[1] ?? ''}>`
        index += named[0].length
      } else if (/^\(\?(?::|=|!|<=|<!)/.test(rest)) {
        const head = /^\(\?(?::|=|!|<=|<!)/.exec(rest)?.[0] ?? ''
        out += head
        index += head.length
      } else {
        return undefined
      }
    } else if (char === '{') {
      const quantifier = /^\{\d*(?:,\d*)?\}/.exec(pattern.slice(index))
      if (quantifier) {
        out += quantifier[0]
        index += quantifier[0].length
      } else {
        out += '\\{'
        index++
      }
    } else if (char === '}' || char === ']') {
      out += `\\${char}`
      index++
    } else if (isLetter(char)) {
      out += `[${char}${other(char)}]`
      index++
    } else if (char === '/') {
      out += '\\/'
      index++
    } else {
      out += char
      index++
    }
  }
  try {
    new RegExp(out, 'u')
  } catch {
    return undefined
  }
  return out
}

/** Splits a PHP regular expression (`/…/flags`, `#…#i`) into its source and flags. */
export const splitPhpRegex = (regex: string): {source: string; flags: string} | undefined => {
  const delimiter = regex[0]
  if (delimiter === undefined || /[a-zA-Z0-9\\\s]/.test(delimiter)) return undefined
  const closing = ({'(': ')', '[': ']', '{': '}', '<': '>'} as Record<string, string>)[delimiter] ?? delimiter
  const end = regex.lastIndexOf(closing)
  if (end <= 0) return undefined
  return {source: regex.slice(1, end), flags: regex.slice(end + 1)}
}

/** A JavaScript `u`-mode version of a case-sensitive PCRE source; undefined when it does not compile. */
export const caseSensitivePattern = (source: string): string | undefined => {
  // Reuse the escape clean-up of the case-insensitive rewrite by marking letters: simplest is to
  // drop needless escapes only, then test-compile.
  const cleaned = source.replace(/\\(.)/g, (match, char: string) => (/[a-zA-Z0-9]/.test(char) || SYNTAX.has(char) || char === '-' ? match : char))
  try {
    new RegExp(cleaned, 'u')
    return cleaned
  } catch {
    return undefined
  }
}

/** Escapes a literal for use inside a pattern. */
export const escapePattern = (literal: string): string => literal.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => (c === '-' ? '\\x2d' : `\\${c}`))

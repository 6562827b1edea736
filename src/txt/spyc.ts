/**
 * @fileoverview The YAML that Kirby writes for arrays (structure, pages,
 * files, tags as lists): Spyc's `YAMLDump($data, false, false, true)`, the
 * default `Data\Yaml` handler (spec §1.4).
 *
 * Written by hand because its output is Spyc's, not YAML's: `- ` with a
 * trailing space before a nested map, quoting decided by a list of
 * characters, literal blocks that trim every line. The `yaml` package writes
 * valid YAML, but not these bytes, and kfx must write what Kirby writes.
 */

/** A value Spyc can dump. */
export type YamlValue = string | number | boolean | null | YamlValue[] | {[key: string]: YamlValue}

/** Spyc's placeholder for "this node has children". */
const REMPTY = '\0\0\0\0\0'
const INDENT = 2
/** Words Spyc would read as booleans or null, so it quotes them when dumping. */
const TRANSLATION_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL', '~'
])
const NEEDS_BLOCK = /\n|: |- |\*|#|<|>|%| {2}|\[|\]|\{|\}|&|'/

const isSequential = (value: YamlValue[] | {[key: string]: YamlValue}): boolean =>
  Array.isArray(value) || Object.keys(value).every((key, index) => key === String(index))

/** Spyc `_doLiteralBlock`: quote a one-line string, or write a `|` block. */
const literalBlock = (value: string, indent: number): string => {
  if (value === '\n') return '\\n'
  if (!value.includes('\n') && !value.includes("'")) return `'${value}'`
  if (!value.includes('\n') && !value.includes('"')) return `"${value}"`
  const lines = value.split('\n')
  let result = '|'
  if (lines[0] === '|' || lines[0] === '|-' || lines[0] === '>') result = lines.shift()!
  const spaces = ' '.repeat(indent + INDENT)
  for (const raw of lines) {
    let line = raw.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '')
    const quoted =
      (line.startsWith('"') && line.lastIndexOf('"') === line.length - 1) ||
      (line.startsWith("'") && line.lastIndexOf("'") === line.length - 1)
    if (quoted) line = line.slice(1, -1)
    result += `\n${spaces}${line}`
  }
  return result
}

/** Spyc `_dumpNode` for one scalar (or the REMPTY marker). */
const dumpNode = (key: string, value: YamlValue, indent: number, sequential: boolean): string => {
  let text: string | null
  if (typeof value === 'string') {
    text = NEEDS_BLOCK.test(value) || value.startsWith('!') || value.endsWith(':') ? literalBlock(value, indent) : value
    if (text === '') text = '""'
    if (TRANSLATION_WORDS.has(text)) text = literalBlock(text, indent)
    if (text.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '') !== text) text = literalBlock(text, indent)
    if (text === `'${REMPTY}'`) text = null
  } else if (typeof value === 'boolean') text = value ? 'true' : 'false'
  else if (value === null) text = 'null'
  else if (Array.isArray(value) && value.length === 0) text = '[ ]'
  else text = String(value)
  const spaces = ' '.repeat(indent)
  if (sequential) return `${spaces}- ${text ?? ''}\n`
  const name = key.includes(':') || key.includes('#') ? `"${key}"` : key
  return `${`${spaces}${name}: ${text ?? ''}`.trimEnd()}\n`
}

const yamlize = (key: string, value: YamlValue, indent: number, sequential: boolean): string => {
  if (value !== null && typeof value === 'object') {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0
    if (empty) return dumpNode(key, [], indent, sequential)
    return dumpNode(key, REMPTY, indent, sequential) + yamlizeAll(value, indent + INDENT)
  }
  return dumpNode(key, value, indent, sequential)
}

const yamlizeAll = (value: YamlValue[] | {[key: string]: YamlValue}, indent: number): string => {
  const sequential = isSequential(value)
  let result = ''
  for (const [key, item] of Object.entries(value)) result += yamlize(key, item, indent, sequential)
  return result
}

/** Dumps a value as Kirby's default YAML handler (Spyc) writes it. */
export const dumpYaml = (value: YamlValue): string => {
  if (value === null || typeof value !== 'object') return dumpNode('0', value, 0, true)
  if (Array.isArray(value) && value.length === 0) return ''
  return yamlizeAll(value, 0)
}

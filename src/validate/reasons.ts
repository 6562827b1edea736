/**
 * @fileoverview ajv errors in words: the subject ("`url` in `social` row
 * 2"), the reason per keyword as a person would write it, and what was
 * expected and found.
 */
import type {ErrorObject} from 'ajv'
import type {KirbyFieldAnnotation} from '../schema/keywords.js'
import {FORMAT_EXAMPLES, isImpossibleDate} from './formats.js'
import {unescapePointer} from './walk.js'

/** Code in Markdown, shortened to one line. */
export const code = (value: string): string => {
  const line = value.split(/\r?\n/, 1)[0] ?? ''
  let text = line.length > 50 ? `${line.slice(0, 49)}…` : line
  if (line !== value && !text.endsWith('…')) text += '…'
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``
}

/** A value as it is shown after "got". */
export const shown = (value: unknown): string => {
  if (value === undefined || value === null) return 'nothing'
  if (Array.isArray(value)) return value.length === 1 ? 'a list of 1 entry' : `a list of ${value.length} entries`
  if (typeof value === 'object') return 'a set of fields'
  return code(String(value))
}

/** A value as a plain string, for `actual`; undefined for lists and maps. */
export const actualOf = (value: unknown): string | undefined =>
  value === undefined || value === null || typeof value === 'object' ? undefined : String(value)

const ROW_NOUNS: Record<string, [string, string]> = {
  structure: ['row', 'rows'],
  blocks: ['block', 'blocks'],
  layout: ['row', 'rows'],
  files: ['file', 'files'],
  pages: ['page', 'pages'],
  users: ['user', 'users']
}
const KEY_NOUNS: Record<string, [string, string]> = {columns: ['column', 'columns'], blocks: ['block', 'blocks']}

/** The noun of an array's entries (`row`/`rows` for a structure). */
export const nounsOf = (field: KirbyFieldAnnotation | undefined, key: string | undefined): [string, string] =>
  (field && ROW_NOUNS[field.type.toLowerCase()]) ?? (key !== undefined ? KEY_NOUNS[key] : undefined) ?? ['entry', 'entries']

/** What describes the parts of a pointer: the typed value (to tell list indexes) and annotations. */
export interface Describe {
  value: unknown
  fields: ReadonlyMap<string, KirbyFieldAnnotation>
}

/** The segments of a JSON pointer. */
export const segments = (pointer: string): string[] => (pointer === '' ? [] : pointer.split('/').slice(1).map(unescapePointer))

/**
 * Words for a place in the content: `` `date` ``, `` `url` in `social` row 2 ``,
 * `` `gallery` file 1 ``, `` `level` in `layout` row 1 column 2 block 1 ``.
 * Empty for the root.
 */
export const subjectOf = (pointer: string, describe: Describe): string => {
  const parts = segments(pointer)
  const raw = pointer.split('/').slice(1)
  const pieces: string[] = []
  const keys: number[] = []
  let node: unknown = describe.value
  let path = ''
  let previousNoun: string | undefined
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!
    const isIndex = Array.isArray(node) && /^\d+$/.test(part)
    if (isIndex) {
      const field = describe.fields.get(path)
      const [noun] = nounsOf(field, parts[index - 1])
      // Kirby's own JSON keys (`columns`, `blocks` inside a layout) say nothing the noun does not.
      if (field === undefined && index > 1 && KEY_NOUNS[parts[index - 1]!] && pieces.at(-1) === code(parts[index - 1]!)) {
        pieces.pop()
        keys.pop()
      }
      pieces.push(`${noun} ${Number(part) + 1}`)
      previousNoun = noun
      node = (node as unknown[])[Number(part)]
    } else {
      // A block's `content` is where its fields live: not worth a word.
      if (!(previousNoun === 'block' && part === 'content')) {
        keys.push(pieces.length)
        pieces.push(code(part))
      }
      previousNoun = undefined
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined
    }
    path = `${path}/${raw[index]}`
  }
  const lastKey = keys.at(-1) ?? 0
  if (lastKey <= 0) return pieces.join(' ')
  return `${pieces.slice(lastKey).join(' ')} in ${pieces.slice(0, lastKey).join(' ')}`
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  array: 'a list',
  object: 'a set of fields',
  null: 'empty'
}

const FORMAT_WORDS: Record<string, string> = {
  'kirby-date': 'a date like `2017-10-18`',
  'kirby-datetime': 'a date and time like `2017-10-18 10:00:00`',
  'kirby-time': 'a time like `10:00` or `10:00:00`',
  date: 'a date like `2017-10-18`',
  'date-time': 'a date and time like `2017-10-18T10:00:00Z`',
  time: 'a time like `10:00:00Z`',
  email: 'an e-mail address like `name@example.com`',
  'idn-email': 'an e-mail address like `name@example.com`',
  uri: 'a URL like `https://example.com`',
  url: 'a URL like `https://example.com`',
  iri: 'a URL like `https://example.com`',
  'uri-reference': 'a URL or a path',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  hostname: 'a host name',
  regex: 'a regular expression',
  duration: 'a duration like `P3D`'
}

/** A list of values in backticks: `` `a`, `b`, `c` `` (at most 12). */
const listOf = (values: readonly unknown[]): string => {
  const words = values.slice(0, 12).map((value) => code(typeof value === 'string' ? value : JSON.stringify(value)))
  return values.length > 12 ? `${words.join(', ')}, … (${values.length} in all)` : words.join(', ')
}

const plural = (count: number, [one, many]: [string, string]): string => `${count} ${count === 1 ? one : many}`

/** What one error says. */
export interface Words {
  reason: string
  expected?: string[]
  actual?: string
}

/** The reason of an ajv error; `subject` names its place, `nouns` its entries. */
export const wordsOf = (error: ErrorObject, subject: string, nouns: [string, string]): Words => {
  const data = error.data as unknown
  const params = error.params as Record<string, unknown>
  const actual = actualOf(data)
  const got = shown(data)
  const within = subject === '' ? 'the content' : subject
  const who = subject === '' ? 'The content' : subject
  const withActual = (words: Omit<Words, 'actual'>): Words => (actual === undefined ? words : {...words, actual})
  switch (error.keyword) {
    case 'type': {
      const types = String(params.type).split(',')
      return withActual({reason: `${who} must be ${types.map((type) => TYPE_WORDS[type] ?? type).join(' or ')}, got ${got}`, expected: types})
    }
    case 'format': {
      const format = String(params.format)
      const impossible = typeof data === 'string' && format.startsWith('kirby-') && isImpossibleDate(data)
      const words = FORMAT_WORDS[format] ?? `in the \`${format}\` format`
      const example = FORMAT_EXAMPLES[format]
      return withActual({
        reason: `${who} must be ${words}, got ${got}${impossible ? ', which does not exist' : ''}`,
        ...(example === undefined ? {} : {expected: [example]})
      })
    }
    case 'enum': {
      const values = Array.isArray(params.allowedValues) ? params.allowedValues : []
      return withActual({
        reason: values.length === 1 ? `${who} must be ${listOf(values)}, got ${got}` : `${who} must be one of ${listOf(values)}, got ${got}`,
        expected: values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
      })
    }
    case 'const': {
      const value = params.allowedValue
      return withActual({reason: `${who} must be ${listOf([value])}, got ${got}`, expected: [typeof value === 'string' ? value : JSON.stringify(value)]})
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words = {minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than'}[error.keyword]
      return withActual({reason: `${who} must be ${words} \`${String(params.limit)}\`, got ${got}`, expected: [`${params.comparison} ${params.limit}`]})
    }
    case 'multipleOf':
      return withActual({reason: `${who} must be a multiple of \`${String(params.multipleOf)}\`, got ${got}`})
    case 'minLength':
    case 'maxLength': {
      const length = typeof data === 'string' ? [...data].length : 0
      const words = error.keyword === 'minLength' ? 'at least' : 'at most'
      return withActual({
        reason: `${who} must be ${words} ${plural(Number(params.limit), ['character', 'characters'])} long, got ${length}`,
        expected: [`${words} ${params.limit} characters`]
      })
    }
    case 'pattern':
      return withActual({reason: `${who} must match the pattern \`${String(params.pattern)}\`, got ${got}`, expected: [String(params.pattern)]})
    case 'minItems':
    case 'maxItems': {
      const count = Array.isArray(data) ? data.length : 0
      const words = error.keyword === 'minItems' ? 'at least' : 'at most'
      return {reason: `${who} must have ${words} ${plural(Number(params.limit), nouns)}, got ${count}`, actual: String(count)}
    }
    case 'uniqueItems': {
      const list = Array.isArray(data) ? data : []
      const repeated = list[Number(params.i)]
      return {
        reason: `${who} must not repeat ${nouns[1]}, got ${shown(repeated)} twice (${nouns[0]} ${Number(params.j) + 1} and ${Number(params.i) + 1})`
      }
    }
    case 'minProperties':
    case 'maxProperties': {
      const words = error.keyword === 'minProperties' ? 'at least' : 'at most'
      return {reason: `${within} must have ${words} ${plural(Number(params.limit), ['field', 'fields'])}`}
    }
    case 'dependentRequired':
    case 'dependencies': {
      const missing = String(params.missingProperty)
      const property = String(params.property)
      return {
        reason: subject === '' ? `Missing field \`${missing}\`, required when \`${property}\` is set` : `${who} is missing \`${missing}\`, required when \`${property}\` is set`,
        expected: [missing]
      }
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const property = String(params.additionalProperty ?? params.unevaluatedProperty)
      return {reason: subject === '' ? `Unexpected field \`${property}\`, the schema does not allow it` : `Unexpected \`${property}\` in ${who}`}
    }
    case 'propertyNames':
      return {reason: `Unexpected name \`${String(params.propertyName)}\` in ${within}`}
    case 'formatMinimum':
    case 'formatMaximum':
    case 'formatExclusiveMinimum':
    case 'formatExclusiveMaximum': {
      const limit = String(params.limit)
      const words = {'>=': 'must not be before', '<=': 'must not be after', '>': 'must be after', '<': 'must be before'}[String(params.comparison)] ?? `must be ${params.comparison}`
      return withActual({reason: `${who} ${words} \`${limit}\`, got ${got}`, expected: [`${params.comparison} ${limit}`]})
    }
    case 'contains':
    case 'minContains':
    case 'maxContains':
      return {reason: `${who} must contain ${error.keyword === 'maxContains' ? 'at most' : 'at least'} ${plural(Number(params.minContains ?? params.maxContains ?? 1), ['matching entry', 'matching entries'])}`}
    case 'not':
      return withActual({reason: `${who} must not match the schema at \`${error.schemaPath}\`, got ${got}`})
    case 'false schema':
      return withActual({reason: subject === '' ? 'The schema allows no content here' : `${who} is not allowed`})
    case 'anyOf':
    case 'oneOf':
      if (Array.isArray(params.layouts)) {
        return {
          reason: `${who} must be one of the layouts ${listOf(params.layouts)}, got ${code(String(params.widths))}`,
          expected: params.layouts.map(String),
          actual: String(params.widths)
        }
      }
      return Array.isArray(params.passingSchemas)
        ? {reason: `${within} matches more than one of the allowed shapes (${params.passingSchemas.map((i) => Number(i) + 1).join(' and ')})`}
        : withActual({reason: `${within} does not match any of the allowed shapes, got ${got}`})
    default:
      return withActual({reason: `${within} ${error.message ?? 'is not valid'}`})
  }
}

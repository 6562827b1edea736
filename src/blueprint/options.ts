/**
 * @fileoverview Static `options` of a field as the values Kirby stores
 * (spec §6.4; `FieldOptions::polyfill`, `Options::factory`): a list of
 * values, a map value → text, a list of `{value, text}` maps, or
 * `{type: array, options: …}`. A query (`options: query`, any other string,
 * `{type: query}`), an API (`options: api`, `{type: api}`) or Kirby 2's
 * `children`, `files`, `url`… are dynamic: there is no list to check.
 */
import {isYamlMap} from './yaml.js'

/** PHP's `(string)` of a scalar option value. */
const phpString = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value === true) return '1'
  if (value === false || value === null) return ''
  return undefined
}

/** The values of static options, in order and without repeats; undefined when the options are dynamic or absent. */
export const staticOptions = (options: unknown): string[] | undefined => {
  if (options === undefined || options === null || typeof options === 'string') return undefined
  let source: unknown = options
  if (isYamlMap(options)) {
    const type = options.get('type')
    if (type === 'query' || type === 'api') return undefined
    if (type === 'array') source = options.get('options')
  }
  const values: string[] = []
  const add = (value: unknown): void => {
    const text = phpString(value)
    if (text !== undefined && !values.includes(text)) values.push(text)
  }
  if (Array.isArray(source)) {
    for (const item of source) {
      if (isYamlMap(item)) {
        if (item.has('value')) add(item.get('value'))
        else if (item.size === 1) add([...item.keys()][0])
      } else {
        add(item)
      }
    }
  } else if (isYamlMap(source)) {
    for (const key of source.keys()) add(key)
  } else {
    return undefined
  }
  return values.length > 0 ? values : undefined
}

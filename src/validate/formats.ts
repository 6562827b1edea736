/**
 * @fileoverview Kirby's stored date and time shapes as ajv formats:
 * `kirby-date` (`2017-10-18`), `kirby-datetime` (`2017-10-18 10:00:00` or
 * `2017-10-18 10:00`) and `kirby-time` (`10:00:00` or `10:00`). Each rejects
 * impossible values (`2013-02-30`, `2017-13-01`, `24:00`) and has a
 * `compare`, so ajv-formats' `formatMinimum`/`formatMaximum` express a date
 * field's `min`/`max`.
 */
import type {FormatDefinition} from 'ajv'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?)$/
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/

const leap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export const isKirbyDate = (value: string): boolean => {
  const match = DATE.exec(value)
  if (!match) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12 || day < 1) return false
  return day <= (month === 2 && leap(year) ? 29 : DAYS[month - 1]!)
}

/** Whether `value` is a time of day written `HH:MM:SS` or `HH:MM` (00–23, 00–59). */
export const isKirbyTime = (value: string): boolean => {
  const match = TIME.exec(value)
  if (!match) return false
  return Number(match[1]) <= 23 && Number(match[2]) <= 59 && (match[3] === undefined || Number(match[3]) <= 59)
}

/** Whether `value` is a date and time written `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD HH:MM`. */
export const isKirbyDateTime = (value: string): boolean => {
  const match = DATETIME.exec(value)
  return match !== null && isKirbyDate(match[1]!) && isKirbyTime(match[2]!)
}

/** Whether `value` has the shape of a date but is not a real one (`2013-02-30`), for messages. */
export const isImpossibleDate = (value: string): boolean => {
  const date = DATETIME.exec(value)?.[1] ?? (DATE.test(value) ? value : undefined)
  if (date !== undefined && !isKirbyDate(date)) return true
  const time = DATETIME.exec(value)?.[2] ?? (TIME.test(value) ? value : undefined)
  return time !== undefined && !isKirbyTime(time)
}

/** `HH:MM` → `HH:MM:SS`. */
const fullTime = (time: string): string => (time.length === 5 ? `${time}:00` : time)

/** A sortable form of a date or date-time (a bare date is midnight), or undefined. */
const sortableDateTime = (value: string): string | undefined => {
  if (isKirbyDate(value)) return `${value} 00:00:00`
  if (isKirbyDateTime(value)) return `${value.slice(0, 10)} ${fullTime(value.slice(11))}`
  return undefined
}

const order = (a: string | undefined, b: string | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : a < b ? -1 : a > b ? 1 : 0

/** Compares two dates or date-times (`<0`, `0`, `>0`); undefined when either is not one. */
export const compareKirbyDateTime = (a: string, b: string): number | undefined => order(sortableDateTime(a), sortableDateTime(b))

/** Compares two times of day; undefined when either is not one. */
export const compareKirbyTime = (a: string, b: string): number | undefined =>
  order(isKirbyTime(a) ? fullTime(a) : undefined, isKirbyTime(b) ? fullTime(b) : undefined)

/** The `kirby-*` formats, by name, for `ajv.addFormat`. */
export const kirbyFormats: Record<'kirby-date' | 'kirby-datetime' | 'kirby-time', FormatDefinition<string>> = {
  'kirby-date': {type: 'string', validate: isKirbyDate, compare: compareKirbyDateTime},
  'kirby-datetime': {type: 'string', validate: isKirbyDateTime, compare: compareKirbyDateTime},
  'kirby-time': {type: 'string', validate: isKirbyTime, compare: compareKirbyTime}
}

/** An example of each format, for messages. */
export const FORMAT_EXAMPLES: Record<string, string> = {
  'kirby-date': '2017-10-18',
  'kirby-datetime': '2017-10-18 10:00:00',
  'kirby-time': '10:00:00',
  date: '2017-10-18',
  'date-time': '2017-10-18T10:00:00Z',
  time: '10:00:00Z',
  email: 'name@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '0b6e2a4c-8f3e-4d2b-9d61-3f5e1c2a7b90'
}

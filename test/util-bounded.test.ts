/**
 * What a run keeps between files is bounded: the least recently used
 * entries of a bounded cache go first, and strings kept past their file are
 * copies, not views into its text.
 */
import {describe, expect, test} from '@jest/globals'
import {BoundedCache} from '../src/util/bounded-cache.js'
import {ownString} from '../src/util/own-string.js'

describe('BoundedCache', () => {
  test('keeps at most its size, dropping the least recently used', () => {
    const cache = new BoundedCache<string, number>(2)
    cache.set('a', 1).set('b', 2)
    expect(cache.get('a')).toBe(1) // a is now the most recent
    cache.set('c', 3)
    expect(cache.has('b')).toBe(false)
    expect(cache.get('a')).toBe(1)
    expect(cache.get('c')).toBe(3)
    expect(cache.size).toBe(2)
  })

  test('an undefined value is a value (a meta file without a caption)', () => {
    const cache = new BoundedCache<string, string | undefined>(2)
    cache.set('x', undefined).set('y', 'Y')
    expect(cache.has('x')).toBe(true)
    cache.get('x')
    cache.set('z', 'Z')
    expect(cache.has('x')).toBe(true)
    expect(cache.has('y')).toBe(false)
  })
})

describe('ownString', () => {
  test('gives the same text, short or long, sliced or built', () => {
    const big = `${'x'.repeat(10_000)}Title: A long enough value here${'y'.repeat(10_000)}`
    const slice = big.slice(10_000, 10_031)
    expect(ownString(slice)).toBe('Title: A long enough value here')
    expect(ownString(`reason ${slice} end`)).toBe('reason Title: A long enough value here end')
    expect(ownString('short')).toBe('short')
    expect(ownString('')).toBe('')
  })
})

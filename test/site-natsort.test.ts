/**
 * PHP `natsort` / `strnatcmp` order (case-sensitive), as Kirby sorts folder
 * listings. Expected orders were derived from PHP's `ext/standard/strnatcmp.c`
 * rules: leading zeros skipped only at the start, left-aligned comparison for
 * runs starting with `0`, ASCII whitespace skipped, bytes compared unsigned.
 */
import {describe, expect, test} from '@jest/globals'
import fc from 'fast-check'
import {naturalCompare, natsort, strnatcmp} from '../src/site/index.js'

describe('strnatcmp', () => {
  test.each([
    ['1_a', '2_a', -1],
    ['2_a', '10_a', -1],
    ['10_a', '1_a', 1],
    ['01_x', '1_a', 1], // leading zero skipped: `1_x` vs `1_a`
    ['01', '1', 0], // equal for strnatcmp; natsort keeps byte order
    ['a01', 'a1', -1], // not leading: `01` vs `1` compared left-aligned, `0` < `1`
    ['Zebra', 'apple', -1], // case-sensitive: `Z` (0x5A) < `a` (0x61)
    ['_drafts', 'a', -1], // `_` (0x5F) < `a`
    ['_drafts', 'Z', 1], // `_` > `Z`
    ['a  b', 'a b', 0], // whitespace runs skipped
    ['', 'a', -1],
    ['a', '', 1],
    ['é', 'z', 1], // bytes: 0xC3 > 0x7A
    ['img12.png', 'img10.png', 1],
    ['2024-01-01_post', '2024-1-1_post', -1]
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(Math.sign(strnatcmp(a, b))).toBe(expected)
  })

  test('x1.10 vs x1.9 really is greater (magnitude of 10 vs 9)', () => {
    expect(strnatcmp('x1.10', 'x1.9')).toBe(1)
  })
})

describe('natsort', () => {
  test('folder names in Kirby order', () => {
    expect(natsort(['10_a', '2_a', '1_a', '01_x', '_drafts', 'Projects', 'about', '1-k2', 'B', 'home'])).toEqual([
      '1-k2',
      '1_a',
      '01_x',
      '2_a',
      '10_a',
      'B',
      'Projects',
      '_drafts',
      'about',
      'home'
    ])
  })

  test('ties keep byte order (`01` before `1`)', () => {
    expect(natsort(['1', '01', '001'])).toEqual(['001', '01', '1'])
  })

  test('content file names: `a.txt` before `b.txt`, `article.txt` before `default.txt`', () => {
    expect(natsort(['default.txt', 'article.txt', 'photo.jpg.txt', 'photo.jpg'])).toEqual(['article.txt', 'default.txt', 'photo.jpg', 'photo.jpg.txt'])
  })

  test('property: natsort returns a permutation, stable under re-sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a-zA-Z_ .-]{0,6}$/), {maxLength: 20}), (names) => {
        const sorted = natsort(names)
        expect([...sorted].sort()).toEqual([...names].sort())
        expect(natsort(sorted)).toEqual(sorted)
        for (let i = 1; i < sorted.length; i++) expect(naturalCompare(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0)
      })
    )
  })
})

/**
 * Applying fixes: in order, overlapping ones left for the next run, written
 * atomically, and shown as a unified diff.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {applyFixes, fixDiff, fixFiles, writeAtomic} from '../src/lint/fix.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-fix-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

describe('applyFixes', () => {
  test('applies replacements in order of place', () => {
    expect(applyFixes('abcdef', [{start: 4, end: 5, text: 'E'}, {start: 0, end: 1, text: 'A'}])).toEqual({text: 'AbcdEf', applied: 2})
  })
  test('leaves out a fix that overlaps an earlier one', () => {
    expect(applyFixes('abcdef', [{start: 0, end: 3, text: 'X'}, {start: 2, end: 4, text: 'Y'}])).toEqual({text: 'Xdef', applied: 1})
  })
  test('ignores fixes outside the text', () => {
    expect(applyFixes('abc', [{start: 2, end: 9, text: 'X'}])).toEqual({text: 'abc', applied: 0})
  })
})

describe('writing', () => {
  test('writeAtomic replaces the file and leaves no temporary file', async () => {
    const file = path.join(temp, 'page.txt')
    writeFileSync(file, 'Title: old')
    await writeAtomic(file, 'Title: new')
    expect(readFileSync(file, 'utf8')).toBe('Title: new')
    expect(readdirSync(temp)).toEqual(['page.txt'])
  })
  test('fixFiles only computes a diff in a dry run', async () => {
    const file = path.join(temp, 'dry.txt')
    writeFileSync(file, 'Title: A\n----\nText: b')
    const result = await fixFiles(new Map([['dry.txt', {absolute: file, fixes: [{start: 7, end: 8, text: 'B'}]}]]), false)
    expect(result.files).toBe(1)
    expect(result.diff).toContain('-Title: A')
    expect(result.diff).toContain('+Title: B')
    expect(readFileSync(file, 'utf8')).toBe('Title: A\n----\nText: b')
  })
  test('fixDiff is empty when nothing changes', () => {
    expect(fixDiff('a.txt', 'same', 'same')).toBe('')
  })
})

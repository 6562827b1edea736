/**
 * The text tests that spare the reference rules a Markdown parse
 * (`mayHoldLinks`, `mayHoldCode`, `onlyWebLinks`, `mayBeInCode` in
 * `src/rules/no-broken-link.ts`) must be supersets: when a test says a value
 * cannot hold a link, code, or a target the rules would judge, the mdast
 * tree of that value must agree. Checked on every field of the corpora in
 * `../shared` and on generated Markdown (fast-check).
 */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from '@jest/globals'
import fc from 'fast-check'
import type {Nodes, Root} from 'mdast'
import {parseKirbytext} from '../src/kirbytag/plugin.js'
import {rulesFor} from '../src/kirby-version.js'
import {parse} from '../src/parse.js'
import {findKirbytags} from '../src/kirbytag/scan.js'
import {codeRanges, inRanges} from '../src/rules/no-kirbytag-in-code.js'
import {decodeEntities, htmlReferences, judgeLink, mayBeInCode, mayHoldCode, mayHoldLinks, onlyWebLinks, opensCode} from '../src/rules/no-broken-link.js'
import type {Site} from '../src/site/index.js'
import {describeShared, sharedRoot} from './helpers/shared.js'

/** What the reference rules read of a tree: link-like targets and code. */
const markupOf = (value: string, tree: Root): {targets: string[]; code: number} => {
  const targets: string[] = []
  let code = 0
  const visit = (node: Root | Nodes): void => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') targets.push(node.url)
    if (node.type === 'html') {
      const start = node.position!.start.offset!
      for (const ref of htmlReferences(value.slice(start, node.position!.end.offset))) targets.push(decodeEntities(ref.value))
    }
    if (node.type === 'code' || node.type === 'inlineCode') code++
    if ('children' in node) for (const child of node.children) visit(child)
  }
  visit(tree)
  return {targets, code}
}

/** A site without pages or a URL of its own (kfx reads it as `http://localhost`). */
const bareSite = {pages: [], byId: new Map(), byDir: new Map(), rules: rulesFor('5'), site: {files: []}} as unknown as Site

/** Whether the reference rules skip a target on such a site (a target they would judge is not skipped). */
const skipped = (target: string): boolean => {
  try {
    return judgeLink(bareSite, 'site', target, 'browser').kind === 'skip' && judgeLink(bareSite, 'site', target, 'kirby').kind === 'skip'
  } catch {
    return false
  }
}

/** Checks the three tests against the tree of one value; returns what failed. */
const disagreements = (value: string): string[] => {
  // micromark reads a leading BOM as no character: offsets would shift.
  if (value.startsWith('\uFEFF')) return []
  const tree = parseKirbytext(value)
  const {targets, code} = markupOf(value, tree)
  const failed: string[] = []
  if (!mayHoldLinks(value) && targets.length > 0) failed.push(`mayHoldLinks: ${JSON.stringify(targets)}`)
  if (!mayHoldCode(value) && code > 0) failed.push('mayHoldCode')
  if (opensCode(value) !== /`|~~~|(?:^|\n)(?: {4}|\t)/.test(value)) failed.push('opensCode')
  const inCode = (tree.data?.kirbytags ?? []).filter((tag) => tag.data?.hiddenIn === 'code' || tag.data?.hiddenIn === 'inlineCode')
  const starts = findKirbytags(value).tags.map((tag) => tag.start)
  if (inCode.length > 0 && !mayBeInCode(value, starts)) failed.push(`mayBeInCode: ${inCode.map((tag) => tag.raw).join(' ')}`)
  // Other offsets (field-separator-style asks about lines): every character
  // but white space, and the start of every line that is not blank, is in a
  // code node only if the test says it may be.
  const ranges = codeRanges(tree)
  for (let offset = 0; offset < value.length; offset++) {
    const lineStart = offset === 0 || value[offset - 1] === '\n' || value[offset - 1] === '\r'
    const asked = /\S/.test(value[offset]!) || (lineStart && /^[^\r\n]*\S/.test(value.slice(offset)))
    if (asked && inRanges(ranges, offset) && !mayBeInCode(value, [offset])) {
      failed.push(`mayBeInCode at ${offset}`)
      break
    }
  }
  if (onlyWebLinks(value)) for (const target of targets) if (!skipped(target)) failed.push(`onlyWebLinks: ${JSON.stringify(target)}`)
  return failed
}

const txtFiles = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? txtFiles(full) : entry.name.endsWith('.txt') ? [full] : []
  })

describeShared('the prefilters on the corpora', () => {
  test('agree with the tree on every field of every content file', () => {
    const corpora = path.join(sharedRoot, 'corpora')
    let fields = 0
    const failures: string[] = []
    for (const corpus of readdirSync(corpora)) {
      const content = path.join(corpora, corpus, 'content')
      let files: string[]
      try {
        files = txtFiles(content)
      } catch {
        continue
      }
      for (const file of files) {
        for (const field of parse(readFileSync(file)).fields) {
          fields++
          for (const failure of disagreements(field.value)) failures.push(`${path.relative(corpora, file)} ${field.key}: ${failure}`)
        }
      }
    }
    expect(fields).toBeGreaterThan(1000)
    expect(failures).toEqual([])
  })
})

describe('the prefilters on generated Markdown', () => {
  const piece = fc.oneof(
    fc.constantFrom('[', ']', '(', ')', '![', '](', ']:', '][', '<', '>', '`', '```', '~~~', '    ', '\t', '\n', '\r\n', ' ', '> ', '- ', '1. '),
    fc.constantFrom('a', 'x', 'page', 'https://', 'http:', 'mailto:', 'a@b.c', '<a href=', '<img src=', '<area href=', '<abbr>', 'href=', "'", '"', '<?php ?>', '{{ x }}', '#x', '/x', './x', '&amp;', '\\', '<https://x>', '<x:y>'),
    fc.constantFrom('(link: x)', '(image: a.jpg)', '(file: b.pdf)', '(link: x', '(email: a@b.c)', '\n\n', '\n  \n', '\r'),
    fc.string({maxLength: 3})
  )
  const markdown = fc.array(piece, {maxLength: 40}).map((pieces) => pieces.join(''))
  test('agree with the tree', () => {
    fc.assert(
      fc.property(markdown, (value) => {
        expect(disagreements(value)).toEqual([])
      }),
      {numRuns: Number(process.env.KFX_FUZZ_RUNS ?? 3000)}
    )
  })
  // Few pieces, so that code, line breaks and tags meet often.
  const dense = fc
    .array(fc.constantFrom('`', '``', '```', '~~~', '\n', '\r\n', '\r', ' ', '    ', '\t', '> ', '- ', '1. ', 'a', '(link: x)', '<a href=x>', '](x)'), {maxLength: 14})
    .map((pieces) => pieces.join(''))
  test('agree with the tree on dense Markdown', () => {
    fc.assert(
      fc.property(dense, (value) => {
        expect(disagreements(value)).toEqual([])
      }),
      {numRuns: Number(process.env.KFX_FUZZ_RUNS ?? 3000)}
    )
  })
})

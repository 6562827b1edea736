/**
 * @fileoverview `--format junit`: JUnit XML for CI test views (GitLab,
 * Jenkins, Azure DevOps): one `<testsuite>` for the run, one `<testcase>`
 * per checked file (a file without errors or warnings passes), one
 * `<failure type="<ruleId>" message="<reason>">` per error or warning, its
 * text `file:line:col`, the severity, the reason and the rule. Notes are
 * left out: they are not failures.
 *
 * Everything is escaped for XML; characters XML 1.0 cannot hold (control
 * characters, lone surrogates, U+FFFE/U+FFFF) are removed.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {severityOf} from '../messages.js'
import type {ReporterOptions} from './index.js'
import {sortMessages, spanOf, visibleMessages} from './shared.js'

// Anything but TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF (valid pairs).
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Removes the characters XML 1.0 cannot hold. */
export const xmlClean = (value: string): string => value.replace(INVALID_XML, '')

/** Escapes text content. */
export const xmlText = (value: string): string => xmlClean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Escapes an attribute value (double-quoted); line breaks and tabs as character references, so they survive. */
export const xmlAttribute = (value: string): string =>
  xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')

const place = (file: VFile, message: VFileMessage): string => {
  const span = spanOf(message)
  return span ? `${file.path}:${span.line}:${span.column}` : file.path
}

/** Formats the run as JUnit XML. */
export const junit = (files: readonly VFile[], options: ReporterOptions): string => {
  const cases: string[] = []
  let failing = 0
  for (const file of files) {
    const messages = sortMessages(visibleMessages(file, {quiet: options.quiet ?? false, verbose: false}))
    const name = xmlAttribute(file.path)
    if (messages.length === 0) {
      cases.push(`    <testcase name="${name}" classname="kfx" file="${name}" time="0"/>`)
      continue
    }
    failing++
    cases.push(`    <testcase name="${name}" classname="kfx" file="${name}" time="0">`)
    for (const message of messages) {
      const ruleId = message.ruleId ?? ''
      const body = `${place(file, message)} ${severityOf(message)} ${message.reason} (${ruleId})${message.url ? `\n${message.url}` : ''}`
      cases.push(`      <failure type="${xmlAttribute(ruleId)}" message="${xmlAttribute(message.reason)}">${xmlText(body)}</failure>`)
    }
    cases.push('    </testcase>')
  }
  const counts = `tests="${files.length}" failures="${failing}" errors="0" skipped="0" time="0"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kfx" ${counts}>`,
    `  <testsuite name="kfx" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n')
}

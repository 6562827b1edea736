/**
 * The HTML report as a person sees it: headless Chromium opens the file
 * written for the fixed results and the test reads the DOM after the page's
 * script ran (`--dump-dom`): the counts, a highlighted span, what a filter
 * preset in the URL hides. It also takes a screenshot (kept where
 * KFX_SCREENSHOT_DIR says, for a look).
 *
 * Needs Chromium (Debian: `apt-get install chromium`; or KFX_CHROMIUM=path);
 * without it the suite is skipped, under a name that says why.
 */
import {execFile} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {Chalk} from 'chalk'
import {reporters} from '../src/reporters/index.js'
import {results} from './helpers/reporter-results.js'

const CHROMIUM = [process.env.KFX_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (candidate): candidate is string => candidate !== undefined && candidate !== '' && existsSync(candidate)
)

const suite = CHROMIUM ? describe : describe.skip
const title = CHROMIUM
  ? 'html report in headless Chromium'
  : 'html report in headless Chromium — SKIPPED: no Chromium installed (apt-get install chromium, or set KFX_CHROMIUM)'

suite(title, () => {
  let dir = ''
  let report = ''

  const chromium = (profile: string, ...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        CHROMIUM!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--hide-scrollbars',
          `--user-data-dir=${path.join(dir, profile)}`,
          ...args
        ],
        {timeout: 90_000, maxBuffer: 64 * 1024 * 1024},
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))
      )
    })

  const dom = (query = '', profile = 'profile-dom'): Promise<string> => chromium(profile, '--dump-dom', `${pathToFileURL(report).href}${query}`)

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kfx-html-'))
    report = path.join(dir, 'report.html')
    writeFileSync(report, reporters.html!(results(), {color: new Chalk({level: 0})}))
  })
  afterAll(() => {
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  test('shows the counts, the tree and the exact span', async () => {
    const page = await dom()
    expect(page).toContain('<span class="count files-checked">3 files checked</span>')
    expect(page).toContain('<span class="count sev-error" data-count="2">2 errors</span>')
    expect(page).toContain('<span class="count sev-warning" data-count="2">2 warnings</span>')
    expect(page).toContain('<span class="count sev-info" data-count="1">1 note</span>')
    // The script ran: every problem shown.
    expect(page).toContain('<p id="shown">5 of 5 problems shown</p>')
    // The highlighted span is the value the schema refused.
    expect(page).toMatch(/<mark class="hl sev-error" data-ids="m2" title="[^"]*">October 18<\/mark>/)
    expect(page).toMatch(/<mark class="hl sev-warning" data-ids="m3" title="[^"]*">Subtitel<\/mark>/)
    // The site tree: content/ holds 3 files, 1_blog/ the one with problems.
    expect(page).toMatch(/<span class="folder">content\/<\/span> <span class="files">3 files<\/span>/)
    expect(page).toMatch(/<li class="tree-file" data-file="f0"><a href="#f0">article\.txt<\/a>/)
    // Escaped source text arrives as text, not markup.
    expect(page).toContain('Text: Hello &lt;world&gt; &amp; "friends" 😀')
  }, 120_000)

  test('a filter hides problems, unmarks their spans and hides files left without any', async () => {
    const page = await dom('?severity=warning', 'profile-filter')
    expect(page).toContain('<p id="shown">2 of 5 problems shown</p>')
    expect(page).toMatch(/<li class="problem" data-id="m2" data-severity="error" data-rule="schema\/format" hidden="">/)
    expect(page).toMatch(/<li class="problem" data-id="m3" data-severity="warning" data-rule="schema\/unknown-field">/)
    expect(page).toMatch(/<mark class="hl off" data-ids="m2" title="[^"]*">October 18<\/mark>/)

    const rule = await dom('?rule=schema/format', 'profile-rule')
    expect(rule).toContain('<p id="shown">1 of 5 problems shown</p>')
    expect(rule).toMatch(/<section class="file" id="f2" data-path="content\/site\.txt" hidden="">/)
  }, 120_000)

  test('renders: a screenshot', async () => {
    const png = path.join(dir, 'report.png')
    await chromium('profile-shot', `--screenshot=${png}`, '--window-size=1280,1000', pathToFileURL(report).href)
    const bytes = readFileSync(png)
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(bytes.length).toBeGreaterThan(10_000)
    const keep = process.env.KFX_SCREENSHOT_DIR
    if (keep) {
      mkdirSync(keep, {recursive: true})
      copyFileSync(png, path.join(keep, 'kfx-report.png'))
    }
  }, 120_000)
})

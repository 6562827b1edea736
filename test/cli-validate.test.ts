/**
 * `kfx validate` and `kfx schema` on a small fixture site with known faults:
 * both reporters, exit codes, single-file mode, hand-written schemas from
 * the configuration and `--schema`, and configuration errors.
 */
import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import type {JsonResult} from '../src/reporters/json.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const site = fixture('cli/validate-site')
const temp = mkdtempSync(path.join(tmpdir(), 'kfx-validate-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

/** A copy of the fixture site with some files replaced. */
const variant = (name: string, files: Record<string, string>): string => {
  const root = path.join(temp, name)
  cpSync(site, root, {recursive: true})
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, file), text)
  return root
}

describe('kfx validate', () => {
  test('reports every fault at its place (stylish) and exits 1', async () => {
    const run = await runCli(['validate'], site)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatchSnapshot()
  })
  test('--format json lists every checked file, with plain message data', async () => {
    const run = await runCli(['validate', '--format', 'json'], site)
    expect(run.exitCode).toBe(1)
    const results = JSON.parse(run.stdout) as JsonResult[]
    expect(results.map((r) => r.file)).toEqual([
      'content/1_notes/1_first/note.txt',
      'content/1_notes/2_second/note.txt',
      'content/1_notes/2_second/photo.jpg.txt',
      'content/2_about/default.txt',
      'content/site.txt'
    ])
    const first = results[0]!.messages
    expect(first.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.severity}`)).toEqual([
      '5:7 schema/format error',
      '9:11 schema/enum error',
      '13:7 schema/maxItems error',
      '17:9 schema/maximum error',
      '27:3 schema/required error',
      '35:1 schema/unknown-field warning'
    ])
    expect(first[0]).toEqual({
      ruleId: 'schema/format',
      severity: 'error',
      reason: '`date` must be a date like `2017-10-18`, got `2024-02-30`, which does not exist',
      line: 5,
      column: 7,
      endLine: 5,
      endColumn: 17,
      url: 'docs/rules/schema.md#format'
    })
  })
  test('a single file is validated with the site around it', async () => {
    const run = await runCli(['validate', '--format', 'json', 'content/1_notes/2_second/note.txt'], site)
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([{file: 'content/1_notes/2_second/note.txt', messages: []}])
  })
  test('--quiet reports errors only', async () => {
    const run = await runCli(['validate', '--quiet', 'content/1_notes/2_second'], site)
    expect(run.stdout).toContain('Missing required field `alt`')
    expect(run.stdout).not.toContain('unknown-field')
  })
  test('--verbose says which schema judged which file', async () => {
    const run = await runCli(['validate', '--verbose', 'content/2_about'], site)
    expect(run.stderr).toContain('content/2_about/default.txt: site/blueprints/pages/default.yml, schemas/about.schema.json')
    expect(run.stderr).toContain('configuration: kfx.config.json')
  })
  test('a clean site prints nothing and exits 0', async () => {
    const root = variant('clean', {
      'content/1_notes/1_first/note.txt': 'Title: First\n\n----\n\nDate: 2024-02-29\n\n----\n\nTags: a, b',
      'content/1_notes/2_second/photo.jpg.txt': 'Template: image\n\n----\n\nAlt: A photo',
      'content/2_about/default.txt': 'Title: Abc\n\n----\n\nAuthor: me',
      'site/blueprints/pages/default.yml': 'title: Page\nfields:\n  text:\n    type: textarea\n  author:\n    type: text\n',
      'kfx.config.json': '{"kirby": "5", "schemas": {"default": "schemas/about.schema.json"}}'
    })
    const run = await runCli(['validate'], root)
    expect(run).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
  test('--schema applies a hand-written schema to every page', async () => {
    const schema = path.join(temp, 'needs-summary.json')
    writeFileSync(schema, JSON.stringify({$schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['summary']}))
    const run = await runCli(['validate', '--format', 'json', '--schema', schema, 'content/1_notes/2_second/note.txt'], site)
    const messages = (JSON.parse(run.stdout) as JsonResult[])[0]!.messages
    expect(messages.map((m) => m.reason)).toEqual(['Missing required field `summary`'])
  })
  test('an unknown --format is a usage error', async () => {
    const run = await runCli(['validate', '--format', 'xml'], site)
    expect(run).toEqual({exitCode: 2, stdout: '', stderr: 'kfx: Unexpected format `xml`, expected `stylish`, `json`, `sarif`, `github`, `junit` or `html`\n'})
  })
  test('a broken configuration is a usage error at its line and column', async () => {
    const root = variant('bad-config', {'kfx.config.json': '{\n  "kirby": "5",\n  "schemas": {"default": 3}\n}\n'})
    const run = await runCli(['validate'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe(`kfx: ${path.join(root, 'kfx.config.json')}:3:26: Unexpected configuration at \`/schemas/default\`: must be string\n`)
  })
  test('a schema file that is not JSON is a usage error at its line and column', async () => {
    const root = variant('bad-schema', {'schemas/about.schema.json': '{\n  "type": "object",,\n}'})
    const run = await runCli(['validate'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/^kfx: schemas\/about\.schema\.json:2:\d+: Cannot read schema/)
  })
  test('a path outside the site is a usage error', async () => {
    const run = await runCli(['validate', 'content', temp], site)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('outside the site')
  })
})

describe('kfx validate on a multi-language site', () => {
  test('translations of the site and of pages fall back to the default language', async () => {
    const root = path.join(temp, 'languages')
    const files: Record<string, string> = {
      'site/languages/en.php': "<?php return ['code' => 'en', 'default' => true];",
      'site/languages/de.php': "<?php return ['code' => 'de'];",
      'site/blueprints/site.yml': 'fields:\n  subtitle:\n    type: text\n    required: true\n',
      'site/blueprints/pages/default.yml': 'fields:\n  subtitle:\n    type: text\n    required: true\n',
      'content/site.en.txt': 'Title: Site\n\n----\n\nSubtitle: Hello',
      'content/site.de.txt': 'Title: Seite',
      'content/1_a/default.en.txt': 'Title: A\n\n----\n\nSubtitle: Hello',
      'content/1_a/default.de.txt': 'Title: A',
      'content/2_b/default.en.txt': 'Title: B',
      'content/2_b/default.de.txt': 'Title: B'
    }
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
      writeFileSync(path.join(root, file), text)
    }
    const run = await runCli(['validate', '--format', 'json', '--kirby', '5'], root)
    const messages = (JSON.parse(run.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${r.file} ${m.ruleId} ${m.reason}`))
    // Only the page that lacks the field in its default language too, once, on the default file.
    expect(messages).toEqual(['content/2_b/default.en.txt schema/required Missing required field `subtitle`'])
  })
})

describe('kfx schema', () => {
  test('prints the schema compiled from a blueprint', async () => {
    const run = await runCli(['schema', 'note'], site)
    expect(run.exitCode).toBe(0)
    const schema = JSON.parse(run.stdout) as {properties: Record<string, {kirbyField?: {type: string}}>; required?: string[]}
    expect(Object.keys(schema.properties)).toEqual(['date', 'category', 'tags', 'rating', 'links', 'text'])
    expect(schema.properties.links?.kirbyField?.type).toBe('structure')
    expect(schema.required).toEqual(['date'])
  })
  test('with no model prints every blueprint, keyed', async () => {
    const run = await runCli(['schema'], site)
    expect(Object.keys(JSON.parse(run.stdout) as object).sort()).toEqual(['default', 'file:image', 'note', 'site'])
  })
})

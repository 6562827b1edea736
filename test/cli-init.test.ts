/**
 * `kfx init`: a commented kfx.config.yaml for the site found, that is itself
 * a valid configuration, and never over an existing one without --force.
 */
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {loadConfig} from '../src/config/load.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-init-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))
const copy = (name: string): string => {
  const root = path.join(temp, name)
  cpSync(fixture('example-site'), root, {recursive: true})
  return root
}

describe('kfx init', () => {
  test('writes a commented configuration with what it detected, which kfx then reads', async () => {
    const root = copy('example')
    const run = await runCli(['init'], path.join(root, 'content'))
    expect(run).toEqual({exitCode: 0, stdout: `kfx: wrote ../kfx.config.yaml (Kirby 2, no languages)\n`, stderr: ''})
    const text = readFileSync(path.join(root, 'kfx.config.yaml'), 'utf8')
    expect(text).toMatch(/^# kfx configuration, written by `kfx init`/)
    expect(text).toContain('# Detected: 2 (')
    expect(text).toContain('kirby: "2"\n')
    expect(text).toContain('# Check pages against JSON Schemas compiled from the 6 blueprints in site/blueprints:\n#   site, default, error, event, events, home\nblueprints: true\n')
    expect(text).toContain('# rules:\n#   no-unknown-kirbytag: warn\n')
    expect(await loadConfig(root)).toEqual({config: {kirby: '2', blueprints: true}, file: path.join(root, 'kfx.config.yaml')})
    expect(await runCli(['check'], root)).toEqual({exitCode: 0, stdout: '', stderr: ''})
  })
  test('languages detected from the content file names', async () => {
    const root = path.join(temp, 'languages')
    for (const [file, text] of Object.entries({
      'content/site.en.txt': 'Title: Site',
      'content/site.de.txt': 'Title: Seite',
      'content/1_home/home.en.txt': 'Title: Home',
      'content/1_home/home.de.txt': 'Title: Start'
    })) {
      mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
      writeFileSync(path.join(root, file), text)
    }
    expect((await runCli(['init', root], temp)).exitCode).toBe(0)
    const text = readFileSync(path.join(root, 'kfx.config.yaml'), 'utf8')
    expect(text).toContain('# Languages, the default first. Inferred from the content file names')
    expect(text).toContain('# No blueprints found in site/blueprints')
    expect((await loadConfig(root)).config.languages?.slice().sort()).toEqual(['de', 'en'])
  })
  test('never over an existing configuration: exit 2, unless --force', async () => {
    const root = copy('existing')
    expect((await runCli(['init'], root)).exitCode).toBe(0)
    writeFileSync(path.join(root, 'kfx.config.yaml'), 'kirby: "3"\n')
    const again = await runCli(['init'], root)
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toBe('kfx: Unexpected configuration `kfx.config.yaml` already there, expected none (`--force` writes kfx.config.yaml anyway)\n')
    expect(readFileSync(path.join(root, 'kfx.config.yaml'), 'utf8')).toBe('kirby: "3"\n')
    expect((await runCli(['init', '--force'], root)).exitCode).toBe(0)
    expect(readFileSync(path.join(root, 'kfx.config.yaml'), 'utf8')).toContain('kirby: "2"')
  })
  test('any configuration format counts, package.json only with a kfx key', async () => {
    const root = copy('other-formats')
    writeFileSync(path.join(root, 'package.json'), '{"name": "site"}')
    writeFileSync(path.join(root, '.kfxrc'), 'kirby: "2"\n')
    expect((await runCli(['init'], root)).stderr).toContain('`.kfxrc` already there')
    rmSync(path.join(root, '.kfxrc'))
    writeFileSync(path.join(root, 'package.json'), '{"name": "site", "kfx": {}}')
    expect((await runCli(['init'], root)).exitCode).toBe(2)
    writeFileSync(path.join(root, 'kfx.config.json'), '{}')
    const forced = await runCli(['init', '--force'], root)
    expect(forced).toMatchObject({exitCode: 0, stdout: expect.stringContaining(', but `kfx.config.json` comes first and is the one kfx reads')})
  })
  test('no site: exit 2', async () => {
    const empty = path.join(temp, 'empty')
    mkdirSync(empty)
    expect(await runCli(['init'], empty)).toMatchObject({exitCode: 2, stderr: expect.stringContaining('Cannot find a Kirby site')})
  })
})

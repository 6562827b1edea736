/**
 * Configuration discovery and its errors (file:line:column).
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {loadConfig} from '../src/config/load.js'

const temp = mkdtempSync(path.join(tmpdir(), 'kfx-config-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))
const site = (name: string, files: Record<string, string>): string => {
  const root = path.join(temp, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
    writeFileSync(path.join(root, file), text)
  }
  return root
}

describe('loadConfig', () => {
  test('finds kfx.config.json upwards from the site', async () => {
    const root = site('upwards', {'kfx.config.json': '{"kirby": "4.1", "tags": [{"name": "gif", "attributes": ["alt"]}]}', 'web/content/site.txt': ''})
    const loaded = await loadConfig(path.join(root, 'web'))
    expect(loaded).toEqual({config: {kirby: '4.1', tags: [{name: 'gif', attributes: ['alt']}]}, file: path.join(root, 'kfx.config.json')})
  })
  test('reads the kfx key of package.json', async () => {
    const root = site('manifest', {'package.json': '{"name": "site", "kfx": {"blueprints": false}}'})
    expect((await loadConfig(root)).config).toEqual({blueprints: false})
  })
  test('a package.json without a kfx key is not a configuration', async () => {
    const root = site('plain-manifest', {'package.json': '{"name": "site"}'})
    expect((await loadConfig(root)).config).toEqual({})
  })
  test('a wrong value is reported at its line and column', async () => {
    const root = site('wrong', {'kfx.config.json': '{\n  "kirby": "7",\n  "tags": []\n}\n'})
    await expect(loadConfig(root)).rejects.toThrow(`${path.join(root, 'kfx.config.json')}:2:12: Unexpected configuration at \`/kirby\`: must match pattern`)
  })
  test('an unknown key is named', async () => {
    const root = site('unknown', {'kfx.config.json': '{"kirbi": "5"}'})
    await expect(loadConfig(root)).rejects.toThrow('1:1: Unexpected configuration: must NOT have additional properties `kirbi`')
  })
  test('broken JSON is reported at its place', async () => {
    const root = site('broken', {'kfx.config.json': '{\n  "kirby": "5",,\n}'})
    await expect(loadConfig(root)).rejects.toThrow(/kfx\.config\.json:2:\d+: Cannot read configuration/)
  })
  test('--config names a file that must exist', async () => {
    await expect(loadConfig(temp, path.join(temp, 'nope.json'))).rejects.toThrow('Cannot find configuration')
  })
})

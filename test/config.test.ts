/**
 * Configuration discovery and its errors (file:line:column).
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from '@jest/globals'
import {configIn, loadConfig} from '../src/config/load.js'

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
  test('a config at the site with a syntax error in YAML is placed', async () => {
    const root = site('yaml-broken', {'kfx.config.yaml': 'kirby: "5"\nrules: [\n'})
    await expect(loadConfig(root)).rejects.toThrow(/kfx\.config\.yaml:\d+:\d+: Cannot read configuration/)
  })
})

describe('each format', () => {
  const expected = {kirby: '4', languages: ['de', 'en']}
  const formats: Record<string, string> = {
    'kfx.config.json': '{"kirby": "4", "languages": ["de", "en"]}',
    'kfx.config.yaml': '# the site\nkirby: "4"\nlanguages: [de, en]\n',
    'kfx.config.yml': 'kirby: "4"\nlanguages:\n  - de\n  - en\n',
    'kfx.config.js': 'export default {kirby: "4", languages: ["de", "en"]}\n',
    'kfx.config.mjs': 'export default {kirby: "4", languages: ["de", "en"]}\n',
    'kfx.config.cjs': 'module.exports = {kirby: "4", languages: ["de", "en"]}\n',
    '.kfxrc': 'kirby: "4"\nlanguages: [de, en]\n',
    '.kfxrc.json': '{"kirby": "4", "languages": ["de", "en"]}',
    '.kfxrc.yaml': 'kirby: "4"\nlanguages: [de, en]\n',
    '.kfxrc.yml': 'kirby: "4"\nlanguages: [de, en]\n',
    'package.json': '{"name": "site", "kfx": {"kirby": "4", "languages": ["de", "en"]}}'
  }
  for (const [name, text] of Object.entries(formats)) {
    test(name, async () => {
      const root = site(`format-${name}`, {[name]: text, 'content/site.txt': ''})
      expect(await loadConfig(path.join(root, 'content'))).toEqual({config: expected, file: path.join(root, name)})
      expect(await configIn(root)).toBe(path.join(root, name))
    })
  }
  test('.kfxrc holds JSON as well', async () => {
    const root = site('rc-json', {'.kfxrc': '{"kirby": "3"}'})
    expect((await loadConfig(root)).config).toEqual({kirby: '3'})
  })
  test('an empty file is an empty configuration', async () => {
    const root = site('empty', {'kfx.config.yaml': ''})
    expect(await loadConfig(root)).toEqual({config: {}, file: path.join(root, 'kfx.config.yaml')})
  })
  test('--config reads any of the formats', async () => {
    const root = site('explicit', {'settings/kfx.yaml': 'kirby: "2"\n', 'settings/kfx.mjs': 'export default {kirby: "3"}\n'})
    expect((await loadConfig(temp, path.join(root, 'settings/kfx.yaml'))).config).toEqual({kirby: '2'})
    expect((await loadConfig(temp, path.join(root, 'settings/kfx.mjs'))).config).toEqual({kirby: '3'})
  })
  test('roots and ignore are part of the schema', async () => {
    const root = site('roots', {'kfx.config.yaml': 'roots:\n  content: storage/content\n  blueprints: storage/blueprints\nignore:\n  - content/_archive/\n'})
    expect((await loadConfig(root)).config).toEqual({
      roots: {content: 'storage/content', blueprints: 'storage/blueprints'},
      ignore: ['content/_archive/']
    })
  })
})

describe('precedence', () => {
  test('in one folder: kfx.config.* before .kfxrc* before package.json', async () => {
    const root = site('order', {
      'kfx.config.yaml': 'kirby: "2"\n',
      '.kfxrc': 'kirby: "3"\n',
      'package.json': '{"kfx": {"kirby": "4"}}'
    })
    expect(await loadConfig(root)).toEqual({config: {kirby: '2'}, file: path.join(root, 'kfx.config.yaml')})
    rmSync(path.join(root, 'kfx.config.yaml'))
    expect(await loadConfig(root)).toEqual({config: {kirby: '3'}, file: path.join(root, '.kfxrc')})
    rmSync(path.join(root, '.kfxrc'))
    expect(await loadConfig(root)).toEqual({config: {kirby: '4'}, file: path.join(root, 'package.json')})
  })
  test('kfx.config.json before kfx.config.yaml', async () => {
    const root = site('json-first', {'kfx.config.json': '{"kirby": "5"}', 'kfx.config.yaml': 'kirby: "2"\n'})
    expect((await loadConfig(root)).config).toEqual({kirby: '5'})
  })
  test('the nearest folder wins, nothing is merged', async () => {
    const root = site('nearest', {'kfx.config.json': '{"kirby": "5", "languages": ["en"]}', 'web/.kfxrc.yml': 'kirby: "3"\n', 'web/content/site.txt': ''})
    expect(await loadConfig(path.join(root, 'web', 'content'))).toEqual({config: {kirby: '3'}, file: path.join(root, 'web', '.kfxrc.yml')})
  })
  test('a package.json without a kfx key is passed over for one further up', async () => {
    const root = site('passed-over', {'.kfxrc.json': '{"kirby": "4"}', 'web/package.json': '{"name": "web", "bin": {"kfx": "x"}}'})
    expect((await loadConfig(path.join(root, 'web'))).file).toBe(path.join(root, '.kfxrc.json'))
  })
  test('a broken package.json without a kfx key is passed over too', async () => {
    const root = site('broken-manifest', {'.kfxrc.json': '{"kirby": "4"}', 'web/package.json': '{"name": '})
    expect((await loadConfig(path.join(root, 'web'))).file).toBe(path.join(root, '.kfxrc.json'))
  })
})

describe('errors', () => {
  test('YAML: a wrong value at its line and column', async () => {
    const root = site('yaml-wrong', {'kfx.config.yaml': '# comment\nkirby: "5"\nlanguages:\n  - en\n  - not a code\n'})
    await expect(loadConfig(root)).rejects.toThrow(`${path.join(root, 'kfx.config.yaml')}:5:5: Unexpected configuration at \`/languages/1\`: must match pattern`)
  })
  test('package.json: the place inside the kfx key', async () => {
    const root = site('manifest-wrong', {'package.json': '{\n  "name": "x",\n  "kfx": {\n    "rules": {"no-broken-link": "loud"}\n  }\n}\n'})
    await expect(loadConfig(root)).rejects.toThrow(`${path.join(root, 'package.json')}:4:33: Unexpected configuration at \`/rules/no-broken-link\``)
  })
  test('JavaScript: the file alone', async () => {
    const root = site('js-wrong', {'kfx.config.mjs': 'export default {kirbi: "5"}\n'})
    await expect(loadConfig(root)).rejects.toThrow(`${path.join(root, 'kfx.config.mjs')}: Unexpected configuration: must NOT have additional properties \`kirbi\``)
  })
  test('JavaScript that throws is named', async () => {
    const root = site('js-throws', {'kfx.config.mjs': 'throw new Error("nope")\n'})
    await expect(loadConfig(root)).rejects.toThrow(`${path.join(root, 'kfx.config.mjs')}: Cannot load configuration: nope`)
  })
  test('an unknown key in roots', async () => {
    const root = site('roots-wrong', {'.kfxrc.yaml': 'roots:\n  contents: x\n'})
    await expect(loadConfig(root)).rejects.toThrow(/\.kfxrc\.yaml:2:3: Unexpected configuration at `\/roots`: must NOT have additional properties `contents`/)
  })
})

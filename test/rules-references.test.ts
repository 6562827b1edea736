/**
 * Reference rules beyond the one ok/not-ok pair of the registry harness:
 * Kirby 2 fixture variants (`fixtures/rules/<id>/k2/{ok,not-ok}`), the
 * pieces the rules share (HTML attributes, YAML lists, glued attributes),
 * and `no-dead-external-link` against a local HTTP server on 127.0.0.1
 * started here (the only address these tests ever ask).
 */
import {existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {lint} from '../src/check.js'
import {rules} from '../src/rules/index.js'
import {gluedAttribute, htmlReferences, judgeLink, yamlListItems} from '../src/rules/no-broken-link.js'
import {createLinkChecker, type FetchLike} from '../src/rules/no-dead-external-link.js'
import {discover} from '../src/site/index.js'
import {fixture} from './helpers/shared.js'

const alone = (id: string, options?: unknown): Record<string, unknown> =>
  Object.fromEntries(rules.map((rule) => [rule.id, rule.id === id ? (options === undefined ? 'on' : ['on', options]) : 'off']))

const lines = async (cwd: string, id: string, options?: unknown): Promise<string[]> => {
  const result = await lint({cwd, paths: [], rules: alone(id, options) as never})
  return result.files
    .flatMap((file) =>
      file.messages.map((m) => {
        const end = m.place && 'end' in m.place ? `-${m.place.end.line}:${m.place.end.column}` : ''
        return `${file.path}:${m.line ?? 0}:${m.column ?? 0}${end}: ${m.reason}`
      })
    )
    .sort()
}

describe('Kirby 2 variants', () => {
  for (const id of ['no-broken-link', 'no-missing-image']) {
    const root = fixture(`rules/${id}/k2`)
    test(`${id}: ok`, async () => {
      expect(await lines(`${root}/ok`, id)).toEqual([])
    })
    test(`${id}: not-ok`, async () => {
      const expectedFile = `${root}/not-ok/expected.txt`
      const actual = await lines(`${root}/not-ok`, id)
      if (process.env.UPDATE === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, actual.map((l) => `${l}\n`).join(''))
      expect(actual).toEqual(readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean).sort())
      expect(actual.length).toBeGreaterThan(0)
    })
  }
})

describe('shared pieces', () => {
  test('htmlReferences finds href and src values with their ranges', () => {
    const html = '<p><a class="x" href="/about">A</a> <img alt="" src=\'/x.jpg\'> <a href=bare>b</a></p>'
    const found = htmlReferences(html)
    expect(found.map((f) => [f.element, f.value, html.slice(f.start, f.end)])).toEqual([
      ['a', '/about', '/about'],
      ['img', '/x.jpg', '/x.jpg'],
      ['a', 'bare', 'bare']
    ])
  })
  test('htmlReferences reads HTML inside JSON strings', () => {
    const json = '{"text":"<p><a href=\\"/@/page/abc\\">x</a></p>"}'
    const [found] = htmlReferences(json, true)
    expect(found && json.slice(found.start, found.end)).toBe('/@/page/abc')
  })
  test('yamlListItems gives values without quotes and their ranges', () => {
    const value = '- a.jpg\n- "b c.png"\n-   d.pdf  '
    expect(yamlListItems(value).map((i) => [i.value, value.slice(i.start, i.end)])).toEqual([
      ['a.jpg', 'a.jpg'],
      ['b c.png', 'b c.png'],
      ['d.pdf', 'd.pdf']
    ])
    expect(yamlListItems('- file://abc').map((i) => i.value)).toEqual(['file://abc'])
  })
  test('gluedAttribute finds a name Kirby does not split at', () => {
    expect(gluedAttribute('x.png legende: Une légende')).toEqual({head: 'x.png', name: 'legende'})
    expect(gluedAttribute('forum/general/topic:362')).toBeUndefined()
    expect(gluedAttribute('about')).toBeUndefined()
  })
  test('judgeLink: routes, representations, schemes and files', async () => {
    const site = await discover(fixture('rules/no-broken-link/ok/content'), {version: '5'})
    const home = site.byId.get('home')!
    const kinds = (target: string, how: 'kirby' | 'browser' = 'kirby') => judgeLink(site, home, target, how).kind
    expect(kinds('panel')).toBe('skip')
    expect(kinds('api/pages')).toBe('skip')
    expect(kinds('media/pages/x/y.jpg')).toBe('skip')
    expect(kinds('sitemap.xml')).toBe('skip')
    expect(kinds('projects.rss')).toBe('ok')
    expect(kinds('mailto:a@b.c')).toBe('skip')
    expect(kinds('javascript:void(0)', 'browser')).toBe('skip')
    expect(kinds('https://example.com/x')).toBe('skip')
    expect(kinds('http://localhost/nowhere')).toBe('skip')
    expect(kinds('projects/alpha/brief.pdf')).toBe('ok')
    expect(kinds('projects/alpha/gone.pdf')).toBe('missing-file')
    expect(kinds('www.example.com')).toBe('broken')
    expect(kinds('http:www.example.com', 'browser')).toBe('broken')
    expect(kinds('projects', 'browser')).toBe('ok')
  })
})

describe('no-dead-external-link against a local server', () => {
  let server: Server
  let base = ''
  const hits = new Map<string, number>()
  let dir = ''

  beforeAll(async () => {
    server = createServer((request, response) => {
      const key = `${request.method} ${request.url}`
      hits.set(key, (hits.get(key) ?? 0) + 1)
      const url = request.url ?? '/'
      if (url === '/ok') return response.writeHead(200).end('ok')
      if (url === '/gone') return response.writeHead(404).end()
      if (url === '/removed') return response.writeHead(410).end()
      if (url === '/no-head') return response.writeHead(request.method === 'HEAD' ? 405 : 200).end()
      if (url === '/moved') return response.writeHead(301, {location: '/ok'}).end()
      if (url === '/private') return response.writeHead(403).end()
      if (url === '/flaky') {
        const count = [...hits].filter(([k]) => k.endsWith(' /flaky')).reduce((sum, [, n]) => sum + n, 0)
        return response.writeHead(count <= 2 ? 503 : 200).end()
      }
      if (url === '/error') return response.writeHead(500).end()
      if (url === '/slow') return void setTimeout(() => response.writeHead(200).end(), 2000).unref()
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    dir = mkdtempSync(join(tmpdir(), 'kfx-dead-links-'))
    mkdirSync(join(dir, 'content/home'), {recursive: true})
    writeFileSync(join(dir, 'content/site.txt'), 'Title: Site\n')
    writeFileSync(join(dir, 'kfx.config.json'), '{"kirby": "5"}\n')
    writeFileSync(
      join(dir, 'content/home/home.txt'),
      `Title: Home\n\n----\n\nText: (link: ${base}/ok text: ok) (link: ${base}/gone text: gone) [moved](${base}/moved) <a href="${base}/no-head">x</a>\n\n` +
        `![pic](${base}/removed) (link: ${base}/private) (link: ${base}/gone#again)\n`
    )
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    rmSync(dir, {recursive: true, force: true})
  })

  test('HEAD, then GET when HEAD is refused; redirects followed', async () => {
    const checker = createLinkChecker({retries: 0, timeout: 1000})
    expect(await checker.check(`${base}/ok`)).toEqual({dead: false, status: 200, attempts: 1})
    expect(await checker.check(`${base}/no-head`)).toEqual({dead: false, status: 200, attempts: 1})
    expect(hits.get('GET /no-head')).toBe(1)
    expect((await checker.check(`${base}/moved`)).dead).toBe(false)
    expect(await checker.check(`${base}/gone`)).toEqual({dead: true, status: 404, attempts: 1})
    expect((await checker.check(`${base}/private`)).dead).toBe(false)
  })

  test('retries 5xx, times out, and caches each URL', async () => {
    const checker = createLinkChecker({retries: 2, timeout: 200})
    expect(await checker.check(`${base}/flaky`)).toEqual({dead: false, status: 200, attempts: 2})
    const slow = await checker.check(`${base}/slow`)
    expect(slow.dead).toBe(true)
    expect(slow.error).toMatch(/no answer within 200 ms/)
    const before = hits.get('HEAD /error') ?? 0
    const [a, b] = await Promise.all([checker.check(`${base}/error`), checker.check(`${base}/error`)])
    expect(a).toBe(b)
    expect(a.attempts).toBe(3)
    expect((hits.get('HEAD /error') ?? 0) - before).toBe(3)
  })

  test('at most `concurrency` requests in flight', async () => {
    let active = 0
    let most = 0
    const fetch: FetchLike = async () => {
      active++
      most = Math.max(most, active)
      await new Promise((resolve) => setTimeout(resolve, 10))
      active--
      return {status: 200}
    }
    const checker = createLinkChecker({concurrency: 3, fetch})
    await Promise.all(Array.from({length: 12}, (_, i) => checker.check(`http://127.0.0.1:1/${i}`)))
    expect(most).toBe(3)
  })

  test('the rule reports dead links at their place, off unless turned on', async () => {
    const off = await lint({cwd: dir, paths: []})
    expect(off.files.flatMap((f) => f.messages).filter((m) => m.ruleId === 'no-dead-external-link')).toEqual([])
    const found = await lines(dir, 'no-dead-external-link', {retries: 0, timeout: 1000})
    const text = readFileSync(join(dir, 'content/home/home.txt'), 'utf8').split('\n')
    const at = (line: number, url: string): string => {
      const column = text[line - 1]!.indexOf(url) + 1
      return `content/home/home.txt:${line}:${column}-${line}:${column + url.length}`
    }
    expect(found).toEqual([
      `${at(5, `${base}/gone`)}: Unexpected dead link \`${base}/gone\`, expected a URL that answers: the server answers 404`,
      `${at(7, `${base}/removed`)}: Unexpected dead link \`${base}/removed\`, expected a URL that answers: the server answers 410`,
      `${at(7, `${base}/gone#again`)}: Unexpected dead link \`${base}/gone#again\`, expected a URL that answers: the server answers 404`
    ])
  })
})

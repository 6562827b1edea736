/**
 * `kfx convert --base-url`: links and file URLs as Kirby renders them with
 * the site's own URL.
 */
import {describe, expect, test} from '@jest/globals'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

const seed = 'content/3-events/12-rencontre-prospective/event.txt'

describe('kfx convert --base-url', () => {
  test("links and images start with the site's URL", async () => {
    const run = await runCli(['convert', '--to', 'md', '--base-url', 'https://ieg.example', seed], fixture('example-site'))
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('[Neuf intervenants](https://ieg.example/events/rencontre-prospective/./intervenants)')
    expect(run.stdout).toContain('<img src="https://ieg.example/content/3-events/12-rencontre-prospective/img_3156.jpg" alt="">')
    expect(run.stdout).not.toContain('localhost')
  })
  test('a base URL that is no URL is a usage error', async () => {
    const run = await runCli(['convert', '--to', 'md', '--base-url', 'example', seed], fixture('example-site'))
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('Unexpected `--base-url example`')
  })
})

/**
 * `kfx convert --preset hugo`: images as Hugo's figure shortcode.
 */
import {describe, expect, test} from '@jest/globals'
import {hugoFigures} from '../src/convert/presets.js'
import {runCli} from './helpers/run-cli.js'
import {fixture} from './helpers/shared.js'

describe('hugoFigures', () => {
  test('turns a figure line into a shortcode with every attribute Kirby wrote', () => {
    expect(
      hugoFigures(
        'Intro\n\n<figure class="wide"><a href="https://x.y" rel="noreferrer" target="_blank"><img alt="A &quot;cat&quot;" src="a.jpg" width="300"></a><figcaption>By <em>Ann</em></figcaption></figure>\n\nOutro'
      )
    ).toBe(
      'Intro\n\n{{< figure src="a.jpg" link="https://x.y" target="_blank" rel="noreferrer" alt="A \\"cat\\"" caption="By <em>Ann</em>" class="wide" width="300" >}}\n\nOutro'
    )
  })
  test('leaves other HTML alone', () => {
    const video = '<figure class="video"><iframe src="https://www.youtube.com/embed/x"></iframe></figure>'
    expect(hugoFigures(video)).toBe(video)
    expect(hugoFigures('Text with <figure> in it')).toBe('Text with <figure> in it')
  })
})

describe('kfx convert --preset hugo', () => {
  test("the seed page's images become shortcodes pointing at the copied files", async () => {
    const run = await runCli(
      ['convert', '--to', 'md', '--preset', 'hugo', 'content/3-events/12-rencontre-prospective/event.txt'],
      fixture('example-site')
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('{{< figure src="http://localhost/content/3-events/12-rencontre-prospective/img_3156.jpg" alt="" >}}')
    expect(run.stdout).not.toContain('<figure>')
  })
})

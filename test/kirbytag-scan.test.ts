/**
 * The tag scanner: linear time on hostile input, never throws, spans are
 * exact; registry versions; render order with tags nested in captions.
 */
import {describe, expect, test} from '@jest/globals'
import fc from 'fast-check'
import {rulesFor} from '../src/kirby-version.js'
import {builtinTags, findKirbytags, kirbytagsInRenderOrder, scanKirbytagSpans, withCustomTags} from '../src/kirbytag/index.js'

const MB = 1024 * 1024

/** Milliseconds `run` takes. */
const time = (run: () => unknown): number => {
  const start = performance.now()
  run()
  return performance.now() - start
}

describe('linear scanning', () => {
  const inputs: Array<[string, string]> = [
    ['1 MB of `(`', '('.repeat(MB)],
    ['1 MB of unclosed `(link: `', '(link: '.repeat(MB / 7)],
    ['1 MB of `(link: a` then one `)`', `${'(link: a'.repeat(MB / 8)})`],
    ['1 MB of `(a:(a:`', '(a:'.repeat(MB / 3)],
    ['1 MB of balanced nesting', `${'(link: '.repeat(MB / 14)}${')'.repeat(MB / 14)}`],
    ['1 MB of `)`', ')'.repeat(MB)]
  ]
  for (const version of ['5', '2']) {
    test.each(inputs)(`Kirby ${version}: %s in < 500 ms`, (_name, input) => {
      const rules = rulesFor(version)
      const ms = time(() => findKirbytags(input, {rules}))
      expect(ms).toBeLessThan(500)
    })
  }

  test('balanced nesting: the outermost tag wins, once', () => {
    const depth = 10000
    const input = `${'(link: '.repeat(depth)}${')'.repeat(depth)}`
    expect(scanKirbytagSpans(input, true)).toEqual([[0, input.length]])
  })
})

describe('scanner properties', () => {
  const alphabet = fc.constantFrom('(', ')', ':', 'link', 'image', 'text', 'caption', ' ', '\n', 'a', 'LINK', 'file://', '\\', '[', ']', 'é', '😀')
  const hostile = fc.array(alphabet, {maxLength: 60}).map((parts) => parts.join(''))

  for (const version of ['2', '3.3', '3.4', '4', '5']) {
    test(`Kirby ${version}: never throws; raw is the source slice; tags do not overlap`, () => {
      const rules = rulesFor(version)
      fc.assert(
        fc.property(fc.oneof(hostile, fc.string(), fc.string({unit: 'binary'})), (text) => {
          const found = findKirbytags(text, {rules})
          const all = [...found.tags, ...found.unknown].sort((a, b) => a.start - b.start)
          let last = 0
          for (const tag of all) {
            expect(tag.raw).toBe(text.slice(tag.start, tag.end))
            expect(tag.start).toBeGreaterThanOrEqual(last)
            last = tag.end
          }
          for (const tag of found.tags) {
            expect(text.slice(tag.nameRange[0], tag.nameRange[1])).toBe(tag.name)
            if (tag.valueRange) expect(text.slice(tag.valueRange[0], tag.valueRange[1])).toBe(tag.value)
            for (const attribute of tag.attributes) {
              expect(text.slice(attribute.nameRange[0], attribute.nameRange[1])).toBe(attribute.name)
              if (attribute.valueRange) expect(text.slice(attribute.valueRange[0], attribute.valueRange[1])).toBe(attribute.value)
            }
          }
          kirbytagsInRenderOrder(text, {rules})
        }),
        {numRuns: 500}
      )
    })
  }
})

describe('attribute maps', () => {
  test('`__proto__:` is an ordinary key and pollutes nothing', () => {
    const registry = withCustomTags(builtinTags(rulesFor(5)), [{name: 'x', attributes: ['__proto__', 'constructor']}])
    const [tag] = findKirbytags('(x: a __proto__: b constructor: c)', {registry}).tags
    expect(Object.keys(tag!.attrs)).toEqual(['__proto__', 'constructor'])
    expect(tag!.attrs['__proto__']).toBe('b')
    expect(({} as Record<string, unknown>)['b']).toBeUndefined()
    expect(Object.getPrototypeOf(tag!.attrs)).toBeNull()
  })

  test('repeated names keep the first position and the last value', () => {
    const [tag] = findKirbytags('(link: a text: one class: c text: two)').tags
    expect(Object.entries(tag!.attrs)).toEqual([['text', 'two'], ['class', 'c']])
    expect(tag!.attributes.map((attribute) => attribute.overridden)).toEqual([true, false, false])
  })

  test('values are trimmed with PHP trim, not JavaScript trim (NBSP and FF stay)', () => {
    const [tag] = findKirbytags('(link: \u00a0a\f text: \tb\u000b)').tags
    expect(tag!.value).toBe('\u00a0a\f')
    expect(tag!.attrs['text']).toBe('b')
  })

  test('4.0+ does not split at `file:` in a UUID, 3.x does', () => {
    expect(findKirbytags('(image: file://abc alt: x)', {rules: rulesFor('4')}).tags[0]?.value).toBe('file://abc')
    expect(findKirbytags('(file: file://abc)', {rules: rulesFor('3')}).tags[0]?.value).toBe('//abc')
  })

  test('aliases report their target type and split nothing; K2 has real youtube tags', () => {
    const [k5] = findKirbytags('(vimeo: https://vimeo.com/1 width: 300)').tags
    expect([k5!.type, k5!.alias, k5!.value]).toEqual(['video', 'vimeo', 'https://vimeo.com/1 width: 300'])
    const [k2] = findKirbytags('(vimeo: https://vimeo.com/1 width: 300)', {rules: rulesFor(2)}).tags
    expect([k2!.type, k2!.value, k2!.attrs]).toEqual(['vimeo', 'https://vimeo.com/1', {width: '300'}])
    expect(findKirbytags('(video: x.mp4)', {rules: rulesFor(2)}).unknown).toHaveLength(1)
  })

  test('attribute vocabularies follow the version', () => {
    const attrs = (version: string, tag: string) => builtinTags(rulesFor(version)).tags.get(tag)?.attributes
    expect(attrs('3.5', 'video')).toEqual(['caption', 'class', 'height', 'width'])
    expect(attrs('3.8', 'video')).toContain('playsinline')
    expect(attrs('4', 'video')).not.toContain('disablepictureinpicture')
    expect(attrs('5', 'video')).toContain('disablepictureinpicture')
    expect(attrs('3.2', 'image')).toContain('text')
    expect(attrs('3.3', 'image')).not.toContain('text')
    expect(attrs('3.9', 'image')).not.toContain('srcset')
    expect(attrs('3.1', 'file')).not.toContain('download')
    expect(attrs('3.0.0', 'link')).not.toContain('lang')
    expect(builtinTags(rulesFor('3')).tags.has('twitter')).toBe(true)
    expect(builtinTags(rulesFor('4')).tags.has('twitter')).toBe(false)
  })

  test('custom tags from configuration add to and replace built-ins', () => {
    const registry = withCustomTags(builtinTags(rulesFor(5)), [{name: 'Gallery', attributes: ['Columns']}, {name: 'link', attributes: ['text']}, {name: 'yt', alias: 'video'}])
    const found = findKirbytags('(gallery: a columns: 3) (link: b title: t) (yt: c caption: d)', {registry}).tags
    expect(found.map((tag) => [tag.type, tag.value, {...tag.attrs}])).toEqual([
      ['gallery', 'a', {columns: '3'}],
      ['link', 'b title: t', {}],
      ['video', 'c caption: d', {}]
    ])
  })
})

describe('render order', () => {
  const order = (text: string, version = '5') =>
    kirbytagsInRenderOrder(text, {rules: rulesFor(version)}).map(({tag, parent}) => `${tag.type}:${tag.value}${parent ? ` in ${parent.tag.type}` : ''}`)

  test('a tag in an image caption runs before the image (K3+)', () => {
    expect(order('(link: a) (image: x.jpg caption: see (email: me@x.org) here) (link: b)')).toEqual([
      'link:a',
      'email:me@x.org in image',
      'image:x.jpg',
      'link:b'
    ])
  })

  test('nested positions point into the outer text', () => {
    const text = '(image: x.jpg caption: see (file: a.pdf))'
    const [inner] = kirbytagsInRenderOrder(text)
    expect(text.slice(inner!.tag.start, inner!.tag.end)).toBe('(file: a.pdf)')
    expect(inner!.inText).toBe(true)
  })

  test('an image in a caption cannot be: its `image:` splits the outer tag; "0" captions render nothing', () => {
    // Keys image, Caption, image, caption: the value is the last `image:`
    // (`b.jpg`), and `caption` (assigned after `Caption`) is `(tel: 1))`.
    expect(order('(image: a.jpg Caption: (image: b.jpg caption: (tel: 1)))')).toEqual(['tel:1 in image', 'image:b.jpg'])
    expect(order('(image: a.jpg caption: 0)')).toEqual(['image:a.jpg'])
  })

  test('a caption from the image file is rendered when the tag has none', () => {
    const rendered = kirbytagsInRenderOrder('(image: a.jpg)', {imageCaption: () => 'by (link: me)'})
    expect(rendered.map(({tag, inText}) => [tag.type, inText])).toEqual([['link', false], ['image', true]])
    expect(kirbytagsInRenderOrder('(image: a.jpg caption: (link: x))', {imageFigure: false}).map(({tag}) => tag.type)).toEqual(['image'])
  })

  test('Kirby 2 renders no caption as KirbyText', () => {
    expect(order('(image: a.jpg caption: (email: a@b.c))', '2')).toEqual(['image:a.jpg'])
  })
})

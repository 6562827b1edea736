/**
 * @fileoverview The blueprints Kirby ships in its core and finds when the
 * site has none of that name (`Blueprint::find` falls back to the
 * `blueprints` extensions): the core block types (`config/blocks/*`, fields
 * as in Kirby 5; kept to the fields whose stored shape is certain) and the
 * default page, file and site blueprints (a title, no fields).
 */
import {parseBlueprintYaml, type YamlMap} from './yaml.js'

const CORE_BLOCKS: Record<string, string> = {
  code: 'fields: {code: {type: textarea}, language: {type: select}}',
  gallery: 'fields: {images: {type: files}, caption: {type: writer}, ratio: {type: select}, crop: {type: toggle}}',
  heading: 'fields: {level: {type: select, options: [h1, h2, h3, h4, h5, h6]}, text: {type: writer}}',
  image:
    'fields: {location: {type: radio, options: [kirby, web]}, image: {type: files}, src: {type: url}, alt: {type: text}, caption: {type: writer}, link: {type: text}, ratio: {type: select}, crop: {type: toggle}}',
  line: 'name: Line',
  list: 'fields: {text: {type: list}}',
  markdown: 'fields: {text: {type: textarea}}',
  quote: 'fields: {text: {type: writer}, citation: {type: writer}}',
  table: 'name: Table',
  text: 'fields: {text: {type: writer}}',
  video:
    'fields: {location: {type: radio, options: [kirby, web]}, url: {type: url}, video: {type: files}, poster: {type: files}, caption: {type: writer}, autoplay: {type: toggle}, muted: {type: toggle}, loop: {type: toggle}, controls: {type: toggle}, preload: {type: select}}'
}

const cache = new Map<string, YamlMap>()

/** Kirby's own blueprint of that name (`blocks/heading`, `pages/default`…), when the core has one. */
export const coreBlueprint = (name: string): YamlMap | undefined => {
  const cached = cache.get(name)
  if (cached) return cached
  let text: string | undefined
  if (name.startsWith('blocks/')) text = CORE_BLOCKS[name.slice('blocks/'.length)]
  else if (name === 'pages/default' || name === 'files/default' || name === 'site') text = `title: ${name === 'site' ? 'Site' : 'Default'}`
  if (text === undefined) return undefined
  const value = parseBlueprintYaml(text, `kirby:${name}`).value
  if (!(value instanceof Map)) return undefined
  cache.set(name, value)
  return value
}

/** Whether a block type has a core blueprint. */
export const isCoreBlockType = (type: string): boolean => Object.hasOwn(CORE_BLOCKS, type)

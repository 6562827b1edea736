/**
 * @fileoverview How `extends` merges a mixin into the props that extend it
 * (spec §6.3): Kirby 3+ `A::merge($mixin, $props, A::MERGE_REPLACE)` —
 * maps merged deeply with the extending side winning, a list on the mixin
 * side replaced as a whole, scalars overwritten — and Kirby 2's `a::merge`,
 * which merges lists item by item as well.
 */
import {isYamlMap, placeOf, setPlace, type YamlMap} from './yaml.js'

/** Merges `props` over `mixin`: maps deeply, lists replaced whole (Kirby 3+) or per index (Kirby 2). */
export const mergeProps = (mixin: unknown, props: unknown, mode: 'replace' | 'kirby2' = 'replace'): unknown => {
  if (Array.isArray(mixin) && Array.isArray(props)) {
    if (mode === 'replace') return props
    const merged = [...mixin]
    props.forEach((value, index) => {
      merged[index] = index < mixin.length ? mergeProps(mixin[index], value, mode) : value
      const place = placeOf(props, index)
      if (place) setPlace(merged, index, place)
    })
    mixin.forEach((_, index) => {
      const place = placeOf(mixin, index)
      if (index >= props.length && place) setPlace(merged, index, place)
    })
    return merged
  }
  if (isYamlMap(mixin) && isYamlMap(props)) return mergeMaps(mixin, props, mode)
  return props
}

const mergeMaps = (mixin: YamlMap, props: YamlMap, mode: 'replace' | 'kirby2'): YamlMap => {
  const merged: YamlMap = new Map()
  for (const [key, value] of mixin) {
    merged.set(key, value)
    const place = placeOf(mixin, key)
    if (place) setPlace(merged, key, place)
  }
  for (const [key, value] of props) {
    const base = merged.get(key)
    const both = (isYamlMap(base) || Array.isArray(base)) && (isYamlMap(value) || Array.isArray(value))
    merged.set(key, both ? mergeProps(base, value, mode) : value)
    const place = placeOf(props, key)
    if (place) setPlace(merged, key, place)
  }
  return merged
}

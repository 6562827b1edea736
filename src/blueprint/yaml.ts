/**
 * @fileoverview Blueprint YAML as PHP would hold it, with source places.
 *
 * YAML maps become `Map`s (insertion order kept, keys as written, like PHP
 * arrays; a plain object would move integer-like keys first), sequences
 * become arrays, scalars follow YAML 1.1 (`yes`/`no`/`on`/`off` are booleans,
 * as in Spyc, Kirby's default YAML reader). The place of every map key and
 * list item is kept in a side table, so a field's declaration can be shown
 * as `file:line:column` and survives `extends` merges.
 */
import {isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node} from 'yaml'
import type {Diagnostic, Point} from '../types.js'

/** A YAML map as PHP holds it: ordered, string keys. */
export type YamlMap = Map<string, unknown>

/** A place in a blueprint file: path relative to the site root and a point. */
export interface BlueprintPlace extends Point {
  /** Blueprint path relative to the site root. */
  file: string
}

const places = new WeakMap<object, Map<string | number, BlueprintPlace>>()

/** Records where `key` of `container` (a map or a list) was written. */
export const setPlace = (container: object, key: string | number, place: BlueprintPlace): void => {
  let table = places.get(container)
  if (!table) {
    table = new Map()
    places.set(container, table)
  }
  table.set(key, place)
}

/** Where `key` of `container` (a map or a list) was written, when known. */
export const placeOf = (container: unknown, key: string | number): BlueprintPlace | undefined =>
  typeof container === 'object' && container !== null ? places.get(container)?.get(key) : undefined

/** Whether a value is a YAML map. */
export const isYamlMap = (value: unknown): value is YamlMap => value instanceof Map

/** A parsed blueprint file. */
export interface YamlFile {
  /** Path relative to the site root. */
  file: string
  /** The top-level value (a map for a usable blueprint). */
  value: unknown
  /** YAML errors and duplicate keys. */
  diagnostics: Diagnostic[]
}

/** Kirby 2's one-line guard of `.php` blueprints (`<?php if(!defined('KIRBY')) exit ?>`). */
const PHP_GUARD = /^\uFEFF?<\?php[^\n]*/

/** Values that aliases may expand to in one blueprint, at most. */
export const MAX_ALIAS_NODES = 10_000

/** Parses blueprint text into maps, lists and scalars, with places and diagnostics (never throws). */
export const parseBlueprintYaml = (text: string, file: string, options: {phpGuard?: boolean} = {}): YamlFile => {
  // Kirby 2 drops "the broken first line" of every blueprint (`unset($yaml[0])`);
  // blank it out, keeping offsets, so the YAML below it parses.
  const source = options.phpGuard ? text.replace(PHP_GUARD, (line) => ' '.repeat(line.length)) : text
  const lineCounter = new LineCounter()
  const diagnostics: Diagnostic[] = []
  let doc: Document.Parsed
  try {
    // YAML 1.1 scalars as Spyc reads them, except timestamps: `min: 2020-01-01` stays a string.
    doc = parseDocument(source, {
      lineCounter,
      version: '1.1',
      uniqueKeys: false,
      prettyErrors: false,
      merge: false,
      customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp')
    })
  } catch (error) {
    diagnostics.push({code: 'blueprint-yaml-error', severity: 'error', file, reason: `Cannot parse YAML: ${String(error)}`})
    return {file, value: undefined, diagnostics}
  }
  const point = (offset: number): BlueprintPlace => {
    const {line, col} = lineCounter.linePos(offset)
    return {file, line, column: col, offset}
  }
  // One error per place: the parser often reports a cascade at one spot.
  const errorsAt = new Set<number>()
  for (const error of doc.errors) {
    if (errorsAt.has(error.pos[0])) continue
    errorsAt.add(error.pos[0])
    const place = point(error.pos[0])
    diagnostics.push({
      code: 'blueprint-yaml-error',
      severity: 'error',
      file,
      place: {line: place.line, column: place.column, offset: place.offset},
      reason: `Unexpected YAML syntax: ${error.message.split('\n')[0] ?? ''} (Kirby's lenient reader may take it otherwise)`
    })
  }
  const seen = new Set<Node>()
  // Aliases are expanded by hand (for places), so bound them as the `yaml`
  // package's `maxAliasCount` bounds `toJS`: a "billion laughs" blueprint
  // would otherwise expand exponentially.
  let aliasDepth = 0
  let expanded = 0
  let bombed = false
  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) return null
    if (aliasDepth > 0 && ++expanded > MAX_ALIAS_NODES) {
      if (!bombed) {
        bombed = true
        const place = isAlias(node) || isScalar(node) || isMap(node) || isSeq(node) ? node.range : undefined
        const at = place ? point(place[0]) : undefined
        diagnostics.push({
          code: 'blueprint-yaml-error',
          severity: 'error',
          file,
          ...(at ? {place: {line: at.line, column: at.column, offset: at.offset}} : {}),
          reason: `Unexpected YAML aliases that expand to more than ${MAX_ALIAS_NODES} values, expected fewer (an alias bomb?): the rest is read as empty`
        })
      }
      return null
    }
    if (isAlias(node)) {
      const target = node.resolve(doc)
      if (!target || seen.has(target)) return null
      seen.add(target)
      aliasDepth++
      const value = convert(target)
      aliasDepth--
      seen.delete(target)
      return value
    }
    if (isScalar(node)) return node.value ?? null
    if (isSeq(node)) {
      const list: unknown[] = []
      for (const item of node.items) {
        const index = list.length
        list.push(convert(item))
        const range = (item as Node | null)?.range
        if (range) setPlace(list, index, point(range[0]))
      }
      return list
    }
    if (isMap(node)) {
      const map: YamlMap = new Map()
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const keyNode = pair.key as Node | null
        const key = keyText(keyNode)
        const place = keyNode?.range ? point(keyNode.range[0]) : undefined
        if (map.has(key) && place) {
          diagnostics.push({
            code: 'blueprint-duplicate-key',
            severity: 'warning',
            file,
            place: {line: place.line, column: place.column, offset: place.offset},
            reason: `Unexpected second key \`${key}\` in one map, the later value wins`
          })
        }
        map.set(key, convert(pair.value))
        // PHP keeps the first position of a repeated key; keep its first place too.
        if (place && !placeOf(map, key)) setPlace(map, key, place)
      }
      return map
    }
    return null
  }
  return {file, value: convert(doc.contents), diagnostics}
}

/** A map key as PHP sees it: the scalar as written (`yes` stays `yes`), booleans as `1`/``. */
const keyText = (node: Node | null): string => {
  if (node === null) return ''
  if (isScalar(node)) {
    if (typeof node.source === 'string') return node.source
    const value = node.value
    if (value === true) return '1'
    if (value === false || value === null || value === undefined) return ''
    return String(value)
  }
  return String(node)
}

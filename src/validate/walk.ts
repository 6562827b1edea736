/**
 * @fileoverview Reading a JSON Schema the way typing needs it: which
 * subschemas apply at one place of the instance (through `$ref`, `allOf`,
 * and the `anyOf`/`oneOf`/`if` branches whose `const`/`enum`/`required`
 * conditions the raw value meets), what a property or an item is described
 * by, and which `kirbyField` annotation and `type` they carry.
 *
 * This is guidance for turning stored strings into values, not validation:
 * ajv judges the typed value afterwards. Where a condition cannot be decided
 * from the raw value, every branch is taken.
 */
import type {KirbyFieldAnnotation} from '../schema/keywords.js'

/** A schema object. */
export type SchemaObject = Record<string, unknown>

/**
 * The raw value at a place, for deciding branches: the stored text of a
 * key, `null` when the key holds a list or map, undefined when the key is
 * absent or empty.
 */
export type RawView = (key: string) => string | null | undefined

const isObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

/** Unescapes a JSON pointer segment. */
export const unescapePointer = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~')
/** Escapes a key as a JSON pointer segment. */
export const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1')

/** Keywords of a schema that only describe, never constrain. */
const DESCRIPTIVE = new Set([
  '$schema', '$id', '$anchor', '$comment', '$defs', 'definitions', 'title', 'description', 'default', 'examples',
  'deprecated', 'readOnly', 'writeOnly', 'kirbyField', 'kirbyBlueprint', 'type'
])

const DEFAULT_BASE = 'kfx://schema/root.json'

/** A schema with its `$ref`s resolvable. */
export class SchemaWalk {
  readonly root: unknown
  private readonly bases = new WeakMap<object, string>()
  private readonly ids = new Map<string, unknown>()

  constructor(root: unknown) {
    this.root = root
    this.index(root, DEFAULT_BASE, 0)
    if (!this.ids.has(DEFAULT_BASE)) this.ids.set(DEFAULT_BASE, root)
  }

  /** Records the base URI of every schema object and every `$id`/`$anchor`. */
  private index(node: unknown, base: string, depth: number): void {
    if (depth > 64 || typeof node !== 'object' || node === null) return
    if (Array.isArray(node)) {
      for (const item of node) this.index(item, base, depth + 1)
      return
    }
    const schema = node as SchemaObject
    let own = base
    if (typeof schema.$id === 'string') {
      if (schema.$id.startsWith('#')) this.ids.set(`${base}${schema.$id}`, schema)
      else {
        own = resolveUrl(schema.$id, base) ?? base
        this.ids.set(stripHash(own), schema)
      }
    }
    if (typeof schema.$anchor === 'string') this.ids.set(`${stripHash(own)}#${schema.$anchor}`, schema)
    this.bases.set(schema, own)
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'const' || key === 'enum' || key === 'default' || key === 'examples' || key === 'kirbyField' || key === 'kirbyBlueprint') continue
      this.index(value, own, depth + 1)
    }
  }

  /** The schema a `$ref` inside `from` points at, or undefined. */
  resolve(ref: string, from: object): unknown {
    const url = resolveUrl(ref, this.bases.get(from) ?? DEFAULT_BASE)
    if (url === undefined) return undefined
    const hash = url.indexOf('#')
    const document = hash === -1 ? url : url.slice(0, hash)
    const fragment = hash === -1 ? '' : decodeURIComponent(url.slice(hash + 1))
    const target = this.ids.get(document)
    if (target === undefined) return undefined
    if (fragment === '') return target
    if (!fragment.startsWith('/')) return this.ids.get(`${document}#${fragment}`)
    let node: unknown = target
    for (const part of fragment.slice(1).split('/').map(unescapePointer)) {
      if (typeof node !== 'object' || node === null) return undefined
      node = (node as Record<string, unknown>)[part]
    }
    return node
  }

  /** Follows `$ref` chains from `schema`. */
  private deref(schema: unknown, depth = 0): unknown {
    if (depth > 32 || !isObject(schema) || typeof schema.$ref !== 'string') return schema
    const keys = Object.keys(schema).filter((key) => !DESCRIPTIVE.has(key) && key !== '$ref')
    // A `$ref` beside other keywords (2019+) applies both; only a bare one is followed here.
    return keys.length === 0 ? this.deref(this.resolve(schema.$ref, schema), depth + 1) : schema
  }

  /**
   * Whether the raw value certainly meets (`true`) or certainly fails
   * (`false`) a branch's `const`/`enum`/`required` conditions; undefined
   * when that cannot be told from the raw value.
   */
  matches(branch: unknown, raw: RawView | undefined, depth = 0): boolean | undefined {
    const schema = this.deref(branch)
    if (schema === true) return true
    if (schema === false) return false
    if (!isObject(schema) || raw === undefined || depth > 16) return undefined
    let verdict: boolean | undefined = true
    for (const [key, value] of Object.entries(schema)) {
      if (DESCRIPTIVE.has(key)) continue
      if (key === 'required') {
        if (list(value).some((name) => typeof name === 'string' && raw(name) === undefined)) return false
      } else if (key === 'properties' && isObject(value)) {
        for (const [name, sub] of Object.entries(value)) {
          const condition = this.deref(sub)
          const entry = raw(name)
          if (entry === undefined) continue
          if (!isObject(condition) || !('const' in condition || 'enum' in condition)) {
            verdict = undefined
            continue
          }
          if (entry === null) {
            verdict = undefined
            continue
          }
          const allowed = 'const' in condition ? [condition.const] : list(condition.enum)
          if (!allowed.some((candidate) => rawEquals(candidate, entry))) return false
        }
      } else if (key === 'allOf') {
        for (const sub of list(value)) {
          const inner = this.matches(sub, raw, depth + 1)
          if (inner === false) return false
          if (inner === undefined) verdict = undefined
        }
      } else verdict = undefined
    }
    return verdict
  }

  /** Every schema object that applies where the raw value is `raw`, starting from `schemas`. */
  applicable(schemas: readonly unknown[], raw: RawView | undefined): SchemaObject[] {
    const found: SchemaObject[] = []
    const seen = new Set<object>()
    const visit = (node: unknown, depth: number): void => {
      if (!isObject(node) || seen.has(node) || depth > 48) return
      seen.add(node)
      found.push(node)
      for (const key of ['$ref', '$dynamicRef'] as const) {
        const ref = node[key]
        if (typeof ref === 'string') visit(this.resolve(ref, node), depth + 1)
      }
      for (const sub of list(node.allOf)) visit(sub, depth + 1)
      for (const key of ['anyOf', 'oneOf'] as const) {
        for (const sub of list(node[key])) if (this.matches(sub, raw) !== false) visit(sub, depth + 1)
      }
      if ('if' in node) {
        const holds = this.matches(node.if, raw)
        if (holds !== false) visit(node.then, depth + 1)
        if (holds !== true) visit(node.else, depth + 1)
      }
      if (isObject(node.dependentSchemas) && raw !== undefined) {
        for (const [name, sub] of Object.entries(node.dependentSchemas)) if (raw(name) !== undefined) visit(sub, depth + 1)
      }
    }
    for (const schema of schemas) visit(schema, 0)
    return found
  }

  /** Every schema object reachable from `schema` through applicators, whatever the value. */
  everywhere(schema: unknown): SchemaObject[] {
    return this.applicable([schema], undefined)
  }

  /** The declared properties of a set of schemas: `normalise(name)` → the name as written and its schemas. */
  properties(set: readonly SchemaObject[], normalise: (name: string) => string): Map<string, {name: string; schemas: unknown[]}> {
    const table = new Map<string, {name: string; schemas: unknown[]}>()
    for (const schema of set) {
      if (!isObject(schema.properties)) continue
      for (const [name, sub] of Object.entries(schema.properties)) {
        const key = normalise(name)
        const entry = table.get(key)
        if (entry) entry.schemas.push(sub)
        else table.set(key, {name, schemas: [sub]})
      }
    }
    return table
  }

  /** The schemas of a property that no `properties` names: `patternProperties`, `additionalProperties`. */
  extra(set: readonly SchemaObject[], key: string): unknown[] {
    const found: unknown[] = []
    for (const schema of set) {
      let matched = false
      if (isObject(schema.patternProperties)) {
        for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
          try {
            if (new RegExp(pattern, 'u').test(key)) {
              found.push(sub)
              matched = true
            }
          } catch {
            // An invalid pattern is ajv's to report.
          }
        }
      }
      if (!matched && isObject(schema.additionalProperties)) found.push(schema.additionalProperties)
    }
    return found
  }

  /** The schemas of item `index` of an array. */
  items(set: readonly SchemaObject[], index: number): unknown[] {
    const found: unknown[] = []
    for (const schema of set) {
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined
      if (prefix && index < prefix.length) found.push(prefix[index])
      else if (prefix && Array.isArray(schema.items)) {
        if (isObject(schema.additionalItems)) found.push(schema.additionalItems)
      } else if (isObject(schema.items)) found.push(schema.items)
    }
    return found
  }
}

/** The first `kirbyField` annotation of a set of schemas. */
export const annotationOf = (set: readonly SchemaObject[]): KirbyFieldAnnotation | undefined => {
  for (const schema of set) {
    const field = schema.kirbyField
    if (isObject(field) && typeof field.type === 'string') return field as unknown as KirbyFieldAnnotation
  }
  return undefined
}

/** The JSON types a set of schemas allows (the first `type` keyword), or undefined. */
export const typesOf = (set: readonly SchemaObject[]): string[] | undefined => {
  for (const schema of set) {
    if (typeof schema.type === 'string') return [schema.type]
    if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string')
  }
  return undefined
}

/** Whether a `const`/`enum` candidate equals a stored text (`true` ↔ `"true"`, `5` ↔ `"5"`). */
const rawEquals = (candidate: unknown, text: string): boolean => {
  if (typeof candidate === 'string') return candidate === text
  if (typeof candidate === 'boolean') return candidate ? text === 'true' || text === '1' : text === 'false' || text === '0'
  if (typeof candidate === 'number') return text.trim() !== '' && Number(text) === candidate
  return candidate === null && text === ''
}

const stripHash = (url: string): string => {
  const hash = url.indexOf('#')
  return hash === -1 ? url : url.slice(0, hash)
}

const resolveUrl = (ref: string, base: string): string | undefined => {
  try {
    const url = new URL(ref, base).href
    return url.endsWith('#') ? url.slice(0, -1) : url
  } catch {
    return undefined
  }
}

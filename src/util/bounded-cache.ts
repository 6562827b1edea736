/**
 * @fileoverview A map that forgets its least recently used entries past a
 * size: for what a run reads again while it goes through a site in path
 * order (the default-language file of a page's translations, the meta file
 * of a captioned image), where keeping everything would grow with the site.
 * Hand-written: a Map keeps insertion order, which is all an LRU needs, and
 * the well-kept packages (lru-cache) bring TTLs and sizes kfx has no use for.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>()
  readonly #max: number

  constructor(max: number) {
    this.#max = Math.max(1, max)
  }

  /** The value of `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined || this.#entries.has(key)) {
      this.#entries.delete(key)
      this.#entries.set(key, value as V)
    }
    return value
  }

  has(key: K): boolean {
    return this.#entries.has(key)
  }

  /** Sets `key`, dropping the least recently used entry past the size. */
  set(key: K, value: V): this {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as K)
    return this
  }

  get size(): number {
    return this.#entries.size
  }
}

/**
 * @fileoverview Runs an async task over many items with a bounded number in
 * flight, and hands the results on in input order as soon as each one and
 * all before it are done. Hand-written because p-limit bounds concurrency
 * but keeps no order: output would have to wait for the whole set, and
 * memory would grow with the site instead of with the window.
 */

/** Maps `items` through `task`, at most `limit` at once, calling `emit` in order. */
export const orderedPool = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  emit: (result: R, item: T, index: number) => void | Promise<void>
): Promise<void> => {
  const window = Math.max(1, limit)
  const pending = new Map<number, Promise<R>>()
  let next = 0
  const start = () => {
    while (next < items.length && pending.size < window) {
      const index = next++
      pending.set(index, task(items[index]!, index))
    }
  }
  start()
  for (let index = 0; index < items.length; index++) {
    const result = await pending.get(index)!
    pending.delete(index)
    start()
    await emit(result, items[index]!, index)
  }
}

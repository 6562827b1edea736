/**
 * @fileoverview Where a JSON pointer (`/tags/0/name`, ajv's `instancePath`)
 * stands in a JSON or YAML text, through the `yaml` package's node ranges.
 */
import {isMap, isScalar, isSeq, type Document, type Node} from 'yaml'

/** Unescapes one JSON pointer segment. */
const segment = (part: string): string => part.replaceAll('~1', '/').replaceAll('~0', '~')

/**
 * The `[start, end)` offsets of the node at `pointer` in the document's
 * text, or of its nearest ancestor that exists; undefined for an empty document.
 */
export const rangeOfPointer = (document: Document, pointer: string): [number, number] | undefined => {
  let node = document.contents as Node | null
  let range = node?.range ? ([node.range[0], node.range[1]] as [number, number]) : undefined
  for (const part of pointer.split('/').slice(1).map(segment)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === part)
      if (!pair) break
      node = pair.value as Node | null
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined
      range = node?.range ? [node.range[0], node.range[1]] : keyRange ? [keyRange[0], keyRange[1]] : range
    } else if (isSeq(node)) {
      const item = node.items[Number(part)] as Node | undefined
      if (!item) break
      node = item
      if (item.range) range = [item.range[0], item.range[1]]
    } else break
  }
  return range
}

/**
 * @fileoverview Where convert puts each page: at its page id, as
 * `projects/my-project/index.md` (layout `index`, the default) or
 * `projects/my-project.md` (layout `flat`); languages side by side
 * (`index.en.md`, `my-project.de.md`); the site's own content as `site.md`;
 * a page's files in the page's folder (`projects/my-project/photo.jpg`, in
 * both layouts).
 */
import type {Unit} from './source.js'

/** How output files are laid out. */
export type Layout = 'index' | 'flat'

/** Options of {@link documentPath}. */
export interface LayoutOptions {
  layout: Layout
  /** File extension without the dot (`md`, `json`). */
  extension: string
  /** The file name of a page with children in layout `index` (Hugo's branch bundles: `_index`). */
  branchIndex?: string
}

/** The output path of a unit's document, relative to the output folder. */
export const documentPath = (unit: Pick<Unit, 'page' | 'language'>, options: LayoutOptions): string => {
  const language = unit.language === undefined ? '' : `.${unit.language}`
  const page = unit.page
  if (!page) return `site${language}.${options.extension}`
  if (options.layout === 'flat') return `${page.id}${language}.${options.extension}`
  const name = page.children.length > 0 && options.branchIndex !== undefined ? options.branchIndex : 'index'
  return `${page.id}/${name}${language}.${options.extension}`
}

/** The output folder of a unit's files, relative to the output folder (`""` for the site's). */
export const filesFolder = (unit: Pick<Unit, 'page'>): string => unit.page?.id ?? ''

/**
 * @fileoverview `no-missing-translation`: in a multi-language site, a page
 * without a content file in some language, or (option `fields`) a field of
 * the default language that a translation does not hold.
 *
 * Why: Kirby falls back silently (spec §3.6). A page without
 * `article.de.txt` shows its default-language text on the German site; a
 * page without a default-language file has no content in that language
 * (title = slug); a plain `article.txt` is not read at all in a
 * multi-language site (Kirby 3+). A field missing from a translation shows
 * the default language's value.
 *
 * Options: `{"fields": false, "languages": ["de"]}` — `fields` (default
 * `false`) also reports fields of the default language's file that a
 * translation lacks (not Kirby's own keys, not `translate: false` fields of
 * the blueprint, not fields that are empty in the default language);
 * `languages` (default: every configured language) limits the languages
 * that must be there.
 *
 * ok:     article.en.txt + article.de.txt (languages en, de)
 * not-ok: article.en.txt alone
 *
 * No fix: only a translator can write the translation.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {schemaFor} from '../blueprint/index.js'
import {dependsOn} from '../cache/deps.js'
import {defineRule} from '../lint/rule.js'
import type {KirbyFieldAnnotation} from '../schema/keywords.js'
import type {Site} from '../site/index.js'
import {decode} from '../txt/decode.js'
import {decodeBytes} from '../txt/read.js'

/** The options. */
export interface MissingTranslationOptions {
  /** Also report fields the translation lacks (default false). */
  fields?: boolean
  /** The languages that must be there (default: all configured ones). */
  languages?: string[]
}

/**
 * Whether the languages were only guessed from file names: then a site with
 * a handful of English files among German ones says nothing about which
 * translations it wants, so the rule waits for `languages` in the configuration.
 */
const inferred = (site: Site): boolean => site.diagnostics.some((diagnostic) => diagnostic.code === 'languages-inferred')

/** Keys Kirby manages itself, never translated. */
const OWN_KEYS = new Set(['uuid', 'template', 'sort', 'slug', 'url_key', 'lock'])

const optionsOf = (options: unknown): MissingTranslationOptions => (typeof options === 'object' && options !== null ? (options as MissingTranslationOptions) : {})

export const noMissingTranslation = defineRule<unknown>({
  id: 'no-missing-translation',
  severity: 'warning',
  description: 'A page without a content file in a language, or (option) a field missing in a translation',
  checkSite: ({site, options, report}) => {
    if (site.languages.length < 2 || inferred(site)) return
    const {languages} = optionsOf(options)
    const wanted = site.languages.filter((language) => languages === undefined || languages.includes(language.code))
    const extension = (site.site.contentFile ?? site.pages.find((p) => p.contentFile)?.contentFile ?? 'x.txt').replace(/^.*\./, '')
    for (const page of site.pages) {
      // Drafts are work in progress; a translation comes when they are published.
      if (page.virtual === true || page.draft) continue
      const candidates = page.contentFiles.filter((file) => file.role === 'content')
      if (candidates.length === 0) continue
      const template = page.template
      const of = (code: string) => candidates.find((file) => file.language === code && file.name.toLowerCase() === `${template}.${code}.${extension}`.toLowerCase())
      const present = wanted.filter((language) => of(language.code) !== undefined)
      const defaultCode = site.languages.find((language) => language.default)?.code
      // On the default language's file when there is one, else on the folder.
      const anchor = (defaultCode !== undefined ? of(defaultCode)?.path : undefined) ?? page.dir
      for (const language of wanted) {
        if (present.includes(language)) continue
        const name = `${template}.${language.code}.${extension}`
        report(anchor, {
          reason: language.default
            ? `Unexpected page \`${page.id}\` without \`${name}\`, expected a content file in the default language \`${language.code}\`: the \`${language.code}\` page has no content (its title is the slug)`
            : `Unexpected page \`${page.id}\` without \`${name}\`, expected a translation into \`${language.code}\`: Kirby shows the default language's content on the \`${language.code}\` page`,
          note: candidates.some((file) => file.language === undefined)
            ? `\`${candidates.find((file) => file.language === undefined)!.name}\` has no language code: Kirby 3+ does not read it in a multi-language site.`
            : `Add \`${name}\`, or limit the rule with \`"languages"\` in its options.`
        })
      }
    }
  },
  check: async ({content, model, site, options, report}) => {
    const {fields, languages} = optionsOf(options)
    if (fields !== true || site.languages.length < 2 || inferred(site) || model.kind !== 'page' || model.defaultLanguage || model.page === undefined) return
    if (model.language === undefined || (languages !== undefined && !languages.includes(model.language))) return
    const page = model.page
    if (page.contentFile === undefined) return
    dependsOn(page.contentFile)
    const bytes = await readFile(path.join(site.root, page.contentFile)).catch(() => undefined)
    if (bytes === undefined) return
    const original = decode(decodeBytes(bytes).text, {rules: content.rules}).fields
    let untranslated = new Set<string>()
    if (site.blueprintsRoot !== undefined) {
      const {schema} = await schemaFor(site, {kind: 'page', name: model.name})
      const properties = (schema as {properties?: Record<string, {kirbyField?: KirbyFieldAnnotation}>}).properties ?? {}
      untranslated = new Set(Object.entries(properties).filter(([, p]) => p.kirbyField?.translate === false).map(([key]) => key))
    }
    const have = new Set(content.fields.map((field) => field.key))
    const missing = original.filter((field) => !have.has(field.key) && !OWN_KEYS.has(field.key) && !untranslated.has(field.key) && field.value.trim() !== '')
    for (const field of missing) {
      report({
        reason: `Unexpected translation without \`${field.rawKey}:\`, expected every field of the default language: Kirby shows the default language's \`${field.key}\` here`,
        place: content.point(content.text.length),
        note: `\`${field.rawKey}\` is in \`${page.contentFile}\`.`
      })
    }
  }
})

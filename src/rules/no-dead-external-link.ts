/**
 * @fileoverview `no-dead-external-link` (opt-in): external `http(s)` links
 * and image sources that do not answer.
 *
 * Off unless turned on (`--rule no-dead-external-link=warn`, or `rules` in
 * the configuration), because it goes to the network. Every external link
 * target and image source of the file (`(link:)`, `(image:)` with a URL,
 * Markdown, `<a href>`, `<img src>`, `href`s in blocks JSON) is asked for
 * with `HEAD`, then with `GET` when `HEAD` fails or is refused (many servers
 * answer `HEAD` with 404 or 405), following redirects. A URL is dead when
 * the last answer is 404, 410 or a 5xx status, or when no answer comes (DNS,
 * refused connection, timeout) after the retries; 401, 403 and 429 mean the
 * page exists but refuses robots, and are not reported. Each URL is asked
 * once per run (an in-run cache), with at most `concurrency` requests in
 * flight.
 *
 * Options: `concurrency` (default 8), `timeout` (ms per request, default
 * 10000), `retries` (after the first attempt, on no answer or a 5xx/429,
 * default 1), `ignore` (URL prefixes not to check), and, for library use and
 * tests, `fetch` (a `fetch`-compatible function).
 *
 * Why: links to other sites rot; Kirby cannot know.
 *
 * ok:
 *
 *     Text: See (link: https://getkirby.com text: Kirby).
 *
 * not ok (the server answers 404):
 *
 *     Text: See (link: https://example.com/gone text: the old page).
 */
import {defineRule, type RuleContext} from '../lint/rule.js'
import type {Site} from '../site/index.js'
import {resolvePageReference} from '../site/index.js'
import {parentOf, referencesOf} from './no-broken-link.js'

/** A `fetch`-compatible function (only what the rule uses). */
export type FetchLike = (url: string, init: {method: string; redirect: 'follow'; signal: AbortSignal; headers: Record<string, string>}) => Promise<{
  status: number
  body?: {cancel: () => Promise<void>} | null
}>

/** Options of the rule. */
export interface ExternalLinkOptions {
  concurrency?: number
  timeout?: number
  retries?: number
  ignore?: string[]
  fetch?: FetchLike
}

/** What asking for a URL gave. */
export interface UrlCheck {
  /** Whether the URL is dead. */
  dead: boolean
  /** The last status, when a server answered. */
  status?: number
  /** Why no answer came. */
  error?: string
  /** Requests made. */
  attempts: number
}

/** Checks URLs with a shared cache and a concurrency limit. */
export interface LinkChecker {
  check: (url: string) => Promise<UrlCheck>
}

const DEAD_STATUS = (status: number): boolean => status === 404 || status === 410 || status >= 500
const RETRY_STATUS = (status: number): boolean => status === 429 || status >= 500

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A checker: HEAD then GET, `timeout` per request, `retries` on no answer or 5xx/429, each URL once. */
export const createLinkChecker = (options: ExternalLinkOptions = {}): LinkChecker => {
  const fetcher: FetchLike = options.fetch ?? (globalThis.fetch as unknown as FetchLike)
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const timeout = Math.max(1, options.timeout ?? 10_000)
  const retries = Math.max(0, options.retries ?? 1)
  const cache = new Map<string, Promise<UrlCheck>>()
  let active = 0
  const queue: Array<() => void> = []
  const limit = <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = (): void => {
        active++
        task()
          .then(resolve, reject)
          .finally(() => {
            active--
            queue.shift()?.()
          })
      }
      if (active < concurrency) run()
      else queue.push(run)
    })

  const request = async (url: string, method: 'HEAD' | 'GET'): Promise<{status: number} | {error: string}> => {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeout)
    try {
      const response = await fetcher(url, {method, redirect: 'follow', signal: controller.signal, headers: {'user-agent': 'kfx-lint (link check)'}})
      // Only the status matters: do not download bodies.
      await response.body?.cancel().catch(() => {})
      return {status: response.status}
    } catch (error) {
      if (controller.signal.aborted) return {error: `no answer within ${timeout} ms`}
      const cause = (error as {cause?: {code?: string; message?: string}}).cause
      return {error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}
    } finally {
      clearTimeout(timer)
    }
  }

  const attempt = async (url: string): Promise<{status: number} | {error: string}> => {
    const head = await request(url, 'HEAD')
    if ('status' in head && head.status < 400) return head
    const get = await request(url, 'GET')
    return get
  }

  const run = async (url: string): Promise<UrlCheck> => {
    let attempts = 0
    let result: {status: number} | {error: string} = {error: 'not asked'}
    for (let round = 0; round <= retries; round++) {
      if (round > 0) await sleep(Math.min(2000, 100 * 2 ** round))
      attempts++
      result = await limit(() => attempt(url))
      if ('status' in result && !RETRY_STATUS(result.status)) break
    }
    if ('status' in result) return {dead: DEAD_STATUS(result.status), status: result.status, attempts}
    return {dead: true, error: result.error, attempts}
  }

  return {
    check: (url) => {
      let pending = cache.get(url)
      if (!pending) cache.set(url, (pending = run(url)))
      return pending
    }
  }
}

/** One checker per run (the site is read once per run) and options object. */
const checkers = new WeakMap<Site, LinkChecker>()

const checkerFor = (context: RuleContext<ExternalLinkOptions | undefined>): LinkChecker => {
  let checker = checkers.get(context.site)
  if (!checker) checkers.set(context.site, (checker = createLinkChecker(context.options ?? {})))
  return checker
}

export default defineRule<ExternalLinkOptions | undefined>({
  id: 'no-dead-external-link',
  severity: 'warning',
  optIn: true,
  description: 'External links and image sources that answer 404, 410, 5xx or not at all (opt-in: goes to the network)',
  async check(context) {
    const from = parentOf(context)
    const references = await referencesOf(context, {web: true})
    const ignore = context.options?.ignore ?? []
    const targets = [
      ...references.links.filter((link) => link.source !== 'field'),
      ...references.sources,
      ...references.fileTags.filter((tag) => tag.type === 'image').map((tag) => ({target: tag.value, place: tag.place}))
    ]
    const checker = checkerFor(context)
    const pending = targets.flatMap((item) => {
      const raw = item.target.trim()
      const href = raw.startsWith('//') ? `https:${raw}` : raw
      if (!/^https?:\/\//i.test(href)) return []
      const resolved = resolvePageReference(context.site, from, href)
      if (resolved.kind !== 'external') return []
      let url: string
      try {
        url = new URL(href).href
      } catch {
        return [{item, raw, url: href, result: Promise.resolve<UrlCheck>({dead: true, error: 'not a valid URL', attempts: 0})}]
      }
      if (ignore.some((prefix) => url.startsWith(prefix))) return []
      return [{item, raw, url, result: checker.check(url.replace(/#.*$/, ''))}]
    })
    for (const {item, raw, url, result} of pending) {
      const outcome = await result
      if (!outcome.dead) continue
      const why =
        outcome.status !== undefined
          ? `the server answers ${outcome.status}`
          : outcome.error === 'not a valid URL'
            ? 'it is not a valid URL'
            : `no answer (${outcome.error})`
      context.report({
        reason: `Unexpected dead link \`${raw}\`, expected a URL that answers: ${why}`,
        place: item.place,
        actual: url,
        note: outcome.attempts > 0 ? `Asked ${outcome.attempts} time${outcome.attempts === 1 ? '' : 's'} with HEAD, then GET` : 'Not asked'
      })
    }
  }
})

/**
 * @fileoverview Rule levels, as remark-lint and ESLint read them: `off`,
 * `info`, `warn`/`warning`, `error` (or `0`, `1`, `2`, booleans), alone or
 * as `[level, options]`; from the configuration's `rules` and from
 * `--rule id=level`.
 */
import {UsageError} from '../errors.js'
import type {Severity} from '../types.js'
import type {Rule} from './rule.js'

/** A rule's setting as written. */
export type RuleSetting = string | number | boolean | [string | number | boolean, unknown?]

/** A rule turned on: its severity and options. */
export interface EnabledRule {
  rule: Rule<unknown>
  severity: Severity
  options: unknown
}

/** A level as written → a severity, or `off`. */
export const parseLevel = (level: string | number | boolean, where: string): Severity | 'off' => {
  switch (level) {
    case 'off':
    case 0:
    case false:
      return 'off'
    case 'info':
      return 'info'
    case 'warn':
    case 'warning':
    case 1:
      return 'warning'
    case 'error':
    case 2:
    case true:
    case 'on':
      return 'error'
    default:
      throw new UsageError(`Unexpected level \`${String(level)}\` ${where}, expected \`off\`, \`info\`, \`warn\` or \`error\``)
  }
}

/** Parses `--rule id=level` (repeatable). */
export const parseRuleOption = (value: string, previous: Record<string, RuleSetting> = {}): Record<string, RuleSetting> => {
  const match = /^([a-z0-9/-]+)=([a-z0-9]+)$/i.exec(value.trim())
  if (!match) throw new UsageError(`Unexpected rule setting \`${value}\`, expected \`id=off|info|warn|error\``)
  return {...previous, [match[1]!]: match[2]!}
}

/**
 * The rules to run: every rule of the registry at its own severity (opt-in
 * rules off), then the settings applied in order (configuration, then
 * command line). An unknown rule id is a usage error.
 */
export const enabledRules = (registry: readonly Rule<unknown>[], ...settings: Array<Record<string, RuleSetting> | undefined>): EnabledRule[] => {
  const byId = new Map(registry.map((rule) => [rule.id, rule]))
  const state = new Map<string, {severity: Severity | 'off'; options: unknown}>(
    registry.map((rule) => [rule.id, {severity: rule.optIn ? 'off' : rule.severity, options: undefined}])
  )
  for (const setting of settings) {
    for (const [id, value] of Object.entries(setting ?? {})) {
      if (!byId.has(id)) {
        throw new UsageError(`Unexpected rule \`${id}\`, expected one of ${[...byId.keys()].map((k) => `\`${k}\``).join(', ')}`)
      }
      const [level, options] = Array.isArray(value) ? value : [value, undefined]
      const severity = parseLevel(level, `for rule \`${id}\``)
      const previous = state.get(id)!
      // `on` keeps a rule's own severity where that is gentler than error.
      const own = byId.get(id)!.severity
      state.set(id, {severity: level === 'on' || level === true ? own : severity, options: options ?? previous.options})
    }
  }
  const enabled: EnabledRule[] = []
  for (const rule of registry) {
    const {severity, options} = state.get(rule.id)!
    if (severity !== 'off') enabled.push({rule, severity, options})
  }
  return enabled
}

/**
 * The GitHub Action (`action.yml`): its inputs and steps, and its check
 * step's script run by bash as the runner runs it (environment variables
 * for the inputs, `GITHUB_OUTPUT`, `RUNNER_TEMP`, this checkout as
 * `GITHUB_ACTION_PATH`), on a site with problems and on a clean one.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, test} from '@jest/globals'
import {parse} from 'yaml'
import {fixture} from './helpers/shared.js'

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
interface Step {
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, string>
}
const action = parse(readFileSync(path.join(repository, 'action.yml'), 'utf8')) as {
  inputs: Record<string, {default?: string}>
  runs: {using: string; steps: Step[]}
}
const temp = mkdtempSync(path.join(tmpdir(), 'kfx-action-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

/** Runs the check step in a copy of `site` with the given inputs; its output, exit status and step outputs. */
const runCheck = (name: string, site: string, inputs: Record<string, string>) => {
  const workspace = path.join(temp, name)
  cpSync(site, workspace, {recursive: true})
  const step = action.runs.steps.find((s) => s.id === 'check')!
  const outputFile = path.join(temp, `${name}.output`)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTION_PATH: repository,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: path.join(temp, `${name}-runner`)
  }
  for (const input of ['paths', 'kirby', 'config', 'sarif', 'args']) env[`KFX_${input.toUpperCase()}`] = inputs[input] ?? action.inputs[input]?.default ?? ''
  // The runner's bash: `bash --noprofile --norc -eo pipefail {0}`.
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {cwd: workspace, env, encoding: 'utf8'})
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2))
  ) as Record<string, string>
  return {status: result.status, stdout: result.stdout, stderr: result.stderr, outputs, workspace}
}

describe('action.yml', () => {
  test('is a composite action: Node, kfx, the check, SARIF upload when asked, and the verdict', () => {
    expect(action.runs.using).toBe('composite')
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'kirby', 'config', 'sarif', 'args']))
    const uses = action.runs.steps.map((step) => step.uses ?? step.id ?? step.run?.split(' ')[0])
    expect(uses).toEqual(['actions/setup-node@v4', 'npm', 'check', 'github/codeql-action/upload-sarif@v3', 'echo'])
    expect(action.runs.steps[3]!.if).toContain("inputs.sarif == 'true'")
  })

  test('on a site with problems: annotations, the stylish report, SARIF, exit code 1', () => {
    const run = runCheck('problems', fixture('cli/validate-site'), {sarif: 'true'})
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.outputs['exit-code']).toBe('1')
    expect(run.stdout).toMatch(/^::error file=content\/2_about\/default\.txt,line=1,col=1,.*::Missing required field `author`/m)
    // The stylish report, with every problem, after the annotations.
    // (In colour: the runner's log shows ANSI colours.)
    expect(run.stdout.replace(/\u001b\[\d+m/g, '')).toMatch(/content\/2_about\/default\.txt\n\s+1:1\s+error\s+Missing required field \W*author/)
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {version: string; runs: Array<{results: unknown[]}>}
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0)
  })

  test('on a clean site: exit code 0, no SARIF unless asked', () => {
    const run = runCheck('clean', fixture('example-site'), {args: '--rule no-empty-title=off'})
    expect(run.stderr).toBe('')
    expect(run.outputs).toEqual({'exit-code': '0'})
  })
})

/**
 * `kfx inspect --json` over every corpus equals what Kirby itself read:
 * the fields of every `.txt` file (golden `decode.jsonl`) and the kirbytags
 * of every rendered field (golden `kirbytext.jsonl`), with the version given
 * (`--kirby 2` for the Kirby 2 data, `--kirby 5` for the rest) and with
 * `auto`, which must infer a version that reads each site the same way.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {expect, test} from '@jest/globals'
import type {InspectJsonLine} from '../src/commands/inspect.js'
import {runCli} from './helpers/run-cli.js'
import {corpusKirby, describeShared, hasShared, sharedRoot} from './helpers/shared.js'

interface GoldenKirbytext {
  file: string
  field: string
  tags?: Array<{type: string; value: string; attrs: Record<string, string>}>
}

const corpora = hasShared ? readdirSync(`${sharedRoot}golden`).filter((name) => !name.includes('.')).sort() : []
const jsonl = <T>(path: string): T[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as T) : []

describeShared('kfx inspect --json agrees with Kirby on every corpus', () => {
  test('the golden data lists the corpora', () => {
    expect(corpora.length).toBeGreaterThanOrEqual(16)
  })
  for (const corpus of corpora) {
    for (const kirby of [corpusKirby(corpus), 'auto']) {
      test(`${corpus} --kirby ${kirby}`, async () => {
        const cwd = `${sharedRoot}corpora/${corpus}`
        const target = existsSync(`${cwd}/content`) ? 'content' : '.'
        const run = await runCli(['inspect', '--json', '--kirby', kirby, target], cwd)
        expect(run.stderr).toBe('')
        expect(run.exitCode).toBe(0)
        const lines = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as InspectJsonLine)
        const byFile = new Map(lines.map((line) => [line.file.replace(/^\.\//, ''), line]))

        const decoded = jsonl<{file: string; fields: Array<[string, string]>}>(`${sharedRoot}golden/${corpus}/decode.jsonl`)
        // Same files, in the same (byte-wise) order, with the same fields.
        expect(lines.map((line) => line.file)).toEqual(decoded.map((line) => line.file))
        const fieldMismatches = decoded.filter((golden) => JSON.stringify(byFile.get(golden.file)?.fields) !== JSON.stringify(golden.fields))
        expect(fieldMismatches.map((m) => m.file)).toEqual([])

        const rendered = jsonl<GoldenKirbytext>(`${sharedRoot}golden/${corpus}/kirbytext.jsonl`).filter((line) => line.tags)
        const tagMismatches = rendered.filter(
          (golden) => JSON.stringify(byFile.get(golden.file)?.tags[golden.field] ?? []) !== JSON.stringify(golden.tags)
        )
        expect(tagMismatches.slice(0, 3).map((m) => `${m.file} ${m.field}: ${JSON.stringify(byFile.get(m.file)?.tags[m.field])}`)).toEqual([])
      })
    }
  }
})

// Jest runs in native ESM mode (unified, remark and micromark are ESM-only):
// ts-jest transpiles TypeScript per file (isolatedModules; `tsc --noEmit`
// in `npm test` does the type-checking), `.js` specifiers map to `.ts`.
import {createDefaultEsmPreset} from 'ts-jest'

/** @type {import('jest').Config} */
export default {
  ...createDefaultEsmPreset({tsconfig: 'tsconfig.json'}),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {'^(\\.{1,2}/.*)\\.js$': '$1'},
  // The corpus tests read thousands of files; keep the default timeout sane.
  testTimeout: 120000
}

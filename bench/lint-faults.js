#!/usr/bin/env node
// Fault-injection benchmark of `kfx lint` (issue #5): copies each corpus to a
// temporary folder, checks that the unmodified copy gets exactly the
// original's messages, then injects link, image, file, UUID, kirbytag and
// separator faults — one edit of one content file each (or an image a page's
// tag names deleted), linted alone with the site around it — and measures
// how many are reported with their rule on their file (recall) and at the
// expected line and column (place), per kind and per corpus. The generator is
// src/testing/lint-faults.ts, the runner src/testing/fault-bench.ts (shared
// with bench/validate-faults.js).
//
//   npm run bench:lint                 (builds first; needs ../shared/corpora)
//   node bench/lint-faults.js --seed 7 --per-kind 8 --corpus k4-cnoss --json out.json
//
// Exits 1 when there are fewer than 300 faults, recall is under 99 %, a
// detected fault is misplaced, or an unmodified copy gets a message the
// original does not.
import {lintSuite} from '../dist/testing/lint-faults.js'
import {runFaultBench} from './faults.js'

process.exit(await runFaultBench({suite: lintSuite, perKind: 5, found: 'recall'}))

#!/usr/bin/env node
// Fault-injection benchmark of `kfx validate` (issue #3): copies each corpus
// with blueprints to a temporary folder, checks that the unmodified copy gets
// exactly the original's messages, then injects faults the site's own
// blueprints forbid — one edit of one content file each, validated alone —
// and measures how many are reported (detection) and at the expected line
// and column (place), per kind and per corpus. The generator and the runner
// are src/testing/faults.ts and src/testing/fault-bench.ts.
//
//   npm run bench:validate                 (builds first; needs ../shared/corpora)
//   node bench/validate-faults.js --seed 7 --per-kind 20 --corpus k4-cnoss --json out.json
//
// Exits 1 when detection is under 99 %, a detected fault is misplaced, or
// an unmodified copy gets a message the original does not.

import {runFaultBench} from './faults.js'

process.exit(await runFaultBench({perKind: 12, found: 'detection'}))

#!/usr/bin/env bash
# `npm run bench`: installs what it needs (Node 22, npm packages, the Pulumi CLI), builds, and prints
# ONE table (issue 11 rows (a)-(g)): the bare client next to `pulumi up` / refresh / preview of
# KeyEntries and Key resources against the bundled emulator. Takes about 10-15 minutes on 2 cores
# with the defaults. Options go to scripts/bench-bulk.ts, e.g. `npm run bench -- --reps 5`.
# The emulator's own HTTP load test: `npm run bench:emulator`.
set -euo pipefail
source "$(dirname "$0")/toolchain.sh"
exec node dist/scripts/bench-bulk.js "$@"

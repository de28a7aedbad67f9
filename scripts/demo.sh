#!/usr/bin/env bash
# `npm run demo`: installs what it needs, then runs the quickstart with the real Pulumi CLI against
# the bundled OSv2 emulator: up, preview --expect-no-changes, destroy (scripts/demo.ts).
set -euo pipefail
source "$(dirname "$0")/toolchain.sh"
exec node dist/scripts/demo.js "$@"

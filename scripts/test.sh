#!/usr/bin/env bash
# `npm test`: installs what it needs (Node 22, npm packages, the Pulumi CLI), builds, and runs the
# whole mocha suite: unit, emulator contract, provider-against-emulator, and e2e with the real CLI.
# Extra arguments go to mocha: `npm test -- --grep drift` (the whole suite, filtered), or spec files
# (`npm test -- dist/test/e2e/recover.test.js`: only those).
set -euo pipefail
source "$(dirname "$0")/toolchain.sh"
# The emulator's docs tests run the docs' curl examples with the real curl.
if ! command -v curl >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  step "installing curl (apt-get)"
  { apt-get update -qq && apt-get install -y -qq curl; } >&2 || printf 'could not install curl\n' >&2
fi
export OSV2_TEST_RUN_ID=${OSV2_TEST_RUN_ID:-$$}
# Spec files given (`npm test -- dist/test/e2e/recover.test.js`): run only those. Mocha would add them
# to .mocharc.json's spec (the whole suite), so its config is left out and its timeout given here.
for arg in "$@"; do
  case "$arg" in
    dist/test/*|*.test.js)
      exec node node_modules/mocha/bin/mocha.js --no-config --timeout 20000 --reporter dist/test/support/summary-reporter.js "$@" ;;
  esac
done
exec node node_modules/mocha/bin/mocha.js --reporter dist/test/support/summary-reporter.js "$@"

#!/usr/bin/env bash
# `npm run emulator -- [options]`: builds if needed and starts the OSv2 emulator (see emulator/README.md).
set -euo pipefail
TOOLCHAIN_PULUMI=0 source "$(dirname "$0")/toolchain.sh"
exec node dist/emulator/cli.js "$@"

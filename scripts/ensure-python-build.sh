#!/usr/bin/env bash
# Ensures a Python virtual environment with PyPA's `build` (and, with --publish, `twine`), for the
# Python SDK's wheel and sdist (scripts/release.sh). Cached under
# ~/.cache/pulumi-anypoint-objectstore/python-build/<python version> and reused; packages from PyPI.
# Needs python3 (3.9 or later) with the venv module.
# Prints the venv's bin directory (its `python` runs `-m build`); progress on stderr.
# Usage: scripts/ensure-python-build.sh [--publish]
set -euo pipefail
BUILD_VERSION=${PYTHON_BUILD_VERSION:-1.2.2}
TWINE_VERSION=${TWINE_VERSION:-6.1.0}
log() { printf '[ensure-python-build] %s\n' "$*" >&2; }
command -v python3 >/dev/null 2>&1 || { log "no python3 on PATH: install Python 3.9 or later"; exit 1; }
pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
venv=${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/python-build/$pyver
want="build==$BUILD_VERSION"
[ "${1:-}" = --publish ] && want="$want twine==$TWINE_VERSION"
if [ ! -x "$venv/bin/python" ]; then
  log "creating $venv"
  python3 -m venv "$venv" >&2 || { log "python3 -m venv failed (Debian: apt-get install python3-venv)"; exit 1; }
fi
# Installed at the pinned versions already? ($want is a list of requirements: split on purpose.)
# shellcheck disable=SC2086
if ! "$venv/bin/python" - $want >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
sys.exit(any(version(name) != wanted for name, wanted in (r.split("==") for r in sys.argv[1:])))
PY
then
  log "installing $want from PyPI into $venv"
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $want >&2
fi
printf '%s\n' "$venv/bin"

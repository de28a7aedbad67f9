# Sourced by the npm scripts (demo, test, emulator): makes the toolchain ready and on PATH.
#  1. Node.js >= 22 (scripts/ensure-node.sh), first on PATH, also for npm.
#  2. npm dependencies (npm ci when node_modules is missing or older than package-lock.json).
#  3. TypeScript build into dist/.
#  4. The Pulumi CLI matching @pulumi/pulumi (scripts/ensure-pulumi.sh) and the Pulumi YAML language
#     host (scripts/ensure-pulumi-yaml.sh), when TOOLCHAIN_PULUMI != 0.
# Pulumi is told never to check for updates or download plugins.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
step() { printf '\n==> %s\n' "$*" >&2; }

node_bin=$(bash scripts/ensure-node.sh)
export PATH="$node_bin:$PATH"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
fi

step "building TypeScript (tsc)"
rm -rf dist
node node_modules/typescript/bin/tsc -p tsconfig.json

if [ "${TOOLCHAIN_PULUMI:-1}" != 0 ]; then
  pulumi_bin=$(bash scripts/ensure-pulumi.sh)
  yaml_bin=$(bash scripts/ensure-pulumi-yaml.sh)
  export PATH="$pulumi_bin:$yaml_bin:$PATH"
  export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  step "using $(command -v pulumi) $(pulumi version), $yaml_bin/pulumi-language-yaml and node $(node --version)"
fi

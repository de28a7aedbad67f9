#!/usr/bin/env bash
# A release of pulumi-anypoint-objectstore, in one script that the release workflow
# (.github/workflows/release.yml) calls and anyone can run (README "Releasing").
#
# Usage:
#   scripts/release.sh build     [--version X.Y.Z] [--out DIR] [--skip-tests]
#       checks the version everywhere, builds, runs `npm test`, and stages every artifact in DIR:
#       the six plugin tarballs, the npm package, the Node.js SDK's npm package, the Python SDK's wheel
#       and sdist, and release-notes.md (the CHANGELOG section of X.Y.Z)
#   scripts/release.sh publish   [--version X.Y.Z] [--out DIR]
#       publishes what `build` staged: npm (NODE_AUTH_TOKEN), PyPI (TWINE_USERNAME/TWINE_PASSWORD), the
#       Go SDK's tag sdk/go/vX.Y.Z, and the GitHub release vX.Y.Z with the plugin tarballs (GH_TOKEN)
#   scripts/release.sh --dry-run [--version X.Y.Z] [--out DIR] [--skip-tests]
#       `build`, then every command `publish` would run, printed and not run
#
# --version defaults to the tag the workflow runs for (GITHUB_REF_NAME, vX.Y.Z), else package.json's.
# --out defaults to dist/release. Needs what `npm test` needs (Node.js and npm, Go, python3).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
log() { printf '[release] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

mode=${1:-}
case "$mode" in
  build | publish) shift ;;
  --dry-run) shift ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
version=${GITHUB_REF_NAME:-}
version=${version#v}
out=$here/dist/release
skip_tests=0
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2#v}; shift 2 ;;
    --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --skip-tests) skip_tests=1; shift ;;
    --dry-run) mode=--dry-run; shift ;;
    *) die "unknown argument '$1'" ;;
  esac
done
pkg_version=$(node -p 'require("./package.json").version')
version=${version:-$pkg_version}

# ------------------------------------------------------------------ checks

# The version is the same in package.json, the schema, every SDK, and has a CHANGELOG section.
check_version() {
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "version '$version' is not X.Y.Z"
  [ "$pkg_version" = "$version" ] || die "package.json says $pkg_version, the release is $version: set the version (npm version $version --no-git-tag-version), then npm run sdk"
  local where
  for where in \
    "provider/plugin/schema.json:\"version\": \"$version\"" \
    "sdk/nodejs/package.json:\"version\": \"$version\"" \
    "sdk/python/pyproject.toml:version = \"$version\"" \
    "sdk/go/anypoint/internal/pulumiVersion.go:semver.MustParse(\"$version\")"; do
    grep -qF "${where#*:}" "${where%%:*}" || die "${where%%:*} is not at $version: run npm run sdk and commit"
  done
  grep -q "^## \[$version\]" CHANGELOG.md || die "CHANGELOG.md has no section '## [$version]': move Unreleased there"
  log "version $version: package.json, schema, SDKs and CHANGELOG agree"
}

# ------------------------------------------------------------------ build

build_package() {
  log "building (npm ci if needed, tsc, the plugin)"
  # shellcheck source=scripts/toolchain.sh
  TOOLCHAIN_PULUMI=0 source "$here/scripts/toolchain.sh"
  cd "$here"
}

run_tests() {
  if [ "$skip_tests" = 1 ]; then log "tests skipped (--skip-tests)"; return; fi
  log "npm test"
  npm test
}

# The plugin tarballs attached to the GitHub release, where the schema's pluginDownloadURL sends Pulumi:
# pulumi-resource-anypoint-v<version>-{linux,darwin,windows}-{amd64,arm64}.tar.gz, the same bundle with
# each OS's launcher (npm run release:plugins); publish_github_release takes every one of them in $out.
plugin_tarballs() {
  node dist/scripts/pack-plugin.js --all-platforms --out "$out" >/dev/null
  log "plugin: $(cd "$out" && ls pulumi-resource-anypoint-v"$version"-*.tar.gz | tr '\n' ' ')"
}

# The pluginDownloadURL every SDK carries: github://api.github.com/<owner>/<repo> of package.json's
# repository (this release's assets), in the schema and in each SDK (no `pulumi plugin install` needed).
check_plugin_download_url() {
  local repo url where
  repo=$(node -p 'const r = require("./package.json").repository; (typeof r === "string" ? r : r.url).replace(/^git\+/, "").replace(/\.git$/, "")')
  [[ "$repo" =~ ^https://github\.com/([^/]+)/([^/]+)$ ]] || die "package.json's repository ($repo) is not a GitHub repository"
  url="github://api.github.com/${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  for where in \
    "provider/plugin/schema.json:\"pluginDownloadURL\": \"$url\"" \
    "sdk/nodejs/package.json:\"server\": \"$url\"" \
    "sdk/python/pulumi_anypoint/pulumi-plugin.json:\"server\": \"$url\"" \
    "sdk/go/anypoint/internal/pulumiUtilities.go:pulumi.PluginDownloadURL(\"$url\")"; do
    grep -qF "${where#*:}" "${where%%:*}" || die "${where%%:*} does not name $url as the plugin's download URL: run npm run sdk and commit"
  done
  log "plugin download URL $url: schema and SDKs agree with package.json"
}

npm_package() {
  npm pack --ignore-scripts --pack-destination "$out" >/dev/null
  log "npm: pulumi-anypoint-objectstore-$version.tgz"
}

# The Node.js SDK (sdk/nodejs): compiled in a scratch copy with the repository's TypeScript and
# @pulumi/pulumi, then packed from its bin/ with package.json and README (the layout Pulumi's SDKs publish).
nodejs_sdk() {
  local work; work=$(mktemp -d "${TMPDIR:-/tmp}/release-nodejs.XXXXXX")
  cp -R sdk/nodejs/. "$work/"
  ln -s "$here/node_modules" "$work/node_modules"
  (cd "$work" && node "$here/node_modules/typescript/bin/tsc" -p tsconfig.json)
  cp "$work/package.json" "$work/README.md" "$work/bin/"
  (cd "$work/bin" && npm pack --ignore-scripts --pack-destination "$out" >/dev/null)
  rm -rf "$work"
  log "npm: $(node -p 'require("./sdk/nodejs/package.json").name')@$version (Node.js SDK)"
}

# The Python SDK (sdk/python): wheel and sdist with PyPA's build, in a scratch copy (scripts/python-sdk-dist.sh).
python_sdk() {
  bash scripts/python-sdk-dist.sh "$out"
  log "PyPI: $(cd "$out" && ls pulumi_anypoint-"$version"*.whl pulumi_anypoint-"$version".tar.gz | tr '\n' ' ')"
}

# The Go SDK is published by a tag: the module sdk/go at tag sdk/go/v<version>.
go_sdk_tag() {
  local module; module=$(sed -n 's/^module //p' sdk/go/go.mod)
  go_tag=sdk/go/v$version
  log "Go: module $module, tag $go_tag (go get $module@v$version)"
}

release_notes() {
  awk -v v="$version" '
    $0 ~ "^## \\[" v "\\]" { on = 1; next }
    on && /^## / { exit }
    on { print }
  ' CHANGELOG.md >"$out/release-notes.md"
  [ -s "$out/release-notes.md" ] || die "the CHANGELOG section of $version is empty"
}

build() {
  check_version
  check_plugin_download_url
  build_package
  run_tests
  rm -rf "$out"; mkdir -p "$out"
  plugin_tarballs
  npm_package
  nodejs_sdk
  python_sdk
  go_sdk_tag
  release_notes
  log "staged in $out:"
  (cd "$out" && ls -1) >&2
}

# ------------------------------------------------------------------ publish

# Runs a publishing command, or prints it in a dry run.
publish_run() {
  if [ "$mode" = --dry-run ]; then
    printf '[release] would run:' >&2; printf ' %q' "$@" >&2; printf '\n' >&2
  else
    log "running: $*"
    "$@"
  fi
}

publish() {
  check_version
  go_sdk_tag
  local f
  for f in pulumi-anypoint-objectstore-"$version".tgz pulumi-anypoint-objectstore-anypoint-"$version".tgz \
    pulumi_anypoint-"$version".tar.gz release-notes.md; do
    [ -f "$out/$f" ] || die "$out/$f is missing: run scripts/release.sh build first"
  done
  if [ "$mode" != --dry-run ]; then
    [ -n "${NODE_AUTH_TOKEN:-}" ] || die "NODE_AUTH_TOKEN is not set (an npm token that may publish both packages)"
    [ -n "${TWINE_PASSWORD:-}" ] || die "TWINE_PASSWORD is not set (a PyPI API token; TWINE_USERNAME=__token__)"
    [ -n "${GH_TOKEN:-}" ] || die "GH_TOKEN is not set (a GitHub token that may push tags and create releases)"
  fi
  local provenance=()
  [ -n "${GITHUB_ACTIONS:-}" ] && provenance=(--provenance)
  publish_run npm publish "${provenance[@]}" "$out/pulumi-anypoint-objectstore-$version.tgz"
  publish_run npm publish "${provenance[@]}" --access public "$out/pulumi-anypoint-objectstore-anypoint-$version.tgz"
  local venv
  if [ "$mode" = --dry-run ]; then venv=$(bash scripts/ensure-python-build.sh); else venv=$(bash scripts/ensure-python-build.sh --publish); fi
  publish_run "$venv/python" -m twine upload --non-interactive "$out"/pulumi_anypoint-"$version"-*.whl "$out/pulumi_anypoint-$version.tar.gz"
  publish_run git tag "$go_tag" "v$version^{commit}"
  publish_run git push origin "refs/tags/$go_tag"
  publish_run gh release create "v$version" --verify-tag --title "v$version" --notes-file "$out/release-notes.md" \
    "$out"/pulumi-resource-anypoint-v"$version"-*.tar.gz
}

case "$mode" in
  build) build ;;
  publish) publish ;;
  --dry-run) build; publish ;;
esac

/**
 * Where the `anypoint` package's SDKs are published and under which names, and the README they carry.
 * The schema's `language` section (./schema.ts) and the Registry docs (scripts/registry-docs.ts) take
 * them from here. Pure.
 */

/** The GitHub owner and repository of the project (package.json's `repository`; test/unit/plugin/sdk-packages.test.ts keeps them in step). */
export const GITHUB = { owner: "pulumi-anypoint-objectstore", repository: "pulumi-anypoint-objectstore" } as const;

/** Where the generated SDKs live (sdk/ of this repository); the Go module is this path without its last element. */
export const REPOSITORY = `github.com/${GITHUB.owner}/${GITHUB.repository}`;

/**
 * Where Pulumi downloads the plugin from (the schema's `pluginDownloadURL`, which every SDK carries):
 * the project's GitHub releases. For version V, Pulumi fetches the asset
 * `pulumi-resource-anypoint-vV-<os>-<arch>.tar.gz` of the release tagged `vV`
 * (scripts/release.sh attaches the six tarballs). A mirror takes its place with
 * `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` (README "Use it from any Pulumi language").
 */
export const PLUGIN_DOWNLOAD_URL = `github://api.github.com/${GITHUB.owner}/${GITHUB.repository}`;

/**
 * The names the SDKs are published under (README "Package names"; scripts/release.sh publishes them):
 * the npm package of sdk/nodejs, the PyPI distribution of sdk/python, the Go module of sdk/go (tagged
 * `sdk/go/v<version>`) and the import path of its root package. The TypeScript dynamic resources are
 * the npm package `pulumi-anypoint-objectstore` (package.json).
 */
export const SDK_PACKAGES = {
    npm: "@pulumi-anypoint-objectstore/anypoint",
    pypi: "pulumi_anypoint",
    goModule: `${REPOSITORY}/sdk/go`,
    goImport: `${REPOSITORY}/sdk/go/anypoint`,
} as const;

/** The README of the Node.js and Python SDKs (and of the plugin's package page), for `version`. Pure. */
export function sdkReadme(version: string): string {
    return [
        "# anypoint: MuleSoft Anypoint Object Store v2 for Pulumi",
        "",
        "Stores, partitions and seed keys of MuleSoft Anypoint Object Store v2 (OSv2) as code: the SDK of the `anypoint`",
        "Pulumi provider, generated from its schema. Resources `Store`, `Partition`, `Key`, `KeyEntries`; functions",
        "`getStores`, `getPartitions`, `getKeys`, `getKeyValue`, `getKeyValues`, `getRegions`, `getUsageStats`.",
        "",
        `- Node.js: \`npm install ${SDK_PACKAGES.npm}@${version}\``,
        `- Python: \`pip install ${SDK_PACKAGES.pypi}==${version}\``,
        `- Go: \`go get ${SDK_PACKAGES.goModule}@v${version}\` (import \`${SDK_PACKAGES.goImport}/objectstore\`)`,
        "",
        "The SDK drives the provider plugin `pulumi-resource-anypoint` (JavaScript; Node.js 20 or later on PATH), which",
        `\`pulumi\` downloads by itself on first use from the release (https://${REPOSITORY}/releases/tag/v${version}):`,
        "no `pulumi plugin install` needed. Behind a mirror, set `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES`",
        `(\`^${PLUGIN_DOWNLOAD_URL}=https://<mirror>/releases/download/v\${VERSION}\`).`,
        "",
        "Configuration: stack config `anypoint:*` or the `ANYPOINT_*` environment variables, or an explicit provider's",
        `arguments: https://${REPOSITORY}/blob/v${version}/docs/installation-configuration.md.`,
        "",
    ].join("\n");
}

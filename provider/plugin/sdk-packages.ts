/**
 * Where the `anypoint` package's SDKs are published and under which names, and the README they carry.
 * The schema's `language` section (./schema.ts) and the Registry docs (scripts/registry-docs.ts) take
 * them from here. Pure.
 */

/** Where the generated SDKs live (sdk/ of this repository); the Go module is this path without its last element. */
export const REPOSITORY = "github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore";

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
        "The SDK drives the provider plugin `pulumi-resource-anypoint` (JavaScript; Node.js 20 or later on PATH):",
        `\`pulumi plugin install resource anypoint ${version} --file pulumi-resource-anypoint-v${version}-<os>-<arch>.tar.gz\``,
        `with the tarball of the release (https://${REPOSITORY}/releases/tag/v${version}).`,
        "",
        "Configuration: stack config `anypoint:*` or the `ANYPOINT_*` environment variables, or an explicit provider's",
        `arguments: https://${REPOSITORY}/blob/v${version}/docs/installation-configuration.md.`,
        "",
    ].join("\n");
}

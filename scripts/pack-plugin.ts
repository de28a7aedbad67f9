/**
 * `npm run plugin:pack`: builds the `anypoint` provider plugin as one JavaScript file (esbuild bundle
 * of provider/plugin/main.ts with every dependency) plus its launcher, and packs both into
 * dist/plugin/pulumi-resource-anypoint-v<version>-<os>-<arch>.tar.gz, the layout
 * `pulumi plugin install resource anypoint <version> --file <tarball>` installs. The bundle is plain
 * JavaScript: it runs wherever a Node.js of the package's `engines.node` (>= 20) is on PATH (the
 * os-arch in the name is the packing machine's, as Pulumi expects one). On an older Node.js it serves
 * every call with one line that says so (provider/plugin/main.ts); its syntax is kept to what Node.js
 * 18 parses, so that line is what an older Node.js shows.
 *
 * Usage: node dist/scripts/pack-plugin.js [--out <dir>]   prints the tarball's path on stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build, type Plugin } from "esbuild";
import { create as tar } from "tar";
import { minimumMajorOf } from "../provider/plugin/node-version";

const REPO = path.resolve(__dirname, "..", "..");
const NAME = "pulumi-resource-anypoint";

/** The package's package.json. */
function packageJson(): { version: string; engines: { node: string } } {
    return JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string; engines: { node: string } };
}

/** The launcher the engine runs: `node` with the bundle next to it. */
function launcher(minimumMajor: number): string {
    return `#!/bin/sh
# ${NAME}: the anypoint Pulumi provider plugin (pulumi-anypoint-objectstore). Needs Node.js >= ${minimumMajor} on PATH.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "${NAME}: the anypoint provider plugin needs Node.js ${minimumMajor} or later on PATH, and there is no node on PATH: install it (https://nodejs.org)." >&2; exit 1; }
exec node "$dir/${NAME}.js" "$@"
`;
}

/**
 * Leaves the Pulumi Node.js SDK's main module out of the bundle: only the program-side forms of the
 * lookups load it (provider/lookups/sdk.ts), never the plugin, and it would bring the TypeScript
 * compiler along. Its generated protocol modules (`@pulumi/pulumi/proto/...`) are bundled.
 */
const sdkMainExternal: Plugin = {
    name: "pulumi-sdk-main-external",
    setup(b) {
        b.onResolve({ filter: /^@pulumi\/pulumi$/ }, (args) => ({ path: args.path, external: true }));
    },
};

function goOs(): string {
    return process.platform === "win32" ? "windows" : process.platform;
}

function goArch(): string {
    return ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch] ?? process.arch;
}

/** Builds the bundle and the tarball; resolves with the tarball's path. */
export async function packPlugin(outDir = path.join(REPO, "dist", "plugin")): Promise<string> {
    const { version, engines } = packageJson();
    const minimumMajor = minimumMajorOf(engines.node);
    const stage = path.join(outDir, "stage");
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage, { recursive: true });
    await build({
        entryPoints: [path.join(REPO, "provider", "plugin", "main.ts")],
        bundle: true,
        platform: "node",
        target: "node18",
        format: "cjs",
        minify: true,
        legalComments: "eof",
        define: { PLUGIN_VERSION: JSON.stringify(version), PLUGIN_MIN_NODE_MAJOR: String(minimumMajor) },
        outfile: path.join(stage, `${NAME}.js`),
        plugins: [sdkMainExternal],
        logLevel: "warning",
    });
    fs.writeFileSync(path.join(stage, NAME), launcher(minimumMajor), { mode: 0o755 });
    const tarball = path.join(outDir, `${NAME}-v${version}-${goOs()}-${goArch()}.tar.gz`);
    await tar({ gzip: true, file: tarball, cwd: stage, portable: true }, [NAME, `${NAME}.js`]);
    fs.rmSync(stage, { recursive: true, force: true });
    return tarball;
}

if (require.main === module) {
    const at = process.argv.indexOf("--out");
    packPlugin(at > 0 ? path.resolve(process.argv[at + 1]) : undefined).then(
        (file) => process.stdout.write(`${file}\n`),
        (e: Error) => {
            process.stderr.write(`pack-plugin: ${e.message}\n`);
            process.exit(1);
        },
    );
}

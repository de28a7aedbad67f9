/**
 * `npm run plugin:pack`: builds the `anypoint` provider plugin as one JavaScript file (esbuild bundle
 * of provider/plugin/main.ts with every dependency) plus its launcher, and packs both into
 * dist/plugin/pulumi-resource-anypoint-v<version>-<os>-<arch>.tar.gz, the layout
 * `pulumi plugin install resource anypoint <version> --file <tarball>` installs. The bundle is plain
 * JavaScript: it runs wherever Node.js >= 22 is on PATH (the os-arch in the name is the packing
 * machine's, as Pulumi expects one).
 *
 * Usage: node dist/scripts/pack-plugin.js [--out <dir>]   prints the tarball's path on stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build, type Plugin } from "esbuild";
import { create as tar } from "tar";

const REPO = path.resolve(__dirname, "..", "..");
const NAME = "pulumi-resource-anypoint";

/** The launcher the engine runs: `node` with the bundle next to it. */
const LAUNCHER = `#!/bin/sh
# ${NAME}: the anypoint Pulumi provider plugin (pulumi-anypoint-objectstore). Needs Node.js >= 22 on PATH.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "${NAME}: Node.js >= 22 must be on PATH (https://nodejs.org)" >&2; exit 1; }
exec node "$dir/${NAME}.js" "$@"
`;

/** Refuses an older Node.js with a clear message before anything else runs. */
const BANNER = `if(+process.versions.node.split(".")[0]<22){process.stderr.write("${NAME}: needs Node.js >= 22 on PATH; found "+process.version+"\\n");process.exit(1);}`;

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

/**
 * Builds the bundle and the tarball; resolves with the tarball's path. `root` is the source tree
 * (default this repository; the e2e test of upgrades passes an earlier commit's, whose imports
 * resolve through a node_modules there).
 */
export async function packPlugin(outDir = path.join(REPO, "dist", "plugin"), root = REPO): Promise<string> {
    const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
    const stage = path.join(outDir, "stage");
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage, { recursive: true });
    await build({
        entryPoints: [path.join(root, "provider", "plugin", "main.ts")],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        legalComments: "eof",
        banner: { js: BANNER },
        define: { PLUGIN_VERSION: JSON.stringify(version) },
        outfile: path.join(stage, `${NAME}.js`),
        plugins: [sdkMainExternal],
        logLevel: "warning",
    });
    fs.writeFileSync(path.join(stage, NAME), LAUNCHER, { mode: 0o755 });
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

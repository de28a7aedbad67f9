/**
 * The `anypoint` provider plugin's tarballs: one JavaScript file (esbuild bundle of
 * provider/plugin/main.ts with every dependency) plus a launcher that fits the operating system, in
 * the layout `pulumi plugin install` and Pulumi's automatic plugin download install:
 * `pulumi-resource-anypoint-v<version>-<os>-<arch>.tar.gz` holding
 * - linux, darwin: `pulumi-resource-anypoint` (a POSIX shell launcher, mode 755) and `pulumi-resource-anypoint.js`;
 * - windows: `pulumi-resource-anypoint.cmd` (Pulumi runs `<name>.exe` or `<name>.cmd` there) and the same `.js`.
 *
 * The bundle is plain JavaScript, the same bytes for every platform: it runs wherever a Node.js of
 * the package's `engines.node` (>= 20) is on PATH. On an older Node.js it serves every call with one
 * line that says so (provider/plugin/main.ts); its syntax is kept to what Node.js 18 parses, so that
 * line is what an older Node.js shows. A launcher without `node` on PATH says so in one line.
 *
 * Usage:
 *   node dist/scripts/pack-plugin.js [--out <dir>]                  the packing machine's tarball (default dist/plugin/;
 *                                                                   `npm run plugin:pack`, the npm package's copy)
 *   node dist/scripts/pack-plugin.js --all-platforms [--out <dir>]  the six tarballs of a GitHub release (default
 *                                                                   dist/release/; `npm run release:plugins`)
 * Prints each tarball's path on stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build, type Plugin } from "esbuild";
import { create as tar } from "tar";
import { minimumMajorOf } from "../provider/plugin/node-version";

const REPO = path.resolve(__dirname, "..", "..");
const NAME = "pulumi-resource-anypoint";

/** An operating system and CPU of Pulumi's plugin naming (Go's GOOS and GOARCH). */
export interface Platform {
    os: "linux" | "darwin" | "windows";
    arch: "amd64" | "arm64";
}

/** The platforms of a release: every OS and CPU Pulumi downloads plugins for. */
export const RELEASE_PLATFORMS: readonly Platform[] = (["linux", "darwin", "windows"] as const).flatMap((os) =>
    (["amd64", "arm64"] as const).map((arch) => ({ os, arch })),
);

/** The tarball's file name for `version` on `platform` (what Pulumi's plugin download asks for). Pure. */
export function tarballName(version: string, platform: Platform): string {
    return `${NAME}-v${version}-${platform.os}-${platform.arch}.tar.gz`;
}

/** The files of a tarball for `platform`: the launcher, then the bundle. Pure. */
export function tarballEntries(platform: Platform): string[] {
    return [platform.os === "windows" ? `${NAME}.cmd` : NAME, `${NAME}.js`];
}

/** The package.json of the source tree `root`; its engines' Node.js range (">=20" where it names none). */
function packageJson(root: string): { version: string; engines: { node: string } } {
    const json = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string; engines?: { node?: string } };
    return { version: json.version, engines: { node: json.engines?.node ?? ">=20" } };
}

const noNode = (minimumMajor: number) =>
    `${NAME}: the anypoint provider plugin needs Node.js ${minimumMajor} or later on PATH, and there is no node on PATH: install it (https://nodejs.org).`;

/** The POSIX launcher (linux, darwin): `node` with the bundle next to it. Pure. */
export function posixLauncher(minimumMajor: number): string {
    return `#!/bin/sh
# ${NAME}: the anypoint Pulumi provider plugin (pulumi-anypoint-objectstore). Needs Node.js >= ${minimumMajor} on PATH.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "${noNode(minimumMajor)}" >&2; exit 1; }
exec node "$dir/${NAME}.js" "$@"
`;
}

/**
 * The Windows launcher: a batch file (CRLF line ends) that runs `node` with the bundle next to it
 * (`%~dp0` is the launcher's directory, with its trailing backslash). Pure.
 */
export function windowsLauncher(minimumMajor: number): string {
    const escaped = noNode(minimumMajor).replace(/[()]/g, (c) => `^${c}`);
    return [
        "@echo off",
        `rem ${NAME}: the anypoint Pulumi provider plugin (pulumi-anypoint-objectstore). Needs Node.js >= ${minimumMajor} on PATH.`,
        "where node >nul 2>nul",
        "if errorlevel 1 (",
        `  echo ${escaped} 1>&2`,
        "  exit /b 1",
        ")",
        `node "%~dp0${NAME}.js" %*`,
        "",
    ].join("\r\n");
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

/** The packing machine's platform, as Pulumi names it. */
export function currentPlatform(): Platform {
    const os = process.platform === "win32" ? "windows" : process.platform;
    const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch] ?? process.arch;
    return { os, arch } as Platform;
}

/**
 * Builds the bundle once and packs one tarball per platform into `outDir`; resolves with their paths.
 * `root` is the source tree (default this repository; the e2e test of upgrades passes an earlier
 * commit's, whose imports resolve through a node_modules there).
 */
export async function packPlugins(platforms: readonly Platform[], outDir: string, root = REPO): Promise<string[]> {
    const { version, engines } = packageJson(root);
    const minimumMajor = minimumMajorOf(engines.node);
    const stage = path.join(outDir, `stage-${process.pid}`);
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage, { recursive: true });
    try {
        await build({
            entryPoints: [path.join(root, "provider", "plugin", "main.ts")],
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
        fs.writeFileSync(path.join(stage, NAME), posixLauncher(minimumMajor), { mode: 0o755 });
        fs.writeFileSync(path.join(stage, `${NAME}.cmd`), windowsLauncher(minimumMajor));
        const tarballs: string[] = [];
        for (const platform of platforms) {
            const tarball = path.join(outDir, tarballName(version, platform));
            await tar({ gzip: true, file: tarball, cwd: stage, portable: true }, tarballEntries(platform));
            tarballs.push(tarball);
        }
        return tarballs;
    } finally {
        fs.rmSync(stage, { recursive: true, force: true });
    }
}

/** The packing machine's tarball of the source tree `root` in `outDir` (default dist/plugin/); resolves with its path. */
export async function packPlugin(outDir = path.join(REPO, "dist", "plugin"), root = REPO): Promise<string> {
    const [tarball] = await packPlugins([currentPlatform()], outDir, root);
    return tarball;
}

if (require.main === module) {
    const at = process.argv.indexOf("--out");
    const all = process.argv.includes("--all-platforms");
    const out = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(REPO, "dist", all ? "release" : "plugin");
    (all ? packPlugins(RELEASE_PLATFORMS, out) : packPlugin(out).then((t) => [t])).then(
        (files) => process.stdout.write(files.map((f) => `${f}\n`).join("")),
        (e: Error) => {
            process.stderr.write(`pack-plugin: ${e.message}\n`);
            process.exit(1);
        },
    );
}

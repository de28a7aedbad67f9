/**
 * The plugin installs like any Pulumi provider (issue 24, section 2):
 * - `npm run release:plugins` (scripts/pack-plugin.ts --all-platforms) writes the six tarballs a
 *   GitHub release carries, each with the bundle and the launcher of its OS;
 * - with no plugin installed and automatic plugin acquisition on, `pulumi up` of a YAML program (the
 *   package declaration `pulumi package gen-sdk --language yaml` writes) and of a Python program
 *   (the SDK carries the download URL and version) downloads the plugin from its release by itself,
 *   here from a local HTTP server that serves the release layout, to which
 *   PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES points the schema's real `pluginDownloadURL` (as a company
 *   mirror does); the second run downloads nothing.
 */
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { extract } from "tar";
import type { RunningEmulator } from "../../emulator";
import { GITHUB, PLUGIN_DOWNLOAD_URL } from "../../provider/plugin/sdk-packages";
import { RELEASE_PLATFORMS, currentPlatform, packPlugins, tarballEntries, tarballName } from "../../scripts/pack-plugin";
import {
    EmulatorApi,
    anypointEnv,
    cliEnv,
    ensureYamlLanguageHost,
    getPulumiCommand,
    runPulumi,
    startTestEmulator,
    yamlStack,
    type E2EStack,
} from "./harness";
import { inlineProgramStack, inlineRunner, runInlineProgram, type InlineProgram } from "./inline-programs";
import { VERSION } from "./plugin-cli";

/** Where a GitHub release serves its assets, under the host: `/<owner>/<repo>/releases/download/v<version>/`. */
const RELEASE_PATH = `/${GITHUB.owner}/${GITHUB.repository}/releases/download/v${VERSION}`;

/** The files of a tarball, extracted into `dir`, with their modes. */
async function unpack(tarball: string, dir: string): Promise<Record<string, number>> {
    const modes: Record<string, number> = {};
    fs.mkdirSync(dir, { recursive: true });
    await extract({ file: tarball, cwd: dir, onReadEntry: (e) => void (modes[e.path] = (e.mode ?? 0) & 0o777) });
    return modes;
}

describe("release: the six plugin tarballs (npm run release:plugins)", function () {
    this.timeout(120_000);
    let tmp: string;
    let tarballs: string[];

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-plugin-tarballs-"));
        tarballs = await packPlugins(RELEASE_PLATFORMS, tmp);
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("one tarball per OS and CPU Pulumi downloads for, named as Pulumi asks for them", () => {
        expect(tarballs.map((t) => path.basename(t)).sort()).to.deep.equal(
            ["linux", "darwin", "windows"]
                .flatMap((os) => ["amd64", "arm64"].map((arch) => `pulumi-resource-anypoint-v${VERSION}-${os}-${arch}.tar.gz`))
                .sort(),
        );
    });

    it("each holds the same bundle and the launcher of its OS: a POSIX shell script (mode 755), or a .cmd on Windows", async () => {
        const bundles = new Set<string>();
        for (const platform of RELEASE_PLATFORMS) {
            const dir = path.join(tmp, `${platform.os}-${platform.arch}`);
            const modes = await unpack(path.join(tmp, tarballName(VERSION, platform)), dir);
            expect(Object.keys(modes).sort(), `${platform.os}-${platform.arch}`).to.deep.equal([...tarballEntries(platform)].sort());
            bundles.add(fs.readFileSync(path.join(dir, "pulumi-resource-anypoint.js"), "utf8"));
            if (platform.os === "windows") {
                const cmd = fs.readFileSync(path.join(dir, "pulumi-resource-anypoint.cmd"), "utf8");
                expect(cmd.split("\r\n").length, "CRLF line ends").to.be.greaterThan(5);
                expect(cmd.replace(/\r\n/g, "")).to.not.include("\n");
                expect(cmd).to.include('node "%~dp0pulumi-resource-anypoint.js" %*');
                expect(cmd).to.match(
                    /where node >nul 2>nul\r\nif errorlevel 1 \(\r\n {2}echo .*needs Node\.js 20 or later on PATH.* 1>&2\r\n {2}exit \/b 1/,
                );
            } else {
                expect(modes["pulumi-resource-anypoint"].toString(8)).to.equal("755");
                const sh = fs.readFileSync(path.join(dir, "pulumi-resource-anypoint"), "utf8");
                expect(sh.startsWith("#!/bin/sh\n")).to.equal(true);
                expect(sh).to.include('exec node "$dir/pulumi-resource-anypoint.js" "$@"');
            }
        }
        expect(bundles.size, "the same JavaScript for every platform").to.equal(1);
        expect([...bundles][0]).to.include(JSON.stringify(VERSION));
    });
});

describe("e2e: pulumi downloads the plugin from its release by itself (YAML and Python, no plugin install)", function () {
    this.timeout(600_000);
    let tmp: string;
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let server: http.Server;
    /** What the release server was asked for: "GET <path> <status>". */
    const served: string[] = [];
    let downloadEnv: Record<string, string>;
    /** The YAML package declaration `pulumi package gen-sdk --language yaml` wrote (its file name and text). */
    let declaration: { name: string; text: string };

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-plugin-download-"));
        const root = path.join(tmp, "releases");
        fs.mkdirSync(path.join(root, RELEASE_PATH), { recursive: true });
        await packPlugins(RELEASE_PLATFORMS, path.join(root, RELEASE_PATH));
        server = http.createServer((req, res) => {
            const file = path.join(root, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
            const ok = file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile();
            served.push(`${req.method} ${req.url} ${ok ? 200 : 404}`);
            if (!ok) return void res.writeHead(404).end();
            res.writeHead(200, { "content-type": "application/gzip", "content-length": fs.statSync(file).size });
            fs.createReadStream(file).pipe(res);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}${RELEASE_PATH.replace(`v${VERSION}`, "v${VERSION}")}`;
        downloadEnv = {
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
            PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${PLUGIN_DOWNLOAD_URL}=${mirror}`,
        };
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        await Promise.all([getPulumiCommand(), ensureYamlLanguageHost(), inlineRunner("python")]);
    });
    after(async () => {
        await new Promise<void>((resolve) => server?.close(() => resolve()));
        await emulator?.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("from the plugin: `pulumi package get-schema` names the release as pluginDownloadURL; `pulumi package gen-sdk --language yaml` writes the package declaration", async () => {
        const plugin = path.join(tmp, "plugin");
        await unpack(path.join(tmp, "releases", RELEASE_PATH, tarballName(VERSION, currentPlatform())), plugin);
        const env = { ...process.env, ...cliEnv(path.join(tmp, "gen")) };
        const schema = spawnSync("pulumi", ["package", "get-schema", path.join(plugin, "pulumi-resource-anypoint")], {
            env,
            encoding: "utf8",
        });
        expect(schema.status, schema.stderr).to.equal(0);
        expect(JSON.parse(schema.stdout)).to.include({ name: "anypoint", version: VERSION, pluginDownloadURL: PLUGIN_DOWNLOAD_URL });
        const out = path.join(tmp, "gen", "sdks");
        const gen = spawnSync(
            "pulumi",
            ["package", "gen-sdk", path.join(plugin, "pulumi-resource-anypoint"), "--language", "yaml", "--out", out],
            { env, encoding: "utf8" },
        );
        expect(gen.status, gen.stderr).to.equal(0);
        const name = `anypoint-${VERSION}.yaml`;
        declaration = { name, text: fs.readFileSync(path.join(out, "yaml", name), "utf8") };
        console.log(declaration.text.trim().replace(/^/gm, "      | "));
        expect(declaration.text).to.equal(
            `packageDeclarationVersion: 1\nname: anypoint\nversion: ${VERSION}\ndownloadUrl: ${PLUGIN_DOWNLOAD_URL}\n`,
        );
    });

    /**
     * What a command printed about the plugin's download and install: the CLI's own lines when it
     * installs the plugins a program's language host names before the run (YAML), or the engine's
     * message when it installs a provider a program asks for while it runs (Python).
     */
    const downloadLines = (output: string) =>
        output
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => /(Downloading|Installing) (plugin|provider):? anypoint/.test(l));

    it("YAML: the first `pulumi up` downloads and installs the plugin once, from the release; the second downloads nothing", async () => {
        const e2e: E2EStack = await yamlStack({
            project: {
                pulumiYaml: [
                    "name: yaml-download",
                    "runtime: yaml",
                    "resources:",
                    "  sessions:",
                    "    type: anypoint:objectstore:Store",
                    "    properties:",
                    "      storeId: yaml-downloaded",
                    "",
                ].join("\n"),
            },
            env: { ...anypointEnv(emulator), ...downloadEnv },
        });
        try {
            // The package declaration, where `pulumi package add` puts it (the YAML host reads every such file of the project).
            const sdks = path.join(e2e.stack.workspace.workDir, "sdks", "anypoint");
            fs.mkdirSync(sdks, { recursive: true });
            fs.writeFileSync(path.join(sdks, declaration.name), declaration.text);
            const env = { ...cliEnv(e2e.tmp), ...anypointEnv(emulator), ...downloadEnv };
            expect(fs.existsSync(path.join(e2e.tmp, "home", "plugins", `resource-anypoint-v${VERSION}`)), "no plugin installed").to.equal(
                false,
            );
            const first = await runPulumi(e2e, ["up", "--yes"], env);
            expect(first.code, first.output).to.equal(0);
            console.log(
                downloadLines(first.output)
                    .map((l) => `      | ${l}`)
                    .join("\n"),
            );
            console.log(served.map((l) => `      release server: ${l}`).join("\n"));
            expect(downloadLines(first.output)).to.deep.equal([
                `Downloading plugin anypoint-${VERSION}: starting`,
                `Downloading plugin anypoint-${VERSION}: done`,
                `Installing plugin anypoint-${VERSION}: starting`,
                `Installing plugin anypoint-${VERSION}: done`,
            ]);
            expect(served).to.deep.equal([`GET ${RELEASE_PATH}/${tarballName(VERSION, currentPlatform())} 200`]);
            expect(
                fs.existsSync(path.join(e2e.tmp, "home", "plugins", `resource-anypoint-v${VERSION}`, "pulumi-resource-anypoint")),
            ).to.equal(true);
            expect((await api.getStore("yaml-downloaded")).status).to.equal(200);

            const second = await runPulumi(e2e, ["up", "--yes"], env);
            expect(second.code, second.output).to.equal(0);
            expect(downloadLines(second.output)).to.deep.equal([]);
            expect(served, "nothing downloaded again").to.have.length(1);
            const destroyed = await runPulumi(e2e, ["destroy", "--yes"], env);
            expect(destroyed.code, destroyed.output).to.equal(0);
        } finally {
            await e2e.dispose();
        }
    });

    it("Python: the first `up` of examples/python-stores downloads the plugin once, from the release the SDK names; the second run downloads nothing", async () => {
        const program: InlineProgram = { language: "python", dir: "examples/python-stores" };
        const e2e = await inlineProgramStack(program, { env: { ...anypointEnv(emulator), ...downloadEnv } });
        try {
            const before = served.length;
            const first = await runInlineProgram(e2e, program, "up");
            expect(first.result.ok, first.output).to.equal(true);
            console.log(
                downloadLines(first.output)
                    .map((l) => `      | ${l}`)
                    .join("\n"),
            );
            expect(downloadLines(first.output)).to.include("Downloading provider: anypoint");
            console.log(
                served
                    .slice(before)
                    .map((l) => `      release server: ${l}`)
                    .join("\n"),
            );
            expect(served.slice(before)).to.deep.equal([`GET ${RELEASE_PATH}/${tarballName(VERSION, currentPlatform())} 200`]);
            expect(
                fs.existsSync(path.join(e2e.tmp, "home", "plugins", `resource-anypoint-v${VERSION}`, "pulumi-resource-anypoint")),
            ).to.equal(true);
            expect((await api.getKey("sessions", "flags", "new-checkout")).body.stringValue).to.equal("enabled");

            const second = await runInlineProgram(e2e, program, "preview", { expectNoChanges: true });
            expect(second.result.ok, second.output).to.equal(true);
            expect(downloadLines(second.output)).to.deep.equal([]);
            expect(served.slice(before), "nothing downloaded again").to.have.length(1);
            const destroyed = await runInlineProgram(e2e, program, "destroy");
            expect(destroyed.result.ok, destroyed.output).to.equal(true);
            expect((await api.getStore("sessions")).status).to.equal(404);
        } finally {
            await e2e.dispose();
        }
    });
});

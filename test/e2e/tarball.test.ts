/**
 * The package as a user gets it: `npm pack` of this repository, installed with `npm install <tarball>`
 * into a new Pulumi TypeScript project made as `pulumi new typescript` makes one (its own package.json
 * with `typescript` and `@types/node` as devDependencies, its own tsconfig.json: target es2020, module
 * commonjs), run by the real `pulumi` CLI (Pulumi's built-in TypeScript support, no build step) against
 * the emulator started from the installed package with `npx osv2-emulator`.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { TSCONFIG } from "../support/ts-project";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { withoutAnypointEnv } from "../../provider/conformance/lifecycle";
import type { ConformanceReport } from "../../provider/conformance/report";
import { relativeLinks } from "../support/markdown";
import { EmulatorApi, diagnosticsSection, getPulumiCommand, REPO_ROOT, stackEnv } from "./harness";

const PACKAGE = "pulumi-anypoint-objectstore";

/** The user's program: the store id carries the stack name; stack config `conflict` adds a Key that already exists. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Key, KeyEntries, Partition, Store, getStores, getStoresOutput } from "${PACKAGE}";

const config = new pulumi.Config();

/** The resources (left out with stack config \`lookupOnly\`, where the program only runs a lookup). */
function declare() {
    const store = new Store("orders", { storeId: "tarball-" + pulumi.getStack(), defaultTtlSeconds: 40 * 86_400, persistent: true });
    const flags = new Partition("flags", { storeId: store.storeId, partitionId: "flags" });
    new Key("checkout", { storeId: store.storeId, partitionId: flags.partitionId, keyId: "new-checkout", stringValue: "on" });
    new KeyEntries("limits", { storeId: store.storeId, partitionId: "limits", entries: { "max-items": { numberValue: 50 } } });
    if (config.getBoolean("conflict")) {
        new Key("taken", { storeId: store.storeId, partitionId: flags.partitionId, keyId: "taken", stringValue: "mine" });
    }
    return { defaultTtlSeconds: store.defaultTtlSeconds, storeIds: getStoresOutput({ beginsWith: store.storeId }).storeIds };
}

const lookupOnly = config.getBoolean("lookupOnly");
const declared = lookupOnly ? undefined : declare();
export const defaultTtlSeconds = declared?.defaultTtlSeconds;
export const storeIds = declared?.storeIds;
export const allStoreIds = lookupOnly ? getStores().then((r) => r.storeIds) : undefined;
`;

function run(cmd: string, args: string[], cwd: string): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Starts `npx osv2-emulator` in `cwd` and resolves with its URL (from its "listening on" line). */
function startNpxEmulator(cwd: string): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn("npx", ["--no-install", "osv2-emulator", "--port", "0", "--quiet"], {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    return new Promise((resolve, reject) => {
        let printed = "";
        const timer = setTimeout(() => reject(new Error(`npx osv2-emulator did not start:\n${printed}`)), 30_000);
        const onData = (chunk: Buffer) => {
            printed += chunk.toString();
            const m = /listening on (http:\/\/\S+)/.exec(printed);
            if (m) {
                clearTimeout(timer);
                resolve({ child, url: m[1] });
            }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`npx osv2-emulator exited with ${code}:\n${printed}`));
        });
    });
}

/** What the CLI printed (stdout, as a user sees it) for an operation that must fail. */
async function failedUp(stack: Stack): Promise<string> {
    const lines: string[] = [];
    try {
        await stack.up({ onOutput: (line) => lines.push(line) });
    } catch {
        return lines.join("");
    }
    throw new Error("pulumi up was expected to fail");
}

/** The "Diagnostics:" section of the CLI's output, up to the "Outputs:" or "Resources:" that follows it. */
function diagnostics(printed: string): string {
    const section = diagnosticsSection(printed);
    const end = section.search(/^(Outputs|Resources):/m);
    return end < 0 ? section : section.slice(0, end);
}

describe("e2e: the npm pack tarball installed into a new Pulumi TypeScript project", function () {
    this.timeout(300_000);

    let tmp: string;
    let project: string;
    let installed: string;
    let tarballFiles: string[];
    let emulatorProcess: ChildProcess | undefined;
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    const stacks: Stack[] = [];

    async function newStack(name: string, env: Record<string, string> = {}, dropEnv: string[] = []): Promise<Stack> {
        const envVars = stackEnv(emulator, path.join(tmp, "pulumi"), env);
        for (const key of dropEnv) delete envVars[key];
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName: `${name}${process.pid}`, workDir: project },
            { envVars, pulumiCommand: await getPulumiCommand() },
        );
        stacks.push(stack);
        return stack;
    }

    before(async function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-tarball-"));
        // The tarball of the current build (npm test has just built dist/; prepack would rebuild it under running tests).
        const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], REPO_ROOT)) as {
            filename: string;
            files: { path: string }[];
        }[];
        tarballFiles = packed[0].files.map((f) => f.path);
        project = path.join(tmp, "project");
        fs.mkdirSync(project);
        fs.writeFileSync(
            path.join(project, "Pulumi.yaml"),
            "name: tarball-e2e\nruntime: nodejs\ndescription: the package installed from its tarball\n",
        );
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify(
                {
                    name: "tarball-e2e",
                    main: "index.ts",
                    devDependencies: { "@types/node": "^22", typescript: "^5.0.0" },
                    // The SDK version of the Pulumi CLI used here (a user's matches their CLI).
                    dependencies: { "@pulumi/pulumi": "3.276.0" },
                },
                null,
                4,
            ),
        );
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 4));
        fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
        run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(tmp, packed[0].filename)], project);
        installed = path.join(project, "node_modules", PACKAGE);
        const started = await startNpxEmulator(project);
        emulatorProcess = started.child;
        emulator = { url: started.url } as RunningEmulator;
        api = new EmulatorApi(emulator);
    });

    after(async function () {
        for (const stack of stacks) {
            await stack.destroy().catch(() => undefined);
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        }
        if (emulatorProcess?.pid) process.kill(-emulatorProcess.pid, "SIGTERM");
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("ships the compiled package, its types, README, LICENSE, emulator README and examples; no source maps or tests", function () {
        for (const file of [
            "README.md",
            "CHANGELOG.md",
            "docs/_index.md",
            "LICENSE",
            "package.json",
            "emulator/README.md",
            "examples/quickstart/index.ts",
        ]) {
            expect(tarballFiles, file).to.include(file);
        }
        for (const file of ["dist/provider/index.js", "dist/provider/index.d.ts", "dist/emulator/index.d.ts", "dist/emulator/cli.js"]) {
            expect(tarballFiles, file).to.include(file);
        }
        expect(tarballFiles.filter((f) => f.endsWith(".map"))).to.deep.equal([]);
        expect(tarballFiles.filter((f) => f.startsWith("dist/test/") || f.startsWith("test/"))).to.deep.equal([]);
        expect(tarballFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("examples/"))).to.deep.equal([]);
    });

    it("carries the anypoint provider plugin, which `pulumi plugin install --file` installs from node_modules", async function () {
        const version = (JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string }).version;
        const plugins = tarballFiles.filter((f) => f.startsWith("dist/plugin/"));
        expect(plugins, "one plugin tarball").to.have.length(1);
        expect(plugins[0]).to.match(
            new RegExp(`^dist/plugin/pulumi-resource-anypoint-v${version.replace(/\./g, "\\.")}-[a-z]+-[a-z0-9]+\\.tar\\.gz$`),
        );
        await getPulumiCommand(); // the CLI on PATH
        const home = path.join(tmp, "plugin-home");
        const env = { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" };
        execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", version, "--file", path.join(installed, plugins[0])], {
            env,
            stdio: "pipe",
        });
        const listed = execFileSync("pulumi", ["plugin", "ls", "--json"], { env, encoding: "utf8" });
        expect(
            (JSON.parse(listed) as { name: string; kind: string; version: string }[]).map((p) => `${p.kind} ${p.name} ${p.version}`),
        ).to.include(`resource anypoint ${version}`);
    });

    it("every relative link in the installed README and emulator README points to an installed file", function () {
        for (const doc of ["README.md", "emulator/README.md"]) {
            const text = fs.readFileSync(path.join(installed, doc), "utf8");
            for (const target of relativeLinks(text)) {
                const file = path.join(installed, path.dirname(doc), target);
                expect(fs.existsSync(file), `${doc} links to ${target}`).to.equal(true);
            }
        }
    });

    it("npx osv2-emulator runs from the installed package, and its --help names a shipped README", async function () {
        const token = await fetch(`${emulator.url}/accounts/api/v2/oauth2/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                client_id: "osv2-emulator-demo-client",
                client_secret: "osv2-emulator-demo-secret",
                grant_type: "client_credentials",
            }),
        });
        expect(token.status).to.equal(200);
        const help = run("npx", ["--no-install", "osv2-emulator", "--help"], project);
        const named = /See (\S+README\.md)/.exec(help);
        expect(named, help).to.not.equal(null);
        expect(fs.existsSync(path.join(installed, named![1]))).to.equal(true);
        const importHelp = run("npx", ["--no-install", PACKAGE, "import", "--help"], project);
        expect(importHelp).to.match(/--out/);
    });

    it("npx pulumi-anypoint-objectstore conformance from the installed package, with no settings: the bundled emulator, every probe holds, the lifecycle passes", function () {
        const out = path.join(tmp, "conformance");
        execFileSync("npx", ["--no-install", PACKAGE, "conformance", "--env-only", "--out", out], {
            cwd: project,
            env: withoutAnypointEnv(process.env),
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const report = JSON.parse(fs.readFileSync(path.join(out, "conformance-report.json"), "utf8")) as ConformanceReport;
        expect(report.target.settingsFrom).to.match(/^the bundled emulator at http:\/\/127\.0\.0\.1:\d+ \(no settings given\)$/);
        expect(report.summary.differs, fs.readFileSync(path.join(out, "conformance-report.md"), "utf8")).to.equal(0);
        expect(report.lifecycle.result, JSON.stringify(report.lifecycle.steps)).to.equal("passed");
        expect(run("npx", ["--no-install", PACKAGE, "doctor", "--help"], project)).to.match(/read-only/);
    });

    let main: Stack;

    it("pulumi up creates the store (TTL clamped), the partition, the key and the entries", async function () {
        main = await newStack("tarball");
        const since = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as { lastSeq: number };
        const result = await main.up();
        expect(result.summary.result).to.equal("succeeded");
        expect(result.outputs.defaultTtlSeconds.value).to.equal(2_592_000);
        expect(result.outputs.storeIds.value).to.deep.equal([`tarball-${main.name}`]);
        const sent = (await (await fetch(`${emulator.url}/_emulator/requests?since=${since.lastSeq}`)).json()) as {
            requests: { method: string; url: string; body?: unknown }[];
        };
        const storePut = sent.requests.find((r) => r.method === "PUT" && r.url.endsWith(`/stores/tarball-${main.name}`));
        expect(storePut?.body).to.include({ defaultTtlSeconds: 2_592_000, persistent: true });
        const posts = sent.requests.filter((r) => r.method === "POST" && r.url.includes(`/stores/tarball-${main.name}/`)).map((r) => r.url);
        expect(posts.some((u) => u.endsWith("/partitions/flags/keys/new-checkout"))).to.equal(true);
        expect(posts.some((u) => u.endsWith("/partitions/limits/keys/max-items"))).to.equal(true);
        expect((await api.getKey(`tarball-${main.name}`, "flags", "new-checkout")).body).to.include({ stringValue: "on" });
    });

    it("pulumi preview --expect-no-changes passes after up", async function () {
        const result = await main.preview({ expectNoChanges: true });
        expect(result.changeSummary.same).to.equal(5);
    });

    it("a missing setting fails pulumi up with one message, printed once, without a stack trace", async function () {
        const stack = await newStack("noorg", {}, ["ANYPOINT_ORGANIZATION_ID"]);
        const printed = await failedUp(stack);
        expect(diagnostics(printed).split("anypoint:organizationId is not set").length - 1, printed).to.equal(1);
        expect(printed).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
        expect(printed).to.not.match(/\.ts:\d+/);
    });

    it("a lookup's configuration error stops the program with one message, printed once, without a stack trace", async function () {
        const stack = await newStack("lookup", {}, ["ANYPOINT_ORGANIZATION_ID"]);
        await stack.setConfig("lookupOnly", { value: "true" });
        const printed = await failedUp(stack);
        expect(diagnostics(printed).split("anypoint:organizationId is not set").length - 1, printed).to.equal(1);
        expect(printed).to.not.match(/unhandled exception|problems:/);
        expect(printed).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
    });

    it("an OSv2 refusal (the key exists with another value) fails pulumi up with one message, printed once, without a stack trace", async function () {
        const stack = await newStack("conflict");
        await stack.setConfig("conflict", { value: "false" });
        await stack.up();
        const written = await api.request("POST", `/stores/tarball-${stack.name}/partitions/flags/keys/taken`, {
            stringValue: "someone else",
        });
        expect(written.status).to.equal(201);
        await stack.setConfig("conflict", { value: "true" });
        const printed = await failedUp(stack);
        expect(diagnostics(printed).split("Key 'taken' in partition 'flags'").length - 1, printed).to.equal(1);
        expect(diagnostics(printed)).to.match(/adopt: true/);
        expect(printed).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
        expect(printed).to.not.match(/\.ts:\d+/);
        expect((await api.getKey(`tarball-${stack.name}`, "flags", "taken")).body).to.include({ stringValue: "someone else" });
    });

    it("pulumi destroy removes everything", async function () {
        await main.destroy();
        expect((await api.getStore(`tarball-${main.name}`)).status).to.equal(404);
    });
});

/**
 * Importing an existing estate, end to end, with the real `pulumi` CLI against the emulator:
 *  1. seed a realistic estate (6 stores with different TTLs and limits, 9 partitions, a couple of
 *     hundred keys of every value type, ids with spaces, slashes and non-ASCII characters);
 *  2. run `pulumi-anypoint-objectstore import --with-keys` (the built bin, as a user would);
 *  3. type-check the generated program with tsc, move the values into encrypted stack config with
 *     the documented `pulumi config set --secret keyValues < key-values.json`;
 *  4. `pulumi up`: every object comes under management and the emulator saw no write;
 *  5. `pulumi preview --expect-no-changes` passes;
 *  6. an edit of the generated program (a store TTL, a key value) applies as an ordinary update.
 * Request counts are taken from the emulator's request journal.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { SEED_SECRETS, SEED_STORES, seedEstate } from "../support/estate-seed";
import { E2EStack, EmulatorApi, REPO_ROOT, getPulumiCommand, stackEnv, startTestEmulator } from "./harness";

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, "dist", "provider", "cli.js");
const WRITES = new Set(["PUT", "PATCH", "POST", "DELETE"]);

describe("e2e: import an existing estate, then adopt it with zero writes", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;
    let dir: string;
    let tmp: string;
    let env: Record<string, string>;
    let keyCount: number;
    /** The three partitions of 60 keys are declared as one KeyEntries each (more than --key-entries-over 50). */
    const BULK_PARTITIONS = 3;
    const BULK_KEYS = 3 * 60;
    /** Resources of the generated program: the stack, stores, partitions, Key resources and KeyEntries. */
    const resourceCount = () => 1 + SEED_STORES.length + 9 + (keyCount - BULK_KEYS) + BULK_PARTITIONS;

    const dataPlane = (since: number) => emulator.requests(since).filter((r) => r.url.startsWith("/api/"));

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        keyCount = (await seedEstate(api, 60)).keys.length;
        const name = `import-${process.env.OSV2_TEST_RUN_ID ?? process.pid}-${Math.random().toString(36).slice(2, 8)}`;
        // Inside the repository (.e2e/ is git-ignored) so that @pulumi/pulumi resolves from its node_modules.
        dir = path.join(REPO_ROOT, ".e2e", name);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-"));
        // The stack's requests are paced at 50/s to keep the test short; the import keeps the default 10/s.
        env = stackEnv(emulator, tmp, { ANYPOINT_REQUESTS_PER_SECOND: "50" });
    });

    after(async () => {
        await e2e?.dispose();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
        await emulator?.close();
    });

    it("the import reads the estate with GETs only, within 10 requests/s, and writes a program that holds no value", async () => {
        const since = emulator.lastRequestSeq();
        const started = Date.now();
        const { stdout, stderr } = await run(process.execPath, [CLI, "import", "--with-keys", "--out", dir], {
            env: {
                PATH: process.env.PATH ?? "",
                ANYPOINT_BASE_URL: env.ANYPOINT_BASE_URL,
                ANYPOINT_CLIENT_ID: env.ANYPOINT_CLIENT_ID,
                ANYPOINT_CLIENT_SECRET: env.ANYPOINT_CLIENT_SECRET,
                ANYPOINT_ORGANIZATION_ID: env.ANYPOINT_ORGANIZATION_ID,
                ANYPOINT_ENVIRONMENT_ID: env.ANYPOINT_ENVIRONMENT_ID,
            },
        });
        const seconds = (Date.now() - started) / 1000;
        const requests = dataPlane(since);
        expect(requests.filter((r) => r.method !== "GET")).to.deep.equal([]);
        expect(stdout).to.include(`6 stores, 9 partitions, ${keyCount} keys`);
        expect(stderr).to.match(/reading done/);
        const times = requests.map((r) => r.atMs);
        for (let i = 0; i + 20 < times.length; i++) expect(times[i + 20] - times[i]).to.be.at.least(900);
        process.stdout.write(`      import: ${requests.length} data-plane requests in ${seconds.toFixed(1)} s\n`);

        const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
        for (const secret of Object.values(SEED_SECRETS)) expect(index.includes(secret)).to.equal(false);
        expect(index.match(/new Store\(/g)).to.have.length(SEED_STORES.length);
        expect(index.match(/new Key\(/g)).to.have.length(keyCount - BULK_KEYS);
        expect(index.match(/new KeyEntries\(/g)).to.have.length(BULK_PARTITIONS);
    });

    it("the generated program type-checks against the package (tsc)", async () => {
        // Stands in for `npm install pulumi-anypoint-objectstore`: the package is this checkout.
        fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
        fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-anypoint-objectstore"), "dir");
        await run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir, "--noEmit"]);
    });

    it("pulumi up adopts every object and the emulator sees no write; preview --expect-no-changes passes", async () => {
        const pulumiCommand = await getPulumiCommand();
        const stack = await LocalWorkspace.createOrSelectStack({ stackName: "imported", workDir: dir }, { envVars: env, pulumiCommand });
        const output: string[] = [];
        e2e = {
            stack,
            tmp: dir,
            output,
            onOutput: (line) => output.push(line),
            dispose: async () => {
                await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
            },
        };
        // The documented step: values into encrypted stack config, then the plain file goes.
        await new Promise<void>((resolve, reject) => {
            const child = execFile(
                "pulumi",
                ["config", "set", "--secret", "keyValues", "--stack", "imported"],
                { cwd: dir, env: { ...process.env, ...env } },
                (err) => (err ? reject(err) : resolve()),
            );
            fs.createReadStream(path.join(dir, "key-values.json")).pipe(child.stdin!);
        });
        fs.rmSync(path.join(dir, "key-values.json"));
        const stackConfig = fs.readFileSync(path.join(dir, "Pulumi.imported.yaml"), "utf8");
        for (const secret of Object.values(SEED_SECRETS)) expect(stackConfig.includes(secret)).to.equal(false);

        const since = emulator.lastRequestSeq();
        const started = Date.now();
        const up = await stack.up({ onOutput: e2e.onOutput });
        const seconds = (Date.now() - started) / 1000;
        const requests = dataPlane(since);
        expect(
            requests.filter((r) => WRITES.has(r.method)),
            "writes during the first up",
        ).to.deep.equal([]);
        expect(up.summary.resourceChanges).to.deep.equal({ create: resourceCount() });
        const counts: Record<string, number> = {};
        for (const r of requests) counts[r.method] = (counts[r.method] ?? 0) + 1;
        process.stdout.write(
            `      first up: ${requests.length} data-plane requests ${JSON.stringify(counts)} in ${seconds.toFixed(1)} s\n`,
        );

        const state = await stack.exportStack();
        const types = (state.deployment.resources as { type: string }[]).map((r) => r.type.split(":").pop());
        expect(types.filter((t) => t === "Store")).to.have.length(SEED_STORES.length);
        expect(types.filter((t) => t === "Partition")).to.have.length(9);
        expect(types.filter((t) => t === "Key")).to.have.length(keyCount - BULK_KEYS);
        expect(types.filter((t) => t === "KeyEntries")).to.have.length(BULK_PARTITIONS);

        const preview = await stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        expect(preview.changeSummary).to.deep.equal({ same: resourceCount() });
    });

    it("an edit of the generated program applies as an ordinary update", async () => {
        const file = path.join(dir, "index.ts");
        const before = fs.readFileSync(file, "utf8");
        const payments = before.indexOf('storeId: "APP_payments__defaultPersistentObjectStore"');
        const ttl = before.indexOf("defaultTtlSeconds: 86_400", payments);
        expect(ttl).to.be.greaterThan(payments);
        let edited = `${before.slice(0, ttl)}defaultTtlSeconds: 43_200${before.slice(ttl + "defaultTtlSeconds: 86_400".length)}`;
        edited = edited.replace(
            /stringValue: importedValue<string>\("APP_payments__defaultPersistentObjectStore\/config\/currency"\)/,
            'stringValue: "USD"',
        );
        expect(edited).to.include('stringValue: "USD"');
        fs.writeFileSync(file, edited);

        const since = emulator.lastRequestSeq();
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.summary.resourceChanges).to.include({ update: 2 });
        const writes = dataPlane(since).filter((r) => WRITES.has(r.method));
        expect(writes.map((w) => w.method).sort()).to.deep.equal(["PATCH", "PUT"]);
        expect(writes.find((w) => w.method === "PATCH")!.body).to.include({ defaultTtlSeconds: 43_200 });
        expect((await api.getStore("APP_payments__defaultPersistentObjectStore")).body.defaultTtlSeconds).to.equal(43_200);
        expect((await api.getKey("APP_payments__defaultPersistentObjectStore", "config", "currency")).body.stringValue).to.equal("USD");
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
    });
});

/**
 * Every example under examples/ is exercised: quickstart in quickstart.test.ts; multi-environment and
 * app-store-layout here with the real `pulumi` CLI against the emulator (up, preview
 * --expect-no-changes, destroy, asserting on what the provider sent); random-suffix with
 * `pulumi.runtime.setMocks` (its mocks.ts: the random provider plugin cannot be fetched or built on the
 * test machine), whose Object Store resources still reach the emulator through their providers.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { expect } from "chai";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import type { RecordedRequest } from "../../emulator";
import { EmulatorApi, getPulumiCommand, programStack, REPO_ROOT, stackEnv, startTestEmulator } from "./harness";

/** TypeScript examples (this package's dynamic resources) and the test file that runs each (a new example must be added here and tested). */
const EXAMPLES: Record<string, string> = {
    quickstart: "test/e2e/quickstart.test.ts",
    "multi-environment": "test/e2e/examples.test.ts",
    "app-store-layout": "test/e2e/examples.test.ts",
    "random-suffix": "test/e2e/examples.test.ts",
};

/** Examples in other languages (the `anypoint` provider plugin) and the test file that runs (Go, Python: as inline programs) or compile-checks each. */
const PLUGIN_EXAMPLES: Record<string, string> = {
    "yaml-two-providers": "test/e2e/plugin-yaml.test.ts",
    "go-stores": "test/e2e/languages.test.ts",
    "python-stores": "test/e2e/languages.test.ts",
    "go-two-providers": "test/e2e/languages.test.ts",
    "python-two-providers": "test/e2e/languages.test.ts",
    "nodejs-stores": "test/e2e/sdk.test.ts",
    "yaml-stores": "test/e2e/node-versions.test.ts",
};

function envPrefix(environmentId: string): string {
    return `/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${environmentId}`;
}

/** Writes (PUT, POST, PATCH, DELETE) the provider sent after `seq`, as "METHOD url". */
function writes(emulator: RunningEmulator, seq: number): RecordedRequest[] {
    return emulator.requests(seq).filter((r) => r.method !== "GET" && r.method !== "HEAD" && !r.url.startsWith("/accounts/"));
}

describe("examples", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
    });

    after(async () => {
        await emulator?.close();
    });

    it("every example directory has a Pulumi.yaml (or the root one), its program, and a test", function () {
        const dirs = fs
            .readdirSync(path.join(REPO_ROOT, "examples"))
            .filter((d) => fs.statSync(path.join(REPO_ROOT, "examples", d)).isDirectory());
        expect(dirs.sort()).to.deep.equal([...Object.keys(EXAMPLES), ...Object.keys(PLUGIN_EXAMPLES)].sort());
        for (const [dir, testFile] of Object.entries(PLUGIN_EXAMPLES)) {
            expect(fs.existsSync(path.join(REPO_ROOT, "examples", dir, "Pulumi.yaml")), dir).to.equal(true);
            expect(fs.readFileSync(path.join(REPO_ROOT, testFile), "utf8"), `${testFile} uses examples/${dir}`).to.include(dir);
        }
        for (const [dir, testFile] of Object.entries(EXAMPLES)) {
            expect(fs.existsSync(path.join(REPO_ROOT, "examples", dir, "index.ts")), dir).to.equal(true);
            expect(fs.existsSync(path.join(REPO_ROOT, testFile)), testFile).to.equal(true);
            const project = dir === "quickstart" ? "Pulumi.yaml" : path.join("examples", dir, "Pulumi.yaml");
            expect(fs.readFileSync(path.join(REPO_ROOT, project), "utf8"), project).to.include(`dist/examples/${dir}/index.js`);
        }
    });

    describe("multi-environment: stacks dev and prod from their stack config, one program", function () {
        let workDir: string;
        let tmp: string;
        const stacks: Record<string, Stack> = {};

        before(async () => {
            // A copy of the example's directory (stack init writes the passphrase salt into Pulumi.<stack>.yaml),
            // inside the repository so that the dynamic provider resolves the repository's packages.
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-examples-"));
            workDir = path.join(REPO_ROOT, ".e2e", `multi-environment-${process.pid}-${Date.now()}`);
            fs.mkdirSync(workDir, { recursive: true });
            const source = path.join(REPO_ROOT, "examples", "multi-environment");
            for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
                fs.copyFileSync(path.join(source, file), path.join(workDir, file));
            }
            const project = fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8");
            const entry = path.join(REPO_ROOT, "dist", "examples", "multi-environment", "index.js");
            fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), project.replace(/^main: .*$/m, `main: ${entry}`));
            for (const name of ["dev", "prod"]) {
                stacks[name] = await LocalWorkspace.createOrSelectStack(
                    { stackName: name, workDir },
                    { envVars: stackEnv(emulator, tmp), pulumiCommand: await getPulumiCommand() },
                );
            }
        });

        after(async () => {
            for (const stack of Object.values(stacks)) await stack.destroy().catch(() => undefined);
            if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
            if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
        });

        it("pulumi up of dev and prod puts the same store into Sandbox and Production with each stack's settings", async () => {
            const expected = {
                dev: { env: DEMO_CREDENTIALS.environmentId, ttl: 3600, persistent: false, maxKeys: 1000, checkout: "on" },
                prod: { env: DEMO_CREDENTIALS.otherEnvironmentId, ttl: 604_800, persistent: true, maxKeys: 100_000, checkout: "off" },
            };
            for (const [name, want] of Object.entries(expected)) {
                const seq = emulator.lastRequestSeq();
                const result = await stacks[name].up();
                expect(result.outputs.environmentId.value, name).to.equal(want.env);
                expect(result.outputs.defaultTtlSeconds.value, name).to.equal(want.ttl);
                expect(result.outputs.flagCount.value, name).to.equal(2);
                const sent = writes(emulator, seq);
                const storePut = sent.find((r) => r.method === "PUT" && r.url === `${envPrefix(want.env)}/stores/orders-cache`);
                expect(storePut?.body, name).to.deep.include({ defaultTtlSeconds: want.ttl, persistent: want.persistent });
                expect((storePut?.body as { usageLimits?: object }).usageLimits, name).to.include({
                    maxKeys: want.maxKeys,
                    enforcement: "REJECT",
                });
                const checkout = sent.find(
                    (r) => r.url === `${envPrefix(want.env)}/stores/orders-cache/partitions/feature-flags/keys/new-checkout`,
                );
                expect(checkout?.body, name).to.deep.include({ stringValue: want.checkout });
                // Nothing of this stack went to the other environment.
                const other = name === "dev" ? expected.prod.env : expected.dev.env;
                expect(
                    sent.filter((r) => r.url.startsWith(envPrefix(other))),
                    name,
                ).to.deep.equal([]);
            }
        });

        it("pulumi preview --expect-no-changes passes for both stacks", async () => {
            for (const stack of Object.values(stacks)) await stack.preview({ expectNoChanges: true });
        });

        it("pulumi destroy of dev leaves prod's store in place", async () => {
            const seq = emulator.lastRequestSeq();
            await stacks.dev.destroy();
            expect((await api.getStore("orders-cache")).status).to.equal(404); // the API helper reads Sandbox
            const deletes = writes(emulator, seq).map((r) => `${r.method} ${r.url}`);
            expect(deletes).to.include(`DELETE ${envPrefix(DEMO_CREDENTIALS.environmentId)}/stores/orders-cache`);
            expect(deletes.filter((d) => d.includes(DEMO_CREDENTIALS.otherEnvironmentId))).to.deep.equal([]);
            await stacks.prod.preview({ expectNoChanges: true, refresh: true }); // prod's store is still there, unchanged
            await stacks.prod.destroy();
        });
    });

    describe("app-store-layout: a Mule application's stores with their TTLs and seed keys", function () {
        it("pulumi up creates three stores with their TTLs and the seed keys; preview shows no change; destroy removes them", async () => {
            const e2e = await programStack(emulator, path.join(REPO_ROOT, "dist", "examples", "app-store-layout", "index.js"));
            try {
                const seq = emulator.lastRequestSeq();
                const result = await e2e.stack.up({ onOutput: e2e.onOutput });
                expect(result.outputs.ttlSeconds.value).to.deep.equal({ idempotency: 86_400, tokenCache: 3300, config: 2_592_000 });
                expect(result.outputs.seededKeys.value).to.deep.equal({ featureFlags: 2, limits: 2 });
                const sent = writes(emulator, seq);
                const put = (storeId: string) => sent.find((r) => r.method === "PUT" && r.url.endsWith(`/stores/${storeId}`))?.body;
                expect(put("orders-api-idempotency")).to.deep.include({ defaultTtlSeconds: 86_400, isFixedTtl: true, persistent: true });
                expect(put("orders-api-token-cache")).to.deep.include({ defaultTtlSeconds: 3300, isFixedTtl: true, persistent: false });
                expect(put("orders-api-config")).to.deep.include({ defaultTtlSeconds: 2_592_000, persistent: true });
                const seeds = sent
                    .filter((r) => r.method === "POST" && r.url.includes("/stores/orders-api-config/partitions/"))
                    .map((r) => r.url.split("/partitions/")[1]);
                expect(seeds.sort()).to.deep.equal([
                    "feature-flags/keys/new-checkout",
                    "feature-flags/keys/split-shipments",
                    "limits/keys/max-items-per-order",
                    "limits/keys/payment-retries",
                ]);
                expect((await api.getKey("orders-api-config", "limits", "payment-retries")).body).to.include({ numberValue: 3 });
                await e2e.stack.preview({ expectNoChanges: true });
                await e2e.stack.destroy();
                expect((await api.listStoreIds()).filter((id) => id.startsWith("orders-api-"))).to.deep.equal([]);
            } finally {
                await e2e.dispose();
            }
        });
    });

    describe("random-suffix: @pulumi/random with pulumi.runtime.setMocks (no random plugin here)", function () {
        it("the store id carries the mocked suffix and the mocked password is written as the key's value", async () => {
            const seq = emulator.lastRequestSeq();
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-mocks-"));
            const env = stackEnv(emulator, tmp);
            const { stdout } = await promisify(execFile)(
                process.execPath,
                [path.join(REPO_ROOT, "dist", "examples", "random-suffix", "mocks.js")],
                {
                    env: { ...process.env, ...env },
                },
            );
            const outputs = JSON.parse(stdout) as { storeId: string; passwordKeyId: string; passwordValueType: string };
            expect(outputs).to.deep.equal({ storeId: "payments-x7k2qa", passwordKeyId: "gateway-password", passwordValueType: "STRING" });
            const post = writes(emulator, seq).find(
                (r) => r.method === "POST" && r.url.endsWith("/stores/payments-x7k2qa/partitions/credentials/keys/gateway-password"),
            );
            expect(post?.body).to.deep.include({ stringValue: "mock-Password-0123456789" });
            expect((await api.request("DELETE", "/stores/payments-x7k2qa")).status).to.be.oneOf([200, 204]);
            fs.rmSync(tmp, { recursive: true, force: true });
        });
    });
});

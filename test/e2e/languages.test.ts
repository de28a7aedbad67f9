/**
 * One program in four languages, through the real CLI against the emulator (issue 24, section 1):
 * examples/yaml-two-providers (Pulumi YAML and its language host), test/e2e/programs/yaml-equivalent.ts
 * (this package's TypeScript classes), and examples/python-two-providers and go-two-providers (the
 * generated SDKs, run as Automation API inline programs: ./inline-programs.ts). Each language runs on
 * its own emulator, and each `up` sends the same OSv2 requests: the same multiset, and per object the
 * same order (./journals.ts).
 *
 * The Python and Go programs then go through a user's lifecycle: a fresh stack's preview (nothing
 * sent), `up` with its preview (the clamp warning, one token per provider, no write before the
 * update starts), an unchanged preview, the drift gate naming the property and writing nothing, an
 * import of a store made out of band (the `import` resource option: `pulumi import` itself loads the
 * program's language host, which the CLI here does not have), and destroy. Every preview is held to
 * "a preview never writes" by the preview guard, from the emulator's journal.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { EmulatorApi, REPO_ROOT, anypointEnv, installPlugin, programStack, startTestEmulator, yamlStack, type E2EStack } from "./harness";
import { inlineProgramStack, inlineRunner, runInlineProgram, type InlineProgram } from "./inline-programs";
import { byObject, sentLines } from "./journals";
import { previewWrites } from "./preview-guard";

/** Config of a two-providers project `project` against `emulator`: the default provider's and the explicit one's. */
function twoProvidersConfig(emulator: RunningEmulator, project: string) {
    return {
        "anypoint:baseUrl": { value: emulator.url },
        "anypoint:organizationId": { value: DEMO_CREDENTIALS.organizationId },
        "anypoint:environmentId": { value: DEMO_CREDENTIALS.environmentId },
        "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId },
        "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
        [`${project}:baseUrl`]: { value: emulator.url },
        [`${project}:organizationId`]: { value: DEMO_CREDENTIALS.organizationId },
        [`${project}:prodEnvironmentId`]: { value: DEMO_CREDENTIALS.otherEnvironmentId },
        [`${project}:prodClientId`]: { value: DEMO_CREDENTIALS.limitedClientId },
        [`${project}:prodClientSecret`]: { value: DEMO_CREDENTIALS.limitedClientSecret, secret: true },
    };
}

/** The lines of `lines` sorted (the multiset). */
const sorted = (lines: readonly string[]) => [...lines].sort();

describe("e2e: one program in YAML, TypeScript, Python and Go sends the same OSv2 requests", function () {
    this.timeout(1_200_000);
    /** Each language's `up` of the program, as ./journals.ts lines in journal order. */
    const ups: Record<string, string[]> = {};
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        // No ANYPOINT_* variable: the providers' settings come from stack config and provider arguments.
        for (const k of Object.keys(process.env)) {
            if (k.startsWith("ANYPOINT_")) {
                saved[k] = process.env[k];
                delete process.env[k];
            }
        }
        const started = Date.now();
        await Promise.all([inlineRunner("python"), inlineRunner("go")]);
        console.log(`      Python venv and Go driver ready in ${Math.round((Date.now() - started) / 1000)} s`);
    });
    after(() => Object.assign(process.env, saved));

    it("YAML (examples/yaml-two-providers): up", async () => {
        const emulator = await startTestEmulator();
        const e2e = await yamlStack({
            project: { dir: path.join(REPO_ROOT, "examples", "yaml-two-providers") },
            config: twoProvidersConfig(emulator, "yaml-two-providers"),
        });
        try {
            installPlugin(e2e, path.join(e2e.tmp, "plugin"));
            const seq = emulator.lastRequestSeq();
            await e2e.stack.up({ onOutput: e2e.onOutput });
            ups.yaml = sentLines(emulator, seq);
            await e2e.stack.destroy({ onOutput: e2e.onOutput });
        } finally {
            await e2e.dispose();
            await emulator.close();
        }
        expect(ups.yaml).to.have.length.greaterThan(10);
    });

    it("TypeScript classes (test/e2e/programs/yaml-equivalent.ts): up sends the same requests as YAML", async () => {
        const emulator = await startTestEmulator();
        const e2e = await programStack(emulator, path.join(__dirname, "programs", "yaml-equivalent.js"));
        try {
            const seq = emulator.lastRequestSeq();
            await e2e.stack.up({ onOutput: e2e.onOutput });
            ups.typescript = sentLines(emulator, seq);
            await e2e.stack.destroy({ onOutput: e2e.onOutput });
        } finally {
            await e2e.dispose();
            await emulator.close();
        }
        expect(sorted(ups.typescript)).to.deep.equal(sorted(ups.yaml));
        expect(byObject(ups.typescript)).to.deep.equal(byObject(ups.yaml));
    });

    for (const language of ["python", "go"] as const) {
        const program: InlineProgram = { language, dir: `examples/${language}-two-providers` };
        describe(`${language}: ${program.dir} as an Automation API inline program`, () => {
            let emulator: RunningEmulator;
            let api: EmulatorApi;
            let e2e: E2EStack;

            before(async () => {
                emulator = await startTestEmulator();
                api = new EmulatorApi(emulator);
                e2e = await inlineProgramStack(program, { config: twoProvidersConfig(emulator, path.basename(program.dir)) });
                installPlugin(e2e, path.join(e2e.tmp, "plugin"));
            });
            after(async () => {
                if (e2e) await runInlineProgram(e2e, program, "destroy").catch(() => undefined);
                await e2e?.dispose();
                await emulator?.close();
            });

            it("a fresh stack's preview plans every resource and sends no request", async () => {
                const seq = emulator.lastRequestSeq();
                const run = await runInlineProgram(e2e, program, "preview");
                expect(run.result.ok, run.output).to.equal(true);
                expect(run.result.changeSummary).to.deep.equal({ create: 10 });
                expect(sentLines(emulator, seq), "a preview sends nothing: Create plans without a request").to.deep.equal([]);
                console.log(`      preview in ${run.seconds.toFixed(1)} s: ${run.result.changeSummary?.create} to create, 0 requests`);
            });

            it("up (its preview first): the clamp warning, a token per provider, no write before the update, the same requests as YAML and TypeScript", async () => {
                const seq = emulator.lastRequestSeq();
                let updateStart: number | undefined;
                const run = await runInlineProgram(e2e, program, "up", {
                    onProgramRun: (dryRun) => {
                        if (!dryRun) updateStart ??= emulator.lastRequestSeq();
                    },
                });
                expect(run.result.ok, run.output).to.equal(true);
                expect(run.output).to.match(
                    /defaultTtlSeconds 3888000 \(45 days\) is above the OSv2 maximum of 2592000 \(30 days\); using 2592000/,
                );
                expect(run.result.outputs?.effectiveTtlSeconds.value).to.equal(2_592_000);
                expect(run.result.outputs?.regionEnvironment.value).to.equal(DEMO_CREDENTIALS.otherEnvironmentId);
                expect(updateStart, "the program's update run").to.be.a("number");
                expect(previewWrites(emulator, seq, updateStart), "the preview of up writes nothing").to.deep.equal([]);
                const writes = previewWrites(emulator, seq).length;
                expect(writes, "the update's writes: 2 stores, 6 keys").to.equal(8);
                expect(previewWrites(emulator, updateStart ?? seq).length, "every write after the update's program run began").to.equal(
                    writes,
                );
                const tokens = emulator.requests(seq).filter((r) => r.url.endsWith("/oauth2/token"));
                expect(tokens.map((r) => (r.body as { client_id: string }).client_id).sort()).to.deep.equal(
                    [DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.limitedClientId].sort(),
                );
                ups[language] = sentLines(emulator, seq);
                console.log(
                    `      up in ${run.seconds.toFixed(1)} s: ${sentLines(emulator, seq, updateStart).length} requests in its preview, ${ups[language].length} in all`,
                );
                expect(sorted(ups[language]), "the same requests as the YAML program").to.deep.equal(sorted(ups.yaml));
                expect(byObject(ups[language]), "per object, in the same order").to.deep.equal(byObject(ups.yaml));
                expect(
                    (
                        await api.request(
                            "GET",
                            `/../${DEMO_CREDENTIALS.otherEnvironmentId}/stores/${language}-prod/partitions/settings/keys/region`,
                        )
                    ).body.stringValue,
                ).to.equal("eu-central-1");
                expect((await api.getKey(`${language}-sessions`, "flags", "banner")).body).to.include({ valueType: "BINARY" });
            });

            it("an unchanged program's preview shows no changes and writes nothing", async () => {
                const run = await runInlineProgram(e2e, program, "preview", { expectNoChanges: true });
                expect(run.result.ok, run.output).to.equal(true);
                expect(run.result.changeSummary).to.deep.equal({ same: 10 });
            });

            it("the drift gate (preview --refresh --expect-no-changes) fails naming the property, writes nothing, leaves the drift", async () => {
                await api.request("PATCH", `/stores/${language}-sessions`, { defaultTtlSeconds: 60 });
                const seq = emulator.lastRequestSeq();
                const run = await runInlineProgram(e2e, program, "preview", { refresh: true, expectNoChanges: true, diff: true });
                expect(run.result.ok).to.equal(false);
                expect(run.output).to.match(/defaultTtlSeconds\s*:\s*60 => 2592000/);
                expect(previewWrites(emulator, seq), "the drift gate writes nothing").to.deep.equal([]);
                console.log(
                    `      drift gate: ${run.output
                        .split("\n")
                        .find((l) => /defaultTtlSeconds\s*:\s*60 =>/.test(l))
                        ?.trim()}`,
                );
                expect((await api.getStore(`${language}-sessions`)).body.defaultTtlSeconds, "the drift is still there").to.equal(60);
            });

            it("a store made out of band is imported (the import resource option, its live settings declared): read, never written", async () => {
                const storeId = `${language}-legacy`;
                await api.request("PUT", `/stores/${storeId}`, { defaultTtlSeconds: 1234, persistent: false });
                // Every live setting, as `pulumi import` writes them into the code it generates (a setting the
                // import read and the program leaves out would return to its default: an update).
                const inputs = {
                    storeId,
                    defaultTtlSeconds: 1234,
                    defaultConfirmationTtlSeconds: 600,
                    persistent: false,
                    isFixedTtl: false,
                };
                const seq = emulator.lastRequestSeq();
                const run = await runInlineProgram(e2e, program, "up", {
                    imports: [{ type: "Store", name: "legacy", id: storeId, inputs }],
                });
                expect(run.result.ok, run.output).to.equal(true);
                expect(run.result.summary?.resourceChanges).to.deep.equal({ import: 1, same: 10 });
                expect(
                    sentLines(emulator, seq).filter((l) => !/^(GET|HEAD) /.test(l)),
                    "an import only reads",
                ).to.deep.equal([]);
                expect((await api.getStore(storeId)).body).to.include({ defaultTtlSeconds: 1234, persistent: false });
            });

            it("destroy deletes every store it created or imported; no credential in state or output", async () => {
                const run = await runInlineProgram(e2e, program, "destroy");
                expect(run.result.ok, run.output).to.equal(true);
                for (const store of [`${language}-sessions`, `${language}-legacy`])
                    expect((await api.getStore(store)).status, store).to.equal(404);
                expect((await api.request("GET", `/../${DEMO_CREDENTIALS.otherEnvironmentId}/stores/${language}-prod`)).status).to.equal(
                    404,
                );
                const stateDir = path.join(e2e.tmp, "state");
                const texts = fs
                    .readdirSync(stateDir, { recursive: true, encoding: "utf8" })
                    .filter((f) => f.endsWith(".json"))
                    .map((f) => fs.readFileSync(path.join(stateDir, f), "utf8"));
                for (const secret of [DEMO_CREDENTIALS.clientSecret, DEMO_CREDENTIALS.limitedClientSecret]) {
                    for (const t of [...texts, e2e.output.join("")])
                        expect(t.includes(secret), "a client secret in the state or output").to.equal(false);
                }
            });
        });
    }

    describe("the four languages side by side", () => {
        it("every language's up sent the same requests, per object in the same order", () => {
            const languages = ["yaml", "typescript", "python", "go"];
            const groups = Object.fromEntries(languages.map((l) => [l, byObject(ups[l] ?? [])]));
            const objects = Object.keys(groups.yaml);
            console.log(
                `      ${"object (store ids without their language prefix)".padEnd(64)} ${languages.join(" | ")} (one cell: the same in all)`,
            );
            for (const object of objects) {
                const cells = languages.map((l) => (groups[l][object] ?? []).map((r) => r.replace(/ (\d+)$/, ":$1")).join(","));
                const same = cells.every((c) => c === cells[0]);
                console.log(`      ${object.padEnd(64)} ${same ? cells[0] : cells.join(" | ")}`);
            }
            console.log(`      requests: ${languages.map((l) => `${l} ${(ups[l] ?? []).length}`).join(", ")}`);
            for (const l of languages.slice(1)) expect(groups[l], l).to.deep.equal(groups.yaml);
        });
    });
});

describe("e2e: the Registry examples in Python and Go (examples/python-stores, go-stores) run", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    const ups: Record<string, string[]> = {};

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
    });
    after(async () => emulator?.close());

    for (const language of ["python", "go"] as const) {
        const program: InlineProgram = { language, dir: `examples/${language}-stores` };
        it(`${path.basename(program.dir)}: up, an unchanged preview, destroy (the default provider from ANYPOINT_* variables)`, async () => {
            const e2e = await inlineProgramStack(program, { env: anypointEnv(emulator) });
            try {
                installPlugin(e2e, path.join(e2e.tmp, "plugin"));
                const seq = emulator.lastRequestSeq();
                const up = await runInlineProgram(e2e, program, "up");
                expect(up.result.ok, up.output).to.equal(true);
                ups[language] = sentLines(emulator, seq);
                expect(up.result.outputs?.effectiveTtlSeconds.value).to.equal(86_400);
                expect((await api.getKey("sessions", "flags", "new-checkout")).body.stringValue).to.equal("enabled");
                const preview = await runInlineProgram(e2e, program, "preview", { expectNoChanges: true });
                expect(preview.result.ok, preview.output).to.equal(true);
                const destroy = await runInlineProgram(e2e, program, "destroy");
                expect(destroy.result.ok, destroy.output).to.equal(true);
                expect((await api.getStore("sessions")).status).to.equal(404);
                console.log(
                    `      up ${up.seconds.toFixed(1)} s, preview ${preview.seconds.toFixed(1)} s, destroy ${destroy.seconds.toFixed(1)} s`,
                );
            } finally {
                await e2e.dispose();
            }
        });
    }

    it("both sent the same requests", () => {
        expect(ups.python).to.have.length.greaterThan(0);
        expect(byObject(ups.go)).to.deep.equal(byObject(ups.python));
    });
});

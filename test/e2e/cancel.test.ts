/**
 * Ctrl-C is honoured (issue 23, section 4), with the real `pulumi` CLI, through both doors: a
 * TypeScript program (the dynamic provider host, which hears the engine's Cancel through
 * provider/dynamic/cancel.ts) and a Pulumi YAML program (the `anypoint` plugin's Cancel RPC).
 *
 * A Store and a KeyEntries of 40 keys; the emulator answers 503 forever to the creates of 20 of them
 * (fault injection), so the KeyEntries create keeps retrying them. A few seconds later `pulumi up`
 * gets SIGINT, as a terminal's Ctrl-C sends it to the CLI's process group: the CLI cancels, the
 * provider stops retrying, and the CLI exits within seconds, not after the 120 s retry budget;
 * nothing is sent after it. The state then records the 20 keys that were written (a partial
 * failure), and the README's path ends clean: `recover` (nothing left to decide), then `pulumi up`
 * sends only the 20 missing creates (no 409), and `preview --expect-no-changes` passes.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import type { RecordedRequest, RunningEmulator } from "../../emulator";
import { E2EStack, anypointEnv, installPlugin, programStack, startTestEmulator, yamlStack } from "./harness";
import { exportState, runCli, runRecover, waitFor } from "./many-keys";

const KEYS = 40;
/** The keys whose creates the emulator answers with 503 for as long as the rule stands: k20 … k39. */
const FAILING = /\/partitions\/seed\/keys\/k[23]\d$/;
/** Ctrl-C this long after the first 503: the provider is in the middle of its retries. */
const SIGINT_AFTER_MS = 3_000;
/** The CLI must exit within this after SIGINT (the retry budget is 120 s). */
const EXIT_WITHIN_MS = 15_000;

const keyIds = Array.from({ length: KEYS }, (_, i) => `k${String(i).padStart(2, "0")}`);
const isSeedPost = (r: RecordedRequest) => r.method === "POST" && /\/partitions\/seed\/keys\/k\d+$/.test(r.url.split("?")[0]);

/** The YAML equivalent of ./programs/cancel.ts. */
function yamlProgram(storeId: string): string {
    const entries = keyIds.map((k, i) => `        ${k}:\n          numberValue: ${i}`).join("\n");
    return [
        "name: cancel-yaml",
        "runtime: yaml",
        "resources:",
        "  store:",
        "    type: anypoint:objectstore:Store",
        "    properties:",
        `      storeId: ${storeId}`,
        "  seed:",
        "    type: anypoint:objectstore:KeyEntries",
        "    properties:",
        "      storeId: ${store.storeId}",
        "      partitionId: seed",
        "      entries:",
        entries,
        "",
    ].join("\n");
}

const DOORS = [
    {
        door: "TypeScript (dynamic provider host)",
        storeId: "cancel-ts",
        stack: async (emulator: RunningEmulator, storeId: string) => {
            const e2e = await programStack(emulator, path.join(__dirname, "programs", "cancel.js"));
            await e2e.stack.setAllConfig({ "cancel:storeId": { value: storeId }, "cancel:count": { value: String(KEYS) } });
            return e2e;
        },
    },
    {
        door: "YAML (anypoint plugin)",
        storeId: "cancel-yaml",
        stack: async (emulator: RunningEmulator, storeId: string) => {
            const e2e = await yamlStack({ project: { pulumiYaml: yamlProgram(storeId) }, env: anypointEnv(emulator) });
            fs.mkdirSync(path.join(e2e.tmp, "plugin"), { recursive: true });
            installPlugin(e2e, path.join(e2e.tmp, "plugin"));
            return e2e;
        },
    },
];

for (const { door, storeId, stack } of DOORS)
    describe(`e2e: Ctrl-C stops retries within seconds (real pulumi CLI, ${door})`, function () {
        this.timeout(600_000);
        let emulator: RunningEmulator;
        let e2e: E2EStack;

        before(async () => {
            emulator = await startTestEmulator();
            e2e = await stack(emulator, storeId);
        });
        after(async () => {
            await runCli(e2e, emulator, ["destroy", "--yes"]).done.catch(() => undefined);
            await e2e?.dispose();
            await emulator?.close();
        });

        it("SIGINT during retries: the CLI exits within seconds, nothing is sent after, and recover + up end clean", async () => {
            const rule = await fetch(`${emulator.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ method: "POST", route: FAILING.source, status: 503 }),
            });
            expect(rule.status).to.equal(201);
            const seq = emulator.lastRequestSeq();
            const run = runCli(e2e, emulator, ["up", "--yes"]);
            await waitFor(() => emulator.requests(seq).some((r) => isSeedPost(r) && r.status === 503), 180_000, "a create answered 503");
            await new Promise((r) => setTimeout(r, SIGINT_AFTER_MS));
            const interruptedAt = Date.now();
            process.kill(-run.child.pid!, "SIGINT"); // a terminal's Ctrl-C: the CLI's process group
            const { code, output } = await run.done;
            const exitMs = Date.now() - interruptedAt;
            const lastSeq = emulator.lastRequestSeq();
            await new Promise((r) => setTimeout(r, 2_000));
            const after = emulator.requests(lastSeq).filter((r) => r.url.includes("/api/v1/"));
            await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
            const posts = emulator.requests(seq).filter(isSeedPost);
            console.log(
                `      SIGINT after ${SIGINT_AFTER_MS / 1000} s of retries; the CLI exited ${(exitMs / 1000).toFixed(1)} s later (code ${code}); ` +
                    `${posts.filter((r) => r.status === 201).length} keys created, ${posts.filter((r) => r.status === 503).length} creates answered 503`,
            );
            expect(output).to.match(/\^C received; cancelling/);
            expect(code, output).to.not.equal(0);
            expect(exitMs, "within seconds, not the 120 s retry budget").to.be.below(EXIT_WITHIN_MS);
            expect(output).to.match(/Not retried: the run was cancelled \(Ctrl-C\)/);
            expect(after, "nothing sent after the CLI exited").to.deep.equal([]);

            // The state records what was written (a partial failure), and nothing is pending.
            const state = JSON.parse((await exportState(e2e, emulator)).text).deployment;
            const seed = state.resources.find((r: { type: string }) => r.type.endsWith(":KeyEntries"));
            expect(Object.keys(seed.outputs.entries).sort(), "the written keys are recorded").to.deep.equal(keyIds.slice(0, 20));
            expect(state.pending_operations ?? []).to.deep.equal([]);

            const recovered = await runRecover(e2e, emulator, ["--yes"]);
            console.log(recovered.output.replace(/^/gm, "      | ").trimEnd());
            expect(recovered.code, recovered.output).to.equal(0);

            const upSeq = emulator.lastRequestSeq();
            const up = await runCli(e2e, emulator, ["up", "--yes"]).done;
            expect(up.code, up.output).to.equal(0);
            const writes = emulator.requests(upSeq).filter((r) => r.url.includes("/api/v1/") && !["GET", "HEAD"].includes(r.method));
            expect(
                writes.every((r) => isSeedPost(r) && r.status === 201),
                "only key creates, no 409",
            ).to.equal(true);
            expect(writes.map((r) => r.url.split("/").pop()).sort(), "only the missing keys").to.deep.equal(keyIds.slice(20));
            const preview = await runCli(e2e, emulator, ["preview", "--expect-no-changes"]).done;
            expect(preview.code, preview.output).to.equal(0);
        });
    });

/**
 * A race never gives one object two owners (issue 23, section 2), with the real `pulumi` CLI: two
 * stacks run `pulumi up` at the same moment and both declare store `x` (or key `k` in one partition).
 * The emulator delays the store PUT (the key POST) by a few seconds, so that both stacks have read
 * "absent" before either writes, as on a slow WAN. Exactly one `up` succeeds; the other fails with
 * the "already exists … did not create it" message; its state records nothing, and its `destroy`
 * deletes nothing. Journals are printed. On the file backend and on PostgreSQL (TypeScript program),
 * and through the `anypoint` plugin from Pulumi YAML (file backend).
 *
 * The store race rests on the PUT's status (201 created, 200 replaced): the loser's PUT has already
 * replaced the store's settings (both stacks declare the same ones here), which its message says. The
 * key race rests on the POST's 409; where POST overwrites, what remains is in README ("Adopting").
 * `npm run bench:race` repeats the race (scripts/bench-race.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import {
    E2EStack,
    EmulatorApi,
    anypointEnv,
    cliEnv,
    diagnosticsSection,
    installPlugin,
    programStack,
    runPulumi,
    startTestEmulator,
    yamlStack,
    type StateBackend,
} from "./harness";

const PROGRAM = path.join(__dirname, "programs", "ownership.js");
/** How long the emulator holds the contested write: long enough for both stacks to read before either writes. */
const WRITE_DELAY_MS = 6_000;

/** What one contender's `up` did. */
interface Outcome {
    e2e: E2EStack;
    ok: boolean;
    printed: string;
}

/** Data-plane requests since `seq` on paths matching `what`, as "METHOD status". */
function journal(emulator: RunningEmulator, seq: number, what: RegExp): string[] {
    return emulator
        .requests(seq)
        .filter((r) => r.url.includes("/api/v1/") && what.test(r.url.split("?")[0]))
        .map((r) => `${r.method} ${r.status}`);
}

/** Runs both stacks' `up` at the same moment (each with its preview, as users run it). */
async function race(stacks: E2EStack[]): Promise<Outcome[]> {
    return Promise.all(
        stacks.map(async (e2e) => {
            const from = e2e.output.length;
            const ok = await e2e.stack.up({ onOutput: e2e.onOutput }).then(
                () => true,
                () => false,
            );
            return { e2e, ok, printed: e2e.output.slice(from).join("") };
        }),
    );
}

/** The loser records nothing of this package, and its destroy deletes nothing. */
async function loserLeavesAlone(emulator: RunningEmulator, loser: E2EStack): Promise<void> {
    const state = (await loser.stack.exportStack()).deployment;
    const recorded = (state.resources ?? []).filter((r: { type: string }) => /objectstore/.test(r.type));
    expect(recorded, "the loser's state records nothing").to.deep.equal([]);
    expect(state.pending_operations ?? [], "and no pending operation").to.deep.equal([]);
    const seq = emulator.lastRequestSeq();
    await loser.stack.destroy({ onOutput: loser.onOutput });
    const writes = emulator.requests(seq).filter((r) => r.url.includes("/api/v1/") && !["GET", "HEAD"].includes(r.method));
    expect(writes, "the loser's destroy deletes nothing").to.deep.equal([]);
}

for (const backend of ["file", "postgres"] as StateBackend[])
    describe(`e2e: a race never gives one object two owners (real pulumi CLI, two stacks at once, ${backend} backend)`, function () {
        this.timeout(600_000);
        let emulator: RunningEmulator;
        let api: EmulatorApi;
        const open: E2EStack[] = [];

        async function contender(config: Record<string, string>): Promise<E2EStack> {
            const e2e = await programStack(emulator, PROGRAM, {}, { backend });
            open.push(e2e);
            await e2e.stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`own:${k}`, { value: v }])));
            return e2e;
        }

        before(async () => {
            emulator = await startTestEmulator();
            api = new EmulatorApi(emulator);
        });
        after(async () => {
            for (const e2e of open) {
                await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
                await e2e.dispose();
            }
            await emulator?.close();
        });

        it("store: both read 404, the PUTs answer 201 and 200; exactly one stack owns it, the other records nothing and deletes nothing", async () => {
            const storeId = `race-store-${backend}`;
            const stacks = [await contender({ case: "race-store", storeId }), await contender({ case: "race-store", storeId })];
            const rule = await fetch(`${emulator.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ method: "PUT", route: `/stores/${storeId}$`, latencyMs: WRITE_DELAY_MS }),
            });
            expect(rule.status).to.equal(201);
            const seq = emulator.lastRequestSeq();
            const outcomes = await race(stacks);
            await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
            const sent = journal(emulator, seq, new RegExp(`/stores/${storeId}$`));
            console.log(`      journal of the store: ${sent.join(", ")}; winners: ${outcomes.filter((o) => o.ok).length}`);
            expect(
                sent.filter((l) => l.startsWith("GET")),
                "both read it absent before either wrote",
            ).to.deep.equal(["GET 404", "GET 404"]);
            expect(sent.filter((l) => l.startsWith("PUT")).sort()).to.deep.equal(["PUT 200", "PUT 201"]);
            expect(
                outcomes.filter((o) => o.ok),
                "exactly one winner",
            ).to.have.length(1);
            const loser = outcomes.find((o) => !o.ok)!;
            const message =
                /Store 'race-store-[^']+' already exists in organization [^\n]*/.exec(diagnosticsSection(loser.printed))?.[0] ?? "";
            console.log(`      the loser: ${message.slice(0, 240)}…`);
            expect(message).to.match(/and this stack did not create it; it was created by someone else/);
            expect(message).to.match(/has already replaced the store's settings with the ones declared here/);
            await loserLeavesAlone(emulator, loser.e2e);
            expect((await api.getStore(storeId)).status).to.equal(200);
            const winner = outcomes.find((o) => o.ok)!;
            await winner.e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: winner.e2e.onOutput });
        });

        it("key: both read 404, the POSTs answer 201 and 409; exactly one stack owns it, the other records nothing and deletes nothing", async () => {
            const storeId = `race-key-${backend}`;
            await api.request("PUT", `/stores/${storeId}`, {});
            const stacks = [
                await contender({ case: "race-key", storeId, value: "a" }),
                await contender({ case: "race-key", storeId, value: "b" }),
            ];
            const rule = await fetch(`${emulator.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ method: "POST", route: `/stores/${storeId}/partitions/p/keys/k$`, latencyMs: WRITE_DELAY_MS }),
            });
            expect(rule.status).to.equal(201);
            const seq = emulator.lastRequestSeq();
            const outcomes = await race(stacks);
            await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
            const sent = journal(emulator, seq, /\/keys\/k$/);
            console.log(`      journal of the key: ${sent.join(", ")}; winners: ${outcomes.filter((o) => o.ok).length}`);
            expect(
                sent.filter((l) => l.startsWith("GET")),
                "both read it absent before either wrote",
            ).to.deep.equal(["GET 404", "GET 404"]);
            expect(sent.filter((l) => l.startsWith("POST")).sort()).to.deep.equal(["POST 201", "POST 409"]);
            expect(
                outcomes.filter((o) => o.ok),
                "exactly one winner",
            ).to.have.length(1);
            const loser = outcomes.find((o) => !o.ok)!;
            expect(diagnosticsSection(loser.printed)).to.match(
                /Key 'k' in partition 'p' of store 'race-key-[^']+' already exists in organization .*and this stack did not create it; Pulumi did not change it\./,
            );
            await loserLeavesAlone(emulator, loser.e2e);
            const winner = outcomes.find((o) => o.ok)!;
            const value = (await winner.e2e.stack.getAllConfig())["own:value"].value;
            expect((await api.getKey(storeId, "p", "k")).body.stringValue, "the winner's value").to.equal(value);
            await winner.e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: winner.e2e.onOutput });
        });
    });

describe("e2e: a store race through the anypoint plugin from Pulumi YAML (real CLI, two stacks at once, file backend)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    const open: E2EStack[] = [];
    const storeId = "race-yaml";
    const pulumiYaml = [
        "name: race-yaml",
        "runtime: yaml",
        "resources:",
        "  raced:",
        "    type: anypoint:objectstore:Store",
        "    properties:",
        `      storeId: ${storeId}`,
        "      defaultTtlSeconds: 3600",
        "",
    ].join("\n");

    /** A YAML stack's CLI environment: its own backend and PULUMI_HOME (where its plugin is), the emulator's settings. */
    const env = (e2e: E2EStack) => ({ ...cliEnv(e2e.tmp), ...anypointEnv(emulator) });

    before(async () => {
        emulator = await startTestEmulator();
    });
    after(async () => {
        for (const e2e of open) {
            await runPulumi(e2e, ["destroy", "--yes"], env(e2e)).catch(() => undefined);
            await e2e.dispose();
        }
        await emulator?.close();
    });

    it("exactly one stack owns the store; the other fails with the plugin's message, records nothing and deletes nothing", async () => {
        for (let i = 0; i < 2; i++) {
            const e2e = await yamlStack({ project: { pulumiYaml }, env: anypointEnv(emulator) });
            open.push(e2e);
            fs.mkdirSync(path.join(e2e.tmp, "plugin"), { recursive: true });
            installPlugin(e2e, path.join(e2e.tmp, "plugin"));
        }
        const rule = await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ method: "PUT", route: `/stores/${storeId}$`, latencyMs: WRITE_DELAY_MS }),
        });
        expect(rule.status).to.equal(201);
        const seq = emulator.lastRequestSeq();
        const runs = await Promise.all(open.map((e2e) => runPulumi(e2e, ["up", "--yes"], env(e2e))));
        await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
        const sent = journal(emulator, seq, new RegExp(`/stores/${storeId}$`));
        console.log(`      journal of the store: ${sent.join(", ")}; winners: ${runs.filter((r) => r.code === 0).length}`);
        expect(sent.filter((l) => l.startsWith("PUT")).sort()).to.deep.equal(["PUT 200", "PUT 201"]);
        expect(
            runs.filter((r) => r.code === 0),
            "exactly one winner",
        ).to.have.length(1);
        const loserIndex = runs.findIndex((r) => r.code !== 0);
        expect(diagnosticsSection(runs[loserIndex].output)).to.match(
            /Store 'race-yaml' already exists in organization .*and this stack did not create it; it was created by someone else/s,
        );
        expect(diagnosticsSection(runs[loserIndex].output)).to.match(/set `adopt` to true on the Store/);
        const loser = open[loserIndex];
        const exported = await runPulumi(loser, ["stack", "export"], env(loser));
        expect(exported.output, "the loser's state records no store").to.not.match(/anypoint:objectstore:Store/);
        const destroySeq = emulator.lastRequestSeq();
        const destroyed = await runPulumi(loser, ["destroy", "--yes"], env(loser));
        expect(destroyed.code, destroyed.output).to.equal(0);
        expect(
            emulator.requests(destroySeq).filter((r) => r.url.includes("/api/v1/") && r.method !== "GET"),
            "the loser's destroy deletes nothing",
        ).to.deep.equal([]);
    });
});

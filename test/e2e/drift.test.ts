/**
 * Drift detection with the real `pulumi` CLI: the emulator is changed out of band through its own
 * HTTP API (as someone in Runtime Manager or an application would), then
 *   1. `pulumi refresh --expect-no-changes` fails and names the resource and the property,
 *   2. `pulumi preview --refresh` shows the update or create that restores the declared state,
 *   3. `pulumi up --refresh` restores it (checked in the emulator),
 *   4. `pulumi preview --expect-no-changes` passes.
 * The drift gate (`pulumi preview --refresh --expect-no-changes`) fails naming the properties and
 * writes nothing: the drift stays until `pulumi up --refresh` (the same case through the plugin is
 * in plugin-yaml.test.ts).
 * Two of the scenarios run again with the stack's state in PostgreSQL, as a team keeps it.
 */
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { Key, Partition, Store } from "../../provider";
import { E2EStack, EmulatorApi, inlineStack, startTestEmulator } from "./harness";
import { assertPreviewWroteNothing, journalLine } from "./preview-guard";

const STORE = "drift-store";
const PARTITION = "seed";
const BYTES = Buffer.from([0xde, 0xad, 0xbe, 0xef]);

/** The declared state every scenario starts from and must be restored to. */
function program() {
    const store = new Store("store", { storeId: STORE, defaultTtlSeconds: 3_600, persistent: true });
    const partition = new Partition("partition", { storeId: store.storeId, partitionId: PARTITION });
    const seed = { storeId: store.storeId, partitionId: partition.partitionId };
    new Key("text", { ...seed, keyId: "text", stringValue: "hello" });
    new Key("count", { ...seed, keyId: "count", numberValue: 7 });
    new Key("blob", { ...seed, keyId: "blob", binaryValue: BYTES.toString("base64") });
    return Promise.resolve({ storeId: store.storeId });
}

interface Scenario {
    name: string;
    drift: (api: EmulatorApi) => Promise<void>;
    /** Text that `pulumi refresh` must print: the resource (and property, where one changed). */
    refreshShows: RegExp[];
    /** What `pulumi preview --refresh` plans to restore it, and the line that shows it. */
    previewPlans: { update?: number; create?: number };
    previewShows: RegExp;
}

const keyPath = (api: EmulatorApi, keyId: string) => api.keyPath(STORE, PARTITION, keyId);

const SCENARIOS: Scenario[] = [
    {
        name: "store TTL changed",
        drift: async (api) => void (await api.request("PATCH", `/stores/${STORE}`, { defaultTtlSeconds: 60 })),
        refreshShows: [/objectstore:Store\s+store\s+updated[^[\n]*\[diff: ~defaultTtlSeconds\]/],
        previewPlans: { update: 1 },
        previewShows: /objectstore:Store\s+store\s+update[^[\n]*\[diff: ~defaultTtlSeconds\]/,
    },
    {
        name: "store persistence changed",
        drift: async (api) => void (await api.request("PATCH", `/stores/${STORE}`, { persistent: false })),
        refreshShows: [/objectstore:Store\s+store\s+updated[^[\n]*\[diff: ~persistent\]/],
        previewPlans: { update: 1 },
        previewShows: /objectstore:Store\s+store\s+update[^[\n]*\[diff: ~persistent\]/,
    },
    {
        name: "string key value changed",
        drift: async (api) => void (await api.request("PUT", keyPath(api, "text"), { valueType: "STRING", stringValue: "hacked" })),
        refreshShows: [/objectstore:Key\s+text\s+updated[^[\n]*\[diff: ~stringValue\]/],
        previewPlans: { update: 1 },
        previewShows: /objectstore:Key\s+text\s+update[^[\n]*\[diff: ~stringValue\]/,
    },
    {
        name: "number key value changed",
        drift: async (api) => void (await api.request("PUT", keyPath(api, "count"), { valueType: "NUMBER", numberValue: 8 })),
        refreshShows: [/objectstore:Key\s+count\s+updated[^[\n]*\[diff: ~numberValue\]/],
        previewPlans: { update: 1 },
        previewShows: /objectstore:Key\s+count\s+update[^[\n]*\[diff: ~numberValue\]/,
    },
    {
        name: "binary key value changed",
        drift: async (api) => void (await api.request("PUT", keyPath(api, "blob"), { valueType: "BINARY", binaryValue: "AAAA" })),
        refreshShows: [/objectstore:Key\s+blob\s+updated[^[\n]*\[diff: ~binaryValue\]/],
        previewPlans: { update: 1 },
        previewShows: /objectstore:Key\s+blob\s+update[^[\n]*\[diff: ~binaryValue\]/,
    },
    {
        name: "key value type changed (string key now holds a number)",
        drift: async (api) => void (await api.request("PUT", keyPath(api, "text"), { valueType: "NUMBER", numberValue: 1 })),
        refreshShows: [/objectstore:Key\s+text\s+updated[^[\n]*\[diff: [^\]]*stringValue/],
        previewPlans: { update: 1 },
        previewShows: /objectstore:Key\s+text\s+update[^[\n]*\[diff: [^\]]*stringValue/,
    },
    {
        name: "key deleted",
        drift: async (api) => void (await api.request("DELETE", keyPath(api, "count"))),
        refreshShows: [/objectstore:Key\s+count\s+deleted/],
        previewPlans: { create: 1 },
        previewShows: /\+\s+pulumi-nodejs:dynamic\/objectstore:Key\s+count\s+create/,
    },
    {
        name: "partition deleted (with its keys)",
        drift: async (api) => void (await api.request("DELETE", `/stores/${STORE}/partitions/${PARTITION}`)),
        refreshShows: [
            /objectstore:Partition\s+partition\s+deleted/,
            /objectstore:Key\s+text\s+deleted/,
            /objectstore:Key\s+blob\s+deleted/,
        ],
        previewPlans: { create: 4 },
        previewShows: /\+\s+pulumi-nodejs:dynamic\/objectstore:Partition\s+partition\s+create/,
    },
    {
        name: "store deleted (with everything in it)",
        drift: async (api) => void (await api.request("DELETE", `/stores/${STORE}`)),
        refreshShows: [
            /objectstore:Store\s+store\s+deleted/,
            /objectstore:Partition\s+partition\s+deleted/,
            /objectstore:Key\s+count\s+deleted/,
        ],
        previewPlans: { create: 5 },
        previewShows: /\+\s+pulumi-nodejs:dynamic\/objectstore:Store\s+store\s+create/,
    },
];

/** Asserts the emulator holds exactly the declared state. */
async function expectDeclaredState(api: EmulatorApi): Promise<void> {
    const store = await api.getStore(STORE);
    expect(store.body).to.include({ defaultTtlSeconds: 3_600, persistent: true });
    expect((await api.getKey(STORE, PARTITION, "text")).body).to.include({ valueType: "STRING", stringValue: "hello" });
    expect((await api.getKey(STORE, PARTITION, "count")).body).to.include({ valueType: "NUMBER", numberValue: 7 });
    expect((await api.getKey(STORE, PARTITION, "blob")).body).to.include({
        valueType: "BINARY",
        binaryValue: BYTES.toString("base64"),
    });
}

/** One scenario: drift, `refresh --expect-no-changes` fails naming it, `preview --refresh` plans the fix, `up --refresh` restores it, then a clean preview. */
async function driftGateCycle(e2e: E2EStack, api: EmulatorApi, scenario: Scenario): Promise<void> {
    await scenario.drift(api);

    const lines: string[] = [];
    const refresh = e2e.stack.refresh({ expectNoChanges: true, onOutput: (l) => lines.push(l) });
    const err = await refresh.then(
        () => undefined,
        (e: Error) => e,
    );
    expect(err, "refresh --expect-no-changes must fail on drift").to.be.instanceOf(Error);
    const refreshText = lines.join("");
    for (const re of scenario.refreshShows) expect(refreshText, refreshText).to.match(re);

    const previewLines: string[] = [];
    const preview = await e2e.stack.preview({ refresh: true, onOutput: (l) => previewLines.push(l) });
    expect(preview.changeSummary).to.include(scenario.previewPlans);
    expect(previewLines.join(""), previewLines.join("")).to.match(scenario.previewShows);

    const up = await e2e.stack.up({ refresh: true, onOutput: e2e.onOutput });
    expect(up.summary.result).to.equal("succeeded");
    await expectDeclaredState(api);

    await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
    await e2e.stack.refresh({ onOutput: e2e.onOutput }); // partition `exists` back to true for the next scenario
}

describe("e2e: drift detection with the real pulumi CLI", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await inlineStack(emulator, program);
        await e2e.stack.up({ onOutput: e2e.onOutput });
        await e2e.stack.refresh({ onOutput: e2e.onOutput }); // records that the partition now exists
        await expectDeclaredState(api);
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    for (const scenario of SCENARIOS) {
        it(`${scenario.name}: refresh flags it, preview --refresh plans the fix, up --refresh restores it`, () =>
            driftGateCycle(e2e, api, scenario));
    }

    it("the drift gate (`preview --refresh --expect-no-changes`) fails naming the properties and leaves the drift in place; `up --refresh` repairs it", async () => {
        await api.request("PATCH", `/stores/${STORE}`, { defaultTtlSeconds: 60 });
        await api.request("PUT", keyPath(api, "text"), { valueType: "STRING", stringValue: "hacked" });
        const seq = emulator.lastRequestSeq();
        const lines: string[] = [];
        const gate = await e2e.stack.preview({ refresh: true, expectNoChanges: true, diff: true, onOutput: (l) => lines.push(l) }).then(
            () => undefined,
            (e: Error) => e,
        );
        const journal = assertPreviewWroteNothing(emulator, seq, Infinity, "the drift gate");
        console.log(`      journal of the drift gate (dynamic): ${journal.map(journalLine).join(", ")}; writes: 0`);
        expect(gate, "the drift gate fails on drift").to.be.instanceOf(Error);
        expect(lines.join("")).to.match(/defaultTtlSeconds\s*: 60 => 3600/);
        expect(lines.join("")).to.match(/stringValue\s*: "hacked" => "hello"/);
        expect((await api.getStore(STORE)).body.defaultTtlSeconds, "the drift is still there").to.equal(60);
        expect((await api.getKey(STORE, PARTITION, "text")).body.stringValue).to.equal("hacked");

        await e2e.stack.up({ refresh: true, onOutput: e2e.onOutput });
        await expectDeclaredState(api);
        await e2e.stack.refresh({ onOutput: e2e.onOutput });
    });

    it("an extra key written by an application into a declared partition is not drift of any declared Key", async () => {
        await api.request("PUT", keyPath(api, "written-by-app"), { valueType: "STRING", stringValue: "runtime data" });
        await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
        await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
        expect((await api.getKey(STORE, PARTITION, "written-by-app")).status).to.equal(200);
    });
});

describe("e2e: the drift gate with the stack's state in PostgreSQL (a team's backend)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await inlineStack(emulator, program, {}, { backend: "postgres" });
        await e2e.stack.up({ onOutput: e2e.onOutput });
        await e2e.stack.refresh({ onOutput: e2e.onOutput });
        await expectDeclaredState(api);
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    for (const scenario of SCENARIOS.filter((s) => ["string key value changed", "key deleted"].includes(s.name))) {
        it(`${scenario.name}: refresh flags it, preview --refresh plans the fix, up --refresh restores it`, () =>
            driftGateCycle(e2e, api, scenario));
    }
});

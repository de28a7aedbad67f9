/**
 * Lifecycle with the real `pulumi` CLI against the emulator:
 *  - no perpetual diffs (TTL above the maximum, unset optional inputs, a fractional number, base64 spellings,
 *    key names that need URL encoding, more than 25 keys in a partition);
 *  - each row of README's update-or-replace table, planned with `pulumi preview` and then applied
 *    with `pulumi up` (checked in the emulator), and restored with another `up`;
 *  - adopting existing objects, and read-only lookups with Store.get / Key.get.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { Key, Partition, Store } from "../../provider";
import { E2EStack, EmulatorApi, inlineStack, startTestEmulator } from "./harness";

describe("e2e: lifecycle with the real pulumi CLI", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
    });

    after(async () => {
        await emulator?.close();
    });

    describe("no perpetual diffs", () => {
        let e2e: E2EStack;
        const ODD_KEYS = ["with space", "a/b/c", "plus+sign", "ünïcødé ✓", "100%", "?query#frag"];
        const BYTES = Buffer.from([0xfb, 0xff, 0xbf, 0x00, 0x01]);

        before(async () => {
            e2e = await inlineStack(emulator, async () => {
                const store = new Store("store", { storeId: "steady", defaultTtlSeconds: 10 * 2_592_000 });
                const bare = new Store("bare", { storeId: "steady-bare" }); // every optional input unset
                const p = new Partition("p", { storeId: store.storeId, partitionId: "many" });
                const seed = { storeId: store.storeId, partitionId: p.partitionId };
                new Key("float", { ...seed, keyId: "float", numberValue: 0.1 + 0.2 }); // 0.30000000000000004 round-trips exactly
                new Key("url-safe", { ...seed, keyId: "url-safe", binaryValue: BYTES.toString("base64url") }); // unpadded, '-' and '_'
                ODD_KEYS.forEach((keyId, i) => new Key(`odd-${i}`, { ...seed, keyId, stringValue: keyId }));
                for (let i = 0; i < 30; i++) new Key(`bulk-${i}`, { ...seed, keyId: `bulk-${String(i).padStart(2, "0")}`, numberValue: i });
                return { bare: bare.defaultTtlSeconds };
            });
        });

        after(async () => {
            if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
        });

        it("up, then preview and refresh with expectNoChanges, then preview --refresh with expectNoChanges", async () => {
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.resourceChanges?.create).to.equal(1 + 2 + 1 + 2 + 6 + 30);
            expect(up.outputs.bare.value).to.equal(2_592_000);
            expect((await api.listKeyIds("steady", "many")).length).to.equal(38); // across 2 pages of 25
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
            await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
            await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
        });
    });

    describe("update or replace (README table)", () => {
        let e2e: E2EStack;
        /** The program's knobs; each row changes one of them. */
        let v: Record<string, any>;
        const base = () => ({
            storeId: "rows",
            defaultTtlSeconds: 3_600,
            defaultConfirmationTtlSeconds: 600,
            persistent: true,
            isFixedTtl: false,
            usageLimits: { maxKeys: 100 },
            partitionId: "p",
            keyId: "k",
            value: { stringValue: "v" } as Record<string, unknown>,
            // Declared explicitly (the environment the stack uses): an override left unset keeps an
            // object where it was created, so a row that moves the store must be able to move it back.
            storeEnv: DEMO_CREDENTIALS.environmentId as string,
        });

        before(async () => {
            v = base();
            e2e = await inlineStack(emulator, async () => {
                const store = new Store("store", {
                    storeId: v.storeId,
                    defaultTtlSeconds: v.defaultTtlSeconds,
                    defaultConfirmationTtlSeconds: v.defaultConfirmationTtlSeconds,
                    persistent: v.persistent,
                    isFixedTtl: v.isFixedTtl,
                    usageLimits: v.usageLimits,
                    environmentId: v.storeEnv,
                });
                // Partitions and keys do not inherit their store's scope overrides: they are given the same.
                const p = new Partition("partition", { storeId: store.storeId, partitionId: v.partitionId, environmentId: v.storeEnv });
                new Key("key", {
                    storeId: store.storeId,
                    partitionId: p.partitionId,
                    keyId: v.keyId,
                    environmentId: v.storeEnv,
                    ...v.value,
                });
            });
            await e2e.stack.up({ onOutput: e2e.onOutput });
        });

        after(async () => {
            if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
        });

        const rows: { change: string; apply: () => void; expected: Record<string, number> }[] = [
            { change: "Store.defaultTtlSeconds", apply: () => (v.defaultTtlSeconds = 7_200), expected: { update: 1 } },
            {
                change: "Store.defaultConfirmationTtlSeconds",
                apply: () => (v.defaultConfirmationTtlSeconds = 900),
                expected: { update: 1 },
            },
            { change: "Store.persistent", apply: () => (v.persistent = false), expected: { update: 1 } },
            { change: "Store.isFixedTtl", apply: () => (v.isFixedTtl = true), expected: { update: 1 } },
            { change: "Store.usageLimits", apply: () => (v.usageLimits = { maxKeys: 5, enforcement: "WARN" }), expected: { update: 1 } },
            // A new store id replaces the store, and with it the partition and key that live in it.
            { change: "Store.storeId", apply: () => (v.storeId = "rows-2"), expected: { replace: 3 } },
            { change: "Store.environmentId", apply: () => (v.storeEnv = DEMO_CREDENTIALS.otherEnvironmentId), expected: { replace: 3 } },
            { change: "Partition.partitionId", apply: () => (v.partitionId = "p2"), expected: { replace: 2 } },
            { change: "Key.keyId", apply: () => (v.keyId = "k2"), expected: { replace: 1 } },
            { change: "Key.stringValue", apply: () => (v.value = { stringValue: "w" }), expected: { update: 1 } },
            { change: "Key value type (string to number)", apply: () => (v.value = { numberValue: 3 }), expected: { update: 1 } },
            { change: "Key value type (string to binary)", apply: () => (v.value = { binaryValue: "AQID" }), expected: { update: 1 } },
        ];

        /** What the emulator holds for the program's current knobs (store, key), read in the store's environment. */
        async function live() {
            const env = v.storeEnv ? `/../${v.storeEnv}` : "";
            const store = await api.request("GET", `${env}/stores/${encodeURIComponent(v.storeId)}`);
            const key = await api.request("GET", `${env}${api.keyPath(v.storeId, v.partitionId, v.keyId)}`);
            return { store: store.body, key: key.body };
        }

        for (const row of rows) {
            it(`${row.change}: preview plans ${JSON.stringify(row.expected)} and up applies it`, async () => {
                v = base();
                row.apply();
                const preview = await e2e.stack.preview({ onOutput: e2e.onOutput });
                const { same: _same, ...planned } = preview.changeSummary;
                expect(planned).to.deep.equal(row.expected);

                const up = await e2e.stack.up({ onOutput: e2e.onOutput });
                const { same: _s, ...applied } = up.summary.resourceChanges ?? {};
                expect(applied).to.deep.equal(row.expected);
                const now = await live();
                expect(now.store).to.deep.include({
                    storeId: v.storeId,
                    defaultTtlSeconds: v.defaultTtlSeconds,
                    defaultConfirmationTtlSeconds: v.defaultConfirmationTtlSeconds,
                    persistent: v.persistent,
                });
                expect(now.store.isFixedTtl === true).to.equal(v.isFixedTtl);
                expect(now.store.usageLimits).to.deep.include(v.usageLimits);
                expect(now.key).to.deep.include({ keyId: v.keyId, ...v.value });
                await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });

                v = base(); // back to the starting point for the next row
                await e2e.stack.up({ onOutput: e2e.onOutput });
            });
        }

        it("up carries out a store replacement (new store created, old one deleted) and a value-type switch", async () => {
            v = { ...base(), storeId: "rows-replaced", value: { numberValue: 12 } };
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.resourceChanges).to.include({ replace: 3 });
            expect((await api.getStore("rows")).status).to.equal(404);
            expect((await api.getStore("rows-replaced")).body.defaultTtlSeconds).to.equal(3_600);
            expect((await api.getKey("rows-replaced", "p", "k")).body).to.include({ valueType: "NUMBER", numberValue: 12 });
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });
    });

    describe("adopt and read-only lookups", () => {
        let e2e: E2EStack;
        let adopt = false;

        before(async () => {
            await api.request("PUT", "/stores/legacy", { defaultTtlSeconds: 100, persistent: true });
            await api.request("PUT", api.keyPath("legacy", "flags", "checkout"), { valueType: "STRING", stringValue: "off" });
            await api.request("PUT", "/stores/read-only", { defaultTtlSeconds: 200 });
            await api.request("PUT", api.keyPath("read-only", "cfg", "mode"), { valueType: "STRING", stringValue: "blue" });
            e2e = await inlineStack(emulator, async () => {
                const store = new Store("legacy", { storeId: "legacy", defaultTtlSeconds: 86_400, adopt });
                const flags = new Partition("flags", { storeId: store.storeId, partitionId: "flags", adopt });
                new Key("checkout", {
                    storeId: store.storeId,
                    partitionId: flags.partitionId,
                    keyId: "checkout",
                    stringValue: "on",
                    adopt,
                });
                const ro = Store.get("ro", "read-only");
                const mode = Key.get("mode", "read-only", "cfg", "mode");
                return { roTtl: ro.defaultTtlSeconds, mode: mode.stringValue };
            });
        });

        after(async () => {
            if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
        });

        it("up without adopt fails on the existing store, says how to adopt, and changes nothing", async () => {
            let message = "";
            await e2e.stack.up({ onOutput: e2e.onOutput }).catch((e: Error) => (message = e.message));
            expect(message).to.match(/Store 'legacy' already exists.*set `adopt: true`/s);
            expect((await api.getStore("legacy")).body.defaultTtlSeconds).to.equal(100);
        });

        it("up with adopt takes over the store, partition and key; lookups read without managing", async () => {
            adopt = true;
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.outputs.roTtl.value).to.equal(200);
            expect(up.outputs.mode.value).to.equal("blue");
            expect((await api.getStore("legacy")).body.defaultTtlSeconds).to.equal(86_400);
            expect((await api.getKey("legacy", "flags", "checkout")).body.stringValue).to.equal("on");
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });

        it("destroy deletes what was adopted and leaves what was only looked up", async () => {
            await e2e.stack.destroy({ onOutput: e2e.onOutput });
            expect((await api.getStore("legacy")).status).to.equal(404);
            expect((await api.getStore("read-only")).status).to.equal(200);
            expect((await api.getKey("read-only", "cfg", "mode")).body.stringValue).to.equal("blue");
        });
    });
});

/**
 * How KeyEntries reads with the real `pulumi` CLI against the emulator, counted in the emulator's
 * request journal: the drift gate (`preview --refresh --expect-no-changes`) and `refresh` read the
 * values by the page where the listing serves them; keys that applications write change what the
 * next refresh records, never the drift gate's verdict; where the listing does not serve values
 * (emulator `keys-only`), the provider reads key by key and says so once in the CLI's output; where
 * the service pages by offset (emulator `paging: "offset"`) and an application deletes keys while a
 * refresh pages, every declared key the listing skipped is read by itself and kept.
 */
import { expect } from "chai";
import type { PagingMode, RunningEmulator, ValueListingMode } from "../../emulator";
import { KeyEntries, Store } from "../../provider";
import type { EntryMap } from "../../provider";
import { E2EStack, EmulatorApi, diagnosticsSection, inlineStack, startTestEmulator } from "./harness";

const PARTITION = "seed";
const ENTRIES = 100;

const declared: EntryMap = {};
for (let i = 0; i < ENTRIES; i++) declared[`k${String(i).padStart(3, "0")}`] = { stringValue: `value ${i}` };

/** An emulator in `mode` (paging by `paging`) and a stack of one KeyEntries of {@link ENTRIES} entries in store `storeId`. */
async function rig(mode: ValueListingMode, storeId: string, paging: PagingMode = "after-id") {
    const emulator = await startTestEmulator({ valueListing: mode, paging });
    const e2e = await inlineStack(
        emulator,
        async () => {
            const store = new Store("store", { storeId, defaultTtlSeconds: 3_600 });
            new KeyEntries("seed", { storeId: store.storeId, partitionId: PARTITION, entries: declared });
        },
        { ANYPOINT_REQUESTS_PER_SECOND: "0" },
    );
    return { emulator, e2e, api: new EmulatorApi(emulator) };
}

/** `METHOD path` of the data-plane requests after `since` (query dropped), and the token requests. */
function sent(emulator: RunningEmulator, since: number) {
    const all = emulator.requests(since);
    return {
        dataPlane: all
            .filter((r) => r.url.startsWith("/api/v1/"))
            .map((r) => `${r.method} ${r.url.split("?")[0].replace(/^\/api\/v1\/organizations\/[^/]+\/environments\/[^/]+/, "")}`),
        tokens: all.filter((r) => r.url.startsWith("/accounts/")).length,
    };
}

describe("e2e: KeyEntries reads by the page (real pulumi CLI)", function () {
    this.timeout(600_000);

    describe("where the listing serves values", () => {
        const STORE = "read-pages";
        let r: Awaited<ReturnType<typeof rig>>;
        let e2e: E2EStack;
        before(async () => {
            r = await rig("values", STORE);
            e2e = r.e2e;
            await e2e.stack.up({ onOutput: e2e.onOutput });
        });
        after(async () => {
            await e2e?.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
            await r?.emulator.close();
        });

        it(`the drift gate over ${ENTRIES} entries sends 4 value pages and a store GET; keys applications write never fail it`, async () => {
            let since = r.emulator.lastRequestSeq();
            await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
            const listing = `GET /stores/${STORE}/partitions/${PARTITION}`;
            expect(sent(r.emulator, since).dataPlane.sort()).to.deep.equal([`GET /stores/${STORE}`, listing, listing, listing, listing]);

            // An application writes 300 keys into the partition: not drift. The refresh records the partition's size.
            for (let i = 0; i < 300; i++) {
                await r.api.request("PUT", r.api.keyPath(STORE, PARTITION, `app-${i}`), { valueType: "STRING", stringValue: "runtime" });
            }
            since = r.emulator.lastRequestSeq();
            await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
            expect(
                sent(r.emulator, since).dataPlane.filter((s) => s === listing),
                "400 keys: 16 pages",
            ).to.have.length(16);
            const state = (await e2e.stack.exportStack()).deployment.resources.find((x: { type: string }) =>
                x.type.endsWith(":KeyEntries"),
            );
            expect(state.outputs.partitionKeyCount).to.equal(400);
            expect(state.inputs).to.not.have.property("partitionKeyCount");

            // Still no change for the drift gate, and the next refresh too passes with a different count.
            await r.api.request("DELETE", r.api.keyPath(STORE, PARTITION, "app-0"));
            await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
            await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });
    });

    describe("where the service pages by offset and an application deletes keys while a refresh pages (emulator paging: offset)", () => {
        const STORE = "read-offset";
        const APP_KEYS_PER_ENTRY = 19; // 100 declared + 1,900 application keys = 2,000
        let r: Awaited<ReturnType<typeof rig>>;
        let e2e: E2EStack;
        before(async () => {
            r = await rig("values", STORE, "offset");
            e2e = r.e2e;
            await e2e.stack.up({ onOutput: e2e.onOutput });
        });
        after(async () => {
            await e2e?.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
            await r?.emulator.close();
        });

        it("the application deleted 200 of 2,000 keys during the refresh: all 100 declared keys are kept, and the next preview is clean", async () => {
            // The application's keys sort among the declared ones ("k003" < "k003-app-00" < "k004").
            const writes: Promise<unknown>[] = [];
            for (const keyId of Object.keys(declared))
                for (let i = 0; i < APP_KEYS_PER_ENTRY; i++)
                    writes.push(
                        r.api.request("PUT", r.api.keyPath(STORE, PARTITION, `${keyId}-app-${String(i).padStart(2, "0")}`), {
                            valueType: "STRING",
                            stringValue: "runtime",
                        }),
                    );
            await Promise.all(writes);
            // While the refresh pages, the application deletes 4 of its keys before each page is served (200 in all).
            const rule = await fetch(`${r.emulator.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({
                    method: "GET",
                    route: `/partitions/${PARTITION}$`,
                    deleteKeysMatching: "-app-",
                    deleteKeysCount: 4,
                    times: 50,
                }),
            });
            expect(rule.status).to.equal(201);
            const since = r.emulator.lastRequestSeq();
            await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
            await fetch(`${r.emulator.url}/_emulator/faults`, { method: "DELETE" });
            const { dataPlane } = sent(r.emulator, since);
            const listing = `GET /stores/${STORE}/partitions/${PARTITION}`;
            const gets = dataPlane.filter((s) => s.startsWith(`${listing}/keys/`));
            console.log(
                `      refresh: ${dataPlane.filter((s) => s === listing).length} pages by offset; ${gets.length} declared keys the listing skipped, each read by one GET; ` +
                    `${(await r.api.listKeyIds(STORE, PARTITION)).length} keys left in the partition`,
            );
            expect(gets.length, "the listing by offset skipped declared keys").to.be.greaterThan(0);
            expect(
                gets.every((s) => /\/keys\/k\d{3}$/.test(s)),
                "GETs of declared keys only",
            ).to.equal(true);
            const state = (await e2e.stack.exportStack()).deployment.resources.find((x: { type: string }) =>
                x.type.endsWith(":KeyEntries"),
            );
            expect(Object.keys(state.outputs.entries), "every declared key kept").to.have.length(ENTRIES);
            expect(state.outputs.entryCount).to.equal(ENTRIES);
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });
    });

    describe("a stack recorded before the stored entry form (entries as { stringValue } / { numberValue } objects)", () => {
        const STORE = "read-legacy";
        let r: Awaited<ReturnType<typeof rig>>;
        let e2e: E2EStack;
        before(async () => {
            r = await rig("values", STORE);
            e2e = r.e2e;
            await e2e.stack.up({ onOutput: e2e.onOutput });
        });
        after(async () => {
            await e2e?.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
            await r?.emulator.close();
        });

        it("shows no change to preview, refresh or up, and records the stored form at the next refresh", async () => {
            // Rewrite the checkpoint as the previous version recorded it: every entry an object.
            const deployment = await e2e.stack.exportStack();
            const resource = deployment.deployment.resources.find((x: { type: string }) => x.type.endsWith(":KeyEntries"));
            const nested = (entries: Record<string, unknown>) =>
                Object.fromEntries(
                    Object.entries(entries).map(([k, v]) => [k, typeof v === "string" ? { stringValue: v } : { numberValue: v }]),
                );
            expect(resource.inputs.entries.k001, "recorded in the stored form").to.equal("value 1");
            resource.inputs.entries = nested(resource.inputs.entries);
            resource.outputs.entries = nested(resource.outputs.entries);
            await e2e.stack.importStack(deployment);

            const since = r.emulator.lastRequestSeq();
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
            await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.resourceChanges).to.not.have.property("update");
            expect(
                sent(r.emulator, since).dataPlane.filter((s) => !s.startsWith("GET ")),
                "nothing written",
            ).to.deep.equal([]);
            let state = (await e2e.stack.exportStack()).deployment.resources.find((x: { type: string }) => x.type.endsWith(":KeyEntries"));
            expect(state.outputs.entries.k001, "outputs keep the old form until a refresh or an update").to.deep.equal({
                stringValue: "value 1",
            });

            await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
            state = (await e2e.stack.exportStack()).deployment.resources.find((x: { type: string }) => x.type.endsWith(":KeyEntries"));
            expect(state.outputs.entries.k001).to.equal("value 1");
            expect(state.inputs.entries.k001).to.equal("value 1");
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });
    });

    describe("where the listing does not serve values (emulator --value-listing keys-only)", () => {
        const STORE = "read-keys";
        let r: Awaited<ReturnType<typeof rig>>;
        let e2e: E2EStack;
        before(async () => {
            r = await rig("keys-only", STORE);
            e2e = r.e2e;
            await e2e.stack.up({ onOutput: e2e.onOutput });
        });
        after(async () => {
            await e2e?.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
            await r?.emulator.close();
        });

        it("refresh tries the listing once, says so once in the CLI's output, reads each key with a GET, and finds the drift", async () => {
            await r.api.request("PUT", r.api.keyPath(STORE, PARTITION, "k007"), { valueType: "STRING", stringValue: "hacked" });
            const lines: string[] = [];
            const since = r.emulator.lastRequestSeq();
            const err = await e2e.stack.refresh({ expectNoChanges: true, onOutput: (l) => lines.push(l) }).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(err, "the drifted key fails refresh --expect-no-changes").to.be.instanceOf(Error);
            const { dataPlane } = sent(r.emulator, since);
            expect(dataPlane.filter((s) => s === `GET /stores/${STORE}/partitions/${PARTITION}`)).to.have.length(1);
            expect(dataPlane.filter((s) => s.startsWith(`GET /stores/${STORE}/partitions/${PARTITION}/keys/`))).to.have.length(ENTRIES);
            const text = lines.join("");
            const diagnostics = diagnosticsSection(text);
            expect(diagnostics.match(/does not serve values in its partition listing/g), text).to.have.length(1);
            expect(text).to.include(r.emulator.url);
            expect(text).to.match(/objectstore:KeyEntries\s+seed\s+updated/);
        });
    });
});

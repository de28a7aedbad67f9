/**
 * A create never takes over an object this stack did not create (issue 23, section 2), against the
 * emulator over HTTP, asserting on what the providers SENT (the emulator's journal):
 *  - in both of the emulator's `keyPost` modes: `create-only` (POST of an existing key is 409, as
 *    the provider infers from OSv2's docs) and `overwrite` (POST writes it and answers 201, as a
 *    service without a conditional put would): an existing key fails a Key create and a KeyEntries
 *    create, and is never written to;
 *  - a Store create whose GET found nothing but whose PUT answered 200 (another stack created the
 *    store in between: the emulator delays the PUT, and the store is created meanwhile) fails with
 *    the "already exists … did not create it" message, saying what the PUT did.
 */
import { expect } from "chai";
import { startEmulator, type KeyPostMode, type RunningEmulator } from "../../emulator";
import { resetConnection } from "../../provider/config";
import { KeyProvider } from "../../provider/resources/key";
import { KeyEntriesProvider, KeyEntriesWriteError } from "../../provider/resources/key-entries";
import { StoreProvider } from "../../provider/resources/store";
import { EmulatorApi } from "../e2e/harness";
import { configureForEmulator } from "../support/provider-emulator";

const STORE = "owned";

for (const keyPost of ["create-only", "overwrite"] as KeyPostMode[])
    describe(`ownership against the emulator: no takeover (keyPost ${keyPost})`, function () {
        this.timeout(60_000);
        let emulator: RunningEmulator;
        let api: EmulatorApi;
        /** Data-plane requests since `seq` as "METHOD /path status" (ids decoded). */
        const sent = (seq: number) =>
            emulator
                .requests(seq)
                .filter((r) => r.url.includes("/api/v1/"))
                .map((r) => `${r.method} ${decodeURIComponent(r.url.split("?")[0].replace(/^.*\/environments\/[^/]+/, ""))} ${r.status}`);

        before(async () => {
            emulator = await startEmulator({ port: 0, auth: "strict", keyPost });
            api = new EmulatorApi(emulator);
            configureForEmulator(emulator, { "anypoint:requestsPerSecond": "0" });
            expect((await api.request("PUT", `/stores/${STORE}`, {})).status).to.equal(201);
        });
        after(async () => {
            resetConnection();
            await emulator?.close();
        });

        it("a Key create meets another writer's key: it fails after one GET and writes nothing", async () => {
            await api.request("PUT", api.keyPath(STORE, "flags", "theirs"), { valueType: "STRING", stringValue: "their value" });
            const seq = emulator.lastRequestSeq();
            const error = await new KeyProvider()
                .create({ storeId: STORE, partitionId: "flags", keyId: "theirs", stringValue: "mine" })
                .then(
                    () => undefined,
                    (e: Error) => e,
                );
            expect(error?.message).to.match(
                /^Key 'theirs' in partition 'flags' of store 'owned' already exists in organization .* this stack did not create it; Pulumi did not change it\./,
            );
            expect(sent(seq)).to.deep.equal([`GET /stores/${STORE}/partitions/flags/keys/theirs 200`]);
            expect((await api.getKey(STORE, "flags", "theirs")).body.stringValue).to.equal("their value");
        });

        it("a KeyEntries create meets other writers' keys: it learns them from the key listing, writes only its own, and records only those", async () => {
            for (const keyId of ["a-theirs", "m-theirs"])
                await api.request("PUT", api.keyPath(STORE, "seed", keyId), { valueType: "STRING", stringValue: "their value" });
            const entries = Object.fromEntries(
                ["a-theirs", "b-mine", "c-mine", "m-theirs", "z-mine"].map((k) => [k, { stringValue: "mine" }]),
            );
            const seq = emulator.lastRequestSeq();
            const error = (await new KeyEntriesProvider().create({ storeId: STORE, partitionId: "seed", entries }).then(
                () => undefined,
                (e: Error) => e,
            )) as KeyEntriesWriteError;
            expect(error).to.be.instanceOf(KeyEntriesWriteError);
            expect(error.message).to.match(/2 of 5 key writes in partition 'seed' of store 'owned' failed/);
            expect(error.message).to.match(
                /a-theirs: Key 'a-theirs' in partition 'seed' of store 'owned' already exists .* did not create it/,
            );
            expect(Object.keys(error.properties.entries).sort(), "recorded: its own keys only").to.deep.equal([
                "b-mine",
                "c-mine",
                "z-mine",
            ]);
            const requests = sent(seq);
            expect(requests[0]).to.equal(`GET /stores/${STORE}/partitions/seed/keys 200`);
            expect(requests.slice(1).sort()).to.deep.equal(
                ["b-mine", "c-mine", "z-mine"].map((k) => `POST /stores/${STORE}/partitions/seed/keys/${k} 201`),
            );
            for (const keyId of ["a-theirs", "m-theirs"])
                expect((await api.getKey(STORE, "seed", keyId)).body.stringValue).to.equal("their value");
        });

        it("a KeyEntries update that adds a key another writer made meanwhile does not write it", async () => {
            const provider = new KeyEntriesProvider();
            const created = await provider.create({ storeId: STORE, partitionId: "grow", entries: { a: { stringValue: "1" } } });
            await api.request("PUT", api.keyPath(STORE, "grow", "b"), { valueType: "STRING", stringValue: "theirs" });
            const seq = emulator.lastRequestSeq();
            const error = await provider
                .update(created.id, created.outs, {
                    storeId: STORE,
                    partitionId: "grow",
                    entries: { a: { stringValue: "1" }, b: { stringValue: "2" } },
                })
                .then(
                    () => undefined,
                    (e: Error) => e,
                );
            expect(error?.message).to.match(/b: Key 'b' in partition 'grow' of store 'owned' already exists/);
            expect(sent(seq)).to.deep.equal([`GET /stores/${STORE}/partitions/grow/keys/b 200`]);
            expect((await api.getKey(STORE, "grow", "b")).body.stringValue).to.equal("theirs");
        });
    });

describe("ownership against the emulator: a store created between a Store create's GET and its PUT", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        api = new EmulatorApi(emulator);
        configureForEmulator(emulator, { "anypoint:requestsPerSecond": "0" });
    });
    after(async () => {
        resetConnection();
        await emulator?.close();
    });

    it("fails when the PUT answers 200 (replaced), not 201 (created), and says that its PUT replaced the settings", async () => {
        // The provider's PUT waits 1 s in the emulator; another writer creates the store in that second.
        const rule = await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ method: "PUT", route: "/stores/raced$", latencyMs: 1000, times: 1 }),
        });
        expect(rule.status).to.equal(201);
        const seq = emulator.lastRequestSeq();
        const creating = new StoreProvider().create({ storeId: "raced", defaultTtlSeconds: 600 }).then(
            () => undefined,
            (e: Error) => e,
        );
        await new Promise((r) => setTimeout(r, 300));
        expect((await api.request("PUT", "/stores/raced", { defaultTtlSeconds: 60 })).status, "the other writer creates it").to.equal(201);
        const error = await creating;
        const journal = emulator
            .requests(seq)
            .filter((r) => r.url.includes("/stores/raced"))
            .map((r) => `${r.method} ${r.status}`);
        expect(journal, "GET 404, their PUT 201, this PUT 200").to.deep.equal(["GET 404", "PUT 201", "PUT 200"]);
        expect(error?.message).to.match(
            /^Store 'raced' already exists in organization .*, and this stack did not create it; it was created by someone else \(another stack's `pulumi up` at the same moment\?\) between this stack's read, which found no store, and its write\./,
        );
        expect(error?.message).to.match(/PUT, answered 200 where a create answers 201\) has already replaced the store's settings/);
        expect(error?.message).to.match(/the stack that owns it puts its own back with `pulumi up --refresh`/);
        expect(error?.message).to.match(/set `adopt: true` on the Store/);
        console.log(`      ${error?.message}`);
    });
});

/**
 * Every provider method (check, diff, create, read, update, delete) of Store, Partition and Key,
 * called directly against the emulator over HTTP in strict auth mode. Out-of-band changes go
 * through the emulator's own API (EmulatorApi), not through the provider's client.
 */
import { expect } from "chai";
import { configureForEmulator } from "../support/provider-emulator";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { resetConnection } from "../../provider/config";
import { resetProcessPlan } from "../../provider/resources/context";
import { KeyProvider } from "../../provider/resources/key";
import { PartitionProvider } from "../../provider/resources/partition";
import { StoreProvider } from "../../provider/resources/store";
import { EmulatorApi } from "../support/emulator-api";

describe("providers against the emulator", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    const stores = new StoreProvider();
    const partitions = new PartitionProvider();
    const keys = new KeyProvider();

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        api = new EmulatorApi(emulator);
        configureForEmulator(emulator);
    });

    after(async () => {
        resetConnection();
        await emulator?.close();
    });

    describe("Store", () => {
        it("check clamps the TTL and returns failures instead of writing anything for bad input", async () => {
            expect((await stores.check({}, { storeId: "s1", defaultTtlSeconds: 45 * 86_400 })).inputs).to.deep.equal({
                storeId: "s1",
                defaultTtlSeconds: 2_592_000,
            });
            const bad = await stores.check({}, { storeId: "bad", defaultTtlSeconds: -1 });
            expect(bad.failures).to.have.length(1);
            expect(bad.failures![0].reason).to.match(/^defaultTtlSeconds must be at least 1 second; got -1/);
            expect((await api.getStore("bad")).status).to.equal(404);
        });

        it("create PUTs the store, read GETs it, update PATCHes it, delete DELETEs it", async () => {
            const { inputs } = await stores.check({}, { storeId: "crud", defaultTtlSeconds: 3_600, persistent: true });
            const created = await stores.create(inputs);
            expect(created.id).to.equal("crud");
            expect(created.outs).to.include({ storeId: "crud", defaultTtlSeconds: 3_600, persistent: true, encrypted: true });
            expect(created.outs.resolvedEnvironmentId).to.equal(DEMO_CREDENTIALS.environmentId);
            expect((await api.getStore("crud")).body.defaultTtlSeconds).to.equal(3_600);

            const read = await stores.read("crud", created.outs);
            expect(read.props).to.deep.equal(created.outs);
            expect(read.inputs).to.deep.equal({ storeId: "crud", defaultTtlSeconds: 3_600, persistent: true });

            const news = { storeId: "crud", defaultTtlSeconds: 7_200, persistent: true };
            expect(await stores.diff("crud", created.outs, news)).to.deep.equal({
                changes: true,
                replaces: [],
                changed: ["defaultTtlSeconds"],
            });
            const updated = await stores.update("crud", created.outs, news);
            expect(updated.outs.defaultTtlSeconds).to.equal(7_200);
            expect((await api.getStore("crud")).body.defaultTtlSeconds).to.equal(7_200);

            await stores.delete("crud", updated.outs);
            expect((await api.getStore("crud")).status).to.equal(404);
            expect((await stores.read("crud", updated.outs)).id).to.equal("");
            await stores.delete("crud", updated.outs); // already gone: fine
        });

        it("read reports drift made out of band, and diff then asks for an update", async () => {
            const created = await stores.create({ storeId: "drifty", defaultTtlSeconds: 600 });
            await api.request("PATCH", "/stores/drifty", { defaultTtlSeconds: 60, persistent: false });
            const read = await stores.read("drifty", created.outs);
            expect(read.props).to.include({ defaultTtlSeconds: 60, persistent: false });
            expect(read.inputs).to.deep.equal({ storeId: "drifty", defaultTtlSeconds: 60 }); // persistent was not declared
            expect((await stores.diff("drifty", read.props, { storeId: "drifty", defaultTtlSeconds: 600 })).changes).to.equal(true);
            expect((await stores.diff("drifty", read.props, { storeId: "drifty", defaultTtlSeconds: 60 })).changes).to.equal(false);
            await stores.delete("drifty", read.props);
        });

        it("create refuses an existing store without adopt, and says how to adopt", async () => {
            await api.request("PUT", "/stores/taken", { defaultTtlSeconds: 100 });
            let message = "";
            await stores.create({ storeId: "taken", defaultTtlSeconds: 200 }).catch((e: Error) => (message = e.message));
            expect(message).to.match(/Store 'taken' already exists .*set `adopt: true`/);
            expect((await api.getStore("taken")).body.defaultTtlSeconds).to.equal(100);

            const adopted = await stores.create({ storeId: "taken", defaultTtlSeconds: 200, adopt: true });
            expect(adopted.outs.defaultTtlSeconds).to.equal(200);
            expect((await api.getStore("taken")).body.defaultTtlSeconds).to.equal(200);
            await stores.delete("taken", adopted.outs);
        });

        it("refuses an existing store even when it is empty and has exactly the declared settings (another stack's): GET only", async () => {
            await api.request("PUT", "/stores/twin", { defaultTtlSeconds: 300 });
            const seq = emulator.lastRequestSeq();
            const message = await stores.create({ storeId: "twin", defaultTtlSeconds: 300 }).then(
                () => "",
                (e: Error) => e.message,
            );
            expect(message).to.match(
                /^Store 'twin' already exists in organization .*, and this stack did not create it; Pulumi did not change it\./,
            );
            expect(message).to.match(
                /set `adopt: true` on the Store .*`pulumi destroy` of this stack then deletes the store with all its partitions and keys/,
            );
            expect(message).to.include("npx pulumi-anypoint-objectstore recover");
            const dataPlane = emulator.requests(seq).filter((r) => r.url.includes("/api/v1/"));
            expect(dataPlane.map((r) => r.method)).to.deep.equal(["GET"]);
            await api.request("DELETE", "/stores/twin");
        });

        it("usage limits round-trip and are diffed structurally", async () => {
            const { inputs } = await stores.check({}, { storeId: "limited", usageLimits: { maxKeys: 2 } });
            const created = await stores.create(inputs);
            expect(created.outs.usageLimits).to.deep.equal({ maxKeys: 2, enforcement: "REJECT" });
            expect((await stores.diff("limited", created.outs, inputs)).changes).to.equal(false);
            await stores.delete("limited", created.outs);
        });
    });

    describe("Partition and Key", () => {
        let storeOuts: any;

        before(async () => {
            storeOuts = (await stores.create({ storeId: "data" })).outs;
        });

        after(async () => {
            resetProcessPlan(); // the teardown is another stack operation (a destroy), whose plan declares nothing
            await stores.delete("data", storeOuts);
        });

        it("a partition is declared before its first key, materializes with it, and is deleted with its keys", async () => {
            const p = await partitions.create({ storeId: "data", partitionId: "p1" });
            expect(p.outs.exists).to.equal(false);
            expect((await partitions.read(p.id, p.outs)).id).to.equal(p.id); // not materialized yet is not "gone"

            const k = await keys.create({ storeId: "data", partitionId: "p1", keyId: "k1", stringValue: "v1" });
            const refreshed = await partitions.read(p.id, p.outs);
            expect(refreshed.props!.exists).to.equal(true);

            await partitions.delete(p.id, refreshed.props);
            expect((await api.request("HEAD", "/stores/data/partitions/p1")).status).to.equal(404);
            expect((await keys.read(k.id, k.outs)).id).to.equal("");
            expect((await partitions.read(p.id, refreshed.props)).id).to.equal(""); // existed before, now gone
        });

        it("partition create fails for a missing store or an existing partition without adopt", async () => {
            let message = "";
            await partitions.create({ storeId: "nope", partitionId: "p" }).catch((e: Error) => (message = e.message));
            expect(message).to.match(/Store 'nope' does not exist .*Declare it with a Store resource/);
            await api.request("PUT", api.keyPath("data", "busy", "app-key"), { valueType: "STRING", stringValue: "x" });
            await partitions.create({ storeId: "data", partitionId: "busy" }).catch((e: Error) => (message = e.message));
            expect(message).to.match(
                /Key or KeyEntries resources .*pass `partition.partitionId`.*Partition 'busy' of store 'data' already exists .*`adopt: true`/,
            );
            const adopted = await partitions.create({ storeId: "data", partitionId: "busy", adopt: true });
            expect(adopted.outs.exists).to.equal(true);
        });

        it("keys of each value type: create, read, drift, update, delete", async () => {
            const cases = [
                { keyId: "s", value: { stringValue: "hello" }, drift: { valueType: "STRING", stringValue: "changed" } },
                { keyId: "n", value: { numberValue: 1.5 }, drift: { valueType: "NUMBER", numberValue: 2 } },
                {
                    keyId: "b",
                    value: { binaryValue: Buffer.from([1, 2, 3]).toString("base64url") },
                    drift: { valueType: "BINARY", binaryValue: "AAAA" },
                },
            ];
            for (const c of cases) {
                const { inputs } = await keys.check({}, { storeId: "data", partitionId: "p2", keyId: c.keyId, ...c.value });
                const created = await keys.create(inputs);
                const read = await keys.read(created.id, created.outs);
                expect(read.props).to.deep.equal(created.outs);
                expect((await keys.diff(created.id, read.props, inputs)).changes).to.equal(false);

                await api.request("PUT", api.keyPath("data", "p2", c.keyId), c.drift);
                const drifted = await keys.read(created.id, created.outs);
                expect((await keys.diff(created.id, drifted.props, inputs)).changes, c.keyId).to.equal(true);
                const updated = await keys.update(created.id, drifted.props, inputs);
                expect((await keys.diff(created.id, updated.outs, inputs)).changes).to.equal(false);

                await keys.delete(created.id, updated.outs);
                expect((await api.getKey("data", "p2", c.keyId)).status).to.equal(404);
            }
        });

        it("key create refuses an existing key without adopt; adopt overwrites it", async () => {
            await api.request("PUT", api.keyPath("data", "p3", "exists"), { valueType: "STRING", stringValue: "app" });
            let message = "";
            await keys
                .create({ storeId: "data", partitionId: "p3", keyId: "exists", stringValue: "seed" })
                .catch((e: Error) => (message = e.message));
            expect(message).to.match(
                /^Key 'exists' in partition 'p3' of store 'data' already exists in organization .*`adopt: true` on the Key/,
            );
            expect((await api.getKey("data", "p3", "exists")).body.stringValue).to.equal("app");
            await keys.create({ storeId: "data", partitionId: "p3", keyId: "exists", stringValue: "seed", adopt: true });
            expect((await api.getKey("data", "p3", "exists")).body.stringValue).to.equal("seed");
        });

        it("keys whose names need URL encoding round-trip without a diff", async () => {
            for (const keyId of ["with space", "a/b", "plus+sign", "ünïcødé ✓", "%41"]) {
                const created = await keys.create({ storeId: "data", partitionId: "enc", keyId, stringValue: keyId });
                const read = await keys.read(created.id, created.outs);
                expect(read.id, keyId).to.equal(created.id);
                expect(read.props!.stringValue).to.equal(keyId);
                expect(
                    (await keys.diff(created.id, read.props, { storeId: "data", partitionId: "enc", keyId, stringValue: keyId })).changes,
                ).to.equal(false);
            }
        });
    });

    describe("what the provider sends (the emulator's request journal)", () => {
        /** Data-plane requests since `seq`, as "METHOD path" lines, with their bodies. */
        const sent = (seq: number) =>
            emulator
                .requests(seq)
                .filter((r) => r.url.includes("/api/v1/"))
                .map((r) => ({
                    line: `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/environments\/[^/]+/, ""))} ${r.status}`,
                    body: r.body,
                }));
        let storeOuts: any;

        before(async () => {
            storeOuts = (await stores.create({ storeId: "sent" })).outs;
        });

        after(async () => {
            resetProcessPlan(); // the teardown is another stack operation (a destroy), whose plan declares nothing
            await stores.delete("sent", storeOuts);
        });

        it("creates a key with a GET (absent) and one POST", async () => {
            const seq = emulator.lastRequestSeq();
            await keys.create({ storeId: "sent", partitionId: "p", keyId: "one", stringValue: "v" });
            expect(sent(seq).map((r) => r.line)).to.deep.equal([
                "GET /stores/sent/partitions/p/keys/one 404",
                "POST /stores/sent/partitions/p/keys/one 201",
            ]);
        });

        it("refuses a key that already exists, even with the declared value (another stack's): one GET, no write", async () => {
            await api.request("PUT", api.keyPath("sent", "p", "left"), { valueType: "NUMBER", numberValue: 5 });
            for (const numberValue of [5, 6]) {
                const seq = emulator.lastRequestSeq();
                const error = await keys.create({ storeId: "sent", partitionId: "p", keyId: "left", numberValue }).catch((e: Error) => e);
                expect((error as Error).message).to.match(/^Key 'left' in partition 'p' of store 'sent' already exists .*`adopt: true`/);
                expect(sent(seq).map((r) => r.line)).to.deep.equal(["GET /stores/sent/partitions/p/keys/left 200"]);
            }
            expect((await api.getKey("sent", "p", "left")).body.numberValue).to.equal(5);
        });

        it("adopts a key without writing when its value already matches, and PUTs when it differs", async () => {
            expect(
                (await api.request("PUT", api.keyPath("sent", "p", "adopted"), { valueType: "BINARY", binaryValue: "+/8=" })).status,
            ).to.equal(201);
            let seq = emulator.lastRequestSeq();
            await keys.create({ storeId: "sent", partitionId: "p", keyId: "adopted", binaryValue: "-_8", adopt: true });
            expect(sent(seq).map((r) => r.line)).to.deep.equal(["GET /stores/sent/partitions/p/keys/adopted 200"]);
            seq = emulator.lastRequestSeq();
            await keys.create({ storeId: "sent", partitionId: "p", keyId: "adopted", stringValue: "+/8=", adopt: true });
            expect(sent(seq).map((r) => r.line)).to.deep.equal([
                "GET /stores/sent/partitions/p/keys/adopted 200",
                "PUT /stores/sent/partitions/p/keys/adopted 200",
            ]);
        });

        it("adopts a store without writing when its settings match, and PATCHes only the differing settings", async () => {
            await api.request("PUT", "/stores/adopt-me", { defaultTtlSeconds: 3_600, isFixedTtl: null });
            let seq = emulator.lastRequestSeq();
            const same = await stores.create({
                storeId: "adopt-me",
                defaultTtlSeconds: 3_600,
                isFixedTtl: false,
                persistent: true,
                adopt: true,
            });
            expect(sent(seq).map((r) => r.line)).to.deep.equal(["GET /stores/adopt-me 200"]);
            seq = emulator.lastRequestSeq();
            await stores.create({ storeId: "adopt-me", defaultTtlSeconds: 60, persistent: true, adopt: true });
            expect(sent(seq)).to.deep.equal([
                { line: "GET /stores/adopt-me 200", body: undefined },
                { line: "PATCH /stores/adopt-me 200", body: { defaultTtlSeconds: 60 } },
            ]);
            await stores.delete("adopt-me", same.outs);
        });

        it("sends the clamped TTL itself, and returns a removed setting to the service default", async () => {
            let seq = emulator.lastRequestSeq();
            const { inputs } = await stores.check(
                {},
                { storeId: "clear-me", defaultTtlSeconds: 45 * 86_400, usageLimits: { maxKeys: 10 } },
            );
            const created = await stores.create(inputs);
            expect(sent(seq)).to.deep.equal([
                { line: "GET /stores/clear-me 404", body: undefined },
                {
                    line: "PUT /stores/clear-me 201",
                    body: { defaultTtlSeconds: 2_592_000, usageLimits: { maxKeys: 10, maxSizeBytes: null, enforcement: "REJECT" } },
                },
            ]);
            const news = { storeId: "clear-me", defaultTtlSeconds: 60 };
            expect((await stores.diff("clear-me", created.outs, news)).changes).to.equal(true);
            seq = emulator.lastRequestSeq();
            const updated = await stores.update("clear-me", created.outs, news);
            expect(sent(seq)).to.deep.equal([{ line: "PATCH /stores/clear-me 200", body: { defaultTtlSeconds: 60, usageLimits: null } }]);
            expect(updated.outs.usageLimits).to.equal(undefined);
            expect(updated.outs.declaredProperties).to.deep.equal(["defaultTtlSeconds"]);
            expect((await stores.diff("clear-me", updated.outs, news)).changes).to.equal(false);
            await stores.delete("clear-me", updated.outs);
        });

        it("reads a key and a partition from the resource id alone (refresh --import-pending-creates)", async () => {
            const created = await keys.create({ storeId: "sent", partitionId: "a/b c", keyId: "ü/+ key", stringValue: "x" });
            expect(created.id, "the key id as OSv2 stores it: its space is a '+'").to.equal("sent/a%2Fb%20c/%C3%BC%2F%2B%2Bkey");
            const read = await keys.read(created.id, {} as any);
            expect(read.props).to.deep.equal(created.outs);
            const partition = await partitions.read("sent/a%2Fb%20c", {} as any);
            expect(partition.props).to.include({ storeId: "sent", partitionId: "a/b c", exists: true });
            expect((await keys.read("sent/a%2Fb%20c/missing", {} as any)).id).to.equal("");
        });
    });

    describe("configuration errors", () => {
        it("create without credentials fails with a message that lists how to set them, and names no secret", async () => {
            resetConnection();
            const saved = { ...process.env };
            for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
            try {
                let message = "";
                await stores.create({ storeId: "x" }).catch((e: Error) => (message = e.message));
                expect(message).to.match(/anypoint:organizationId/);
                expect(message).to.match(/ANYPOINT_CLIENT_ID|anypoint:clientId/);
            } finally {
                process.env = saved;
                configureForEmulator(emulator);
            }
        });
    });
});

/**
 * The KeyEntries provider (check, diff, create, read, update, delete) against the emulator over
 * HTTP, asserting on what the provider SENT (the emulator's request log): only the requests each
 * operation needs. Also counts the requests of the single-resource providers (Store, Partition,
 * Key) for the same operations. Out-of-band changes go through the emulator's own API.
 */
import { expect } from "chai";
import { configureForEmulator } from "../support/provider-emulator";
import { RunningEmulator, startEmulator } from "../../emulator";
import { resetConnection } from "../../provider/config";
import { runtimeProvider } from "../../provider/dynamic/runtime";
import { KeyProvider } from "../../provider/resources/key";
import { KeyEntriesProvider, KeyEntriesWriteError } from "../../provider/resources/key-entries";
import type { EntryMap, KeyEntriesOutputs } from "../../provider/resources/key-entries-plan";
import { PartitionProvider } from "../../provider/resources/partition";
import { StoreProvider } from "../../provider/resources/store";
import { EmulatorApi } from "../e2e/harness";

const STORE = "bulk";

/** Data-plane requests (method and path relative to the environment) from the emulator's request log. */
class RequestLog {
    lines: string[] = [];
    readonly record = (line: string) => void this.lines.push(line);
    /** Forgets what was logged so far. */
    reset(): void {
        this.lines = [];
    }
    /** `METHOD /stores/...` for every OSv2 data-plane request since the last reset. */
    requests(): string[] {
        return this.lines
            .map((l) => l.split(" "))
            .filter(([, , url]) => url.startsWith("/api/v1/"))
            .map(([, method, url]) => `${method} ${url.replace(/^\/api\/v1\/organizations\/[^/]+\/environments\/[^/]+/, "")}`);
    }
    /** Requests counted per method. */
    byMethod(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.requests()) counts[r.split(" ")[0]] = (counts[r.split(" ")[0]] ?? 0) + 1;
        return counts;
    }
}

function entries(n: number, prefix = "k"): EntryMap {
    const out: EntryMap = {};
    for (let i = 0; i < n; i++)
        out[`${prefix}${String(i).padStart(3, "0")}`] =
            i % 3 === 0
                ? { numberValue: i }
                : i % 3 === 1
                  ? { stringValue: `v${i}` }
                  : { binaryValue: Buffer.from([i]).toString("base64") };
    return out;
}

describe("KeyEntries provider against the emulator (requests sent)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    const log = new RequestLog();
    const provider = new KeyEntriesProvider();
    const keyPath = (partitionId: string, keyId: string) => api.keyPath(STORE, partitionId, keyId);

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict", logRequests: log.record });
        api = new EmulatorApi(emulator);
        configureForEmulator(emulator, { "anypoint:requestsPerSecond": "0" });
        expect((await api.request("PUT", `/stores/${STORE}`, {})).status).to.be.oneOf([200, 201]);
    });

    after(async () => {
        resetConnection();
        await emulator?.close();
    });

    it("create lists the partition's keys once and POSTs each entry once; update sends only the difference; refresh reads the recorded keys by the page; delete leaves application keys", async () => {
        const declared = entries(30);
        const { inputs } = (await provider.check({}, { storeId: STORE, partitionId: "seed", entries: declared })) as { inputs: any };

        log.reset();
        const created = await provider.create(inputs);
        expect(log.byMethod(), "create").to.deep.equal({ GET: 1, POST: 30 });
        expect(log.requests()[0], "which keys exist: one page of the key listing (a new partition: 404)").to.equal(
            `GET /stores/${STORE}/partitions/seed/keys`,
        );
        expect(created.outs.entryCount).to.equal(30);
        expect((await api.getKey(STORE, "seed", "k001")).body).to.include({ valueType: "STRING", stringValue: "v1" });

        // Two changed, one added, one removed, 26 untouched.
        const next: EntryMap = { ...declared, k001: { stringValue: "changed" }, k003: { numberValue: -1 }, added: { stringValue: "new" } };
        delete next.k029;
        const d = await provider.diff(created.id, created.outs, { ...inputs, entries: next });
        expect(d).to.deep.equal({
            changes: true,
            replaces: [],
            changed: ['entries["added"]', 'entries["k001"]', 'entries["k003"]', 'entries["k029"]'],
        });
        log.reset();
        const updated = await provider.update(created.id, created.outs, { ...inputs, entries: next });
        expect(log.requests().sort(), "update").to.deep.equal(
            [
                "PUT " + keyPath("seed", "k001"),
                "PUT " + keyPath("seed", "k003"),
                "GET " + keyPath("seed", "added"), // the key it adds does not exist yet (one key: one GET)
                "POST " + keyPath("seed", "added"),
                "DELETE " + keyPath("seed", "k029"),
            ].sort(),
        );
        expect(updated.outs.entries).to.deep.equal(next);
        expect((await provider.diff(created.id, updated.outs, { ...inputs, entries: next })).changes).to.equal(false);

        // Applications write their own keys; someone changes and deletes declared keys.
        for (let i = 0; i < 5; i++) await api.request("PUT", keyPath("seed", `app-${i}`), { valueType: "STRING", stringValue: "runtime" });
        await api.request("PUT", keyPath("seed", "k002"), { valueType: "STRING", stringValue: "drifted" });
        await api.request("DELETE", keyPath("seed", "k004"));
        log.reset();
        const read = await provider.read(created.id, updated.outs as KeyEntriesOutputs);
        const pages = Math.ceil((30 + 5 - 1) / 25); // 29 declared keys left + 5 application keys, 25 values per page
        expect(
            log.requests().map((r) => r.split("?")[0]),
            "refresh: the value listing, and one GET for the recorded key it does not name",
        ).to.deep.equal([...Array.from({ length: pages }, () => `GET /stores/${STORE}/partitions/seed`), "GET " + keyPath("seed", "k004")]);
        expect(read.props.partitionKeyCount, "recorded for the next refresh").to.equal(34);
        expect(read.inputs, "not an input").to.not.have.property("partitionKeyCount");
        expect(read.props.entries.k002).to.deep.equal({ stringValue: "drifted" });
        expect(read.props.entries).to.not.have.property("k004");
        expect(Object.keys(read.props.entries).some((k) => k.startsWith("app-"))).to.equal(false);
        expect(read.inputs!.entries).to.deep.equal(read.props.entries);
        expect(read.inputs).to.not.have.property("resolvedRegion");
        expect((await provider.diff(created.id, read.props, { ...inputs, entries: next })).changes).to.equal(true);

        // up --refresh: exactly the two drifted keys are written again.
        log.reset();
        const restored = await provider.update(created.id, read.props, { ...inputs, entries: next });
        expect(log.requests().sort(), "update after refresh").to.deep.equal(
            ["GET " + keyPath("seed", "k004"), "POST " + keyPath("seed", "k004"), "PUT " + keyPath("seed", "k002")].sort(),
        );
        expect(restored.outs.entries).to.deep.equal(next);

        log.reset();
        await provider.delete(created.id, restored.outs);
        expect(log.byMethod(), "destroy").to.deep.equal({ DELETE: 30 });
        expect((await api.listKeyIds(STORE, "seed")).sort()).to.deep.equal(["app-0", "app-1", "app-2", "app-3", "app-4"]);
    });

    it("partial failure: the error carries the id and the entries really written; the next update sends only the rest", async () => {
        const declared = entries(12, "p");
        const fault = await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ method: "POST", route: "/keys/p00[47]$", status: 400 }),
        });
        expect(fault.status).to.equal(201);
        log.reset();
        const err = await provider.create({ storeId: STORE, partitionId: "partial", entries: declared }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err).to.be.instanceOf(KeyEntriesWriteError);
        const partial = err as KeyEntriesWriteError;
        expect(partial.message).to.match(/2 of 12 key writes .* failed[\s\S]*p004[\s\S]*run `pulumi up` again/);
        expect(partial.id).to.equal(`${STORE}/partial/*`);
        expect(Object.keys(partial.properties.entries).sort()).to.deep.equal(
            Object.keys(declared).filter((k) => k !== "p004" && k !== "p007"),
        );
        expect((await api.listKeyIds(STORE, "partial")).length).to.equal(10);

        await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
        log.reset();
        const finished = await provider.update(partial.id!, partial.properties, {
            storeId: STORE,
            partitionId: "partial",
            entries: declared,
        });
        expect(log.requests().sort()).to.deep.equal([
            `GET /stores/${STORE}/partitions/partial/keys`, // the two keys to add do not exist (one page of the key listing)
            "POST " + keyPath("partial", "p004"),
            "POST " + keyPath("partial", "p007"),
        ]);
        expect(finished.outs.entries).to.deep.equal(declared);
    });

    it("refresh of a deleted partition reads no entries (the listing's 404, checked by HEAD) and the next update writes them all again", async () => {
        const declared = entries(3, "g");
        const created = await provider.create({ storeId: STORE, partitionId: "gone", entries: declared });
        await api.request("DELETE", `/stores/${STORE}/partitions/gone`);
        log.reset();
        const read = await provider.read(created.id, created.outs as KeyEntriesOutputs);
        expect(log.byMethod()).to.deep.equal({ GET: 1, HEAD: 1 });
        expect(read.props.partitionKeyCount).to.equal(0);
        expect(read.id).to.equal(created.id);
        expect(read.props.entries).to.deep.equal({});
        log.reset();
        await provider.update(created.id, read.props, { storeId: STORE, partitionId: "gone", entries: declared });
        expect(log.byMethod(), "the key listing's 404, then the POSTs").to.deep.equal({ GET: 1, POST: 3 });
    });

    it("the dynamic door's read from an id alone (the `import` resource option) fails with the ways to take keys over, sending nothing", async () => {
        const door = runtimeProvider("keyEntries");
        log.reset();
        const err = (await door.read!(`${STORE}/seed`, {}).catch((e) => e)) as Error;
        expect(err.message).to.include(`A KeyEntries cannot be imported from an id alone ("${STORE}/seed")`);
        expect(err.message).to.include("`adopt: true`");
        expect(log.requests()).to.deep.equal([]);
    });

    it("the dynamic door records entries in the stored form: checked inputs, outputs, refresh, a partial failure; legacy state reads the same", async () => {
        const door = runtimeProvider("keyEntries");
        const declared: EntryMap = { s: { stringValue: "a" }, n: { numberValue: 1 }, b: { binaryValue: "AAE=" } };
        const stored = { s: "a", n: 1, b: { binaryValue: "AAE=" } };
        const checked = await door.check!({}, { storeId: STORE, partitionId: "door", entries: declared });
        expect(checked.inputs.entries).to.deep.equal(stored);
        const created = await door.create(checked.inputs);
        expect(created.outs.entries).to.deep.equal(stored);
        const read = await door.read!(created.id, created.outs);
        expect(read.props!.entries).to.deep.equal(stored);
        expect(read.inputs!.entries).to.deep.equal(stored);
        const legacy = { ...created.outs, entries: declared }; // what earlier versions recorded
        expect((await door.diff!(created.id, legacy, checked.inputs)).changes).to.equal(false);
        expect((await door.diff!(created.id, created.outs, { ...checked.inputs, entries: declared })).changes).to.equal(false);

        await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ method: "POST", route: "/partitions/door/keys/new2$", status: 400 }),
        });
        const next = { ...stored, s: "changed", new1: "x", new2: "y" };
        const err = (await door.update!(created.id, legacy, { ...checked.inputs, entries: next }).catch((e) => e)) as KeyEntriesWriteError;
        await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
        expect(err).to.be.instanceOf(KeyEntriesWriteError);
        expect(err.properties.entries).to.deep.equal({ s: "changed", n: 1, b: { binaryValue: "AAE=" }, new1: "x" });
        await door.delete!(created.id, err.properties);
    });

    it("an update whose every write fails is a plain error (the engine keeps the old, still true, state)", async () => {
        const created = await provider.create({ storeId: STORE, partitionId: "allfail", entries: { a: { stringValue: "1" } } });
        await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ route: "/partitions/allfail/", status: 400 }),
        });
        const err = (await provider
            .update(created.id, created.outs, { storeId: STORE, partitionId: "allfail", entries: { a: { stringValue: "2" } } })
            .catch((e) => e)) as KeyEntriesWriteError;
        await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
        expect(err).to.be.instanceOf(KeyEntriesWriteError);
        expect(err.id).to.equal(undefined);
    });

    it("existing keys fail without adopt, whatever their value (another stack's), found by the key listing before any write; with adopt, GET each and PUT only when the value differs", async () => {
        await api.request("PUT", keyPath("adopt", "same"), { valueType: "STRING", stringValue: "x" });
        await api.request("PUT", keyPath("adopt", "other"), { valueType: "STRING", stringValue: "old" });
        const declared = { same: { stringValue: "x" }, other: { stringValue: "new" }, fresh: { numberValue: 1 } };
        log.reset();
        const refused = (await provider
            .create({ storeId: STORE, partitionId: "adopt", entries: declared })
            .catch((e) => e)) as KeyEntriesWriteError;
        expect(refused.message).to.match(/2 of 3 key writes/);
        expect(refused.message).to.match(
            /same: Key 'same' in partition 'adopt' of store '.*' already exists in organization .*`adopt: true` on the KeyEntries/,
        );
        expect(refused.message).to.match(/other: Key 'other' in partition 'adopt' of store '.*' already exists/);
        // Only the key this create wrote is recorded; the existing ones are not taken over, nor written to.
        expect(Object.keys(refused.properties.entries)).to.deep.equal(["fresh"]);
        expect(log.requests()).to.deep.equal([`GET /stores/${STORE}/partitions/adopt/keys`, "POST " + keyPath("adopt", "fresh")]);
        expect((await api.getKey(STORE, "adopt", "same")).body.stringValue).to.equal("x");
        expect((await api.getKey(STORE, "adopt", "other")).body.stringValue).to.equal("old");
        await api.request("DELETE", keyPath("adopt", "fresh"));

        log.reset();
        const adopted = await provider.create({ storeId: STORE, partitionId: "adopt", entries: declared, adopt: true });
        expect(log.byMethod()).to.deep.equal({ GET: 3, PUT: 1, POST: 1 });
        expect(log.requests()).to.include("PUT " + keyPath("adopt", "other"));
        expect(adopted.outs.entries).to.deep.equal(declared);
    });

    it("findUpdated (recover after a cut update) records the keys holding their new values, keeps the rest as recorded, and only reads", async () => {
        const declared = entries(10);
        const { inputs } = (await provider.check({}, { storeId: STORE, partitionId: "cut", entries: declared })) as { inputs: any };
        const created = await provider.create(inputs);
        const next: EntryMap = { ...declared, k001: { stringValue: "new" }, added0: { numberValue: 0 }, added1: { numberValue: 1 } };
        Object.assign(next, { added2: { numberValue: 2 }, added3: { numberValue: 3 } });
        delete next.k009;
        // The cut update wrote k001 and added0, added1; added2 holds someone else's value; added3 and k009's delete were not sent.
        await api.request("PUT", keyPath("cut", "k001"), { valueType: "STRING", stringValue: "new" });
        for (const k of ["added0", "added1"])
            await api.request("PUT", keyPath("cut", k), { valueType: "NUMBER", numberValue: Number(k.slice(-1)) });
        await api.request("PUT", keyPath("cut", "added2"), { valueType: "STRING", stringValue: "theirs" });

        log.reset();
        const found = await provider.findUpdated(created.outs, { ...inputs, entries: next });
        expect(
            log.requests().filter((r) => !r.startsWith("GET")),
            "only reads",
        ).to.deep.equal([]);
        if (found.state !== "updated") expect.fail(JSON.stringify(found));
        expect(found.written.sort()).to.deep.equal(["added0", "added1", "k001"]);
        expect(found.others, "not taken").to.deep.equal(["added2"]);
        expect(found.outs.entries.k001).to.deep.equal({ stringValue: "new" });
        expect(found.outs.entries.k009, "a removed key stays recorded until its DELETE is sent").to.deep.equal(declared.k009);
        expect(found.outs.entryCount).to.equal(12);
        const rest = await provider.diff(created.id, found.outs, { ...inputs, entries: next });
        expect(rest.changed, "the next up sends only what the update did not").to.deep.equal([
            'entries["added2"]',
            'entries["added3"]',
            'entries["k009"]',
        ]);

        const untouched = await provider.findUpdated(created.outs, { ...inputs, entries: { ...declared, zz: { stringValue: "x" } } });
        expect(untouched.state).to.equal("not-updated");
    });
});

describe("single-resource providers against the emulator (requests sent per operation)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    const log = new RequestLog();

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict", logRequests: log.record });
        configureForEmulator(emulator);
    });

    after(async () => {
        resetConnection();
        await emulator?.close();
    });

    it("Store, Partition and Key: each operation sends exactly the requests its result needs", async () => {
        const counts: Record<string, string[]> = {};
        const measure = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
            log.reset();
            const result = await fn();
            counts[name] = log.requests();
            return result;
        };
        const stores = new StoreProvider(),
            partitions = new PartitionProvider(),
            keys = new KeyProvider();
        const s = await measure("Store create", () => stores.create({ storeId: "single", defaultTtlSeconds: 600 }));
        await measure("Store refresh", () => stores.read(s.id, s.outs));
        const su = await measure("Store update", () => stores.update(s.id, s.outs, { storeId: "single", defaultTtlSeconds: 1200 }));
        const p = await measure("Partition create", () => partitions.create({ storeId: "single", partitionId: "p" }));
        const k = await measure("Key create", () => keys.create({ storeId: "single", partitionId: "p", keyId: "k", stringValue: "v" }));
        await measure("Key refresh", () => keys.read(k.id, k.outs));
        await measure("Partition refresh", () => partitions.read(p.id, p.outs));
        await measure("Key update", () => keys.update(k.id, k.outs, { storeId: "single", partitionId: "p", keyId: "k", stringValue: "w" }));
        await measure("Key destroy", () => keys.delete(k.id, k.outs));
        await measure("Partition destroy", () => partitions.delete(p.id, p.outs));
        await measure("Store destroy", () => stores.delete(s.id, su.outs));
        for (const [name, requests] of Object.entries(counts))
            console.log(`      ${name}: ${requests.length} (${requests.map((r) => r.split(" ")[0]).join(", ")})`);
        const methods = (name: string) => counts[name].map((r) => r.split(" ")[0]);
        // Store create: GET then PUT (OSv2 has no create-only call for stores); Partition create
        // checks the store and the partition and writes nothing; Key create reads the key, then POSTs it
        // (the GET: a create never takes over a key, whatever POST does with an existing one).
        expect(methods("Store create"), "Store create").to.deep.equal(["GET", "PUT"]);
        expect(methods("Store refresh"), "Store refresh").to.deep.equal(["GET"]);
        expect(methods("Store update"), "Store update").to.deep.equal(["PATCH"]);
        expect(methods("Partition create"), "Partition create").to.deep.equal(["GET", "HEAD"]);
        expect(methods("Partition refresh"), "Partition refresh").to.deep.equal(["HEAD"]);
        expect(methods("Key create"), "Key create").to.deep.equal(["GET", "POST"]);
        expect(methods("Key refresh"), "Key refresh").to.deep.equal(["GET"]);
        expect(methods("Key update"), "Key update").to.deep.equal(["PUT"]);
        expect(methods("Key destroy"), "Key destroy").to.deep.equal(["DELETE"]);
        expect(methods("Partition destroy"), "Partition destroy").to.deep.equal(["DELETE"]);
        expect(methods("Store destroy"), "Store destroy").to.deep.equal(["DELETE"]);
    });
});

import { expect } from "chai";
import { ObjectStoreApiError } from "../../../provider/client/errors";
import { ValueListingSupport } from "../../../provider/client/partition-values";
import type { KeyValue, StoreInfo } from "../../../provider/client/types";
import { progressLine } from "../../../provider/import/progress";
import { type EstateClient, type ReadProgress, readEstate } from "../../../provider/import/reader";

const SOURCE = { organizationId: "o", environmentId: "e", region: "us-east-1", baseUrl: "http://x" };

const store = (storeId: string): StoreInfo => ({
    storeId,
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 60,
    defaultConfirmationTtlSeconds: 600,
    isFixedTtl: null,
    usageLimits: null,
});

const notFound = () =>
    new ObjectStoreApiError({ operation: "ListPartitions", method: "GET", path: "/x", statusCode: 404, serverMessage: "not found" });

let endpoints = 0;

/**
 * An in-memory estate: store -> partition -> key -> value; `gone` ids vanish after being listed.
 * Its value listing serves values in pages of 2 when `servesValues`, else it lists keys only.
 */
function fakeClient(
    data: Record<string, Record<string, Record<string, string>>>,
    gone: Set<string> = new Set(),
    servesValues = false,
): EstateClient & { calls: string[] } {
    const calls: string[] = [];
    return {
        calls,
        baseUrl: `http://fake-${endpoints++}`,
        async listValues(storeId: string, partitionId: string, options: { nextPageToken?: string | null } = {}) {
            calls.push(`values ${storeId}/${partitionId} ${options.nextPageToken ?? ""}`);
            const all = Object.entries(data[storeId][partitionId]);
            const start = Number(options.nextPageToken ?? 0);
            const next = start + 2 < all.length ? String(start + 2) : null;
            const values = all
                .slice(start, start + 2)
                .map(([keyId, v]) => (servesValues ? { keyId, value: { valueType: "STRING" as const, stringValue: v } } : { keyId }));
            return { values, nextPageToken: next };
        },
        async partitionExists(storeId: string, partitionId: string) {
            calls.push(`head ${storeId}/${partitionId}`);
            return data[storeId]?.[partitionId] !== undefined;
        },
        async listAllStores(options: { beginsWith?: string } = {}) {
            calls.push(`stores ${options.beginsWith ?? ""}`);
            return Object.keys(data).map(store); // ignores beginsWith, as a lax service might
        },
        async getStore(storeId: string) {
            calls.push(`store ${storeId}`);
            return data[storeId] ? store(storeId) : undefined;
        },
        async listAllPartitions(storeId: string) {
            calls.push(`partitions ${storeId}`);
            if (gone.has(storeId)) throw notFound();
            return Object.keys(data[storeId]);
        },
        async listKeys(storeId: string, partitionId: string, options: { nextPageToken?: string | null } = {}) {
            calls.push(`keys ${storeId}/${partitionId} ${options.nextPageToken ?? ""}`);
            const all = Object.keys(data[storeId][partitionId]);
            const start = Number(options.nextPageToken ?? 0);
            const next = start + 2 < all.length ? String(start + 2) : null;
            return { values: all.slice(start, start + 2).map((keyId) => ({ keyId })), nextPageToken: next };
        },
        async getKey(storeId: string, partitionId: string, keyId: string): Promise<KeyValue | undefined> {
            calls.push(`key ${keyId}`);
            if (gone.has(keyId)) return undefined;
            return { keyId, valueType: "STRING", stringValue: data[storeId][partitionId][keyId] };
        },
    } as EstateClient & { calls: string[] };
}

describe("import: estate reader (fake client)", () => {
    it("reads keys with their values by the page where the endpoint serves them: no key listing, no GET per key", async () => {
        const client = fakeClient({ s1: { p: { a: "1", b: "2", c: "3", d: "4", e: "5" } }, s2: {} }, new Set(), true);
        const events: ReadProgress[] = [];
        const estate = await readEstate(client, SOURCE, {
            withKeys: true,
            onProgress: (p) => events.push(p),
            valueListing: new ValueListingSupport(() => undefined),
        });
        expect(estate.stores[0].partitions[0].keys!.map((k) => [k.keyId, k.value.stringValue])).to.deep.equal([
            ["a", "1"],
            ["b", "2"],
            ["c", "3"],
            ["d", "4"],
            ["e", "5"],
        ]);
        expect(estate.stores[0].partitions[0].keys![0].value).to.deep.equal({ keyId: "a", valueType: "STRING", stringValue: "1" });
        expect(client.calls.filter((c) => !c.startsWith("values "))).to.deep.equal(["stores ", "partitions s1", "partitions s2"]);
        expect(client.calls.filter((c) => c.startsWith("values "))).to.have.length(3); // pages of 2
        expect(events[events.length - 1]).to.include({ calls: 1 + 2 + 3, valuesRead: 5, keysListed: 5, vanished: 0 });
    });

    it("where the endpoint does not serve values: one listing request, then every key page and every value, said once", async () => {
        const client = fakeClient({ s1: { p: { a: "1", b: "2", c: "3", d: "4", e: "5" } }, s2: {} });
        const events: ReadProgress[] = [];
        const lines: string[] = [];
        const estate = await readEstate(client, SOURCE, {
            withKeys: true,
            onProgress: (p) => events.push(p),
            now: () => new Date(0),
            valueListing: new ValueListingSupport((m) => lines.push(m)),
        });
        expect(lines).to.have.length(1);
        expect(estate.readAt).to.equal("1970-01-01T00:00:00.000Z");
        expect(estate.stores.map((s) => s.store.storeId)).to.deep.equal(["s1", "s2"]);
        expect(estate.stores[0].partitions[0].keys!.map((k) => [k.keyId, k.value.stringValue])).to.deep.equal([
            ["a", "1"],
            ["b", "2"],
            ["c", "3"],
            ["d", "4"],
            ["e", "5"],
        ]);
        expect(client.calls.filter((c) => c.startsWith("keys "))).to.have.length(3); // pages of 2
        expect(events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1])).to.deep.equal([
            "stores",
            "partitions",
            "keys",
            "values",
            "done",
        ]);
        expect(events[events.length - 1]).to.include({ calls: 1 + 2 + 1 + 3 + 5, valuesRead: 5, keysListed: 5, vanished: 0 });
    });

    it("skips and counts a store or key that vanishes while being read", async () => {
        const client = fakeClient({ s1: { p: { a: "1", b: "2" } }, s2: { q: { x: "9" } } }, new Set(["s2", "b"]));
        let last: ReadProgress | undefined;
        const estate = await readEstate(client, SOURCE, {
            withKeys: true,
            onProgress: (p) => (last = p),
            valueListing: new ValueListingSupport(() => undefined),
        });
        expect(estate.stores.map((s) => s.store.storeId)).to.deep.equal(["s1"]);
        expect(estate.stores[0].partitions[0].keys!.map((k) => k.keyId)).to.deep.equal(["a"]);
        expect(last!.vanished).to.equal(2);
    });

    it("applies --begins-with again on what the service returns, and reads no key without --with-keys", async () => {
        const client = fakeClient({ APP_a: { p: { k: "v" } }, other: {} });
        const estate = await readEstate(client, SOURCE, { withKeys: false, beginsWith: "APP_" });
        expect(estate.stores.map((s) => s.store.storeId)).to.deep.equal(["APP_a"]);
        expect(estate.stores[0].partitions).to.deep.equal([{ partitionId: "p" }]);
        expect(client.calls.some((c) => c.startsWith("key"))).to.equal(false);
    });

    it("other API errors are not swallowed", async () => {
        const client = fakeClient({ s: {} });
        client.listAllPartitions = async () => {
            throw new ObjectStoreApiError({
                operation: "ListPartitions",
                method: "GET",
                path: "/x",
                statusCode: 403,
                serverMessage: "forbidden",
            });
        };
        let status: number | undefined;
        await readEstate(client, SOURCE, { withKeys: false }).catch((e: ObjectStoreApiError) => (status = e.statusCode));
        expect(status).to.equal(403);
    });

    it("progress lines carry counts only", () => {
        const p: ReadProgress = {
            phase: "values",
            stores: 3,
            storesDone: 3,
            partitions: 4,
            partitionsDone: 4,
            keysListed: 50,
            valuesRead: 20,
            calls: 30,
            vanished: 1,
        };
        expect(progressLine(p, 3_000)).to.equal(
            "reading values: stores 3, partitions 4, keys 50, values 20/50, vanished 1 (30 calls, 3.0 s 10.0 calls/s)",
        );
    });
});

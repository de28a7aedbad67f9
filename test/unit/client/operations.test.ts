import { expect } from "chai";
import { inspect } from "node:util";
import nock from "nock";
import fc from "fast-check";
import { ObjectStoreApiError, ObjectStoreConfigError, pathSegment } from "../../../provider/client";
import { ORG, P, freshHost, makeClient, useNock } from "./helpers";

const STORE = {
    storeId: "s",
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 86400,
    defaultConfirmationTtlSeconds: 600,
    isFixedTtl: null,
    usageLimits: null,
};

describe("client operations (nock)", () => {
    useNock();

    it("listRegions: GET /api/v1/organizations/{org}/regions (bare array)", async () => {
        const host = freshHost();
        nock(host)
            .get(`/api/v1/organizations/${ORG}/regions`)
            .reply(200, [{ id: "us-east-1", name: "US East (N. Virginia)", url: "http://object-store.us-east-1.anypoint.mulesoft.com" }]);
        expect(await makeClient({ baseUrl: host }).listRegions()).to.deep.equal([
            { id: "us-east-1", name: "US East (N. Virginia)", url: "http://object-store.us-east-1.anypoint.mulesoft.com" },
        ]);
    });

    it("listStores passes pageSize, nextPageToken and beginsWith, and normalizes the docs' shape", async () => {
        const host = freshHost();
        nock(host)
            .get(`${P}/stores`)
            .query({ pageSize: "2", nextPageToken: "tok", beginsWith: "APP_" })
            .reply(200, {
                values: [
                    {
                        storeId: "APP_a",
                        encrypted: true,
                        permanentOsFlag: false,
                        persistent: true,
                        defaultTtlSeconds: 2592000,
                        defaultConfirmationTtlSeconds: 600,
                        isFixedTtl: null,
                    },
                ],
                nextPageToken: null,
            });
        const page = await makeClient({ baseUrl: host }).listStores({ pageSize: 2, nextPageToken: "tok", beginsWith: "APP_" });
        expect(page).to.deep.equal({
            values: [
                {
                    storeId: "APP_a",
                    encrypted: true,
                    permanentOsFlag: false,
                    persistent: true,
                    defaultTtlSeconds: 2592000,
                    defaultConfirmationTtlSeconds: 600,
                    isFixedTtl: null,
                    usageLimits: null,
                },
            ],
            nextPageToken: null,
        });
    });

    it("listAllStores follows nextPageToken until null", async () => {
        const host = freshHost();
        nock(host)
            .get(`${P}/stores`)
            .query({ beginsWith: "x" })
            .reply(200, { values: [{ ...STORE, storeId: "x1" }], nextPageToken: "p2" })
            .get(`${P}/stores`)
            .query({ beginsWith: "x", nextPageToken: "p2" })
            .reply(200, { values: [{ ...STORE, storeId: "x2" }], nextPageToken: "p3" })
            .get(`${P}/stores`)
            .query({ beginsWith: "x", nextPageToken: "p3" })
            .reply(200, { values: [{ ...STORE, storeId: "x3" }], nextPageToken: null });
        const all = await makeClient({ baseUrl: host }).listAllStores({ beginsWith: "x" });
        expect(all.map((s) => s.storeId)).to.deep.equal(["x1", "x2", "x3"]);
    });

    it("listAllKeys / listAllPartitions follow pages; a repeated token is an error, not a loop", async () => {
        const host = freshHost();
        nock(host)
            .get(`${P}/stores/s/partitions/p/keys`)
            .query({})
            .reply(200, { values: [{ keyId: "a" }, { keyId: "b" }], nextPageToken: "n1" })
            .get(`${P}/stores/s/partitions/p/keys`)
            .query({ nextPageToken: "n1" })
            .reply(200, { values: [{ keyId: "c" }], nextPageToken: null })
            .get(`${P}/stores/s/partitions`)
            .query({})
            .reply(200, { values: ["p1"], nextPageToken: "same" })
            .get(`${P}/stores/s/partitions`)
            .query({ nextPageToken: "same" })
            .reply(200, { values: ["p2"], nextPageToken: "same" });
        const c = makeClient({ baseUrl: host });
        expect(await c.listAllKeys("s", "p")).to.deep.equal(["a", "b", "c"]);
        const err = await c.listAllPartitions("s").catch((e: unknown) => e);
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect((err as Error).message).to.include("twice");
    });

    it("getStore returns undefined on 404 and the store otherwise", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/gone`).reply(404, { status: 404, name: "NotFound", message: "Store not found" });
        nock(host)
            .get(`${P}/stores/s`)
            .reply(200, { ...STORE, usageLimits: { maxKeys: 10, maxSizeBytes: null, enforcement: "WARN" } });
        const c = makeClient({ baseUrl: host });
        expect(await c.getStore("gone")).to.equal(undefined);
        expect((await c.getStore("s"))?.usageLimits).to.deep.equal({ maxKeys: 10, maxSizeBytes: null, enforcement: "WARN" });
    });

    it("putStore sends only the given settings and accepts 201 or 200", async () => {
        const host = freshHost();
        nock(host)
            .put(`${P}/stores/s`, { defaultTtlSeconds: 86400, persistent: true })
            .matchHeader("content-type", "application/json")
            .reply(201, STORE)
            .put(`${P}/stores/s`, {})
            .reply(200, STORE);
        const c = makeClient({ baseUrl: host });
        expect(await c.putStore("s", { defaultTtlSeconds: 86400, persistent: true, isFixedTtl: undefined })).to.deep.equal(STORE);
        expect((await c.putStore("s", {})).storeId).to.equal("s");
    });

    it("patchStore sends a partial body; 404 is an ObjectStoreApiError", async () => {
        const host = freshHost();
        nock(host)
            .patch(`${P}/stores/s`, { isFixedTtl: true })
            .reply(200, { ...STORE, isFixedTtl: true })
            .patch(`${P}/stores/nope`)
            .reply(404, { message: "Store not found" });
        const c = makeClient({ baseUrl: host });
        expect((await c.patchStore("s", { isFixedTtl: true })).isFixedTtl).to.equal(true);
        const err = await c.patchStore("nope", { defaultTtlSeconds: 1 }).catch((e: unknown) => e);
        expect((err as ObjectStoreApiError).statusCode).to.equal(404);
        expect((err as Error).message).to.equal(
            `PatchStore PATCH ${P}/stores/nope failed: 404 Not Found: Store not found. It does not exist on ${host}. ` +
                "A store is only visible on the host of its home region: check anypoint:region (or anypoint:baseUrl).",
        );
    });

    it("delete methods return true on 2xx and false on 404", async () => {
        const host = freshHost();
        nock(host)
            .delete(`${P}/stores/s`)
            .reply(204)
            .delete(`${P}/stores/s`)
            .reply(404)
            .delete(`${P}/stores/s/partitions/p`)
            .reply(204)
            .delete(`${P}/stores/s/partitions/q`)
            .reply(404)
            .delete(`${P}/stores/s/partitions/p/keys/k`)
            .reply(204)
            .delete(`${P}/stores/s/partitions/p/keys/k`)
            .reply(404);
        const c = makeClient({ baseUrl: host });
        expect(await c.deleteStore("s")).to.equal(true);
        expect(await c.deleteStore("s")).to.equal(false);
        expect(await c.deletePartition("s", "p")).to.equal(true);
        expect(await c.deletePartition("s", "q")).to.equal(false);
        expect(await c.deleteKey("s", "p", "k")).to.equal(true);
        expect(await c.deleteKey("s", "p", "k")).to.equal(false);
    });

    it("partitionExists uses HEAD: 200 true, 404 false, 403 throws", async () => {
        const host = freshHost();
        nock(host)
            .head(`${P}/stores/s/partitions/p`)
            .reply(200)
            .head(`${P}/stores/s/partitions/x`)
            .reply(404)
            .head(`${P}/stores/s/partitions/y`)
            .reply(403);
        const c = makeClient({ baseUrl: host });
        expect(await c.partitionExists("s", "p")).to.equal(true);
        expect(await c.partitionExists("s", "x")).to.equal(false);
        const err = (await c.partitionExists("s", "y").catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(403);
        expect(err.message).to.include("Manage stores data");
        expect(err.message).to.include("anypoint:environmentId");
    });

    it("getKey returns the typed value, infers a missing valueType, and undefined on 404", async () => {
        const host = freshHost();
        nock(host)
            .get(`${P}/stores/s/partitions/p/keys/b`)
            .reply(200, { binaryValue: "AAEC", keyId: "b", valueType: "BINARY" })
            .get(`${P}/stores/s/partitions/p/keys/n`)
            .reply(200, { keyId: "n", numberValue: 42 })
            .get(`${P}/stores/s/partitions/p/keys/m`)
            .reply(404, { message: "Key not found" });
        const c = makeClient({ baseUrl: host });
        expect(await c.getKey("s", "p", "b")).to.deep.equal({ keyId: "b", valueType: "BINARY", binaryValue: "AAEC" });
        expect(await c.getKey("s", "p", "n")).to.deep.equal({ keyId: "n", valueType: "NUMBER", numberValue: 42 });
        expect(await c.getKey("s", "p", "m")).to.equal(undefined);
    });

    it("putKey sends {keyId, valueType, value, metadata} as JSON; an empty response echoes the input", async () => {
        const host = freshHost();
        nock(host)
            .put(`${P}/stores/s/partitions/p/keys/k`, { keyId: "k", valueType: "STRING", stringValue: "hello", metadata: "m" })
            .matchHeader("content-type", "application/json")
            .reply(200, { keyId: "k", valueType: "STRING", stringValue: "hello", metadata: "m" })
            .put(`${P}/stores/s/partitions/p/keys/k`, { keyId: "k", valueType: "NUMBER", numberValue: 1.5 })
            .reply(204);
        const c = makeClient({ baseUrl: host });
        expect(await c.putKey("s", "p", "k", { valueType: "STRING", stringValue: "hello", metadata: "m" })).to.deep.equal({
            keyId: "k",
            valueType: "STRING",
            stringValue: "hello",
            metadata: "m",
        });
        expect(await c.putKey("s", "p", "k", { valueType: "NUMBER", numberValue: 1.5 })).to.deep.equal({
            keyId: "k",
            valueType: "NUMBER",
            numberValue: 1.5,
        });
    });

    it("putKey validates the value before sending", async () => {
        const c = makeClient({ baseUrl: freshHost() });
        for (const bad of [
            { valueType: "STRING", stringValue: 3 },
            { valueType: "NUMBER", numberValue: Infinity },
            { valueType: "BINARY" },
            { valueType: "DATE", stringValue: "x" },
        ]) {
            const err = await c.putKey("s", "p", "k", bad as never).catch((e: unknown) => e);
            expect(err).to.be.instanceOf(TypeError);
        }
    });

    it("createKey POSTs JSON; 409 is an ObjectStoreApiError with advice", async () => {
        const host = freshHost();
        nock(host)
            .post(`${P}/stores/s/partitions/p/keys/k`, { keyId: "k", valueType: "STRING", stringValue: "v" })
            .reply(201, { keyId: "k", valueType: "STRING", stringValue: "v" })
            .post(`${P}/stores/s/partitions/p/keys/k`)
            .reply(409, { status: 409, name: "Conflict", message: "Key already exists" });
        const c = makeClient({ baseUrl: host });
        expect((await c.createKey("s", "p", "k", { valueType: "STRING", stringValue: "v" })).stringValue).to.equal("v");
        const err = (await c
            .createKey("s", "p", "k", { valueType: "STRING", stringValue: "v" })
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(409);
        expect(err.operation).to.equal("CreateKey");
        expect(err.method).to.equal("POST");
        expect(err.message).to.match(
            /^CreateKey POST .*\/keys\/k failed: 409 Conflict: Key already exists\. Key "k" already exists .*use putKey/,
        );
    });

    it("URL-encodes every path segment (spaces, '/', '+', '%', '?', '#', unicode)", async () => {
        const host = freshHost();
        const seen: string[] = [];
        nock(host)
            .get(() => true)
            .times(7)
            .reply(function (uri) {
                seen.push(uri);
                return [404, ""];
            });
        const c = makeClient({ baseUrl: host, organizationId: "o g", environmentId: "e/v" });
        for (const key of ["a b", "a/b", "a+b", "100%", "what?#x", "ключ €😀"]) await c.getKey("st ore", "pa/rt", key);
        await c.getStore("../x");
        const prefix = "/api/v1/organizations/o%20g/environments/e%2Fv";
        expect(seen).to.deep.equal([
            `${prefix}/stores/st%20ore/partitions/pa%2Frt/keys/a%20b`,
            `${prefix}/stores/st%20ore/partitions/pa%2Frt/keys/a%2Fb`,
            `${prefix}/stores/st%20ore/partitions/pa%2Frt/keys/a%2Bb`,
            `${prefix}/stores/st%20ore/partitions/pa%2Frt/keys/100%25`,
            `${prefix}/stores/st%20ore/partitions/pa%2Frt/keys/what%3F%23x`,
            `${prefix}/stores/st%20ore/partitions/pa%2Frt/keys/${encodeURIComponent("ключ €😀")}`,
            `${prefix}/stores/..%2Fx`,
        ]);
    });

    it("pathSegment round-trips any string that can be a segment", () => {
        fc.assert(
            fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (s) => {
                fc.pre(s !== "." && s !== "..");
                const enc = pathSegment("keyId", s);
                expect(enc).to.not.match(/[/?#\s]/);
                expect(decodeURIComponent(enc)).to.equal(s);
            }),
        );
    });

    it("refuses '.', '..', empty ids and lone surrogates before sending", async () => {
        const c = makeClient({ baseUrl: freshHost() });
        for (const bad of [".", "..", "", "\uD800"]) {
            const err = await c.getKey("s", "p", bad).catch((e: unknown) => e);
            expect(err, JSON.stringify(bad)).to.be.instanceOf(TypeError);
        }
    });

    it("keeps a base URL path prefix (private endpoints) and ignores a trailing slash", async () => {
        const host = freshHost();
        nock(host).get(`/osv2${P}/stores/s`).reply(200, STORE);
        expect((await makeClient({ baseUrl: `${host}/osv2/` }).getStore("s"))?.storeId).to.equal("s");
    });

    it("rejects responses of the wrong shape with a clear error", async () => {
        const host = freshHost();
        nock(host)
            .get(`${P}/stores`)
            .reply(200, { stores: [] })
            .get(`${P}/stores/s`)
            .reply(200, "<html>login</html>", { "content-type": "text/html" });
        const c = makeClient({ baseUrl: host });
        const e1 = (await c.listStores().catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(e1.message).to.include("unexpected response");
        const e2 = (await c.getStore("s").catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(e2.message).to.include("not JSON");
    });

    it("getUsageStats builds the Stats API path and ISO query on statsBaseUrl", async () => {
        const host = freshHost();
        const stats = freshHost();
        const q = { startDate: "2024-08-13T17:51:54.000Z", endDate: "2024-09-13T17:51:54.000Z", period: "1month" };
        nock(stats)
            .get(`/api/v1/organizations/${ORG}`)
            .query({ ...q, isMaster: "true" })
            .reply(200, [{ timeStamp: "2024-08-01T00:00:00Z", objectStoreRequestCount: 38 }])
            .get(P)
            .query(q)
            .reply(200, [])
            .get(`${P}/regions/us-east-1`)
            .query(q)
            .reply(200, [])
            .get(`${P}/regions/us-east-1/stores/my%20store`)
            .query(q)
            .reply(200, [{ timeStamp: "2024-09-01T00:00:00Z", objectStoreRequestCount: 25 }]);
        const c = makeClient({ baseUrl: host, statsBaseUrl: stats });
        const base = { startDate: new Date(q.startDate), endDate: new Date(q.endDate), period: "1month" as const };
        expect(await c.getUsageStats({ ...base, level: "organization", isMaster: true })).to.deep.equal([
            { timeStamp: "2024-08-01T00:00:00Z", objectStoreRequestCount: 38 },
        ]);
        expect(await c.getUsageStats(base)).to.deep.equal([]);
        expect(await c.getUsageStats({ ...base, level: "region", region: "us-east-1" })).to.deep.equal([]);
        expect(await c.getUsageStats({ ...base, level: "store", region: "us-east-1", storeId: "my store" })).to.have.length(1);
    });

    it("getUsageStats validates its query and reports a missing Stats API as a config error", async () => {
        const c = makeClient({ baseUrl: freshHost(), statsBaseUrl: null });
        const d = new Date("2024-01-01T00:00:00Z");
        expect(await c.getUsageStats({ startDate: d, endDate: new Date("x"), period: "1day" }).catch((e: unknown) => e)).to.be.instanceOf(
            TypeError,
        );
        expect(await c.getUsageStats({ startDate: d, endDate: d, period: "1week" as never }).catch((e: unknown) => e)).to.be.instanceOf(
            TypeError,
        );
        expect(
            await c.getUsageStats({ startDate: d, endDate: d, period: "1day", level: "store", region: "r" }).catch((e: unknown) => e),
        ).to.be.instanceOf(TypeError);
        const err = await c.getUsageStats({ startDate: d, endDate: d, period: "1day" }).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(ObjectStoreConfigError);
        expect((err as Error).message).to.include("anypoint:statsBaseUrl");
    });

    it("getUsageStats explains a 400 (window too large)", async () => {
        const host = freshHost();
        nock(host).get(P).query(true).reply(400, { message: "Invalid date range" });
        const err = (await makeClient({ baseUrl: host })
            .getUsageStats({ startDate: new Date(0), endDate: new Date(86_400_000 * 90), period: "1hour" })
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(400);
        expect(err.operation).to.equal("GetEnvironmentUsage");
        expect(err.message).to.include("at most 1 day for period 1hour");
    });

    it("the client is safe to log", () => {
        const c = makeClient({ baseUrl: freshHost() });
        const text = `${JSON.stringify(c)} ${inspect(c, { depth: 5, showHidden: true })}`;
        expect(text).to.not.include("static-token-value");
        expect(text).to.include("accessToken:");
    });
});

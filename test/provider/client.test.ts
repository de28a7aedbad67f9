/**
 * The OSv2 client end to end against the local emulator over HTTP (strict auth): every client
 * method, with connected-app and user-login tokens, plus 404, 401 and 403 behaviour, token
 * renewal after expiry, retries on injected faults and the client-side rate limit.
 */
import { expect } from "chai";
import { inspect } from "node:util";
import { startEmulator, DEMO_CREDENTIALS as D } from "../../emulator";
import {
    ObjectStoreApiError,
    ObjectStoreClient,
    connectedAppTokenSource,
    staticTokenSource,
    tokenFetchCount,
    userLoginTokenSource,
    type RetryInfo,
    type TokenSource,
} from "../../provider/client";
import { clearClientCache, getClient, resolveConnectionSettings } from "../../provider/config";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

async function admin(emu: Emulator, method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${emu.url}/_emulator${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
}

function clientWith(
    emu: Emulator,
    tokenSource: TokenSource,
    extra: { environmentId?: string; organizationId?: string; retries?: RetryInfo[]; requestsPerSecond?: number } = {},
): ObjectStoreClient {
    return new ObjectStoreClient({
        baseUrl: emu.url,
        organizationId: extra.organizationId ?? D.organizationId,
        environmentId: extra.environmentId ?? D.environmentId,
        tokenSource,
        requestsPerSecond: extra.requestsPerSecond ?? 0,
        retry: { baseDelayMs: 1, maxDelayMs: 10, onRetry: (i) => extra.retries?.push(i) },
    });
}

let seq = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

describe("OSv2 client against the emulator", function () {
    this.timeout(30_000);
    let emu: Emulator;

    before(async () => {
        emu = await startEmulator({ port: 0, auth: "strict" });
    });
    after(async () => {
        clearClientCache();
        await emu?.close();
    });

    const kinds = {
        connectedApp: () => ({ clientId: D.clientId, clientSecret: D.clientSecret }),
        userLogin: () => ({ username: D.username, password: D.password }),
    };

    for (const [kind, creds] of Object.entries(kinds)) {
        describe(`with ${kind} credentials (resolved config + getClient)`, () => {
            let c: ObjectStoreClient;
            before(() => {
                const settings = resolveConnectionSettings(
                    // 50 requests/s keeps the suite quick; the default 10/s is exercised under "rate limit".
                    {
                        baseUrl: emu.url,
                        organizationId: D.organizationId,
                        environmentId: D.environmentId,
                        requestsPerSecond: "50",
                        ...creds(),
                    },
                    {},
                );
                expect(settings.authBaseUrl).to.equal(emu.url);
                c = getClient(settings, { retry: { baseDelayMs: 1 } });
                expect(c.credentialIdentity.startsWith(`${kind}:`)).to.equal(true);
            });

            it("listRegions returns the regions as a bare array", async () => {
                const regions = await c.listRegions();
                expect(regions.map((r) => r.id)).to.include("us-east-1");
                expect(regions[0]).to.have.keys("id", "name", "url");
            });

            it("store lifecycle: getStore 404, putStore 201 then replace, patchStore, deleteStore", async () => {
                const id = uid(`store-${kind}`);
                expect(await c.getStore(id)).to.equal(undefined);
                const created = await c.putStore(id, { defaultTtlSeconds: 3600, persistent: true });
                expect(created).to.deep.include({ storeId: id, defaultTtlSeconds: 3600, persistent: true });
                expect(Object.keys(created).sort()).to.deep.equal([
                    "defaultConfirmationTtlSeconds",
                    "defaultTtlSeconds",
                    "encrypted",
                    "isFixedTtl",
                    "permanentOsFlag",
                    "persistent",
                    "storeId",
                    "usageLimits",
                ]);
                const replaced = await c.putStore(id, {
                    defaultTtlSeconds: 7200,
                    usageLimits: { maxKeys: 100, maxSizeBytes: null, enforcement: "WARN" },
                });
                expect(replaced.defaultTtlSeconds).to.equal(7200);
                expect(replaced.usageLimits).to.deep.equal({ maxKeys: 100, maxSizeBytes: null, enforcement: "WARN" });
                const patched = await c.patchStore(id, { isFixedTtl: true, defaultConfirmationTtlSeconds: 120 });
                expect(patched).to.deep.include({ isFixedTtl: true, defaultConfirmationTtlSeconds: 120, defaultTtlSeconds: 7200 });
                expect(await c.getStore(id)).to.deep.equal(patched);
                expect(await c.deleteStore(id)).to.equal(true);
                expect(await c.deleteStore(id)).to.equal(false);
                expect(await c.getStore(id)).to.equal(undefined);
            });

            it("patchStore of a missing store is a 404 ObjectStoreApiError", async () => {
                const err = await c.patchStore(uid("missing"), { defaultTtlSeconds: 5 }).catch((e: unknown) => e);
                expect((err as ObjectStoreApiError).statusCode).to.equal(404);
                expect((err as ObjectStoreApiError).operation).to.equal("PatchStore");
                expect((err as ObjectStoreApiError).serverMessage)
                    .to.be.a("string")
                    .and.not.equal("");
            });

            it("listStores pages and listAllStores follows nextPageToken (beginsWith filter)", async () => {
                const prefix = uid(`many-${kind}`);
                const ids = Array.from({ length: 30 }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);
                for (const id of ids) await c.putStore(id, {});
                const first = await c.listStores({ beginsWith: prefix, pageSize: 10 });
                expect(first.values).to.have.length(10);
                expect(first.nextPageToken).to.be.a("string");
                const second = await c.listStores({ beginsWith: prefix, pageSize: 10, nextPageToken: first.nextPageToken });
                expect(second.values.map((s) => s.storeId)).to.not.include.members(first.values.map((s) => s.storeId));
                const all = await c.listAllStores({ beginsWith: prefix });
                expect(all.map((s) => s.storeId).sort()).to.deep.equal(ids);
                for (const id of ids) await c.deleteStore(id);
            });

            it("keys of every type: putKey, getKey, createKey 409, deleteKey", async () => {
                const s = uid(`kv-${kind}`);
                await c.putStore(s, {});
                expect(await c.partitionExists(s, "p")).to.equal(false);
                expect(await c.getKey(s, "p", "k")).to.equal(undefined);

                expect(await c.putKey(s, "p", "str", { valueType: "STRING", stringValue: "hello", metadata: "m1" })).to.deep.equal({
                    keyId: "str",
                    valueType: "STRING",
                    stringValue: "hello",
                    metadata: "m1",
                });
                await c.putKey(s, "p", "num", { valueType: "NUMBER", numberValue: 41 });
                const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]).toString("base64");
                await c.putKey(s, "p", "bin", { valueType: "BINARY", binaryValue: bytes });

                expect(await c.partitionExists(s, "p")).to.equal(true);
                expect(await c.getKey(s, "p", "num")).to.deep.equal({ keyId: "num", valueType: "NUMBER", numberValue: 41 });
                expect((await c.getKey(s, "p", "bin"))?.binaryValue).to.equal(bytes);

                const overwritten = await c.putKey(s, "p", "str", { valueType: "STRING", stringValue: "again" });
                expect(overwritten.stringValue).to.equal("again");

                const created = await c.createKey(s, "p", "fresh", { valueType: "STRING", stringValue: "v" });
                expect(created.keyId).to.equal("fresh");
                const conflict = (await c
                    .createKey(s, "p", "fresh", { valueType: "STRING", stringValue: "v2" })
                    .catch((e: unknown) => e)) as ObjectStoreApiError;
                expect(conflict).to.be.instanceOf(ObjectStoreApiError);
                expect(conflict.statusCode).to.equal(409);
                expect(conflict.message).to.include("use putKey");

                expect(await c.deleteKey(s, "p", "str")).to.equal(true);
                expect(await c.deleteKey(s, "p", "str")).to.equal(false);
                expect(await c.getKey(s, "p", "str")).to.equal(undefined);
                await c.deleteStore(s);
            });

            it("listKeys / listAllKeys page through 30 keys; beginsWith filters", async () => {
                const s = uid(`keys-${kind}`);
                await c.putStore(s, {});
                const ids = Array.from({ length: 30 }, (_, i) => `key-${String(i).padStart(2, "0")}`);
                for (const k of ids) await c.putKey(s, "p", k, { valueType: "NUMBER", numberValue: 1 });
                await c.putKey(s, "p", "other", { valueType: "NUMBER", numberValue: 1 });
                const page = await c.listKeys(s, "p", { pageSize: 7 });
                expect(page.values).to.have.length(7);
                expect(page.nextPageToken).to.be.a("string");
                expect((await c.listAllKeys(s, "p")).sort()).to.deep.equal([...ids, "other"].sort());
                expect((await c.listAllKeys(s, "p", { beginsWith: "key-1" })).sort()).to.deep.equal(
                    ids.filter((k) => k.startsWith("key-1")),
                );
                await c.deleteStore(s);
            });

            it("partitions: listAllPartitions, listPartitions, deletePartition", async () => {
                const s = uid(`parts-${kind}`);
                await c.putStore(s, {});
                for (const p of ["a", "b", "c"]) await c.putKey(s, p, "k", { valueType: "STRING", stringValue: p });
                expect((await c.listAllPartitions(s)).sort()).to.deep.equal(["a", "b", "c"]);
                expect((await c.listPartitions(s)).values.sort()).to.deep.equal(["a", "b", "c"]);

                expect(await c.deletePartition(s, "b")).to.equal(true);
                expect(await c.partitionExists(s, "b")).to.equal(false);
                expect(await c.deletePartition(s, "b")).to.equal(false);

                expect(await c.partitionExists(s, "c")).to.equal(true);
                await c.deleteStore(s);
            });

            it("round-trips odd ids through URL encoding (/, +, %, ?, #, unicode; spaces become '+')", async () => {
                const s = uid(`odd store ${kind}`);
                await c.putStore(s, {});
                const part = "part/with slash";
                for (const key of ["a/b", "x+y", "100%", "what?#frag", "ключ-€-😀"]) {
                    await c.putKey(s, part, key, { valueType: "STRING", stringValue: key });
                    expect((await c.getKey(s, part, key))?.stringValue, key).to.equal(key);
                }
                // OSv2 converts spaces in keys to '+' (documented); the emulator does too.
                const spaced = await c.putKey(s, part, "a b", { valueType: "STRING", stringValue: "sp" });
                expect(spaced.keyId).to.equal("a+b");
                expect((await c.getKey(s, part, "a b"))?.stringValue).to.equal("sp");
                expect((await c.listAllKeys(s, part)).sort()).to.deep.equal(
                    ["100%", "a+b", "a/b", "what?#frag", "x+y", "ключ-€-😀"].sort(),
                );
                expect(await c.listAllPartitions(s)).to.deep.equal([part]);
                expect((await c.getStore(s))?.storeId).to.equal(s);
                expect(await c.deleteStore(s)).to.equal(true);
            });

            it("getUsageStats at every level returns {timeStamp, objectStoreRequestCount} buckets", async () => {
                const s = uid(`stats-${kind}`);
                await c.putStore(s, {});
                await c.putKey(s, "p", "k", { valueType: "STRING", stringValue: "v" });
                const now = new Date();
                const q = {
                    startDate: new Date(now.getTime() - 3_600_000),
                    endDate: new Date(now.getTime() + 60_000),
                    period: "1hour" as const,
                };
                const env = await c.getUsageStats(q);
                expect(env.length).to.be.greaterThan(0);
                expect(env.reduce((n, b) => n + b.objectStoreRequestCount, 0)).to.be.greaterThan(0);
                for (const b of env) expect(b).to.have.keys("timeStamp", "objectStoreRequestCount");
                expect(await c.getUsageStats({ ...q, level: "organization" })).to.be.an("array");
                expect(await c.getUsageStats({ ...q, level: "region", region: "us-east-1" })).to.be.an("array");
                const store = await c.getUsageStats({ ...q, level: "store", region: "us-east-1", storeId: s });
                expect(store.reduce((n, b) => n + b.objectStoreRequestCount, 0)).to.be.greaterThan(0);
                await c.deleteStore(s);
            });

            it("a window too large for the period is a 400 with advice", async () => {
                const err = (await c
                    .getUsageStats({ startDate: new Date(Date.now() - 10 * 86_400_000), endDate: new Date(), period: "1hour" })
                    .catch((e: unknown) => e)) as ObjectStoreApiError;
                expect(err).to.be.instanceOf(ObjectStoreApiError);
                expect(err.statusCode).to.equal(400);
                expect(err.message).to.include("at most 1 day for period 1hour");
            });
        });
    }

    describe("auth failures", () => {
        it("wrong connected-app secret: GetToken 401 naming the settings, secret not shown", async () => {
            const ts = connectedAppTokenSource({ authBaseUrl: emu.url, clientId: D.clientId, clientSecret: "wrong-secret-value" });
            const err = (await clientWith(emu, ts)
                .getStore("x")
                .catch((e: unknown) => e)) as ObjectStoreApiError;
            expect(err).to.be.instanceOf(ObjectStoreApiError);
            expect(err).to.include({ operation: "GetToken", statusCode: 401, path: "/accounts/api/v2/oauth2/token" });
            expect(err.message).to.include("anypoint:clientSecret");
            for (const t of [err.message, String(err.stack), JSON.stringify(err), inspect(err, { showHidden: true, depth: Infinity })]) {
                expect(t).to.not.include("wrong-secret-value");
            }
        });

        it("wrong password: Login 401 with the MFA advice", async () => {
            const ts = userLoginTokenSource({ authBaseUrl: emu.url, username: D.username, password: "not-the-password" });
            const err = (await clientWith(emu, ts)
                .getStore("x")
                .catch((e: unknown) => e)) as ObjectStoreApiError;
            expect(err).to.include({ operation: "Login", statusCode: 401 });
            expect(err.message).to.include("multi-factor");
            expect(err.message).to.not.include("not-the-password");
        });

        it("an unknown static token: 401 at once (no renewal possible), token not shown", async () => {
            const retries: RetryInfo[] = [];
            const err = (await clientWith(emu, staticTokenSource("made-up-token-123"), { retries })
                .getStore("x")
                .catch((e: unknown) => e)) as ObjectStoreApiError;
            expect(err.statusCode).to.equal(401);
            expect(err.operation).to.equal("GetStore");
            expect(err.message).to.include("anypoint:accessToken");
            expect(err.message).to.not.include("made-up-token-123");
            expect(retries).to.deep.equal([]);
        });

        it("renews an expired token once (emulator clock advanced past expiry) and the call succeeds", async () => {
            const ts = connectedAppTokenSource({ authBaseUrl: emu.url, clientId: D.clientId, clientSecret: D.clientSecret });
            const retries: RetryInfo[] = [];
            const c = clientWith(emu, ts, { retries });
            const s = uid("renew");
            const before = tokenFetchCount(ts);
            await c.putStore(s, {});
            await admin(emu, "POST", "/clock", { advanceSeconds: 7200 });
            try {
                expect((await c.getStore(s))?.storeId).to.equal(s);
            } finally {
                await c.deleteStore(s);
            }
            expect(tokenFetchCount(ts) - before).to.be.at.most(2);
            expect(retries.filter((r) => r.reason === "token-renewal")).to.have.length(1);
        });

        it("403 for another organization, with scope advice", async () => {
            const ts = connectedAppTokenSource({ authBaseUrl: emu.url, clientId: D.clientId, clientSecret: D.clientSecret });
            const err = (await clientWith(emu, ts, { organizationId: "some-other-org" })
                .listStores()
                .catch((e: unknown) => e)) as ObjectStoreApiError;
            expect(err.statusCode).to.equal(403);
            expect(err.message).to.include("anypoint:organizationId");
            expect(err.message).to.include("some-other-org");
        });

        it("403 for an environment outside the organization", async () => {
            const ts = userLoginTokenSource({ authBaseUrl: emu.url, username: D.username, password: D.password });
            const err = (await clientWith(emu, ts, { environmentId: "not-an-env" })
                .getStore("x")
                .catch((e: unknown) => e)) as ObjectStoreApiError;
            expect(err.statusCode).to.equal(403);
            expect(err.operation).to.equal("GetStore");
        });

        it("the other environment of the organization is separate: a store there is not visible here", async () => {
            const ts = connectedAppTokenSource({ authBaseUrl: emu.url, clientId: D.clientId, clientSecret: D.clientSecret });
            const here = clientWith(emu, ts);
            const there = clientWith(emu, ts, { environmentId: D.otherEnvironmentId });
            const s = uid("env-split");
            await there.putStore(s, {});
            expect(await here.getStore(s)).to.equal(undefined);
            expect((await there.getStore(s))?.storeId).to.equal(s);
            await there.deleteStore(s);
        });
    });

    describe("transient failures", () => {
        const ts = () => connectedAppTokenSource({ authBaseUrl: emu.url, clientId: D.clientId, clientSecret: D.clientSecret });
        afterEach(async () => {
            await admin(emu, "DELETE", "/faults");
        });

        it("retries injected 503s and succeeds", async () => {
            const retries: RetryInfo[] = [];
            const c = clientWith(emu, ts(), { retries });
            const s = uid("flaky");
            await c.putStore(s, {});
            await admin(emu, "POST", "/faults", { method: "GET", route: `/stores/${s}$`, status: 503, times: 2 });
            expect((await c.getStore(s))?.storeId).to.equal(s);
            expect(retries.map((r) => r.statusCode)).to.deep.equal([503, 503]);
            await c.deleteStore(s);
        });

        it("honours Retry-After on an injected 429", async () => {
            const retries: RetryInfo[] = [];
            const c = clientWith(emu, ts(), { retries });
            const s = uid("throttled");
            await c.putStore(s, {});
            await admin(emu, "POST", "/faults", { route: `/stores/${s}$`, status: 429, retryAfterSeconds: 1, times: 1 });
            expect((await c.getStore(s))?.storeId).to.equal(s);
            expect(retries).to.have.length(1);
            expect(retries[0]).to.include({ statusCode: 429, reason: "retry-after", delayMs: 1000 });
            await c.deleteStore(s);
        });

        it("retries a reset connection on GET; after a reset createKey (POST) reads the key back, then creates it once", async () => {
            const retries: RetryInfo[] = [];
            const c = clientWith(emu, ts(), { retries });
            const s = uid("reset");
            await c.putStore(s, {});
            await admin(emu, "POST", "/faults", { method: "GET", route: `/stores/${s}$`, reset: true, times: 1 });
            expect((await c.getStore(s))?.storeId).to.equal(s);
            expect(retries).to.have.length(1);
            expect(retries[0]!.statusCode).to.equal(undefined);

            await admin(emu, "POST", "/faults", { method: "POST", route: `/stores/${s}/`, reset: true, times: 1 });
            const created = await c.createKey(s, "p", "k", { valueType: "STRING", stringValue: "v" });
            expect(created).to.include({ keyId: "k", stringValue: "v" });
            expect(retries).to.have.length(1); // got did not repeat the POST; createKey read the key, then posted again
            expect(await c.listAllKeys(s, "p")).to.deep.equal(["k"]);
            expect((await c.getKey(s, "p", "k"))?.stringValue).to.equal("v");
            await c.deleteStore(s);
        });
    });

    describe("rate limit", () => {
        let limited: Emulator;
        before(async () => {
            limited = await startEmulator({ port: 0, auth: "strict", rateLimit: { requestsPerSecond: 10 } });
        });
        after(async () => {
            await limited?.close();
        });

        it("35 concurrent calls at the default 10 requests/s all succeed against a 10 rps emulator", async () => {
            const retries: RetryInfo[] = [];
            const ts = connectedAppTokenSource({ authBaseUrl: limited.url, clientId: D.clientId, clientSecret: D.clientSecret });
            const c = clientWith(limited, ts, { retries, requestsPerSecond: 10 });
            const s = uid("paced");
            await c.putStore(s, {});
            const results = await Promise.all(Array.from({ length: 35 }, () => c.getStore(s)));
            expect(results.every((r) => r?.storeId === s)).to.equal(true);
            expect(tokenFetchCount(ts)).to.equal(1);
            // The client paces itself, so at most a few requests land on a bucket edge (and are retried);
            // without the client-side limit about 25 of the 35 would be answered 429.
            expect(retries.filter((r) => r.statusCode === 429).length).to.be.lessThan(10);
        });
    });
});

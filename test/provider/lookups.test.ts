/**
 * The read-only lookups (provider/lookups/), called directly (outside a Pulumi program) against the
 * emulator over HTTP in strict auth mode. Data is seeded through the emulator's own API (EmulatorApi),
 * not through the provider's client.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { ObjectStoreApiError, ObjectStoreConfigError } from "../../provider/client";
import {
    getKeys,
    getKeyValue,
    getKeyValueOutput,
    getKeyValues,
    getKeyValuesOutput,
    getKeysOutput,
    getPartitions,
    getRegions,
    getStores,
    getStoresOutput,
    getUsageStats,
    LookupArgumentError,
    readProgramConfig,
    type LookupOptions,
} from "../../provider/lookups";
import { EmulatorApi } from "../support/emulator-api";

const STORE = "lookup-store";
const PARTITION = "flags";
const KEY_COUNT = 30; // more than one page of 25

/** Resolves an Output outside a program (its value is known). */
function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => (resolve(v), v)));
}

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected the lookup to fail");
}

describe("lookups against the emulator", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    /** Settings as a program's stack config would give them, and no environment. */
    let opts: LookupOptions;

    /** A request to another environment of the demo organization (EmulatorApi only speaks to the default one). */
    async function otherEnvRequest(method: string, pathSuffix: string, body?: unknown): Promise<number> {
        const tokenRes = await fetch(`${emulator.url}/accounts/api/v2/oauth2/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                client_id: DEMO_CREDENTIALS.clientId,
                client_secret: DEMO_CREDENTIALS.clientSecret,
                grant_type: "client_credentials",
            }),
        });
        const { access_token } = (await tokenRes.json()) as { access_token: string };
        const res = await fetch(
            `${emulator.url}/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.otherEnvironmentId}${pathSuffix}`,
            {
                method,
                headers: { authorization: `Bearer ${access_token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
                body: body !== undefined ? JSON.stringify(body) : undefined,
            },
        );
        await res.text();
        return res.status;
    }

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        api = new EmulatorApi(emulator);
        opts = {
            config: {
                "anypoint:baseUrl": emulator.url,
                "anypoint:organizationId": DEMO_CREDENTIALS.organizationId,
                "anypoint:environmentId": DEMO_CREDENTIALS.environmentId,
                "anypoint:clientId": DEMO_CREDENTIALS.clientId,
                "anypoint:clientSecret": DEMO_CREDENTIALS.clientSecret,
            },
            env: {},
        };
        expect((await api.request("PUT", `/stores/${STORE}`, { defaultTtlSeconds: 3_600 })).status).to.be.oneOf([200, 201]);
        expect((await api.request("PUT", "/stores/other-store", {})).status).to.be.oneOf([200, 201]);
        for (let i = 0; i < KEY_COUNT; i++) {
            const keyId = `flag-${String(i).padStart(2, "0")}`;
            const res = await api.request("PUT", api.keyPath(STORE, PARTITION, keyId), {
                keyId,
                valueType: "STRING",
                stringValue: `on-${i}`,
            });
            expect(res.status).to.be.oneOf([200, 201]);
        }
        await api.request("PUT", api.keyPath(STORE, "values", "count"), { keyId: "count", valueType: "NUMBER", numberValue: 42.5 });
        await api.request("PUT", api.keyPath(STORE, "values", "blob"), {
            keyId: "blob",
            valueType: "BINARY",
            binaryValue: Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString("base64"),
        });
    });

    after(async () => {
        await emulator?.close();
    });

    it("getRegions lists the regions where OSv2 is available", async () => {
        const r = await getRegions({}, opts);
        expect(r.organizationId).to.equal(DEMO_CREDENTIALS.organizationId);
        expect(r.regionIds).to.include("us-east-1");
        expect(r.regions.find((x) => x.id === "us-east-1")?.name)
            .to.be.a("string")
            .and.not.equal("");
        expect(r.regionIds).to.deep.equal(r.regions.map((x) => x.id));
    });

    it("getStores returns every store of the environment across pages, and filters by prefix", async () => {
        for (let i = 0; i < 27; i++) await api.request("PUT", `/stores/bulk-${String(i).padStart(2, "0")}`, {});
        const all = await getStores({}, opts);
        expect(all).to.include({
            organizationId: DEMO_CREDENTIALS.organizationId,
            environmentId: DEMO_CREDENTIALS.environmentId,
            region: "us-east-1",
        });
        expect(all.storeIds).to.have.length(29).and.include.members([STORE, "other-store", "bulk-00", "bulk-26"]);
        expect(all.stores.find((s) => s.storeId === STORE)).to.include({ defaultTtlSeconds: 3_600, encrypted: true });

        const bulk = await getStores({ beginsWith: "bulk-" }, opts);
        expect(bulk.beginsWith).to.equal("bulk-");
        expect(bulk.storeIds).to.have.length(27);
        expect(new Set(bulk.storeIds).size).to.equal(27);
        expect(bulk.storeIds.every((id) => id.startsWith("bulk-"))).to.equal(true);
        expect((await getStores({ beginsWith: "nothing-" }, opts)).storeIds).to.deep.equal([]);
    });

    it("getPartitions lists a store's partitions", async () => {
        const r = await getPartitions({ storeId: STORE }, opts);
        expect(r.storeId).to.equal(STORE);
        expect(r.partitionIds).to.have.members([PARTITION, "values"]);
        expect((await getPartitions({ storeId: "other-store" }, opts)).partitionIds).to.deep.equal([]);
    });

    it(`getKeys returns all ${KEY_COUNT} keys of a partition (two pages), and filters by prefix`, async () => {
        const r = await getKeys({ storeId: STORE, partitionId: PARTITION }, opts);
        expect(r.keyIds).to.have.length(KEY_COUNT);
        expect(new Set(r.keyIds).size).to.equal(KEY_COUNT);
        expect(r.keyIds).to.include.members(["flag-00", "flag-24", "flag-25", "flag-29"]);
        expect(r).to.include({ storeId: STORE, partitionId: PARTITION, environmentId: DEMO_CREDENTIALS.environmentId });

        const some = await getKeys({ storeId: STORE, partitionId: PARTITION, beginsWith: "flag-2" }, opts);
        expect(some.keyIds).to.have.members([
            "flag-20",
            "flag-21",
            "flag-22",
            "flag-23",
            "flag-24",
            "flag-25",
            "flag-26",
            "flag-27",
            "flag-28",
            "flag-29",
        ]);
    });

    it("getKeyValue returns each value type in plain text", async () => {
        const s = await getKeyValue({ storeId: STORE, partitionId: PARTITION, keyId: "flag-07" }, opts);
        expect(s).to.deep.equal({
            organizationId: DEMO_CREDENTIALS.organizationId,
            environmentId: DEMO_CREDENTIALS.environmentId,
            region: "us-east-1",
            storeId: STORE,
            partitionId: PARTITION,
            keyId: "flag-07",
            valueType: "STRING",
            stringValue: "on-7",
        });
        const n = await getKeyValue({ storeId: STORE, partitionId: "values", keyId: "count" }, opts);
        expect(n).to.include({ valueType: "NUMBER", numberValue: 42.5 });
        expect(n).to.not.have.property("stringValue");
        const b = await getKeyValue({ storeId: STORE, partitionId: "values", keyId: "blob" }, opts);
        expect(b.valueType).to.equal("BINARY");
        expect(Buffer.from(b.binaryValue!, "base64")).to.deep.equal(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    });

    it(`getKeyValues returns the ${KEY_COUNT} keys of a partition with their values in two requests (25 values per page), every type`, async () => {
        const since = emulator.lastRequestSeq();
        const r = await getKeyValues({ storeId: STORE, partitionId: PARTITION }, opts);
        const sent = emulator.requests(since).filter((q) => q.url.startsWith("/api/"));
        expect(sent.map((q) => `${q.method} ${q.url.split("?")[0].replace(/.*\/stores\//, "/stores/")}`)).to.deep.equal([
            `GET /stores/${STORE}/partitions/${PARTITION}`,
            `GET /stores/${STORE}/partitions/${PARTITION}`,
        ]);
        expect(r.keyIds).to.have.length(KEY_COUNT);
        expect(r.values[7]).to.deep.equal({ keyId: "flag-07", valueType: "STRING", stringValue: "on-7" });
        expect(r).to.include({ storeId: STORE, partitionId: PARTITION, environmentId: DEMO_CREDENTIALS.environmentId });
        const typed = await getKeyValues({ storeId: STORE, partitionId: "values" }, opts);
        expect(typed.values).to.deep.equal([
            { keyId: "blob", valueType: "BINARY", binaryValue: Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString("base64") },
            { keyId: "count", valueType: "NUMBER", numberValue: 42.5 },
        ]);
        const missing = await rejection(getKeyValues({ storeId: STORE, partitionId: "no-such-partition" }, opts));
        expect(missing).to.be.instanceOf(ObjectStoreApiError);
        expect(missing).to.include({ statusCode: 404, operation: "ListValues" });
        expect(missing.message).to.include("no-such-partition");
        const secret = getKeyValuesOutput({ storeId: STORE, partitionId: "values" }, opts);
        expect(await pulumi.isSecret(secret)).to.equal(true);
    });

    it("a missing key, partition or store is an ObjectStoreApiError 404", async () => {
        const key = await rejection(getKeyValue({ storeId: STORE, partitionId: PARTITION, keyId: "no-such-key" }, opts));
        expect(key).to.be.instanceOf(ObjectStoreApiError);
        expect(key).to.include({ statusCode: 404, operation: "GetKey" });
        expect((key as ObjectStoreApiError).path).to.match(/\/stores\/lookup-store\/partitions\/flags\/keys\/no-such-key$/);
        expect(key.message).to.include("no-such-key");

        const store = await rejection(getPartitions({ storeId: "no-such-store" }, opts));
        expect(store).to.be.instanceOf(ObjectStoreApiError);
        expect(store).to.include({ statusCode: 404, operation: "ListPartitions" });

        const partition = await rejection(getKeys({ storeId: STORE, partitionId: "no-such-partition" }, opts));
        expect(partition).to.be.instanceOf(ObjectStoreApiError);
        expect(partition).to.include({ statusCode: 404, operation: "ListKeys" });
    });

    it("missing settings fail with one ObjectStoreConfigError that lists each of them, before any request", async () => {
        const err = await rejection(getStores({}, { config: null, env: {} }));
        expect(err).to.be.instanceOf(ObjectStoreConfigError);
        expect((err as ObjectStoreConfigError).settings).to.include.members([
            "organizationId",
            "environmentId",
            "clientId",
            "clientSecret",
            "accessToken",
        ]);
        expect(err.message).to.include("anypoint:organizationId").and.include("ANYPOINT_ORGANIZATION_ID");
        expect(err.message).to.include("anypoint:environmentId").and.include("No credentials are set");

        const half = await rejection(
            getKeyValue({ storeId: STORE, partitionId: PARTITION, keyId: "flag-00" }, { config: { "anypoint:clientId": "x" }, env: {} }),
        );
        expect(half).to.be.instanceOf(ObjectStoreConfigError);
        expect(half.message).to.include("anypoint:clientSecret").and.include("anypoint:organizationId");
    });

    it("bad arguments are LookupArgumentErrors (Pulumi RunErrors) that name the function and the argument", async () => {
        expect((await rejection(getKeys({ storeId: STORE, partitionId: "" }, opts))).message).to.match(
            /^getKeys: partitionId must not be empty/,
        );
        expect((await rejection(getPartitions({} as never, opts))).message).to.match(/^getPartitions: storeId is required/);
        const now = new Date();
        const period = await rejection(
            getUsageStats({ level: "environment", startDate: now, endDate: now, period: "1week" as never }, opts),
        );
        expect(period).to.be.instanceOf(LookupArgumentError);
        expect(pulumi.RunError.isInstance(period)).to.equal(true);
        expect(period.message).to.include('"1hour", "1day", "1month"');
        expect(
            (await rejection(getUsageStats({ level: "store", startDate: now, endDate: now, period: "1hour" }, opts))).message,
        ).to.include("storeId");
        expect(
            (await rejection(getUsageStats({ level: "environment", startDate: "yesterday", endDate: now, period: "1hour" }, opts))).message,
        ).to.include("ISO-8601");
    });

    it("scope overrides read another environment of the organization", async () => {
        expect(await otherEnvRequest("PUT", "/stores/prod-only", {})).to.be.oneOf([200, 201]);
        expect(
            await otherEnvRequest("PUT", "/stores/prod-only/partitions/p/keys/k", { keyId: "k", valueType: "STRING", stringValue: "prod" }),
        ).to.be.oneOf([200, 201]);
        const other = DEMO_CREDENTIALS.otherEnvironmentId;

        const prod = await getStores({ environmentId: other }, opts);
        expect(prod.environmentId).to.equal(other);
        expect(prod.storeIds).to.deep.equal(["prod-only"]);
        expect((await getStores({}, opts)).storeIds).to.not.include("prod-only");

        expect((await getKeys({ storeId: "prod-only", partitionId: "p", environmentId: other }, opts)).keyIds).to.deep.equal(["k"]);
        expect(await getKeyValue({ storeId: "prod-only", partitionId: "p", keyId: "k", environmentId: other }, opts)).to.include({
            environmentId: other,
            stringValue: "prod",
        });
        const missing = await rejection(getKeyValue({ storeId: "prod-only", partitionId: "p", keyId: "k" }, opts));
        expect(missing).to.include({ statusCode: 404 });
    });

    it("getUsageStats counts the requests at each level (Stats API)", async () => {
        await api.request("PUT", "/stores/stats-store", {});
        await api.request("PUT", api.keyPath("stats-store", "p", "k"), { keyId: "k", valueType: "NUMBER", numberValue: 1 });
        await getKeyValue({ storeId: "stats-store", partitionId: "p", keyId: "k" }, opts);
        const startDate = new Date(Date.now() - 3_600_000);
        const endDate = new Date(Date.now() + 3_600_000).toISOString();

        const store = await getUsageStats({ level: "store", storeId: "stats-store", startDate, endDate, period: "1hour" }, opts);
        expect(store).to.include({
            level: "store",
            storeId: "stats-store",
            region: "us-east-1",
            period: "1hour",
            startDate: startDate.toISOString(),
        });
        expect(store.totalRequestCount).to.equal(3); // PUT store, PUT key, GET key
        expect(store.buckets.length).to.be.within(2, 3);
        for (const b of store.buckets) expect(b).to.have.keys("timeStamp", "objectStoreRequestCount");

        const env = await getUsageStats({ level: "environment", startDate, endDate, period: "1hour" }, opts);
        expect(env.environmentId).to.equal(DEMO_CREDENTIALS.environmentId);
        expect(env).to.not.have.property("region");
        expect(env.totalRequestCount).to.be.greaterThan(KEY_COUNT);

        const region = await getUsageStats({ level: "region", startDate, endDate, period: "1hour" }, opts);
        expect(region.totalRequestCount).to.equal(env.totalRequestCount);

        const org = await getUsageStats({ level: "organization", startDate, endDate, period: "1day", isMaster: false }, opts);
        expect(org).to.not.have.property("environmentId");
        expect(org.totalRequestCount).to.be.greaterThan(env.totalRequestCount); // includes the other environment

        const tooLong = await rejection(
            getUsageStats(
                { level: "environment", startDate: "2024-01-01T00:00:00Z", endDate: "2024-01-03T00:00:00Z", period: "1hour" },
                opts,
            ),
        );
        expect(tooLong).to.be.instanceOf(ObjectStoreApiError);
        expect(tooLong).to.include({ statusCode: 400, operation: "GetEnvironmentUsage" });
    });

    it("outside a Pulumi program there is no stack config: settings come from ANYPOINT_* variables", async () => {
        expect(await readProgramConfig()).to.deep.equal({});
        const vars: Record<string, string> = {
            ANYPOINT_BASE_URL: emulator.url,
            ANYPOINT_ORG_ID: DEMO_CREDENTIALS.organizationId,
            ANYPOINT_ENV_ID: DEMO_CREDENTIALS.environmentId,
            ANYPOINT_USERNAME: DEMO_CREDENTIALS.username,
            ANYPOINT_PASSWORD: DEMO_CREDENTIALS.password,
        };
        const saved: Record<string, string | undefined> = {};
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) saved[k] = process.env[k];
        for (const k of Object.keys(saved)) delete process.env[k];
        Object.assign(process.env, vars);
        try {
            expect((await getKeys({ storeId: STORE, partitionId: "values" })).keyIds).to.have.members(["count", "blob"]);
        } finally {
            for (const k of Object.keys(vars)) delete process.env[k];
            Object.assign(process.env, saved);
        }
    });

    it("with stack config present (as in a program), reads anypoint:* with getSecret only, so secrets cause no warning", async () => {
        const stack = {
            "anypoint:baseUrl": emulator.url,
            "anypoint:organizationId": DEMO_CREDENTIALS.organizationId,
            "anypoint:environmentId": DEMO_CREDENTIALS.environmentId,
            "anypoint:clientId": DEMO_CREDENTIALS.clientId,
            "anypoint:clientSecret": DEMO_CREDENTIALS.clientSecret,
            "other:clientSecret": "not ours",
        };
        const get = pulumi.Config.prototype.get;
        let gets = 0;
        pulumi.Config.prototype.get = function (this: pulumi.Config, ...a: Parameters<typeof get>) {
            gets++;
            return get.apply(this, a);
        } as typeof get;
        pulumi.runtime.setAllConfig(stack, ["anypoint:clientSecret"]);
        try {
            const read = await readProgramConfig();
            expect(read).to.deep.equal({
                "anypoint:baseUrl": emulator.url,
                "anypoint:organizationId": DEMO_CREDENTIALS.organizationId,
                "anypoint:environmentId": DEMO_CREDENTIALS.environmentId,
                "anypoint:clientId": DEMO_CREDENTIALS.clientId,
                "anypoint:clientSecret": DEMO_CREDENTIALS.clientSecret,
            });
            expect((await getStores({ beginsWith: STORE }, { env: {} })).storeIds).to.deep.equal([STORE]);
            expect(gets).to.equal(0);
        } finally {
            pulumi.Config.prototype.get = get;
            pulumi.runtime.setAllConfig({}, []);
        }
    });

    it("stack config wins over the environment, setting by setting", async () => {
        const env = { ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.otherEnvironmentId, ANYPOINT_ACCESS_TOKEN: "stale-token" };
        const r = await getStores({ beginsWith: STORE }, { config: opts.config, env });
        expect(r.environmentId).to.equal(DEMO_CREDENTIALS.environmentId);
        expect(r.storeIds).to.deep.equal([STORE]);
    });

    it("the Output forms take Inputs; getKeyValueOutput's result is secret", async () => {
        const stores = getStoresOutput({ beginsWith: pulumi.output("bulk-2") }, opts);
        expect((await valueOf(stores)).storeIds).to.have.length(7);
        expect(await pulumi.isSecret(stores)).to.equal(false);

        const keys = getKeysOutput({ storeId: pulumi.output(STORE), partitionId: "values" }, opts);
        expect((await valueOf(keys)).keyIds).to.have.members(["count", "blob"]);

        const kv = getKeyValueOutput({ storeId: STORE, partitionId: pulumi.output(PARTITION), keyId: "flag-03" }, opts);
        expect(await pulumi.isSecret(kv)).to.equal(true);
        const text = kv.apply((v) => v.stringValue);
        expect(await pulumi.isSecret(text)).to.equal(true);
        expect(await valueOf(text)).to.equal("on-3");
    });
});

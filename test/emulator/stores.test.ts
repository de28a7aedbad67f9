import { expect } from "chai";
import { BACKENDS, Harness, ORG, OTHER_ENV, paths } from "./helpers";

const DEFAULT_STORE = {
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 2592000,
    defaultConfirmationTtlSeconds: 600,
    isFixedTtl: null,
    usageLimits: null,
};

for (const backend of BACKENDS) {
    describe(`emulator stores [${backend}]`, () => {
        let h: Harness;
        before(async () => {
            h = await Harness.start(backend);
        });
        after(async () => h.stop());
        beforeEach(async () => h.reset());

        it("PUT S without a body creates a store with the documented defaults (201)", async () => {
            const res = await h.call("PUT", paths.store("APP_demo__defaultPersistentObjectStore"));
            expect(res.status).to.equal(201);
            expect(res.json).to.deep.equal({ storeId: "APP_demo__defaultPersistentObjectStore", ...DEFAULT_STORE });
            const get = await h.call("GET", paths.store("APP_demo__defaultPersistentObjectStore"));
            expect(get.status).to.equal(200);
            expect(get.json).to.deep.equal(res.json);
        });

        it("PUT S on an existing store returns 200 and replaces settings (unset fields back to defaults)", async () => {
            await h.call("PUT", paths.store("s"), { body: { defaultTtlSeconds: 100, persistent: false } });
            const res = await h.call("PUT", paths.store("s"), { body: { isFixedTtl: true } });
            expect(res.status).to.equal(200);
            expect(res.json).to.deep.equal({ storeId: "s", ...DEFAULT_STORE, isFixedTtl: true });
        });

        it("PUT S clamps TTLs above 2592000 or <= 0 to 2592000 silently, converts defaultTtlMillis", async () => {
            expect((await h.call("PUT", paths.store("a"), { body: { defaultTtlSeconds: 9_999_999 } })).json.defaultTtlSeconds).to.equal(
                2592000,
            );
            expect((await h.call("PUT", paths.store("b"), { body: { defaultTtlSeconds: 0 } })).json.defaultTtlSeconds).to.equal(2592000);
            expect((await h.call("PUT", paths.store("c"), { body: { defaultTtlSeconds: -5 } })).json.defaultTtlSeconds).to.equal(2592000);
            expect((await h.call("PUT", paths.store("d"), { body: { defaultTtlMillis: 120000 } })).json.defaultTtlSeconds).to.equal(120);
            expect((await h.call("PUT", paths.store("e"), { body: { defaultTtlSeconds: 86400 } })).json.defaultTtlSeconds).to.equal(86400);
        });

        it("PUT S accepts every documented field and usageLimits", async () => {
            const body = {
                defaultTtlSeconds: 3600,
                defaultConfirmationTtlSeconds: 30,
                persistent: true,
                isFixedTtl: false,
                encrypted: false,
                usageLimits: { maxKeys: 10, maxSizeBytes: 1000, enforcement: "WARN" },
            };
            const res = await h.call("PUT", paths.store("full"), { body });
            expect(res.status).to.equal(201);
            expect(res.json).to.deep.equal({ storeId: "full", permanentOsFlag: false, ...body });
            const partial = await h.call("PUT", paths.store("partial"), { body: { usageLimits: { maxKeys: 3 } } });
            expect(partial.json.usageLimits).to.deep.equal({ maxKeys: 3, maxSizeBytes: null, enforcement: "REJECT" });
        });

        it("PUT S rejects unknown fields and wrong types with 400 naming the field", async () => {
            const unknown = await h.call("PUT", paths.store("x"), { body: { defaultTtl: 5 } });
            expect(unknown.status).to.equal(400);
            expect(unknown.json).to.include({ status: 400, name: "InvalidBody" });
            expect(unknown.json.message).to.contain("defaultTtl");
            const wrongType = await h.call("PUT", paths.store("x"), { body: { defaultTtlSeconds: "60" } });
            expect(wrongType.status).to.equal(400);
            expect(wrongType.json.message).to.contain("defaultTtlSeconds");
            const badEnforcement = await h.call("PUT", paths.store("x"), { body: { usageLimits: { enforcement: "BLOCK" } } });
            expect(badEnforcement.status).to.equal(400);
            expect(badEnforcement.json.message).to.contain("enforcement");
            expect((await h.call("GET", paths.store("x"))).status).to.equal(404);
        });

        it("PUT S refuses a confirmation TTL below 1 s or above 2592000 s (400; it is not clamped like the entry TTL)", async () => {
            for (const seconds of [0, -1, 2_592_001]) {
                const res = await h.call("PUT", paths.store("conf"), { body: { defaultConfirmationTtlSeconds: seconds } });
                expect(res.status, String(seconds)).to.equal(400);
                expect(res.json).to.include({ status: 400, name: "InvalidBody" });
                expect(res.json.message).to.contain("defaultConfirmationTtlSeconds");
            }
            expect((await h.call("GET", paths.store("conf"))).status).to.equal(404);
            const edge = await h.call("PUT", paths.store("conf"), { body: { defaultConfirmationTtlSeconds: 2_592_000 } });
            expect(edge.json.defaultConfirmationTtlSeconds).to.equal(2_592_000);
        });

        it("rejects storeIds longer than 256 characters (400) and accepts 256", async () => {
            const long = await h.call("PUT", paths.store("s".repeat(257)));
            expect(long.status).to.equal(400);
            expect(long.json.name).to.equal("InvalidParam");
            expect(long.json.message).to.contain("256");
            expect((await h.call("PUT", paths.store("s".repeat(256)))).status).to.equal(201);
        });

        it("PATCH S changes only the given fields; 404 for a missing store", async () => {
            await h.call("PUT", paths.store("s"), { body: { defaultTtlSeconds: 100, isFixedTtl: true } });
            const res = await h.call("PATCH", paths.store("s"), { body: { defaultConfirmationTtlSeconds: 60 } });
            expect(res.status).to.equal(200);
            expect(res.json).to.include({ defaultTtlSeconds: 100, isFixedTtl: true, defaultConfirmationTtlSeconds: 60 });
            const cleared = await h.call("PATCH", paths.store("s"), { body: { isFixedTtl: null, usageLimits: null } });
            expect(cleared.json.isFixedTtl).to.equal(null);
            const missing = await h.call("PATCH", paths.store("nope"), { body: { persistent: false } });
            expect(missing.status).to.equal(404);
            expect(missing.json).to.deep.include({ status: 404, name: "NotFound" });
        });

        it("DELETE S returns 204, removes partitions and keys, then 404", async () => {
            await h.call("PUT", paths.store("s"));
            await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v" } });
            expect((await h.call("DELETE", paths.store("s"))).status).to.equal(204);
            expect((await h.call("GET", paths.store("s"))).status).to.equal(404);
            expect((await h.call("DELETE", paths.store("s"))).status).to.equal(404);
            await h.call("PUT", paths.store("s"));
            expect((await h.call("HEAD", paths.partition("s", "p"))).status).to.equal(404);
            expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(404);
        });

        it("GET P/stores lists 25 per page in storeId order with nextPageToken, beginsWith filter", async () => {
            const ids = Array.from({ length: 30 }, (_, i) => `store-${String(i).padStart(2, "0")}`);
            for (const id of [...ids].reverse()) await h.call("PUT", paths.store(id));
            await h.call("PUT", paths.store("other"));
            const first = await h.call("GET", paths.stores());
            expect(first.status).to.equal(200);
            expect(first.json.values).to.have.length(25);
            expect(first.json.values[0]).to.deep.equal({ storeId: "other", ...DEFAULT_STORE });
            expect(first.json.nextPageToken).to.be.a("string");
            const second = await h.call("GET", `${paths.stores()}?nextPageToken=${encodeURIComponent(first.json.nextPageToken)}`);
            expect(second.json.values.map((s: { storeId: string }) => s.storeId)).to.deep.equal(ids.slice(24));
            expect(second.json.nextPageToken).to.equal(null);
            const filtered = await h.call("GET", `${paths.stores()}?beginsWith=store-1&pageSize=4`);
            expect(filtered.json.values.map((s: { storeId: string }) => s.storeId)).to.deep.equal(ids.slice(10, 14));
            const rest = await h.call(
                "GET",
                `${paths.stores()}?beginsWith=store-1&pageSize=100&nextPageToken=${filtered.json.nextPageToken}`,
            );
            expect(rest.json.values.map((s: { storeId: string }) => s.storeId)).to.deep.equal(ids.slice(14, 20));
            expect(rest.json.nextPageToken).to.equal(null);
        });

        it("GET P/stores on an empty environment is {values: [], nextPageToken: null}; bad paging is 400", async () => {
            expect((await h.call("GET", paths.stores())).json).to.deep.equal({ values: [], nextPageToken: null });
            expect((await h.call("GET", `${paths.stores()}?pageSize=0`)).status).to.equal(400);
            expect((await h.call("GET", `${paths.stores()}?pageSize=abc`)).status).to.equal(400);
            const badToken = await h.call("GET", `${paths.stores()}?nextPageToken=not*a*token`);
            expect(badToken.status).to.equal(400);
            expect(badToken.json.message).to.contain("nextPageToken");
        });

        it("stores are scoped per environment", async () => {
            await h.call("PUT", paths.store("s"));
            const other = `/api/v1/organizations/${ORG}/environments/${OTHER_ENV}/stores`;
            const res = await h.call("GET", other);
            expect(res.status).to.equal(200);
            expect(res.json.values).to.deep.equal([]);
        });
    });
}

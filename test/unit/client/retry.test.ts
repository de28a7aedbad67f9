import { expect } from "chai";
import nock from "nock";
import { ObjectStoreApiError, type RetryInfo } from "../../../provider/client";
import { P, freshHost, makeClient, netError, useNock } from "./helpers";

const STORE = {
    storeId: "s1",
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 60,
    defaultConfirmationTtlSeconds: 600,
    isFixedTtl: null,
    usageLimits: null,
};

describe("client retries (nock)", () => {
    useNock();

    it("retries a 429 after the Retry-After seconds and then succeeds", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host)
            .get(`${P}/stores/s1`)
            .reply(429, { status: 429, message: "slow down" }, { "retry-after": "1" })
            .get(`${P}/stores/s1`)
            .reply(200, STORE);
        const store = await makeClient({ baseUrl: host }, retries).getStore("s1");
        expect(store?.storeId).to.equal("s1");
        expect(retries).to.have.length(1);
        expect(retries[0]).to.include({
            reason: "retry-after",
            delayMs: 1000,
            statusCode: 429,
            operation: "GetStore",
            method: "GET",
            retry: 1,
        });
    });

    it("honours a Retry-After given as an HTTP date", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        const when = new Date(Date.now() + 2000).toUTCString();
        nock(host).get(`${P}/stores/s1`).reply(429, "", { "retry-after": when }).get(`${P}/stores/s1`).reply(200, STORE);
        await makeClient({ baseUrl: host }, retries).getStore("s1");
        expect(retries).to.have.length(1);
        expect(retries[0]!.reason).to.equal("retry-after");
        expect(retries[0]!.delayMs).to.be.greaterThan(0).and.at.most(2000);
    });

    it("fails at once when Retry-After asks for more than maxRetryAfterMs", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s1`).reply(429, { message: "come back tomorrow" }, { "retry-after": "86400" });
        const err = await makeClient({ baseUrl: host })
            .getStore("s1")
            .then(
                () => undefined,
                (e: unknown) => e,
            );
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect((err as ObjectStoreApiError).statusCode).to.equal(429);
        expect((err as ObjectStoreApiError).message).to.include("rate-limiting");
    });

    for (const status of [500, 502, 503, 504]) {
        it(`retries a ${status} with exponential backoff`, async () => {
            const host = freshHost();
            const retries: RetryInfo[] = [];
            nock(host)
                .get(`${P}/stores/s1`)
                .times(2)
                .reply(status, { status, name: "Service Unavailable", message: "try later" })
                .get(`${P}/stores/s1`)
                .reply(200, STORE);
            await makeClient({ baseUrl: host }, retries).getStore("s1");
            expect(retries.map((r) => [r.retry, r.reason, r.statusCode])).to.deep.equal([
                [1, "backoff", status],
                [2, "backoff", status],
            ]);
        });
    }

    it("retries ECONNRESET and reports network errors without a status", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host).get(`${P}/stores/s1`).replyWithError(netError("ECONNRESET", "socket hang up")).get(`${P}/stores/s1`).reply(200, STORE);
        await makeClient({ baseUrl: host }, retries).getStore("s1");
        expect(retries).to.have.length(1);
        expect(retries[0]).to.include({ code: "ECONNRESET", reason: "backoff" });
    });

    it("gives up after the retry limit (default 3 retries = 4 attempts) with the attempt count", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host).get(`${P}/stores/s1`).times(4).reply(503, { message: "down" });
        const err = (await makeClient({ baseUrl: host }, retries)
            .getStore("s1")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.statusCode).to.equal(503);
        expect(err.attempts).to.equal(4);
        expect(err.message).to.include("after 4 attempts");
        expect(retries).to.have.length(3);
    });

    it("respects a custom retry limit", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s1`).times(2).reply(500, "boom");
        const err = (await makeClient({ baseUrl: host, retry: { limit: 1 } })
            .getStore("s1")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.attempts).to.equal(2);
    });

    it("gives up after repeated network errors with the code in the message", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s1`).times(2).replyWithError(netError("ECONNRESET", "socket hang up"));
        const err = (await makeClient({ baseUrl: host, retry: { limit: 1 } })
            .getStore("s1")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.statusCode).to.equal(undefined);
        expect(err.code).to.equal("ECONNRESET");
        expect(err.message).to.match(/^GetStore GET \/api\/v1\/organizations\/org-1\/environments\/env-1\/stores\/s1 failed: ECONNRESET/);
        expect(err.message).to.include("Could not reach");
    });

    for (const status of [400, 401, 403, 404, 409, 413, 422]) {
        it(`does not retry a ${status}`, async () => {
            const host = freshHost();
            const retries: RetryInfo[] = [];
            nock(host)
                .put(`${P}/stores/s1`)
                .once()
                .reply(status, { status, name: "Err", message: `nope ${status}` });
            const err = (await makeClient({ baseUrl: host }, retries)
                .putStore("s1", {})
                .catch((e: unknown) => e)) as ObjectStoreApiError;
            expect(err).to.be.instanceOf(ObjectStoreApiError);
            expect(err.statusCode).to.equal(status);
            expect(err.serverMessage).to.equal(`nope ${status}`);
            expect(retries).to.have.length(0);
        });
    }

    it("does not retry POST (create key) on 503: it may have taken effect", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host).post(`${P}/stores/s/partitions/p/keys/k`).once().reply(503, { message: "maybe" });
        const err = (await makeClient({ baseUrl: host }, retries)
            .createKey("s", "p", "k", { valueType: "STRING", stringValue: "v" })
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(503);
        expect(retries).to.have.length(0);
    });

    it("does not retry POST on ECONNRESET (the request may have been processed)", async () => {
        const host = freshHost();
        nock(host).post(`${P}/stores/s/partitions/p/keys/k`).once().replyWithError(netError("ECONNRESET", "reset"));
        const err = (await makeClient({ baseUrl: host })
            .createKey("s", "p", "k", { valueType: "STRING", stringValue: "v" })
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.code).to.equal("ECONNRESET");
        expect(err.attempts).to.equal(1);
    });

    it("retries POST on 429 (the service rejected it) and on ECONNREFUSED (never sent)", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host)
            .post(`${P}/stores/s/partitions/p/keys/k`)
            .reply(429, "", { "retry-after": "0" })
            .post(`${P}/stores/s/partitions/p/keys/k`)
            .replyWithError(netError("ECONNREFUSED", "connect ECONNREFUSED"))
            .post(`${P}/stores/s/partitions/p/keys/k`)
            .reply(201, { keyId: "k", valueType: "STRING", stringValue: "v" });
        const kv = await makeClient({ baseUrl: host }, retries).createKey("s", "p", "k", { valueType: "STRING", stringValue: "v" });
        expect(kv.stringValue).to.equal("v");
        expect(retries.map((r) => r.statusCode ?? r.code)).to.deep.equal([429, "ECONNREFUSED"]);
    });

    it("retries idempotent PUT, PATCH and DELETE on 502", async () => {
        const host = freshHost();
        nock(host)
            .put(`${P}/stores/s/partitions/p/keys/k`)
            .reply(502)
            .put(`${P}/stores/s/partitions/p/keys/k`)
            .reply(200, { keyId: "k", valueType: "NUMBER", numberValue: 3 })
            .patch(`${P}/stores/s`)
            .reply(502)
            .patch(`${P}/stores/s`)
            .reply(200, { ...STORE, storeId: "s" })
            .delete(`${P}/stores/s`)
            .reply(502)
            .delete(`${P}/stores/s`)
            .reply(204);
        const c = makeClient({ baseUrl: host });
        expect((await c.putKey("s", "p", "k", { valueType: "NUMBER", numberValue: 3 })).numberValue).to.equal(3);
        expect((await c.patchStore("s", { defaultTtlSeconds: 5 })).storeId).to.equal("s");
        expect(await c.deleteStore("s")).to.equal(true);
    });
});

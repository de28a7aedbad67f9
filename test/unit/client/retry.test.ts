import { expect } from "chai";
import nock from "nock";
import { ObjectStoreApiError, decideRetry, sharedLimiter, staticTokenSource, type RetryInfo } from "../../../provider/client";
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

    it("fails at once when Retry-After asks for more than the retry budget", async () => {
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

    for (const status of [502, 503, 504]) {
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

    it("keeps retrying past a small count, until the time budget, then fails with the attempt count", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        let served = 0;
        nock(host)
            .get(`${P}/stores/s1`)
            .times(1000)
            .reply(() => (served++, [503, { message: "down" }]));
        const started = Date.now();
        const err = (await makeClient({ baseUrl: host, retry: { budgetMs: 300, baseDelayMs: 10, maxDelayMs: 20 } }, retries)
            .getStore("s1")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        const elapsed = Date.now() - started;
        nock.cleanAll();
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.statusCode).to.equal(503);
        expect(served).to.be.greaterThan(8); // far more than the old 4 attempts
        expect(err.attempts).to.equal(served);
        expect(err.message).to.include(`after ${served} attempts`);
        expect(retries).to.have.length(served - 1);
        expect(elapsed).to.be.lessThan(300 + 1000); // the budget bounds the call (generous margin for a loaded machine)
    });

    it("a 429 storm is retried until it passes, Retry-After honoured each time", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host).get(`${P}/stores/s1`).times(12).reply(429, "", { "retry-after": "0" }).get(`${P}/stores/s1`).reply(200, STORE);
        expect((await makeClient({ baseUrl: host }, retries).getStore("s1"))?.storeId).to.equal("s1");
        expect(retries).to.have.length(12);
        expect(retries.every((r) => r.reason === "retry-after" && r.statusCode === 429)).to.equal(true);
    });

    it("a Retry-After longer than what is left of the budget fails at once", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host).get(`${P}/stores/s1`).reply(429, "", { "retry-after": "2" });
        const err = (await makeClient({ baseUrl: host, retry: { budgetMs: 1500 } }, retries)
            .getStore("s1")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(429);
        expect(retries).to.have.length(0);
    });

    it("a budget of 0 disables retries", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s1`).reply(503);
        const err = (await makeClient({ baseUrl: host, retry: { budgetMs: 0 } })
            .getStore("s1")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(503);
        expect(err.attempts).to.equal(1);
    });

    it("times out a request that hangs, and retries it (GET)", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host).get(`${P}/stores/s1`).delay(2000).reply(200, STORE).get(`${P}/stores/s1`).reply(200, STORE);
        const store = await makeClient({ baseUrl: host, timeoutMs: 100 }, retries).getStore("s1");
        expect(store?.storeId).to.equal("s1");
        expect(retries.map((r) => r.code)).to.deep.equal(["ETIMEDOUT"]);
    });

    it("respects a custom retry limit", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s1`).times(2).reply(503, "boom");
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

    for (const status of [400, 401, 403, 404, 409, 413, 422, 500]) {
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

    const K = `${P}/stores/s/partitions/p/keys/k`;
    const SENT = { valueType: "STRING", stringValue: "v" } as const;

    it("create key: after a reset it reads the key instead of posting again, and returns its own key (no false 409)", async () => {
        const host = freshHost();
        const retries: RetryInfo[] = [];
        nock(host)
            .post(K)
            .once()
            .replyWithError(netError("ECONNRESET", "socket hang up"))
            .get(K)
            .reply(200, { keyId: "k", ...SENT });
        const kv = await makeClient({ baseUrl: host }, retries).createKey("s", "p", "k", SENT);
        expect(kv).to.deep.equal({ keyId: "k", ...SENT });
        expect(retries).to.have.length(0); // the POST itself was not repeated
    });

    it("create key: after a 503 whose POST did not take effect (key absent) it posts again", async () => {
        const host = freshHost();
        nock(host)
            .post(K)
            .reply(503)
            .get(K)
            .reply(404, { message: "not found" })
            .post(K, { keyId: "k", ...SENT })
            .reply(201, { keyId: "k", ...SENT });
        expect((await makeClient({ baseUrl: host }).createKey("s", "p", "k", SENT)).stringValue).to.equal("v");
    });

    it("create key: a 409 answering the repeat after a lost answer is checked against the value sent", async () => {
        const host = freshHost();
        nock(host)
            .post(K)
            .replyWithError(netError("ETIMEDOUT", "timeout"))
            .get(K)
            .reply(404)
            .post(K)
            .reply(409, { message: "Key already exists" }) // the first POST landed late
            .get(K)
            .reply(200, { keyId: "k", ...SENT });
        expect((await makeClient({ baseUrl: host }).createKey("s", "p", "k", SENT)).stringValue).to.equal("v");
    });

    it("create key: a key that exists with another value after a lost answer is a real 409", async () => {
        const host = freshHost();
        nock(host)
            .post(K)
            .replyWithError(netError("ECONNRESET", "reset"))
            .get(K)
            .reply(200, { keyId: "k", valueType: "STRING", stringValue: "someone else's" });
        const err = (await makeClient({ baseUrl: host })
            .createKey("s", "p", "k", SENT)
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.statusCode).to.equal(409);
        expect(err.message).to.include("already exists with another value");
    });

    it("create key: a 409 on the first POST is final (no read, no retry)", async () => {
        const host = freshHost();
        nock(host).post(K).once().reply(409, { message: "Key already exists" });
        const err = (await makeClient({ baseUrl: host })
            .createKey("s", "p", "k", SENT)
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(409);
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

    it("one limiter per application: a 429 seen in one environment slows the client of another", async () => {
        const host = freshHost();
        const token = staticTokenSource("shared-app-token");
        const other = `/api/v1/organizations/org-1/environments/env-2`;
        nock(host)
            .get(`${P}/stores/s1`)
            .reply(429, "", { "retry-after": "0" })
            .get(`${P}/stores/s1`)
            .reply(200, STORE)
            .get(`${other}/stores/s1`)
            .reply(200, STORE);
        const a = makeClient({ baseUrl: host, tokenSource: token, requestsPerSecond: 10 });
        const b = makeClient({ baseUrl: host, environmentId: "env-2", tokenSource: token, requestsPerSecond: 10 });
        await a.getStore("s1");
        const limiter = sharedLimiter(token.application, 10);
        expect(limiter.ratePerSecond).to.be.lessThan(10); // lowered by the 429, partly given back by the success
        const before = limiter.ratePerSecond;
        await b.getStore("s1");
        expect(limiter.ratePerSecond).to.be.greaterThan(before); // b's success counts for the same application
    });
});

describe("retry decisions (pure)", () => {
    const at = (o: Partial<Parameters<typeof decideRetry>[0]>) => decideRetry({ method: "GET", retry: 1, elapsedMs: 0, ...o }, {}, () => 1);

    it("retries 429 and 502/503/504 and connection failures; not 500 or other answers", () => {
        for (const statusCode of [429, 502, 503, 504]) expect(at({ statusCode }).retry, String(statusCode)).to.equal(true);
        for (const code of ["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN"])
            expect(at({ code }).retry, code).to.equal(true);
        for (const statusCode of [400, 401, 404, 409, 413, 500])
            expect(at({ statusCode })).to.deep.equal({ retry: false, reason: "final" });
        expect(at({ code: "ENOTFOUND" })).to.deep.equal({ retry: false, reason: "final" });
    });

    it("repeats a POST only when it certainly did not take effect, unless POST is declared safe", () => {
        expect(at({ method: "POST", statusCode: 429 }).retry).to.equal(true);
        expect(at({ method: "POST", code: "ECONNREFUSED" }).retry).to.equal(true);
        for (const o of [{ code: "ECONNRESET" }, { code: "ETIMEDOUT" }, { statusCode: 503 }, { statusCode: 502 }]) {
            expect(at({ method: "POST", ...o })).to.deep.equal({ retry: false, reason: "unsafe" });
            expect(at({ method: "POST", postIsSafe: true, ...o }).retry).to.equal(true);
        }
    });

    it("waits Retry-After, else backoff doubling up to the cap; gives up when the wait would end after the budget", () => {
        expect(at({ statusCode: 429, retryAfterMs: 3000 })).to.deep.equal({ retry: true, delayMs: 3000, reason: "retry-after" });
        expect([1, 2, 3, 10, 20].map((retry) => (at({ statusCode: 503, retry }) as { delayMs: number }).delayMs)).to.deep.equal([
            250, 500, 1000, 10_000, 10_000,
        ]);
        expect(at({ statusCode: 429, retryAfterMs: 3000, elapsedMs: 117_000 })).to.deep.equal({ retry: false, reason: "budget" });
        expect(at({ statusCode: 503, elapsedMs: 119_900 })).to.deep.equal({ retry: false, reason: "budget" });
        expect(decideRetry({ method: "GET", statusCode: 503, retry: 2, elapsedMs: 0 }, { limit: 1 })).to.deep.equal({
            retry: false,
            reason: "limit",
        });
    });
});

/**
 * One budget and one log per resource operation (provider/client/operation.ts), through the real
 * client and got plumbing against nock. Time is the operation's clock, advanced by the mocked
 * server ("this answer took 400 ms"), so the budget decisions are exact and the tests do not wait.
 */
import { expect } from "chai";
import nock from "nock";
import {
    ObjectStoreApiError,
    RateLimiter,
    connectedAppTokenSource,
    runOperation,
    staticTokenSource,
    type LogSeverity,
    type RetryInfo,
} from "../../../provider/client";
import { createHttp } from "../../../provider/client/http";
import { Operation } from "../../../provider/client/operation";
import { P, freshHost, makeClient, useNock } from "./helpers";

const K = `${P}/stores/s/partitions/p/keys/k`;
const SENT = { valueType: "STRING", stringValue: "v" } as const;

/** A clock that only moves when told to. */
function fakeClock(start = 1_000_000) {
    let t = start;
    return {
        now: () => t,
        advance: (ms: number) => void (t += ms),
        sleep: async (ms: number) => void (t += ms),
    };
}

/** An operation log that keeps its lines. */
function recorder() {
    const lines: { severity: LogSeverity; message: string }[] = [];
    return { lines, log: (severity: LogSeverity, message: string) => void lines.push({ severity, message }) };
}

describe("operation scope: one budget and one log per resource operation (nock)", () => {
    useNock();

    it("a lost create's POSTs and read-backs share one budget: the create stops when the operation's budget is spent", async () => {
        const host = freshHost();
        const clock = fakeClock();
        const sent: string[] = [];
        // Each POST takes 400 ms and its answer is lost (503); each read-back takes 100 ms and finds no key.
        nock(host)
            .post(K)
            .times(10)
            .reply(() => (sent.push("POST"), clock.advance(400), [503, { message: "unavailable" }]))
            .get(K)
            .times(10)
            .reply(() => (sent.push("GET"), clock.advance(100), [404, { message: "not found" }]));
        const client = makeClient({ baseUrl: host, retry: { budgetMs: 1_000 } });
        const err = (await runOperation({ label: "Key 'p/k' in store 's'", now: clock.now }, () =>
            client.createKey("s", "p", "k", SENT),
        ).catch((e: unknown) => e)) as ObjectStoreApiError;
        nock.cleanAll();
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect([err.operation, err.statusCode]).to.deep.equal(["CreateKey", 503]);
        // 400 + 100 + 400 + 100 = 1000 ms spent when the third POST fails: no fourth attempt.
        expect(sent).to.deep.equal(["POST", "GET", "POST", "GET", "POST"]);
    });

    it("a read-back's own retries spend the operation's budget, not a fresh one", async () => {
        const host = freshHost();
        const clock = fakeClock();
        const retries: RetryInfo[] = [];
        nock(host)
            .post(K)
            .reply(() => (clock.advance(400), [503]))
            .get(K)
            .times(10)
            .reply(() => (clock.advance(300), [503, { message: "busy" }]));
        const client = makeClient({ baseUrl: host, retry: { budgetMs: 1_000 } }, retries);
        const err = (await runOperation({ label: "", now: clock.now }, () => client.createKey("s", "p", "k", SENT)).catch(
            (e: unknown) => e,
        )) as ObjectStoreApiError;
        nock.cleanAll();
        expect([err.operation, err.statusCode]).to.deep.equal(["GetKey", 503]);
        // The GET's first retry is decided with 700 ms spent (the POST's 400 + its own 300): 300 ms left, not 1000.
        expect(retries.map((r) => [r.operation, r.budgetLeftMs])).to.deep.equal([["GetKey", 300]]);
        expect(retries.every((r) => r.delayMs < r.budgetLeftMs)).to.equal(true);
    });

    it("no backoff of a lost create starts that would end after the budget (it fails at once, without sleeping or reading)", async () => {
        const host = freshHost();
        const clock = fakeClock();
        nock(host)
            .post(K)
            .reply(() => (clock.advance(100), [503]));
        // Backoff 2-4 s, budget 2 s: the read-back would be after the budget. No GET is mocked: reading would fail the test.
        const client = makeClient({ baseUrl: host, retry: { budgetMs: 2_000, baseDelayMs: 4_000, maxDelayMs: 4_000 } });
        const started = Date.now();
        const err = (await runOperation({ label: "", now: clock.now }, () => client.createKey("s", "p", "k", SENT)).catch(
            (e: unknown) => e,
        )) as ObjectStoreApiError;
        expect([err.operation, err.statusCode]).to.deep.equal(["CreateKey", 503]);
        expect(Date.now() - started).to.be.lessThan(2_000); // it did not sleep the 2-4 s backoff
    });

    it("time queued in the client's rate limiter does not start or run the clock", async () => {
        const host = freshHost();
        const clock = fakeClock();
        const limiter = new RateLimiter(1, 1, clock);
        limiter.reserve(); // another caller took this second's slot ...
        for (let i = 0; i < 4; i++) limiter.reserve(); // ... and the next four: this request waits 5 s
        const { lines, log } = recorder();
        const retries: RetryInfo[] = [];
        nock(host)
            .get(`${P}/stores/s`)
            .times(2)
            .reply(() => (clock.advance(50), [503]))
            .get(`${P}/stores/s`)
            .reply(200, "{}");
        const http = createHttp({ limiter, retry: { budgetMs: 3_000, baseDelayMs: 1, maxDelayMs: 1, onRetry: (r) => retries.push(r) } });
        const res = await runOperation({ label: "Store 's'", log, now: clock.now }, () =>
            http(`${host}${P}/stores/s`, { method: "GET", operation: "GetStore", path: `${P}/stores/s` }),
        );
        // 5 s in the limiter before the first attempt and 1 s before each retry: only the 50 ms of each failed attempt are spent.
        expect(res.statusCode).to.equal(200);
        expect(retries.map((r) => r.budgetLeftMs)).to.deep.equal([2_950, 2_900]);
        expect(lines).to.deep.equal([
            {
                severity: "info",
                message:
                    "Store 's': queued by the client's rate limit of 1 requests/s; sending in 5 s (attempt 1; 3 s of the 3 s budget left)",
            },
        ]);
    });

    it("every retry wait over the threshold is reported once, naming the object, the status or code, the attempt and the budget left", async () => {
        const host = freshHost();
        const clock = fakeClock();
        const { lines, log } = recorder();
        nock(host)
            .get(`${P}/stores/s1`)
            .reply(() => (clock.advance(2_000), [429, "", { "retry-after": "0" }]))
            .get(`${P}/stores/s1`)
            .reply(() => (clock.advance(1_000), [503]))
            .get(`${P}/stores/s1`)
            .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
            .get(`${P}/stores/s1`)
            .reply(200, { storeId: "s1", defaultTtlSeconds: 60 });
        const client = makeClient({ baseUrl: host, retry: { budgetMs: 120_000 } });
        await runOperation({ label: "Store 's1'", log, now: clock.now, reportWaitsOverMs: 0 }, () => client.getStore("s1"));
        expect(lines.map((l) => l.severity)).to.deep.equal(["warning", "warning", "warning"]);
        expect(lines[0].message).to.equal("Store 's1': OSv2 answered 429; retrying in 0 s (attempt 2; 118 s of the 120 s budget left)");
        expect(lines[1].message).to.match(
            /^Store 's1': OSv2 answered 503; retrying in [\d.]+ s \(attempt 3; 117 s of the 120 s budget left\)$/,
        );
        expect(lines[2].message).to.match(
            /^Store 's1': no answer from OSv2 \(ECONNRESET\); retrying in [\d.]+ s \(attempt 4; 117 s of the 120 s budget left\)$/,
        );
    });

    it("waits of 2 s or less are not reported (the default threshold); outside any operation nothing is reported", async () => {
        const host = freshHost();
        const { lines, log } = recorder();
        nock(host)
            .get(`${P}/stores/s1`)
            .reply(429, "", { "retry-after": "1" })
            .get(`${P}/stores/s1`)
            .reply(200, { storeId: "s1" })
            .get(`${P}/stores/s2`)
            .reply(503)
            .get(`${P}/stores/s2`)
            .reply(200, { storeId: "s2" });
        const client = makeClient({ baseUrl: host });
        await runOperation({ label: "Store 's1'", log }, () => client.getStore("s1"));
        await client.getStore("s2");
        expect(lines).to.deep.equal([]);
    });

    it("a lost create's read-back is reported as such", async () => {
        const host = freshHost();
        const { lines, log } = recorder();
        nock(host)
            .post(K)
            .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
            .get(K)
            .reply(200, { keyId: "k", ...SENT });
        await runOperation({ label: "Key 'p/k' in store 's'", log, reportWaitsOverMs: 0 }, () =>
            makeClient({ baseUrl: host }).createKey("s", "p", "k", SENT),
        );
        expect(lines).to.have.length(1);
        expect(lines[0].severity).to.equal("warning");
        expect(lines[0].message).to.match(
            /^Key 'p\/k' in store 's': the answer to the key's create was lost \(ECONNRESET\); reading the key back in [\d.]+ s \(attempt 2; 1[12]\d s of the 120 s budget left\)$/,
        );
    });

    it("token requests are part of the operation: a busy token endpoint is reported as the Anypoint Platform's", async () => {
        const host = freshHost();
        const { lines, log } = recorder();
        nock(host)
            .post("/accounts/api/v2/oauth2/token")
            .reply(503)
            .post("/accounts/api/v2/oauth2/token")
            .reply(200, { access_token: "tok-operation-123", expires_in: 3600 })
            .get(`${P}/stores/s1`)
            .reply(200, { storeId: "s1" });
        const tokenSource = connectedAppTokenSource({
            authBaseUrl: host,
            clientId: "cid",
            clientSecret: "secret-value",
            retry: { baseDelayMs: 1 },
        });
        await runOperation({ label: "Store 's1'", log, reportWaitsOverMs: 0 }, () =>
            makeClient({ baseUrl: host, tokenSource }).getStore("s1"),
        );
        expect(lines.map((l) => l.message)).to.have.length(1);
        expect(lines[0].message).to.match(/^Store 's1': the Anypoint Platform answered 503; retrying in [\d.]+ s \(attempt 2; /);
    });

    it("a nested runOperation joins the enclosing one: its budget, label and log", async () => {
        const host = freshHost();
        const clock = fakeClock();
        const { lines, log } = recorder();
        const retries: RetryInfo[] = [];
        nock(host)
            .get(`${P}/stores/s1`)
            .reply(() => (clock.advance(600), [503]))
            .get(`${P}/stores/s1`)
            .reply(() => (clock.advance(600), [503]));
        const client = makeClient({ baseUrl: host, tokenSource: staticTokenSource("t-nested-1") }, retries);
        const err = (await runOperation({ label: "outer", budgetMs: 1_000, log, now: clock.now, reportWaitsOverMs: 0 }, () =>
            runOperation({ label: "inner", budgetMs: 60_000 }, () => client.getStore("s1")),
        ).catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(503);
        expect(retries.map((r) => r.budgetLeftMs)).to.deep.equal([400]); // outer's 1000 - 600; the second 503 leaves none
        expect(lines[0].message).to.match(/^outer: OSv2 answered 503; .* of the 1 s budget left\)$/);
    });
});

describe("operation accounting (pure)", () => {
    it("concurrent recoveries spend the budget once, as wall time; a recovery starts at its failed attempt; limiter waits are not spent", () => {
        const clock = fakeClock(0);
        const op = new Operation({ label: "", now: clock.now });
        const a = op.recovery();
        const b = op.recovery();
        clock.advance(100);
        a.begin(40); // its attempt started at 40 ms: counted from there
        clock.advance(50); // 150
        b.begin(120); // overlaps a: nothing counted twice
        clock.advance(50); // 200
        a.end();
        expect(op.spentMs()).to.equal(160);
        b.pause(); // waits in the rate limiter
        clock.advance(1_000);
        b.resume();
        clock.advance(40);
        b.end();
        expect(op.spentMs()).to.equal(200);
        clock.advance(500); // nothing recovering
        a.begin(0); // a new failure whose attempt started before the last stretch ended: counted from where that ended
        clock.advance(10);
        a.end();
        expect(op.spentMs()).to.equal(710);
    });

    it("the budget is the operation's own, else fixed by the first client that asks", () => {
        expect(new Operation({ label: "", budgetMs: 5_000 }).budgetFor(120_000)).to.equal(5_000);
        const op = new Operation({ label: "" });
        expect(op.budgetFor(30_000)).to.equal(30_000);
        expect(op.budgetFor(120_000)).to.equal(30_000);
    });
});

/**
 * Ctrl-C stops in-flight retries (issue 23, section 4), in the client, against the emulator over
 * HTTP: once an operation's signal is aborted (the engine's Cancel), a call that is retrying fails at
 * once with its last answer and says that the run was cancelled; nothing is sent after that (the
 * emulator's journal); a request already sent gets CANCEL_GRACE_MS to answer (its outcome is then
 * known) and is aborted after it; a wait in the client's rate limiter and the backoff of a create
 * whose answer was lost end at once too. Without a cancel the same calls would retry for their whole
 * budget (120 s).
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS as D, startEmulator, type RunningEmulator } from "../../emulator";
import { ObjectStoreApiError, ObjectStoreClient, connectedAppTokenSource, runOperation } from "../../provider/client";
import { CANCEL_GRACE_MS } from "../../provider/client/operation";

async function fault(emulator: RunningEmulator, rule: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${emulator.url}/_emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(rule),
    });
    expect(res.status, await res.text()).to.equal(201);
}

/** Runs `fn` as an operation that is cancelled after `afterMs`; resolves with its outcome and when it settled. */
async function cancelledAfter<T>(afterMs: number, fn: () => Promise<T>): Promise<{ value?: T; error?: Error; settledMs: number }> {
    const cancel = new AbortController();
    const t0 = Date.now();
    const timer = setTimeout(() => cancel.abort(), afterMs);
    try {
        const value = await runOperation({ label: "test", signal: cancel.signal }, fn);
        return { value, settledMs: Date.now() - t0 };
    } catch (e) {
        return { error: e as Error, settledMs: Date.now() - t0 };
    } finally {
        clearTimeout(timer);
    }
}

describe("cancellation stops retries within seconds (client against the emulator)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let client: ObjectStoreClient;
    const dataPlane = (since: number) => emulator.requests(since).filter((r) => r.url.startsWith("/api/v1/"));

    beforeEach(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        client = new ObjectStoreClient({
            baseUrl: emulator.url,
            organizationId: D.organizationId,
            environmentId: D.environmentId,
            tokenSource: connectedAppTokenSource({ authBaseUrl: emulator.url, clientId: D.clientId, clientSecret: D.clientSecret }),
            requestsPerSecond: 0,
        });
        await client.putStore("cancel");
    });
    afterEach(() => emulator.close());

    it("a GET retrying 503s fails within a second of the cancel, with its last answer, and sends nothing after it", async () => {
        await fault(emulator, { route: "/api/v1/", status: 503 });
        const since = emulator.lastRequestSeq();
        const outcome = await cancelledAfter(1500, () => client.getStore("cancel"));
        expect(outcome.error).to.be.instanceOf(ObjectStoreApiError);
        expect(outcome.settledMs, "not the 120 s budget").to.be.below(2500);
        expect(outcome.error!.message).to.match(/GetStore GET .*\/stores\/cancel failed: 503 Service Unavailable/);
        expect(outcome.error!.message).to.match(/Not retried: the run was cancelled \(Ctrl-C\)/);
        const sent = dataPlane(since).length;
        expect(sent, "it was retrying").to.be.at.least(2);
        await new Promise((r) => setTimeout(r, 1500));
        expect(dataPlane(since).length, "nothing sent after the cancel").to.equal(sent);
    });

    it("a request already sent gets the grace to answer: its answer counts (the write's outcome is known)", async () => {
        await fault(emulator, { method: "PUT", route: "/keys/", latencyMs: 1200 });
        const outcome = await cancelledAfter(200, () => client.putKey("cancel", "p", "k", { valueType: "STRING", stringValue: "v" }));
        expect(outcome.error).to.equal(undefined);
        expect(outcome.value?.stringValue).to.equal("v");
        expect(outcome.settledMs).to.be.within(1100, CANCEL_GRACE_MS);
    });

    it("a request that does not answer within the grace is aborted and says so", async () => {
        await fault(emulator, { method: "GET", route: "/stores/cancel$", latencyMs: 20_000 });
        const outcome = await cancelledAfter(200, () => client.getStore("cancel"));
        expect(outcome.settledMs).to.be.within(CANCEL_GRACE_MS, CANCEL_GRACE_MS + 1500);
        expect(outcome.error!.message).to.match(
            /failed: CANCELLED .*no answer: the run was cancelled before the request was sent, or while it waited .*Not retried: the run was cancelled/,
        );
    });

    it("a wait in the client's rate limiter ends at once", async () => {
        const paced = new ObjectStoreClient({
            baseUrl: emulator.url,
            organizationId: D.organizationId,
            environmentId: D.environmentId,
            tokenSource: connectedAppTokenSource({ authBaseUrl: emulator.url, clientId: D.clientId, clientSecret: D.clientSecret }),
            requestsPerSecond: 0.5,
        });
        const outcome = await cancelledAfter(500, async () => {
            await paced.getStore("cancel");
            await paced.getStore("cancel"); // queued for about 2 s
            return paced.getStore("cancel");
        });
        expect(outcome.error, "cancelled while queued").to.be.instanceOf(ObjectStoreApiError);
        expect(outcome.settledMs).to.be.below(1500);
    });

    it("a create whose answer was lost stops reading back: it fails saying the key may or may not exist", async () => {
        await fault(emulator, { method: "POST", route: "/keys/", status: 503 });
        const since = emulator.lastRequestSeq();
        const outcome = await cancelledAfter(1500, () =>
            client.createKey("cancel", "p", "lost", { valueType: "STRING", stringValue: "v" }),
        );
        expect(outcome.settledMs).to.be.below(2500);
        expect(outcome.error!.message, outcome.error!.message).to.match(/CreateKey POST .* failed: 503/);
        expect(outcome.error!.message).to.match(
            /Its answer was lost, so the key may or may not exist\. Not retried: the run was cancelled/,
        );
        const sent = dataPlane(since).length;
        await new Promise((r) => setTimeout(r, 1000));
        expect(dataPlane(since).length).to.equal(sent);
    });
});

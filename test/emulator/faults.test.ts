/**
 * Fault injection composes as the fault e2e test needs it (issue 10): a latency range on every
 * request plus independent failure rules, and destroyed connections show in the request journal.
 */
import { request as httpRequest } from "node:http";
import { expect } from "chai";
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from "../../emulator";
import { FaultRegistry } from "../../emulator/service/faults";
import { request } from "./helpers";

/** A random source returning the given values in turn. */
function sequence(...values: number[]): () => number {
    let i = 0;
    return () => values[i++ % values.length];
}

describe("emulator fault rules", () => {
    it("a latency-only rule delays and lets the next rule fail the request; the first failing rule ends matching", () => {
        const faults = new FaultRegistry();
        faults.add({ latencyMs: 50, latencyMaxMs: 150 });
        faults.add({ status: 429, retryAfterSeconds: 1, probability: 0.2 });
        faults.add({ status: 503, probability: 0.5 });
        // latency draw 0.5 -> 100 ms; 429 draw 0.1 < 0.2 hits
        expect(faults.match("GET", "/x", sequence(0.5, 0.1))).to.deep.include({ delayMs: 100 });
        expect(faults.match("GET", "/x", sequence(0, 0.1)).failure).to.include({ status: 429, retryAfterSeconds: 1 });
        // 429 misses (0.9), 503 hits (0.3)
        const outcome = faults.match("GET", "/x", sequence(1, 0.9, 0.3));
        expect(outcome.delayMs).to.equal(150);
        expect(outcome.failure).to.include({ status: 503 });
        // both miss: delayed only
        expect(faults.match("GET", "/x", sequence(0, 0.9, 0.9))).to.deep.equal({ delayMs: 50, deletions: [] });
        expect(faults.list().map((r) => r.hits)).to.deep.equal([4, 2, 1]);
    });

    it("a fixed latencyMs still works alone and with a status; bad ranges are refused", () => {
        const faults = new FaultRegistry();
        faults.add({ route: "^/slow", latencyMs: 20 });
        faults.add({ route: "^/slow", status: 500, latencyMs: 5 });
        expect(faults.match("GET", "/slow")).to.deep.include({ delayMs: 25 });
        expect(faults.match("GET", "/fast")).to.deep.equal({ delayMs: 0, deletions: [] });
        expect(() => faults.add({ latencyMs: 100, latencyMaxMs: 50 })).to.throw(/latencyMaxMs \(50\) must be at least latencyMs \(100\)/);
        expect(() => faults.add({ latencyMaxMs: 10 })).to.not.throw();
    });

    it("a deleteKeysMatching rule is not a failure: it adds its deletion and the next rules still apply; a bad pattern is refused", () => {
        const faults = new FaultRegistry();
        faults.add({ method: "GET", route: "/partitions/[^/]+$", deleteKeysMatching: "^app-", deleteKeysCount: 10 });
        faults.add({ route: "/partitions/", status: 503, probability: 0.5 });
        const outcome = faults.match("GET", "/stores/s/partitions/p", sequence(0.9));
        expect(outcome.failure).to.equal(undefined);
        expect(outcome.deletions.map((d) => [d.pattern.source, d.count])).to.deep.equal([["^app-", 10]]);
        expect(faults.match("GET", "/stores/s/partitions/p", sequence(0.1)).failure).to.include({ status: 503 });
        expect(faults.match("GET", "/stores/s/partitions/p/keys/k").deletions).to.deep.equal([]);
        expect(() => faults.add({ deleteKeysMatching: "(" })).to.throw(/deleteKeysMatching "\(" is not a valid regular expression/);
        expect(() => faults.add({ route: "/x" })).to.throw(
            /needs at least one of status, latencyMs, latencyMaxMs, reset, resetAfterHandling or deleteKeysMatching/,
        );
    });

    describe("over HTTP", () => {
        let emulator: RunningEmulator;
        before(async () => {
            emulator = await startEmulator({ port: 0, auth: "off" });
        });
        after(() => emulator.close());

        it("accepts latencyMaxMs, delays within the range, and journals a reset with status 0", async () => {
            const rule = await request(emulator.url, "POST", "/_emulator/faults", {
                body: { route: "/regions$", latencyMs: 60, latencyMaxMs: 90 },
            });
            expect(rule.status, rule.text).to.equal(201);
            const t0 = Date.now();
            const res = await request(emulator.url, "GET", "/api/v1/organizations/o/regions");
            expect(res.status).to.equal(200);
            expect(Date.now() - t0).to.be.at.least(55);

            await request(emulator.url, "POST", "/_emulator/faults", { body: { route: "/regions$", reset: true, times: 1 } });
            const since = emulator.lastRequestSeq();
            const failed = await request(emulator.url, "GET", "/api/v1/organizations/o/regions").then(
                () => undefined,
                (e: Error) => e,
            );
            expect(failed, "a reset must fail the request").to.be.instanceOf(Error);
            const journal = emulator.requests(since);
            expect(journal.map((r) => r.status)).to.deep.equal([0]);
            expect((await request(emulator.url, "GET", "/api/v1/organizations/o/regions")).status).to.equal(200);
        });

        it("resetAfterHandling carries the write out, loses the answer, and journals it once with answerLost", async () => {
            const P = `/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.environmentId}`;
            expect((await request(emulator.url, "PUT", `${P}/stores/lost-answer`)).status).to.equal(201);
            await request(emulator.url, "POST", "/_emulator/faults", {
                body: { method: "POST", route: "/keys/", resetAfterHandling: true, times: 1 },
            });
            const since = emulator.lastRequestSeq();
            const failed = await request(emulator.url, "POST", `${P}/stores/lost-answer/partitions/p/keys/k`, {
                body: { valueType: "STRING", stringValue: "written" },
            }).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(failed, "the answer must be lost").to.be.instanceOf(Error);
            await new Promise((r) => setTimeout(r, 100));
            const journal = emulator.requests(since);
            expect(journal.map((r) => [r.method, r.status, r.answerLost])).to.deep.equal([["POST", 201, true]]);
            const key = await request(emulator.url, "GET", `${P}/stores/lost-answer/partitions/p/keys/k`);
            expect(key.json.stringValue).to.equal("written");
        });

        it("deleteKeysMatching deletes keys of the partition the request names before it is handled, in key order, per hit", async () => {
            const P = `/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.environmentId}`;
            const partition = `${P}/stores/deleting/partitions/p`;
            expect((await request(emulator.url, "PUT", `${P}/stores/deleting`)).status).to.equal(201);
            for (const keyId of ["app-1", "app-2", "app-3", "mine"])
                await request(emulator.url, "PUT", `${partition}/keys/${keyId}`, { body: { stringValue: keyId } });
            const rule = await request(emulator.url, "POST", "/_emulator/faults", {
                body: { method: "GET", route: "/partitions/p$", deleteKeysMatching: "^app-", deleteKeysCount: 2 },
            });
            expect(rule.status, rule.text).to.equal(201);
            const listed = await request(emulator.url, "GET", partition);
            expect(
                listed.json.values.map((v: { keyId: string }) => v.keyId),
                "deleted before the listing",
            ).to.deep.equal(["app-3", "mine"]);
            expect((await request(emulator.url, "GET", `${partition}/keys/app-1`)).status, "a key GET is not touched").to.equal(404);
            expect((await request(emulator.url, "GET", `${partition}/keys/app-3`)).status).to.equal(200);
            await request(emulator.url, "GET", partition);
            await request(emulator.url, "DELETE", "/_emulator/faults");
            expect((await request(emulator.url, "GET", `${partition}/keys`)).json.values).to.deep.equal([{ keyId: "mine" }]);
        });

        it("a delayed write whose client went away during the delay is still carried out (as on a real service)", async () => {
            const P = `/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.environmentId}`;
            expect((await request(emulator.url, "PUT", `${P}/stores/gone-client`)).status).to.equal(201);
            await request(emulator.url, "POST", "/_emulator/faults", { body: { method: "POST", route: "/keys/", latencyMs: 300 } });
            const body = JSON.stringify({ valueType: "STRING", stringValue: "landed" });
            const req = httpRequest(`${emulator.url}${P}/stores/gone-client/partitions/p/keys/k`, {
                method: "POST",
                headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
            });
            req.on("error", () => undefined);
            req.end(body);
            await new Promise((r) => setTimeout(r, 100)); // the body has arrived; the delay is running
            req.destroy();
            await new Promise((r) => setTimeout(r, 500));
            await request(emulator.url, "DELETE", "/_emulator/faults");
            const key = await request(emulator.url, "GET", `${P}/stores/gone-client/partitions/p/keys/k`);
            expect(key.status, key.text).to.equal(200);
            expect(key.json.stringValue).to.equal("landed");
        });
    });
});

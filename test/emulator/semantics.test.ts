import { expect } from "chai";
import { BACKENDS, Harness, paths, request } from "./helpers";

for (const backend of BACKENDS) {
    describe(`emulator TTL, confirmations, number operation, limits [${backend}]`, () => {
        let h: Harness;
        const advance = (advanceSeconds: number) => request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds } });
        before(async () => {
            h = await Harness.start(backend, { tokenTtlSeconds: 100 * 86400 });
        });
        after(async () => h.stop());
        beforeEach(async () => h.reset());

        describe("TTL on the virtual clock", () => {
            it("static TTL (isFixedTtl true): a key expires defaultTtlSeconds after its last write, reads do not extend it", async () => {
                await h.call("PUT", paths.store("s"), { body: { defaultTtlSeconds: 100, isFixedTtl: true } });
                await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v" } });
                await advance(60);
                expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(200);
                await advance(41);
                expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(404);
                expect((await h.call("HEAD", paths.key("s", "p", "k"))).status).to.equal(404);
                expect((await h.call("GET", paths.keys("s", "p"))).json.values).to.deep.equal([]);
                expect((await h.call("DELETE", paths.key("s", "p", "k"))).status).to.equal(404);
                expect((await h.call("HEAD", paths.partition("s", "p"))).status, "the partition stays").to.equal(200);
                expect((await h.call("POST", paths.key("s", "p", "k"), { body: { stringValue: "new" } })).status).to.equal(201);
            });

            it("static TTL: overwriting a key resets its TTL", async () => {
                await h.call("PUT", paths.store("s"), { body: { defaultTtlSeconds: 100, isFixedTtl: true } });
                await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v1" } });
                await advance(90);
                expect((await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v2" } })).status).to.equal(200);
                await advance(90);
                expect((await h.call("GET", paths.key("s", "p", "k"))).json.stringValue).to.equal("v2");
                await advance(11);
                expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(404);
            });

            it("rolling TTL (isFixedTtl null/false): each GET moves the expiry to now + defaultTtlSeconds; HEAD does not", async () => {
                for (const isFixedTtl of [null, false]) {
                    const store = `rolling-${String(isFixedTtl)}`;
                    await h.call("PUT", paths.store(store), { body: { defaultTtlSeconds: 100, isFixedTtl } });
                    await h.call("PUT", paths.key(store, "p", "read"), { body: { stringValue: "v" } });
                    await h.call("PUT", paths.key(store, "p", "unread"), { body: { stringValue: "v" } });
                    await advance(60);
                    expect((await h.call("GET", paths.key(store, "p", "read"))).status).to.equal(200);
                    expect((await h.call("HEAD", paths.key(store, "p", "unread"))).status).to.equal(200);
                    await advance(60);
                    expect((await h.call("GET", paths.key(store, "p", "read"))).status, "read key extended").to.equal(200);
                    expect((await h.call("GET", paths.key(store, "p", "unread"))).status, "unread key expired").to.equal(404);
                }
            });

            it("default TTL is 30 days: keys live for 2592000 s", async () => {
                await h.call("PUT", paths.store("s"), { body: { isFixedTtl: true } });
                await h.call("PUT", paths.key("s", "p", "k"), { body: { numberValue: 1 } });
                await advance(2592000 - 5);
                expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(200);
                await advance(10);
                expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(404);
            });
        });

        describe("confirmable writes", () => {
            beforeEach(async () => {
                await h.call("PUT", paths.store("s"), { body: { defaultConfirmationTtlSeconds: 30 } });
            });

            it("a pending write is invisible until acked; ?confirmable=true reads see it", async () => {
                const put = await h.call("PUT", `${paths.key("s", "p", "k")}?confirmable=true`, { body: { stringValue: "pending" } });
                expect(put.status).to.equal(201);
                const id = put.json.confirmationId;
                expect(id).to.be.a("string");
                expect(put.headers.get("x-confirmation-id")).to.equal(id);
                expect(put.json).to.deep.equal({ keyId: "k", valueType: "STRING", stringValue: "pending", confirmationId: id });
                expect((await h.call("GET", paths.key("s", "p", "k"))).status).to.equal(404);
                expect((await h.call("HEAD", paths.key("s", "p", "k"))).status).to.equal(404);
                expect((await h.call("HEAD", `${paths.key("s", "p", "k")}?confirmable=true`)).status).to.equal(200);
                expect((await h.call("GET", `${paths.key("s", "p", "k")}?confirmable=true`)).json).to.deep.include({
                    stringValue: "pending",
                    confirmationId: id,
                });
                expect((await h.call("POST", `${paths.key("s", "p", "k")}/confirmations/${id}`)).status).to.equal(204);
                expect((await h.call("GET", paths.key("s", "p", "k"))).json).to.deep.equal({
                    keyId: "k",
                    valueType: "STRING",
                    stringValue: "pending",
                });
                expect((await h.call("POST", `${paths.key("s", "p", "k")}/confirmations/${id}`)).status, "second ack").to.equal(404);
            });

            it("nack rolls the write back; the previous value stays", async () => {
                await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "old" } });
                const put = await h.call("PUT", `${paths.key("s", "p", "k")}?confirmable=true`, { body: { stringValue: "new" } });
                expect(put.status).to.equal(200);
                expect((await h.call("GET", paths.key("s", "p", "k"))).json.stringValue).to.equal("old");
                expect((await h.call("GET", `${paths.key("s", "p", "k")}?confirmable=true`)).json.stringValue).to.equal("new");
                expect((await h.call("DELETE", `${paths.key("s", "p", "k")}/confirmations/${put.json.confirmationId}`)).status).to.equal(
                    204,
                );
                expect((await h.call("GET", `${paths.key("s", "p", "k")}?confirmable=true`)).json.stringValue).to.equal("old");
                expect((await h.call("DELETE", `${paths.key("s", "p", "k")}/confirmations/${put.json.confirmationId}`)).status).to.equal(
                    404,
                );
            });

            it("rolls back on its own after defaultConfirmationTtlSeconds; PATCH extends it", async () => {
                const a = await h.call("POST", `${paths.key("s", "p", "a")}?confirmable=true`, { body: { numberValue: 1 } });
                const b = await h.call("POST", `${paths.key("s", "p", "b")}?confirmable=true`, { body: { numberValue: 2 } });
                expect(a.status).to.equal(201);
                const patch = await h.call("PATCH", `${paths.key("s", "p", "b")}/confirmations/${b.json.confirmationId}`, {
                    body: { ttlSeconds: 120 },
                });
                expect(patch.status).to.equal(200);
                expect(patch.json).to.include({ confirmationId: b.json.confirmationId, ttlSeconds: 120 });
                expect(
                    (await h.call("PATCH", `${paths.key("s", "p", "b")}/confirmations/${b.json.confirmationId}`, { body: { ttl: 1 } }))
                        .status,
                ).to.equal(400);
                await advance(31);
                expect((await h.call("GET", `${paths.key("s", "p", "a")}?confirmable=true`)).status).to.equal(404);
                expect((await h.call("POST", `${paths.key("s", "p", "a")}/confirmations/${a.json.confirmationId}`)).status).to.equal(404);
                expect((await h.call("POST", `${paths.key("s", "p", "b")}/confirmations/${b.json.confirmationId}`)).status).to.equal(204);
                expect((await h.call("GET", paths.key("s", "p", "b"))).json.numberValue).to.equal(2);
                expect((await h.call("HEAD", paths.partition("s", "p"))).status).to.equal(200);
            });

            it("a confirmation id only works on its own key", async () => {
                const put = await h.call("PUT", `${paths.key("s", "p", "k")}?confirmable=true`, { body: { stringValue: "v" } });
                expect((await h.call("POST", `${paths.key("s", "p", "other")}/confirmations/${put.json.confirmationId}`)).status).to.equal(
                    404,
                );
                expect((await h.call("POST", `${paths.key("s", "p", "k")}/confirmations/unknown`)).status).to.equal(404);
            });
        });

        describe("number operation", () => {
            const op = (keyId: string, body: unknown) =>
                h.call("POST", paths.key("s", "p", keyId), {
                    rawBody: JSON.stringify(body),
                    contentType: "application/vnd.objectstore.v1.numberoperation+json",
                });
            beforeEach(async () => h.call("PUT", paths.store("s")));

            it("INCREMENT/DECREMENT a NUMBER (missing key starts at 0) and answer 200 + value object", async () => {
                const first = await op("counter", { operation: "INCREMENT", delta: 5 });
                expect(first.status).to.equal(200);
                expect(first.json).to.deep.equal({ keyId: "counter", valueType: "NUMBER", numberValue: 5 });
                expect((await op("counter", { operation: "INCREMENT" })).json.numberValue).to.equal(6);
                expect((await op("counter", { operation: "DECREMENT", delta: 2.5 })).json.numberValue).to.equal(3.5);
                expect((await h.call("GET", paths.key("s", "p", "counter"))).json.numberValue).to.equal(3.5);
            });

            it("rejects non-NUMBER targets (409) and bad bodies (400)", async () => {
                await h.call("PUT", paths.key("s", "p", "text"), { body: { stringValue: "x" } });
                const conflict = await op("text", { operation: "INCREMENT", delta: 1 });
                expect(conflict.status).to.equal(409);
                expect(conflict.json.message).to.contain("STRING");
                expect((await op("n", { operation: "MULTIPLY", delta: 2 })).status).to.equal(400);
                expect((await op("n", { delta: 2 })).status).to.equal(400);
                expect((await op("n", { operation: "INCREMENT", delta: "2" })).status).to.equal(400);
            });
        });

        describe("size limits", () => {
            beforeEach(async () => h.call("PUT", paths.store("s")));

            it("values over 10 MB measured base64-encoded are 413 PayloadTooLarge; exactly 10 MB is accepted", async () => {
                const limit = 10 * 1024 * 1024;
                const atLimit = await h.call("PUT", paths.key("s", "p", "big"), { body: { binaryValue: "A".repeat(limit) } });
                expect(atLimit.status).to.equal(201);
                const over = await h.call("PUT", paths.key("s", "p", "big2"), { body: { binaryValue: "A".repeat(limit + 4) } });
                expect(over.status).to.equal(413);
                expect(over.json).to.deep.include({ status: 413, name: "PayloadTooLarge" });
                expect(over.json.message).to.contain(String(limit));
                // 7864321 UTF-8 bytes -> 10485764 base64 characters
                const str = await h.call("PUT", paths.key("s", "p", "big3"), { body: { stringValue: "x".repeat(7_864_321) } });
                expect(str.status).to.equal(413);
                expect(
                    (await h.call("PUT", paths.key("s", "p", "big4"), { body: { stringValue: "x".repeat(7_864_320) } })).status,
                ).to.equal(201);
            });

            it("metadata over 4096 UTF-8 bytes is 400; 4096 is accepted", async () => {
                const over = await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v", metadata: "m".repeat(4097) } });
                expect(over.status).to.equal(400);
                expect(over.json.message).to.contain("4096");
                expect(
                    (await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v", metadata: "m".repeat(4096) } })).status,
                ).to.equal(201);
            });
        });

        describe("store usage limits", () => {
            it("REJECT: a new key past maxKeys is 409 UsageLimitExceeded; replacing keys still works", async () => {
                await h.call("PUT", paths.store("s"), { body: { usageLimits: { maxKeys: 2, enforcement: "REJECT" } } });
                expect((await h.call("PUT", paths.key("s", "p", "a"), { body: { stringValue: "1" } })).status).to.equal(201);
                expect((await h.call("PUT", paths.key("s", "q", "b"), { body: { stringValue: "2" } })).status).to.equal(201);
                const third = await h.call("PUT", paths.key("s", "p", "c"), { body: { stringValue: "3" } });
                expect(third.status).to.equal(409);
                expect(third.json).to.deep.include({ status: 409, name: "UsageLimitExceeded" });
                expect(third.json.message).to.contain("maxKeys");
                expect((await h.call("PUT", paths.key("s", "p", "a"), { body: { stringValue: "1b" } })).status).to.equal(200);
                await h.call("DELETE", paths.key("s", "p", "a"));
                expect((await h.call("PUT", paths.key("s", "p", "c"), { body: { stringValue: "3" } })).status).to.equal(201);
            });

            it("REJECT on maxSizeBytes counts base64 sizes of the whole store", async () => {
                await h.call("PUT", paths.store("s"), { body: { usageLimits: { maxSizeBytes: 16 } } });
                expect((await h.call("PUT", paths.key("s", "p", "a"), { body: { binaryValue: "AAAAAAAA" } })).status).to.equal(201);
                expect((await h.call("PUT", paths.key("s", "p", "b"), { body: { binaryValue: "AAAAAAAA" } })).status).to.equal(201);
                const over = await h.call("PUT", paths.key("s", "p", "c"), { body: { binaryValue: "AAAA" } });
                expect(over.status).to.equal(409);
                expect(over.json.message).to.contain("maxSizeBytes");
            });

            it("WARN: the write succeeds with x-osv2-usage-limit-exceeded", async () => {
                await h.call("PUT", paths.store("s"), { body: { usageLimits: { maxKeys: 1, maxSizeBytes: 4, enforcement: "WARN" } } });
                const ok = await h.call("PUT", paths.key("s", "p", "a"), { body: { binaryValue: "AAAA" } });
                expect(ok.status).to.equal(201);
                expect(ok.headers.get("x-osv2-usage-limit-exceeded")).to.equal(null);
                const keys = await h.call("PUT", paths.key("s", "p", "b"), { body: { binaryValue: "" } });
                expect(keys.status).to.equal(201);
                expect(keys.headers.get("x-osv2-usage-limit-exceeded")).to.equal("keys");
                const both = await h.call("POST", paths.key("s", "p", "c"), { body: { binaryValue: "AAAA" } });
                expect(both.status).to.equal(201);
                expect(both.headers.get("x-osv2-usage-limit-exceeded")).to.equal("keys,size");
            });
        });
    });
}

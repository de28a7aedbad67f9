import { expect } from "chai";
import { Harness, paths, request } from "./helpers";

describe("emulator admin API", () => {
    let h: Harness;
    before(async () => {
        h = await Harness.start("memory");
    });
    after(async () => h.stop());
    beforeEach(async () => h.reset());

    it("health answers without a token", async () => {
        const res = await request(h.url, "GET", "/_emulator/health");
        expect(res.status).to.equal(200);
        expect(res.json).to.include({ status: "ok", backend: "memory", auth: "strict" });
    });

    it("state dumps stores, partitions and keys with values and expiry; reset wipes them", async () => {
        await h.call("PUT", paths.store("s"), { body: { defaultTtlSeconds: 60 } });
        await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v", metadata: "m" } });
        const state = await request(h.url, "GET", "/_emulator/state");
        expect(state.status).to.equal(200);
        expect(state.json.stores).to.have.length(1);
        const store = state.json.stores[0];
        expect(store).to.include({ storeId: "s", defaultTtlSeconds: 60 });
        expect(store.partitions[0].partitionId).to.equal("p");
        const key = store.partitions[0].keys[0];
        expect(key).to.include({ keyId: "k", valueType: "STRING", stringValue: "v", metadata: "m" });
        expect(key.expiresAtMs - state.json.nowMs).to.be.within(59_000, 60_000);
        expect(Date.parse(key.expiresAt)).to.equal(key.expiresAtMs);
        expect((await request(h.url, "POST", "/_emulator/reset")).status).to.equal(204);
        expect((await request(h.url, "GET", "/_emulator/state")).json.stores).to.deep.equal([]);
    });

    it("clock: GET shows it, POST advances it (never backwards)", async () => {
        const before = (await request(h.url, "GET", "/_emulator/clock")).json;
        const advanced = await request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds: 86400 } });
        expect(advanced.status).to.equal(200);
        expect(advanced.json.nowMs - before.nowMs).to.be.at.least(86_400_000);
        const target = advanced.json.nowMs + 1_000_000;
        const set = await request(h.url, "POST", "/_emulator/clock", { body: { nowMs: target } });
        expect(set.json.nowMs).to.be.at.least(target);
        expect((await request(h.url, "POST", "/_emulator/clock", { body: { nowMs: 0 } })).status).to.equal(400);
        expect((await request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds: -1 } })).status).to.equal(400);
        expect((await request(h.url, "POST", "/_emulator/clock", { body: {} })).status).to.equal(400);
    });

    it("unknown routes are 404 with the error body", async () => {
        const res = await request(h.url, "GET", "/api/v2/nothing");
        expect(res.status).to.equal(404);
        expect(res.json).to.deep.include({ status: 404, name: "NotFound" });
    });
});

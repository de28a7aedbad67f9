/**
 * The emulator's modes for behaviours the OSv2 docs do not settle (README "Differences from Anypoint
 * OSv2"), on both storage backends: `keyPost: "overwrite"` (POST of an existing key writes it, as on
 * a service without a conditional put, and answers 201 either way) and `paging: "offset"` (a page
 * token is a position, so keys deleted before it make the next page skip as many keys).
 */
import { expect } from "chai";
import { BACKENDS, Harness, paths } from "./helpers";

const ids = (page: { json: { values: Array<{ keyId: string } | string> } }) =>
    page.json.values.map((v) => (typeof v === "string" ? v : v.keyId));

for (const backend of BACKENDS) {
    describe(`emulator modes (${backend})`, () => {
        it("keyPost create-only (default): POST of an existing key is 409 and changes nothing", async () => {
            const h = await Harness.start(backend);
            try {
                await h.call("PUT", paths.store("s"));
                expect((await h.call("POST", paths.key("s", "p", "k"), { body: { stringValue: "first" } })).status).to.equal(201);
                expect((await h.call("POST", paths.key("s", "p", "k"), { body: { stringValue: "second" } })).status).to.equal(409);
                expect((await h.call("GET", paths.key("s", "p", "k"))).json.stringValue).to.equal("first");
                expect((await h.call("GET", "/_emulator/health")).json).to.include({ keyPost: "create-only", paging: "after-id" });
            } finally {
                await h.stop();
            }
        });

        it("keyPost overwrite: POST of an existing key overwrites it and answers 201, as for a new key", async () => {
            const h = await Harness.start(backend, { keyPost: "overwrite" });
            try {
                await h.call("PUT", paths.store("s"));
                expect((await h.call("POST", paths.key("s", "p", "k"), { body: { stringValue: "first" } })).status).to.equal(201);
                const second = await h.call("POST", paths.key("s", "p", "k"), { body: { stringValue: "second" } });
                expect(second.status).to.equal(201);
                expect(second.json).to.deep.equal({ keyId: "k", valueType: "STRING", stringValue: "second" });
                expect((await h.call("GET", paths.key("s", "p", "k"))).json.stringValue).to.equal("second");
                expect((await h.call("GET", "/_emulator/health")).json).to.include({ keyPost: "overwrite" });
            } finally {
                await h.stop();
            }
        });

        it("paging offset: keys deleted before the cursor make the next page skip as many; after-id skips none", async () => {
            for (const paging of ["after-id", "offset"] as const) {
                const h = await Harness.start(backend, { paging });
                try {
                    await h.call("PUT", paths.store("s"));
                    const all = Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, "0")}`);
                    for (const keyId of all) await h.call("PUT", paths.key("s", "p", keyId), { body: { stringValue: keyId } });
                    for (const listing of ["keys", "values"] as const) {
                        const base = listing === "keys" ? paths.keys("s", "p") : paths.partition("s", "p");
                        const first = await h.call("GET", `${base}?pageSize=10`);
                        expect(ids(first)).to.deep.equal(all.slice(0, 10));
                        // An application deletes three keys of the first page meanwhile.
                        const deleted = listing === "keys" ? ["k00", "k01", "k02"] : ["k03", "k04", "k05"];
                        for (const keyId of deleted) await h.call("DELETE", paths.key("s", "p", keyId));
                        const second = await h.call("GET", `${base}?pageSize=10&nextPageToken=${first.json.nextPageToken}`);
                        const expected = paging === "offset" ? all.slice(13, 23) : all.slice(10, 20);
                        expect(ids(second), `${paging} ${listing}`).to.deep.equal(expected);
                        if (listing === "values") {
                            expect(second.json.values[0].index, "the next index the cursor carries").to.equal(10);
                        }
                        for (const keyId of deleted) await h.call("PUT", paths.key("s", "p", keyId), { body: { stringValue: keyId } });
                    }
                    // Stores and partitions page the same way.
                    for (const p of ["a", "b", "c"]) await h.call("PUT", paths.key("s", p, "x"), { body: { stringValue: "x" } });
                    const partitions = await h.call("GET", `${paths.store("s")}/partitions?pageSize=2`);
                    expect(partitions.json.values).to.deep.equal(["a", "b"]);
                    await h.call("DELETE", paths.partition("s", "a"));
                    const rest = await h.call(
                        "GET",
                        `${paths.store("s")}/partitions?pageSize=2&nextPageToken=${partitions.json.nextPageToken}`,
                    );
                    expect(rest.json.values).to.deep.equal(paging === "offset" ? ["p"] : ["c", "p"]);
                    expect((await h.call("GET", "/_emulator/health")).json).to.include({ paging });
                } finally {
                    await h.stop();
                }
            }
        });
    });
}

describe("emulator modes: bad values", () => {
    it("rejects an unknown paging or keyPost mode", async () => {
        const failure = (options: object) =>
            Harness.start("memory", options).then(
                () => "",
                (e: Error) => e.message,
            );
        expect(await failure({ paging: "random" })).to.match(/paging must be one of after-id, offset/);
        expect(await failure({ keyPost: "sometimes" })).to.match(/keyPost must be one of create-only, overwrite/);
    });
});

import { expect } from "chai";
import { BACKENDS, Harness, paths } from "./helpers";

for (const backend of BACKENDS) {
    describe(`emulator partitions and keys [${backend}]`, () => {
        let h: Harness;
        before(async () => {
            h = await Harness.start(backend);
        });
        after(async () => h.stop());
        beforeEach(async () => {
            await h.reset();
            await h.call("PUT", paths.store("s"));
        });

        it("PUT K creates (201) then replaces (200) STRING, NUMBER and BINARY values; GET returns the value object", async () => {
            const cases = [
                { keyId: "str", body: { stringValue: "Hello World", valueType: "STRING" } },
                { keyId: "num", body: { numberValue: 42.5 } },
                { keyId: "int", body: { numberValue: -7, valueType: "NUMBER" } },
                { keyId: "bin", body: { binaryValue: Buffer.from([0, 1, 2, 255]).toString("base64"), valueType: "BINARY" } },
            ];
            for (const c of cases) {
                const created = await h.call("PUT", paths.key("s", "p", c.keyId), { body: c.body });
                expect(created.status, c.keyId).to.equal(201);
                const expected = { keyId: c.keyId, valueType: c.body.valueType ?? "NUMBER", ...c.body };
                expect(created.json).to.deep.equal(expected);
                const got = await h.call("GET", paths.key("s", "p", c.keyId));
                expect(got.status).to.equal(200);
                expect(got.json).to.deep.equal(expected);
            }
            const replaced = await h.call("PUT", paths.key("s", "p", "str"), {
                body: { keyId: "str", stringValue: "again", metadata: "meta" },
            });
            expect(replaced.status).to.equal(200);
            expect(replaced.json).to.deep.equal({ keyId: "str", valueType: "STRING", stringValue: "again", metadata: "meta" });
            expect((await h.call("GET", paths.key("s", "p", "str"))).json.metadata).to.equal("meta");
        });

        it("POST K (application/json) creates with 201 and answers 409 Conflict when the key exists", async () => {
            const body = { stringValue: "Hello World", keyId: "myTestKey", valueType: "STRING" };
            const created = await h.call("POST", paths.key("s", "p", "myTestKey"), { body });
            expect(created.status).to.equal(201);
            expect(created.json).to.deep.equal(body);
            const again = await h.call("POST", paths.key("s", "p", "myTestKey"), { body: { stringValue: "other" } });
            expect(again.status).to.equal(409);
            expect(again.json).to.deep.include({ status: 409, name: "Conflict" });
            expect((await h.call("GET", paths.key("s", "p", "myTestKey"))).json.stringValue).to.equal("Hello World");
        });

        it("HEAD K and GET K answer 404 for missing keys; DELETE K 204 then 404", async () => {
            expect((await h.call("HEAD", paths.key("s", "p", "k"))).status).to.equal(404);
            const missing = await h.call("GET", paths.key("s", "p", "k"));
            expect(missing.status).to.equal(404);
            expect(missing.json).to.deep.include({ status: 404, name: "NotFound" });
            await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v" } });
            const head = await h.call("HEAD", paths.key("s", "p", "k"));
            expect(head.status).to.equal(200);
            expect(head.text).to.equal("");
            expect((await h.call("DELETE", paths.key("s", "p", "k"))).status).to.equal(204);
            expect((await h.call("DELETE", paths.key("s", "p", "k"))).status).to.equal(404);
            expect((await h.call("HEAD", paths.key("s", "p", "k"))).status).to.equal(404);
        });

        it("writes into a missing store are 404", async () => {
            const res = await h.call("PUT", paths.key("nostore", "p", "k"), { body: { stringValue: "v" } });
            expect(res.status).to.equal(404);
            expect(res.json.message).to.contain("nostore");
            expect((await h.call("POST", paths.key("nostore", "p", "k"), { body: { stringValue: "v" } })).status).to.equal(404);
            expect((await h.call("GET", paths.partitions("nostore"))).status).to.equal(404);
            expect((await h.call("HEAD", paths.partition("nostore", "p"))).status).to.equal(404);
        });

        it("validates value bodies: exactly one value, matching valueType, keyId equal to the path", async () => {
            const bad = [
                { body: {}, text: "one of" },
                { body: { stringValue: "a", numberValue: 1 }, text: "exactly one" },
                { body: { stringValue: "a", valueType: "NUMBER" }, text: "valueType" },
                { body: { numberValue: "12" }, text: "numberValue" },
                { body: { stringValue: "a", keyId: "other" }, text: "keyId" },
                { body: { stringValue: "a", extra: true }, text: "extra" },
                { body: { binaryValue: "not base64!" }, text: "base64" },
                { body: { binaryValue: "QQ" }, text: "base64" },
                { body: { stringValue: "a", valueType: "TEXT" }, text: "valueType" },
            ];
            for (const c of bad) {
                const res = await h.call("PUT", paths.key("s", "p", "k"), { body: c.body });
                expect(res.status, JSON.stringify(c.body)).to.equal(400);
                expect(res.json.name).to.equal("InvalidBody");
                expect(res.json.message, JSON.stringify(c.body)).to.contain(c.text);
            }
            expect((await h.call("HEAD", paths.key("s", "p", "k"))).status).to.equal(404);
            expect((await h.call("PUT", paths.key("s", "p", "k"), { rawBody: "{nope" })).status).to.equal(400);
            expect((await h.call("PUT", paths.key("s", "p", "k"), { rawBody: "[1]" })).status).to.equal(400);
        });

        it("decodes URL-encoded keys ('/', '+', unicode) and stores spaces as '+'", async () => {
            const keys = ["a/b/c", "x+y", "ключ-€-😀", "100%", "q?r#s"];
            for (const k of keys) {
                expect((await h.call("PUT", paths.key("s", "p", k), { body: { stringValue: k } })).status, k).to.equal(201);
                const got = await h.call("GET", paths.key("s", "p", k));
                expect(got.json).to.deep.equal({ keyId: k, valueType: "STRING", stringValue: k });
            }
            const spaced = await h.call("PUT", paths.key("s", "p", "hello world"), { body: { stringValue: "v", keyId: "hello world" } });
            expect(spaced.status).to.equal(201);
            expect(spaced.json.keyId).to.equal("hello+world");
            expect((await h.call("GET", paths.key("s", "p", "hello+world"))).json.keyId).to.equal("hello+world");
            expect((await h.call("GET", paths.key("s", "p", "hello world"))).status).to.equal(200);
            const list = await h.call("GET", `${paths.keys("s", "p")}?beginsWith=${encodeURIComponent("hello ")}`);
            expect(list.json.values).to.deep.equal([{ keyId: "hello+world" }]);
        });

        it("key limits: '|' is 400, more than 1024 UTF-8 bytes is 400, exactly 1024 bytes is accepted", async () => {
            const pipe = await h.call("PUT", paths.key("s", "p", "a|b"), { body: { stringValue: "v" } });
            expect(pipe.status).to.equal(400);
            expect(pipe.json.message).to.contain("|");
            const tooLong = await h.call("PUT", paths.key("s", "p", "é".repeat(513)), { body: { stringValue: "v" } });
            expect(tooLong.status).to.equal(400);
            expect(tooLong.json.message).to.contain("1026 bytes").and.contain("1024");
            expect((await h.call("PUT", paths.key("s", "p", "é".repeat(512)), { body: { stringValue: "v" } })).status).to.equal(201);
            const nul = await h.call("PUT", paths.key("s", "p", "a\u0000b"), { body: { stringValue: "v" } });
            expect(nul.status).to.equal(400);
            expect(nul.json.message).to.contain("U+0000");
        });

        it("partitions: created by the first write, listed, HEAD 200/404, stay after their last key is deleted, DELETE cascades", async () => {
            expect((await h.call("GET", paths.partitions("s"))).json).to.deep.equal({ values: [], nextPageToken: null });
            await h.call("PUT", paths.key("s", "p2", "k"), { body: { stringValue: "v" } });
            await h.call("PUT", paths.key("s", "p1", "k"), { body: { stringValue: "v" } });
            expect((await h.call("GET", paths.partitions("s"))).json).to.deep.equal({ values: ["p1", "p2"], nextPageToken: null });
            expect((await h.call("HEAD", paths.partition("s", "p1"))).status).to.equal(200);
            expect((await h.call("HEAD", paths.partition("s", "p3"))).status).to.equal(404);
            await h.call("DELETE", paths.key("s", "p1", "k"));
            expect((await h.call("HEAD", paths.partition("s", "p1"))).status).to.equal(200);
            expect((await h.call("GET", paths.keys("s", "p1"))).json).to.deep.equal({ values: [], nextPageToken: null });
            expect((await h.call("DELETE", paths.partition("s", "p2"))).status).to.equal(204);
            expect((await h.call("HEAD", paths.partition("s", "p2"))).status).to.equal(404);
            expect((await h.call("DELETE", paths.partition("s", "p2"))).status).to.equal(404);
            await h.call("PUT", paths.key("s", "p2", "k2"), { body: { stringValue: "v" } });
            expect((await h.call("GET", paths.keys("s", "p2"))).json.values).to.deep.equal([{ keyId: "k2" }]);
        });

        it("partition listing pages 25 at a time", async () => {
            for (let i = 0; i < 27; i++)
                await h.call("PUT", paths.key("s", `p${String(i).padStart(2, "0")}`, "k"), { body: { numberValue: i } });
            const first = await h.call("GET", paths.partitions("s"));
            expect(first.json.values).to.have.length(25);
            const second = await h.call("GET", `${paths.partitions("s")}?nextPageToken=${first.json.nextPageToken}`);
            expect(second.json).to.deep.equal({ values: ["p25", "p26"], nextPageToken: null });
        });

        it("GET keys: 25 per page, lexicographic order, opaque nextPageToken, beginsWith, pageSize", async () => {
            const keys = Array.from({ length: 60 }, (_, i) => `key-${String(i).padStart(3, "0")}`);
            for (const k of [...keys].sort(() => 0.5 - Math.random()))
                await h.call("PUT", paths.key("s", "p", k), { body: { stringValue: k } });
            const seen: string[] = [];
            let token: string | null = null;
            let pages = 0;
            do {
                const suffix: string = token ? `?nextPageToken=${encodeURIComponent(token)}` : "";
                const res = await h.call("GET", paths.keys("s", "p") + suffix);
                expect(res.status).to.equal(200);
                expect(res.json.values.length).to.be.at.most(25);
                seen.push(...res.json.values.map((v: { keyId: string }) => v.keyId));
                token = res.json.nextPageToken;
                pages++;
            } while (token);
            expect(pages).to.equal(3);
            expect(seen).to.deep.equal(keys);
            const prefixed = await h.call("GET", `${paths.keys("s", "p")}?beginsWith=key-01&pageSize=5`);
            expect(prefixed.json.values.map((v: { keyId: string }) => v.keyId)).to.deep.equal(keys.slice(10, 15));
            expect(prefixed.json.nextPageToken).to.be.a("string");
            const big = await h.call("GET", `${paths.keys("s", "p")}?pageSize=1000`);
            expect(big.json.values).to.have.length(25);
            expect((await h.call("GET", paths.keys("s", "nope"))).status).to.equal(404);
        });

        it("bulk deletes: DELETE S/partitions/{p}/keys keeps the partition; DELETE S/partitions removes all", async () => {
            for (const k of ["a", "b", "c"]) await h.call("PUT", paths.key("s", "p", k), { body: { stringValue: k } });
            await h.call("PUT", paths.key("s", "q", "x"), { body: { stringValue: "x" } });
            expect((await h.call("DELETE", paths.keys("s", "p"))).status).to.equal(204);
            expect((await h.call("GET", paths.keys("s", "p"))).json.values).to.deep.equal([]);
            expect((await h.call("HEAD", paths.partition("s", "p"))).status).to.equal(200);
            expect((await h.call("GET", paths.key("s", "q", "x"))).status).to.equal(200);
            expect((await h.call("DELETE", paths.partitions("s"))).status).to.equal(204);
            expect((await h.call("GET", paths.partitions("s"))).json.values).to.deep.equal([]);
            expect((await h.call("GET", paths.key("s", "q", "x"))).status).to.equal(404);
            expect((await h.call("DELETE", paths.partitions("missing"))).status).to.equal(404);
            expect((await h.call("DELETE", paths.keys("s", "missing"))).status).to.equal(404);
        });

        it("GET S/partitions/{p} lists values with index and inclusion KEYS|VALUES|ALL", async () => {
            await h.call("PUT", paths.key("s", "p", "a"), { body: { stringValue: "A", metadata: "" } });
            await h.call("PUT", paths.key("s", "p", "b"), { body: { numberValue: 2 } });
            await h.call("PUT", paths.key("s", "p", "c"), { body: { binaryValue: "Qw==" } });
            const all = await h.call("GET", paths.partition("s", "p"));
            expect(all.json).to.deep.equal({
                values: [
                    { index: 0, keyId: "a", valueType: "STRING", stringValue: "A", metadata: "" },
                    { index: 1, keyId: "b", valueType: "NUMBER", numberValue: 2 },
                    { index: 2, keyId: "c", valueType: "BINARY", binaryValue: "Qw==" },
                ],
                nextPageToken: null,
            });
            const keysOnly = await h.call("GET", `${paths.partition("s", "p")}?inclusion=KEYS`);
            expect(keysOnly.json.values).to.deep.equal([
                { index: 0, keyId: "a" },
                { index: 1, keyId: "b" },
                { index: 2, keyId: "c" },
            ]);
            const valuesOnly = await h.call("GET", `${paths.partition("s", "p")}?inclusion=VALUES&pageSize=2`);
            expect(valuesOnly.json.values).to.deep.equal([
                { index: 0, valueType: "STRING", stringValue: "A", metadata: "" },
                { index: 1, valueType: "NUMBER", numberValue: 2 },
            ]);
            const page2 = await h.call(
                "GET",
                `${paths.partition("s", "p")}?inclusion=VALUES&pageSize=2&nextPageToken=${valuesOnly.json.nextPageToken}`,
            );
            expect(page2.json).to.deep.equal({ values: [{ index: 2, valueType: "BINARY", binaryValue: "Qw==" }], nextPageToken: null });
            expect((await h.call("GET", `${paths.partition("s", "p")}?inclusion=SOME`)).status).to.equal(400);
            expect((await h.call("GET", paths.partition("s", "nope"))).status).to.equal(404);
        });
    });
}

describe("emulator value listing modes (valueListing / --value-listing)", () => {
    for (const [mode, item] of [
        ["keys-only", { index: 0, keyId: "a" }],
        ["no-key-ids", { index: 0, valueType: "STRING", stringValue: "A" }],
    ] as const) {
        it(`${mode}: GET S/partitions/{p} ignores inclusion and answers ${JSON.stringify(item)}; every other route is unchanged`, async () => {
            const h = await Harness.start("memory", { valueListing: mode });
            try {
                await h.call("PUT", paths.store("s"));
                await h.call("PUT", paths.key("s", "p", "a"), { body: { stringValue: "A" } });
                for (const inclusion of ["", "?inclusion=ALL", "?inclusion=KEYS", "?inclusion=VALUES"]) {
                    const listed = await h.call("GET", `${paths.partition("s", "p")}${inclusion}`);
                    expect(listed.json, inclusion).to.deep.equal({ values: [item], nextPageToken: null });
                }
                expect((await h.call("GET", paths.key("s", "p", "a"))).json).to.deep.equal({
                    keyId: "a",
                    valueType: "STRING",
                    stringValue: "A",
                });
                expect((await h.call("GET", paths.keys("s", "p"))).json.values).to.deep.equal([{ keyId: "a" }]);
                expect((await h.call("GET", "/_emulator/health")).json).to.include({ valueListing: mode });
            } finally {
                await h.stop();
            }
        });
    }

    it("rejects an unknown mode", async () => {
        let error: Error | undefined;
        await Harness.start("memory", { valueListing: "sometimes" as never }).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/valueListing must be one of values, keys-only, no-key-ids/);
    });
});

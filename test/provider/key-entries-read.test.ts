/**
 * How a KeyEntries refresh reads its keys, against the emulator over HTTP, asserting on the requests
 * the client SENT (the emulator's request journal) per case: values by the page where the listing
 * serves them, per-key GETs where it does not (detected once per endpoint, said once in the log) or
 * where applications' keys make the listing dearer, and what is recorded for the next refresh.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS, startEmulator, type PagingMode, type ValueListingMode } from "../../emulator";
import { ObjectStoreClient, connectedAppTokenSource } from "../../provider/client";
import { ValueListingSupport } from "../../provider/client/partition-values";
import { resetConnection } from "../../provider/config";
import { KeyEntriesProvider } from "../../provider/resources/key-entries";
import { decodeEntries, type EntryMap, type KeyEntriesOutputs } from "../../provider/resources/key-entries-plan";
import { readRecordedEntries } from "../../provider/resources/key-entries-read";
import { EmulatorApi } from "../e2e/harness";
import { configureForEmulator } from "../support/provider-emulator";

const STORE = "reads";

/** An emulator in `mode` (paging by `paging`), its raw API, a client of the demo app (unpaced) and the journal's data-plane requests. */
async function rig(mode: ValueListingMode, paging: PagingMode = "after-id") {
    const emulator = await startEmulator({ port: 0, auth: "strict", valueListing: mode, paging });
    const api = new EmulatorApi(emulator);
    const client = new ObjectStoreClient({
        baseUrl: emulator.url,
        organizationId: DEMO_CREDENTIALS.organizationId,
        environmentId: DEMO_CREDENTIALS.environmentId,
        tokenSource: connectedAppTokenSource({
            authBaseUrl: emulator.url,
            clientId: DEMO_CREDENTIALS.clientId,
            clientSecret: DEMO_CREDENTIALS.clientSecret,
        }),
        requestsPerSecond: 0,
    });
    expect((await api.request("PUT", `/stores/${STORE}`, {})).status).to.be.oneOf([200, 201]);
    /** `METHOD path` of the data-plane requests after `since`, path relative to the environment, query dropped. */
    const sent = (since: number) =>
        emulator
            .requests(since)
            .filter((r) => r.url.startsWith("/api/v1/"))
            .map((r) => `${r.method} ${r.url.split("?")[0].replace(/^\/api\/v1\/organizations\/[^/]+\/environments\/[^/]+/, "")}`);
    const write = async (partitionId: string, keys: Record<string, unknown>) => {
        for (const [keyId, body] of Object.entries(keys)) {
            expect((await api.request("PUT", api.keyPath(STORE, partitionId, keyId), body)).status).to.be.oneOf([200, 201]);
        }
    };
    return { emulator, api, client, sent, write };
}

const str = (stringValue: string) => ({ valueType: "STRING", stringValue });
/** `n` keys `<prefix><000>` holding strings. */
const keys = (prefix: string, n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${String(i).padStart(3, "0")}`, str(`${prefix} ${i}`)]));
const listing = (partitionId: string) => `GET /stores/${STORE}/partitions/${partitionId}`;
const get = (partitionId: string, keyId: string) => `GET /stores/${STORE}/partitions/${partitionId}/keys/${encodeURIComponent(keyId)}`;

describe("KeyEntries read strategy against the emulator (requests sent)", function () {
    this.timeout(60_000);

    describe("where the listing serves values", () => {
        let r: Awaited<ReturnType<typeof rig>>;
        const lines: string[] = [];
        const support = new ValueListingSupport((m) => lines.push(m));
        const read = (partitionId: string, recorded: string[], partitionKeyCount?: number) =>
            readRecordedEntries(r.client, { storeId: STORE, partitionId, recorded, partitionKeyCount }, { concurrency: 8, support });

        before(async () => {
            r = await rig("values");
        });
        after(async () => {
            await r?.emulator.close();
        });
        afterEach(() => expect(lines, "no fallback logged").to.deep.equal([]));

        it("own keys only: one listing request per 25 values, no GET; the partition's size is recorded", async () => {
            await r.write("own", keys("k", 60));
            const since = r.emulator.lastRequestSeq();
            const got = await read("own", Object.keys(keys("k", 60)));
            expect(r.sent(since)).to.deep.equal([listing("own"), listing("own"), listing("own")]);
            expect(got.strategy).to.equal("listing");
            expect(got.partitionKeyCount).to.equal(60);
            expect(got.live.k007).to.deep.equal({ stringValue: "k 7" });
            expect(Object.keys(got.live)).to.have.length(60);
        });

        it("every value type (and metadata) reads the same by the page as by GET; ids with spaces match their stored '+' form", async () => {
            const typed = {
                s: str("text"),
                n: { valueType: "NUMBER", numberValue: -2.5 },
                b: { valueType: "BINARY", binaryValue: Buffer.from([0, 1, 254, 255]).toString("base64") },
                m: { valueType: "STRING", stringValue: "with metadata", metadata: "owner=ops" },
                "retry count": str("3"),
            };
            await r.write("typed", typed);
            const recorded = Object.keys(typed);
            const since = r.emulator.lastRequestSeq();
            const byPage = await read("typed", recorded);
            expect(r.sent(since)).to.deep.equal([listing("typed")]);
            const keyByKey = new ValueListingSupport(() => undefined);
            keyByKey.markNotServed(r.emulator.url, "this test reads key by key");
            const byKey = await readRecordedEntries(
                r.client,
                { storeId: STORE, partitionId: "typed", recorded },
                { concurrency: 8, support: keyByKey },
            );
            expect(byPage.live).to.deep.equal({
                s: { stringValue: "text" },
                n: { numberValue: -2.5 },
                b: { binaryValue: "AAH+/w==" },
                m: { stringValue: "with metadata" },
                "retry count": { stringValue: "3" },
            });
            // One recorded key is a single GET; the listing would cost as much.
            const single = r.emulator.lastRequestSeq();
            expect((await read("typed", ["retry count"])).live).to.deep.equal({ "retry count": { stringValue: "3" } });
            expect(r.sent(single)).to.deep.equal([get("typed", "retry count")]);
            expect(byKey.live).to.deep.equal(byPage.live);
        });

        it("drift: a changed value is read, a deleted key is absent (read by itself before it is called deleted), keys of other writers are never returned", async () => {
            await r.write("drift", { ...keys("k", 10), ...keys("app-", 5) });
            await r.write("drift", { k002: str("changed by hand") });
            await r.api.request("DELETE", r.api.keyPath(STORE, "drift", "k004"));
            const since = r.emulator.lastRequestSeq();
            const got = await read("drift", Object.keys(keys("k", 10)));
            expect(r.sent(since)).to.deep.equal([listing("drift"), get("drift", "k004")]);
            expect(got.live.k002).to.deep.equal({ stringValue: "changed by hand" });
            expect(got.live).to.not.have.property("k004");
            expect(Object.keys(got.live).filter((k) => k.startsWith("app-"))).to.deep.equal([]);
            expect(got.partitionKeyCount).to.equal(14);
        });

        it("500 keys of an application beside 10 own keys: the listing stops at its budget, then per-key GETs only", async () => {
            const own = Object.keys(keys("own-", 10));
            await r.write("mixed", { ...keys("app-", 500), ...keys("own-", 10) }); // "app-…" lists before "own-…"
            let since = r.emulator.lastRequestSeq();
            const first = await read("mixed", own);
            const firstSent = r.sent(since);
            expect(
                firstSent.filter((s) => s === listing("mixed")),
                "9 pages: cheaper than 10 GETs or not at all",
            ).to.have.length(9);
            expect(firstSent.filter((s) => s !== listing("mixed")).sort()).to.deep.equal(own.map((k) => get("mixed", k)).sort());
            expect(first.strategy).to.equal("listing, then per-key");
            expect(first.partitionKeyCount, "a lower bound").to.equal(9 * 25 + 1);
            expect(Object.keys(first.live)).to.deep.equal(own);

            since = r.emulator.lastRequestSeq();
            const next = await read("mixed", own, first.partitionKeyCount);
            expect(r.sent(since).sort(), "the next refresh: 10 GETs, no listing").to.deep.equal(own.map((k) => get("mixed", k)).sort());
            expect(next.strategy).to.equal("per-key");
            expect(next.partitionKeyCount).to.equal(first.partitionKeyCount);
            expect(next.live).to.deep.equal(first.live);
        });

        it("own keys listed first: the listing stops once it has listed them all", async () => {
            await r.write("early", { ...keys("a-", 10), ...keys("z-", 500) });
            const since = r.emulator.lastRequestSeq();
            const got = await read("early", Object.keys(keys("a-", 10)));
            expect(r.sent(since)).to.deep.equal([listing("early")]);
            expect(got.partitionKeyCount).to.equal(25);
            expect(Object.keys(got.live)).to.have.length(10);
        });

        it("a deleted partition: the listing's 404 is checked with HEAD, nothing is read, 0 keys recorded", async () => {
            await r.write("gone", keys("k", 3));
            await r.api.request("DELETE", `/stores/${STORE}/partitions/gone`);
            const since = r.emulator.lastRequestSeq();
            const got = await read("gone", Object.keys(keys("k", 3)));
            expect(r.sent(since)).to.deep.equal([listing("gone"), `HEAD /stores/${STORE}/partitions/gone`]);
            expect(got).to.deep.include({ live: {}, partitionKeyCount: 0 });
        });
    });

    describe("where the service pages by offset and an application deletes keys while the refresh pages (emulator paging: offset)", () => {
        let r: Awaited<ReturnType<typeof rig>>;
        before(async () => {
            r = await rig("values", "offset");
        });
        after(async () => {
            await r?.emulator.close();
        });

        it("no recorded key is called deleted because the listing skipped it: each one it did not name is read by itself", async () => {
            // 40 own keys, each followed in key order by 9 keys of an application ("k003" < "k003-app-0" < "k004").
            const own = Object.keys(keys("k", 40));
            const app: Record<string, unknown> = {};
            for (const k of own) for (let i = 0; i < 9; i++) app[`${k}-app-${i}`] = str("runtime");
            await r.write("offs", { ...keys("k", 40), ...app });
            // Before each page is served, the application deletes 5 of its keys (the first ones in key order).
            const rule = await fetch(`${r.emulator.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ method: "GET", route: "/partitions/offs$", deleteKeysMatching: "-app-", deleteKeysCount: 5 }),
            });
            expect(rule.status).to.equal(201);
            const since = r.emulator.lastRequestSeq();
            const support = new ValueListingSupport(() => undefined);
            const got = await readRecordedEntries(
                r.client,
                { storeId: STORE, partitionId: "offs", recorded: own },
                { concurrency: 8, support },
            );
            await fetch(`${r.emulator.url}/_emulator/faults`, { method: "DELETE" });
            const sent = r.sent(since);
            const pages = sent.filter((q) => q === listing("offs")).length;
            const gets = sent.filter((q) => q !== listing("offs"));
            console.log(`      ${pages} pages; ${gets.length} own keys the listing skipped, each read by one GET`);
            expect(gets.length, "the listing by offset skipped some own keys").to.be.greaterThan(0);
            expect(
                gets.every((q) => own.some((k) => q === get("offs", k))),
                "GETs of own keys only",
            ).to.equal(true);
            expect(Object.keys(got.live), "every own key survives").to.deep.equal(own);
            expect(got.strategy).to.equal("listing, then per-key");
        });
    });

    for (const mode of ["keys-only", "no-key-ids"] as const) {
        describe(`where the listing does not serve values (emulator --value-listing ${mode})`, () => {
            let r: Awaited<ReturnType<typeof rig>>;
            before(async () => {
                r = await rig(mode);
                await r.write("p", { ...keys("k", 30), ...keys("app-", 5) });
            });
            after(async () => {
                await r?.emulator.close();
            });

            it("the first read sends one listing request, says once in the log that it reads key by key, and GETs each recorded key; later reads GET only", async () => {
                const lines: string[] = [];
                const support = new ValueListingSupport((m) => lines.push(m));
                const recorded = Object.keys(keys("k", 30));
                const read = () =>
                    readRecordedEntries(r.client, { storeId: STORE, partitionId: "p", recorded }, { concurrency: 8, support });
                let since = r.emulator.lastRequestSeq();
                const first = await read();
                expect(r.sent(since).filter((s) => s === listing("p"))).to.have.length(1);
                expect(
                    r
                        .sent(since)
                        .filter((s) => s !== listing("p"))
                        .sort(),
                ).to.deep.equal(recorded.map((k) => get("p", k)).sort());
                expect(first.strategy).to.equal("per-key");
                expect(Object.keys(first.live)).to.deep.equal(recorded);
                expect(first.live.k001).to.deep.equal({ stringValue: "k 1" });
                expect(lines).to.have.length(1);
                expect(lines[0]).to.include(`${r.emulator.url} does not serve values in its partition listing`);

                since = r.emulator.lastRequestSeq();
                const second = await read();
                expect(r.sent(since)).to.have.length(30);
                expect(r.sent(since).every((s) => s !== listing("p"))).to.equal(true);
                expect(second.live).to.deep.equal(first.live);
                expect(lines, "said once").to.have.length(1);
            });
        });
    }

    describe("where the listing's route fails", () => {
        let r: Awaited<ReturnType<typeof rig>>;
        before(async () => {
            r = await rig("values");
            await r.write("p", keys("k", 5));
        });
        after(async () => {
            await r?.emulator.close();
        });
        const fault = (rule: object) =>
            fetch(`${r.emulator.url}/_emulator/faults`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(rule),
            });

        for (const status of [404, 400]) {
            it(`answered ${status} for a partition that exists: read key by key`, async () => {
                await fault({ method: "GET", route: "/partitions/p$", status });
                const lines: string[] = [];
                const support = new ValueListingSupport((m) => lines.push(m));
                const recorded = Object.keys(keys("k", 5));
                const since = r.emulator.lastRequestSeq();
                const got = await readRecordedEntries(
                    r.client,
                    { storeId: STORE, partitionId: "p", recorded },
                    { concurrency: 8, support },
                );
                await fetch(`${r.emulator.url}/_emulator/faults`, { method: "DELETE" });
                const sent = r.emulator.requests(since).filter((q) => q.url.startsWith("/api/"));
                expect(sent.filter((q) => q.method === "GET" && /\/partitions\/p\?/.test(q.url))).to.have.length(1);
                expect(sent.filter((q) => q.method === "HEAD")).to.have.length(status === 404 ? 1 : 0);
                expect(sent.filter((q) => /\/keys\//.test(q.url))).to.have.length(5);
                expect(Object.keys(got.live)).to.deep.equal(recorded);
                expect(lines).to.have.length(1);
                expect(lines[0]).to.match(status === 404 ? /404 for a partition that exists/ : /HTTP 400/);
            });
        }
    });

    describe("through KeyEntriesProvider.read", () => {
        let r: Awaited<ReturnType<typeof rig>>;
        before(async () => {
            r = await rig("values");
            configureForEmulator(r.emulator, { "anypoint:requestsPerSecond": "0" });
        });
        after(async () => {
            resetConnection();
            await r?.emulator.close();
        });

        it("records partitionKeyCount in the outputs (not the inputs), keeps it through an update, and reads by it next time", async () => {
            const provider = new KeyEntriesProvider();
            const declared: EntryMap = Object.fromEntries(Object.keys(keys("own-", 10)).map((k) => [k, { stringValue: k }]));
            const created = await provider.create({ storeId: STORE, partitionId: "prov", entries: declared });
            await r.write("prov", keys("app-", 500));
            let since = r.emulator.lastRequestSeq();
            const first = await provider.read(created.id, created.outs as KeyEntriesOutputs);
            expect(r.sent(since).filter((s) => s === listing("prov"))).to.have.length(9);
            expect(first.props.partitionKeyCount).to.equal(226);
            expect(first.inputs).to.not.have.property("partitionKeyCount");
            expect(decodeEntries(first.props.entries)).to.deep.equal(declared);
            expect(
                (await provider.diff(created.id, first.props, { storeId: STORE, partitionId: "prov", entries: declared })).changes,
            ).to.equal(false);

            const next = { ...declared, "own-000": { stringValue: "edited" } };
            const updated = await provider.update(created.id, first.props, { storeId: STORE, partitionId: "prov", entries: next });
            expect(updated.outs.partitionKeyCount).to.equal(226);

            since = r.emulator.lastRequestSeq();
            const second = await provider.read(created.id, updated.outs as KeyEntriesOutputs);
            expect(r.sent(since)).to.have.length(10);
            expect(r.sent(since).every((s) => s.includes("/keys/own-"))).to.equal(true);
            expect(decodeEntries(second.props.entries)).to.deep.equal(next);
        });
    });
});

import { expect } from "chai";
import fc from "fast-check";
import { ValueListingSupport, type StoredValue, type ValueListing } from "../../../provider/client/partition-values";
import type { KeyValue, Page, PartitionValueItem } from "../../../provider/client/types";
import { listingPages, partitionKeyCountAfter, planRead, readRecordedEntries } from "../../../provider/resources/key-entries-read";

const served = { listingServed: true, pageSize: 25 };

describe("KeyEntries read: the plan", () => {
    it("reads nothing without recorded keys, and one key with its GET", () => {
        expect(planRead({ ...served, recordedKeys: 0 })).to.deep.equal({ strategy: "none" });
        expect(planRead({ ...served, recordedKeys: 1 })).to.deep.equal({ strategy: "per-key" });
        expect(planRead({ ...served, recordedKeys: 1, partitionKeyCount: 1 })).to.deep.equal({ strategy: "per-key" });
    });

    it("lists by the page only where it can cost fewer requests than one GET per key", () => {
        expect(planRead({ ...served, recordedKeys: 1000 }), "never listed: listing under a budget").to.deep.equal({
            strategy: "listing",
            maxPages: 999,
        });
        expect(planRead({ ...served, recordedKeys: 1000, partitionKeyCount: 1000 })).to.deep.equal({ strategy: "listing", maxPages: 999 });
        expect(planRead({ ...served, recordedKeys: 100, partitionKeyCount: 5100 }), "204 pages > 100 GETs").to.deep.equal({
            strategy: "per-key",
        });
        expect(planRead({ ...served, recordedKeys: 4, partitionKeyCount: 100 }), "4 pages = 4 GETs").to.deep.equal({ strategy: "per-key" });
        expect(planRead({ ...served, recordedKeys: 5, partitionKeyCount: 100 })).to.deep.equal({ strategy: "listing", maxPages: 4 });
        expect(planRead({ ...served, recordedKeys: 2, partitionKeyCount: 0 }), "a gone partition: one page").to.deep.equal({
            strategy: "listing",
            maxPages: 1,
        });
    });

    it("reads key by key where the endpoint does not serve values", () => {
        expect(planRead({ listingServed: false, pageSize: 25, recordedKeys: 1000, partitionKeyCount: 1000 })).to.deep.equal({
            strategy: "per-key",
        });
    });

    it("records the partition's size from what the listing saw", () => {
        const values = (n: number) =>
            new Map<string, StoredValue>(Array.from({ length: n }, (_, i) => [`k${i}`, { valueType: "NUMBER", numberValue: i }]));
        const after = (l: ValueListing | undefined, prev?: number) => partitionKeyCountAfter(l, prev);
        expect(after({ outcome: "complete", values: values(30), pages: 2 }, 5000)).to.equal(30);
        expect(after({ outcome: "stopped", why: "budget", values: values(225), pages: 9 })).to.equal(226);
        expect(listingPages(226, 25), "so the next refresh of 10 keys reads key by key").to.equal(10);
        expect(after({ outcome: "stopped", why: "all-listed", values: values(25), pages: 1 })).to.equal(25);
        expect(after({ outcome: "stopped", why: "all-listed", values: values(25), pages: 1 }, 40)).to.equal(40);
        expect(after({ outcome: "partition-missing", pages: 1 }, 40)).to.equal(0);
        expect(after({ outcome: "not-served", reason: "x", pages: 1 }, 40)).to.equal(40);
        expect(after(undefined, 40), "read key by key").to.equal(40);
    });
});

/** An in-memory partition behind the client methods the read uses, counting requests. */
function fakeClient(keys: string[], endpoint: string) {
    const sorted = [...keys].sort();
    const value = (keyId: string): StoredValue => ({ valueType: "STRING", stringValue: `value of ${keyId}` });
    const client = {
        baseUrl: endpoint,
        requests: 0,
        async listValues(
            _s: string,
            _p: string,
            o: { pageSize?: number; nextPageToken?: string | null },
        ): Promise<Page<PartitionValueItem>> {
            client.requests++;
            const from = Number(o.nextPageToken ?? 0);
            const to = from + (o.pageSize ?? 25);
            return {
                values: sorted.slice(from, to).map((keyId) => ({ keyId, value: value(keyId) })),
                nextPageToken: to < sorted.length ? String(to) : null,
            };
        },
        async partitionExists(): Promise<boolean> {
            client.requests++;
            return true;
        },
        async getKey(_s: string, _p: string, keyId: string): Promise<KeyValue | undefined> {
            client.requests++;
            return sorted.includes(keyId) ? { keyId, ...value(keyId) } : undefined;
        },
    };
    return client;
}

describe("KeyEntries read: requests stay bounded by the resource's own keys", () => {
    it("reads exactly the recorded keys that exist, in at most 2R - 1 requests, then at most min(R, pages) plus one GET per deleted key once the size is recorded", async () => {
        let run = 0;
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: 40 }), // own keys recorded
                fc.integer({ min: 0, max: 1500 }), // keys of other writers
                fc.integer({ min: 0, max: 5 }), // recorded keys deleted since
                fc.constantFrom("aa-", "mm-", "zz-"), // where the own keys sort among the others
                async (recordedKeys, foreign, deleted, prefix) => {
                    const own = Array.from({ length: recordedKeys }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
                    const present = own.slice(Math.min(deleted, own.length));
                    const keys = [...present, ...Array.from({ length: foreign }, (_, i) => `m-${String(i).padStart(5, "0")}`)];
                    const client = fakeClient(keys, `http://fake-${run++}`);
                    const support = new ValueListingSupport(() => undefined);
                    const where = { storeId: "s", partitionId: "p", recorded: own };

                    const first = await readRecordedEntries(client, where, { concurrency: 4, support });
                    expect(Object.keys(first.live)).to.deep.equal(present);
                    const bound = recordedKeys <= 1 ? recordedKeys : 2 * recordedKeys - 1;
                    expect(client.requests, `first read of ${recordedKeys} among ${keys.length}`).to.be.at.most(bound);

                    client.requests = 0;
                    const second = await readRecordedEntries(
                        client,
                        { ...where, partitionKeyCount: first.partitionKeyCount },
                        { concurrency: 4, support },
                    );
                    expect(Object.keys(second.live)).to.deep.equal(present);
                    const pages = listingPages(keys.length, 25);
                    // A recorded key the listing does not name is read by itself before it is called deleted.
                    const gone = own.length - present.length;
                    expect(client.requests, `second read of ${recordedKeys} among ${keys.length}`).to.be.at.most(
                        Math.min(recordedKeys, pages) + gone,
                    );
                    expect(client.requests).to.be.at.most(Math.max(0, 2 * recordedKeys - 1));
                },
            ),
            { numRuns: 150 },
        );
    });
});

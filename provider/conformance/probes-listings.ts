/**
 * The partition and listing probes: a partition id's length, the partition listing, HEAD, a
 * partition without keys, key listings (shape, paging, order, page size, page tokens, beginsWith),
 * the store listing, and the partition value listing.
 * Part of the probe table (./probes.ts lists them in run order); built with ./probe-builders. Pure data.
 */
import {
    envPath,
    expectStatus,
    expectThat,
    keyPath,
    listedKeyIds,
    objectBody,
    pageToken,
    pageValues,
    partitionPath,
    show,
    storePath,
    verdictOf,
    type Probe,
} from "./spec";
import { checked, del, get, head, isObject, listingServesValues, ok2xx, put, putKeys, putString, setupWrites } from "./probe-builders";

export const PAGE_25_KEYS = Array.from({ length: 26 }, (_, i) => `k${String(i).padStart(2, "0")}`);

/** These probes, in run order. */
export const LISTING_PROBES: readonly Probe[] = [
    {
        id: "partition-id-1025-400",
        assumption: "A partition id over 1024 UTF-8 bytes is refused with 400 (the key limit applied to partitions).",
        source: "inferred",
        ref: "README Differences 10; limits.ts MAX_KEY_BYTES",
        relies: "Partition, Key and KeyEntries check refuse longer partition ids before sending.",
        ...checked("400.", [[(s) => putString(s, "p".repeat(1025), "k", "x"), [400], "PUT into a partition with a 1025-byte id"]]),
    },
    {
        id: "partition-list-shape",
        assumption: 'The partition listing is {"values": ["<partitionId>", …], "nextPageToken": …} with plain strings.',
        source: "documented",
        ref: "osv2-api-notes §4.2 (S1)",
        relies: "Lookups and import list partitions (client/wire.ts decodePage).",
        ...checked("plain strings.", [[(s) => get(`${storePath(s)}/partitions`), [200], "GET of the partition listing"]], (a) => [
            () => {
                const v = pageValues(a, 0);
                return expectThat(
                    !!v && v.length > 0 && v.every((p) => typeof p === "string") && v.includes("key-post"),
                    0,
                    `The listing is ${show(a[0]?.body)}.`,
                );
            },
        ]),
    },
    {
        id: "partition-head",
        assumption: "HEAD of a partition answers 200 when it exists and 404 when it does not.",
        source: "documented",
        ref: "osv2-api-notes §3.1 op 9 (S2)",
        relies: "Partition create and read check the partition with HEAD.",
        ...checked("200 and 404.", [
            [(s) => head(partitionPath(s, "key-post")), [200], "HEAD of an existing partition"],
            [(s) => head(partitionPath(s, "never-written")), [404], "HEAD of a missing partition"],
        ]),
    },
    {
        id: "partition-stays-after-last-key",
        assumption: "A partition still exists (HEAD 200) after its last key is deleted.",
        source: "emulator guess",
        ref: "README Differences 14",
        relies: "A Partition whose keys were all deleted still reads as existing; if OSv2 dropped empty partitions, refresh would report the Partition gone.",
        ...checked("HEAD 200 after the last key's DELETE.", [
            [(s) => putString(s, "partition-stays", "k", "x"), ok2xx, "PUT of the key"],
            [(s) => del(keyPath(s, "partition-stays", "k")), [204], "DELETE of the key"],
            [(s) => head(partitionPath(s, "partition-stays")), [200], "HEAD of the emptied partition"],
        ]),
    },
    {
        id: "keys-missing-partition-404",
        assumption: "Listing the keys of a partition that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Differences 14",
        relies: "KeyEntries read takes a 404 listing as no keys (an empty 200 listing works too).",
        ...checked("404.", [[(s) => get(`${partitionPath(s, "never-written")}/keys`), [404], "GET of a missing partition's keys"]]),
    },
    {
        id: "key-listing-shape",
        assumption: 'The key listing is {"values": [{"keyId": "…"}, …], "nextPageToken": null} on its last page.',
        source: "documented",
        ref: "osv2-api-notes §4.2 (S1)",
        relies: "KeyEntries read, lookups and import list keys (client/wire.ts decodeKeyRef also accepts plain strings).",
        ...checked(
            "[{keyId}] and nextPageToken null.",
            [[(s) => get(`${partitionPath(s, "key-post")}/keys`), [200], "GET of the key listing"]],
            (a) => [
                () => {
                    const v = pageValues(a, 0);
                    return expectThat(
                        !!v && v.length === 1 && isObject(v[0]) && v[0].keyId === "k1" && objectBody(a, 0)?.nextPageToken === null,
                        0,
                        `The listing is ${show(a[0]?.body)}.`,
                    );
                },
            ],
        ),
    },
    {
        id: "key-listing-paging",
        assumption:
            "The key listing honours pageSize and nextPageToken: pages of pageSize keys, the token leads to the rest, null on the last page.",
        source: "inferred",
        ref: "README Differences 13; osv2-api-notes §5 (pageSize/nextPageToken on keys [INF])",
        relies: "KeyEntries read and import follow nextPageToken until it is null (client/transport.ts allPages).",
        steps: [
            ...putKeys("paging", ["k1", "k2", "k3"]),
            (s) => get(`${partitionPath(s, "paging")}/keys`, { pageSize: "2" }),
            (s, a) => {
                const token = pageToken(a, 3);
                return token ? get(`${partitionPath(s, "paging")}/keys`, { pageSize: "2", nextPageToken: token }) : undefined;
            },
        ],
        judge: (a) =>
            verdictOf(
                "2 keys and a token, then 1 key and null.",
                setupWrites(a, 0, 3, "PUT of a key"),
                () => expectStatus(a, 3, [200], "GET of the first page (pageSize=2)"),
                () => expectThat(listedKeyIds(a, 3)?.length === 2, 3, `The first page with pageSize=2 is ${show(a[3]?.body)}.`),
                () => expectThat(pageToken(a, 3) !== null, 3, `The first page has no nextPageToken: ${show(a[3]?.body)}.`),
                () => expectStatus(a, 4, [200], "GET of the second page"),
                () => {
                    const all = [...(listedKeyIds(a, 3) ?? []), ...(listedKeyIds(a, 4) ?? [])].sort();
                    return expectThat(
                        JSON.stringify(all) === '["k1","k2","k3"]' && pageToken(a, 4) === null,
                        4,
                        `The pages hold ${show(all)} and the second ends with nextPageToken ${show(objectBody(a, 4)?.nextPageToken)}.`,
                    );
                },
            ),
    },
    {
        id: "key-listing-order",
        assumption: "Listings are in ascending code-point order of the id (written b, a, c: listed a, b, c).",
        source: "emulator guess",
        ref: "README Differences 12",
        relies: "Nothing (the provider compares sets, never orders).",
        steps: [...putKeys("order", ["b", "a", "c"]), (s) => get(`${partitionPath(s, "order")}/keys`)],
        judge: (a) =>
            verdictOf(
                "a, b, c.",
                setupWrites(a, 0, 3, "PUT of a key"),
                () => expectStatus(a, 3, [200], "GET of the key listing"),
                () =>
                    expectThat(
                        JSON.stringify(listedKeyIds(a, 3)) === '["a","b","c"]',
                        3,
                        `Listed in the order ${show(listedKeyIds(a, 3))}.`,
                    ),
            ),
    },
    {
        id: "page-size-default-25",
        assumption: "Without pageSize a listing page holds at most 25 items (26 keys: 25 and a nextPageToken).",
        source: "documented",
        ref: "osv2-api-notes §5 (S1: 25 keys per GET)",
        relies: "Nothing beyond following nextPageToken; the request counts of README assume 25 per page.",
        steps: [...putKeys("page-25", PAGE_25_KEYS), (s) => get(`${partitionPath(s, "page-25")}/keys`)],
        judge: (a) =>
            verdictOf(
                "25 and a token.",
                setupWrites(a, 0, PAGE_25_KEYS.length, "PUT of a key"),
                () => expectStatus(a, PAGE_25_KEYS.length, [200], "GET of the key listing"),
                () =>
                    expectThat(
                        listedKeyIds(a, PAGE_25_KEYS.length)?.length === 25 && pageToken(a, PAGE_25_KEYS.length) !== null,
                        PAGE_25_KEYS.length,
                        `The first page holds ${listedKeyIds(a, PAGE_25_KEYS.length)?.length} keys, nextPageToken ${show(objectBody(a, PAGE_25_KEYS.length)?.nextPageToken)}.`,
                    ),
            ),
    },
    {
        id: "page-size-over-25-clamped",
        assumption: "A pageSize above 25 is lowered to 25 (not refused).",
        source: "emulator guess",
        ref: "README Differences 13",
        relies: "Nothing (the client never asks for more than 25).",
        ...checked(
            "25 keys.",
            [
                [
                    (s) => get(`${partitionPath(s, "page-25")}/keys`, { pageSize: "100" }),
                    [200],
                    "GET with pageSize=100 (26 keys from page-size-default-25)",
                ],
            ],
            (a) => [() => expectThat(listedKeyIds(a, 0)?.length === 25, 0, `The page holds ${listedKeyIds(a, 0)?.length} keys.`)],
        ),
    },
    {
        id: "page-size-zero-400",
        assumption: "pageSize=0 is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 13",
        relies: "Nothing (the client never sends it).",
        ...checked("400.", [[(s) => get(`${partitionPath(s, "page-25")}/keys`, { pageSize: "0" }), [400], "GET with pageSize=0"]]),
    },
    {
        id: "page-token-foreign-400",
        assumption: "A nextPageToken the service did not issue is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 12",
        relies: "Nothing (the client sends only tokens it was given).",
        ...checked("400.", [
            [
                (s) => get(`${partitionPath(s, "page-25")}/keys`, { nextPageToken: "not-a-token" }),
                [400],
                "GET with nextPageToken=not-a-token",
            ],
        ]),
    },
    {
        id: "key-listing-begins-with",
        assumption: "The key listing's beginsWith keeps only ids starting with the prefix.",
        source: "documented",
        ref: "osv2-api-notes §3.1 op 10, §5 (S2)",
        relies: "The getKeys lookup passes beginsWith through.",
        steps: [
            ...putKeys("begins", ["pre-1", "pre-2", "other"]),
            (s) => get(`${partitionPath(s, "begins")}/keys`, { beginsWith: "pre-" }),
        ],
        judge: (a) =>
            verdictOf(
                "pre-1 and pre-2.",
                setupWrites(a, 0, 3, "PUT of a key"),
                () => expectStatus(a, 3, [200], "GET with beginsWith=pre-"),
                () =>
                    expectThat(
                        JSON.stringify([...(listedKeyIds(a, 3) ?? [])].sort()) === '["pre-1","pre-2"]',
                        3,
                        `beginsWith=pre- lists ${show(listedKeyIds(a, 3))}.`,
                    ),
            ),
    },
    {
        id: "begins-with-space-plus",
        assumption: "A space in beginsWith matches '+' in key ids (as spaces in key ids become '+').",
        source: "emulator guess",
        ref: "README Differences 11",
        relies: "Nothing in the provider.",
        steps: [...putKeys("begins-space", ["x+1", "y"]), (s) => get(`${partitionPath(s, "begins-space")}/keys`, { beginsWith: "x " })],
        judge: (a) =>
            verdictOf(
                "x+1.",
                setupWrites(a, 0, 2, "PUT of a key"),
                () => expectStatus(a, 2, [200], "GET with beginsWith='x '"),
                () => expectThat(JSON.stringify(listedKeyIds(a, 2)) === '["x+1"]', 2, `beginsWith='x ' lists ${show(listedKeyIds(a, 2))}.`),
            ),
    },
    {
        id: "store-listing-shape",
        assumption: 'The store listing is {"values": [<store object>, …], "nextPageToken": …}.',
        source: "documented",
        ref: "osv2-api-notes §4.1 (S1)",
        relies: "Lookups, import and conformance --cleanup list stores (client/wire.ts decodePage).",
        ...checked(
            "store objects.",
            [[(s) => get(`${envPath(s)}/stores`, { beginsWith: s.storeId }), [200], "GET of the store listing"]],
            (a) => [
                () => {
                    const v = pageValues(a, 0);
                    return expectThat(
                        !!v && v.length > 0 && v.every((x) => isObject(x) && typeof x.storeId === "string"),
                        0,
                        `The listing is ${show(a[0]?.body)}.`,
                    );
                },
            ],
        ),
    },
    {
        id: "store-listing-begins-with",
        assumption: "The store listing's beginsWith keeps only stores whose id starts with the prefix.",
        source: "inferred",
        ref: "osv2-api-notes §3.1 op 1, §5 (S13 uses it)",
        relies: "The import command's --begins-with and conformance --cleanup send it (and filter again themselves).",
        steps: [(s) => get(`${envPath(s)}/stores`, { beginsWith: s.storeId })],
        judge: (a, s) =>
            verdictOf(
                "only the scratch store.",
                () => expectStatus(a, 0, [200], "GET of the store listing with beginsWith"),
                () => {
                    const ids = (pageValues(a, 0) ?? []).map((x) => (isObject(x) ? String(x.storeId) : String(x)));
                    return expectThat(
                        ids.includes(s.storeId) && ids.every((id) => id.startsWith(s.storeId)),
                        0,
                        `beginsWith=<scratch store> lists ${ids.length} stores${ids.includes(s.storeId) ? "" : " without the scratch store"}: ${show(ids)}.`,
                    );
                },
            ),
    },
    {
        id: "partition-values-listing",
        assumption:
            "GET of a partition (inclusion=ALL) lists its keys with their values, {keyId, valueType, *Value} per item, honouring pageSize and nextPageToken.",
        source: "inferred",
        ref: "README Differences 16; osv2-api-notes §3.1 op 7, §4.5 (inclusion [UNK]); issue 19 (reads by page)",
        relies: "Reads by page (issue 19) read a partition's keys and values with this listing instead of one GET per key.",
        steps: [
            (s) => putString(s, "values", "v1", "one"),
            (s) => put(keyPath(s, "values", "v2"), { keyId: "v2", valueType: "NUMBER", numberValue: 2 }),
            (s) => put(keyPath(s, "values", "v3"), { keyId: "v3", valueType: "BINARY", binaryValue: "AAE=" }),
            (s) => get(partitionPath(s, "values"), { inclusion: "ALL", pageSize: "2" }),
            (s, a) => {
                const token = pageToken(a, 3);
                return token ? get(partitionPath(s, "values"), { inclusion: "ALL", pageSize: "2", nextPageToken: token }) : undefined;
            },
        ],
        judge: (a) =>
            verdictOf(
                "keys with values over two pages.",
                setupWrites(a, 0, 3, "PUT of a key"),
                () => expectStatus(a, 3, [200], "GET of the partition's values (pageSize=2)"),
                () => expectThat(pageValues(a, 3)?.length === 2 && pageToken(a, 3) !== null, 3, `The first page is ${show(a[3]?.body)}.`),
                () => expectStatus(a, 4, [200], "GET of the second page"),
                () => {
                    const items = [...(pageValues(a, 3) ?? []), ...(pageValues(a, 4) ?? [])].filter(isObject);
                    const byKey = new Map(items.map((i) => [String(i.keyId), i]));
                    const ok =
                        items.length === 3 &&
                        byKey.get("v1")?.stringValue === "one" &&
                        byKey.get("v2")?.numberValue === 2 &&
                        typeof byKey.get("v3")?.binaryValue === "string" &&
                        pageToken(a, 4) === null;
                    return expectThat(
                        ok,
                        4,
                        `The pages hold ${show(items, 240)}; the second ends with nextPageToken ${show(objectBody(a, 4)?.nextPageToken)}.`,
                    );
                },
                () => {
                    // The provider's own verdict (KeyEntries refresh, import, getKeyValues fall back to one GET per key without it).
                    const verdicts = [3, 4].map((i) => listingServesValues(objectBody(a, i), 2));
                    const failed = verdicts.findIndex((v) => !v.serves);
                    return expectThat(
                        failed < 0,
                        failed < 0 ? 3 : 3 + failed,
                        `The provider's check (servesValues) says: ${failed < 0 ? "serves values" : (verdicts[failed] as { reason: string }).reason}.`,
                    );
                },
            ),
    },
    {
        id: "partition-values-inclusion-keys",
        assumption: "GET of a partition with inclusion=KEYS lists keyIds without values.",
        source: "emulator guess",
        ref: "README Differences 16",
        relies: "Nothing yet (reads by page ask for ALL).",
        ...checked(
            "keyIds only.",
            [[(s) => get(partitionPath(s, "values"), { inclusion: "KEYS" }), [200], "GET with inclusion=KEYS"]],
            (a) => [
                () => {
                    const items = (pageValues(a, 0) ?? []).filter(isObject);
                    return expectThat(
                        items.length === 3 &&
                            items.every((i) => typeof i.keyId === "string" && !("stringValue" in i) && !("numberValue" in i)),
                        0,
                        `inclusion=KEYS lists ${show(a[0]?.body)}.`,
                    );
                },
            ],
        ),
    },
];

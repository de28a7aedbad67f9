/**
 * The probes of the number operation, confirmable writes (ack, nack, extend), TTL expiry, and
 * deletes of keys in bulk, of a partition and of partitions in bulk.
 * Part of the probe table (./probes.ts lists them in run order); built with ./probe-builders. Pure data.
 */
import {
    expectStatus,
    expectThat,
    keyPath,
    listedKeyIds,
    pageValues,
    partitionPath,
    seg,
    show,
    storePath,
    stringBody,
    verdictOf,
    type Probe,
} from "./spec";
import {
    checked,
    confirmationIdOf,
    del,
    field,
    get,
    head,
    ok2xx,
    patch,
    post,
    put,
    putKeys,
    putString,
    setupWrites,
} from "./probe-builders";

/** These probes, in run order. */
export const OPERATION_PROBES: readonly Probe[] = [
    {
        id: "number-operation",
        assumption:
            'POST with content type application/vnd.objectstore.v1.numberoperation+json and {"operation": "INCREMENT", "delta": 2} adds 2 to a NUMBER value and answers 200 with it.',
        source: "emulator guess",
        ref: "README Differences 20; osv2-api-notes §4.4 (body [UNK])",
        relies: "Nothing (the provider does not use number operations).",
        ...checked(
            "200 with 7.",
            [
                [(s) => put(keyPath(s, "number", "n"), { keyId: "n", valueType: "NUMBER", numberValue: 5 }), ok2xx, "PUT of the NUMBER"],
                [
                    (s) => ({
                        method: "POST",
                        path: keyPath(s, "number", "n"),
                        body: { operation: "INCREMENT", delta: 2 },
                        contentType: "application/vnd.objectstore.v1.numberoperation+json",
                    }),
                    [200],
                    "POST of the number operation",
                ],
            ],
            (a) => [() => expectThat(field(a, 1, "numberValue") === 7, 1, `The answer is ${show(a[1]?.body)}.`)],
        ),
    },
    {
        id: "confirmable-write-id",
        assumption: "PUT ?confirmable=true answers 2xx with a confirmationId (in the body, or the x-confirmation-id header).",
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §6.4 (flow [UNK])",
        relies: "Nothing (the provider writes no confirmable values).",
        ...checked(
            "a confirmationId.",
            [
                [
                    (s) => put(keyPath(s, "confirm", "id"), stringBody("id", "v"), { confirmable: "true" }),
                    [200, 201],
                    "PUT ?confirmable=true",
                ],
            ],
            (a) => [() => expectThat(confirmationIdOf(a[0]) !== undefined, 0, `No confirmationId in ${show(a[0]?.body)} or the headers.`)],
        ),
    },
    {
        id: "confirmable-pending-invisible",
        assumption: "A confirmable write that is not acknowledged is not seen by a plain GET (404).",
        source: "emulator guess",
        ref: "README Differences 19",
        relies: "Nothing (the provider writes no confirmable values; it would read an unacknowledged application write as absent).",
        ...checked("404 before the ack.", [
            [
                (s) => put(keyPath(s, "confirm", "pending"), stringBody("pending", "v"), { confirmable: "true" }),
                [200, 201],
                "PUT ?confirmable=true",
            ],
            [(s) => get(keyPath(s, "confirm", "pending")), [404], "plain GET of the pending write"],
        ]),
    },
    {
        id: "confirmation-ack",
        assumption: "POST …/keys/{keyId}/confirmations/{confirmationId} answers 204 and commits the write.",
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §3.1 op 16",
        relies: "Nothing (the provider writes no confirmable values).",
        ...checked("204, then the value reads.", [
            [
                (s) => put(keyPath(s, "confirm", "ack"), stringBody("ack", "v"), { confirmable: "true" }),
                [200, 201],
                "PUT ?confirmable=true",
            ],
            [
                (s, a) => {
                    const id = confirmationIdOf(a[0]);
                    return id ? post(`${keyPath(s, "confirm", "ack")}/confirmations/${seg(id)}`, undefined) : undefined;
                },
                [204],
                "POST of the confirmation (ack)",
            ],
            [(s) => get(keyPath(s, "confirm", "ack")), [200], "GET after the ack"],
        ]),
    },
    {
        id: "confirmation-nack",
        assumption: "DELETE …/confirmations/{confirmationId} answers 204 and discards the write.",
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §3.1 op 18",
        relies: "Nothing (the provider writes no confirmable values).",
        ...checked("204, then 404.", [
            [
                (s) => put(keyPath(s, "confirm", "nack"), stringBody("nack", "v"), { confirmable: "true" }),
                [200, 201],
                "PUT ?confirmable=true",
            ],
            [
                (s, a) => {
                    const id = confirmationIdOf(a[0]);
                    return id ? del(`${keyPath(s, "confirm", "nack")}/confirmations/${seg(id)}`) : undefined;
                },
                [204],
                "DELETE of the confirmation (nack)",
            ],
            [(s) => get(keyPath(s, "confirm", "nack")), [404], "GET after the nack"],
        ]),
    },
    {
        id: "confirmation-extend",
        assumption:
            'PATCH …/confirmations/{confirmationId} with {"ttlSeconds": 60} answers 200 with {confirmationId, ttlSeconds, expiresAt}.',
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §4.7 (body [UNK])",
        relies: "Nothing (the provider writes no confirmable values).",
        ...checked(
            "200 with the new deadline.",
            [
                [
                    (s) => put(keyPath(s, "confirm", "extend"), stringBody("extend", "v"), { confirmable: "true" }),
                    [200, 201],
                    "PUT ?confirmable=true",
                ],
                [
                    (s, a) => {
                        const id = confirmationIdOf(a[0]);
                        return id ? patch(`${keyPath(s, "confirm", "extend")}/confirmations/${seg(id)}`, { ttlSeconds: 60 }) : undefined;
                    },
                    [200],
                    "PATCH of the confirmation",
                ],
            ],
            (a) => [
                () =>
                    expectThat(
                        field(a, 1, "ttlSeconds") === 60 && typeof field(a, 1, "expiresAt") === "string",
                        1,
                        `The answer is ${show(a[1]?.body)}.`,
                    ),
            ],
        ),
    },
    {
        id: "ttl-expiry",
        assumption: "A key whose store TTL has passed reads 404 at once (static TTL of 2 s, read 4 s after the write).",
        source: "emulator guess",
        ref: "README Differences 18; osv2-api-notes §6.2 (eviction is lazy in production)",
        relies: "Seed keys that expired show as deleted drift on refresh; if OSv2 still serves them for a while, refresh shows them present until evicted.",
        steps: [
            (s) => patch(storePath(s), { defaultTtlSeconds: 2, isFixedTtl: true }),
            (s) => putString(s, "ttl", "k", "x"),
            () => ({ waitMs: 4000 }),
            (s) => get(keyPath(s, "ttl", "k")),
        ],
        restore: [(s) => patch(storePath(s), { defaultTtlSeconds: 3600 })],
        judge: (a) =>
            verdictOf(
                "404 after 4 s.",
                () => expectStatus(a, 0, [200], "PATCH {defaultTtlSeconds: 2, isFixedTtl: true}"),
                () => expectStatus(a, 1, ok2xx, "PUT of the key"),
                () => expectStatus(a, 2, [404], "GET 4 s after the write"),
            ),
    },

    // ---------------------------------------------------------- deletes
    {
        id: "bulk-delete-keys",
        assumption: "DELETE …/partitions/{p}/keys deletes every key of the partition (204) and keeps the partition.",
        source: "inferred",
        ref: "README Differences 15; osv2-api-notes §3.2 (billing table S5)",
        relies: "Nothing yet (the provider deletes keys one by one).",
        steps: [
            ...putKeys("bulk-keys", ["a", "b"]),
            (s) => del(`${partitionPath(s, "bulk-keys")}/keys`),
            (s) => get(`${partitionPath(s, "bulk-keys")}/keys`),
            (s) => head(partitionPath(s, "bulk-keys")),
        ],
        judge: (a) =>
            verdictOf(
                "204; no keys; the partition still there.",
                setupWrites(a, 0, 2, "PUT of a key"),
                () => expectStatus(a, 2, [204], "DELETE of all keys"),
                () => expectStatus(a, 3, [200], "GET of the key listing"),
                () => expectThat(listedKeyIds(a, 3)?.length === 0, 3, `The listing still holds ${show(listedKeyIds(a, 3))}.`),
                () => expectStatus(a, 4, [200], "HEAD of the partition"),
            ),
    },
    {
        id: "partition-delete",
        assumption: "DELETE of a partition answers 204 and removes it with its keys (HEAD then 404).",
        source: "documented",
        ref: "osv2-api-notes §3.1 op 8 (S2), §3.2 (S5)",
        relies: "Partition delete (destroy) removes the partition and every key in it.",
        ...checked("204; partition and key 404.", [
            [(s) => putString(s, "partition-delete", "k", "x"), ok2xx, "PUT of the key"],
            [(s) => del(partitionPath(s, "partition-delete")), [204], "DELETE of the partition"],
            [(s) => head(partitionPath(s, "partition-delete")), [404], "HEAD after the DELETE"],
            [(s) => get(keyPath(s, "partition-delete", "k")), [404], "GET of its key after the DELETE"],
        ]),
    },
    {
        id: "partition-delete-gone-404",
        assumption: "DELETE of a partition that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Routes (DELETE S/partitions/{p}: 404)",
        relies: "Partition delete takes 404 as already gone (a 2xx works too).",
        ...checked("404.", [[(s) => del(partitionPath(s, "never-written")), [404], "DELETE of a missing partition"]]),
    },
    {
        id: "bulk-delete-partitions",
        assumption: "DELETE …/stores/{storeId}/partitions deletes every partition of the store (204).",
        source: "inferred",
        ref: "README Differences 15; osv2-api-notes §3.2 (billing table S5)",
        relies: "Nothing yet (the provider deletes partitions one by one).",
        ...checked(
            "204; no partitions left.",
            [
                [(s) => del(`${storePath(s)}/partitions`), [204], "DELETE of all partitions"],
                [(s) => get(`${storePath(s)}/partitions`), [200], "GET of the partition listing"],
            ],
            (a) => [() => expectThat(pageValues(a, 1)?.length === 0, 1, `The listing still holds ${show(pageValues(a, 1))}.`)],
        ),
    },
];

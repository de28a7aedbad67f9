/**
 * The store probes: a missing store, the PUT that creates the scratch store, its shape and settings
 * (encrypted, usage limits and their enforcement, PUT over an existing store, PATCH, the TTL clamp,
 * millis fields, confirmation TTL range, id length).
 * Part of the probe table (./probes.ts lists them in run order); built with ./probe-builders. Pure data.
 */
import { expectThat, objectBody, partitionPath, show, storePath, type Probe } from "./spec";
import { checked, CREATE_BODY, del, field, get, isObject, patch, put, putString, ttlReadsMax } from "./probe-builders";

/** These probes, in run order. */
export const STORE_PROBES: readonly Probe[] = [
    {
        id: "store-get-missing-404",
        assumption: "GET of a store that does not exist answers 404.",
        source: "inferred",
        ref: "osv2-api-notes §7; resources/store.ts (create)",
        relies: "Store create reads the store first and creates it only after a 404; refresh drops a store whose GET is 404.",
        ...checked("404.", [[(s) => get(storePath(s, "-absent")), [404], "GET of a missing store"]]),
    },
    {
        id: "store-create-put",
        assumption:
            "PUT on a missing store with the body the provider sends ({defaultTtlSeconds, defaultConfirmationTtlSeconds, persistent, isFixedTtl}) creates it: 201 with the store object holding those settings.",
        source: "emulator guess",
        ref: "README Differences 2; osv2-api-notes §4.1 (PUT store body [INF])",
        relies: "Store create sends this body and records the answer as the store's outputs; a field the service ignores would show as drift.",
        ...checked("201 with the settings sent.", [[(s) => put(storePath(s), CREATE_BODY), [201], "PUT of a new store"]], (a) => [
            () => {
                const b = objectBody(a, 0);
                const wrong = Object.entries(CREATE_BODY).filter(([k, v]) => b?.[k] !== v);
                return expectThat(
                    wrong.length === 0,
                    0,
                    `The store in the answer holds ${wrong.map(([k]) => `${k} ${show(b?.[k])}`).join(", ")}; sent ${wrong.map(([k, v]) => `${k} ${show(v)}`).join(", ")}.`,
                );
            },
        ]),
    },
    {
        id: "store-shape",
        assumption:
            "A store reads as {storeId, encrypted, permanentOsFlag, persistent, defaultTtlSeconds, defaultConfirmationTtlSeconds, isFixedTtl} with booleans, numbers and isFixedTtl a boolean or null.",
        source: "documented",
        ref: "osv2-api-notes §4.1 (S1 example); client/wire.ts normalizeStore",
        relies: "client/wire.ts reads these fields (missing ones take the documented defaults), and Store outputs are built from them.",
        ...checked("every field with its type.", [[(s) => get(storePath(s)), [200], "GET of the store"]], (a) => [
            () => {
                const b = objectBody(a, 0) ?? {};
                const types: Record<string, (v: unknown) => boolean> = {
                    storeId: (v) => typeof v === "string",
                    encrypted: (v) => typeof v === "boolean",
                    permanentOsFlag: (v) => typeof v === "boolean",
                    persistent: (v) => typeof v === "boolean",
                    defaultTtlSeconds: (v) => typeof v === "number",
                    defaultConfirmationTtlSeconds: (v) => typeof v === "number",
                    isFixedTtl: (v) => v === null || typeof v === "boolean",
                };
                const wrong = Object.keys(types).filter((k) => !types[k]!(b[k]));
                return expectThat(
                    wrong.length === 0,
                    0,
                    `Fields missing or of another type: ${wrong.map((k) => `${k}=${show(b[k])}`).join(", ")}.`,
                );
            },
        ]),
    },
    {
        id: "store-encrypted-as-given",
        assumption:
            "encrypted is stored and reported as given (after PATCH {encrypted: false} the store reads false), and permanentOsFlag reads false.",
        source: "emulator guess",
        ref: "README Differences 5",
        relies: "Nothing (the provider never sends encrypted; Store reports the live encrypted and permanentOsFlag as outputs).",
        ...checked(
            "reads encrypted false, permanentOsFlag false.",
            [
                [(s) => patch(storePath(s), { encrypted: false }), [200], "PATCH {encrypted: false}"],
                [(s) => get(storePath(s)), [200], "GET of the store"],
            ],
            (a) => [
                () =>
                    expectThat(
                        field(a, 1, "encrypted") === false && field(a, 1, "permanentOsFlag") === false,
                        1,
                        `The store reads encrypted ${show(field(a, 1, "encrypted"))}, permanentOsFlag ${show(field(a, 1, "permanentOsFlag"))}.`,
                    ),
            ],
        ),
        restore: [(s) => patch(storePath(s), { encrypted: true })],
    },
    {
        id: "store-usage-limits-field",
        assumption:
            "Usage limits are the store field usageLimits {maxKeys, maxSizeBytes, enforcement: REJECT|WARN}: PATCH sets them and GET reads them back.",
        source: "emulator guess",
        ref: "README Differences 6; osv2-api-notes §4.1 (usage-limit field names [UNK])",
        relies: "Store's usageLimits input is sent and read back under exactly these names; other names would make every usage limit fail or drift.",
        ...checked(
            "set and read back.",
            [
                [
                    (s) => patch(storePath(s), { usageLimits: { maxKeys: 1000, maxSizeBytes: 1_048_576, enforcement: "WARN" } }),
                    [200],
                    "PATCH of usageLimits",
                ],
                [(s) => get(storePath(s)), [200], "GET of the store"],
            ],
            (a) => [
                () => {
                    const u = field(a, 1, "usageLimits") as Record<string, unknown> | undefined;
                    return expectThat(
                        isObject(u) && u.maxKeys === 1000 && u.maxSizeBytes === 1_048_576 && u.enforcement === "WARN",
                        1,
                        `The store reads usageLimits ${show(u)} after PATCHing {maxKeys: 1000, maxSizeBytes: 1048576, enforcement: "WARN"}.`,
                    );
                },
            ],
        ),
        restore: [(s) => patch(storePath(s), { usageLimits: null })],
    },
    {
        id: "store-usage-limits-remove",
        assumption: "PATCH {usageLimits: null} removes a store's usage limits (it then reads usageLimits null or nothing).",
        source: "emulator guess",
        ref: "README Differences 6; resources/store-model.ts storeSettingsFrom",
        relies: "A program that stops declaring usageLimits sends usageLimits: null.",
        ...checked(
            "removed.",
            [
                [
                    (s) => patch(storePath(s), { usageLimits: { maxKeys: 10, enforcement: "WARN", maxSizeBytes: null } }),
                    [200],
                    "PATCH setting usageLimits",
                ],
                [(s) => patch(storePath(s), { usageLimits: null }), [200], "PATCH {usageLimits: null}"],
                [(s) => get(storePath(s)), [200], "GET of the store"],
            ],
            (a) => [
                () => {
                    const u = field(a, 2, "usageLimits");
                    return expectThat(u === null || u === undefined, 2, `The store still reads usageLimits ${show(u)}.`);
                },
            ],
        ),
    },
    {
        id: "usage-limit-reject",
        assumption: "With usageLimits {maxKeys: 1, enforcement: REJECT}, writing a second key is refused with 409 (UsageLimitExceeded).",
        source: "emulator guess",
        ref: "README Differences 6",
        relies: "Nothing in the provider; programs writing into a limited store meet this answer.",
        ...checked("the second key was refused with 409.", [
            [
                (s) => patch(storePath(s), { usageLimits: { maxKeys: 1, maxSizeBytes: null, enforcement: "REJECT" } }),
                [200],
                "PATCH of usageLimits",
            ],
            [(s) => putString(s, "usage-limit-reject", "first", "1"), [200, 201], "PUT of the first key"],
            [(s) => putString(s, "usage-limit-reject", "second", "2"), [409], "PUT of a key over maxKeys"],
        ]),
        restore: [(s) => patch(storePath(s), { usageLimits: null }), (s) => del(partitionPath(s, "usage-limit-reject"))],
    },
    {
        id: "usage-limit-warn",
        assumption: "With usageLimits {maxKeys: 1, enforcement: WARN}, writing a second key succeeds.",
        source: "emulator guess",
        ref: "README Differences 6 (the emulator also sets x-osv2-usage-limit-exceeded, its own header)",
        relies: "Nothing in the provider.",
        ...checked(
            (a) =>
                `the second key was written (${a[2]?.status}${a[2]?.headers["x-osv2-usage-limit-exceeded"] ? `, x-osv2-usage-limit-exceeded: ${a[2].headers["x-osv2-usage-limit-exceeded"]}` : ""}).`,
            [
                [
                    (s) => patch(storePath(s), { usageLimits: { maxKeys: 1, maxSizeBytes: null, enforcement: "WARN" } }),
                    [200],
                    "PATCH of usageLimits",
                ],
                [(s) => putString(s, "usage-limit-warn", "first", "1"), [200, 201], "PUT of the first key"],
                [(s) => putString(s, "usage-limit-warn", "second", "2"), [200, 201], "PUT of a key over maxKeys (WARN)"],
            ],
        ),
        restore: [(s) => patch(storePath(s), { usageLimits: null }), (s) => del(partitionPath(s, "usage-limit-warn"))],
    },
    {
        id: "store-put-existing-replaces",
        assumption: "PUT on an existing store answers 200 and replaces its settings: settings not in the body return to their defaults.",
        source: "emulator guess",
        ref: "README Differences 2; osv2-api-notes §4.1 (PUT on an existing store [UNK])",
        relies: "Store create reads first, then PUTs; the PUT's 200 (not 201) tells it that someone created the store in between (two stacks' `pulumi up` at the same moment), and the create fails. A tenant that answers the same status for both loses that signal: both creates succeed (README 'Adopting what already exists'). Adopt and update PATCH.",
        ...checked(
            "200; confirmation TTL and isFixedTtl back to 600 and null.",
            [[(s) => put(storePath(s), { defaultTtlSeconds: 7200 }), [200], "PUT of an existing store"]],
            (a) => [
                () =>
                    expectThat(
                        field(a, 0, "defaultTtlSeconds") === 7200 &&
                            field(a, 0, "defaultConfirmationTtlSeconds") === 600 &&
                            field(a, 0, "isFixedTtl") === null,
                        0,
                        `After PUT {defaultTtlSeconds: 7200} over {defaultConfirmationTtlSeconds: 300, isFixedTtl: true} the store reads defaultTtlSeconds ${show(field(a, 0, "defaultTtlSeconds"))}, defaultConfirmationTtlSeconds ${show(field(a, 0, "defaultConfirmationTtlSeconds"))}, isFixedTtl ${show(field(a, 0, "isFixedTtl"))}.`,
                    ),
            ],
        ),
        restore: [(s) => put(storePath(s), CREATE_BODY)],
    },
    {
        id: "store-patch-partial",
        assumption: "PATCH changes only the fields given and answers 200 with the whole store object.",
        source: "emulator guess",
        ref: "osv2-api-notes §4.1 (PATCH body [UNK]); resources/store.ts update",
        relies: "Store update PATCHes the declared settings and records the answer (decoded as a store) as its outputs.",
        ...checked(
            "200 with the store; the other setting kept.",
            [
                [(s) => patch(storePath(s), { defaultConfirmationTtlSeconds: 300 }), [200], "PATCH {defaultConfirmationTtlSeconds: 300}"],
                [(s) => patch(storePath(s), { defaultTtlSeconds: 5400 }), [200], "PATCH {defaultTtlSeconds: 5400}"],
            ],
            (a) => [
                () => expectThat(typeof field(a, 1, "storeId") === "string", 1, "The PATCH answer is not a store object."),
                () =>
                    expectThat(
                        field(a, 1, "defaultTtlSeconds") === 5400 && field(a, 1, "defaultConfirmationTtlSeconds") === 300,
                        1,
                        `After the second PATCH the store reads defaultTtlSeconds ${show(field(a, 1, "defaultTtlSeconds"))}, defaultConfirmationTtlSeconds ${show(field(a, 1, "defaultConfirmationTtlSeconds"))} (expected 5400 and 300).`,
                    ),
            ],
        ),
    },
    {
        id: "store-ttl-clamp",
        assumption: "A defaultTtlSeconds above 2,592,000 is accepted and silently lowered to 2,592,000.",
        source: "documented",
        ref: "osv2-api-notes §6.2 (S1, S4); README Concepts (the TTL clamp)",
        relies: "Store check lowers such a TTL the same way (with a warning), so the plan shows what the service holds and there is no perpetual diff.",
        ...ttlReadsMax(3_000_000),
    },
    {
        id: "store-ttl-nonpositive",
        assumption: "A defaultTtlSeconds of 0 is accepted and silently set to 2,592,000.",
        source: "documented",
        ref: "emulator/README Limits (S1, S4: 'values above the max or <= 0')",
        relies: "Store check refuses a TTL below 1 s before sending, so programs never send it.",
        ...ttlReadsMax(0),
    },
    {
        id: "store-unknown-field-400",
        assumption: "A store body with an unknown field is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 2",
        relies: "Nothing (the provider sends only known fields); a service that ignores unknown fields would hide a misspelt field name.",
        ...checked("400.", [[(s) => patch(storePath(s), { conformanceUnknownField: true }), [400], "PATCH with an unknown field"]]),
    },
    {
        id: "store-millis-fields",
        assumption: "defaultTtlMillis is accepted and converted: the store then reads defaultTtlSeconds = millis / 1000.",
        source: "emulator guess",
        ref: "README Differences 3 (the portal's generated examples)",
        relies: "Nothing (the provider sends seconds).",
        ...checked(
            "200, reads 1500 s.",
            [[(s) => patch(storePath(s), { defaultTtlMillis: 1_500_000 }), [200], "PATCH {defaultTtlMillis: 1500000}"]],
            (a) => [
                () =>
                    expectThat(
                        field(a, 0, "defaultTtlSeconds") === 1500,
                        0,
                        `The store reads defaultTtlSeconds ${show(field(a, 0, "defaultTtlSeconds"))}.`,
                    ),
            ],
        ),
        restore: [(s) => patch(storePath(s), { defaultTtlSeconds: 3600 })],
    },
    {
        id: "store-confirmation-ttl-range",
        assumption: "A defaultConfirmationTtlSeconds of 0 is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 4",
        relies: "Store check refuses a confirmation TTL outside 1..2,592,000 s before sending.",
        ...checked("400.", [
            [(s) => patch(storePath(s), { defaultConfirmationTtlSeconds: 0 }), [400], "PATCH {defaultConfirmationTtlSeconds: 0}"],
        ]),
        restore: [(s) => patch(storePath(s), { defaultConfirmationTtlSeconds: 600 })],
    },
    {
        id: "store-id-257-400",
        assumption: "A storeId longer than 256 characters is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §8 (release notes 2.3.2)",
        relies: "Store check refuses longer ids before sending.",
        ...checked("400.", [
            [
                (s) => put(storePath(s, "-" + "x".repeat(Math.max(1, 256 - s.storeId.length))), {}),
                [400],
                "PUT of a store with a 257-character id",
            ],
        ]),
    },
];

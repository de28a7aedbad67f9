/**
 * The conformance probes: every assumption the provider (and the emulator) makes about the OSv2 wire
 * that the public docs do not settle, one probe each, in the order they run. The list IS the list of
 * guesses: each "inferred" or "emulator guess" line of README "Differences from Anypoint OSv2" and of
 * the client's wire details (client/wire.ts, paths.ts, create-key.ts, retry.ts,
 * object-store-client.ts) has a probe here, or a line in {@link NOT_PROBED} saying why not.
 *
 * Every write goes into the scratch store `<prefix>-<random>` (or a store whose id begins with it),
 * each probe in a partition of its own named after it. The store is created by
 * `store-create-put` and deleted by `store-delete` (the runner deletes it anyway, ./run.ts).
 * Probes that change a store setting later probes depend on undo it in `restore`.
 *
 * Pure data and functions: steps build requests from the scope and earlier answers, judges read answers.
 */
import { servesValues, type ServesValues } from "../client/partition-values";
import { decodePage, decodePartitionValue, UnexpectedResponse } from "../client/wire";
import { MAX_TTL_SECONDS } from "../limits";
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
    seg,
    show,
    storePath,
    stringBody,
    verdictOf,
    type Answer,
    type NotProbed,
    type Probe,
    type ProbeScope,
    type RequestSpec,
    type Step,
} from "./spec";

// ------------------------------------------------------------------ small builders

/** {@link servesValues} of a value listing answer's body, `pageSize` asked (a body that is not a page does not serve). */
function listingServesValues(body: unknown, pageSize: number): ServesValues {
    try {
        return servesValues(decodePage(body, decodePartitionValue), pageSize);
    } catch (e) {
        if (e instanceof UnexpectedResponse) return { serves: false, reason: e.message };
        throw e;
    }
}

const get = (path: string, query?: Record<string, string>): RequestSpec => ({ method: "GET", path, query });
const head = (path: string): RequestSpec => ({ method: "HEAD", path });
const del = (path: string): RequestSpec => ({ method: "DELETE", path });
const put = (path: string, body: unknown, query?: Record<string, string>): RequestSpec => ({ method: "PUT", path, body, query });
const post = (path: string, body: unknown): RequestSpec => ({ method: "POST", path, body });
const patch = (path: string, body: unknown): RequestSpec => ({ method: "PATCH", path, body });
const putString = (s: ProbeScope, p: string, k: string, v: string) => put(keyPath(s, p, k), stringBody(k, v));

/** The settings the provider sends when creating a store that declares all of them (store-model storeSettingsFrom). */
const CREATE_BODY = { defaultTtlSeconds: 3600, defaultConfirmationTtlSeconds: 300, persistent: true, isFixedTtl: true };

const ok2xx = [200, 201, 204];
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A store body's field, for judges. */
const field = (a: readonly Answer[], i: number, name: string): unknown => objectBody(a, i)?.[name];

/** The confirmation id of a confirmable write's answer: body `confirmationId` or header `x-confirmation-id`. */
function confirmationIdOf(a: Answer | undefined): string | undefined {
    if (!a) return undefined;
    const b = isObject(a.body) ? a.body.confirmationId : undefined;
    return typeof b === "string" && b !== "" ? b : a.headers["x-confirmation-id"] || undefined;
}

/** Steps that PUT `keys` (STRING values equal to their ids) into partition `p`. */
function putKeys(p: string, keys: readonly string[]): Step[] {
    return keys.map((k) => (s: ProbeScope) => putString(s, p, k, `value of ${k}`));
}

/** The index of the first answer of `count` that is not 2xx, or -1. */
function firstFailed(a: readonly Answer[], from: number, count: number): number {
    for (let i = from; i < from + count; i++) if (!a[i] || !ok2xx.includes(a[i]!.status)) return i;
    return -1;
}

/** A check that every setup write (answers from..from+count) succeeded. */
function setupWrites(a: readonly Answer[], from: number, count: number, what: string) {
    return () => {
        const i = firstFailed(a, from, count);
        return i < 0 ? undefined : expectStatus(a, i, ok2xx, `${what} (setup write ${i - from + 1} of ${count})`);
    };
}

/** The base64 sample of key-binary-roundtrip: bytes 00 ff fe 80 0a 0d 7f (not UTF-8). */
/**
 * The step and judge of a store TTL the service is to accept and lower (or raise) to the 30-day
 * maximum: one PATCH {defaultTtlSeconds: sentSeconds}, answered 200 with the store reading 2,592,000.
 */
function ttlReadsMax(sentSeconds: number): Pick<Probe, "steps" | "judge"> {
    return {
        steps: [(s) => patch(storePath(s), { defaultTtlSeconds: sentSeconds })],
        judge: (a) =>
            verdictOf(
                `200, reads ${MAX_TTL_SECONDS}.`,
                () => expectStatus(a, 0, [200], `PATCH {defaultTtlSeconds: ${sentSeconds}}`),
                () =>
                    expectThat(
                        field(a, 0, "defaultTtlSeconds") === MAX_TTL_SECONDS,
                        0,
                        `The store reads defaultTtlSeconds ${show(field(a, 0, "defaultTtlSeconds"))}.`,
                    ),
            ),
    };
}

export const BINARY_SAMPLE = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x7f]).toString("base64");

/** The key ids of key-id-encoding. */
export const ENCODED_KEYS: readonly string[] = ["a/b", "a%b", "ключ", "a?b#c", "a+b"];

const PAGE_25_KEYS = Array.from({ length: 26 }, (_, i) => `k${String(i).padStart(2, "0")}`);
const STATS_HOUR_MS = 3_600_000;

// ------------------------------------------------------------------ the probes

/** Every probe, in run order. */
export const PROBES: readonly Probe[] = [
    // ---------------------------------------------------------- stores
    {
        id: "store-get-missing-404",
        assumption: "GET of a store that does not exist answers 404.",
        source: "inferred",
        ref: "osv2-api-notes §7; resources/store.ts (create)",
        relies: "Store create reads the store first and creates it only after a 404; refresh drops a store whose GET is 404.",
        steps: [(s) => get(storePath(s, "-absent"))],
        judge: (a) => verdictOf("404.", () => expectStatus(a, 0, [404], "GET of a missing store")),
    },
    {
        id: "store-create-put",
        assumption:
            "PUT on a missing store with the body the provider sends ({defaultTtlSeconds, defaultConfirmationTtlSeconds, persistent, isFixedTtl}) creates it: 201 with the store object holding those settings.",
        source: "emulator guess",
        ref: "README Differences 2; osv2-api-notes §4.1 (PUT store body [INF])",
        relies: "Store create sends this body and records the answer as the store's outputs; a field the service ignores would show as drift.",
        steps: [(s) => put(storePath(s), CREATE_BODY)],
        judge: (a) =>
            verdictOf(
                "201 with the settings sent.",
                () => expectStatus(a, 0, [201], "PUT of a new store"),
                () => {
                    const b = objectBody(a, 0);
                    const wrong = Object.entries(CREATE_BODY).filter(([k, v]) => b?.[k] !== v);
                    return expectThat(
                        wrong.length === 0,
                        0,
                        `The store in the answer holds ${wrong.map(([k]) => `${k} ${show(b?.[k])}`).join(", ")}; sent ${wrong.map(([k, v]) => `${k} ${show(v)}`).join(", ")}.`,
                    );
                },
            ),
    },
    {
        id: "store-shape",
        assumption:
            "A store reads as {storeId, encrypted, permanentOsFlag, persistent, defaultTtlSeconds, defaultConfirmationTtlSeconds, isFixedTtl} with booleans, numbers and isFixedTtl a boolean or null.",
        source: "documented",
        ref: "osv2-api-notes §4.1 (S1 example); client/wire.ts normalizeStore",
        relies: "client/wire.ts reads these fields (missing ones take the documented defaults), and Store outputs are built from them.",
        steps: [(s) => get(storePath(s))],
        judge: (a) =>
            verdictOf(
                "every field with its type.",
                () => expectStatus(a, 0, [200], "GET of the store"),
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
            ),
    },
    {
        id: "store-encrypted-as-given",
        assumption:
            "encrypted is stored and reported as given (after PATCH {encrypted: false} the store reads false), and permanentOsFlag reads false.",
        source: "emulator guess",
        ref: "README Differences 5",
        relies: "Nothing (the provider never sends encrypted; Store reports the live encrypted and permanentOsFlag as outputs).",
        steps: [(s) => patch(storePath(s), { encrypted: false }), (s) => get(storePath(s))],
        restore: [(s) => patch(storePath(s), { encrypted: true })],
        judge: (a) =>
            verdictOf(
                "reads encrypted false, permanentOsFlag false.",
                () => expectStatus(a, 0, [200], "PATCH {encrypted: false}"),
                () => expectStatus(a, 1, [200], "GET of the store"),
                () =>
                    expectThat(
                        field(a, 1, "encrypted") === false && field(a, 1, "permanentOsFlag") === false,
                        1,
                        `The store reads encrypted ${show(field(a, 1, "encrypted"))}, permanentOsFlag ${show(field(a, 1, "permanentOsFlag"))}.`,
                    ),
            ),
    },
    {
        id: "store-usage-limits-field",
        assumption:
            "Usage limits are the store field usageLimits {maxKeys, maxSizeBytes, enforcement: REJECT|WARN}: PATCH sets them and GET reads them back.",
        source: "emulator guess",
        ref: "README Differences 6; osv2-api-notes §4.1 (usage-limit field names [UNK])",
        relies: "Store's usageLimits input is sent and read back under exactly these names; other names would make every usage limit fail or drift.",
        steps: [
            (s) => patch(storePath(s), { usageLimits: { maxKeys: 1000, maxSizeBytes: 1_048_576, enforcement: "WARN" } }),
            (s) => get(storePath(s)),
        ],
        restore: [(s) => patch(storePath(s), { usageLimits: null })],
        judge: (a) =>
            verdictOf(
                "set and read back.",
                () => expectStatus(a, 0, [200], "PATCH of usageLimits"),
                () => expectStatus(a, 1, [200], "GET of the store"),
                () => {
                    const u = field(a, 1, "usageLimits") as Record<string, unknown> | undefined;
                    return expectThat(
                        isObject(u) && u.maxKeys === 1000 && u.maxSizeBytes === 1_048_576 && u.enforcement === "WARN",
                        1,
                        `The store reads usageLimits ${show(u)} after PATCHing {maxKeys: 1000, maxSizeBytes: 1048576, enforcement: "WARN"}.`,
                    );
                },
            ),
    },
    {
        id: "store-usage-limits-remove",
        assumption: "PATCH {usageLimits: null} removes a store's usage limits (it then reads usageLimits null or nothing).",
        source: "emulator guess",
        ref: "README Differences 6; resources/store-model.ts storeSettingsFrom",
        relies: "A program that stops declaring usageLimits sends usageLimits: null.",
        steps: [
            (s) => patch(storePath(s), { usageLimits: { maxKeys: 10, enforcement: "WARN", maxSizeBytes: null } }),
            (s) => patch(storePath(s), { usageLimits: null }),
            (s) => get(storePath(s)),
        ],
        judge: (a) =>
            verdictOf(
                "removed.",
                () => expectStatus(a, 0, [200], "PATCH setting usageLimits"),
                () => expectStatus(a, 1, [200], "PATCH {usageLimits: null}"),
                () => expectStatus(a, 2, [200], "GET of the store"),
                () => {
                    const u = field(a, 2, "usageLimits");
                    return expectThat(u === null || u === undefined, 2, `The store still reads usageLimits ${show(u)}.`);
                },
            ),
    },
    {
        id: "usage-limit-reject",
        assumption: "With usageLimits {maxKeys: 1, enforcement: REJECT}, writing a second key is refused with 409 (UsageLimitExceeded).",
        source: "emulator guess",
        ref: "README Differences 6",
        relies: "Nothing in the provider; programs writing into a limited store meet this answer.",
        steps: [
            (s) => patch(storePath(s), { usageLimits: { maxKeys: 1, maxSizeBytes: null, enforcement: "REJECT" } }),
            (s) => putString(s, "usage-limit-reject", "first", "1"),
            (s) => putString(s, "usage-limit-reject", "second", "2"),
        ],
        restore: [(s) => patch(storePath(s), { usageLimits: null }), (s) => del(partitionPath(s, "usage-limit-reject"))],
        judge: (a) =>
            verdictOf(
                "the second key was refused with 409.",
                () => expectStatus(a, 0, [200], "PATCH of usageLimits"),
                () => expectStatus(a, 1, [200, 201], "PUT of the first key"),
                () => expectStatus(a, 2, [409], "PUT of a key over maxKeys"),
            ),
    },
    {
        id: "usage-limit-warn",
        assumption: "With usageLimits {maxKeys: 1, enforcement: WARN}, writing a second key succeeds.",
        source: "emulator guess",
        ref: "README Differences 6 (the emulator also sets x-osv2-usage-limit-exceeded, its own header)",
        relies: "Nothing in the provider.",
        steps: [
            (s) => patch(storePath(s), { usageLimits: { maxKeys: 1, maxSizeBytes: null, enforcement: "WARN" } }),
            (s) => putString(s, "usage-limit-warn", "first", "1"),
            (s) => putString(s, "usage-limit-warn", "second", "2"),
        ],
        restore: [(s) => patch(storePath(s), { usageLimits: null }), (s) => del(partitionPath(s, "usage-limit-warn"))],
        judge: (a) =>
            verdictOf(
                `the second key was written (${a[2]?.status}${a[2]?.headers["x-osv2-usage-limit-exceeded"] ? `, x-osv2-usage-limit-exceeded: ${a[2].headers["x-osv2-usage-limit-exceeded"]}` : ""}).`,
                () => expectStatus(a, 0, [200], "PATCH of usageLimits"),
                () => expectStatus(a, 1, [200, 201], "PUT of the first key"),
                () => expectStatus(a, 2, [200, 201], "PUT of a key over maxKeys (WARN)"),
            ),
    },
    {
        id: "store-put-existing-replaces",
        assumption: "PUT on an existing store answers 200 and replaces its settings: settings not in the body return to their defaults.",
        source: "emulator guess",
        ref: "README Differences 2; osv2-api-notes §4.1 (PUT on an existing store [UNK])",
        relies: "Store create reads first, then PUTs; the PUT's 200 (not 201) tells it that someone created the store in between (two stacks' `pulumi up` at the same moment), and the create fails. A tenant that answers the same status for both loses that signal: both creates succeed (README 'Adopting what already exists'). Adopt and update PATCH.",
        steps: [(s) => put(storePath(s), { defaultTtlSeconds: 7200 })],
        restore: [(s) => put(storePath(s), CREATE_BODY)],
        judge: (a) =>
            verdictOf(
                "200; confirmation TTL and isFixedTtl back to 600 and null.",
                () => expectStatus(a, 0, [200], "PUT of an existing store"),
                () =>
                    expectThat(
                        field(a, 0, "defaultTtlSeconds") === 7200 &&
                            field(a, 0, "defaultConfirmationTtlSeconds") === 600 &&
                            field(a, 0, "isFixedTtl") === null,
                        0,
                        `After PUT {defaultTtlSeconds: 7200} over {defaultConfirmationTtlSeconds: 300, isFixedTtl: true} the store reads defaultTtlSeconds ${show(field(a, 0, "defaultTtlSeconds"))}, defaultConfirmationTtlSeconds ${show(field(a, 0, "defaultConfirmationTtlSeconds"))}, isFixedTtl ${show(field(a, 0, "isFixedTtl"))}.`,
                    ),
            ),
    },
    {
        id: "store-patch-partial",
        assumption: "PATCH changes only the fields given and answers 200 with the whole store object.",
        source: "emulator guess",
        ref: "osv2-api-notes §4.1 (PATCH body [UNK]); resources/store.ts update",
        relies: "Store update PATCHes the declared settings and records the answer (decoded as a store) as its outputs.",
        steps: [
            (s) => patch(storePath(s), { defaultConfirmationTtlSeconds: 300 }),
            (s) => patch(storePath(s), { defaultTtlSeconds: 5400 }),
        ],
        judge: (a) =>
            verdictOf(
                "200 with the store; the other setting kept.",
                () => expectStatus(a, 0, [200], "PATCH {defaultConfirmationTtlSeconds: 300}"),
                () => expectStatus(a, 1, [200], "PATCH {defaultTtlSeconds: 5400}"),
                () => expectThat(typeof field(a, 1, "storeId") === "string", 1, "The PATCH answer is not a store object."),
                () =>
                    expectThat(
                        field(a, 1, "defaultTtlSeconds") === 5400 && field(a, 1, "defaultConfirmationTtlSeconds") === 300,
                        1,
                        `After the second PATCH the store reads defaultTtlSeconds ${show(field(a, 1, "defaultTtlSeconds"))}, defaultConfirmationTtlSeconds ${show(field(a, 1, "defaultConfirmationTtlSeconds"))} (expected 5400 and 300).`,
                    ),
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
        steps: [(s) => patch(storePath(s), { conformanceUnknownField: true })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PATCH with an unknown field")),
    },
    {
        id: "store-millis-fields",
        assumption: "defaultTtlMillis is accepted and converted: the store then reads defaultTtlSeconds = millis / 1000.",
        source: "emulator guess",
        ref: "README Differences 3 (the portal's generated examples)",
        relies: "Nothing (the provider sends seconds).",
        steps: [(s) => patch(storePath(s), { defaultTtlMillis: 1_500_000 })],
        restore: [(s) => patch(storePath(s), { defaultTtlSeconds: 3600 })],
        judge: (a) =>
            verdictOf(
                "200, reads 1500 s.",
                () => expectStatus(a, 0, [200], "PATCH {defaultTtlMillis: 1500000}"),
                () =>
                    expectThat(
                        field(a, 0, "defaultTtlSeconds") === 1500,
                        0,
                        `The store reads defaultTtlSeconds ${show(field(a, 0, "defaultTtlSeconds"))}.`,
                    ),
            ),
    },
    {
        id: "store-confirmation-ttl-range",
        assumption: "A defaultConfirmationTtlSeconds of 0 is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 4",
        relies: "Store check refuses a confirmation TTL outside 1..2,592,000 s before sending.",
        steps: [(s) => patch(storePath(s), { defaultConfirmationTtlSeconds: 0 })],
        restore: [(s) => patch(storePath(s), { defaultConfirmationTtlSeconds: 600 })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PATCH {defaultConfirmationTtlSeconds: 0}")),
    },
    {
        id: "store-id-257-400",
        assumption: "A storeId longer than 256 characters is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §8 (release notes 2.3.2)",
        relies: "Store check refuses longer ids before sending.",
        steps: [(s) => put(storePath(s, "-" + "x".repeat(Math.max(1, 256 - s.storeId.length))), {})],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT of a store with a 257-character id")),
    },

    // ---------------------------------------------------------- keys
    {
        id: "key-post-create-201",
        assumption: "POST of a new key (application/json value object) answers 201 with the value object.",
        source: "inferred",
        ref: "osv2-api-notes §4.3 (S1 stores keys with POST), §7 (201: S14)",
        relies: "Key and KeyEntries create with one POST and record the answer (an empty 2xx answer is accepted too).",
        steps: [(s) => post(keyPath(s, "key-post", "k1"), stringBody("k1", "one"))],
        judge: (a) =>
            verdictOf(
                "201 with the value.",
                () => expectStatus(a, 0, [201], "POST of a new key"),
                () =>
                    expectThat(
                        field(a, 0, "keyId") === "k1" && field(a, 0, "stringValue") === "one",
                        0,
                        `The answer is ${show(a[0]?.body)}, not the value object {keyId: "k1", stringValue: "one", …}.`,
                    ),
            ),
    },
    {
        id: "key-post-existing-409",
        assumption: "POST of a key that exists answers 409 and leaves its value unchanged (POST is create-only).",
        source: "inferred",
        ref: "README Differences 7; osv2-api-notes §7 ('resource already exists'); client/create-key.ts",
        relies: "Key and KeyEntries creates read first (a GET; the key listing), so a key that existed before the create fails it either way; the 409 covers a key created between that read and the POST (two stacks at the same moment). If POST overwrote, that race would take the key over (README 'Adopting what already exists').",
        steps: [
            (s) => post(keyPath(s, "key-post-existing", "k"), stringBody("k", "first")),
            (s) => post(keyPath(s, "key-post-existing", "k"), stringBody("k", "second")),
            (s) => get(keyPath(s, "key-post-existing", "k")),
        ],
        judge: (a) =>
            verdictOf(
                "201, then 409; the first value kept.",
                () => expectStatus(a, 0, [201, 200], "The first POST"),
                () => expectStatus(a, 1, [409], "POST of the same key again"),
                () => expectStatus(a, 2, [200], "GET of the key"),
                () =>
                    expectThat(
                        field(a, 2, "stringValue") === "first",
                        2,
                        `The key holds ${show(field(a, 2, "stringValue"))} after the second POST (was "first").`,
                    ),
            ),
    },
    {
        id: "key-put-create-replace",
        assumption: "PUT of a key creates it (201) or replaces its value (200).",
        source: "emulator guess",
        ref: "README Differences 7",
        relies: "Key update and adopt overwrite with PUT; any 2xx works for the provider.",
        steps: [(s) => putString(s, "key-put", "k", "a"), (s) => putString(s, "key-put", "k", "b"), (s) => get(keyPath(s, "key-put", "k"))],
        judge: (a) =>
            verdictOf(
                "201, then 200; the new value read back.",
                () => expectStatus(a, 0, [201], "PUT of a new key"),
                () => expectStatus(a, 1, [200], "PUT of an existing key"),
                () => expectStatus(a, 2, [200], "GET of the key"),
                () =>
                    expectThat(field(a, 2, "stringValue") === "b", 2, `The key holds ${show(field(a, 2, "stringValue"))} (expected "b").`),
            ),
    },
    {
        id: "key-get-missing-404",
        assumption: "GET of a key that does not exist answers 404.",
        source: "documented",
        ref: "osv2-api-notes §3.1 op 11, §7 (S2)",
        relies: "Key read: a 404 means the key is gone, and refresh drops it.",
        steps: [(s) => putString(s, "key-missing", "present", "x"), (s) => get(keyPath(s, "key-missing", "absent"))],
        judge: (a) =>
            verdictOf(
                "404.",
                () => expectStatus(a, 0, ok2xx, "PUT of another key of the partition"),
                () => expectStatus(a, 1, [404], "GET of a missing key"),
            ),
    },
    {
        id: "error-body-shape",
        assumption: 'An error answer has the JSON body {"status": <int>, "name": "<Kind>", "message": "<text>"}.',
        source: "emulator guess",
        ref: "README Differences 1; osv2-api-notes §7 (error body [UNK])",
        relies: "Error messages show the body's message (read from message, error_description, error, … in that order: http.ts serverMessageOf); nothing depends on the exact shape.",
        steps: [(s) => get(keyPath(s, "key-missing", "absent"))],
        judge: (a) =>
            verdictOf(
                `${show(a[0]?.body, 80)}.`,
                () => expectStatus(a, 0, [404], "GET of a missing key"),
                () => {
                    const b = objectBody(a, 0);
                    return expectThat(
                        !!b && typeof b.status === "number" && typeof b.name === "string" && typeof b.message === "string",
                        0,
                        `The error body is ${show(a[0]?.body)}.`,
                    );
                },
            ),
    },
    {
        id: "key-string-roundtrip",
        assumption: "A STRING value (non-ASCII, quotes, a newline) reads back exactly as written, with valueType STRING.",
        source: "documented",
        ref: "osv2-api-notes §4.3 (S1)",
        relies: "Key and KeyEntries drift compare the value read with the declared one.",
        steps: [(s) => putString(s, "roundtrip", "string", 'héllo ✓ "quoted"\nline'), (s) => get(keyPath(s, "roundtrip", "string"))],
        judge: (a) =>
            verdictOf(
                "same value.",
                () => expectStatus(a, 0, ok2xx, "PUT of the value"),
                () => expectStatus(a, 1, [200], "GET of the key"),
                () =>
                    expectThat(
                        field(a, 1, "stringValue") === 'héllo ✓ "quoted"\nline' && field(a, 1, "valueType") === "STRING",
                        1,
                        `Read back ${show(a[1]?.body)}.`,
                    ),
            ),
    },
    {
        id: "key-number-roundtrip",
        assumption: "NUMBER values read back as the same JSON numbers, decimals included (42 and 1.5).",
        source: "emulator guess",
        ref: "README Differences 8; osv2-api-notes §4.3 (decimals [UNK])",
        relies: "Key drift compares numberValue exactly; a service that rounded decimals would show perpetual drift.",
        steps: [
            (s) => put(keyPath(s, "roundtrip", "int"), { keyId: "int", valueType: "NUMBER", numberValue: 42 }),
            (s) => put(keyPath(s, "roundtrip", "decimal"), { keyId: "decimal", valueType: "NUMBER", numberValue: 1.5 }),
            (s) => get(keyPath(s, "roundtrip", "int")),
            (s) => get(keyPath(s, "roundtrip", "decimal")),
        ],
        judge: (a) =>
            verdictOf(
                "42 and 1.5.",
                setupWrites(a, 0, 2, "PUT of a NUMBER"),
                () => expectStatus(a, 2, [200], "GET of the integer"),
                () => expectThat(field(a, 2, "numberValue") === 42, 2, `The integer reads back as ${show(a[2]?.body)}.`),
                () => expectStatus(a, 3, [200], "GET of the decimal"),
                () => expectThat(field(a, 3, "numberValue") === 1.5, 3, `The decimal reads back as ${show(a[3]?.body)}.`),
            ),
    },
    {
        id: "key-binary-roundtrip",
        assumption: "A BINARY value (standard padded base64 of arbitrary bytes) reads back as the same base64 text.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Key drift compares the decoded bytes (client/create-key.ts holdsValue); a different but equivalent base64 text is tolerated.",
        steps: [
            (s) => put(keyPath(s, "roundtrip", "binary"), { keyId: "binary", valueType: "BINARY", binaryValue: BINARY_SAMPLE }),
            (s) => get(keyPath(s, "roundtrip", "binary")),
        ],
        judge: (a) =>
            verdictOf(
                "same base64 text.",
                () => expectStatus(a, 0, ok2xx, "PUT of the value"),
                () => expectStatus(a, 1, [200], "GET of the key"),
                () => {
                    const b = field(a, 1, "binaryValue");
                    if (b === BINARY_SAMPLE) return undefined;
                    const sameBytes = typeof b === "string" && Buffer.from(b, "base64").equals(Buffer.from(BINARY_SAMPLE, "base64"));
                    return expectThat(
                        false,
                        1,
                        sameBytes
                            ? `The same bytes come back as another base64 text (${show(b)}); the provider tolerates it, the emulator returns the text as written.`
                            : `Read back ${show(a[1]?.body)}; sent binaryValue ${show(BINARY_SAMPLE)}.`,
                    );
                },
            ),
    },
    {
        id: "key-metadata-string",
        assumption: "A value's metadata is a string and reads back as written.",
        source: "emulator guess",
        ref: "README Differences 8; osv2-api-notes §4.3 (metadata string or map [UNK])",
        relies: "Nothing (Key resources send no metadata; lookups return it as read).",
        steps: [
            (s) => put(keyPath(s, "roundtrip", "metadata"), { ...stringBody("metadata", "v"), metadata: "conformance" }),
            (s) => get(keyPath(s, "roundtrip", "metadata")),
        ],
        judge: (a) =>
            verdictOf(
                "same metadata.",
                () => expectStatus(a, 0, ok2xx, "PUT with metadata"),
                () => expectStatus(a, 1, [200], "GET of the key"),
                () => expectThat(field(a, 1, "metadata") === "conformance", 1, `Read back ${show(a[1]?.body)}.`),
            ),
    },
    {
        id: "key-delete-204",
        assumption: "DELETE of a key answers 204, and the key then reads 404.",
        source: "inferred",
        ref: "osv2-api-notes §7 (S14)",
        relies: "Key and KeyEntries delete; any 2xx works.",
        steps: [
            (s) => putString(s, "key-delete", "k", "x"),
            (s) => del(keyPath(s, "key-delete", "k")),
            (s) => get(keyPath(s, "key-delete", "k")),
        ],
        judge: (a) =>
            verdictOf(
                "204, then 404.",
                () => expectStatus(a, 0, ok2xx, "PUT of the key"),
                () => expectStatus(a, 1, [204], "DELETE of the key"),
                () => expectStatus(a, 2, [404], "GET after the DELETE"),
            ),
    },
    {
        id: "key-delete-gone-404",
        assumption: "DELETE of a key that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Routes (DELETE K: 404); issue 18",
        relies: "Key and KeyEntries delete take 404 as already gone (a 2xx works too); another status would fail a destroy.",
        steps: [(s) => putString(s, "key-delete-gone", "present", "x"), (s) => del(keyPath(s, "key-delete-gone", "absent"))],
        judge: (a) =>
            verdictOf(
                "404.",
                () => expectStatus(a, 0, ok2xx, "PUT of another key of the partition"),
                () => expectStatus(a, 1, [404], "DELETE of a missing key"),
            ),
    },
    {
        id: "key-space-plus",
        assumption: "A space in a key id is stored as '+': the key lists as 'a+b' and reads under 'a+b'.",
        source: "documented",
        ref: "README Differences 11; osv2-api-notes §6.5 (FAQ: spaces converted to '+')",
        relies: "Key ids with spaces are declared as '+' (resources/key-model.ts osv2KeyId) so refresh finds them; otherwise such keys would never converge.",
        steps: [
            (s) => putString(s, "key-space", "a b", "x"),
            (s) => get(`${partitionPath(s, "key-space")}/keys`),
            (s) => get(keyPath(s, "key-space", "a+b")),
        ],
        judge: (a) =>
            verdictOf(
                "listed and read as 'a+b'.",
                () => expectStatus(a, 0, ok2xx, "PUT of key 'a b'"),
                () => expectStatus(a, 1, [200], "GET of the key listing"),
                () => expectThat(JSON.stringify(listedKeyIds(a, 1)) === '["a+b"]', 1, `The listing shows ${show(listedKeyIds(a, 1))}.`),
                () => expectStatus(a, 2, [200], "GET of key 'a+b'"),
            ),
    },
    {
        id: "key-pipe-400",
        assumption: "A '|' in a key id is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §6.5 (FAQ); README Limits",
        relies: "Key check refuses '|' before sending.",
        steps: [(s) => putString(s, "key-pipe", "a|b", "x")],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT of key 'a|b'")),
    },
    {
        id: "key-max-1024-bytes",
        assumption: "A key id of 1024 UTF-8 bytes is accepted and one of 1025 bytes is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §6.5 (FAQ: 1024 bytes)",
        relies: "Key check refuses ids over 1024 bytes before sending.",
        steps: [(s) => putString(s, "key-length", "k".repeat(1024), "x"), (s) => putString(s, "key-length", "k".repeat(1025), "x")],
        judge: (a) =>
            verdictOf(
                "1024 bytes written, 1025 refused with 400.",
                () => expectStatus(a, 0, [200, 201], "PUT of a 1024-byte key id"),
                () => expectStatus(a, 1, [400], "PUT of a 1025-byte key id"),
            ),
    },
    {
        id: "key-id-encoding",
        assumption:
            "Key ids travel as encodeURIComponent path segments and come back unchanged in listings and bodies ('/', '%', '?', '#', '+', non-ASCII).",
        source: "inferred",
        ref: "client/paths.ts pathSegment; osv2-api-notes §3 (S13 encodes segments)",
        relies: "Every path the client builds encodes each segment this way; an id that came back otherwise would never converge.",
        steps: [
            ...ENCODED_KEYS.map((k) => (s: ProbeScope) => putString(s, "key-encoding", k, "x")),
            (s) => get(`${partitionPath(s, "key-encoding")}/keys`),
            (s) => get(keyPath(s, "key-encoding", "a/b")),
        ],
        judge: (a) =>
            verdictOf(
                "every id listed and read as written.",
                setupWrites(a, 0, ENCODED_KEYS.length, "PUT of an encoded key id"),
                () => expectStatus(a, ENCODED_KEYS.length, [200], "GET of the key listing"),
                () => {
                    const listed = listedKeyIds(a, ENCODED_KEYS.length) ?? [];
                    const missing = ENCODED_KEYS.filter((k) => !listed.includes(k));
                    return expectThat(
                        missing.length === 0,
                        ENCODED_KEYS.length,
                        `The listing lacks ${show(missing)}; it shows ${show(listed)}.`,
                    );
                },
                () => expectStatus(a, ENCODED_KEYS.length + 1, [200], "GET of key 'a/b' (a%2Fb)"),
                () =>
                    expectThat(
                        field(a, ENCODED_KEYS.length + 1, "keyId") === "a/b",
                        ENCODED_KEYS.length + 1,
                        `GET of 'a/b' answers keyId ${show(field(a, ENCODED_KEYS.length + 1, "keyId"))}.`,
                    ),
            ),
    },
    {
        id: "value-over-10mb-413",
        assumption: "A value over 10 MB (measured base64-encoded) is refused with 413.",
        source: "emulator guess",
        ref: "README Differences 9 (the limit is documented; 413 vs 400 is not)",
        relies: "Key check refuses such values before sending; only the status is a guess.",
        steps: [(s) => putString(s, "value-size", "big", "a".repeat(7_900_000))],
        judge: (a) => verdictOf("413.", () => expectStatus(a, 0, [413], "PUT of a 7.9 MB string (10.5 MB base64)")),
    },
    {
        id: "metadata-over-4kb-400",
        assumption: "Metadata over 4096 UTF-8 bytes is refused with 400.",
        source: "emulator guess",
        ref: "emulator/README Limits (limit documented in S2; status not)",
        relies: "Nothing (Key resources send no metadata).",
        steps: [(s) => put(keyPath(s, "metadata-size", "k"), { ...stringBody("k", "v"), metadata: "m".repeat(4097) })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT with 4097 bytes of metadata")),
    },
    {
        id: "key-body-unknown-field-400",
        assumption: "A value body with an unknown field (e.g. index) is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (the client sends only keyId, valueType, one value and metadata).",
        steps: [(s) => put(keyPath(s, "key-body", "k"), { ...stringBody("k", "v"), index: 0 })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT with an unknown field")),
    },
    {
        id: "key-body-keyid-mismatch-400",
        assumption: "A value body whose keyId differs from the key in the path is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (the client sends the path's key id).",
        steps: [(s) => put(keyPath(s, "key-body", "k"), stringBody("other", "v"))],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT with another keyId in the body")),
    },
    {
        id: "key-body-valuetype-mismatch-400",
        assumption: "A value body whose valueType does not match its value field is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (the client builds matching bodies).",
        steps: [(s) => put(keyPath(s, "key-body", "k"), { keyId: "k", valueType: "NUMBER", stringValue: "v" })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT {valueType: NUMBER, stringValue}")),
    },
    {
        id: "key-binary-unpadded-400",
        assumption: "A binaryValue that is not standard padded base64 is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (Key check accepts only standard padded base64).",
        steps: [(s) => put(keyPath(s, "key-body", "b"), { keyId: "b", valueType: "BINARY", binaryValue: "YQ" })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], 'PUT {binaryValue: "YQ"}')),
    },
    {
        id: "key-nul-400",
        assumption: "A NUL character in a key id is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 10",
        relies: "Key check refuses control characters before sending.",
        steps: [(s) => putString(s, "key-nul", "a\u0000b", "x")],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT of key 'a\\u0000b'")),
    },
    {
        id: "partition-id-1025-400",
        assumption: "A partition id over 1024 UTF-8 bytes is refused with 400 (the key limit applied to partitions).",
        source: "inferred",
        ref: "README Differences 10; limits.ts MAX_KEY_BYTES",
        relies: "Partition, Key and KeyEntries check refuse longer partition ids before sending.",
        steps: [(s) => putString(s, "p".repeat(1025), "k", "x")],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "PUT into a partition with a 1025-byte id")),
    },

    // ---------------------------------------------------------- partitions and listings
    {
        id: "partition-list-shape",
        assumption: 'The partition listing is {"values": ["<partitionId>", …], "nextPageToken": …} with plain strings.',
        source: "documented",
        ref: "osv2-api-notes §4.2 (S1)",
        relies: "Lookups and import list partitions (client/wire.ts decodePage).",
        steps: [(s) => get(`${storePath(s)}/partitions`)],
        judge: (a) =>
            verdictOf(
                "plain strings.",
                () => expectStatus(a, 0, [200], "GET of the partition listing"),
                () => {
                    const v = pageValues(a, 0);
                    return expectThat(
                        !!v && v.length > 0 && v.every((p) => typeof p === "string") && v.includes("key-post"),
                        0,
                        `The listing is ${show(a[0]?.body)}.`,
                    );
                },
            ),
    },
    {
        id: "partition-head",
        assumption: "HEAD of a partition answers 200 when it exists and 404 when it does not.",
        source: "documented",
        ref: "osv2-api-notes §3.1 op 9 (S2)",
        relies: "Partition create and read check the partition with HEAD.",
        steps: [(s) => head(partitionPath(s, "key-post")), (s) => head(partitionPath(s, "never-written"))],
        judge: (a) =>
            verdictOf(
                "200 and 404.",
                () => expectStatus(a, 0, [200], "HEAD of an existing partition"),
                () => expectStatus(a, 1, [404], "HEAD of a missing partition"),
            ),
    },
    {
        id: "partition-stays-after-last-key",
        assumption: "A partition still exists (HEAD 200) after its last key is deleted.",
        source: "emulator guess",
        ref: "README Differences 14",
        relies: "A Partition whose keys were all deleted still reads as existing; if OSv2 dropped empty partitions, refresh would report the Partition gone.",
        steps: [
            (s) => putString(s, "partition-stays", "k", "x"),
            (s) => del(keyPath(s, "partition-stays", "k")),
            (s) => head(partitionPath(s, "partition-stays")),
        ],
        judge: (a) =>
            verdictOf(
                "HEAD 200 after the last key's DELETE.",
                () => expectStatus(a, 0, ok2xx, "PUT of the key"),
                () => expectStatus(a, 1, [204], "DELETE of the key"),
                () => expectStatus(a, 2, [200], "HEAD of the emptied partition"),
            ),
    },
    {
        id: "keys-missing-partition-404",
        assumption: "Listing the keys of a partition that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Differences 14",
        relies: "KeyEntries read takes a 404 listing as no keys (an empty 200 listing works too).",
        steps: [(s) => get(`${partitionPath(s, "never-written")}/keys`)],
        judge: (a) => verdictOf("404.", () => expectStatus(a, 0, [404], "GET of a missing partition's keys")),
    },
    {
        id: "key-listing-shape",
        assumption: 'The key listing is {"values": [{"keyId": "…"}, …], "nextPageToken": null} on its last page.',
        source: "documented",
        ref: "osv2-api-notes §4.2 (S1)",
        relies: "KeyEntries read, lookups and import list keys (client/wire.ts decodeKeyRef also accepts plain strings).",
        steps: [(s) => get(`${partitionPath(s, "key-post")}/keys`)],
        judge: (a) =>
            verdictOf(
                "[{keyId}] and nextPageToken null.",
                () => expectStatus(a, 0, [200], "GET of the key listing"),
                () => {
                    const v = pageValues(a, 0);
                    return expectThat(
                        !!v && v.length === 1 && isObject(v[0]) && v[0].keyId === "k1" && objectBody(a, 0)?.nextPageToken === null,
                        0,
                        `The listing is ${show(a[0]?.body)}.`,
                    );
                },
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
        steps: [(s) => get(`${partitionPath(s, "page-25")}/keys`, { pageSize: "100" })],
        judge: (a) =>
            verdictOf(
                "25 keys.",
                () => expectStatus(a, 0, [200], "GET with pageSize=100 (26 keys from page-size-default-25)"),
                () => expectThat(listedKeyIds(a, 0)?.length === 25, 0, `The page holds ${listedKeyIds(a, 0)?.length} keys.`),
            ),
    },
    {
        id: "page-size-zero-400",
        assumption: "pageSize=0 is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 13",
        relies: "Nothing (the client never sends it).",
        steps: [(s) => get(`${partitionPath(s, "page-25")}/keys`, { pageSize: "0" })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "GET with pageSize=0")),
    },
    {
        id: "page-token-foreign-400",
        assumption: "A nextPageToken the service did not issue is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 12",
        relies: "Nothing (the client sends only tokens it was given).",
        steps: [(s) => get(`${partitionPath(s, "page-25")}/keys`, { nextPageToken: "not-a-token" })],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "GET with nextPageToken=not-a-token")),
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
        steps: [(s) => get(`${envPath(s)}/stores`, { beginsWith: s.storeId })],
        judge: (a) =>
            verdictOf(
                "store objects.",
                () => expectStatus(a, 0, [200], "GET of the store listing"),
                () => {
                    const v = pageValues(a, 0);
                    return expectThat(
                        !!v && v.length > 0 && v.every((x) => isObject(x) && typeof x.storeId === "string"),
                        0,
                        `The listing is ${show(a[0]?.body)}.`,
                    );
                },
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
        steps: [(s) => get(partitionPath(s, "values"), { inclusion: "KEYS" })],
        judge: (a) =>
            verdictOf(
                "keyIds only.",
                () => expectStatus(a, 0, [200], "GET with inclusion=KEYS"),
                () => {
                    const items = (pageValues(a, 0) ?? []).filter(isObject);
                    return expectThat(
                        items.length === 3 &&
                            items.every((i) => typeof i.keyId === "string" && !("stringValue" in i) && !("numberValue" in i)),
                        0,
                        `inclusion=KEYS lists ${show(a[0]?.body)}.`,
                    );
                },
            ),
    },

    // ---------------------------------------------------------- number operation, confirmations, TTL
    {
        id: "number-operation",
        assumption:
            'POST with content type application/vnd.objectstore.v1.numberoperation+json and {"operation": "INCREMENT", "delta": 2} adds 2 to a NUMBER value and answers 200 with it.',
        source: "emulator guess",
        ref: "README Differences 20; osv2-api-notes §4.4 (body [UNK])",
        relies: "Nothing (the provider does not use number operations).",
        steps: [
            (s) => put(keyPath(s, "number", "n"), { keyId: "n", valueType: "NUMBER", numberValue: 5 }),
            (s) => ({
                method: "POST",
                path: keyPath(s, "number", "n"),
                body: { operation: "INCREMENT", delta: 2 },
                contentType: "application/vnd.objectstore.v1.numberoperation+json",
            }),
        ],
        judge: (a) =>
            verdictOf(
                "200 with 7.",
                () => expectStatus(a, 0, ok2xx, "PUT of the NUMBER"),
                () => expectStatus(a, 1, [200], "POST of the number operation"),
                () => expectThat(field(a, 1, "numberValue") === 7, 1, `The answer is ${show(a[1]?.body)}.`),
            ),
    },
    {
        id: "confirmable-write-id",
        assumption: "PUT ?confirmable=true answers 2xx with a confirmationId (in the body, or the x-confirmation-id header).",
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §6.4 (flow [UNK])",
        relies: "Nothing (the provider writes no confirmable values).",
        steps: [(s) => put(keyPath(s, "confirm", "id"), stringBody("id", "v"), { confirmable: "true" })],
        judge: (a) =>
            verdictOf(
                "a confirmationId.",
                () => expectStatus(a, 0, [200, 201], "PUT ?confirmable=true"),
                () => expectThat(confirmationIdOf(a[0]) !== undefined, 0, `No confirmationId in ${show(a[0]?.body)} or the headers.`),
            ),
    },
    {
        id: "confirmable-pending-invisible",
        assumption: "A confirmable write that is not acknowledged is not seen by a plain GET (404).",
        source: "emulator guess",
        ref: "README Differences 19",
        relies: "Nothing (the provider writes no confirmable values; it would read an unacknowledged application write as absent).",
        steps: [
            (s) => put(keyPath(s, "confirm", "pending"), stringBody("pending", "v"), { confirmable: "true" }),
            (s) => get(keyPath(s, "confirm", "pending")),
        ],
        judge: (a) =>
            verdictOf(
                "404 before the ack.",
                () => expectStatus(a, 0, [200, 201], "PUT ?confirmable=true"),
                () => expectStatus(a, 1, [404], "plain GET of the pending write"),
            ),
    },
    {
        id: "confirmation-ack",
        assumption: "POST …/keys/{keyId}/confirmations/{confirmationId} answers 204 and commits the write.",
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §3.1 op 16",
        relies: "Nothing (the provider writes no confirmable values).",
        steps: [
            (s) => put(keyPath(s, "confirm", "ack"), stringBody("ack", "v"), { confirmable: "true" }),
            (s, a) => {
                const id = confirmationIdOf(a[0]);
                return id ? post(`${keyPath(s, "confirm", "ack")}/confirmations/${seg(id)}`, undefined) : undefined;
            },
            (s) => get(keyPath(s, "confirm", "ack")),
        ],
        judge: (a) =>
            verdictOf(
                "204, then the value reads.",
                () => expectStatus(a, 0, [200, 201], "PUT ?confirmable=true"),
                () => expectStatus(a, 1, [204], "POST of the confirmation (ack)"),
                () => expectStatus(a, 2, [200], "GET after the ack"),
            ),
    },
    {
        id: "confirmation-nack",
        assumption: "DELETE …/confirmations/{confirmationId} answers 204 and discards the write.",
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §3.1 op 18",
        relies: "Nothing (the provider writes no confirmable values).",
        steps: [
            (s) => put(keyPath(s, "confirm", "nack"), stringBody("nack", "v"), { confirmable: "true" }),
            (s, a) => {
                const id = confirmationIdOf(a[0]);
                return id ? del(`${keyPath(s, "confirm", "nack")}/confirmations/${seg(id)}`) : undefined;
            },
            (s) => get(keyPath(s, "confirm", "nack")),
        ],
        judge: (a) =>
            verdictOf(
                "204, then 404.",
                () => expectStatus(a, 0, [200, 201], "PUT ?confirmable=true"),
                () => expectStatus(a, 1, [204], "DELETE of the confirmation (nack)"),
                () => expectStatus(a, 2, [404], "GET after the nack"),
            ),
    },
    {
        id: "confirmation-extend",
        assumption:
            'PATCH …/confirmations/{confirmationId} with {"ttlSeconds": 60} answers 200 with {confirmationId, ttlSeconds, expiresAt}.',
        source: "emulator guess",
        ref: "README Differences 19; osv2-api-notes §4.7 (body [UNK])",
        relies: "Nothing (the provider writes no confirmable values).",
        steps: [
            (s) => put(keyPath(s, "confirm", "extend"), stringBody("extend", "v"), { confirmable: "true" }),
            (s, a) => {
                const id = confirmationIdOf(a[0]);
                return id ? patch(`${keyPath(s, "confirm", "extend")}/confirmations/${seg(id)}`, { ttlSeconds: 60 }) : undefined;
            },
        ],
        judge: (a) =>
            verdictOf(
                "200 with the new deadline.",
                () => expectStatus(a, 0, [200, 201], "PUT ?confirmable=true"),
                () => expectStatus(a, 1, [200], "PATCH of the confirmation"),
                () =>
                    expectThat(
                        field(a, 1, "ttlSeconds") === 60 && typeof field(a, 1, "expiresAt") === "string",
                        1,
                        `The answer is ${show(a[1]?.body)}.`,
                    ),
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
        steps: [
            (s) => putString(s, "partition-delete", "k", "x"),
            (s) => del(partitionPath(s, "partition-delete")),
            (s) => head(partitionPath(s, "partition-delete")),
            (s) => get(keyPath(s, "partition-delete", "k")),
        ],
        judge: (a) =>
            verdictOf(
                "204; partition and key 404.",
                () => expectStatus(a, 0, ok2xx, "PUT of the key"),
                () => expectStatus(a, 1, [204], "DELETE of the partition"),
                () => expectStatus(a, 2, [404], "HEAD after the DELETE"),
                () => expectStatus(a, 3, [404], "GET of its key after the DELETE"),
            ),
    },
    {
        id: "partition-delete-gone-404",
        assumption: "DELETE of a partition that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Routes (DELETE S/partitions/{p}: 404)",
        relies: "Partition delete takes 404 as already gone (a 2xx works too).",
        steps: [(s) => del(partitionPath(s, "never-written"))],
        judge: (a) => verdictOf("404.", () => expectStatus(a, 0, [404], "DELETE of a missing partition")),
    },
    {
        id: "bulk-delete-partitions",
        assumption: "DELETE …/stores/{storeId}/partitions deletes every partition of the store (204).",
        source: "inferred",
        ref: "README Differences 15; osv2-api-notes §3.2 (billing table S5)",
        relies: "Nothing yet (the provider deletes partitions one by one).",
        steps: [(s) => del(`${storePath(s)}/partitions`), (s) => get(`${storePath(s)}/partitions`)],
        judge: (a) =>
            verdictOf(
                "204; no partitions left.",
                () => expectStatus(a, 0, [204], "DELETE of all partitions"),
                () => expectStatus(a, 1, [200], "GET of the partition listing"),
                () => expectThat(pageValues(a, 1)?.length === 0, 1, `The listing still holds ${show(pageValues(a, 1))}.`),
            ),
    },

    // ---------------------------------------------------------- auth, accounts, regions, stats (read-only)
    {
        id: "unauthorized-401",
        assumption: "A bearer token the platform did not issue is refused with 401 (not 403).",
        source: "inferred",
        ref: "osv2-api-notes §7 (bad/expired token [INF])",
        relies: "After a 401 the client fetches a new token once and retries (client/http.ts); a 403 is final and reported as a permission problem.",
        steps: [(s) => ({ method: "GET", path: `${envPath(s)}/stores`, query: { pageSize: "1" }, auth: "invalid" })],
        judge: (a) => verdictOf("401.", () => expectStatus(a, 0, [401], "GET with an invalid token")),
    },
    {
        id: "token-response",
        assumption: "The token endpoint answers {access_token, token_type: bearer, expires_in} (expires_in in seconds).",
        source: "emulator guess",
        ref: "README Differences 21 (the docs show no expires_in)",
        relies: "The client renews a token 60 s before expires_in and assumes 3600 s when it is absent (client/auth.ts).",
        skip: (s) =>
            s.credentialKind === "accessToken"
                ? "the credentials are a bearer token (anypoint:accessToken): no token request is made"
                : undefined,
        steps: [
            (s) => ({
                method: "POST",
                host: "auth",
                path: s.credentialKind === "userLogin" ? "/accounts/login" : "/accounts/api/v2/oauth2/token",
                auth: "credentials",
            }),
        ],
        judge: (a) =>
            verdictOf(
                `fields ${Object.keys(objectBody(a, 0) ?? {}).join(", ")}.`,
                () => expectStatus(a, 0, [200], "The token request"),
                () => {
                    const b = objectBody(a, 0) ?? {};
                    return expectThat(
                        typeof b.access_token === "string" &&
                            String(b.token_type).toLowerCase() === "bearer" &&
                            typeof b.expires_in === "number",
                        0,
                        `The answer has ${Object.keys(b)
                            .map((k) => (k === "access_token" ? `access_token (a ${typeof b[k]})` : `${k}: ${show(b[k])}`))
                            .join(", ")}.`,
                    );
                },
            ),
    },
    {
        id: "accounts-organization",
        assumption: "GET /accounts/api/organizations/{org} answers 200 with the organization's id and name.",
        source: "inferred",
        ref: "Access Management API (osv2-api-notes S16); provider/doctor",
        relies: "doctor names the organization with it.",
        steps: [(s) => ({ method: "GET", host: "auth", path: `/accounts/api/organizations/${seg(s.organizationId)}` })],
        judge: (a, s) =>
            verdictOf(
                `${show(field(a, 0, "name"))}.`,
                () => expectStatus(a, 0, [200], "GET of the organization"),
                () =>
                    expectThat(
                        field(a, 0, "id") === s.organizationId && typeof field(a, 0, "name") === "string",
                        0,
                        `The answer has id ${show(field(a, 0, "id"))}, name ${show(field(a, 0, "name"))}.`,
                    ),
            ),
    },
    {
        id: "accounts-environments",
        assumption: "GET /accounts/api/organizations/{org}/environments lists the environment with its name (in data or environments).",
        source: "documented",
        ref: "osv2-api-notes §2 (S1; S16 for data/total)",
        relies: "doctor names the environment with it.",
        steps: [(s) => ({ method: "GET", host: "auth", path: `/accounts/api/organizations/${seg(s.organizationId)}/environments` })],
        judge: (a, s) =>
            verdictOf(
                "listed with a name.",
                () => expectStatus(a, 0, [200], "GET of the environments"),
                () => {
                    const b = objectBody(a, 0) ?? {};
                    const list = [...arrayOf(b.data), ...arrayOf(b.environments)];
                    const env = list.find((e) => isObject(e) && e.id === s.environmentId) as Record<string, unknown> | undefined;
                    return expectThat(typeof env?.name === "string", 0, `The environment is not listed with a name: ${show(b)}.`);
                },
            ),
    },
    {
        id: "accounts-me",
        assumption: "GET /accounts/api/me answers 200 with a top-level organization {id, name} for the token's holder.",
        source: "emulator guess",
        ref: "README Differences 23",
        relies: "Nothing (doctor uses the organization endpoint).",
        steps: [() => ({ method: "GET", host: "auth", path: "/accounts/api/me" })],
        judge: (a) =>
            verdictOf(
                "organization given.",
                () => expectStatus(a, 0, [200], "GET /accounts/api/me"),
                () => {
                    const org = field(a, 0, "organization");
                    return expectThat(
                        isObject(org) && typeof org.id === "string",
                        0,
                        `No top-level organization: the answer has ${Object.keys(objectBody(a, 0) ?? {}).join(", ")}.`,
                    );
                },
            ),
    },
    {
        id: "regions-listing",
        assumption: "GET /api/v1/organizations/{org}/regions answers a bare array [{id, name, url}] that includes the configured region.",
        source: "documented",
        ref: "osv2-api-notes §4.6 (S1, S2)",
        relies: "The getRegions lookup; doctor checks the region against it.",
        steps: [(s) => get(`/api/v1/organizations/${seg(s.organizationId)}/regions`)],
        judge: (a, s) =>
            verdictOf(
                "an array with the region.",
                () => expectStatus(a, 0, [200], "GET of the regions"),
                () => {
                    const b = a[0]?.body;
                    const ids = Array.isArray(b) ? b.map((r) => (isObject(r) ? r.id : undefined)) : undefined;
                    return expectThat(!!ids && ids.includes(s.region), 0, `The answer is ${show(b)} (region ${s.region}).`);
                },
            ),
    },
    {
        id: "regions-no-token",
        assumption: "The regions listing needs no token.",
        source: "emulator guess",
        ref: "emulator/README Routes; osv2-api-notes §2 (regions: no scope)",
        relies: "Nothing (the client sends its token anyway).",
        steps: [(s) => ({ method: "GET", path: `/api/v1/organizations/${seg(s.organizationId)}/regions`, auth: "none" })],
        judge: (a) => verdictOf("200.", () => expectStatus(a, 0, [200], "GET of the regions without a token")),
    },
    {
        id: "regions-url-form",
        assumption:
            "Each region's url is its regional host, https://object-store-<id>.<domain> (not the docs' http://object-store.<id>… form).",
        source: "emulator guess",
        ref: "README Differences 17",
        relies: "Nothing (the provider builds hosts from region ids, client/regions.ts).",
        steps: [(s) => get(`/api/v1/organizations/${seg(s.organizationId)}/regions`)],
        judge: (a) =>
            verdictOf(
                "regional hosts.",
                () => expectStatus(a, 0, [200], "GET of the regions"),
                () => {
                    const b = Array.isArray(a[0]?.body) ? (a[0]!.body as unknown[]) : [];
                    const off = b.filter(
                        (r) => !isObject(r) || typeof r.url !== "string" || !r.url.startsWith(`https://object-store-${String(r.id)}.`),
                    );
                    return expectThat(off.length === 0, 0, `Region urls of another form: ${show(off)}.`);
                },
            ),
    },
    {
        id: "stats-environment",
        assumption:
            "The Stats API answers GET …/organizations/{org}/environments/{env}?startDate&endDate&period=1hour with a bare array [{timeStamp, objectStoreRequestCount}].",
        source: "documented",
        ref: "osv2-api-notes §3.3 (S1)",
        relies: "The getUsageStats lookup (client/wire.ts decodeUsageStats).",
        skip: (s) => (s.hasStats ? undefined : "this control plane has no Stats API"),
        steps: [
            (s) => ({
                method: "GET",
                host: "stats",
                path: `/api/v1/organizations/${seg(s.organizationId)}/environments/${seg(s.environmentId)}`,
                query: {
                    startDate: new Date(s.nowMs - STATS_HOUR_MS).toISOString(),
                    endDate: new Date(s.nowMs).toISOString(),
                    period: "1hour",
                },
            }),
        ],
        judge: (a) =>
            verdictOf(
                "an array of buckets.",
                () => expectStatus(a, 0, [200], "GET of the environment's stats"),
                () => {
                    const b = a[0]?.body;
                    return expectThat(
                        Array.isArray(b) &&
                            b.every((x) => isObject(x) && typeof x.timeStamp === "string" && typeof x.objectStoreRequestCount === "number"),
                        0,
                        `The answer is ${show(b)}.`,
                    );
                },
            ),
    },
    {
        id: "stats-window-400",
        assumption: "A Stats API window longer than the period allows (2 days with period=1hour) is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §3.3 (S1)",
        relies: "The getUsageStats lookup checks the window first; the 400 carries the same advice.",
        skip: (s) => (s.hasStats ? undefined : "this control plane has no Stats API"),
        steps: [
            (s) => ({
                method: "GET",
                host: "stats",
                path: `/api/v1/organizations/${seg(s.organizationId)}/environments/${seg(s.environmentId)}`,
                query: {
                    startDate: new Date(s.nowMs - 48 * STATS_HOUR_MS).toISOString(),
                    endDate: new Date(s.nowMs).toISOString(),
                    period: "1hour",
                },
            }),
        ],
        judge: (a) => verdictOf("400.", () => expectStatus(a, 0, [400], "GET of 2 days of hourly stats")),
    },
    {
        id: "store-home-region-only",
        assumption: "A store is visible only on its home region's host: another region's host answers 404 for it.",
        source: "inferred",
        ref: "README Differences 26; osv2-api-notes §1 (S3, S13)",
        relies: "Resources record their region and always read on its host; lookups name the region.",
        skip: (s) =>
            s.baseUrlOverridden || !s.otherRegionBaseUrl
                ? "anypoint:baseUrl overrides the Object Store host (one host for every region, as the emulator)"
                : undefined,
        steps: [(s) => ({ method: "GET", path: storePath(s), host: "otherRegion" })],
        judge: (a) =>
            verdictOf("404 on the other region's host.", () => expectStatus(a, 0, [404], "GET of the store on another region's host")),
    },

    // ---------------------------------------------------------- the scratch store goes
    {
        id: "store-delete",
        assumption: "DELETE of a store answers 204 and removes it (GET then 404).",
        source: "inferred",
        ref: "osv2-api-notes §3.1 op 5, §7 (S14)",
        relies: "Store delete (destroy).",
        steps: [(s) => del(storePath(s)), (s) => get(storePath(s))],
        judge: (a) =>
            verdictOf(
                "204, then 404.",
                () => expectStatus(a, 0, [204], "DELETE of the store"),
                () => expectStatus(a, 1, [404], "GET after the DELETE"),
            ),
    },
    {
        id: "store-delete-gone-404",
        assumption: "DELETE of a store that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Routes (DELETE S: 404); issue 18",
        relies: "Store delete takes 404 as already gone (a 2xx works too).",
        steps: [(s) => del(storePath(s))],
        judge: (a) => verdictOf("404.", () => expectStatus(a, 0, [404], "DELETE of a deleted store")),
    },
];

/** Guesses without a probe, and why. */
export const NOT_PROBED: readonly NotProbed[] = [
    {
        guess: "429 answers carry Retry-After, and the rate limit is counted per application (README Differences 24)",
        ref: "README Differences 24; client/retry.ts",
        why: "provoking a 429 means exceeding the application's 10 requests/s, which throttles every other client of the same connected app (its Mule applications included). The client honours Retry-After when present and backs off otherwise, so both answers work.",
    },
    {
        guess: "A 403 body names the missing permission as Access Management spells it (README Differences 22)",
        ref: "README Differences 22; client/hints.ts",
        why: "needs credentials that lack a scope; conformance runs with credentials that may do everything it probes. doctor shows the 403 body when the credentials lack one (send that output back too).",
    },
    {
        guess: "Store create, update and delete need Manage stores; Manage stores data is not enough (README Differences 22)",
        ref: "README Differences 22",
        why: "needs a second connected app holding only Manage stores data; a run with such credentials fails store-create-put with the 403 that settles it.",
    },
    {
        guess: "Rolling TTL: a read extends a key's expiry (README Differences 18)",
        ref: "README Differences 18",
        why: "real OSv2 extends only in the last 7 days of a 30-day window; observing it takes days.",
    },
    {
        guess: "Changing a store's TTL leaves existing keys' expiry unchanged (README Differences 18)",
        ref: "README Differences 18",
        why: "observing an expiry takes the TTL's time plus lazy eviction (hours to days on real OSv2).",
    },
    {
        guess: "Stats buckets are UTC period starts, real-time, and organization-level stats need Store Metrics Viewer on every environment (README Differences 25)",
        ref: "README Differences 25",
        why: "counts are not real time on OSv2 (docs), so a probe cannot tell a late count from a missing one; the organization-level scope rule needs credentials lacking the scope on one environment.",
    },
    {
        guess: "An acknowledged write is not re-checked against usage limits; confirmations expire after defaultConfirmationTtlSeconds (README Differences 19)",
        ref: "README Differences 19",
        why: "expiry takes at least the confirmation TTL (600 s by default) and the provider writes no confirmable values.",
    },
    {
        guess: "?confirmable on DELETE routes is ignored (README Differences 15)",
        ref: "README Differences 15",
        why: "the provider never sends it, and what a confirmable delete would do on OSv2 is not observable without the confirmation flow of deletes, which no public document describes.",
    },
    {
        guess: "Acknowledged writes survive a restart (README Differences 27)",
        ref: "README Differences 27",
        why: "durability of the service cannot be observed from a client.",
    },
    {
        guess: "The legacy per-application token endpoint (/accounts/oauth2/token) and user tokens being unscoped (README Differences 21, 22)",
        ref: "README Differences 21, 22",
        why: "probed only for the kind of credentials the run uses (token-response); other kinds need other credentials.",
    },
];

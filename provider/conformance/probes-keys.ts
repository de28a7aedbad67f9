/**
 * The key probes: POST and PUT of a key (201, 409, replace), a missing key, the error body, each value
 * type read back, metadata, deletes of one key, key ids (space, '|', length, encoding), value and
 * metadata limits, bodies the service refuses.
 * Part of the probe table (./probes.ts lists them in run order); built with ./probe-builders. Pure data.
 */
import {
    expectStatus,
    expectThat,
    keyPath,
    listedKeyIds,
    objectBody,
    partitionPath,
    show,
    stringBody,
    verdictOf,
    type ProbeScope,
    type Probe,
} from "./spec";
import { checked, del, field, get, ok2xx, post, put, putString, setupWrites } from "./probe-builders";

/** The base64 sample of key-binary-roundtrip: bytes 00 ff fe 80 0a 0d 7f (not UTF-8). */
export const BINARY_SAMPLE = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x7f]).toString("base64");
/** The key ids of key-id-encoding. */
export const ENCODED_KEYS: readonly string[] = ["a/b", "a%b", "ключ", "a?b#c", "a+b"];

/** These probes, in run order. */
export const KEY_PROBES: readonly Probe[] = [
    {
        id: "key-post-create-201",
        assumption: "POST of a new key (application/json value object) answers 201 with the value object.",
        source: "inferred",
        ref: "osv2-api-notes §4.3 (S1 stores keys with POST), §7 (201: S14)",
        relies: "Key and KeyEntries create with one POST and record the answer (an empty 2xx answer is accepted too).",
        ...checked(
            "201 with the value.",
            [[(s) => post(keyPath(s, "key-post", "k1"), stringBody("k1", "one")), [201], "POST of a new key"]],
            (a) => [
                () =>
                    expectThat(
                        field(a, 0, "keyId") === "k1" && field(a, 0, "stringValue") === "one",
                        0,
                        `The answer is ${show(a[0]?.body)}, not the value object {keyId: "k1", stringValue: "one", …}.`,
                    ),
            ],
        ),
    },
    {
        id: "key-post-existing-409",
        assumption: "POST of a key that exists answers 409 and leaves its value unchanged (POST is create-only).",
        source: "inferred",
        ref: "README Differences 7; osv2-api-notes §7 ('resource already exists'); client/create-key.ts",
        relies: "Key and KeyEntries creates read first (a GET; the key listing), so a key that existed before the create fails it either way; the 409 covers a key created between that read and the POST (two stacks at the same moment). If POST overwrote, that race would take the key over (README 'Adopting what already exists').",
        ...checked(
            "201, then 409; the first value kept.",
            [
                [(s) => post(keyPath(s, "key-post-existing", "k"), stringBody("k", "first")), [201, 200], "The first POST"],
                [(s) => post(keyPath(s, "key-post-existing", "k"), stringBody("k", "second")), [409], "POST of the same key again"],
                [(s) => get(keyPath(s, "key-post-existing", "k")), [200], "GET of the key"],
            ],
            (a) => [
                () =>
                    expectThat(
                        field(a, 2, "stringValue") === "first",
                        2,
                        `The key holds ${show(field(a, 2, "stringValue"))} after the second POST (was "first").`,
                    ),
            ],
        ),
    },
    {
        id: "key-put-create-replace",
        assumption: "PUT of a key creates it (201) or replaces its value (200).",
        source: "emulator guess",
        ref: "README Differences 7",
        relies: "Key update and adopt overwrite with PUT; any 2xx works for the provider.",
        ...checked(
            "201, then 200; the new value read back.",
            [
                [(s) => putString(s, "key-put", "k", "a"), [201], "PUT of a new key"],
                [(s) => putString(s, "key-put", "k", "b"), [200], "PUT of an existing key"],
                [(s) => get(keyPath(s, "key-put", "k")), [200], "GET of the key"],
            ],
            (a) => [
                () =>
                    expectThat(field(a, 2, "stringValue") === "b", 2, `The key holds ${show(field(a, 2, "stringValue"))} (expected "b").`),
            ],
        ),
    },
    {
        id: "key-get-missing-404",
        assumption: "GET of a key that does not exist answers 404.",
        source: "documented",
        ref: "osv2-api-notes §3.1 op 11, §7 (S2)",
        relies: "Key read: a 404 means the key is gone, and refresh drops it.",
        ...checked("404.", [
            [(s) => putString(s, "key-missing", "present", "x"), ok2xx, "PUT of another key of the partition"],
            [(s) => get(keyPath(s, "key-missing", "absent")), [404], "GET of a missing key"],
        ]),
    },
    {
        id: "error-body-shape",
        assumption: 'An error answer has the JSON body {"status": <int>, "name": "<Kind>", "message": "<text>"}.',
        source: "emulator guess",
        ref: "README Differences 1; osv2-api-notes §7 (error body [UNK])",
        relies: "Error messages show the body's message (read from message, error_description, error, … in that order: http.ts serverMessageOf); nothing depends on the exact shape.",
        ...checked(
            (a) => `${show(a[0]?.body, 80)}.`,
            [[(s) => get(keyPath(s, "key-missing", "absent")), [404], "GET of a missing key"]],
            (a) => [
                () => {
                    const b = objectBody(a, 0);
                    return expectThat(
                        !!b && typeof b.status === "number" && typeof b.name === "string" && typeof b.message === "string",
                        0,
                        `The error body is ${show(a[0]?.body)}.`,
                    );
                },
            ],
        ),
    },
    {
        id: "key-string-roundtrip",
        assumption: "A STRING value (non-ASCII, quotes, a newline) reads back exactly as written, with valueType STRING.",
        source: "documented",
        ref: "osv2-api-notes §4.3 (S1)",
        relies: "Key and KeyEntries drift compare the value read with the declared one.",
        ...checked(
            "same value.",
            [
                [(s) => putString(s, "roundtrip", "string", 'héllo ✓ "quoted"\nline'), ok2xx, "PUT of the value"],
                [(s) => get(keyPath(s, "roundtrip", "string")), [200], "GET of the key"],
            ],
            (a) => [
                () =>
                    expectThat(
                        field(a, 1, "stringValue") === 'héllo ✓ "quoted"\nline' && field(a, 1, "valueType") === "STRING",
                        1,
                        `Read back ${show(a[1]?.body)}.`,
                    ),
            ],
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
        ...checked(
            "same base64 text.",
            [
                [
                    (s) => put(keyPath(s, "roundtrip", "binary"), { keyId: "binary", valueType: "BINARY", binaryValue: BINARY_SAMPLE }),
                    ok2xx,
                    "PUT of the value",
                ],
                [(s) => get(keyPath(s, "roundtrip", "binary")), [200], "GET of the key"],
            ],
            (a) => [
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
            ],
        ),
    },
    {
        id: "key-metadata-string",
        assumption: "A value's metadata is a string and reads back as written.",
        source: "emulator guess",
        ref: "README Differences 8; osv2-api-notes §4.3 (metadata string or map [UNK])",
        relies: "Nothing (Key resources send no metadata; lookups return it as read).",
        ...checked(
            "same metadata.",
            [
                [
                    (s) => put(keyPath(s, "roundtrip", "metadata"), { ...stringBody("metadata", "v"), metadata: "conformance" }),
                    ok2xx,
                    "PUT with metadata",
                ],
                [(s) => get(keyPath(s, "roundtrip", "metadata")), [200], "GET of the key"],
            ],
            (a) => [() => expectThat(field(a, 1, "metadata") === "conformance", 1, `Read back ${show(a[1]?.body)}.`)],
        ),
    },
    {
        id: "key-delete-204",
        assumption: "DELETE of a key answers 204, and the key then reads 404.",
        source: "inferred",
        ref: "osv2-api-notes §7 (S14)",
        relies: "Key and KeyEntries delete; any 2xx works.",
        ...checked("204, then 404.", [
            [(s) => putString(s, "key-delete", "k", "x"), ok2xx, "PUT of the key"],
            [(s) => del(keyPath(s, "key-delete", "k")), [204], "DELETE of the key"],
            [(s) => get(keyPath(s, "key-delete", "k")), [404], "GET after the DELETE"],
        ]),
    },
    {
        id: "key-delete-gone-404",
        assumption: "DELETE of a key that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Routes (DELETE K: 404); issue 18",
        relies: "Key and KeyEntries delete take 404 as already gone (a 2xx works too); another status would fail a destroy.",
        ...checked("404.", [
            [(s) => putString(s, "key-delete-gone", "present", "x"), ok2xx, "PUT of another key of the partition"],
            [(s) => del(keyPath(s, "key-delete-gone", "absent")), [404], "DELETE of a missing key"],
        ]),
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
        ...checked("400.", [[(s) => putString(s, "key-pipe", "a|b", "x"), [400], "PUT of key 'a|b'"]]),
    },
    {
        id: "key-max-1024-bytes",
        assumption: "A key id of 1024 UTF-8 bytes is accepted and one of 1025 bytes is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §6.5 (FAQ: 1024 bytes)",
        relies: "Key check refuses ids over 1024 bytes before sending.",
        ...checked("1024 bytes written, 1025 refused with 400.", [
            [(s) => putString(s, "key-length", "k".repeat(1024), "x"), [200, 201], "PUT of a 1024-byte key id"],
            [(s) => putString(s, "key-length", "k".repeat(1025), "x"), [400], "PUT of a 1025-byte key id"],
        ]),
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
        ...checked("413.", [
            [(s) => putString(s, "value-size", "big", "a".repeat(7_900_000)), [413], "PUT of a 7.9 MB string (10.5 MB base64)"],
        ]),
    },
    {
        id: "metadata-over-4kb-400",
        assumption: "Metadata over 4096 UTF-8 bytes is refused with 400.",
        source: "emulator guess",
        ref: "emulator/README Limits (limit documented in S2; status not)",
        relies: "Nothing (Key resources send no metadata).",
        ...checked("400.", [
            [
                (s) => put(keyPath(s, "metadata-size", "k"), { ...stringBody("k", "v"), metadata: "m".repeat(4097) }),
                [400],
                "PUT with 4097 bytes of metadata",
            ],
        ]),
    },
    {
        id: "key-body-unknown-field-400",
        assumption: "A value body with an unknown field (e.g. index) is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (the client sends only keyId, valueType, one value and metadata).",
        ...checked("400.", [
            [(s) => put(keyPath(s, "key-body", "k"), { ...stringBody("k", "v"), index: 0 }), [400], "PUT with an unknown field"],
        ]),
    },
    {
        id: "key-body-keyid-mismatch-400",
        assumption: "A value body whose keyId differs from the key in the path is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (the client sends the path's key id).",
        ...checked("400.", [
            [(s) => put(keyPath(s, "key-body", "k"), stringBody("other", "v")), [400], "PUT with another keyId in the body"],
        ]),
    },
    {
        id: "key-body-valuetype-mismatch-400",
        assumption: "A value body whose valueType does not match its value field is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (the client builds matching bodies).",
        ...checked("400.", [
            [
                (s) => put(keyPath(s, "key-body", "k"), { keyId: "k", valueType: "NUMBER", stringValue: "v" }),
                [400],
                "PUT {valueType: NUMBER, stringValue}",
            ],
        ]),
    },
    {
        id: "key-binary-unpadded-400",
        assumption: "A binaryValue that is not standard padded base64 is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 8",
        relies: "Nothing (Key check accepts only standard padded base64).",
        ...checked("400.", [
            [
                (s) => put(keyPath(s, "key-body", "b"), { keyId: "b", valueType: "BINARY", binaryValue: "YQ" }),
                [400],
                'PUT {binaryValue: "YQ"}',
            ],
        ]),
    },
    {
        id: "key-nul-400",
        assumption: "A NUL character in a key id is refused with 400.",
        source: "emulator guess",
        ref: "README Differences 10",
        relies: "Key check refuses control characters before sending.",
        ...checked("400.", [[(s) => putString(s, "key-nul", "a\u0000b", "x"), [400], "PUT of key 'a\\u0000b'"]]),
    },
];

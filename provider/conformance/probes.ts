/**
 * The conformance probes: every assumption the provider (and the emulator) makes about the OSv2 wire
 * that the public docs do not settle, one probe each, in the order they run. The list IS the list of
 * guesses: each "inferred" or "emulator guess" line of README "Differences from Anypoint OSv2" and of
 * the client's wire details (client/wire.ts, paths.ts, create-key.ts, retry.ts,
 * object-store-client.ts) has a probe here (./probes-*.ts, by subject), or a line in {@link NOT_PROBED}
 * saying why not.
 *
 * Every write goes into the scratch store `<prefix>-<random>` (or a store whose id begins with it),
 * each probe in a partition of its own named after it. The store is created by
 * `store-create-put` and deleted by `store-delete` (the runner deletes it anyway, ./run.ts).
 * Probes that change a store setting later probes depend on undo it in `restore`.
 *
 * Pure data and functions: steps build requests from the scope and earlier answers, judges read answers.
 */
import { storePath, type NotProbed, type Probe } from "./spec";
import { checked, del, get } from "./probe-builders";
import { STORE_PROBES } from "./probes-stores";
import { KEY_PROBES } from "./probes-keys";
import { LISTING_PROBES } from "./probes-listings";
import { OPERATION_PROBES } from "./probes-operations";
import { PLATFORM_PROBES } from "./probes-platform";

export { BINARY_SAMPLE, ENCODED_KEYS } from "./probes-keys";

/** Every probe, in run order. */
export const PROBES: readonly Probe[] = [
    ...STORE_PROBES,
    ...KEY_PROBES,
    ...LISTING_PROBES,
    ...OPERATION_PROBES,
    ...PLATFORM_PROBES,
    // ---------------------------------------------------------- the scratch store goes
    {
        id: "store-delete",
        assumption: "DELETE of a store answers 204 and removes it (GET then 404).",
        source: "inferred",
        ref: "osv2-api-notes §3.1 op 5, §7 (S14)",
        relies: "Store delete (destroy).",
        ...checked("204, then 404.", [
            [(s) => del(storePath(s)), [204], "DELETE of the store"],
            [(s) => get(storePath(s)), [404], "GET after the DELETE"],
        ]),
    },
    {
        id: "store-delete-gone-404",
        assumption: "DELETE of a store that does not exist answers 404.",
        source: "emulator guess",
        ref: "README Routes (DELETE S: 404); issue 18",
        relies: "Store delete takes 404 as already gone (a 2xx works too).",
        ...checked("404.", [[(s) => del(storePath(s)), [404], "DELETE of a deleted store"]]),
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

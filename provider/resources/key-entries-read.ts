/**
 * How a {@link KeyEntries} refresh (and the drift gate, `pulumi preview --refresh`) reads the
 * recorded keys of its partition, at the fewest requests:
 *   - by the page: the partition value listing `GET …/partitions/{partitionId}?inclusion=ALL`
 *     (25 values per request, ../client/partition-values.ts), when the endpoint serves values;
 *   - key by key: `GET …/keys/{keyId}` per recorded key (404 = deleted), when it does not, or when
 *     the partition holds so many other keys (written by applications) that listing it costs more
 *     requests than the resource has keys.
 * The choice uses what the previous refresh saw, recorded in the outputs as `partitionKeyCount`;
 * without it the listing runs under a page budget and stops when it would cost more than per-key
 * GETs (and as soon as every recorded key was listed), so a refresh never costs more than about
 * twice the resource's own key count however many keys applications write. Pure decisions ({@link planRead}, {@link partitionKeyCountAfter}) are
 * separate from the I/O ({@link readRecordedEntries}).
 *
 * A listing is never taken as proof that a key is gone: a recorded key that a complete listing does
 * not name is read by itself (`GET …/keys/{keyId}`, one per such key) before the refresh calls it
 * deleted. A service that pages by position (offset) skips entries when others are deleted while it
 * pages, so "not listed" can mean "skipped" (osv2-api-notes §5: the token's semantics are not
 * documented). A refresh where nothing was deleted costs no extra request; each key really deleted
 * costs one GET.
 */
import type { ObjectStoreClient } from "../client";
import {
    VALUE_PAGE_SIZE,
    listPartitionValues,
    processValueListingSupport,
    storedKeyId,
    type StoredValue,
    type ValueListing,
    type ValueListingSupport,
} from "../client/partition-values";
import { mapSettled } from "../util/concurrency";
import type { EntryMap, EntryValue } from "./key-entries-plan";
import { valueFromLive } from "./key-model";

/** How to read: nothing to read, key by key, or the value listing for at most `maxPages` pages. */
export type ReadPlan = { strategy: "none" } | { strategy: "per-key" } | { strategy: "listing"; maxPages: number };

/** What {@link planRead} decides from. */
export interface ReadPlanInput {
    /** Keys the resource recorded (each would cost one GET). */
    recordedKeys: number;
    /** Keys the partition held at the previous refresh (all writers), or a lower bound; undefined = never listed. */
    partitionKeyCount?: number;
    /** False once this process found that the endpoint does not serve values. */
    listingServed: boolean;
    /** Values per listing page (25 on OSv2). */
    pageSize: number;
}

/** Listing requests for a partition of `keys` keys (an empty partition still answers one page). Pure. */
export function listingPages(keys: number, pageSize: number): number {
    return Math.max(1, Math.ceil(keys / pageSize));
}

/**
 * The cheaper way to read `recordedKeys` keys. The listing is chosen only where it can be strictly
 * cheaper than one GET per key: more than one key, and (when the previous refresh recorded the
 * partition's size) fewer pages than keys. It runs for at most `recordedKeys - 1` pages; a
 * partition that needs more is finished key by key. Pure.
 */
export function planRead(input: ReadPlanInput): ReadPlan {
    const { recordedKeys, partitionKeyCount, listingServed, pageSize } = input;
    if (recordedKeys === 0) return { strategy: "none" };
    if (!listingServed || recordedKeys === 1) return { strategy: "per-key" };
    if (partitionKeyCount !== undefined && listingPages(partitionKeyCount, pageSize) >= recordedKeys) return { strategy: "per-key" };
    return { strategy: "listing", maxPages: recordedKeys - 1 };
}

/**
 * `partitionKeyCount` to record after a read: the keys listed when the listing finished (0 for a
 * partition that is gone); when it stopped over budget, one more than those seen (a lower bound
 * that makes the next refresh read key by key); when it stopped because every recorded key was
 * listed, what it saw if that is more than known before (the listing stays the choice while it is
 * cheaper); the previous figure when the partition was not listed. Pure.
 */
export function partitionKeyCountAfter(listing: ValueListing | undefined, previous: number | undefined): number | undefined {
    if (listing === undefined) return previous;
    switch (listing.outcome) {
        case "complete":
            return listing.values.size;
        case "stopped":
            return listing.why === "budget" ? listing.values.size + 1 : Math.max(previous ?? 0, listing.values.size);
        case "partition-missing":
            return 0;
        case "not-served":
            return previous;
    }
}

/** An entry as the resource records it, from a value as read (the type inferred when missing). Pure. */
export function entryFromStored(keyId: string, value: StoredValue): EntryValue {
    const { valueType: _t, ...entry } = valueFromLive({ keyId, ...value });
    return entry;
}

/** What {@link readRecordedEntries} read. */
export interface RecordedEntriesRead {
    /** The recorded keys that exist, with their live values (recorded ids, recorded order). */
    live: EntryMap;
    /** To record in the outputs for the next refresh (see {@link partitionKeyCountAfter}). */
    partitionKeyCount?: number;
    /** How the keys were read (tests, logs). */
    strategy: "none" | "per-key" | "listing" | "listing, then per-key";
}

/** Options of {@link readRecordedEntries}. */
export interface ReadEntriesOptions {
    /** GETs in flight at once (the client's rate limit paces them). */
    concurrency: number;
    /** Verdicts per endpoint (default: the process's, logged to stderr). */
    support?: ValueListingSupport;
}

/**
 * Reads the live values of the recorded keys of one partition (see the module doc). Keys that do
 * not exist are left out; keys of other writers are never returned.
 * @throws ObjectStoreApiError for a failed request (other than 404, and other than the answers that
 *   show the listing is not served, which fall back to per-key GETs).
 */
export async function readRecordedEntries(
    client: Pick<ObjectStoreClient, "baseUrl" | "listValues" | "partitionExists" | "getKey">,
    where: { storeId: string; partitionId: string; recorded: string[]; partitionKeyCount?: number },
    options: ReadEntriesOptions,
): Promise<RecordedEntriesRead> {
    const support = options.support ?? processValueListingSupport;
    const { storeId, partitionId, recorded } = where;
    const plan = planRead({
        recordedKeys: recorded.length,
        partitionKeyCount: where.partitionKeyCount,
        listingServed: support.notServed(client.baseUrl) === undefined,
        pageSize: VALUE_PAGE_SIZE,
    });
    if (plan.strategy === "none") return { live: {}, partitionKeyCount: where.partitionKeyCount, strategy: "none" };

    let listing: ValueListing | undefined;
    const found = new Map<string, StoredValue>();
    let toGet = recorded;
    if (plan.strategy === "listing") {
        const stopWhenListed = new Set(recorded.map(storedKeyId));
        listing = await listPartitionValues(client, storeId, partitionId, { maxPages: plan.maxPages, stopWhenListed, support });
        if (listing.outcome === "partition-missing") toGet = [];
        else if (listing.outcome === "complete" || listing.outcome === "stopped") {
            const listed = listing.values;
            for (const keyId of recorded) {
                const value = listed.get(storedKeyId(keyId));
                if (value) found.set(keyId, value);
            }
            // A recorded key the listing did not name is read by itself: not listed may mean skipped (paging by
            // offset while others delete), and after a listing stopped over budget it was not seen yet.
            toGet = recorded.filter((k) => !found.has(k));
        }
    }
    const reads = await mapSettled(toGet, options.concurrency, (keyId) => client.getKey(storeId, partitionId, keyId));
    for (const r of reads) {
        if (!r.ok) throw r.error;
        if (r.value) found.set(r.item, r.value);
    }
    const live: EntryMap = {};
    for (const keyId of recorded) {
        const value = found.get(keyId);
        if (value) live[keyId] = entryFromStored(keyId, value);
    }
    const strategy =
        listing === undefined || listing.outcome === "not-served" ? "per-key" : toGet.length > 0 ? "listing, then per-key" : "listing";
    return { live, partitionKeyCount: partitionKeyCountAfter(listing, where.partitionKeyCount), strategy };
}

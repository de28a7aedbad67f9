/**
 * Which of the keys a KeyEntries is about to create already exist in its partition, learnt before
 * anything is written, so that a create never takes over a key this stack did not create: not even
 * on a service whose `POST …/keys/{keyId}` overwrites (the 409 that POST answers for an existing key
 * is inferred from the docs' "resource already exists", not documented; a public 2026 Flex Gateway
 * policy states that OSv2 has no conditional put). Key (one key) does the same with one GET
 * (./key.ts).
 *
 * At the fewest requests (the request cost is in BENCHMARKS.md, "Ownership reads"):
 *   - one key: `GET …/keys/{keyId}` (404 = absent);
 *   - more: the key listing `GET …/partitions/{partitionId}/keys` (25 ids per page, documented shape
 *     `{values:[{keyId}], nextPageToken}`, docs.mulesoft.com "Object Store v2 REST APIs"), for at most
 *     one page fewer than there are keys: a new partition answers 404 at once (one request for any
 *     number of keys); a partition that applications filled with more keys than that is finished
 *     with one GET per key not listed yet, so the check never costs more than about twice the keys.
 * A listing that the endpoint refuses (400, 405, 501), or whose paging does not advance, is finished
 * with one GET per key not listed.
 *
 * What remains: a key created by someone else after this check and before the POST. Where POST
 * answers 409 (the emulator's default, and what OSv2's docs suggest) the create still fails; where it
 * overwrites, that key is taken over (README "Adopting what already exists", "What remains").
 */
import type { ObjectStoreClient } from "../client";
import { ObjectStoreApiError } from "../client/errors";
import { storedKeyId } from "../client/partition-values";
import { mapSettled } from "../util/concurrency";

/** Statuses that say the endpoint does not offer the key listing (or not its parameters). */
const LISTING_NOT_OFFERED = new Set([400, 405, 501]);

/** What {@link findExistingKeys} found, and what it sent. */
export interface ExistingKeys {
    /** The keys (as given) that exist. */
    existing: Set<string>;
    /** Listing pages requested. */
    pages: number;
    /** Key GETs sent. */
    gets: number;
}

/** How to check `keys` keys: one GET each, or the listing for at most `maxPages` pages. Pure. */
export function planExistenceCheck(
    keys: number,
): { strategy: "none" } | { strategy: "per-key" } | { strategy: "listing"; maxPages: number } {
    if (keys === 0) return { strategy: "none" };
    if (keys === 1) return { strategy: "per-key" };
    return { strategy: "listing", maxPages: keys - 1 };
}

/**
 * Which of `keyIds` exist in the partition (see the module comment for the requests).
 * @throws ObjectStoreApiError for a failed request (other than a 404, and the answers above that
 *   make it read key by key).
 */
export async function findExistingKeys(
    client: Pick<ObjectStoreClient, "listKeys" | "getKey">,
    storeId: string,
    partitionId: string,
    keyIds: readonly string[],
    options: { concurrency: number },
): Promise<ExistingKeys> {
    const found: ExistingKeys = { existing: new Set(), pages: 0, gets: 0 };
    const plan = planExistenceCheck(keyIds.length);
    if (plan.strategy === "none") return found;
    let toGet: readonly string[] = keyIds;
    if (plan.strategy === "listing") {
        const wanted = new Map(keyIds.map((k) => [storedKeyId(k), k]));
        const listed = new Set<string>();
        let token: string | undefined;
        let outcome: "complete" | "missing" | "budget" | "not-offered" = "budget";
        while (found.pages < plan.maxPages) {
            let page;
            try {
                page = await client.listKeys(storeId, partitionId, { nextPageToken: token });
            } catch (e) {
                if (!(e instanceof ObjectStoreApiError) || e.operation !== "ListKeys") throw e;
                if (e.statusCode === 404) outcome = "missing";
                else if (e.statusCode !== undefined && LISTING_NOT_OFFERED.has(e.statusCode)) outcome = "not-offered";
                else throw e;
                found.pages++;
                break;
            }
            found.pages++;
            for (const { keyId } of page.values) {
                const key = wanted.get(keyId);
                if (key !== undefined) {
                    found.existing.add(key);
                    listed.add(key);
                }
            }
            if (page.nextPageToken === null || listed.size === wanted.size) {
                outcome = "complete";
                break;
            }
            if (page.nextPageToken === token) break; // paging does not advance: read the rest key by key
            token = page.nextPageToken;
        }
        if (outcome === "complete" || outcome === "missing") return found;
        toGet = keyIds.filter((k) => !listed.has(k));
    }
    const reads = await mapSettled([...toGet], options.concurrency, (keyId) => client.getKey(storeId, partitionId, keyId));
    for (const r of reads) {
        if (!r.ok) throw r.error;
        found.gets++;
        if (r.value !== undefined) found.existing.add(r.item);
    }
    return found;
}

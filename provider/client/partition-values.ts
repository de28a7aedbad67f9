/**
 * Reading a partition's values by the page: OSv2's partition value listing
 * `GET …/stores/{storeId}/partitions/{partitionId}?inclusion=ALL&pageSize=25&nextPageToken=`
 * ("Retrieve the values stored", developer portal; 25 items per page, docs.mulesoft.com
 * "Object Store v2 REST APIs") answers up to 25 values per request where `GET …/keys/{keyId}`
 * answers one. The docs' example items carry no `keyId`, so every answer is checked
 * ({@link servesValues}); when an endpoint does not serve values, this process remembers it
 * ({@link ValueListingSupport}), says so once in the log, and callers read key by key instead.
 *
 * Used by the KeyEntries refresh (../resources/key-entries-read.ts), the import reader and the
 * getKeyValues lookup. The real-tenant conformance run probes a tenant with {@link servesValues}.
 */
import { ObjectStoreApiError } from "./errors";
import type { ObjectStoreClient } from "./object-store-client";
import type { KeyValue, Page, PartitionValueItem } from "./types";
import { mapSettled } from "../util/concurrency";

/** Items asked per page of the value listing: the OSv2 maximum (25 per page, [DOC S1]). */
export const VALUE_PAGE_SIZE = 25;

/** A key's value without its id (`valueType` and one of `stringValue`, `numberValue`, `binaryValue`, plus `metadata`). */
export type StoredValue = Omit<KeyValue, "keyId">;

/** Verdict of {@link servesValues}. */
export type ServesValues = { serves: true } | { serves: false; reason: string };

/**
 * Whether one answer of the value listing serves values: every item names its key (`keyId`) and
 * carries its value (`valueType` with the matching field), and the page holds no more items than
 * `pageSize` asked for. Pure. The reason never quotes a key or a value.
 */
export function servesValues(page: Page<PartitionValueItem>, pageSize: number): ServesValues {
    if (page.values.length > pageSize) {
        return { serves: false, reason: `a page held ${page.values.length} items where pageSize=${pageSize} was asked` };
    }
    const unnamed = page.values.findIndex((v) => v.keyId === undefined);
    if (unnamed >= 0) return { serves: false, reason: `item ${unnamed} of a page names no keyId` };
    const valueless = page.values.findIndex((v) => v.value === undefined);
    if (valueless >= 0) return { serves: false, reason: `item ${valueless} of a page carries no value (valueType and its value field)` };
    return { serves: true };
}

/** OSv2 stores spaces in key ids as `+` (FAQ): the id a listing names for a key written as `keyId`. Pure. */
export function storedKeyId(keyId: string): string {
    return keyId.replace(/ /g, "+");
}

/** Writes one line to stderr (a dynamic provider's stderr reaches the Pulumi CLI's output). */
export function logToStderr(message: string): void {
    process.stderr.write(`${message}\n`);
}

/**
 * What this process learnt about endpoints that do not serve values in their partition listing:
 * one verdict per base URL, logged once. Create one per provider instance, or use
 * {@link processValueListingSupport}.
 */
export class ValueListingSupport {
    readonly #notServed = new Map<string, string>();

    /** @param log receives the one line that says an endpoint is read key by key from now on. */
    constructor(private readonly log: (message: string) => void = logToStderr) {}

    /** Why `endpoint` does not serve values, when this process found out; undefined otherwise. */
    notServed(endpoint: string): string | undefined {
        return this.#notServed.get(endpoint);
    }

    /** Records that `endpoint` does not serve values; the first time per endpoint, says so in the log. */
    markNotServed(endpoint: string, reason: string): void {
        if (this.#notServed.has(endpoint)) return;
        this.#notServed.set(endpoint, reason);
        this.log(
            `pulumi-anypoint-objectstore: ${endpoint} does not serve values in its partition listing ` +
                `(GET …/partitions/{partitionId}?inclusion=ALL: ${reason}); from now on this process reads keys one GET each (one request per key instead of one per ${VALUE_PAGE_SIZE}).`,
        );
    }
}

/** The verdicts of this process, logged to stderr: the default of every reader here. */
export const processValueListingSupport = new ValueListingSupport();

/** The client methods the readers here use. */
export type ValuesClient = Pick<ObjectStoreClient, "baseUrl" | "listValues" | "partitionExists">;

/** What {@link listPartitionValues} found. `pages` counts the listing requests sent. */
export type ValueListing =
    /** Every value of the partition, by the id the listing names (spaces stored as `+`). */
    | { outcome: "complete"; values: Map<string, StoredValue>; pages: number }
    /**
     * More pages remain, but `maxPages` pages were read (`budget`) or every id of `stopWhenListed`
     * was listed (`all-listed`): the values seen so far.
     */
    | { outcome: "stopped"; why: "budget" | "all-listed"; values: Map<string, StoredValue>; pages: number }
    /** The endpoint does not serve values (found now or earlier in this process). */
    | { outcome: "not-served"; reason: string; pages: number }
    /** The partition (or its store) does not exist. */
    | { outcome: "partition-missing"; pages: number };

/** Options of {@link listPartitionValues}. */
export interface ListValuesOptions {
    /** Stop after this many pages (default: no limit). */
    maxPages?: number;
    /** Stop once every one of these ids (as the listing names them) was listed. */
    stopWhenListed?: ReadonlySet<string>;
    /** Verdicts per endpoint (default: {@link processValueListingSupport}). */
    support?: ValueListingSupport;
    /** Called after each request (progress). */
    onRequest?: () => void;
}

/** Statuses that say the endpoint does not offer the listing (or not its parameters). */
const NOT_OFFERED = new Set([400, 405, 501]);

/**
 * Lists a partition's values page by page (`inclusion=ALL`, {@link VALUE_PAGE_SIZE} per page),
 * checking each answer with {@link servesValues}. A 404 is checked with `HEAD …/partitions/{p}`:
 * a partition that exists means the endpoint does not offer the listing. Sends nothing when the
 * endpoint is already known not to serve values.
 * @throws ObjectStoreApiError for failures other than those (401, 403, 429 after retries, 5xx, …).
 */
export async function listPartitionValues(
    client: ValuesClient,
    storeId: string,
    partitionId: string,
    options: ListValuesOptions = {},
): Promise<ValueListing> {
    const support = options.support ?? processValueListingSupport;
    const known = support.notServed(client.baseUrl);
    if (known !== undefined) return { outcome: "not-served", reason: known, pages: 0 };
    const notServed = (reason: string, pages: number): ValueListing => {
        support.markNotServed(client.baseUrl, reason);
        return { outcome: "not-served", reason, pages };
    };
    const values = new Map<string, StoredValue>();
    const tokens = new Set<string>();
    const wanted = options.stopWhenListed;
    let wantedListed = 0;
    let token: string | undefined;
    let pages = 0;
    for (;;) {
        if (wanted !== undefined && wantedListed === wanted.size && pages > 0)
            return { outcome: "stopped", why: "all-listed", values, pages };
        if (options.maxPages !== undefined && pages >= options.maxPages) return { outcome: "stopped", why: "budget", values, pages };
        let page: Page<PartitionValueItem>;
        try {
            page = await client.listValues(storeId, partitionId, { inclusion: "ALL", pageSize: VALUE_PAGE_SIZE, nextPageToken: token });
        } catch (e) {
            if (!(e instanceof ObjectStoreApiError)) throw e;
            if (e.statusCode === 404) {
                pages++;
                options.onRequest?.();
                const exists = await client.partitionExists(storeId, partitionId);
                options.onRequest?.();
                return exists ? notServed("404 for a partition that exists", pages) : { outcome: "partition-missing", pages };
            }
            if (e.statusCode !== undefined && NOT_OFFERED.has(e.statusCode)) return notServed(`HTTP ${e.statusCode}`, pages + 1);
            // An answer that is not a page of items (the transport says "unexpected response").
            if (e.statusCode !== undefined && e.statusCode < 300) return notServed("the answer is not a page of items", pages + 1);
            throw e;
        } finally {
            options.onRequest?.();
        }
        pages++;
        const verdict = servesValues(page, VALUE_PAGE_SIZE);
        if (!verdict.serves) return notServed(verdict.reason, pages);
        for (const item of page.values) {
            if (wanted?.has(item.keyId!) && !values.has(item.keyId!)) wantedListed++;
            values.set(item.keyId!, item.value!);
        }
        if (page.nextPageToken === null) return { outcome: "complete", values, pages };
        if (tokens.has(page.nextPageToken)) return notServed("a page token came twice (paging does not advance)", pages);
        tokens.add(page.nextPageToken);
        token = page.nextPageToken;
    }
}

/** The client methods {@link readPartitionValues} uses. */
export type PartitionValuesClient = ValuesClient & Pick<ObjectStoreClient, "listKeys" | "getKey">;

/** Every value of a partition, and how it was read. */
export interface PartitionValues {
    /** keyId (as the service names it) -> value. */
    values: Map<string, StoredValue>;
    /** `listing`: by the page; `keys`: the key listing, then one GET per key. */
    via: "listing" | "keys";
    /** Keys listed but gone before their GET (read key by key only). */
    vanished: number;
}

/**
 * Every value of a partition: by the value listing when the endpoint serves it, otherwise the key
 * listing (`GET …/keys`, all pages) and one `GET …/keys/{keyId}` per key, `concurrency` at a time.
 * @returns undefined when the partition (or its store) does not exist.
 * @throws ObjectStoreApiError for any other failure.
 */
export async function readPartitionValues(
    client: PartitionValuesClient,
    storeId: string,
    partitionId: string,
    options: { concurrency: number; support?: ValueListingSupport; onRequest?: () => void },
): Promise<PartitionValues | undefined> {
    const listing = await listPartitionValues(client, storeId, partitionId, options);
    if (listing.outcome === "partition-missing") return undefined;
    if (listing.outcome === "complete") return { values: listing.values, via: "listing", vanished: 0 };
    const keyIds: string[] = [];
    let token: string | null | undefined;
    try {
        do {
            const page = await client.listKeys(storeId, partitionId, { nextPageToken: token ?? undefined });
            options.onRequest?.();
            keyIds.push(...page.values.map((k) => k.keyId));
            token = page.nextPageToken;
        } while (token);
    } catch (e) {
        if (e instanceof ObjectStoreApiError && e.statusCode === 404) return undefined;
        throw e;
    }
    const values = new Map<string, StoredValue>();
    let vanished = 0;
    const reads = await mapSettled(keyIds, options.concurrency, async (keyId) => {
        try {
            return await client.getKey(storeId, partitionId, keyId);
        } finally {
            options.onRequest?.();
        }
    });
    for (const r of reads) {
        if (!r.ok) throw r.error;
        if (!r.value) vanished++;
        else {
            const { keyId: _k, ...value } = r.value;
            values.set(r.item, value);
        }
    }
    return { values, via: "keys", vanished };
}

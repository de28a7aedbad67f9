/**
 * The estate reader: reads stores, partitions and (optionally) keys and values of one
 * organization/environment through an {@link ObjectStoreClient}, reporting progress.
 *
 * Requests (OSv2 data plane, docs.mulesoft.com/object-store/osv2-apis):
 *   GET …/stores (all pages, `beginsWith` filter) or GET …/stores/{storeId} per `--store`;
 *   GET …/stores/{storeId}/partitions (all pages) per store;
 *   with keys: GET …/partitions/{partitionId}?inclusion=ALL (keys and values, 25 per page) where the
 *   endpoint serves values there; otherwise GET …/partitions/{partitionId}/keys (25 per page) and
 *   GET …/keys/{keyId} per key (../client/partition-values.ts decides, once per process).
 * Pacing: every request goes through the client, whose rate limiter (shared per base URL,
 * organization and environment; 10 requests/s unless configured otherwise) keeps the read within
 * the OSv2 budget; a few requests are kept in flight so that latency does not lower the rate.
 * A store, partition or key that disappears while being read is skipped and counted.
 */
import type { ObjectStoreClient } from "../client";
import { ObjectStoreApiError } from "../client/errors";
import { listPartitionValues, type ValueListingSupport } from "../client/partition-values";
import { mapLimited } from "../util/concurrency";
import type { Estate, EstateKey, EstatePartition, EstateSource, EstateStore } from "./estate";

/** The client methods the reader uses. */
export type EstateClient = Pick<
    ObjectStoreClient,
    "baseUrl" | "listAllStores" | "getStore" | "listAllPartitions" | "listValues" | "partitionExists" | "listKeys" | "getKey"
>;

/** What to read. */
export interface ReadOptions {
    /** Only these stores (each must exist). Exclusive with `beginsWith`. */
    storeIds?: string[];
    /** Only stores whose id starts with this prefix. */
    beginsWith?: string;
    /** Also read keys and their values. */
    withKeys: boolean;
    /** Requests kept in flight (default 8); the client's rate limit still applies. */
    concurrency?: number;
    /** Called after every request and at each phase change. */
    onProgress?: (progress: ReadProgress) => void;
    /** Clock for `readAt` (tests). */
    now?: () => Date;
    /** Which endpoints serve values in their partition listing (default: this process's verdicts, logged to stderr). */
    valueListing?: ValueListingSupport;
}

/** Progress of a read. */
export interface ReadProgress {
    phase: "stores" | "partitions" | "keys" | "values" | "done";
    stores: number;
    storesDone: number;
    partitions: number;
    partitionsDone: number;
    keysListed: number;
    valuesRead: number;
    /** Client calls made so far (each is one HTTP request unless retried). */
    calls: number;
    /** Objects that vanished during the read (skipped). */
    vanished: number;
}

/** A 404 from OSv2 itself (the object is gone), not from the token or login endpoint (a wrong host). */
function isNotFound(e: unknown): boolean {
    return e instanceof ObjectStoreApiError && e.statusCode === 404 && e.operation !== "GetToken" && e.operation !== "Login";
}

/** The selection in words, for the program's header. */
export function describeSelection(options: Pick<ReadOptions, "storeIds" | "beginsWith">): string {
    if (options.storeIds && options.storeIds.length > 0) return `stores ${options.storeIds.map((s) => JSON.stringify(s)).join(", ")}`;
    if (options.beginsWith) return `stores whose id begins with ${JSON.stringify(options.beginsWith)}`;
    return "all stores";
}

/**
 * Reads an estate.
 * @throws Error when `storeIds` and `beginsWith` are both given, or a `storeIds` store does not exist.
 * @throws ObjectStoreApiError / ObjectStoreConfigError from the client (messages carry no secrets).
 */
export async function readEstate(client: EstateClient, source: EstateSource, options: ReadOptions): Promise<Estate> {
    if (options.storeIds?.length && options.beginsWith) {
        throw new Error("give either --store or --begins-with, not both.");
    }
    const readAt = (options.now ?? (() => new Date()))().toISOString();
    const concurrency = options.concurrency ?? 8;
    const p: ReadProgress = {
        phase: "stores",
        stores: 0,
        storesDone: 0,
        partitions: 0,
        partitionsDone: 0,
        keysListed: 0,
        valuesRead: 0,
        calls: 0,
        vanished: 0,
    };
    const report = () => options.onProgress?.({ ...p });
    const call = async <R>(fn: () => Promise<R>): Promise<R> => {
        try {
            return await fn();
        } finally {
            p.calls++;
            report();
        }
    };
    report();

    // Stores
    let stores: EstateStore[];
    if (options.storeIds?.length) {
        const ids = [...new Set(options.storeIds)];
        const found = await mapLimited(ids, concurrency, (id) => call(() => client.getStore(id)));
        const missing = ids.filter((_, i) => !found[i]);
        if (missing.length > 0) {
            throw new Error(
                `store(s) ${missing.map((m) => JSON.stringify(m)).join(", ")} do not exist in this environment: check the ids (and --region), or leave out --store to import every store.`,
            );
        }
        stores = found.map((store) => ({ store: store!, partitions: [] }));
    } else {
        const all = await call(() => client.listAllStores(options.beginsWith ? { beginsWith: options.beginsWith } : {}));
        // The filter is applied again here, in case a service ignores beginsWith.
        stores = all
            .filter((s) => !options.beginsWith || s.storeId.startsWith(options.beginsWith))
            .map((store) => ({ store, partitions: [] }));
    }
    p.stores = stores.length;

    // Partitions
    p.phase = "partitions";
    report();
    const present = await mapLimited(stores, concurrency, async (s) => {
        try {
            const ids = await call(() => client.listAllPartitions(s.store.storeId));
            s.partitions = ids.map((partitionId): EstatePartition => ({ partitionId }));
            p.partitions += ids.length;
            return true;
        } catch (e) {
            if (!isNotFound(e)) throw e;
            p.vanished++;
            return false;
        } finally {
            p.storesDone++;
        }
    });
    stores = stores.filter((_, i) => present[i]);

    if (options.withKeys) {
        // Keys with their values by the page; key ids only where the endpoint does not serve values.
        p.phase = "keys";
        report();
        const partitions = stores.flatMap((s) => s.partitions.map((part) => ({ storeId: s.store.storeId, part })));
        const keyByKey = new Set<EstatePartition>();
        const counted = () => {
            p.calls++;
            report();
        };
        const readPartition = async ({ storeId, part }: (typeof partitions)[number]) => {
            const listing = await listPartitionValues(client, storeId, part.partitionId, {
                support: options.valueListing,
                onRequest: counted,
            });
            if (listing.outcome === "complete") {
                part.keys = [...listing.values].map(([keyId, value]): EstateKey => ({ keyId, value: { keyId, ...value } }));
                p.keysListed += part.keys.length;
                p.valuesRead += part.keys.length;
                p.partitionsDone++;
                return;
            }
            if (listing.outcome === "partition-missing") {
                part.keys = [];
                p.vanished++;
                p.partitionsDone++;
                return;
            }
            keyByKey.add(part);
            const keyIds: string[] = [];
            let token: string | null | undefined;
            try {
                do {
                    const page = await call(() => client.listKeys(storeId, part.partitionId, { nextPageToken: token ?? undefined }));
                    keyIds.push(...page.values.map((k) => k.keyId));
                    p.keysListed += page.values.length;
                    token = page.nextPageToken;
                } while (token);
            } catch (e) {
                if (!isNotFound(e)) throw e;
                p.vanished++;
            }
            part.keys = keyIds.map((keyId) => ({ keyId }) as EstateKey);
            p.partitionsDone++;
        };
        // The first partition alone: its answer tells whether the endpoint serves values, before the rest start.
        if (partitions.length > 0) await readPartition(partitions[0]);
        await mapLimited(partitions.slice(1), concurrency, readPartition);

        // Values of the partitions read key by key
        p.phase = "values";
        report();
        const keys = partitions
            .filter(({ part }) => keyByKey.has(part))
            .flatMap(({ storeId, part }) => (part.keys ?? []).map((key) => ({ storeId, part, key })));
        const gone = new Set<EstateKey>();
        await mapLimited(keys, concurrency, async ({ storeId, part, key }) => {
            const value = await call(() => client.getKey(storeId, part.partitionId, key.keyId));
            if (value) {
                key.value = value;
                p.valuesRead++;
            } else {
                gone.add(key);
                p.vanished++;
            }
        });
        for (const { part } of partitions) part.keys = part.keys?.filter((k) => !gone.has(k));
    }

    p.phase = "done";
    report();
    return { source, readAt, selection: describeSelection(options), withKeys: options.withKeys, stores };
}

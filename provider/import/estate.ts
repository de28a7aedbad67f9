/**
 * The estate: what the importer read from one OSv2 organization/environment, as plain data.
 * The reader (reader.ts) fills it from the service; the generator (generate.ts) turns it into a
 * program. Nothing here performs I/O.
 */
import type { KeyValue, StoreInfo } from "../client/types";

/** Where the estate was read from (no credentials). */
export interface EstateSource {
    organizationId: string;
    environmentId: string;
    /** OSv2 region id, e.g. `us-east-1`. */
    region: string;
    /** Object Store base URL the estate was read from. */
    baseUrl: string;
}

/** One key and its live value. */
export interface EstateKey {
    keyId: string;
    value: KeyValue;
}

/** One partition; `keys` is undefined when keys were not read (no `--with-keys`). */
export interface EstatePartition {
    partitionId: string;
    keys?: EstateKey[];
}

/** One store with its live settings and partitions. */
export interface EstateStore {
    store: StoreInfo;
    partitions: EstatePartition[];
}

/** Everything read in one import. */
export interface Estate {
    source: EstateSource;
    /** When the read started (ISO-8601). */
    readAt: string;
    /** How the stores were selected, for the header (e.g. `all stores`, `stores beginning with "APP_"`). */
    selection: string;
    /** Whether keys and values were read. */
    withKeys: boolean;
    stores: EstateStore[];
}

/** Object counts of an estate. */
export interface EstateCounts {
    stores: number;
    partitions: number;
    keys: number;
}

/** Counts the stores, partitions and keys of an estate. Pure. */
export function countEstate(estate: Estate): EstateCounts {
    let partitions = 0;
    let keys = 0;
    for (const s of estate.stores) {
        partitions += s.partitions.length;
        for (const p of s.partitions) keys += p.keys?.length ?? 0;
    }
    return { stores: estate.stores.length, partitions, keys };
}

/** Code-point order (the same on every machine and locale). */
export function byCodePoint(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of the estate with stores, partitions and keys in code-point order of their ids. Pure. */
export function sortEstate(estate: Estate): Estate {
    return {
        ...estate,
        stores: [...estate.stores]
            .sort((a, b) => byCodePoint(a.store.storeId, b.store.storeId))
            .map((s) => ({
                ...s,
                partitions: [...s.partitions]
                    .sort((a, b) => byCodePoint(a.partitionId, b.partitionId))
                    .map((p) => (p.keys ? { ...p, keys: [...p.keys].sort((a, b) => byCodePoint(a.keyId, b.keyId)) } : p)),
            })),
    };
}

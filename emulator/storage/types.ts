/**
 * The persistence interface of the emulator. Two implementations: `MemoryStorage` (default) and
 * `SqliteStorage` (`--data-dir`). The interface is synchronous on purpose: node:sqlite is
 * synchronous, and a synchronous backend makes every service operation atomic with respect to
 * other requests. Semantics (TTL, limits, confirmations) live in the service layer, not here, so
 * both backends behave identically; the backends only store, filter by expiry and paginate.
 *
 * Ordering contract: stores, partitions and keys are listed in ascending Unicode code point
 * order of their id (= UTF-8 byte order, SQLite's BINARY collation).
 */

export type ValueType = "STRING" | "NUMBER" | "BINARY";

export interface EnvironmentScope {
    organizationId: string;
    environmentId: string;
}

export interface StoreRef extends EnvironmentScope {
    storeId: string;
}

export interface PartitionRef extends StoreRef {
    partitionId: string;
}

export interface KeyRef extends PartitionRef {
    keyId: string;
}

/** Usage limits of a store (field names are an emulator choice; osv2-api-notes §11.2). */
export interface UsageLimits {
    maxKeys: number | null;
    maxSizeBytes: number | null;
    enforcement: "REJECT" | "WARN";
}

/** A store's configuration as persisted. */
export interface StoreRecord {
    ref: StoreRef;
    defaultTtlSeconds: number;
    defaultConfirmationTtlSeconds: number;
    persistent: boolean;
    encrypted: boolean;
    isFixedTtl: boolean | null;
    usageLimits: UsageLimits | null;
    createdAtMs: number;
    updatedAtMs: number;
}

/** A value as stored; exactly one of the three value fields is set, matching `valueType`. */
export interface StoredValue {
    valueType: ValueType;
    stringValue?: string;
    numberValue?: number;
    /** Base64 text exactly as written by the client. */
    binaryValue?: string;
    metadata?: string;
    /** Size counted against limits: length of the base64-encoded value. */
    sizeBytes: number;
}

/** A committed key. */
export interface KeyRecord extends StoredValue {
    ref: KeyRef;
    createdAtMs: number;
    updatedAtMs: number;
    expiresAtMs: number;
}

/** A confirmable write waiting for ack/nack; it disappears (rolls back) at `expiresAtMs`. */
export interface PendingWriteRecord extends StoredValue {
    confirmationId: string;
    ref: KeyRef;
    createdAtMs: number;
    expiresAtMs: number;
}

/** One page of a listing. `hasMore` is true when items exist after the last one returned. */
export interface Page<T> {
    items: T[];
    hasMore: boolean;
}

export interface ListOptions {
    /** Only ids strictly greater than this one (cursor). */
    after?: string;
    /** Only ids that start with this prefix. */
    beginsWith?: string;
    /** Skip this many items (after sorting and filtering): paging by offset. */
    offset?: number;
    /** Page size; undefined = everything. */
    limit?: number;
}

export interface KeyListOptions extends ListOptions {
    /** Keys with expiresAtMs <= nowMs are treated as absent. */
    nowMs: number;
}

export interface StoreUsage {
    keyCount: number;
    sizeBytes: number;
}

export interface StorageBackend {
    readonly kind: "memory" | "sqlite";

    /** Runs `fn` atomically (SQLite: one transaction, nested calls join the outer one). */
    transaction<T>(fn: () => T): T;

    getStore(ref: StoreRef): StoreRecord | undefined;
    /** Inserts or replaces the store's configuration (keeps its partitions and keys). */
    upsertStore(record: StoreRecord): void;
    /** Deletes the store, its partitions, keys and pending writes. False when it did not exist. */
    deleteStore(ref: StoreRef): boolean;
    listStores(scope: EnvironmentScope, options: ListOptions): Page<StoreRecord>;
    /** Every store in every organization/environment (admin state dump). */
    listAllStores(): StoreRecord[];

    partitionExists(ref: PartitionRef): boolean;
    /** Creates the partition if missing. */
    ensurePartition(ref: PartitionRef, nowMs: number): void;
    listPartitions(store: StoreRef, options: ListOptions): Page<string>;
    /** Deletes the partition with its keys and pending writes. False when it did not exist. */
    deletePartition(ref: PartitionRef): boolean;
    /** Deletes every partition of the store; returns how many there were. */
    deleteAllPartitions(store: StoreRef): number;

    /** The live (unexpired) key, or undefined. */
    getKey(ref: KeyRef, nowMs: number): KeyRecord | undefined;
    /** Inserts or replaces a key. The partition must exist. */
    putKey(record: KeyRecord): void;
    /** Sets a key's expiry (rolling TTL). */
    touchKey(ref: KeyRef, expiresAtMs: number): void;
    /** Deletes a live key; false when there was none (or it had expired). */
    deleteKey(ref: KeyRef, nowMs: number): boolean;
    /** Deletes every key of a partition (the partition stays); returns how many live keys there were. */
    deleteAllKeys(partition: PartitionRef, nowMs: number): number;
    /** Live keys of a partition; values are included only when `withValues` is true. */
    listKeys(partition: PartitionRef, options: KeyListOptions, withValues: boolean): Page<KeyRecord>;
    /** Number of live keys of the partition whose id sorts before `keyId`. */
    countKeysBefore(partition: PartitionRef, keyId: string, nowMs: number): number;
    /** Live key count and summed sizeBytes of a store. */
    storeUsage(store: StoreRef, nowMs: number): StoreUsage;

    putPendingWrite(record: PendingWriteRecord): void;
    /** An unexpired pending write by id. */
    getPendingWrite(confirmationId: string, nowMs: number): PendingWriteRecord | undefined;
    /** The most recent unexpired pending write for a key. */
    latestPendingWrite(ref: KeyRef, nowMs: number): PendingWriteRecord | undefined;
    deletePendingWrite(confirmationId: string): boolean;
    setPendingWriteExpiry(confirmationId: string, expiresAtMs: number): void;
    listAllPendingWrites(nowMs: number): PendingWriteRecord[];

    /** Physically removes expired keys and pending writes. */
    purgeExpired(nowMs: number): void;

    getMeta(name: string): string | undefined;
    setMeta(name: string, value: string): void;

    /** Deletes everything (stores, keys, pending writes, meta). */
    wipe(): void;
    close(): void;
}

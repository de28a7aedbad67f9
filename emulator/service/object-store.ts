import { randomUUID } from "node:crypto";
import type { VirtualClock } from "../clock";
import { LIMITS } from "../config";
import { httpErrors } from "../errors";
import { decodeCursor, nextToken, pageStart, type ListResponse, type PagingMode } from "../model/pagination";
import { applyStoreBody, DEFAULT_STORE_SETTINGS, toStoreObject, type StoreBody, type StoreObject } from "../model/stores";
import { checkValueSize, toValueObject, valueSizeBytes, type ValueObject } from "../model/values";
import type {
    EnvironmentScope,
    KeyRecord,
    KeyRef,
    PartitionRef,
    PendingWriteRecord,
    StorageBackend,
    StoredValue,
    StoreRecord,
    StoreRef,
} from "../storage/types";

/** Which usage limit a WARN-enforced write went past. */
export type UsageWarning = "keys" | "size";

/** Result of a key write. */
export interface WriteResult {
    value: ValueObject;
    /** True when the key did not exist (live) before this write. */
    created: boolean;
    usageWarnings: UsageWarning[];
    confirmationId?: string;
}

/** Paging parameters after query parsing. */
export interface PageQuery {
    pageSize: number;
    nextPageToken?: string;
}

/** What each element of GET S/partitions/{p} includes (emulator choice, osv2-api-notes §4.5). */
export type Inclusion = "KEYS" | "VALUES" | "ALL";

/** Element of the partition values listing. */
export interface PartitionValueItem {
    index: number;
    keyId?: string;
    valueType?: string;
    stringValue?: string;
    numberValue?: number;
    binaryValue?: string;
    metadata?: string;
}

/** Body of POST K with the number-operation media type (emulator choice, osv2-api-notes §4.4). */
export interface NumberOperation {
    operation: "INCREMENT" | "DECREMENT";
    delta?: number;
}

/**
 * A rolling-TTL read only writes the new expiry when it moves by at least 1% of the store TTL
 * (between 1 s and 60 s): with the default 30-day TTL a key's expiry is exact to within a minute,
 * and a burst of reads costs one write instead of one per read.
 */
export function rollingTtlStepMs(ttlSeconds: number): number {
    return Math.min(60_000, Math.max(1000, ttlSeconds * 10));
}

const storeLabel = (r: StoreRef) => `store ${JSON.stringify(r.storeId)}`;
const partitionLabel = (r: PartitionRef) => `partition ${JSON.stringify(r.partitionId)} of ${storeLabel(r)}`;
const keyLabel = (r: KeyRef) => `key ${JSON.stringify(r.keyId)} in ${partitionLabel(r)}`;

/**
 * OSv2 semantics on top of a storage backend: store settings, partitions, keys, TTL (static and
 * rolling), usage limits, confirmable writes and number operations. Routes translate HTTP to calls
 * here; this class knows nothing about HTTP except the error factory.
 */
export class ObjectStoreService {
    constructor(
        private readonly storage: StorageBackend,
        private readonly clock: VirtualClock,
        /** How listings page: by last id (default) or by offset (../model/pagination). */
        private readonly paging: PagingMode = "after-id",
    ) {}

    // ---------------------------------------------------------------- stores

    /** GET P/stores [DOC S1, S2]. Lexicographic by storeId. */
    listStores(scope: EnvironmentScope, query: PageQuery & { beginsWith?: string }): ListResponse<StoreObject> {
        const start = pageStart(decodeCursor(query.nextPageToken));
        const page = this.storage.listStores(scope, { ...start, beginsWith: query.beginsWith, limit: query.pageSize });
        const last = page.items[page.items.length - 1];
        return {
            values: page.items.map(toStoreObject),
            nextPageToken: nextToken(this.paging, page.hasMore, start, page.items.length, last?.ref.storeId),
        };
    }

    /** GET S. */
    getStore(ref: StoreRef): StoreObject {
        return toStoreObject(this.requireStore(ref));
    }

    /** PUT S: creates the store, or replaces its settings (fields not given take their defaults). */
    putStore(ref: StoreRef, body: StoreBody): { store: StoreObject; created: boolean } {
        return this.storage.transaction(() => {
            const existing = this.storage.getStore(ref);
            const nowMs = this.clock.nowMs();
            const settings = applyStoreBody(ref, DEFAULT_STORE_SETTINGS, body);
            const record: StoreRecord = { ref, ...settings, createdAtMs: existing?.createdAtMs ?? nowMs, updatedAtMs: nowMs };
            this.storage.upsertStore(record);
            return { store: toStoreObject(record), created: !existing };
        });
    }

    /** PATCH S: changes only the fields given. */
    patchStore(ref: StoreRef, body: StoreBody): StoreObject {
        return this.storage.transaction(() => {
            const existing = this.requireStore(ref);
            const settings = applyStoreBody(ref, existing, body);
            const record: StoreRecord = { ...existing, ...settings, ref, updatedAtMs: this.clock.nowMs() };
            this.storage.upsertStore(record);
            return toStoreObject(record);
        });
    }

    /** DELETE S: removes the store with all partitions and keys. */
    deleteStore(ref: StoreRef): void {
        if (!this.storage.deleteStore(ref)) throw this.storeNotFound(ref);
    }

    // ---------------------------------------------------------------- partitions

    /** GET S/partitions [DOC S1]. Lexicographic by partitionId. */
    listPartitions(ref: StoreRef, query: PageQuery): ListResponse<string> {
        this.requireStore(ref);
        const start = pageStart(decodeCursor(query.nextPageToken));
        const page = this.storage.listPartitions(ref, { ...start, limit: query.pageSize });
        const last = page.items[page.items.length - 1];
        return { values: page.items, nextPageToken: nextToken(this.paging, page.hasMore, start, page.items.length, last) };
    }

    /**
     * Deletes up to `count` live keys of the partition whose id matches `pattern`, in key order (the
     * fault rule `deleteKeysMatching`: an application deleting keys meanwhile). A partition or store
     * that does not exist deletes nothing. Returns the deleted ids.
     */
    deleteKeysMatching(ref: PartitionRef, pattern: RegExp, count: number): string[] {
        if (!this.storage.getStore(ref) || !this.storage.partitionExists(ref)) return [];
        const nowMs = this.clock.nowMs();
        return this.storage.transaction(() => {
            const doomed = this.storage
                .listKeys(ref, { nowMs }, false)
                .items.map((k) => k.ref.keyId)
                .filter((keyId) => pattern.test(keyId))
                .slice(0, count);
            for (const keyId of doomed) this.storage.deleteKey({ ...ref, keyId }, nowMs);
            return doomed;
        });
    }

    /** HEAD S/partitions/{p}: false also when the store is missing. */
    partitionExists(ref: PartitionRef): boolean {
        return this.storage.getStore(ref) !== undefined && this.storage.partitionExists(ref);
    }

    /** DELETE S/partitions/{p}: the partition and all its keys. */
    deletePartition(ref: PartitionRef): void {
        this.requireStore(ref);
        if (!this.storage.deletePartition(ref)) throw httpErrors.notFound(`${partitionLabel(ref)} does not exist`);
    }

    /** DELETE S/partitions: every partition of the store ("Delete partitions in store", S5). */
    deleteAllPartitions(ref: StoreRef): number {
        return this.storage.transaction(() => {
            this.requireStore(ref);
            return this.storage.deleteAllPartitions(ref);
        });
    }

    /** DELETE S/partitions/{p}/keys: every key; the partition itself stays ("Delete all keys", S5). */
    deleteAllKeys(ref: PartitionRef): number {
        return this.storage.transaction(() => {
            this.requirePartition(ref);
            return this.storage.deleteAllKeys(ref, this.clock.nowMs());
        });
    }

    /** GET S/partitions/{p}/keys [DOC S1]: `{values:[{keyId}], nextPageToken}`. */
    listKeys(ref: PartitionRef, query: PageQuery & { beginsWith?: string }): ListResponse<{ keyId: string }> {
        this.requirePartition(ref);
        const start = pageStart(decodeCursor(query.nextPageToken));
        const page = this.storage.listKeys(
            ref,
            { ...start, beginsWith: query.beginsWith, limit: query.pageSize, nowMs: this.clock.nowMs() },
            false,
        );
        const last = page.items[page.items.length - 1];
        return {
            values: page.items.map((k) => ({ keyId: k.ref.keyId })),
            nextPageToken: nextToken(this.paging, page.hasMore, start, page.items.length, last?.ref.keyId),
        };
    }

    /**
     * GET S/partitions/{p} [DOC S2]: values of the partition, in key order. `index` is the key's
     * 0-based position in the partition. KEYS: {index, keyId}; VALUES: {index, valueType, *Value,
     * metadata?}; ALL (default): both.
     */
    listValues(ref: PartitionRef, query: PageQuery & { inclusion: Inclusion }): ListResponse<PartitionValueItem> {
        this.requirePartition(ref);
        const nowMs = this.clock.nowMs();
        const cursor = decodeCursor(query.nextPageToken);
        const start = pageStart(cursor);
        const page = this.storage.listKeys(ref, { ...start, limit: query.pageSize, nowMs }, query.inclusion !== "KEYS");
        const firstIndex =
            cursor?.after !== undefined
                ? (cursor.index ?? this.storage.countKeysBefore(ref, cursor.after, nowMs) + 1)
                : (start.offset ?? 0);
        const values = page.items.map((k, i) => {
            const item: PartitionValueItem = { index: firstIndex + i };
            if (query.inclusion !== "VALUES") item.keyId = k.ref.keyId;
            if (query.inclusion !== "KEYS") {
                const { keyId: _k, ...value } = toValueObject(k.ref.keyId, k);
                Object.assign(item, value);
            }
            return item;
        });
        const last = page.items[page.items.length - 1];
        return {
            values,
            nextPageToken: nextToken(this.paging, page.hasMore, start, page.items.length, last?.ref.keyId, firstIndex + page.items.length),
        };
    }

    // ---------------------------------------------------------------- keys

    /**
     * GET K. With `confirmable`, the newest pending confirmable write of the key wins over the
     * committed value (and carries its confirmationId). Rolling TTL: a plain GET of a key in a store
     * whose isFixedTtl is not true moves its expiry to now + defaultTtlSeconds.
     */
    getValue(ref: KeyRef, options: { confirmable: boolean }): ValueObject {
        return this.storage.transaction(() => {
            const store = this.requireStore(ref);
            const nowMs = this.clock.nowMs();
            if (options.confirmable) {
                const pending = this.storage.latestPendingWrite(ref, nowMs);
                if (pending) return toValueObject(ref.keyId, pending, pending.confirmationId);
            }
            const key = this.storage.getKey(ref, nowMs);
            if (!key) throw httpErrors.notFound(`${keyLabel(ref)} does not exist`);
            if (store.isFixedTtl !== true) {
                const expiresAtMs = nowMs + store.defaultTtlSeconds * 1000;
                if (expiresAtMs - key.expiresAtMs >= rollingTtlStepMs(store.defaultTtlSeconds)) this.storage.touchKey(ref, expiresAtMs);
            }
            return toValueObject(ref.keyId, key);
        });
    }

    /** HEAD K (does not extend a rolling TTL, like the connector's "contains", S4). */
    keyExists(ref: KeyRef, options: { confirmable: boolean }): boolean {
        const nowMs = this.clock.nowMs();
        if (!this.storage.getStore(ref)) return false;
        if (options.confirmable && this.storage.latestPendingWrite(ref, nowMs)) return true;
        return this.storage.getKey(ref, nowMs) !== undefined;
    }

    /**
     * PUT K (upsert) and POST K (createOnly, 409 when the key exists). A confirmable write is kept
     * pending (invisible to plain reads) until acked, nacked, or its store's
     * defaultConfirmationTtlSeconds pass.
     */
    writeValue(ref: KeyRef, value: StoredValue, options: { createOnly: boolean; confirmable: boolean }): WriteResult {
        return this.storage.transaction(() => {
            const store = this.requireStore(ref);
            const nowMs = this.clock.nowMs();
            const existing = this.storage.getKey(ref, nowMs);
            if (options.createOnly && existing) {
                throw httpErrors.conflict(`${keyLabel(ref)} already exists; use PUT to replace its value`);
            }
            const usageWarnings = this.checkUsage(store, existing, value.sizeBytes, nowMs);
            if (options.confirmable) {
                const pending: PendingWriteRecord = {
                    ...value,
                    confirmationId: randomUUID(),
                    ref,
                    createdAtMs: nowMs,
                    expiresAtMs: nowMs + store.defaultConfirmationTtlSeconds * 1000,
                };
                this.storage.putPendingWrite(pending);
                return {
                    value: toValueObject(ref.keyId, value, pending.confirmationId),
                    created: !existing,
                    usageWarnings,
                    confirmationId: pending.confirmationId,
                };
            }
            this.commit(store, ref, value, existing, nowMs);
            return { value: toValueObject(ref.keyId, value), created: !existing, usageWarnings };
        });
    }

    /** POST K with the number-operation media type: atomic add; a missing key starts at 0. */
    applyNumberOperation(ref: KeyRef, op: NumberOperation): WriteResult {
        return this.storage.transaction(() => {
            const store = this.requireStore(ref);
            const nowMs = this.clock.nowMs();
            const existing = this.storage.getKey(ref, nowMs);
            if (existing && existing.valueType !== "NUMBER") {
                throw httpErrors.conflict(`${keyLabel(ref)} holds a ${existing.valueType} value; number operations need a NUMBER value`);
            }
            const delta = op.delta ?? 1;
            const current = existing?.numberValue ?? 0;
            const numberValue = op.operation === "DECREMENT" ? current - delta : current + delta;
            if (!Number.isFinite(numberValue))
                throw httpErrors.invalidBody(`the result of ${op.operation} by ${delta} is not a finite number`);
            const value: StoredValue = { valueType: "NUMBER", numberValue, sizeBytes: 0 };
            if (existing?.metadata !== undefined) value.metadata = existing.metadata;
            value.sizeBytes = valueSizeBytes(value);
            checkValueSize(ref.keyId, value.sizeBytes);
            const usageWarnings = this.checkUsage(store, existing, value.sizeBytes, nowMs);
            this.commit(store, ref, value, existing, nowMs);
            return { value: toValueObject(ref.keyId, value), created: !existing, usageWarnings };
        });
    }

    /** DELETE K. */
    deleteValue(ref: KeyRef): void {
        this.storage.transaction(() => {
            this.requireStore(ref);
            if (!this.storage.deleteKey(ref, this.clock.nowMs())) throw httpErrors.notFound(`${keyLabel(ref)} does not exist`);
        });
    }

    // ---------------------------------------------------------------- confirmations

    /** POST K/confirmations/{id}: ack, the pending write becomes the key's value (TTL from now). */
    ackConfirmation(ref: KeyRef, confirmationId: string): void {
        this.storage.transaction(() => {
            const pending = this.requirePending(ref, confirmationId);
            const store = this.requireStore(ref);
            const nowMs = this.clock.nowMs();
            this.commit(store, ref, pending, this.storage.getKey(ref, nowMs), nowMs);
            this.storage.deletePendingWrite(confirmationId);
        });
    }

    /** DELETE K/confirmations/{id}: nack, the pending write is discarded. */
    nackConfirmation(ref: KeyRef, confirmationId: string): void {
        this.storage.transaction(() => {
            this.requirePending(ref, confirmationId);
            this.storage.deletePendingWrite(confirmationId);
        });
    }

    /** PATCH K/confirmations/{id} `{"ttlSeconds": n}`: the pending write now rolls back n seconds from now. */
    extendConfirmation(
        ref: KeyRef,
        confirmationId: string,
        ttlSeconds: number,
    ): { confirmationId: string; ttlSeconds: number; expiresAt: string } {
        return this.storage.transaction(() => {
            this.requirePending(ref, confirmationId);
            const expiresAtMs = this.clock.nowMs() + ttlSeconds * 1000;
            this.storage.setPendingWriteExpiry(confirmationId, expiresAtMs);
            return { confirmationId, ttlSeconds, expiresAt: new Date(expiresAtMs).toISOString() };
        });
    }

    // ---------------------------------------------------------------- admin

    /** Everything the emulator holds (GET /_emulator/state). */
    dumpState(): unknown {
        const nowMs = this.clock.nowMs();
        const stores = this.storage.listAllStores().map((store) => ({
            organizationId: store.ref.organizationId,
            environmentId: store.ref.environmentId,
            ...toStoreObject(store),
            partitions: this.storage.listPartitions(store.ref, {}).items.map((partitionId) => ({
                partitionId,
                keys: this.storage.listKeys({ ...store.ref, partitionId }, { nowMs }, true).items.map((k: KeyRecord) => ({
                    ...toValueObject(k.ref.keyId, k),
                    sizeBytes: k.sizeBytes,
                    expiresAt: new Date(k.expiresAtMs).toISOString(),
                    expiresAtMs: k.expiresAtMs,
                })),
            })),
        }));
        const pendingConfirmations = this.storage.listAllPendingWrites(nowMs).map((p) => ({
            confirmationId: p.confirmationId,
            ...p.ref,
            value: toValueObject(p.ref.keyId, p),
            expiresAt: new Date(p.expiresAtMs).toISOString(),
            expiresAtMs: p.expiresAtMs,
        }));
        return { nowMs, now: new Date(nowMs).toISOString(), backend: this.storage.kind, stores, pendingConfirmations };
    }

    // ---------------------------------------------------------------- helpers

    private commit(store: StoreRecord, ref: KeyRef, value: StoredValue, existing: KeyRecord | undefined, nowMs: number): void {
        this.storage.ensurePartition(ref, nowMs);
        const { confirmationId: _c, ref: _r, createdAtMs: _ca, expiresAtMs: _e, ...plain } = value as PendingWriteRecord;
        this.storage.putKey({
            ...plain,
            ref,
            createdAtMs: existing?.createdAtMs ?? nowMs,
            updatedAtMs: nowMs,
            expiresAtMs: nowMs + store.defaultTtlSeconds * 1000,
        });
    }

    /**
     * Usage limits (field names are an emulator choice, osv2-api-notes §11.2): with REJECT a write
     * that would take the store past maxKeys (new keys only) or maxSizeBytes (growing writes only) is
     * a 409 UsageLimitExceeded; with WARN it goes through and the caller reports the warnings.
     */
    private checkUsage(store: StoreRecord, existing: KeyRecord | undefined, newSizeBytes: number, nowMs: number): UsageWarning[] {
        const limits = store.usageLimits;
        if (!limits || (limits.maxKeys === null && limits.maxSizeBytes === null)) return [];
        const usage = this.storage.storeUsage(store.ref, nowMs);
        const exceeded: UsageWarning[] = [];
        const messages: string[] = [];
        if (limits.maxKeys !== null && !existing && usage.keyCount + 1 > limits.maxKeys) {
            exceeded.push("keys");
            messages.push(`it would hold ${usage.keyCount + 1} keys; usageLimits.maxKeys is ${limits.maxKeys}`);
        }
        const growthBytes = newSizeBytes - (existing?.sizeBytes ?? 0);
        if (limits.maxSizeBytes !== null && growthBytes > 0 && usage.sizeBytes + growthBytes > limits.maxSizeBytes) {
            exceeded.push("size");
            messages.push(`it would hold ${usage.sizeBytes + growthBytes} bytes; usageLimits.maxSizeBytes is ${limits.maxSizeBytes}`);
        }
        if (exceeded.length > 0 && limits.enforcement === "REJECT") {
            throw httpErrors.usageLimitExceeded(`write rejected: ${storeLabel(store.ref)} ${messages.join(" and ")} (enforcement REJECT)`);
        }
        return exceeded;
    }

    private requireStore(ref: StoreRef): StoreRecord {
        const store = this.storage.getStore(ref);
        if (!store) throw this.storeNotFound(ref);
        return store;
    }

    private storeNotFound(ref: StoreRef) {
        return httpErrors.notFound(
            `${storeLabel(ref)} does not exist in environment ${JSON.stringify(ref.environmentId)} of organization ${JSON.stringify(ref.organizationId)}`,
        );
    }

    private requirePartition(ref: PartitionRef): void {
        this.requireStore(ref);
        if (!this.storage.partitionExists(ref)) throw httpErrors.notFound(`${partitionLabel(ref)} does not exist`);
    }

    private requirePending(ref: KeyRef, confirmationId: string): PendingWriteRecord {
        const pending = this.storage.getPendingWrite(confirmationId, this.clock.nowMs());
        const r = pending?.ref;
        if (
            !pending ||
            !r ||
            r.organizationId !== ref.organizationId ||
            r.environmentId !== ref.environmentId ||
            r.storeId !== ref.storeId ||
            r.partitionId !== ref.partitionId ||
            r.keyId !== ref.keyId
        ) {
            throw httpErrors.notFound(
                `confirmation ${JSON.stringify(confirmationId)} does not exist for ${keyLabel(ref)} (never issued, already acked or nacked, or rolled back after the store's defaultConfirmationTtlSeconds)`,
            );
        }
        return pending;
    }
}

/** Largest `ttlSeconds` accepted by PATCH K/confirmations/{id}. Emulator choice. */
export const MAX_CONFIRMATION_TTL_SECONDS = LIMITS.maxTtlSeconds;

import { compareCodePoints } from "../model/ordering";
import type {
    EnvironmentScope,
    KeyListOptions,
    KeyRecord,
    KeyRef,
    ListOptions,
    Page,
    PartitionRef,
    PendingWriteRecord,
    StorageBackend,
    StoreRecord,
    StoreRef,
    StoreUsage,
} from "./types";

interface StoreEntry {
    record: StoreRecord;
    partitions: Map<string, Map<string, KeyRecord>>;
}

const scopeKey = (s: EnvironmentScope) => `${s.organizationId}\u0000${s.environmentId}`;
const sameKey = (a: KeyRef, b: KeyRef) =>
    a.organizationId === b.organizationId &&
    a.environmentId === b.environmentId &&
    a.storeId === b.storeId &&
    a.partitionId === b.partitionId &&
    a.keyId === b.keyId;
const inStore = (k: KeyRef | StoreRef, s: StoreRef) =>
    k.organizationId === s.organizationId && k.environmentId === s.environmentId && k.storeId === s.storeId;

/** Sorts, filters by prefix/cursor and cuts one page out of a list of ids. */
function paginate<T>(items: T[], idOf: (t: T) => string, options: ListOptions): Page<T> {
    let filtered = items;
    if (options.beginsWith) filtered = filtered.filter((t) => idOf(t).startsWith(options.beginsWith!));
    if (options.after !== undefined) filtered = filtered.filter((t) => compareCodePoints(idOf(t), options.after!) > 0);
    filtered.sort((a, b) => compareCodePoints(idOf(a), idOf(b)));
    if (options.offset) filtered = filtered.slice(options.offset);
    if (options.limit === undefined || filtered.length <= options.limit) return { items: filtered, hasMore: false };
    return { items: filtered.slice(0, options.limit), hasMore: true };
}

/** Copies a record so callers can never mutate stored state (records are flat apart from ref/usageLimits). */
function clone<T>(value: T): T {
    if (value === undefined || value === null) return value;
    const copy = { ...(value as Record<string, unknown>) };
    if (copy.ref) copy.ref = { ...(copy.ref as object) };
    if (copy.usageLimits) copy.usageLimits = { ...(copy.usageLimits as object) };
    return copy as T;
}

/** Storage in process memory; everything is lost when the emulator stops. */
export class MemoryStorage implements StorageBackend {
    readonly kind = "memory" as const;
    private scopes = new Map<string, Map<string, StoreEntry>>();
    private pending = new Map<string, PendingWriteRecord>();
    private meta = new Map<string, string>();

    transaction<T>(fn: () => T): T {
        return fn();
    }

    private entry(ref: StoreRef): StoreEntry | undefined {
        return this.scopes.get(scopeKey(ref))?.get(ref.storeId);
    }

    private partition(ref: PartitionRef): Map<string, KeyRecord> | undefined {
        return this.entry(ref)?.partitions.get(ref.partitionId);
    }

    getStore(ref: StoreRef): StoreRecord | undefined {
        return clone(this.entry(ref)?.record);
    }

    upsertStore(record: StoreRecord): void {
        const key = scopeKey(record.ref);
        let stores = this.scopes.get(key);
        if (!stores) this.scopes.set(key, (stores = new Map<string, StoreEntry>()));
        const existing = stores.get(record.ref.storeId);
        if (existing) existing.record = clone(record);
        else stores.set(record.ref.storeId, { record: clone(record), partitions: new Map() });
    }

    deleteStore(ref: StoreRef): boolean {
        const deleted = this.scopes.get(scopeKey(ref))?.delete(ref.storeId) ?? false;
        if (deleted) for (const [id, p] of this.pending) if (inStore(p.ref, ref)) this.pending.delete(id);
        return deleted;
    }

    listStores(scope: EnvironmentScope, options: ListOptions): Page<StoreRecord> {
        const stores = [...(this.scopes.get(scopeKey(scope))?.values() ?? [])].map((e) => e.record);
        const page = paginate(stores, (s) => s.ref.storeId, options);
        return { items: page.items.map(clone), hasMore: page.hasMore };
    }

    listAllStores(): StoreRecord[] {
        const all: StoreRecord[] = [];
        for (const stores of this.scopes.values()) for (const e of stores.values()) all.push(clone(e.record));
        return all;
    }

    partitionExists(ref: PartitionRef): boolean {
        return this.partition(ref) !== undefined;
    }

    ensurePartition(ref: PartitionRef): void {
        const entry = this.entry(ref);
        if (!entry) throw new Error(`store ${ref.storeId} does not exist`);
        if (!entry.partitions.has(ref.partitionId)) entry.partitions.set(ref.partitionId, new Map());
    }

    listPartitions(store: StoreRef, options: ListOptions): Page<string> {
        const ids = [...(this.entry(store)?.partitions.keys() ?? [])];
        return paginate(ids, (id) => id, options);
    }

    deletePartition(ref: PartitionRef): boolean {
        const deleted = this.entry(ref)?.partitions.delete(ref.partitionId) ?? false;
        if (deleted) {
            for (const [id, p] of this.pending) if (inStore(p.ref, ref) && p.ref.partitionId === ref.partitionId) this.pending.delete(id);
        }
        return deleted;
    }

    deleteAllPartitions(store: StoreRef): number {
        const entry = this.entry(store);
        if (!entry) return 0;
        const count = entry.partitions.size;
        entry.partitions.clear();
        for (const [id, p] of this.pending) if (inStore(p.ref, store)) this.pending.delete(id);
        return count;
    }

    getKey(ref: KeyRef, nowMs: number): KeyRecord | undefined {
        const key = this.partition(ref)?.get(ref.keyId);
        return key && key.expiresAtMs > nowMs ? clone(key) : undefined;
    }

    putKey(record: KeyRecord): void {
        const partition = this.partition(record.ref);
        if (!partition) throw new Error(`partition ${record.ref.partitionId} does not exist`);
        partition.set(record.ref.keyId, clone(record));
    }

    touchKey(ref: KeyRef, expiresAtMs: number): void {
        const key = this.partition(ref)?.get(ref.keyId);
        if (key) key.expiresAtMs = expiresAtMs;
    }

    deleteKey(ref: KeyRef, nowMs: number): boolean {
        const partition = this.partition(ref);
        const key = partition?.get(ref.keyId);
        if (!partition || !key) return false;
        partition.delete(ref.keyId);
        return key.expiresAtMs > nowMs;
    }

    deleteAllKeys(ref: PartitionRef, nowMs: number): number {
        const partition = this.partition(ref);
        if (!partition) return 0;
        let live = 0;
        for (const key of partition.values()) if (key.expiresAtMs > nowMs) live++;
        partition.clear();
        return live;
    }

    listKeys(ref: PartitionRef, options: KeyListOptions, withValues: boolean): Page<KeyRecord> {
        const live = [...(this.partition(ref)?.values() ?? [])].filter((k) => k.expiresAtMs > options.nowMs);
        const page = paginate(live, (k) => k.ref.keyId, options);
        const items = page.items.map((k) => {
            if (withValues) return clone(k);
            const { stringValue: _s, numberValue: _n, binaryValue: _b, metadata: _m, ...rest } = k;
            return clone(rest) as KeyRecord;
        });
        return { items, hasMore: page.hasMore };
    }

    countKeysBefore(ref: PartitionRef, keyId: string, nowMs: number): number {
        let count = 0;
        for (const k of this.partition(ref)?.values() ?? []) {
            if (k.expiresAtMs > nowMs && compareCodePoints(k.ref.keyId, keyId) < 0) count++;
        }
        return count;
    }

    storeUsage(store: StoreRef, nowMs: number): StoreUsage {
        const usage = { keyCount: 0, sizeBytes: 0 };
        for (const partition of this.entry(store)?.partitions.values() ?? []) {
            for (const k of partition.values()) {
                if (k.expiresAtMs <= nowMs) continue;
                usage.keyCount++;
                usage.sizeBytes += k.sizeBytes;
            }
        }
        return usage;
    }

    putPendingWrite(record: PendingWriteRecord): void {
        this.pending.set(record.confirmationId, clone(record));
    }

    getPendingWrite(confirmationId: string, nowMs: number): PendingWriteRecord | undefined {
        const p = this.pending.get(confirmationId);
        return p && p.expiresAtMs > nowMs ? clone(p) : undefined;
    }

    latestPendingWrite(ref: KeyRef, nowMs: number): PendingWriteRecord | undefined {
        let latest: PendingWriteRecord | undefined;
        for (const p of this.pending.values()) {
            if (p.expiresAtMs > nowMs && sameKey(p.ref, ref) && (!latest || p.createdAtMs >= latest.createdAtMs)) latest = p;
        }
        return clone(latest);
    }

    deletePendingWrite(confirmationId: string): boolean {
        return this.pending.delete(confirmationId);
    }

    setPendingWriteExpiry(confirmationId: string, expiresAtMs: number): void {
        const p = this.pending.get(confirmationId);
        if (p) p.expiresAtMs = expiresAtMs;
    }

    listAllPendingWrites(nowMs: number): PendingWriteRecord[] {
        return [...this.pending.values()].filter((p) => p.expiresAtMs > nowMs).map(clone);
    }

    purgeExpired(nowMs: number): void {
        for (const stores of this.scopes.values()) {
            for (const entry of stores.values()) {
                for (const partition of entry.partitions.values()) {
                    for (const [id, k] of partition) if (k.expiresAtMs <= nowMs) partition.delete(id);
                }
            }
        }
        for (const [id, p] of this.pending) if (p.expiresAtMs <= nowMs) this.pending.delete(id);
    }

    getMeta(name: string): string | undefined {
        return this.meta.get(name);
    }

    setMeta(name: string, value: string): void {
        this.meta.set(name, value);
    }

    wipe(): void {
        this.scopes = new Map();
        this.pending = new Map();
        this.meta = new Map();
    }

    close(): void {
        // nothing to release
    }
}

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
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
    StoredValue,
    StoreRecord,
    StoreRef,
    StoreUsage,
    ValueType,
} from "./types";

/** File name of the database inside --data-dir. */
export const DATABASE_FILE = "osv2-emulator.sqlite";
const SCHEMA_VERSION = "1";

/**
 * Loads node:sqlite, hiding only its "SQLite is an experimental feature" ExperimentalWarning
 * (every other warning still goes through).
 * @throws Error saying what to do on a Node.js without node:sqlite (before 22.5, e.g. Node.js 20).
 */
function loadSqlite(): typeof import("node:sqlite") {
    const original = process.emitWarning;
    process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
        const message = typeof warning === "string" ? warning : warning?.message;
        const first = rest[0];
        const type = typeof first === "string" ? first : ((first as { type?: string } | undefined)?.type ?? (warning as Error)?.name);
        if (type === "ExperimentalWarning" && /SQLite/i.test(String(message))) return;
        return (original as (...a: unknown[]) => void).call(process, warning, ...rest);
    } as typeof process.emitWarning;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require("node:sqlite") as typeof import("node:sqlite");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_BUILTIN_MODULE") throw e;
        throw new Error(
            `--data-dir keeps the data in SQLite through node:sqlite, which Node.js ${process.version} does not have ` +
                "(Node.js 22.5 or later does): run the emulator without --data-dir (in memory) or on Node.js 22.",
            { cause: e },
        );
    } finally {
        process.emitWarning = original;
    }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stores (
  org TEXT NOT NULL, env TEXT NOT NULL, store_id TEXT NOT NULL,
  default_ttl_seconds INTEGER NOT NULL,
  default_confirmation_ttl_seconds INTEGER NOT NULL,
  persistent INTEGER NOT NULL,
  encrypted INTEGER NOT NULL,
  is_fixed_ttl INTEGER,
  usage_max_keys INTEGER,
  usage_max_size_bytes INTEGER,
  usage_enforcement TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  PRIMARY KEY (org, env, store_id)
);
CREATE TABLE IF NOT EXISTS partitions (
  org TEXT NOT NULL, env TEXT NOT NULL, store_id TEXT NOT NULL, partition_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (org, env, store_id, partition_id)
);
CREATE TABLE IF NOT EXISTS keys (
  org TEXT NOT NULL, env TEXT NOT NULL, store_id TEXT NOT NULL, partition_id TEXT NOT NULL, key_id TEXT NOT NULL,
  value_type TEXT NOT NULL,
  string_value TEXT,
  number_value REAL,
  binary_value TEXT,
  metadata TEXT,
  size_bytes INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  PRIMARY KEY (org, env, store_id, partition_id, key_id)
);
CREATE INDEX IF NOT EXISTS keys_by_expiry ON keys (expires_at_ms);
CREATE TABLE IF NOT EXISTS pending_writes (
  confirmation_id TEXT PRIMARY KEY,
  org TEXT NOT NULL, env TEXT NOT NULL, store_id TEXT NOT NULL, partition_id TEXT NOT NULL, key_id TEXT NOT NULL,
  value_type TEXT NOT NULL,
  string_value TEXT,
  number_value REAL,
  binary_value TEXT,
  metadata TEXT,
  size_bytes INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_by_key ON pending_writes (org, env, store_id, partition_id, key_id, created_at_ms);
`;

type Row = Record<string, unknown>;
const VALUE_COLUMNS = "value_type, string_value, number_value, binary_value, metadata, size_bytes";
const KEY_COLUMNS = `org, env, store_id, partition_id, key_id, ${VALUE_COLUMNS}, created_at_ms, updated_at_ms, expires_at_ms`;
const PENDING_COLUMNS = `confirmation_id, org, env, store_id, partition_id, key_id, ${VALUE_COLUMNS}, created_at_ms, expires_at_ms`;
const nn = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function valueFromRow(row: Row): StoredValue {
    const value: StoredValue = { valueType: row.value_type as ValueType, sizeBytes: Number(row.size_bytes) };
    if (row.string_value !== null && row.string_value !== undefined) value.stringValue = String(row.string_value);
    if (row.number_value !== null && row.number_value !== undefined) value.numberValue = Number(row.number_value);
    if (row.binary_value !== null && row.binary_value !== undefined) value.binaryValue = String(row.binary_value);
    if (row.metadata !== null && row.metadata !== undefined) value.metadata = String(row.metadata);
    return value;
}

function keyRefFromRow(row: Row): KeyRef {
    return {
        organizationId: String(row.org),
        environmentId: String(row.env),
        storeId: String(row.store_id),
        partitionId: String(row.partition_id),
        keyId: String(row.key_id),
    };
}

function storeFromRow(row: Row): StoreRecord {
    const hasLimits = row.usage_enforcement !== null && row.usage_enforcement !== undefined;
    return {
        ref: { organizationId: String(row.org), environmentId: String(row.env), storeId: String(row.store_id) },
        defaultTtlSeconds: Number(row.default_ttl_seconds),
        defaultConfirmationTtlSeconds: Number(row.default_confirmation_ttl_seconds),
        persistent: row.persistent === 1,
        encrypted: row.encrypted === 1,
        isFixedTtl: row.is_fixed_ttl === null ? null : row.is_fixed_ttl === 1,
        usageLimits: hasLimits
            ? {
                  maxKeys: row.usage_max_keys === null ? null : Number(row.usage_max_keys),
                  maxSizeBytes: row.usage_max_size_bytes === null ? null : Number(row.usage_max_size_bytes),
                  enforcement: row.usage_enforcement as "REJECT" | "WARN",
              }
            : null,
        createdAtMs: Number(row.created_at_ms),
        updatedAtMs: Number(row.updated_at_ms),
    };
}

const valueParams = (v: StoredValue) => [v.valueType, nn(v.stringValue), nn(v.numberValue), nn(v.binaryValue), nn(v.metadata), v.sizeBytes];
const keyParams = (r: KeyRef) => [r.organizationId, r.environmentId, r.storeId, r.partitionId, r.keyId];
const partitionParams = (r: PartitionRef) => [r.organizationId, r.environmentId, r.storeId, r.partitionId];
const storeParams = (r: StoreRef) => [r.organizationId, r.environmentId, r.storeId];

/**
 * Storage in one SQLite file (node:sqlite, WAL journal, synchronous=FULL): a write acknowledged
 * with a 2xx response has been committed and fsynced, so it survives `kill -9`. Compound
 * operations run in one transaction (BEGIN IMMEDIATE ... COMMIT, nested calls join it).
 */
export class SqliteStorage implements StorageBackend {
    readonly kind = "sqlite" as const;
    private depth = 0;
    private readonly statements = new Map<string, StatementSync>();

    private constructor(private readonly db: DatabaseSync) {}

    /** Opens (creating if needed) the database in `dataDir`. */
    static open(dataDir: string): SqliteStorage {
        mkdirSync(dataDir, { recursive: true });
        const { DatabaseSync } = loadSqlite();
        const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
        db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
        db.exec(SCHEMA);
        const storage = new SqliteStorage(db);
        const version = storage.getMeta("schemaVersion");
        if (version === undefined) storage.setMeta("schemaVersion", SCHEMA_VERSION);
        else if (version !== SCHEMA_VERSION)
            throw new Error(`${join(dataDir, DATABASE_FILE)} has schema version ${version}; this emulator expects ${SCHEMA_VERSION}`);
        return storage;
    }

    private stmt(sql: string): StatementSync {
        let s = this.statements.get(sql);
        if (!s) {
            s = this.db.prepare(sql);
            this.statements.set(sql, s);
        }
        return s;
    }

    private run(sql: string, ...params: unknown[]): number {
        return Number(this.stmt(sql).run(...(params as never[])).changes);
    }

    private get(sql: string, ...params: unknown[]): Row | undefined {
        return this.stmt(sql).get(...(params as never[])) as Row | undefined;
    }

    private all(sql: string, ...params: unknown[]): Row[] {
        return this.stmt(sql).all(...(params as never[])) as Row[];
    }

    transaction<T>(fn: () => T): T {
        if (this.depth > 0) {
            this.depth++;
            try {
                return fn();
            } finally {
                this.depth--;
            }
        }
        this.db.exec("BEGIN IMMEDIATE");
        this.depth = 1;
        try {
            const result = fn();
            this.db.exec("COMMIT");
            return result;
        } catch (e) {
            this.db.exec("ROLLBACK");
            throw e;
        } finally {
            this.depth = 0;
        }
    }

    getStore(ref: StoreRef): StoreRecord | undefined {
        const row = this.get("SELECT * FROM stores WHERE org = ? AND env = ? AND store_id = ?", ...storeParams(ref));
        return row ? storeFromRow(row) : undefined;
    }

    upsertStore(r: StoreRecord): void {
        const limits = r.usageLimits;
        this.run(
            `INSERT INTO stores (org, env, store_id, default_ttl_seconds, default_confirmation_ttl_seconds, persistent, encrypted,
         is_fixed_ttl, usage_max_keys, usage_max_size_bytes, usage_enforcement, created_at_ms, updated_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (org, env, store_id) DO UPDATE SET
         default_ttl_seconds = excluded.default_ttl_seconds,
         default_confirmation_ttl_seconds = excluded.default_confirmation_ttl_seconds,
         persistent = excluded.persistent, encrypted = excluded.encrypted, is_fixed_ttl = excluded.is_fixed_ttl,
         usage_max_keys = excluded.usage_max_keys, usage_max_size_bytes = excluded.usage_max_size_bytes,
         usage_enforcement = excluded.usage_enforcement, updated_at_ms = excluded.updated_at_ms`,
            ...storeParams(r.ref),
            r.defaultTtlSeconds,
            r.defaultConfirmationTtlSeconds,
            r.persistent ? 1 : 0,
            r.encrypted ? 1 : 0,
            r.isFixedTtl === null ? null : r.isFixedTtl ? 1 : 0,
            limits ? limits.maxKeys : null,
            limits ? limits.maxSizeBytes : null,
            limits ? limits.enforcement : null,
            r.createdAtMs,
            r.updatedAtMs,
        );
    }

    deleteStore(ref: StoreRef): boolean {
        return this.transaction(() => {
            const p = storeParams(ref);
            const where = "WHERE org = ? AND env = ? AND store_id = ?";
            this.run(`DELETE FROM keys ${where}`, ...p);
            this.run(`DELETE FROM partitions ${where}`, ...p);
            this.run(`DELETE FROM pending_writes ${where}`, ...p);
            return this.run(`DELETE FROM stores ${where}`, ...p) > 0;
        });
    }

    listStores(scope: EnvironmentScope, o: ListOptions): Page<StoreRecord> {
        const rows = this.all(
            `SELECT * FROM stores WHERE org = ? AND env = ?
         AND (?3 IS NULL OR store_id > ?3)
         AND (?4 IS NULL OR substr(store_id, 1, length(?4)) = ?4)
       ORDER BY store_id LIMIT ?5 OFFSET ?6`,
            scope.organizationId,
            scope.environmentId,
            nn(o.after),
            o.beginsWith || null,
            o.limit === undefined ? -1 : o.limit + 1,
            o.offset ?? 0,
        );
        return this.page(rows.map(storeFromRow), o.limit);
    }

    listAllStores(): StoreRecord[] {
        return this.all("SELECT * FROM stores ORDER BY org, env, store_id").map(storeFromRow);
    }

    partitionExists(ref: PartitionRef): boolean {
        return (
            this.get(
                "SELECT 1 AS x FROM partitions WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ?",
                ...partitionParams(ref),
            ) !== undefined
        );
    }

    ensurePartition(ref: PartitionRef, nowMs: number): void {
        this.run(
            "INSERT OR IGNORE INTO partitions (org, env, store_id, partition_id, created_at_ms) VALUES (?, ?, ?, ?, ?)",
            ...partitionParams(ref),
            nowMs,
        );
    }

    listPartitions(store: StoreRef, o: ListOptions): Page<string> {
        const rows = this.all(
            `SELECT partition_id FROM partitions WHERE org = ? AND env = ? AND store_id = ?
         AND (?4 IS NULL OR partition_id > ?4)
         AND (?5 IS NULL OR substr(partition_id, 1, length(?5)) = ?5)
       ORDER BY partition_id LIMIT ?6 OFFSET ?7`,
            ...storeParams(store),
            nn(o.after),
            o.beginsWith || null,
            o.limit === undefined ? -1 : o.limit + 1,
            o.offset ?? 0,
        );
        return this.page(
            rows.map((r) => String(r.partition_id)),
            o.limit,
        );
    }

    deletePartition(ref: PartitionRef): boolean {
        return this.transaction(() => {
            const p = partitionParams(ref);
            const where = "WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ?";
            this.run(`DELETE FROM keys ${where}`, ...p);
            this.run(`DELETE FROM pending_writes ${where}`, ...p);
            return this.run(`DELETE FROM partitions ${where}`, ...p) > 0;
        });
    }

    deleteAllPartitions(store: StoreRef): number {
        return this.transaction(() => {
            const p = storeParams(store);
            const where = "WHERE org = ? AND env = ? AND store_id = ?";
            this.run(`DELETE FROM keys ${where}`, ...p);
            this.run(`DELETE FROM pending_writes ${where}`, ...p);
            return this.run(`DELETE FROM partitions ${where}`, ...p);
        });
    }

    getKey(ref: KeyRef, nowMs: number): KeyRecord | undefined {
        const row = this.get(
            `SELECT ${KEY_COLUMNS} FROM keys WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ? AND key_id = ? AND expires_at_ms > ?`,
            ...keyParams(ref),
            nowMs,
        );
        return row ? this.keyFromRow(row) : undefined;
    }

    putKey(r: KeyRecord): void {
        this.run(
            `INSERT OR REPLACE INTO keys (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            ...keyParams(r.ref),
            ...valueParams(r),
            r.createdAtMs,
            r.updatedAtMs,
            r.expiresAtMs,
        );
    }

    touchKey(ref: KeyRef, expiresAtMs: number): void {
        this.run(
            "UPDATE keys SET expires_at_ms = ? WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ? AND key_id = ?",
            expiresAtMs,
            ...keyParams(ref),
        );
    }

    deleteKey(ref: KeyRef, nowMs: number): boolean {
        return this.transaction(() => {
            const live = this.getKey(ref, nowMs) !== undefined;
            this.run("DELETE FROM keys WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ? AND key_id = ?", ...keyParams(ref));
            return live;
        });
    }

    deleteAllKeys(ref: PartitionRef, nowMs: number): number {
        return this.transaction(() => {
            const where = "WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ?";
            const live = Number(
                this.get(`SELECT count(*) AS n FROM keys ${where} AND expires_at_ms > ?`, ...partitionParams(ref), nowMs)?.n ?? 0,
            );
            this.run(`DELETE FROM keys ${where}`, ...partitionParams(ref));
            return live;
        });
    }

    listKeys(ref: PartitionRef, o: KeyListOptions, withValues: boolean): Page<KeyRecord> {
        const columns = withValues
            ? KEY_COLUMNS
            : "org, env, store_id, partition_id, key_id, value_type, size_bytes, created_at_ms, updated_at_ms, expires_at_ms";
        const rows = this.all(
            `SELECT ${columns} FROM keys WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ? AND expires_at_ms > ?5
         AND (?6 IS NULL OR key_id > ?6)
         AND (?7 IS NULL OR (key_id >= ?7 AND substr(key_id, 1, length(?7)) = ?7))
       ORDER BY key_id LIMIT ?8 OFFSET ?9`,
            ...partitionParams(ref),
            o.nowMs,
            nn(o.after),
            o.beginsWith || null,
            o.limit === undefined ? -1 : o.limit + 1,
            o.offset ?? 0,
        );
        return this.page(
            rows.map((r) => this.keyFromRow(r)),
            o.limit,
        );
    }

    countKeysBefore(ref: PartitionRef, keyId: string, nowMs: number): number {
        const row = this.get(
            "SELECT count(*) AS n FROM keys WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ? AND expires_at_ms > ? AND key_id < ?",
            ...partitionParams(ref),
            nowMs,
            keyId,
        );
        return Number(row?.n ?? 0);
    }

    storeUsage(store: StoreRef, nowMs: number): StoreUsage {
        const row = this.get(
            "SELECT count(*) AS n, coalesce(sum(size_bytes), 0) AS bytes FROM keys WHERE org = ? AND env = ? AND store_id = ? AND expires_at_ms > ?",
            ...storeParams(store),
            nowMs,
        );
        return { keyCount: Number(row?.n ?? 0), sizeBytes: Number(row?.bytes ?? 0) };
    }

    putPendingWrite(r: PendingWriteRecord): void {
        this.run(
            `INSERT INTO pending_writes (${PENDING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            r.confirmationId,
            ...keyParams(r.ref),
            ...valueParams(r),
            r.createdAtMs,
            r.expiresAtMs,
        );
    }

    getPendingWrite(confirmationId: string, nowMs: number): PendingWriteRecord | undefined {
        const row = this.get(
            `SELECT ${PENDING_COLUMNS} FROM pending_writes WHERE confirmation_id = ? AND expires_at_ms > ?`,
            confirmationId,
            nowMs,
        );
        return row ? this.pendingFromRow(row) : undefined;
    }

    latestPendingWrite(ref: KeyRef, nowMs: number): PendingWriteRecord | undefined {
        const row = this.get(
            `SELECT ${PENDING_COLUMNS} FROM pending_writes
       WHERE org = ? AND env = ? AND store_id = ? AND partition_id = ? AND key_id = ? AND expires_at_ms > ?
       ORDER BY created_at_ms DESC, rowid DESC LIMIT 1`,
            ...keyParams(ref),
            nowMs,
        );
        return row ? this.pendingFromRow(row) : undefined;
    }

    deletePendingWrite(confirmationId: string): boolean {
        return this.run("DELETE FROM pending_writes WHERE confirmation_id = ?", confirmationId) > 0;
    }

    setPendingWriteExpiry(confirmationId: string, expiresAtMs: number): void {
        this.run("UPDATE pending_writes SET expires_at_ms = ? WHERE confirmation_id = ?", expiresAtMs, confirmationId);
    }

    listAllPendingWrites(nowMs: number): PendingWriteRecord[] {
        return this.all(`SELECT ${PENDING_COLUMNS} FROM pending_writes WHERE expires_at_ms > ? ORDER BY created_at_ms, rowid`, nowMs).map(
            (r) => this.pendingFromRow(r),
        );
    }

    purgeExpired(nowMs: number): void {
        this.transaction(() => {
            this.run("DELETE FROM keys WHERE expires_at_ms <= ?", nowMs);
            this.run("DELETE FROM pending_writes WHERE expires_at_ms <= ?", nowMs);
        });
    }

    getMeta(name: string): string | undefined {
        const row = this.get("SELECT value FROM meta WHERE name = ?", name);
        return row ? String(row.value) : undefined;
    }

    setMeta(name: string, value: string): void {
        this.run("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", name, value);
    }

    wipe(): void {
        this.transaction(() => {
            for (const table of ["keys", "partitions", "pending_writes", "stores"]) this.run(`DELETE FROM ${table}`);
            this.run("DELETE FROM meta WHERE name <> 'schemaVersion'");
        });
    }

    close(): void {
        if (this.db.isOpen) this.db.close();
    }

    private page<T>(items: T[], limit: number | undefined): Page<T> {
        if (limit === undefined || items.length <= limit) return { items, hasMore: false };
        return { items: items.slice(0, limit), hasMore: true };
    }

    private keyFromRow(row: Row): KeyRecord {
        return {
            ...valueFromRow(row),
            ref: keyRefFromRow(row),
            createdAtMs: Number(row.created_at_ms),
            updatedAtMs: Number(row.updated_at_ms),
            expiresAtMs: Number(row.expires_at_ms),
        };
    }

    private pendingFromRow(row: Row): PendingWriteRecord {
        return {
            ...valueFromRow(row),
            confirmationId: String(row.confirmation_id),
            ref: keyRefFromRow(row),
            createdAtMs: Number(row.created_at_ms),
            expiresAtMs: Number(row.expires_at_ms),
        };
    }
}

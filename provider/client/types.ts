/**
 * Wire shapes of the MuleSoft Anypoint Object Store v2 (OSv2) REST API, exactly as the service
 * sends and accepts them (camelCase JSON).
 *
 * Sources: https://docs.mulesoft.com/object-store/osv2-apis (examples of every shape below) and
 * the developer portal listing https://dev-portal.mulesoft.com/apis/object-store-v2.html (routes).
 * Fields the public docs do not show (usageLimits) are marked as such.
 *
 * This file holds plain types only, so the emulator may share it without sharing behaviour.
 */

/** One page of a paginated OSv2 listing: `{"values":[...],"nextPageToken":null}`. */
export interface Page<T> {
    /** The items of this page (OSv2 returns at most 25 per page). */
    values: T[];
    /** Opaque token for the next page, or `null` on the last page. */
    nextPageToken: string | null;
}

/** Paging parameters accepted by the list operations (query `pageSize`, `nextPageToken`). */
export interface PageRequest {
    /** Items per page; OSv2 serves at most 25. */
    pageSize?: number;
    /** Token returned by the previous page. */
    nextPageToken?: string | null;
}

/**
 * Per-store usage limits. The docs mention "usage limits for each application or environment,
 * including options for limits based on keys or size, and how to enforce them" but do not show
 * the field names; these names are this project's choice (shared with the emulator).
 */
export interface UsageLimits {
    /** Maximum number of keys in the store, or `null` for no limit. */
    maxKeys: number | null;
    /** Maximum total size of the store's values in bytes, or `null` for no limit. */
    maxSizeBytes: number | null;
    /** What happens when a limit is reached: reject the write, or only warn. */
    enforcement: "REJECT" | "WARN";
}

/** A store as returned by GET/PUT/PATCH `.../stores/{storeId}` and in the store listing. */
export interface StoreInfo {
    /** Store id (1 … 256 characters). */
    storeId: string;
    /** Whether the store is encrypted at rest (all OSv2 data is; the flag is still reported). */
    encrypted: boolean;
    /** Reported by OSv2; meaning not documented (always `false` in the docs' examples). */
    permanentOsFlag: boolean;
    /** Whether entries survive app restarts (always `true` for stores seen through the API). */
    persistent: boolean;
    /** Default entry time to live, in seconds (max 2,592,000 = 30 days; the service clamps). */
    defaultTtlSeconds: number;
    /** Default time to live of unconfirmed (confirmable) writes, in seconds (600 by default). */
    defaultConfirmationTtlSeconds: number;
    /** `true` = static TTL (not extended on access); `false`/`null` = rolling TTL. */
    isFixedTtl: boolean | null;
    /** Usage limits, or `null` when none are set (not shown in public docs, see {@link UsageLimits}). */
    usageLimits: UsageLimits | null;
}

/** The writable settings of a store (body of PUT and PATCH `.../stores/{storeId}`); any subset. */
export interface StoreSettings {
    /** Seconds; 1..2,592,000 (larger values are clamped to 2,592,000 by the service). */
    defaultTtlSeconds?: number;
    /** Seconds. */
    defaultConfirmationTtlSeconds?: number;
    persistent?: boolean;
    isFixedTtl?: boolean | null;
    usageLimits?: UsageLimits | null;
}

/** Type of a stored value. */
export type ValueType = "STRING" | "NUMBER" | "BINARY";

/** A key's value as returned by GET/PUT/POST `.../partitions/{partitionId}/keys/{keyId}`. */
export interface KeyValue {
    keyId: string;
    valueType: ValueType;
    /** Present when `valueType` is `STRING`. */
    stringValue?: string;
    /** Present when `valueType` is `NUMBER`. */
    numberValue?: number;
    /** Present when `valueType` is `BINARY`: base64 of the bytes. */
    binaryValue?: string;
    /** Free-form metadata (≤ 4 KB); its exact type is undocumented (string in the dev portal example). */
    metadata?: unknown;
}

/** The value to write with PUT/POST on a key: one of the three typed forms, plus optional metadata. */
export type KeyValueInput =
    | { valueType: "STRING"; stringValue: string; metadata?: unknown }
    | { valueType: "NUMBER"; numberValue: number; metadata?: unknown }
    | { valueType: "BINARY"; /** base64 */ binaryValue: string; metadata?: unknown };

/**
 * What the partition value listing `GET .../partitions/{partitionId}?inclusion=` returns per item
 * (query `inclusion`; the values are not documented [UNK], the emulator answers `KEYS` with keys,
 * `VALUES` with values, `ALL` with both).
 */
export type ValueInclusion = "KEYS" | "VALUES" | "ALL";

/**
 * An item of the partition value listing `GET .../partitions/{partitionId}` ("Retrieve the values
 * stored", developer portal), as decoded: each field only when the service sent it. The portal's
 * example items carry `index`, `metadata`, `valueType` and `stringValue` but no `keyId`, so whether
 * a service names the keys is checked per answer (./partition-values `servesValues`).
 */
export interface PartitionValueItem {
    /** The key, when the service names it. */
    keyId?: string;
    /** The item's position as the service reports it. */
    index?: number;
    /** The value, when the item carries `valueType` and its value field (or one value field alone). */
    value?: Omit<KeyValue, "keyId">;
}

/** An item of the key listing `GET .../partitions/{partitionId}/keys`. */
export interface KeyRef {
    keyId: string;
}

/** An element of `GET /api/v1/organizations/{orgId}/regions` (a bare JSON array). */
export interface Region {
    /** e.g. `us-east-1`. */
    id: string;
    /** e.g. `US East (N. Virginia)`. */
    name: string;
    /** As reported by the service; it does not match the real hostnames, so do not call it. */
    url?: string;
}

/** Granularity of usage statistics (Stats API `period` query parameter). */
export type StatsPeriod = "1hour" | "1day" | "1month";

/** One bucket of the Stats API response (a bare JSON array of these). */
export interface UsageStat {
    /** Start of the bucket, ISO-8601, e.g. `2024-08-01T00:00:00Z`. */
    timeStamp: string;
    /** Number of billable OSv2 requests in the bucket. */
    objectStoreRequestCount: number;
}

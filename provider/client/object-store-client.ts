/**
 * REST client for MuleSoft Anypoint Object Store v2 (OSv2) and its Stats API: one method per OSv2
 * operation used by the resources, the lookups and the planned import/bulk features; each method's
 * doc names the endpoint (paths in ./paths, prefixes `P`, `S`, `K` as there).
 *
 * Transport (./transport, ./http): got, with retries, a per-attempt timeout, a client-side rate
 * limit shared in the process, a bearer token injected by a got `beforeRequest` hook and one token
 * renewal + retry after a 401. Failures throw {@link ObjectStoreApiError} (status, operation, path,
 * server message; no secrets). "Not found" is not an error where the method says so (it returns
 * `undefined`/`false`).
 */

import { inspect } from "node:util";
import { compact } from "../util/objects";
import type { TokenSource } from "./auth";
import { createKeyOnce } from "./create-key";
import { ObjectStoreConfigError } from "./errors";
import { createHttp } from "./http";
import type { RetryPolicy } from "./retry";
import * as paths from "./paths";
import { DEFAULT_REQUESTS_PER_SECOND, sharedLimiter } from "./ratelimit";
import { trimBase } from "./regions";
import type { SettingNames } from "./setting-names";
import { Transport, type CallSpec } from "./transport";
import type {
    KeyRef,
    KeyValue,
    KeyValueInput,
    Page,
    PageRequest,
    PartitionValueItem,
    Region,
    StatsPeriod,
    StoreInfo,
    StoreSettings,
    UsageStat,
    ValueInclusion,
} from "./types";
import {
    decodeKeyRef,
    decodeKeyValue,
    decodePage,
    decodePartitionValue,
    decodeRegions,
    decodeStore,
    decodeUsageStats,
    keyBody,
    normalizeStore,
} from "./wire";

/** Settings of an {@link ObjectStoreClient}. */
export interface ClientSettings {
    /**
     * Object Store base URL without `/api/v1`, e.g. `https://object-store-us-east-1.anypoint.mulesoft.com`
     * or the emulator's `http://127.0.0.1:PORT`. A path prefix is kept (private endpoints).
     */
    baseUrl: string;
    organizationId: string;
    environmentId: string;
    /** Supplies the bearer token. */
    tokenSource: TokenSource;
    /** Retry policy (see ./retry: 429, 502/503/504 and resets retried within a 120 s budget by default). */
    retry?: RetryPolicy;
    /** Client-side limit in requests/s, shared per application credential in the process. Default 10; 0 disables it. */
    requestsPerSecond?: number;
    /** Per-attempt timeout, ms. Default 60,000. */
    timeoutMs?: number;
    /**
     * Stats API base URL without `/api/v1`, e.g. `https://object-store-stats.anypoint.mulesoft.com`.
     * Default: `baseUrl`. `null` = the Stats API is not available (Gov, Canada, Japan clouds).
     */
    statsBaseUrl?: string | null;
    /** How failures' advice names the settings: the stack's `anypoint:*` config (default) or an explicit provider's arguments. */
    settingNames?: SettingNames;
}

/** Filter and paging of {@link ObjectStoreClient.listStores} / {@link ObjectStoreClient.listKeys}. */
export interface ListOptions extends PageRequest {
    /** Only ids starting with this prefix (query `beginsWith`). */
    beginsWith?: string;
}

/** Paging and content of {@link ObjectStoreClient.listValues}. */
export interface ValueListOptions extends PageRequest {
    /** What each item carries (query `inclusion`): `ALL` (default) = key and value. */
    inclusion?: ValueInclusion;
}

/** Query of {@link ObjectStoreClient.getUsageStats}. */
export interface UsageStatsQuery {
    /**
     * `organization` -> GET /api/v1/organizations/{org};
     * `environment` -> .../environments/{env}; `region` -> .../regions/{region};
     * `store` -> .../regions/{region}/stores/{storeId}. Default `environment`.
     */
    level?: paths.UsageStatsLevel;
    /** Region id (required for `region` and `store`). */
    region?: string;
    /** Store id (required for `store`). */
    storeId?: string;
    /** Defaults to the client's organization. */
    organizationId?: string;
    /** Defaults to the client's environment. */
    environmentId?: string;
    /** Start of the window (sent as ISO-8601). */
    startDate: Date;
    /** End of the window. Max window: 1 day for `1hour`, 1 month for `1day`, 2 months for `1month` (else HTTP 400). */
    endDate: Date;
    period: StatsPeriod;
    /** With the root organization at `organization` level: include all sub-organizations. */
    isMaster?: boolean;
}

const STATS_OPERATIONS = {
    organization: "GetOrganizationUsage",
    environment: "GetEnvironmentUsage",
    region: "GetRegionUsage",
    store: "GetStoreUsage",
};

/**
 * The client. Create one per (endpoint, org, env, credential), or use `getClient()` from
 * provider/config/clients.ts, which caches them.
 */
export class ObjectStoreClient {
    readonly baseUrl: string;
    readonly organizationId: string;
    readonly environmentId: string;
    readonly statsBaseUrl: string | null;
    readonly #tokenSource: TokenSource;
    readonly #retry: RetryPolicy | undefined;
    readonly #t: Transport;

    constructor(settings: ClientSettings) {
        for (const k of ["baseUrl", "organizationId", "environmentId"] as const) {
            if (typeof settings[k] !== "string" || settings[k].trim() === "") {
                throw new ObjectStoreConfigError([{ settings: [k], message: `ObjectStoreClient: ${k} is required.` }]);
            }
        }
        if (!settings.tokenSource) {
            throw new ObjectStoreConfigError([{ settings: ["tokenSource"], message: "ObjectStoreClient: tokenSource is required." }]);
        }
        this.baseUrl = trimBase(settings.baseUrl);
        this.organizationId = settings.organizationId;
        this.environmentId = settings.environmentId;
        this.statsBaseUrl = settings.statsBaseUrl === null ? null : trimBase(settings.statsBaseUrl ?? settings.baseUrl);
        this.#tokenSource = settings.tokenSource;
        this.#retry = settings.retry;
        const common = { retry: settings.retry, timeoutMs: settings.timeoutMs, tokenSource: settings.tokenSource };
        this.#t = new Transport({
            baseUrl: this.baseUrl,
            statsBaseUrl: this.statsBaseUrl,
            organizationId: this.organizationId,
            environmentId: this.environmentId,
            tokenSource: settings.tokenSource,
            settingNames: settings.settingNames,
            http: createHttp({
                ...common,
                // Shared by every client of the same application: OSv2 counts requests per application.
                limiter: sharedLimiter(settings.tokenSource.application, settings.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND),
            }),
            // The Stats API is a different service with its own limits: not paced by the data-plane limiter.
            statsHttp: createHttp(common),
        });
    }

    /** Kind and identity of the credential in use (safe to log). */
    get credentialIdentity(): string {
        return this.#tokenSource.identity;
    }

    // ---------------------------------------------------------------- regions

    /**
     * Regions where OSv2 is available to the organization.
     * `GET /api/v1/organizations/{orgId}/regions` -> bare array `[{id, name, url}]`.
     * Note the returned `url`s do not match the real hostnames; build hosts with `objectStoreBaseUrl`.
     */
    async listRegions(): Promise<Region[]> {
        return this.#t.fetch({ operation: "ListRegions", method: "GET", path: paths.regionsPath(this.organizationId) }, decodeRegions);
    }

    // ---------------------------------------------------------------- stores

    /**
     * One page of the environment's stores.
     * `GET P/stores?pageSize=&nextPageToken=&beginsWith=` -> `{values: StoreInfo[], nextPageToken}`.
     */
    async listStores(options: ListOptions = {}): Promise<Page<StoreInfo>> {
        const spec: CallSpec = {
            operation: "ListStores",
            method: "GET",
            path: paths.storesPath(this),
            query: { pageSize: options.pageSize, nextPageToken: options.nextPageToken, beginsWith: options.beginsWith },
        };
        return this.#t.fetch(spec, (body) => decodePage(body, normalizeStore));
    }

    /** All stores (follows `nextPageToken`), optionally only ids starting with `beginsWith`. */
    async listAllStores(options: { beginsWith?: string } = {}): Promise<StoreInfo[]> {
        const spec: CallSpec = { operation: "ListStores", method: "GET", path: paths.storesPath(this) };
        return this.#t.allPages(spec, (nextPageToken) => this.listStores({ ...options, nextPageToken }));
    }

    /** A store, or `undefined` when it does not exist. `GET S` -> StoreInfo (404 -> undefined). */
    async getStore(storeId: string): Promise<StoreInfo | undefined> {
        const spec: CallSpec = { operation: "GetStore", method: "GET", path: paths.storePath(this, storeId) };
        const res = await this.#t.callOr404(spec);
        return res && this.#t.decode(spec, res, decodeStore);
    }

    /**
     * Creates the store, or replaces its settings when it exists.
     * `PUT S` with a JSON body of the given settings (unset fields are not sent: server defaults apply;
     * `null` is sent, e.g. `usageLimits: null` removes the limits) -> 201 (created) / 200 (replaced) with the StoreInfo.
     */
    async putStore(storeId: string, settings: StoreSettings = {}): Promise<StoreInfo> {
        const body = compact(settings, { keepNull: true });
        return this.#t.fetch({ operation: "PutStore", method: "PUT", path: paths.storePath(this, storeId), body }, decodeStore);
    }

    /**
     * Creates the store with one `PUT S` (OSv2 has no create-only call for stores) and says what its
     * status tells about what was there: 201 Created -> `created: true`; 200 OK -> `created: false`
     * (the store existed: this PUT has replaced its settings); any other 2xx (e.g. 204) ->
     * `created: undefined` (the service does not say). The emulator answers 201/200 (its README,
     * "Routes"); osv2-api-notes §4.1 has 201 for a create from a third-party client and leaves the
     * answer for an existing store unknown.
     */
    async createStore(storeId: string, settings: StoreSettings = {}): Promise<{ store: StoreInfo; created: boolean | undefined }> {
        const spec: CallSpec = {
            operation: "PutStore",
            method: "PUT",
            path: paths.storePath(this, storeId),
            body: compact(settings, { keepNull: true }),
        };
        const res = await this.#t.call(spec);
        const created = res.statusCode === 201 ? true : res.statusCode === 200 ? false : undefined;
        return { store: this.#t.decode(spec, res, decodeStore), created };
    }

    /**
     * Changes some settings of an existing store. `PATCH S` with the given fields -> StoreInfo.
     * @throws ObjectStoreApiError 404 when the store does not exist.
     */
    async patchStore(storeId: string, settings: Partial<StoreSettings>): Promise<StoreInfo> {
        const body = compact(settings, { keepNull: true });
        return this.#t.fetch({ operation: "PatchStore", method: "PATCH", path: paths.storePath(this, storeId), body }, decodeStore);
    }

    /**
     * Deletes a store with all its partitions and keys. `DELETE S`.
     * @returns true when deleted, false when it did not exist (404).
     */
    async deleteStore(storeId: string): Promise<boolean> {
        return (
            (await this.#t.callOr404({ operation: "DeleteStore", method: "DELETE", path: paths.storePath(this, storeId) })) !== undefined
        );
    }

    // ---------------------------------------------------------------- partitions

    /** One page of partition ids. `GET S/partitions` -> `{values: string[], nextPageToken}`. */
    async listPartitions(storeId: string, page: PageRequest = {}): Promise<Page<string>> {
        const spec: CallSpec = {
            operation: "ListPartitions",
            method: "GET",
            path: paths.partitionsPath(this, storeId),
            query: { pageSize: page.pageSize, nextPageToken: page.nextPageToken },
        };
        return this.#t.fetch(spec, (body) => decodePage(body, (v) => (typeof v === "string" ? v : undefined)));
    }

    /** All partition ids of a store (follows `nextPageToken`). */
    async listAllPartitions(storeId: string): Promise<string[]> {
        const spec: CallSpec = { operation: "ListPartitions", method: "GET", path: paths.partitionsPath(this, storeId) };
        return this.#t.allPages(spec, (nextPageToken) => this.listPartitions(storeId, { nextPageToken }));
    }

    /** Whether a partition exists. `HEAD S/partitions/{p}` -> 200 true / 404 false. */
    async partitionExists(storeId: string, partitionId: string): Promise<boolean> {
        const spec: CallSpec = { operation: "HeadPartition", method: "HEAD", path: paths.partitionPath(this, storeId, partitionId) };
        return (await this.#t.callOr404(spec)) !== undefined;
    }

    /**
     * One page of the values stored in a partition ("Retrieve the values stored", developer portal).
     * `GET S/partitions/{p}?inclusion=&pageSize=&nextPageToken=` -> `{values: [{keyId?, index?,
     * valueType, stringValue|numberValue|binaryValue, metadata?}], nextPageToken}`. Items are decoded
     * as far as they go (see {@link PartitionValueItem}); whether the answer really serves values is
     * for the caller to judge (./partition-values `servesValues`): OSv2's docs show items without keyId.
     * @throws ObjectStoreApiError 404 when the partition (or store) does not exist, or when the
     *   service does not offer this listing; any other failure of the call.
     */
    async listValues(storeId: string, partitionId: string, options: ValueListOptions = {}): Promise<Page<PartitionValueItem>> {
        const spec: CallSpec = {
            operation: "ListValues",
            method: "GET",
            path: paths.partitionPath(this, storeId, partitionId),
            query: { inclusion: options.inclusion ?? "ALL", pageSize: options.pageSize, nextPageToken: options.nextPageToken },
        };
        return this.#t.fetch(spec, (body) => decodePage(body, decodePartitionValue));
    }

    /**
     * Deletes a partition and every key in it. `DELETE S/partitions/{p}`.
     * @returns true when deleted, false when it did not exist (404).
     */
    async deletePartition(storeId: string, partitionId: string): Promise<boolean> {
        const spec: CallSpec = { operation: "DeletePartition", method: "DELETE", path: paths.partitionPath(this, storeId, partitionId) };
        return (await this.#t.callOr404(spec)) !== undefined;
    }

    // ---------------------------------------------------------------- keys

    /**
     * One page of the keys of a partition.
     * `GET S/partitions/{p}/keys?beginsWith=&pageSize=&nextPageToken=` -> `{values: [{keyId}], nextPageToken}`.
     */
    async listKeys(storeId: string, partitionId: string, options: ListOptions = {}): Promise<Page<KeyRef>> {
        const spec: CallSpec = {
            operation: "ListKeys",
            method: "GET",
            path: paths.keysPath(this, storeId, partitionId),
            query: { beginsWith: options.beginsWith, pageSize: options.pageSize, nextPageToken: options.nextPageToken },
        };
        return this.#t.fetch(spec, (body) => decodePage(body, decodeKeyRef));
    }

    /** All key ids of a partition (follows `nextPageToken`). */
    async listAllKeys(storeId: string, partitionId: string, options: { beginsWith?: string } = {}): Promise<string[]> {
        const spec: CallSpec = { operation: "ListKeys", method: "GET", path: paths.keysPath(this, storeId, partitionId) };
        const refs = await this.#t.allPages(spec, (nextPageToken) => this.listKeys(storeId, partitionId, { ...options, nextPageToken }));
        return refs.map((r) => r.keyId);
    }

    /** A key's value, or `undefined` when the key (or its partition/store) does not exist. `GET K`. */
    async getKey(storeId: string, partitionId: string, keyId: string): Promise<KeyValue | undefined> {
        const spec: CallSpec = { operation: "GetKey", method: "GET", path: paths.keyPath(this, storeId, partitionId, keyId) };
        const res = await this.#t.callOr404(spec);
        return res && this.#t.decode(spec, res, (body) => decodeKeyValue(body, keyId));
    }

    /**
     * Creates or overwrites a key (the partition is created implicitly).
     * `PUT K`, `application/json` `{keyId, valueType, stringValue|numberValue|binaryValue, metadata?}` -> KeyValue.
     * Limits: value ≤ 10 MB base64-encoded, metadata ≤ 4 KB (413/400 otherwise).
     */
    async putKey(storeId: string, partitionId: string, keyId: string, value: KeyValueInput): Promise<KeyValue> {
        return this.#writeKey("PutKey", "PUT", storeId, partitionId, keyId, value);
    }

    /**
     * Creates a key that must not exist yet. `POST K`, `application/json` (as in the docs' "Store a
     * Key-Value Pair" example) -> KeyValue. When the answer is lost (reset, timeout, 502/503/504) the
     * key is read back instead of blindly posting again, so the caller's own create never comes back
     * as a 409 (see ./create-key).
     * @throws ObjectStoreApiError with statusCode 409 when the key already exists (with another value
     *   if this call's own answer was lost).
     */
    async createKey(storeId: string, partitionId: string, keyId: string, value: KeyValueInput): Promise<KeyValue> {
        return createKeyOnce({
            post: () => this.#writeKey("CreateKey", "POST", storeId, partitionId, keyId, value),
            read: () => this.getKey(storeId, partitionId, keyId),
            value,
            policy: this.#retry,
            keyId,
            path: paths.keyPath(this, storeId, partitionId, keyId),
        });
    }

    async #writeKey(
        operation: string,
        method: "PUT" | "POST",
        storeId: string,
        partitionId: string,
        keyId: string,
        value: KeyValueInput,
    ): Promise<KeyValue> {
        const body = keyBody(keyId, value);
        const spec: CallSpec = {
            operation,
            method,
            path: paths.keyPath(this, storeId, partitionId, keyId),
            body,
            hints: {
                409: `Key "${keyId}" already exists in partition "${partitionId}" of store "${storeId}": use putKey to overwrite it.`,
            },
        };
        const res = await this.#t.call(spec);
        // An empty answer (e.g. 204) means the service stored what was sent.
        return res.body === undefined ? (body as unknown as KeyValue) : this.#t.decode(spec, res, (b) => decodeKeyValue(b, keyId));
    }

    /**
     * Deletes a key. `DELETE K`.
     * @returns true when deleted, false when it did not exist (404).
     */
    async deleteKey(storeId: string, partitionId: string, keyId: string): Promise<boolean> {
        const spec: CallSpec = { operation: "DeleteKey", method: "DELETE", path: paths.keyPath(this, storeId, partitionId, keyId) };
        return (await this.#t.callOr404(spec)) !== undefined;
    }

    // ---------------------------------------------------------------- stats

    /**
     * Usage statistics (billable request counts) from the Stats API, on `statsBaseUrl`:
     * `GET /api/v1/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`
     * `?startDate=<ISO>&endDate=<ISO>&period=1hour|1day|1month[&isMaster=true]`
     * -> `[{timeStamp, objectStoreRequestCount}]`. Not real time. Only on the US and EU clouds.
     * @throws TypeError for an invalid date, window, period, or a missing region/storeId for the level.
     * @throws ObjectStoreConfigError when the Stats API is not available (statsBaseUrl null).
     * @throws ObjectStoreApiError 400 when the window exceeds the period's maximum.
     */
    async getUsageStats(query: UsageStatsQuery): Promise<UsageStat[]> {
        const level = query.level ?? "environment";
        for (const k of ["startDate", "endDate"] as const) {
            const d = query[k];
            if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError(`getUsageStats: ${k} must be a valid Date`);
        }
        if (query.startDate.getTime() > query.endDate.getTime()) throw new TypeError("getUsageStats: startDate is after endDate");
        if (!["1hour", "1day", "1month"].includes(query.period)) {
            throw new TypeError(`getUsageStats: period must be "1hour", "1day" or "1month" (got ${JSON.stringify(query.period)})`);
        }
        const path = paths.usageStatsPath(level, {
            organizationId: query.organizationId ?? this.organizationId,
            environmentId: query.environmentId ?? this.environmentId,
            region: query.region,
            storeId: query.storeId,
        });
        const spec: CallSpec = {
            operation: STATS_OPERATIONS[level],
            method: "GET",
            path,
            stats: true,
            query: {
                startDate: query.startDate.toISOString(),
                endDate: query.endDate.toISOString(),
                period: query.period,
                isMaster: query.isMaster === undefined ? undefined : String(query.isMaster),
            },
            hints: {
                400: "Check the window: at most 1 day for period 1hour, 1 month for 1day, 2 months for 1month; data is kept 3/12/24 months.",
            },
        };
        return this.#t.fetch(spec, decodeUsageStats);
    }

    /** Safe description for logs. */
    toJSON(): Record<string, unknown> {
        return {
            baseUrl: this.baseUrl,
            organizationId: this.organizationId,
            environmentId: this.environmentId,
            statsBaseUrl: this.statsBaseUrl,
            credential: this.#tokenSource.identity,
        };
    }

    [inspect.custom](): string {
        return `ObjectStoreClient ${inspect(this.toJSON())}`;
    }
}

/**
 * Read-only lookups of Anypoint Object Store v2 (OSv2): Pulumi invoke-style functions that read
 * regions, stores, partitions, keys, key values and usage statistics without managing anything.
 *
 * Each lookup comes in two forms, as in Pulumi's own SDKs:
 * - `getX(args, opts?)` returns a `Promise` of plain values;
 * - `getXOutput(args, opts?)` takes `pulumi.Input` arguments (e.g. another resource's outputs) and
 *   returns a `pulumi.Output`; it runs once its arguments are known.
 *
 * Unlike the resources, lookups run in the Pulumi *program's* process (not in the dynamic provider),
 * also during `pulumi preview`, so preview needs the connection settings and network access too.
 *
 * Connection settings: the program's stack config in the `anypoint` namespace (`pulumi config set
 * anypoint:<key>`, every key read with `Config.getSecret` so secret values never cause warnings and
 * are only used to connect), falling back per setting to the `ANYPOINT_*` environment variables;
 * see README "Configuration". Outside a Pulumi program (scripts, tests) there is no stack config and
 * only the environment is used, unless {@link LookupOptions.config} supplies the settings. Every
 * lookup accepts `organizationId` / `environmentId` / `region` overrides, as the resources do.
 *
 * Errors (the promise rejects, or the program fails for the Output form):
 * - `ObjectStoreConfigError`: settings missing or contradictory; the message lists every problem
 *   and how to set each;
 * - `ObjectStoreApiError`: OSv2 (or the Stats API) refused or failed the call: `statusCode`,
 *   `operation`, `path`, the server's message, no secrets; 404 when a store, partition or key does
 *   not exist;
 * - `TypeError`: an argument is missing or malformed (checked before any HTTP call).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    ObjectStoreApiError,
    pathSegment,
    type ObjectStoreClient,
    type Region,
    type StatsPeriod,
    type StoreInfo,
    type UsageStat,
    type UsageStatsLevel,
    type ValueType,
} from "./client";
import {
    CONFIG_NAMESPACE,
    SETTINGS,
    getClient,
    resolveConnectionSettings,
    settingsFor,
    type ConfigSource,
    type ConnectionSettings,
    type SettingKey,
} from "./config";
import { describe, type ScopeArgs } from "./resources/common";

// ---------------------------------------------------------------- common types

/** How a lookup finds its connection settings. Rarely needed inside a Pulumi program. */
export interface LookupOptions {
    /**
     * Settings to use instead of the program's stack config: `{get(key)}` (called with `anypoint:<key>`)
     * or a record keyed `anypoint:<key>` or `<key>`; `null` = no stack config (environment only).
     * Default: the running program's `anypoint:*` stack config (none outside a Pulumi program).
     */
    config?: ConfigSource | Record<string, string | undefined> | null;
    /** Environment for the `ANYPOINT_*` fallbacks; default `process.env`. */
    env?: NodeJS.ProcessEnv;
}

/** Scope overrides of an Output-form lookup (see {@link ScopeArgs}). */
export interface ScopeInputs {
    /** Anypoint organization (business group) id; default `anypoint:organizationId` / ANYPOINT_ORGANIZATION_ID. */
    organizationId?: pulumi.Input<string>;
    /** Anypoint environment id; default `anypoint:environmentId` / ANYPOINT_ENVIRONMENT_ID. */
    environmentId?: pulumi.Input<string>;
    /** OSv2 region id such as `us-east-1`; default `anypoint:region` / ANYPOINT_REGION (us-east-1). */
    region?: pulumi.Input<string>;
}

/** The organization, environment and region a lookup read (the overrides, or the configured settings). */
export interface LookupScope {
    organizationId: string;
    environmentId: string;
    /** OSv2 region id, e.g. `us-east-1`: the regional host the lookup called. */
    region: string;
}

// ---------------------------------------------------------------- settings

/** Resolves an Output's (always known) value. */
function unwrap<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise<T>((resolve) => {
        o.apply((v) => {
            resolve(v);
            return v;
        });
    });
}

/**
 * The running program's `anypoint:*` stack config, keyed `anypoint:<key>`; empty outside a Pulumi
 * program. Every key is read with `getSecret` (then unwrapped): `Config.get` of a value set with
 * `--secret` may log a "use getSecret" warning, and any key may have been set as a secret. The values
 * are only used to connect; nothing read here is exported or logged.
 */
export async function readProgramConfig(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    let config: pulumi.Config;
    try {
        config = new pulumi.Config(CONFIG_NAMESPACE);
    } catch {
        return out; // no program, no config
    }
    await Promise.all(
        (Object.keys(SETTINGS) as SettingKey[]).map(async (key) => {
            let value: pulumi.Output<string> | undefined;
            try {
                value = config.getSecret(key);
            } catch {
                return;
            }
            if (value !== undefined) out[`${CONFIG_NAMESPACE}:${key}`] = await unwrap(value);
        }),
    );
    return out;
}

interface LookupConnection {
    client: ObjectStoreClient;
    settings: ConnectionSettings;
    scope: LookupScope;
}

/** Settings (stack config or `opts.config`, then env) with the scope overrides, and a cached client for them. */
async function connect(overrides: ScopeArgs, opts: LookupOptions = {}): Promise<LookupConnection> {
    const source = opts.config === undefined ? await readProgramConfig() : (opts.config ?? undefined);
    const settings = settingsFor(resolveConnectionSettings(source, opts.env ?? process.env), {
        organizationId: optionalString("organizationId", overrides.organizationId),
        environmentId: optionalString("environmentId", overrides.environmentId),
        region: optionalString("region", overrides.region),
    });
    return {
        client: getClient(settings),
        settings,
        scope: { organizationId: settings.organizationId, environmentId: settings.environmentId, region: settings.region },
    };
}

function optionalString(name: string, v: unknown): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw new TypeError(`${name} must be a string; got ${describe(v)}.`);
    return v;
}

function requiredId(fn: string, name: string, v: unknown): string {
    if (typeof v !== "string" || v.trim() === "") {
        throw new TypeError(`${fn}: ${name} is required and must be a non-empty string; got ${describe(v)}.`);
    }
    return v;
}

/** Scope fields only (so the rest of an args object is not mistaken for overrides). */
function scopeOf(args: ScopeArgs | undefined): ScopeArgs {
    return { organizationId: args?.organizationId, environmentId: args?.environmentId, region: args?.region };
}

function withoutUndefined<T extends object>(o: T): T {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out as T;
}

// ---------------------------------------------------------------- getRegions

/** Result of {@link getRegions}. */
export interface GetRegionsResult {
    organizationId: string;
    /** Every region where OSv2 is available to the organization, as the service lists them. */
    regions: Region[];
    /** The regions' ids, e.g. `["us-east-1", "eu-central-1", …]`. */
    regionIds: string[];
}

/**
 * Regions where Object Store v2 is available to the organization.
 *
 * OSv2: `GET /api/v1/organizations/{org}/regions` (a bare array `[{id, name, url}]`). The `url`s the
 * service reports do not match the real hostnames; use `region` overrides or `anypoint:region`.
 * Only `organizationId` (and `region`, which picks the host called) of the scope matter, but the
 * settings must still be complete.
 * @throws ObjectStoreConfigError, ObjectStoreApiError (see the module doc).
 */
export async function getRegions(args: ScopeArgs = {}, opts?: LookupOptions): Promise<GetRegionsResult> {
    const { client, scope } = await connect(scopeOf(args), opts);
    const regions = await client.listRegions();
    return { organizationId: scope.organizationId, regions, regionIds: regions.map((r) => r.id) };
}

/** Output form of {@link getRegions}. */
export function getRegionsOutput(args: ScopeInputs = {}, opts?: LookupOptions): pulumi.Output<GetRegionsResult> {
    return pulumi.output(args).apply((a) => getRegions(a, opts));
}

// ---------------------------------------------------------------- getStores

/** Arguments of {@link getStores}. */
export interface GetStoresArgs extends ScopeArgs {
    /** Only stores whose id starts with this prefix (OSv2 query `beginsWith`). */
    beginsWith?: string;
}

/** Arguments of {@link getStoresOutput}. */
export interface GetStoresOutputArgs extends ScopeInputs {
    beginsWith?: pulumi.Input<string>;
}

/** Result of {@link getStores}. */
export interface GetStoresResult extends LookupScope {
    beginsWith?: string;
    /**
     * Every store of the environment (all pages), in the service's order, with its settings:
     * `storeId`, `defaultTtlSeconds` and `defaultConfirmationTtlSeconds` (seconds), `persistent`,
     * `isFixedTtl` (true = static TTL, false/null = rolling), `encrypted`, `permanentOsFlag` and
     * `usageLimits` (`{maxKeys, maxSizeBytes, enforcement}` or null).
     */
    stores: StoreInfo[];
    /** The stores' ids, in the same order. */
    storeIds: string[];
}

/**
 * Every store of the organization's environment (follows `nextPageToken` through all pages of 25).
 *
 * OSv2: `GET /api/v1/organizations/{org}/environments/{env}/stores?beginsWith=&nextPageToken=`
 * on the region's host. A store is listed only by the host of its home region.
 * @throws ObjectStoreConfigError, ObjectStoreApiError (see the module doc).
 */
export async function getStores(args: GetStoresArgs = {}, opts?: LookupOptions): Promise<GetStoresResult> {
    const beginsWith = optionalString("getStores: beginsWith", args.beginsWith) || undefined;
    const { client, scope } = await connect(scopeOf(args), opts);
    const stores = await client.listAllStores({ beginsWith });
    return withoutUndefined({ ...scope, beginsWith, stores, storeIds: stores.map((s) => s.storeId) });
}

/** Output form of {@link getStores}. */
export function getStoresOutput(args: GetStoresOutputArgs = {}, opts?: LookupOptions): pulumi.Output<GetStoresResult> {
    return pulumi.output(args).apply((a) => getStores(a, opts));
}

// ---------------------------------------------------------------- getPartitions

/** Arguments of {@link getPartitions}. */
export interface GetPartitionsArgs extends ScopeArgs {
    storeId: string;
}

/** Arguments of {@link getPartitionsOutput}. */
export interface GetPartitionsOutputArgs extends ScopeInputs {
    storeId: pulumi.Input<string>;
}

/** Result of {@link getPartitions}. */
export interface GetPartitionsResult extends LookupScope {
    storeId: string;
    /** Ids of every partition of the store (all pages), in the service's order (lexicographic on the emulator). */
    partitionIds: string[];
}

/**
 * The partitions of a store (all pages). A partition exists from its first key on (OSv2 has no
 * empty partitions).
 *
 * OSv2: `GET /api/v1/organizations/{org}/environments/{env}/stores/{storeId}/partitions?nextPageToken=`.
 * @throws ObjectStoreApiError 404 when the store does not exist; ObjectStoreConfigError.
 */
export async function getPartitions(args: GetPartitionsArgs, opts?: LookupOptions): Promise<GetPartitionsResult> {
    const storeId = requiredId("getPartitions", "storeId", args?.storeId);
    const { client, scope } = await connect(scopeOf(args), opts);
    return { ...scope, storeId, partitionIds: await client.listAllPartitions(storeId) };
}

/** Output form of {@link getPartitions}. */
export function getPartitionsOutput(args: GetPartitionsOutputArgs, opts?: LookupOptions): pulumi.Output<GetPartitionsResult> {
    return pulumi.output(args).apply((a) => getPartitions(a, opts));
}

// ---------------------------------------------------------------- getKeys

/** Arguments of {@link getKeys}. */
export interface GetKeysArgs extends ScopeArgs {
    storeId: string;
    partitionId: string;
    /** Only keys whose id starts with this prefix (OSv2 query `beginsWith`). */
    beginsWith?: string;
}

/** Arguments of {@link getKeysOutput}. */
export interface GetKeysOutputArgs extends ScopeInputs {
    storeId: pulumi.Input<string>;
    partitionId: pulumi.Input<string>;
    beginsWith?: pulumi.Input<string>;
}

/** Result of {@link getKeys}. */
export interface GetKeysResult extends LookupScope {
    storeId: string;
    partitionId: string;
    beginsWith?: string;
    /** Ids of every live (unexpired) key of the partition (all pages), in the service's order. */
    keyIds: string[];
}

/**
 * The key ids of a partition (follows `nextPageToken` through all pages of 25); values are not read.
 *
 * OSv2: `GET /api/v1/organizations/{org}/environments/{env}/stores/{storeId}/partitions/{partitionId}/keys?beginsWith=&nextPageToken=`.
 * @throws ObjectStoreApiError 404 when the store or the partition does not exist; ObjectStoreConfigError.
 */
export async function getKeys(args: GetKeysArgs, opts?: LookupOptions): Promise<GetKeysResult> {
    const storeId = requiredId("getKeys", "storeId", args?.storeId);
    const partitionId = requiredId("getKeys", "partitionId", args.partitionId);
    const beginsWith = optionalString("getKeys: beginsWith", args.beginsWith) || undefined;
    const { client, scope } = await connect(scopeOf(args), opts);
    const keyIds = await client.listAllKeys(storeId, partitionId, { beginsWith });
    return withoutUndefined({ ...scope, storeId, partitionId, beginsWith, keyIds });
}

/** Output form of {@link getKeys}. */
export function getKeysOutput(args: GetKeysOutputArgs, opts?: LookupOptions): pulumi.Output<GetKeysResult> {
    return pulumi.output(args).apply((a) => getKeys(a, opts));
}

// ---------------------------------------------------------------- getKeyValue

/** Arguments of {@link getKeyValue}. */
export interface GetKeyValueArgs extends ScopeArgs {
    storeId: string;
    partitionId: string;
    keyId: string;
}

/** Arguments of {@link getKeyValueOutput}. */
export interface GetKeyValueOutputArgs extends ScopeInputs {
    storeId: pulumi.Input<string>;
    partitionId: pulumi.Input<string>;
    keyId: pulumi.Input<string>;
}

/** Result of {@link getKeyValue}: the key and exactly one typed value. */
export interface GetKeyValueResult extends LookupScope {
    storeId: string;
    partitionId: string;
    /** The key id as the service reports it (OSv2 stores spaces as `+`). */
    keyId: string;
    /** Which of the value fields is set. */
    valueType: ValueType;
    /** Set when `valueType` is `STRING`. */
    stringValue?: string;
    /** Set when `valueType` is `NUMBER`. */
    numberValue?: number;
    /** Set when `valueType` is `BINARY`: the bytes, base64-encoded as the service returns them. */
    binaryValue?: string;
}

/**
 * A key's value. The Promise form returns it **in plain text** (nothing marks it secret: do not
 * log it or pass it to a resource unwrapped); {@link getKeyValueOutput} returns it as a secret.
 *
 * OSv2: `GET /api/v1/organizations/{org}/environments/{env}/stores/{storeId}/partitions/{partitionId}/keys/{keyId}`
 * -> `{keyId, valueType, stringValue | numberValue | binaryValue}`.
 * @throws ObjectStoreApiError 404 (operation `GetKey`) when the key, its partition or its store
 *   does not exist, or the key has expired; ObjectStoreConfigError.
 */
export async function getKeyValue(args: GetKeyValueArgs, opts?: LookupOptions): Promise<GetKeyValueResult> {
    const storeId = requiredId("getKeyValue", "storeId", args?.storeId);
    const partitionId = requiredId("getKeyValue", "partitionId", args.partitionId);
    const keyId = requiredId("getKeyValue", "keyId", args.keyId);
    const { client, settings, scope } = await connect(scopeOf(args), opts);
    const kv = await client.getKey(storeId, partitionId, keyId);
    if (!kv) {
        const path =
            `/api/v1/organizations/${pathSegment("organizationId", settings.organizationId)}` +
            `/environments/${pathSegment("environmentId", settings.environmentId)}/stores/${pathSegment("storeId", storeId)}` +
            `/partitions/${pathSegment("partitionId", partitionId)}/keys/${pathSegment("keyId", keyId)}`;
        throw new ObjectStoreApiError({
            operation: "GetKey",
            method: "GET",
            path,
            statusCode: 404,
            statusText: "Not Found",
            serverMessage: `key '${keyId}' does not exist in partition '${partitionId}' of store '${storeId}'`,
            hint:
                `Check the ids, the environment (${scope.environmentId}) and the region (${scope.region}); ` +
                "entries also disappear when they expire after their store's TTL.",
            host: originOf(settings.baseUrl),
        });
    }
    return withoutUndefined({
        ...scope,
        storeId,
        partitionId,
        keyId: kv.keyId,
        valueType: kv.valueType,
        stringValue: kv.stringValue,
        numberValue: kv.numberValue,
        binaryValue: kv.binaryValue,
    });
}

/**
 * Output form of {@link getKeyValue}. The whole result is a **secret** Output (Pulumi tracks secrecy
 * per Output), so values derived from it are encrypted in the state and masked in the CLI's output.
 */
export function getKeyValueOutput(args: GetKeyValueOutputArgs, opts?: LookupOptions): pulumi.Output<GetKeyValueResult> {
    return pulumi.secret(pulumi.output(args).apply((a) => getKeyValue(a, opts))) as pulumi.Output<GetKeyValueResult>;
}

function originOf(url: string): string | undefined {
    try {
        return new URL(url).origin;
    } catch {
        return undefined;
    }
}

// ---------------------------------------------------------------- getUsageStats

const LEVELS: readonly UsageStatsLevel[] = ["organization", "environment", "region", "store"];
const PERIODS: readonly StatsPeriod[] = ["1hour", "1day", "1month"];

/** Arguments of {@link getUsageStats}. */
export interface GetUsageStatsArgs extends ScopeArgs {
    /**
     * What is counted: the whole `organization` (with `isMaster`, its sub-organizations too), one
     * `environment`, one `region` of the environment, or one `store` (in `region`).
     */
    level: UsageStatsLevel;
    /** Required at level `store`. */
    storeId?: string;
    /** Start of the window: an ISO-8601 string (e.g. `2024-08-01T00:00:00Z`) or a Date. */
    startDate: string | Date;
    /** End of the window, same forms. At most 1 day after `startDate` for `1hour`, 1 month for `1day`, 2 months for `1month`. */
    endDate: string | Date;
    /** Size of each bucket. */
    period: StatsPeriod;
    /** At level `organization` of a root organization: include every sub-organization. */
    isMaster?: boolean;
}

/** Arguments of {@link getUsageStatsOutput} (dates as ISO-8601 strings; a plain Date is accepted too). */
export interface GetUsageStatsOutputArgs extends ScopeInputs {
    level: pulumi.Input<UsageStatsLevel>;
    storeId?: pulumi.Input<string>;
    startDate: pulumi.Input<string> | Date;
    endDate: pulumi.Input<string> | Date;
    period: pulumi.Input<StatsPeriod>;
    isMaster?: pulumi.Input<boolean>;
}

/** Result of {@link getUsageStats}. */
export interface GetUsageStatsResult {
    level: UsageStatsLevel;
    organizationId: string;
    /** Set unless `level` is `organization`. */
    environmentId?: string;
    /** Set at levels `region` and `store`. */
    region?: string;
    /** Set at level `store`. */
    storeId?: string;
    period: StatsPeriod;
    /** The window as sent, ISO-8601 (UTC). */
    startDate: string;
    endDate: string;
    isMaster?: boolean;
    /**
     * One bucket per period as the Stats API returns them: `timeStamp` (start of the bucket, ISO-8601)
     * and `objectStoreRequestCount` (billable OSv2 requests in it).
     */
    buckets: UsageStat[];
    /** Sum of `objectStoreRequestCount` over the buckets. */
    totalRequestCount: number;
}

function toDate(fn: string, name: string, v: unknown): Date {
    const d = v instanceof Date ? v : typeof v === "string" && v.trim() !== "" ? new Date(v) : undefined;
    if (!d || Number.isNaN(d.getTime())) {
        throw new TypeError(`${fn}: ${name} must be an ISO-8601 date string (e.g. 2024-08-01T00:00:00Z) or a Date; got ${describe(v)}.`);
    }
    return d;
}

/**
 * Usage statistics (billable OSv2 request counts per period) from the Object Store Stats API. Not
 * real time: the service updates them with a delay. Only the US and EU control planes offer the
 * Stats API (elsewhere set `anypoint:statsBaseUrl` if you know one).
 *
 * Stats API (host `anypoint:statsBaseUrl`, default `baseUrl` when set, else the control plane's):
 * `GET /api/v1/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`
 * `?startDate=&endDate=&period=[&isMaster=]` -> `[{timeStamp, objectStoreRequestCount}]`.
 * At levels `region` and `store` the region is `region` (the scope override) or `anypoint:region`.
 * The credentials need the "Store Metrics Viewer" permission.
 * @throws TypeError for an unknown level or period, a bad date, startDate after endDate, or a
 *   missing storeId at level `store`; ObjectStoreApiError 400 when the window exceeds the period's
 *   maximum; ObjectStoreConfigError when the settings are incomplete or the control plane has no Stats API.
 */
export async function getUsageStats(args: GetUsageStatsArgs, opts?: LookupOptions): Promise<GetUsageStatsResult> {
    const fn = "getUsageStats";
    const level = args?.level;
    if (!LEVELS.includes(level)) throw new TypeError(`${fn}: level must be one of ${LEVELS.map((l) => `"${l}"`).join(", ")}; got ${describe(level)}.`);
    if (!PERIODS.includes(args.period)) throw new TypeError(`${fn}: period must be one of ${PERIODS.map((p) => `"${p}"`).join(", ")}; got ${describe(args.period)}.`);
    const startDate = toDate(fn, "startDate", args.startDate);
    const endDate = toDate(fn, "endDate", args.endDate);
    if (startDate.getTime() > endDate.getTime()) {
        throw new TypeError(`${fn}: startDate ${startDate.toISOString()} is after endDate ${endDate.toISOString()}.`);
    }
    const storeId = level === "store" ? requiredId(fn, 'storeId (at level "store")', args.storeId) : undefined;
    if (args.isMaster !== undefined && typeof args.isMaster !== "boolean") {
        throw new TypeError(`${fn}: isMaster must be true or false; got ${describe(args.isMaster)}.`);
    }
    const { client, scope } = await connect(scopeOf(args), opts);
    const region = level === "region" || level === "store" ? scope.region : undefined;
    const buckets = await client.getUsageStats({ level, region, storeId, startDate, endDate, period: args.period, isMaster: args.isMaster });
    return withoutUndefined({
        level,
        organizationId: scope.organizationId,
        environmentId: level === "organization" ? undefined : scope.environmentId,
        region,
        storeId,
        period: args.period,
        startDate: startDate.toISOString(),
        endDate: endDate.toISOString(),
        isMaster: args.isMaster,
        buckets,
        totalRequestCount: buckets.reduce((n, b) => n + b.objectStoreRequestCount, 0),
    });
}

/** Output form of {@link getUsageStats}. */
export function getUsageStatsOutput(args: GetUsageStatsOutputArgs, opts?: LookupOptions): pulumi.Output<GetUsageStatsResult> {
    // A Date inside an Input would be flattened to {} by pulumi.output: send it as ISO-8601.
    const iso = (d: pulumi.Input<string> | Date) => (d instanceof Date ? d.toISOString() : d);
    return pulumi
        .output({ ...args, startDate: iso(args.startDate), endDate: iso(args.endDate) })
        .apply((a) => getUsageStats(a as GetUsageStatsArgs, opts));
}

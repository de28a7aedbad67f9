/**
 * Listing lookups: regions, stores, partitions and key ids (all pages). See ./index for the forms
 * (Promise and Output), the settings and the errors.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lookupOutput } from "./sdk";
import { z } from "zod";
import type { Region, StoreInfo } from "../client";
import { keyInputsSchema } from "../resources/key";
import type { ScopeArgs } from "../resources/scope";
import { compact } from "../util/objects";
import { beginsWithSchema, connect, lookupScopeShape, parseArgs, type LookupOptions, type LookupScope, type ScopeInputs } from "./connect";

const ids = keyInputsSchema.shape;
const regionsArgs = z.object(lookupScopeShape);
const storesArgs = z.object({ ...lookupScopeShape, beginsWith: beginsWithSchema });
const partitionsArgs = z.object({ ...lookupScopeShape, storeId: ids.storeId });
const keysArgs = z.object({ ...lookupScopeShape, storeId: ids.storeId, partitionId: ids.partitionId, beginsWith: beginsWithSchema });

// ---------------------------------------------------------------- getRegions

/** Result of {@link getRegions}. */
export interface GetRegionsResult {
    /** Organization id the lookup read. */
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
    const a = parseArgs("getRegions", regionsArgs, args);
    const { client, scope } = await connect(a, opts);
    const regions = await client.listRegions();
    return { organizationId: scope.organizationId, regions, regionIds: regions.map((r) => r.id) };
}

/** Output form of {@link getRegions}. */
export function getRegionsOutput(args: ScopeInputs = {}, opts?: LookupOptions): pulumi.Output<GetRegionsResult> {
    return lookupOutput(args, (a) => getRegions(a, opts));
}

// ---------------------------------------------------------------- getStores

/** Arguments of {@link getStores}. */
export interface GetStoresArgs extends ScopeArgs {
    /** Only stores whose id starts with this prefix (OSv2 query `beginsWith`). */
    beginsWith?: string;
}

/** Arguments of {@link getStoresOutput}. */
export interface GetStoresOutputArgs extends ScopeInputs {
    /** Only ids that start with this prefix (OSv2's `beginsWith` query parameter; for keys, spaces become `+`). Undefined: all. */
    beginsWith?: pulumi.Input<string>;
}

/** Result of {@link getStores}. */
export interface GetStoresResult extends LookupScope {
    /** Only ids that start with this prefix (OSv2's `beginsWith` query parameter; for keys, spaces become `+`). Undefined: all. */
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
    const { beginsWith, ...scopeArgs } = parseArgs("getStores", storesArgs, args);
    const { client, scope } = await connect(scopeArgs, opts);
    const stores = await client.listAllStores({ beginsWith });
    return { ...scope, ...compact({ beginsWith }), stores, storeIds: stores.map((s) => s.storeId) };
}

/** Output form of {@link getStores}. */
export function getStoresOutput(args: GetStoresOutputArgs = {}, opts?: LookupOptions): pulumi.Output<GetStoresResult> {
    return lookupOutput(args, (a) => getStores(a, opts));
}

// ---------------------------------------------------------------- getPartitions

/** Arguments of {@link getPartitions}. */
export interface GetPartitionsArgs extends ScopeArgs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
}

/** Arguments of {@link getPartitionsOutput}. */
export interface GetPartitionsOutputArgs extends ScopeInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: pulumi.Input<string>;
}

/** Result of {@link getPartitions}. */
export interface GetPartitionsResult extends LookupScope {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
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
    const { storeId, ...scopeArgs } = parseArgs("getPartitions", partitionsArgs, args);
    const { client, scope } = await connect(scopeArgs, opts);
    return { ...scope, storeId, partitionIds: await client.listAllPartitions(storeId) };
}

/** Output form of {@link getPartitions}. */
export function getPartitionsOutput(args: GetPartitionsOutputArgs, opts?: LookupOptions): pulumi.Output<GetPartitionsResult> {
    return lookupOutput(args, (a) => getPartitions(a, opts));
}

// ---------------------------------------------------------------- getKeys

/** Arguments of {@link getKeys}. */
export interface GetKeysArgs extends ScopeArgs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /** Only keys whose id starts with this prefix (OSv2 query `beginsWith`). */
    beginsWith?: string;
}

/** Arguments of {@link getKeysOutput}. */
export interface GetKeysOutputArgs extends ScopeInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: pulumi.Input<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: pulumi.Input<string>;
    /** Only ids that start with this prefix (OSv2's `beginsWith` query parameter; for keys, spaces become `+`). Undefined: all. */
    beginsWith?: pulumi.Input<string>;
}

/** Result of {@link getKeys}. */
export interface GetKeysResult extends LookupScope {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /** Only ids that start with this prefix (OSv2's `beginsWith` query parameter; for keys, spaces become `+`). Undefined: all. */
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
    const { storeId, partitionId, beginsWith, ...scopeArgs } = parseArgs("getKeys", keysArgs, args);
    const { client, scope } = await connect(scopeArgs, opts);
    const keyIds = await client.listAllKeys(storeId, partitionId, { beginsWith });
    return { ...scope, storeId, partitionId, ...compact({ beginsWith }), keyIds };
}

/** Output form of {@link getKeys}. */
export function getKeysOutput(args: GetKeysOutputArgs, opts?: LookupOptions): pulumi.Output<GetKeysResult> {
    return lookupOutput(args, (a) => getKeys(a, opts));
}

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
 * - `LookupArgumentError` (a Pulumi RunError): an argument is missing or malformed (checked before any HTTP call, with the
 *   resources' zod schemas; the message starts with the lookup's name).
 *
 * Layout: ./connect (settings, argument checks, connection), ./listings (regions, stores,
 * partitions, keys), ./key-value (one key), ./key-values (a partition's keys and values by the page), ./usage.
 */
export { LookupArgumentError, readProgramConfig, type LookupOptions, type LookupScope, type ScopeInputs } from "./connect";
export {
    getRegions,
    getRegionsOutput,
    getStores,
    getStoresOutput,
    getPartitions,
    getPartitionsOutput,
    getKeys,
    getKeysOutput,
    type GetRegionsResult,
    type GetStoresArgs,
    type GetStoresOutputArgs,
    type GetStoresResult,
    type GetPartitionsArgs,
    type GetPartitionsOutputArgs,
    type GetPartitionsResult,
    type GetKeysArgs,
    type GetKeysOutputArgs,
    type GetKeysResult,
} from "./listings";
export { getKeyValue, getKeyValueOutput, type GetKeyValueArgs, type GetKeyValueOutputArgs, type GetKeyValueResult } from "./key-value";
export {
    getKeyValues,
    getKeyValuesOutput,
    type GetKeyValuesArgs,
    type GetKeyValuesOutputArgs,
    type GetKeyValuesResult,
    type PartitionKeyValue,
} from "./key-values";
export {
    getUsageStats,
    getUsageStatsOutput,
    type GetUsageStatsArgs,
    type GetUsageStatsOutputArgs,
    type GetUsageStatsResult,
} from "./usage";

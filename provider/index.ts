/**
 * pulumi-anypoint-objectstore: MuleSoft Anypoint Object Store v2 as code with Pulumi.
 *
 * Resources: {@link Store}, {@link Partition}, {@link Key} (one key) and {@link KeyEntries} (many
 * seed keys of one partition as one resource). Read-only lookups: `getRegions`, `getStores`,
 * `getPartitions`, `getKeys`, `getKeyValue`, `getUsageStats`, each with an `…Output` form. Errors:
 * {@link ObjectStoreConfigError}, {@link ObjectStoreApiError}, {@link KeyEntriesWriteError},
 * {@link LookupArgumentError}. Connection settings: stack config `anypoint:*` or ANYPOINT_*
 * environment variables (see README "Configuration"). The emulator is
 * `pulumi-anypoint-objectstore/emulator`.
 */
export { Store, StoreProvider, ttlClampWarning } from "./resources/store";
export type { StoreArgs, StoreUsageLimitsArgs, StoreUsageLimitsInputArgs, LimitEnforcement, StoreOutputs } from "./resources/store";
export { Partition, PartitionProvider } from "./resources/partition";
export type { PartitionArgs, PartitionOutputs } from "./resources/partition";
export { Key, KeyProvider } from "./resources/key";
export type { KeyArgs, KeyOutputs } from "./resources/key";
export { KeyEntries, KeyEntriesProvider, KeyEntriesWriteError } from "./resources/key-entries";
export type { KeyEntriesArgs, KeyEntriesOutputs, EntryMap, EntryValue } from "./resources/key-entries";
export { MAX_TTL_SECONDS } from "./resources/common";
export type { ScopeArgs, ResolvedScope } from "./resources/common";
// Shapes that appear in the public signatures above (provider inputs, lookup results).
export type { StoreInputs } from "./resources/store";
export type { PartitionInputs } from "./resources/partition";
export type { KeyInputs } from "./resources/key";
export type { KeyEntriesInputs } from "./resources/key-entries";
export type { ValueType, Region, StoreInfo, StatsPeriod, UsageStat, UsageLimits } from "./client/types";
export type { UsageStatsLevel } from "./client/paths";
export type { ConfigSource } from "./config/keys";
// Errors a program or a provider call can fail with (each message says what to do).
export { ObjectStoreApiError, ObjectStoreConfigError } from "./client/errors";
export type { ConfigProblem, ObjectStoreApiErrorInit } from "./client/errors";
// Read-only lookups (run in the program's process; see provider/lookups/).
export {
    getRegions,
    getRegionsOutput,
    getStores,
    getStoresOutput,
    getPartitions,
    getPartitionsOutput,
    getKeys,
    getKeysOutput,
    getKeyValue,
    getKeyValueOutput,
    getUsageStats,
    getUsageStatsOutput,
    LookupArgumentError,
} from "./lookups";
export type {
    LookupOptions,
    LookupScope,
    ScopeInputs,
    GetRegionsResult,
    GetStoresArgs,
    GetStoresOutputArgs,
    GetStoresResult,
    GetPartitionsArgs,
    GetPartitionsOutputArgs,
    GetPartitionsResult,
    GetKeysArgs,
    GetKeysOutputArgs,
    GetKeysResult,
    GetKeyValueArgs,
    GetKeyValueOutputArgs,
    GetKeyValueResult,
    GetUsageStatsArgs,
    GetUsageStatsOutputArgs,
    GetUsageStatsResult,
} from "./lookups";

/**
 * pulumi-anypoint-objectstore: MuleSoft Anypoint Object Store v2 as code with Pulumi.
 *
 * Resources: {@link Store}, {@link Partition}, {@link Key} (one key) and {@link KeyEntries} (many
 * seed keys of one partition as one resource): TypeScript dynamic resources; the same core also serves
 * the `anypoint` provider plugin for every Pulumi language. Read-only lookups: `getRegions`,
 * `getStores`, `getPartitions`, `getKeys`, `getKeyValue`, `getUsageStats`, each with an `…Output`
 * form. Errors: {@link ObjectStoreConfigError}, {@link ObjectStoreApiError},
 * {@link KeyEntriesWriteError}, {@link LookupArgumentError}. Connection settings: stack config
 * `anypoint:*` or ANYPOINT_* environment variables (see README "Configuration"). The emulator is
 * `pulumi-anypoint-objectstore/emulator`.
 */
export { Store } from "./dynamic/store";
export type { StoreArgs, StoreUsageLimitsInputArgs } from "./dynamic/store";
export { StoreProvider, ttlClampWarning } from "./resources/store";
export type { StoreUsageLimitsArgs, LimitEnforcement, StoreOutputs } from "./resources/store";
export { Partition } from "./dynamic/partition";
export type { PartitionArgs } from "./dynamic/partition";
export { PartitionProvider } from "./resources/partition";
export type { PartitionOutputs } from "./resources/partition";
export { Key } from "./dynamic/key";
export type { KeyArgs } from "./dynamic/key";
export { KeyProvider } from "./resources/key";
export type { KeyOutputs } from "./resources/key";
export { KeyEntries } from "./dynamic/key-entries";
export type { KeyEntriesArgs } from "./dynamic/key-entries";
export { KeyEntriesProvider, KeyEntriesWriteError } from "./resources/key-entries";
export type { KeyEntriesOutputs, EntryMap, EntryValue } from "./resources/key-entries";
export { MAX_TTL_SECONDS } from "./limits";
export type { ScopeArgs, ResolvedScope } from "./resources/scope";
// Shapes that appear in the public signatures above (provider inputs, lookup results).
export type { StoreInputs } from "./resources/store";
export type { PartitionInputs } from "./resources/partition";
export type { KeyInputs } from "./resources/key";
export type { KeyEntriesInputs } from "./resources/key-entries";
export type { ValueType, Region, StoreInfo, StatsPeriod, UsageStat, UsageLimits } from "./client/types";
// Shapes of the core providers' signatures (provider classes above).
export type { CheckFailure } from "./resources/validation";
export type { DeclaredDiff } from "./resources/declared-diff";
export type { CheckOutcome, CreateOutcome, UpdateOutcome } from "./resources/connection";
export type { FrontDoor, ProviderContext } from "./resources/context";
export type { Declaration, LeftContainer, UpdatePlan } from "./resources/update-plan";
export type { ResourceDiff } from "./resources/scope-diff";
export type { ScopeMove } from "./resources/scope-change";
export type { CreatedObject, ResourceKind, UpdatedObject } from "./resources/ownership";
export type { EntriesDiff, RecordedEntries, StoredEntry } from "./resources/key-entries-plan";
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
    getKeyValues,
    getKeyValuesOutput,
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
    GetKeyValuesArgs,
    GetKeyValuesOutputArgs,
    GetKeyValuesResult,
    PartitionKeyValue,
    GetUsageStatsArgs,
    GetUsageStatsOutputArgs,
    GetUsageStatsResult,
} from "./lookups";

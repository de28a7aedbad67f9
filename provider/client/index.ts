/**
 * The OSv2 client package: the {@link ObjectStoreClient} class and everything its callers need
 * (wire types, errors, token sources, endpoints by control plane and region, path builders, retry
 * and rate-limit settings).
 *
 * Layout: ./object-store-client (endpoint methods), ./transport (one call, advice from ./hints),
 * ./http (got: timeouts, hooks, error conversion), ./retry (retry policy), ./operation (one budget
 * and one log per resource operation), ./create-key (create exactly once), ./ratelimit, ./auth (token
 * sources; ./token-source their contract), ./paths (URL paths), ./wire (decoding), ./types (wire
 * shapes), ./regions (hosts), ./errors, ./setting-names (how advice names the settings).
 */

export { ObjectStoreClient, type ClientSettings, type ListOptions, type UsageStatsQuery } from "./object-store-client";
export * from "./types";
export * from "./errors";
export * from "./regions";
export { pathSegment, keyPath, partitionPath, storePath, type PathScope, type UsageStatsLevel } from "./paths";
export { normalizeStore, normalizeKeyValue } from "./wire";
export {
    staticTokenSource,
    connectedAppTokenSource,
    userLoginTokenSource,
    clearTokenCache,
    tokenFetchCount,
    tokenExpiry,
    type TokenExpiry,
    type TokenSource,
    type CredentialKind,
    type ConnectedAppOptions,
    type UserLoginOptions,
    type FetchingTokenSourceOptions,
} from "./auth";
export { DEFAULT_TIMEOUT_MS } from "./http";
export { STACK_CONFIG_NAMES, type SettingNames } from "./setting-names";
export { DEFAULT_RETRY, decideRetry, backoffMs, type RetryPolicy, type RetryInfo, type RetryDecision, type FailedAttempt } from "./retry";
export { runOperation, REPORT_WAITS_OVER_MS, type OperationOptions, type OperationLog, type LogSeverity } from "./operation";
export { RateLimiter, sharedLimiter, resetSharedLimiters, DEFAULT_REQUESTS_PER_SECOND } from "./ratelimit";

/**
 * Paths of the OSv2 REST API and the Stats API, each segment URL-encoded.
 *
 * Routes are those of the developer portal listing (https://dev-portal.mulesoft.com/apis/object-store-v2.html)
 * and the examples of "Object Store v2 REST APIs" (https://docs.mulesoft.com/object-store/osv2-apis):
 * `P = /api/v1/organizations/{orgId}/environments/{envId}`, `S = P/stores/{storeId}`,
 * `K = S/partitions/{partitionId}/keys/{keyId}`.
 */

/** The organization and environment every data-plane path starts with. */
export interface PathScope {
    organizationId: string;
    environmentId: string;
}

/**
 * URL-encodes one path segment.
 * @throws TypeError for an empty value, `.`/`..` (URLs collapse them) or a lone surrogate.
 */
export function pathSegment(what: string, value: string): string {
    if (typeof value !== "string" || value === "") {
        throw new TypeError(`${what} must be a non-empty string (got ${JSON.stringify(value)})`);
    }
    if (value === "." || value === "..") {
        throw new TypeError(`${what} "${value}" cannot be used: URLs collapse "." and ".." path segments`);
    }
    try {
        return encodeURIComponent(value);
    } catch {
        throw new TypeError(`${what} ${JSON.stringify(value)} is not valid Unicode (lone surrogate)`);
    }
}

/** `/api/v1/organizations/{org}` */
export function organizationPath(organizationId: string): string {
    return `/api/v1/organizations/${pathSegment("organizationId", organizationId)}`;
}

/** `/api/v1/organizations/{org}/regions` (the regions listing). */
export function regionsPath(organizationId: string): string {
    return `${organizationPath(organizationId)}/regions`;
}

/** `P = /api/v1/organizations/{org}/environments/{env}` */
export function environmentPath(scope: PathScope): string {
    return `${organizationPath(scope.organizationId)}/environments/${pathSegment("environmentId", scope.environmentId)}`;
}

/** `P/stores` */
export function storesPath(scope: PathScope): string {
    return `${environmentPath(scope)}/stores`;
}

/** `S = P/stores/{storeId}` */
export function storePath(scope: PathScope, storeId: string): string {
    return `${storesPath(scope)}/${pathSegment("storeId", storeId)}`;
}

/** `S/partitions` */
export function partitionsPath(scope: PathScope, storeId: string): string {
    return `${storePath(scope, storeId)}/partitions`;
}

/** `S/partitions/{partitionId}` */
export function partitionPath(scope: PathScope, storeId: string, partitionId: string): string {
    return `${partitionsPath(scope, storeId)}/${pathSegment("partitionId", partitionId)}`;
}

/** `S/partitions/{partitionId}/keys` */
export function keysPath(scope: PathScope, storeId: string, partitionId: string): string {
    return `${partitionPath(scope, storeId, partitionId)}/keys`;
}

/** `K = S/partitions/{partitionId}/keys/{keyId}` */
export function keyPath(scope: PathScope, storeId: string, partitionId: string, keyId: string): string {
    return `${keysPath(scope, storeId, partitionId)}/${pathSegment("keyId", keyId)}`;
}

/** Level of a usage statistics query. */
export type UsageStatsLevel = "organization" | "environment" | "region" | "store";

/**
 * Stats API path: `/api/v1/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`.
 * @throws TypeError when `region` (levels region, store) or `storeId` (level store) is missing.
 */
export function usageStatsPath(level: UsageStatsLevel, scope: PathScope & { region?: string; storeId?: string }): string {
    let path = organizationPath(scope.organizationId);
    if (level === "organization") return path;
    path += `/environments/${pathSegment("environmentId", scope.environmentId)}`;
    if (level === "environment") return path;
    if (!scope.region) throw new TypeError(`getUsageStats: region is required at level "${level}"`);
    path += `/regions/${pathSegment("region", scope.region)}`;
    if (level === "region") return path;
    if (!scope.storeId) throw new TypeError('getUsageStats: storeId is required at level "store"');
    return `${path}/stores/${pathSegment("storeId", scope.storeId)}`;
}

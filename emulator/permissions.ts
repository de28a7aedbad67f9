/**
 * Connected-app scopes of Object Store v2 and what each operation needs (strict auth mode only).
 *
 * Scope names and display names as Access Management shows them ("Object Store scopes",
 * osv2-connected-apps, osv2-api-notes §2 [DOC S6]); a scope applies to every store of the
 * organization and environment it is granted for. Per-operation needs follow the developer
 * portal's operation list [DOC S2], except that store create/update/delete need Manage stores only
 * (S6's meaning; S2 also accepts Manage stores data there): an emulator choice, listed in the
 * README's differences.
 */

/** The Object Store scopes, by API name, with their display names. */
export const OBJECT_STORE_SCOPES = {
    "manage:store": "Manage stores",
    "manage:store_data": "Manage stores data",
    "read:store": "View stores",
    "read:store_metrics": "Store Metrics Viewer",
} as const;

/** API name of an Object Store scope, e.g. `manage:store`. */
export type ObjectStoreScope = keyof typeof OBJECT_STORE_SCOPES;

/** Every Object Store scope. */
export const ALL_OBJECT_STORE_SCOPES = Object.keys(OBJECT_STORE_SCOPES) as ObjectStoreScope[];

/** What a route needs: any one of these scopes, on the environment of the request. */
export interface RequiredPermission {
    anyOf: readonly ObjectStoreScope[];
}

/** The permission of each kind of operation. */
export const PERMISSIONS = {
    /** GET P/stores, GET S [S2: View stores, Manage stores or Manage stores data]. */
    viewStores: { anyOf: ["read:store", "manage:store", "manage:store_data"] },
    /** PUT, PATCH, DELETE S [S6: Manage stores; emulator choice over S2]. */
    manageStores: { anyOf: ["manage:store"] },
    /** Every partition, key and confirmation operation [S2, S6: Manage stores data]. */
    manageStoreData: { anyOf: ["manage:store_data"] },
    /** Stats API [S6: Store Metrics Viewer]. */
    viewMetrics: { anyOf: ["read:store_metrics"] },
} as const satisfies Record<string, RequiredPermission>;

/** Scopes granted to a connected app, per environment id (environments not listed: none). */
export type ScopeGrants = ReadonlyMap<string, ReadonlySet<ObjectStoreScope>>;

/** `Manage stores (manage:store)`: how OSv2's Access Management names a scope. */
export function scopeLabel(scope: ObjectStoreScope): string {
    return `${OBJECT_STORE_SCOPES[scope]} (${scope})`;
}

/**
 * The 403 message when `grants` lack `required` on any of `environmentIds`, else undefined.
 * Reads `Missing permission: Manage stores (manage:store) for environment <id>. Connected app
 * "<clientId>" holds View stores (read:store), Manage stores data (manage:store_data) there.`
 */
export function missingPermission(
    grants: ScopeGrants,
    required: RequiredPermission,
    environmentIds: readonly string[],
    clientId: string,
): string | undefined {
    for (const environmentId of environmentIds) {
        const held = grants.get(environmentId) ?? new Set<ObjectStoreScope>();
        if (required.anyOf.some((scope) => held.has(scope))) continue;
        const needed = required.anyOf.map(scopeLabel);
        const what = needed.length === 1 ? needed[0] : `one of ${needed.join(", ")}`;
        const holds =
            held.size === 0
                ? "no Object Store scope there"
                : `${ALL_OBJECT_STORE_SCOPES.filter((s) => held.has(s))
                      .map(scopeLabel)
                      .join(", ")} there`;
        return `Missing permission: ${what} for environment ${environmentId}. Connected app ${JSON.stringify(clientId)} holds ${holds}.`;
    }
    return undefined;
}

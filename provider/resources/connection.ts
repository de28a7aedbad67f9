/**
 * Turns a scope (a resource's overrides, the scope recorded in its outputs, or a lookup's arguments)
 * into an OSv2 client and the resolved organization/environment/region. Resources take their settings
 * from the provider's configure() (stack config `anypoint:*`) and ANYPOINT_* environment variables,
 * read when a call runs; lookups pass the settings they resolved to {@link connectWith}.
 */
import { ObjectStoreConfigError, type ObjectStoreClient } from "../client";
import { currentConnectionSettings, getClient, settingsFor, type ConnectionSettings } from "../config";
import { CheckFailure, isUnknown, ResolvedScope, ScopeArgs } from "./common";

/** A client bound to one organization, environment and region, and that scope. */
export interface Connection {
    client: ObjectStoreClient;
    scope: ResolvedScope;
}

/**
 * Connection for `base` settings with scope overrides applied (only the scope fields of
 * `overrides` are read). Makes no HTTP call; the client is the process-wide cached one.
 * @throws ObjectStoreConfigError when an overridden region does not exist on the control plane.
 */
export function connectWith(base: ConnectionSettings, overrides: ScopeArgs): Connection {
    const settings = settingsFor(base, {
        organizationId: overrides.organizationId,
        environmentId: overrides.environmentId,
        region: overrides.region,
    });
    return {
        client: getClient(settings),
        scope: {
            resolvedOrganizationId: settings.organizationId,
            resolvedEnvironmentId: settings.environmentId,
            resolvedRegion: settings.region,
        },
    };
}

/**
 * Connection for a new object: the provider-wide settings with the resource's overrides applied.
 * Throws ObjectStoreConfigError listing every missing setting and how to set it.
 */
export async function connectFor(overrides: ScopeArgs): Promise<Connection> {
    return connectWith(currentConnectionSettings(), overrides);
}

/**
 * Connection for an existing object: the scope recorded in its outputs when it was created wins
 * over the current stack config, so reads, updates and deletes reach the object that exists.
 */
export async function connectRecorded(outs: Partial<ResolvedScope> & ScopeArgs): Promise<Connection> {
    return connectFor({
        organizationId: outs.resolvedOrganizationId ?? outs.organizationId,
        environmentId: outs.resolvedEnvironmentId ?? outs.environmentId,
        region: outs.resolvedRegion ?? outs.region,
    });
}

/**
 * Resolves the settings a new object would use and throws if they are incomplete, so that a
 * missing or contradictory setting fails `pulumi preview` (in check) rather than `pulumi up`.
 * Overrides still unknown during preview are skipped. Makes no HTTP call.
 * @throws ObjectStoreConfigError listing every problem and how to set each.
 */
export function assertConfigured(overrides: ScopeArgs): void {
    const known = (v: string | undefined) => (v === undefined || isUnknown(v) ? undefined : v);
    settingsFor(currentConnectionSettings(), {
        organizationId: known(overrides.organizationId),
        environmentId: known(overrides.environmentId),
        region: known(overrides.region),
    });
}

/**
 * The check() every provider shares: validate (failures name the property and what to do), then
 * make sure the connection settings are complete, then return the normalized inputs.
 * Missing or contradictory settings are returned as a check failure (no HTTP call is made).
 */
export function checkInputs(
    news: Record<string, unknown>,
    validate: (news: Record<string, unknown>) => CheckFailure[],
    normalize: (news: Record<string, unknown>) => Record<string, unknown>,
): { failures: CheckFailure[] } | { inputs: Record<string, unknown> } {
    const failures = validate(news);
    // The engine prints a failure's property with its whole value (megabytes, or a secret) before the
    // reason; every reason names its field, so the property is left out.
    if (failures.length > 0) return { failures: failures.map((f) => ({ property: "", reason: f.reason })) };
    try {
        assertConfigured(news as ScopeArgs); // missing settings fail preview, not only up
    } catch (err) {
        // One readable message, printed once by the engine, instead of a thrown error with a stack trace.
        if (err instanceof ObjectStoreConfigError) return { failures: [{ property: "", reason: err.message }] };
        throw err;
    }
    return { inputs: normalize(news) };
}

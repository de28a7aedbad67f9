/**
 * Turns a scope (a resource's overrides, the scope recorded in its outputs, or a lookup's arguments)
 * into an OSv2 client and the resolved organization/environment/region. Resources take their settings
 * from their provider instance's context (./context: the stack's `anypoint:*` config for the dynamic
 * resources, each provider's own config for the plugin), read when a call runs; lookups pass the
 * settings they resolved to {@link connectWith}.
 */
import { ObjectStoreConfigError, type ObjectStoreClient } from "../client";
import { getClient, settingsFor, type ConnectionSettings } from "../config";
import { CheckFailure, isUnknown, ResolvedScope, ScopeArgs, UNKNOWN } from "./common";
import type { ProviderContext } from "./context";

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
 * Connection for a new object: the provider instance's settings with the resource's overrides applied.
 * Throws ObjectStoreConfigError listing every missing setting and how to set it.
 */
export async function connectFor(context: ProviderContext, overrides: ScopeArgs): Promise<Connection> {
    return connectWith(context.settings(), overrides);
}

/**
 * Connection for an existing object: the scope recorded in its outputs when it was created wins
 * over the current stack config, so reads, updates and deletes reach the object that exists.
 */
export async function connectRecorded(context: ProviderContext, outs: Partial<ResolvedScope> & ScopeArgs): Promise<Connection> {
    return connectFor(context, {
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
export function assertConfigured(context: ProviderContext, overrides: ScopeArgs): void {
    const known = (v: string | undefined) => (v === undefined || isUnknown(v) ? undefined : v);
    settingsFor(context.settings(), {
        organizationId: known(overrides.organizationId),
        environmentId: known(overrides.environmentId),
        region: known(overrides.region),
    });
}

/**
 * The organization, environment and region an object with these overrides lives in under the
 * provider instance's settings, or undefined while an override is unknown (preview). No HTTP call.
 * @throws ObjectStoreConfigError as {@link assertConfigured}.
 */
export function resolvedScopeOf(context: ProviderContext, overrides: ScopeArgs): Required<ScopeArgs> | undefined {
    if ([overrides.organizationId, overrides.environmentId, overrides.region].some((v) => v !== undefined && isUnknown(v)))
        return undefined;
    const settings = settingsFor(context.settings(), {
        organizationId: overrides.organizationId,
        environmentId: overrides.environmentId,
        region: overrides.region,
    });
    return { organizationId: settings.organizationId, environmentId: settings.environmentId, region: settings.region };
}

/**
 * The scope a create with these overrides writes to, for a preview's plan: the provider instance's
 * settings with the overrides applied, without a client or a request. Every field is Pulumi's unknown
 * value while an override is unknown (an output of another resource).
 * @throws ObjectStoreConfigError as {@link assertConfigured} (check reports it first).
 */
export function plannedScope(context: ProviderContext, overrides: ScopeArgs): ResolvedScope {
    const scope = resolvedScopeOf(context, overrides);
    if (!scope) return { resolvedOrganizationId: UNKNOWN, resolvedEnvironmentId: UNKNOWN, resolvedRegion: UNKNOWN };
    return { resolvedOrganizationId: scope.organizationId, resolvedEnvironmentId: scope.environmentId, resolvedRegion: scope.region };
}

/**
 * The scope an update of an existing object writes to, for a preview's plan: the scope recorded in
 * its outputs, as {@link connectRecorded} resolves it, without a client or a request.
 */
export function plannedRecordedScope(context: ProviderContext, outs: Partial<ResolvedScope> & ScopeArgs): ResolvedScope {
    return plannedScope(context, {
        organizationId: outs.resolvedOrganizationId ?? outs.organizationId,
        environmentId: outs.resolvedEnvironmentId ?? outs.environmentId,
        region: outs.resolvedRegion ?? outs.region,
    });
}

/** How one resource kind checks its inputs: pure functions of its model. */
export interface CheckSpec {
    /** Every problem with the inputs; each reason names its field and what to do. */
    validate(news: Record<string, unknown>): CheckFailure[];
    /** The inputs as they will be diffed and sent (unset members dropped, TTLs clamped, ids spelled as OSv2 stores them). */
    normalize(news: Record<string, unknown>): Record<string, unknown>;
    /** What normalize changed that the user should know (the TTL clamp, a key id's spelling), one message each. */
    warnings?(news: Record<string, unknown>): string[];
}

/**
 * Result of `checkInputs`: Pulumi's CheckResult (the normalized `inputs`, or `failures`) plus
 * the `warnings` the front door shows.
 */
export interface CheckOutcome {
    /** The normalized inputs, typed like Pulumi's dynamic CheckResult (each resource's *Inputs shape). */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    inputs?: any;
    /** Every problem of the inputs: the property and what to do (none: the inputs are valid). */
    failures?: CheckFailure[];
    /** What normalizing changed that the user should know (the TTL clamp, a key id's spelling). */
    warnings?: string[];
}

/** What a core provider's create returns (Pulumi's dynamic CreateResult). */
export interface CreateOutcome<O> {
    /** The resource id: what `pulumi import` takes (the storeId; `storeId/partitionId[/keyId]`, each segment URI-encoded). */
    id: string;
    /** The outputs recorded in the state. */
    outs: O;
}

/** What a core provider's update returns (Pulumi's dynamic UpdateResult). */
export interface UpdateOutcome<O> {
    /** The outputs recorded in the state. */
    outs: O;
}

/**
 * The check() every provider shares: validate (failures name the property and what to do), then
 * make sure the connection settings are complete, then return the normalized inputs and the
 * warnings about what normalizing changed. Missing or contradictory settings are returned as a
 * check failure. No HTTP call is made.
 */
export function checkInputs(context: ProviderContext, news: Record<string, unknown>, spec: CheckSpec): CheckOutcome {
    const failures = spec.validate(news);
    // The engine prints a failure's property with its whole value (megabytes, or a secret) before the
    // reason; every reason names its field, so the property is left out.
    if (failures.length > 0) return { failures: failures.map((f) => ({ property: "", reason: f.reason })) };
    try {
        assertConfigured(context, news as ScopeArgs); // missing settings fail preview, not only up
    } catch (err) {
        // One readable message, printed once by the engine, instead of a thrown error with a stack trace.
        if (err instanceof ObjectStoreConfigError) return { failures: [{ property: "", reason: err.message }] };
        throw err;
    }
    return { inputs: spec.normalize(news), warnings: spec.warnings?.(news) ?? [] };
}

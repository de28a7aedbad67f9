/**
 * Turns a scope (a resource's overrides, the scope recorded in its outputs, or a lookup's arguments)
 * into an OSv2 client and the resolved organization/environment/region. Resources take their settings
 * from their provider instance's context (./context: the stack's `anypoint:*` config for the dynamic
 * resources, each provider's own config for the plugin), read when a call runs; lookups pass the
 * settings they resolved to {@link connectWith}.
 */
import { ObjectStoreConfigError, type ObjectStoreClient } from "../client";
import { getClient, settingsFor, type ConnectionSettings } from "../config";
import { CheckFailure } from "./validation";
import { isUnknown, UNKNOWN } from "./markers";
import { ResolvedScope, ScopeArgs } from "./scope";
import type { ProviderContext } from "./context";
import { endpointChangedMessage, endpointDiffers, endpointOf, type EndpointUse } from "./scope-change";

/** A client bound to one organization, environment and region, and that scope (with the endpoint it reaches). */
export interface Connection {
    client: ObjectStoreClient;
    scope: Required<ResolvedScope>;
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
            resolvedBaseUrl: endpointOf(settings.baseUrl),
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

/** A connection to an existing object (see {@link connectRecorded}). */
export interface RecordedConnection extends Connection {
    /**
     * Set (read only) when the object was recorded as reached through another Object Store endpoint
     * than the one the provider's settings reach now: the recorded one.
     */
    recordedBaseUrl?: string;
}

/**
 * Connection for an existing object: the organization, environment and region recorded in its
 * outputs when it was created win over the current settings, so reads, updates and deletes reach
 * the object that exists (a change of place is planned by diff as a replace: ./scope-change). The
 * endpoint is the current settings' one. When the object was recorded with another endpoint (a
 * change of controlPlane or baseUrl), an update or delete is refused before any request (it would
 * reach another service's object); a read goes ahead and says so in `recordedBaseUrl`.
 * @param label the object, for the refusal's message (./labels).
 * @throws Error with {@link endpointChangedMessage} for an update or delete through another endpoint.
 */
export async function connectRecorded(
    context: ProviderContext,
    outs: Partial<ResolvedScope> & ScopeArgs,
    use: "read" | Exclude<EndpointUse, "plan"> = "read",
    label = "The object",
): Promise<RecordedConnection> {
    const connection = await connectFor(context, {
        organizationId: outs.resolvedOrganizationId ?? outs.organizationId,
        environmentId: outs.resolvedEnvironmentId ?? outs.environmentId,
        region: outs.resolvedRegion ?? outs.region,
    });
    if (!endpointDiffers(outs.resolvedBaseUrl, connection.scope.resolvedBaseUrl)) return connection;
    if (use !== "read") throw new Error(endpointChangedMessage(label, outs.resolvedBaseUrl!, connection.scope.resolvedBaseUrl, use));
    return { ...connection, recordedBaseUrl: outs.resolvedBaseUrl };
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
    const target = targetOf(context, overrides);
    return target.baseUrl === undefined ? undefined : target.scope;
}

/**
 * Where an object with these overrides would live under the provider instance's settings now: its
 * scope and the Object Store endpoint (as recorded: ./scope-change endpointOf). A scope field is
 * Pulumi's unknown value while its override is unknown (preview), or while the provider's own
 * argument is (an explicit provider configured from another resource's output); the endpoint is
 * then undefined. No HTTP call.
 * @throws ObjectStoreConfigError as {@link assertConfigured}.
 */
export function targetOf(context: ProviderContext, overrides: ScopeArgs): { scope: Required<ScopeArgs>; baseUrl?: string } {
    const knownOnly = (v: string | undefined) => (v === undefined || isUnknown(v) ? undefined : v);
    const settings = settingsFor(context.settings(), {
        organizationId: knownOnly(overrides.organizationId),
        environmentId: knownOnly(overrides.environmentId),
        region: knownOnly(overrides.region),
    });
    const scope = {
        organizationId: overrides.organizationId !== undefined && isUnknown(overrides.organizationId) ? UNKNOWN : settings.organizationId,
        environmentId: overrides.environmentId !== undefined && isUnknown(overrides.environmentId) ? UNKNOWN : settings.environmentId,
        region: overrides.region !== undefined && isUnknown(overrides.region) ? UNKNOWN : settings.region,
    };
    const unknown = Object.values(scope).some(isUnknown);
    return { scope, ...(!unknown && { baseUrl: endpointOf(settings.baseUrl) }) };
}

/**
 * The scope a create with these overrides writes to, for a preview's plan: the provider instance's
 * settings with the overrides applied ({@link targetOf}), without a client or a request. A field is
 * Pulumi's unknown value while its override is unknown (an output of another resource), and so is the
 * endpoint (`resolvedBaseUrl`: the region decides the host).
 * @throws ObjectStoreConfigError as {@link assertConfigured} (check reports it first).
 */
export function plannedScope(context: ProviderContext, overrides: ScopeArgs): ResolvedScope {
    const { scope, baseUrl } = targetOf(context, overrides);
    return {
        resolvedOrganizationId: scope.organizationId,
        resolvedEnvironmentId: scope.environmentId,
        resolvedRegion: scope.region,
        resolvedBaseUrl: baseUrl ?? UNKNOWN,
    };
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

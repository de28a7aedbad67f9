/**
 * Program-side bookkeeping of the objects a Pulumi program declares with the dynamic resources, so
 * that plans stay true (the rules and messages are the core's: provider/resources/ownership.ts):
 *
 * - Two resources of one program that declare the same store, partition or key (same scope, same
 *   ids; each KeyEntries entry declares a key) fail at `pulumi preview`, naming both resources,
 *   before any request. Without this, both creates could meet one object and every later refresh
 *   would flip between their values, and one resource's destroy would delete the other's object.
 * - A Partition, Key or KeyEntries given literal ids of a Store or Partition declared earlier in the
 *   same program depends on it automatically, so the container is created first and deleted last
 *   (as if `store.storeId` / `partition.partitionId` had been passed).
 *
 * This runs in the program's process (resource constructors), never in the provider: the dynamic
 * provider interface does not tell the provider which resource a call is for.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_REGION, SETTINGS } from "../config/keys";
import type { ScopeArgs } from "../resources/scope";
import { DeclarationRegistry, describeResource, objectIdentity, type ObjectKind, type ResourceKind } from "../resources/ownership";

/** Stack-level scope defaults in the program (stack config `anypoint:*`, then the ANYPOINT_* variables of ../config/keys.ts, then its default region). */
function defaultScope(): Required<ScopeArgs> {
    let config: pulumi.Config | undefined;
    try {
        config = new pulumi.Config("anypoint");
    } catch {
        config = undefined; // not inside a Pulumi program (unit tests)
    }
    const get = (key: "organizationId" | "environmentId" | "region") =>
        config?.get(key) ?? SETTINGS[key].env.map((e) => process.env[e]).find((v) => v) ?? "";
    return {
        organizationId: get("organizationId"),
        environmentId: get("environmentId"),
        region: get("region") || DEFAULT_REGION,
    };
}

/** A declared scope with the stack's defaults filled in. */
function resolvedScope(scope: ScopeArgs, defaults: Required<ScopeArgs>): Required<ScopeArgs> {
    return {
        organizationId: scope.organizationId ?? defaults.organizationId,
        environmentId: scope.environmentId ?? defaults.environmentId,
        region: scope.region ?? defaults.region,
    };
}

/** What one program run has declared so far. */
interface RunDeclarations {
    /** Which resource declares each object. */
    declared: DeclarationRegistry;
    /** Containers declared with literal ids, for automatic dependencies. */
    literalContainers: Map<string, pulumi.Resource>;
}

/**
 * Declarations per program run, keyed by the run's root stack resource: a process (tests, the
 * Automation API) may run several programs, and what one declared must not leak into the next.
 */
const runs = new WeakMap<object, RunDeclarations>();
const outsideAnyRun = {};

function currentRun(): RunDeclarations {
    const key = pulumi.runtime.getStackResource() ?? outsideAnyRun;
    let run = runs.get(key);
    if (!run) {
        run = { declared: new DeclarationRegistry(), literalContainers: new Map() };
        runs.set(key, run);
    }
    return run;
}

function scopeInputs(scope: ScopeArgs): pulumi.Input<string | undefined>[] {
    return [scope.organizationId, scope.environmentId, scope.region] as pulumi.Input<string | undefined>[];
}

/**
 * Records that resource `name` (of `resource` kind) declares the object `kind` with `ids` in `scope`,
 * once the ids are known. A second declaration of the same object fails the program (at preview when
 * the ids are known then) with one message naming both resources.
 */
export function recordDeclaration(
    kind: ObjectKind,
    name: string,
    resource: ResourceKind,
    ids: pulumi.Input<string>[],
    scope: ScopeArgs,
): void {
    const { declared } = currentRun();
    void pulumi.all([pulumi.all(ids), pulumi.all(scopeInputs(scope))]).apply(([resolvedIds, [organizationId, environmentId, region]]) => {
        const conflict = declared.claim(
            kind,
            resolvedScope({ organizationId, environmentId, region }, defaultScope()),
            resolvedIds,
            describeResource(resource, name),
        );
        if (conflict !== undefined) throw new pulumi.RunError(conflict);
    });
}

/**
 * Records that KeyEntries `name` declares the keys `keyIds` (already spelled as OSv2 stores them) in
 * one partition; each is a key declaration as {@link recordDeclaration} records it.
 */
export function recordEntryDeclarations(
    name: string,
    storeId: pulumi.Input<string>,
    partitionId: pulumi.Input<string>,
    keyIds: pulumi.Input<string[]>,
    scope: ScopeArgs,
): void {
    const { declared } = currentRun();
    void pulumi
        .all([storeId, partitionId, keyIds, pulumi.all(scopeInputs(scope))])
        .apply(([s, p, keys, [organizationId, environmentId, region]]) => {
            const resolved = resolvedScope({ organizationId, environmentId, region }, defaultScope());
            const owner = describeResource("KeyEntries", name);
            for (const keyId of keys) {
                const conflict = declared.claim("Key", resolved, [s, p, keyId], owner);
                if (conflict !== undefined) throw new pulumi.RunError(conflict);
            }
        });
}

/** The key of a container declared with literal ids, or undefined when any id or override is not a plain string. */
function literalKey(kind: "Store" | "Partition", scope: ScopeArgs, ids: pulumi.Input<string>[]): string | undefined {
    const parts = [scope.organizationId, scope.environmentId, scope.region] as unknown[];
    if (!ids.every((id) => typeof id === "string")) return undefined;
    if (!parts.every((p) => p === undefined || typeof p === "string")) return undefined;
    return objectIdentity(kind, resolvedScope(scope, { organizationId: "", environmentId: "", region: "" }), ids as string[]);
}

/** Remembers a Store or Partition declared with literal ids, so later resources inside it can depend on it. */
export function recordContainer(
    kind: "Store" | "Partition",
    resource: pulumi.Resource,
    ids: pulumi.Input<string>[],
    scope: ScopeArgs,
): void {
    const key = literalKey(kind, scope, ids);
    if (key !== undefined) currentRun().literalContainers.set(key, resource);
}

/**
 * `opts` with a dependency on the Store (and, for a Key or KeyEntries, the Partition) that this
 * program declared earlier with the same literal ids, if any and if `opts.dependsOn` is a plain list
 * or resource.
 */
export function withContainerDependencies(
    opts: pulumi.CustomResourceOptions | undefined,
    scope: ScopeArgs,
    storeId: pulumi.Input<string>,
    partitionId?: pulumi.Input<string>,
): pulumi.CustomResourceOptions | undefined {
    const containers: pulumi.Resource[] = [];
    const { literalContainers } = currentRun();
    const store = literalContainers.get(literalKey("Store", scope, [storeId]) ?? "");
    if (store) containers.push(store);
    if (partitionId !== undefined) {
        const partition = literalContainers.get(literalKey("Partition", scope, [storeId, partitionId]) ?? "");
        if (partition) containers.push(partition);
    }
    if (containers.length === 0) return opts;
    const existing = opts?.dependsOn;
    if (existing === undefined) return { ...opts, dependsOn: containers };
    if (Array.isArray(existing)) return { ...opts, dependsOn: [...(existing as pulumi.Input<pulumi.Resource>[]), ...containers] };
    if (pulumi.Resource.isInstance(existing)) return { ...opts, dependsOn: [existing, ...containers] };
    return opts; // an Output or promise of dependencies: left as the program wrote it
}

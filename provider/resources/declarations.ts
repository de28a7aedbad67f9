/**
 * Program-side bookkeeping of the objects a Pulumi program declares, so that plans stay true:
 *
 * - Two resources of one program that declare the same store, partition or key (same scope, same
 *   ids) fail at `pulumi preview`, naming both resources. Without this, both creates could succeed
 *   against the service and every later refresh would flip between their values.
 * - A Partition or Key given literal ids of a Store or Partition declared earlier in the same
 *   program depends on it automatically, so the container is created first (as if
 *   `store.storeId` / `partition.partitionId` had been passed).
 *
 * This runs in the program's process (resource constructors), never in the provider.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScopeArgs } from "./common";

/** The kinds of object a program declares. */
export type DeclaredKind = "Store" | "Partition" | "Key";

/** Stack-level scope defaults in the program (stack config `anypoint:*`, then ANYPOINT_* variables). */
function defaultScope(): Required<ScopeArgs> {
    let config: pulumi.Config | undefined;
    try {
        config = new pulumi.Config("anypoint");
    } catch {
        config = undefined; // not inside a Pulumi program (unit tests)
    }
    const get = (key: string, ...env: string[]) => config?.get(key) ?? env.map((e) => process.env[e]).find((v) => v) ?? "";
    return {
        organizationId: get("organizationId", "ANYPOINT_ORGANIZATION_ID", "ANYPOINT_ORG_ID"),
        environmentId: get("environmentId", "ANYPOINT_ENVIRONMENT_ID", "ANYPOINT_ENV_ID"),
        region: get("region", "ANYPOINT_REGION") || "us-east-1",
    };
}

/** One identity string for an object: kind, resolved scope and ids. Pure. */
export function identityOf(kind: DeclaredKind, scope: ScopeArgs, ids: string[], defaults: Required<ScopeArgs>): string {
    return JSON.stringify([
        kind,
        scope.organizationId ?? defaults.organizationId,
        scope.environmentId ?? defaults.environmentId,
        scope.region ?? defaults.region,
        ...ids,
    ]);
}

function describeObject(kind: DeclaredKind, ids: string[]): string {
    const [storeId, partitionId, keyId] = ids;
    if (kind === "Store") return `store '${storeId}'`;
    if (kind === "Partition") return `partition '${partitionId}' of store '${storeId}'`;
    return `key '${keyId}' in partition '${partitionId}' of store '${storeId}'`;
}

/** What one program run has declared so far. */
interface RunDeclarations {
    /** Identities, with the name of the resource that declared each. */
    declared: Map<string, string>;
    /** Containers declared with literal ids, for automatic dependencies. */
    literalContainers: Map<string, pulumi.Resource>;
}

/**
 * One record per program run, keyed by the run's root Stack resource: inline Automation API programs
 * run many times in one process, and what one run declared must not leak into the next.
 */
const runs = new WeakMap<object, RunDeclarations>();
const outsideAnyRun = {};

function currentRun(): RunDeclarations {
    const key = pulumi.runtime.getStackResource() ?? outsideAnyRun;
    let run = runs.get(key);
    if (!run) {
        run = { declared: new Map(), literalContainers: new Map() };
        runs.set(key, run);
    }
    return run;
}

/**
 * Records that resource `name` declares the object `kind` with `ids` in `scope`, once the ids are
 * known. A second declaration of the same object fails the program (at preview when the ids are
 * known then) with one message naming both resources.
 */
export function recordDeclaration(kind: DeclaredKind, name: string, ids: pulumi.Input<string>[], scope: ScopeArgs): void {
    const scopeInputs = [scope.organizationId, scope.environmentId, scope.region] as pulumi.Input<string | undefined>[];
    const { declared } = currentRun();
    void pulumi.all([pulumi.all(ids), pulumi.all(scopeInputs)]).apply(([resolvedIds, [organizationId, environmentId, region]]) => {
        const identity = identityOf(kind, { organizationId, environmentId, region }, resolvedIds, defaultScope());
        const other = declared.get(identity);
        if (other !== undefined && other !== name) {
            throw new pulumi.RunError(
                `${kind} resources '${other}' and '${name}' both declare ${describeObject(kind, resolvedIds)}. ` +
                    `One object can be managed by only one resource: remove one of them, or give one another id.`,
            );
        }
        declared.set(identity, name);
    });
}

/** The key of a container declared with literal ids, or undefined when any id or override is not a plain string. */
function literalKey(kind: DeclaredKind, scope: ScopeArgs, ids: pulumi.Input<string>[]): string | undefined {
    const parts = [scope.organizationId, scope.environmentId, scope.region] as unknown[];
    if (!ids.every((id) => typeof id === "string")) return undefined;
    if (!parts.every((p) => p === undefined || typeof p === "string")) return undefined;
    return identityOf(kind, scope, ids as string[], { organizationId: "", environmentId: "", region: "" });
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
 * `opts` with a dependency on the Store (and, for a Key, the Partition) that this program declared
 * earlier with the same literal ids, if any and if `opts.dependsOn` is a plain list or resource.
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

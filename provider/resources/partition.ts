/**
 * The Partition resource: a named partition of a store.
 *
 * OSv2 has no call that creates a partition: a partition comes into existence with the first key
 * written into it (by a Key resource or by an application). So this resource *declares* the
 * partition: create checks that its store exists (and that the partition does not, unless
 * `adopt`), read checks it with HEAD, and delete removes it with everything in it.
 *
 * Endpoints (dev-portal "Object Store v2 API"):
 *   read   = HEAD   …/stores/{storeId}/partitions/{partitionId}
 *   delete = DELETE …/stores/{storeId}/partitions/{partitionId}   (deletes ALL its keys, also ones
 *            that applications wrote)
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    CheckFailure,
    MAX_KEY_BYTES,
    MAX_STORE_ID_CHARS,
    ResolvedScope,
    SCOPE_FIELDS,
    ScopeArgs,
    compact,
    declaredScope,
    diffDeclared,
    identifierSchema,
    scopeShape,
    validate,
} from "./common";
import { checkInputs, connectFor, connectRecorded } from "./connection";
import { recordContainer, recordDeclaration, withContainerDependencies } from "./declarations";
import { ObjectStoreResource } from "./shim";

/** Inputs of a {@link Partition}. */
export interface PartitionArgs extends ScopeArgs {
    /** Id of the store that holds the partition; usually `store.storeId` so the store is created first. */
    storeId: pulumi.Input<string>;
    /** Partition id (≤ 1024 bytes of UTF-8, no '|'). */
    partitionId: pulumi.Input<string>;
    /** Take over a partition that already holds keys instead of failing. Destroy then deletes it with all its keys. */
    adopt?: pulumi.Input<boolean>;
}

/** Plain inputs of a Partition, as the provider receives them. */
export interface PartitionInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /** Organization (business group) id override as declared; undefined means the stack's `anypoint:organizationId` (or ANYPOINT_ORGANIZATION_ID). */
    organizationId?: string;
    /** Environment id override as declared; undefined means the stack's `anypoint:environmentId` (or ANYPOINT_ENVIRONMENT_ID). */
    environmentId?: string;
    /** Region id override as declared (e.g. `eu-central-1`); undefined means the stack's `anypoint:region` (default `us-east-1`). */
    region?: string;
    /** As declared: `true` lets create take over an object that already exists (README, "Adopting what already exists"). */
    adopt?: boolean;
}

/** Outputs of a Partition. */
export interface PartitionOutputs extends PartitionInputs, ResolvedScope {
    /** Whether OSv2 holds the partition now (false until the first key is written into it). */
    exists: boolean;
}

/** Every Partition input that identifies it: any change replaces the partition. */
export const PARTITION_REPLACE_FIELDS = ["storeId", "partitionId", ...SCOPE_FIELDS] as const;

/** zod schema of Partition inputs. @internal */
export const partitionInputsSchema = z.strictObject({
    storeId: identifierSchema("storeId", 4 * MAX_STORE_ID_CHARS, MAX_STORE_ID_CHARS),
    partitionId: identifierSchema("partitionId", MAX_KEY_BYTES),
    ...scopeShape,
});

/** Validates Partition inputs. Pure. */
export function validatePartition(news: Record<string, unknown>): CheckFailure[] {
    return validate(partitionInputsSchema, news);
}

/** Diff of declared Partition inputs against old outputs: every identity change replaces. Pure. */
export function diffPartition(olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diffDeclared(olds, compact(news), { replaceFields: PARTITION_REPLACE_FIELDS, settingFields: [] });
}

/** Outputs for a partition. Pure. */
export function partitionOutputs(inputs: PartitionInputs, scope: ResolvedScope, exists: boolean): PartitionOutputs {
    return {
        ...declaredScope(inputs),
        storeId: inputs.storeId,
        partitionId: inputs.partitionId,
        exists,
        ...scope,
    };
}

/** The inputs that describe a partition's outputs (refresh writes these). Pure. */
export function partitionInputsFromOutputs(outs: PartitionOutputs): PartitionInputs {
    return compact({
        storeId: outs.storeId,
        partitionId: outs.partitionId,
        ...declaredScope(outs),
    }) as PartitionInputs;
}

/**
 * The id of a Partition resource: `storeId/partitionId`, each segment URI-encoded. `read` parses it
 * when the engine reads a partition by id alone.
 */
export function partitionResourceId(storeId: string, partitionId: string): string {
    return [storeId, partitionId].map(encodeURIComponent).join("/");
}

/**
 * The store and partition ids of a Partition resource id (see {@link partitionResourceId}).
 * @throws Error when `id` does not have two segments.
 */
export function parsePartitionResourceId(id: string): { storeId: string; partitionId: string } {
    const parts = id.split("/");
    if (parts.length !== 2) throw new Error(`'${id}' is not a Partition resource id: expected storeId/partitionId, each URI-encoded.`);
    const [storeId, partitionId] = parts.map(decodeURIComponent);
    return { storeId, partitionId };
}

/**
 * The dynamic ResourceProvider of {@link Partition}, loaded at call time by the provider shim.
 * Errors: ObjectStoreApiError for HTTP failures; Error when the store is missing or the partition
 * already exists without adopt.
 */
export class PartitionProvider implements pulumi.dynamic.ResourceProvider {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkInputs(news, validatePartition, compact);
    }

    async diff(_id: string, olds: PartitionOutputs, news: PartitionInputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffPartition(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
    }

    /** Checks the store (GET) and the partition (HEAD); writes nothing. */
    async create(inputs: PartitionInputs): Promise<pulumi.dynamic.CreateResult> {
        const { client, scope } = await connectFor(inputs);
        if (!(await client.getStore(inputs.storeId))) {
            throw new Error(
                `Store '${inputs.storeId}' does not exist in organization ${scope.resolvedOrganizationId}, environment ` +
                    `${scope.resolvedEnvironmentId} (region ${scope.resolvedRegion}). Declare it with a Store resource and pass ` +
                    `\`store.storeId\` as this Partition's storeId, so that Pulumi creates the store first.`,
            );
        }
        const exists = await client.partitionExists(inputs.storeId, inputs.partitionId);
        if (exists && !inputs.adopt) {
            throw new Error(
                `Partition '${inputs.partitionId}' already holds keys in store '${inputs.storeId}'; Pulumi did not change it. ` +
                    `If Key resources of this program write into it, pass \`partition.partitionId\` as their partitionId, so that ` +
                    `Pulumi declares the Partition before writing its keys. If an application writes into it, set \`adopt: true\` ` +
                    `on the Partition to manage it (destroy then deletes it with all its keys); otherwise choose another partitionId.`,
            );
        }
        return { id: partitionResourceId(inputs.storeId, inputs.partitionId), outs: partitionOutputs(inputs, scope, exists) };
    }

    /**
     * HEAD the partition. Gone (empty id) when its store is gone, or when it existed before and is
     * now missing. A declared partition that never held a key stays, with `exists: false`. Works from
     * the id alone (`storeId/partitionId`) when the engine has no outputs.
     */
    async read(id: string, props: Partial<PartitionOutputs>): Promise<pulumi.dynamic.ReadResult> {
        const ids =
            props.storeId !== undefined ? { storeId: props.storeId, partitionId: props.partitionId! } : parsePartitionResourceId(id);
        const { client, scope } = await connectRecorded(props);
        const exists = await client.partitionExists(ids.storeId, ids.partitionId);
        if (!exists) {
            const storeGone = !(await client.getStore(ids.storeId));
            if (storeGone || props.exists === true) return { id: "", props: {} };
        }
        const outs = partitionOutputs({ ...(props as PartitionInputs), ...ids }, scope, exists);
        return { id, props: outs, inputs: partitionInputsFromOutputs(outs) };
    }

    /** DELETE the partition and every key in it (already gone is fine). */
    async delete(_id: string, props: PartitionOutputs): Promise<void> {
        const { client } = await connectRecorded(props);
        await client.deletePartition(props.storeId, props.partitionId);
    }
}

/**
 * A partition of an OSv2 store. OSv2 creates partitions implicitly on the first write, so this
 * resource declares one (checking its store), and its deletion deletes the partition **with every
 * key in it**, including keys written by applications.
 *
 * ```ts
 * const carts = new Partition("carts", { storeId: store.storeId, partitionId: "carts" });
 * ```
 */
export class Partition extends ObjectStoreResource {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    declare readonly storeId: pulumi.Output<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    declare readonly partitionId: pulumi.Output<string>;
    /** Whether OSv2 held the partition at the last create or refresh (false until a key is written). */
    declare readonly exists: pulumi.Output<boolean>;

    constructor(name: string, args: PartitionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "partition",
            "Partition",
            name,
            { exists: undefined, ...args },
            opts?.id ? opts : withContainerDependencies(opts, args, args.storeId),
        );
        if (!opts?.id) {
            recordDeclaration("Partition", name, [args.storeId, args.partitionId], args);
            recordContainer("Partition", this, [args.storeId, args.partitionId], args);
        }
    }

    /** Reads an existing partition without managing it; fails if it does not exist. */
    static get(
        name: string,
        storeId: pulumi.Input<string>,
        partitionId: pulumi.Input<string>,
        scope?: ScopeArgs,
        opts?: pulumi.CustomResourceOptions,
    ): Partition {
        const id = pulumi.all([storeId, partitionId]).apply(([s, p]) => partitionResourceId(s, p));
        return new Partition(name, { storeId, partitionId, ...scope }, { ...opts, id });
    }
}

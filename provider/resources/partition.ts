/**
 * The Partition's core provider: a named partition of a store. Both front doors call it (the dynamic
 * Partition resource, provider/dynamic/partition.ts, and the plugin's `anypoint:objectstore:Partition`).
 *
 * OSv2 has no call that creates a partition: a partition comes into existence with the first key
 * written into it (by a Key or KeyEntries resource or by an application). So this resource *declares*
 * the partition: create checks that its store exists (and that the partition does not, unless
 * `adopt`), read checks it with HEAD, and delete removes it with everything in it.
 *
 * Endpoints (dev-portal "Object Store v2 API"):
 *   read   = HEAD   …/stores/{storeId}/partitions/{partitionId}
 *   delete = DELETE …/stores/{storeId}/partitions/{partitionId}   (deletes ALL its keys, also ones
 *            that applications wrote)
 */
import type * as pulumi from "@pulumi/pulumi";
import { compact } from "../util/objects";
import { plannedId } from "./markers";
import type { ResolvedScope } from "./scope";
import { checkInputs, connectFor, connectRecorded, plannedScope, type CheckOutcome, type CreateOutcome } from "./connection";
import { processWideContext, type FrontDoor, type ProviderContext } from "./context";
import { outputOf } from "./door-phrases";
import { operationLabel } from "./labels";
import { alreadyExistsMessage, type CreatedObject } from "./ownership";
import { notFoundThroughEndpointMessage } from "./scope-change";
import { assertNothingDeclaredIn, declareChecked, forgetDeleted, scopeDiff, type ResourceDiff } from "./scope-diff";
import {
    PartitionInputs,
    PartitionOutputs,
    diffPartition,
    parsePartitionResourceId,
    partitionInputsFromOutputs,
    partitionOutputs,
    partitionResourceId,
    plannedPartitionOutputs,
    validatePartition,
} from "./partition-model";
export * from "./partition-model";

/** The message of a Partition create that met a partition holding keys (no `adopt`). Pure. */
export function partitionExistsMessage(inputs: PartitionInputs, scope: ResolvedScope, door: FrontDoor): string {
    return (
        `If Key or KeyEntries resources of this program write into partition '${inputs.partitionId}', pass ` +
        `${outputOf(door, "Partition", "partition", "partitionId")} as their partitionId, so that Pulumi declares the Partition before writing its keys. ` +
        alreadyExistsMessage(
            {
                kind: "Partition",
                ids: [inputs.storeId, inputs.partitionId],
                scope,
                resource: "Partition",
                importId: partitionResourceId(inputs.storeId, inputs.partitionId),
                adoptEffect: "nothing is written",
                destroyEffect: "deletes the partition with all its keys, also those applications wrote",
            },
            door,
        )
    );
}

/**
 * The Partition's core provider (see the module comment).
 * Errors: ObjectStoreApiError for HTTP failures; Error when the store is missing or the partition
 * already exists without adopt.
 */
export class PartitionProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly context: ProviderContext = processWideContext) {}

    /**
     * Validates ids and scope and checks the connection settings; records the partition in this
     * operation's plan (./update-plan). No request.
     * @param owner the resource as messages name it, when the front door knows it.
     */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>, owner?: string): Promise<CheckOutcome> {
        const outcome = checkInputs(this.context, news, { validate: validatePartition, normalize: compact });
        return declareChecked(this.context, "Partition", outcome, owner);
    }

    /**
     * Every identity change, and every change of place (override or provider settings), replaces:
     * created in the new place first, then deleted from the old (./scope-diff). No request.
     * @throws Error when the endpoint changed, or when this partition or its store is deleted by this operation while still declared in.
     */
    async diff(_id: string, olds: PartitionOutputs, news: PartitionInputs, owner?: string): Promise<ResourceDiff> {
        const o = olds as unknown as Record<string, unknown>,
            n = news as unknown as Record<string, unknown>;
        return { ...scopeDiff(this.context, "Partition", o, n, diffPartition(o, n), owner), deleteBeforeReplace: false };
    }

    /** Checks the store (GET) and the partition (HEAD); writes nothing. */
    async create(inputs: PartitionInputs): Promise<CreateOutcome<PartitionOutputs>> {
        const { client, scope } = await connectFor(this.context, inputs);
        if (!(await client.getStore(inputs.storeId))) {
            throw new Error(
                `Store '${inputs.storeId}' does not exist in organization ${scope.resolvedOrganizationId}, environment ` +
                    `${scope.resolvedEnvironmentId} (region ${scope.resolvedRegion}). Declare it with a Store resource and pass ` +
                    `${outputOf(this.context.door, "Store", "store", "storeId")} as this Partition's storeId, so that Pulumi creates the store first.`,
            );
        }
        const exists = await client.partitionExists(inputs.storeId, inputs.partitionId);
        if (exists && !inputs.adopt) throw new Error(partitionExistsMessage(inputs, scope, this.context.door));
        return { id: partitionResourceId(inputs.storeId, inputs.partitionId), outs: partitionOutputs(inputs, scope, exists) };
    }

    /**
     * The plan of {@link create} for a preview, without a request: the id and the outputs the create
     * will return, `exists` unknown (`plannedPartitionOutputs`). No request.
     */
    planCreate(inputs: PartitionInputs): CreateOutcome<PartitionOutputs> {
        return {
            id: plannedId([inputs.storeId, inputs.partitionId], () => partitionResourceId(inputs.storeId, inputs.partitionId)),
            outs: plannedPartitionOutputs(inputs, plannedScope(this.context, inputs)),
        };
    }

    /**
     * What a create of `inputs` would have left (recovery after a killed run; see {@link CreatedObject}).
     * A Partition create writes nothing, so a partition that holds keys was not made by it (`other`),
     * and one that does not is `absent`: the next `pulumi up` declares it again.
     */
    async findCreated(inputs: PartitionInputs): Promise<CreatedObject<PartitionOutputs>> {
        const { client } = await connectFor(this.context, inputs);
        if (!(await client.partitionExists(inputs.storeId, inputs.partitionId))) return { state: "absent" };
        return { state: "other", detail: "it holds keys (a Partition create writes none)" };
    }

    /**
     * HEAD the partition. Gone (empty id) when its store is gone, or when it existed before and is
     * now missing. A declared partition that never held a key stays, with `exists: false`. Works from
     * the id alone (`storeId/partitionId`) when the engine has no outputs.
     */
    async read(id: string, props: Partial<PartitionOutputs>): Promise<pulumi.dynamic.ReadResult> {
        const ids =
            props.storeId !== undefined ? { storeId: props.storeId, partitionId: props.partitionId! } : parsePartitionResourceId(id);
        const { client, scope, recordedBaseUrl } = await connectRecorded(this.context, props);
        const exists = await client.partitionExists(ids.storeId, ids.partitionId);
        if (!exists) {
            const storeGone = !(await client.getStore(ids.storeId));
            if (storeGone && recordedBaseUrl)
                throw new Error(notFoundThroughEndpointMessage(operationLabel("Partition", ids), recordedBaseUrl, scope.resolvedBaseUrl));
            if (storeGone || props.exists === true) return { id: "", props: {} };
        }
        const outs = partitionOutputs({ ...(props as PartitionInputs), ...ids }, scope, exists);
        return { id, props: outs, inputs: partitionInputsFromOutputs(outs) };
    }

    /**
     * DELETE the partition and every key in it (already gone is fine). Refused before any request
     * while resources of this operation still declare keys in it (./scope-diff), or when it was
     * created through another endpoint than the one the settings reach now.
     */
    async delete(_id: string, props: PartitionOutputs): Promise<void> {
        const p = props as unknown as Record<string, unknown>;
        assertNothingDeclaredIn(this.context, "Partition", p);
        const { client } = await connectRecorded(this.context, props, "delete", operationLabel("Partition", props));
        await client.deletePartition(props.storeId, props.partitionId);
        forgetDeleted(this.context, "Partition", p);
    }
}

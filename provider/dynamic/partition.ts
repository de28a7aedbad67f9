/**
 * The Partition resource of the TypeScript dynamic front door. Its provider is the core
 * PartitionProvider (provider/resources/partition.ts), reached through the provider shim.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScopeArgs } from "../resources/scope";
import { partitionResourceId } from "../resources/partition-model";
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
            recordDeclaration("Partition", name, "Partition", [args.storeId, args.partitionId], args);
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

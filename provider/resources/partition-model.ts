/**
 * The Partition's model, pure: its plain inputs and outputs, validation (zod), the diff, and the
 * resource id. No I/O; the core provider is in partition.ts.
 */
import { z } from "zod";
import { CheckFailure, identifierSchema, scopeShape, validate } from "./validation";
import { MAX_KEY_BYTES, MAX_STORE_ID_CHARS } from "../limits";
import { ResolvedScope, SCOPE_FIELDS, declaredScope } from "./scope";
import { UNKNOWN } from "./markers";
import { compact } from "../util/objects";
import { diffDeclared } from "./declared-diff";

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

/**
 * The outputs a create of `inputs` will return, for a preview's plan, without a request: `exists` is
 * Pulumi's unknown value (the create learns it with HEAD). Pure.
 */
export function plannedPartitionOutputs(inputs: PartitionInputs, scope: ResolvedScope): PartitionOutputs {
    return partitionOutputs(inputs, scope, UNKNOWN as unknown as boolean);
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

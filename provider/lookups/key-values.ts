/**
 * The partition values lookup: every key of a partition with its value, read by the page. See
 * ./index for the forms (Promise and Output), the settings and the errors.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lookupOutput, pulumiSdk } from "./sdk";
import { z } from "zod";
import { ObjectStoreApiError, partitionPath, type ValueType } from "../client";
import { readPartitionValues } from "../client/partition-values";
import { keyInputsSchema } from "../resources/key";
import type { ScopeArgs } from "../resources/scope";
import { compact } from "../util/objects";
import { connect, lookupScopeShape, parseArgs, type LookupOptions, type LookupScope, type ScopeInputs } from "./connect";

const ids = keyInputsSchema.shape;
const keyValuesArgs = z.object({ ...lookupScopeShape, storeId: ids.storeId, partitionId: ids.partitionId });

/** GETs in flight at once where the endpoint does not serve values by the page (the client's rate limit paces them). */
const CONCURRENCY = 8;

/** Arguments of {@link getKeyValues}. */
export interface GetKeyValuesArgs extends ScopeArgs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
}

/** Arguments of {@link getKeyValuesOutput}. */
export interface GetKeyValuesOutputArgs extends ScopeInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: pulumi.Input<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: pulumi.Input<string>;
}

/** One key and its value in {@link GetKeyValuesResult}. */
export interface PartitionKeyValue {
    /** The key id as the service reports it (OSv2 stores spaces as `+`). */
    keyId: string;
    /** Which of the value fields is set. */
    valueType: ValueType;
    /** Set when `valueType` is `STRING`. */
    stringValue?: string;
    /** Set when `valueType` is `NUMBER`. */
    numberValue?: number;
    /** Set when `valueType` is `BINARY`: the bytes, base64-encoded as the service returns them. */
    binaryValue?: string;
}

/** Result of {@link getKeyValues}. */
export interface GetKeyValuesResult extends LookupScope {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /** Every live (unexpired) key of the partition with its value, in the service's order. */
    values: PartitionKeyValue[];
    /** The keys' ids, in the same order. */
    keyIds: string[];
}

/**
 * Every key of a partition with its value. Reads 25 values per request through the partition value
 * listing where the endpoint serves values there; otherwise (found once per process and said on
 * stderr) the key listing and one GET per key, 8 at a time, paced by the client's rate limit. The
 * Promise form returns the values **in plain text**; {@link getKeyValuesOutput} returns them as a secret.
 *
 * OSv2: `GET …/stores/{storeId}/partitions/{partitionId}?inclusion=ALL&pageSize=25&nextPageToken=`
 * -> `{values: [{keyId, valueType, stringValue | numberValue | binaryValue}], nextPageToken}`; or
 * `GET …/partitions/{partitionId}/keys` and `GET …/keys/{keyId}`.
 * @throws ObjectStoreApiError 404 (operation `ListValues`) when the store or the partition does not
 *   exist; ObjectStoreConfigError.
 */
export async function getKeyValues(args: GetKeyValuesArgs, opts?: LookupOptions): Promise<GetKeyValuesResult> {
    const { storeId, partitionId, ...scopeArgs } = parseArgs("getKeyValues", keyValuesArgs, args);
    const { client, scope } = await connect(scopeArgs, opts);
    const read = await readPartitionValues(client, storeId, partitionId, { concurrency: CONCURRENCY });
    if (!read) {
        throw new ObjectStoreApiError({
            operation: "ListValues",
            method: "GET",
            path: partitionPath(scope, storeId, partitionId),
            statusCode: 404,
            statusText: "Not Found",
            serverMessage: `partition '${partitionId}' of store '${storeId}' does not exist`,
            hint: `Check the ids, the environment (${scope.environmentId}) and the region (${scope.region}); a partition exists from its first key on.`,
        });
    }
    const values = [...read.values].map(([keyId, v]): PartitionKeyValue => ({
        keyId,
        valueType: v.valueType,
        ...compact({ stringValue: v.stringValue, numberValue: v.numberValue, binaryValue: v.binaryValue }),
    }));
    return { ...scope, storeId, partitionId, values, keyIds: values.map((v) => v.keyId) };
}

/**
 * Output form of {@link getKeyValues}. The whole result is a **secret** Output, so values derived
 * from it are encrypted in the state and masked in the CLI's output.
 */
export function getKeyValuesOutput(args: GetKeyValuesOutputArgs, opts?: LookupOptions): pulumi.Output<GetKeyValuesResult> {
    return pulumiSdk().secret(lookupOutput(args, (a) => getKeyValues(a, opts))) as pulumi.Output<GetKeyValuesResult>;
}

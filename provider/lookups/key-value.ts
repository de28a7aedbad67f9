/**
 * The key value lookup. See ./index for the forms (Promise and Output), the settings and the errors.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lookupOutput, pulumiSdk } from "./sdk";
import { z } from "zod";
import { ObjectStoreApiError, keyPath, type ValueType } from "../client";
import { keyInputsSchema } from "../resources/key";
import type { ScopeArgs } from "../resources/scope";
import { compact } from "../util/objects";
import { connect, lookupScopeShape, parseArgs, type LookupOptions, type LookupScope, type ScopeInputs } from "./connect";

const ids = keyInputsSchema.shape;
const keyValueArgs = z.object({ ...lookupScopeShape, storeId: ids.storeId, partitionId: ids.partitionId, keyId: ids.keyId });

// ---------------------------------------------------------------- getKeyValue

/** Arguments of {@link getKeyValue}. */
export interface GetKeyValueArgs extends ScopeArgs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /** Key id: 1 … 1024 bytes UTF-8, no `|`; OSv2 stores spaces as `+` (the `{keyId}` of `…/partitions/{partitionId}/keys/{keyId}`). */
    keyId: string;
}

/** Arguments of {@link getKeyValueOutput}. */
export interface GetKeyValueOutputArgs extends ScopeInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: pulumi.Input<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: pulumi.Input<string>;
    /** Key id: 1 … 1024 bytes UTF-8, no `|`; OSv2 stores spaces as `+` (the `{keyId}` of `…/partitions/{partitionId}/keys/{keyId}`). */
    keyId: pulumi.Input<string>;
}

/** Result of {@link getKeyValue}: the key and exactly one typed value. */
export interface GetKeyValueResult extends LookupScope {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
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

/**
 * A key's value. The Promise form returns it **in plain text** (nothing marks it secret: do not
 * log it or pass it to a resource unwrapped); {@link getKeyValueOutput} returns it as a secret.
 *
 * OSv2: `GET /api/v1/organizations/{org}/environments/{env}/stores/{storeId}/partitions/{partitionId}/keys/{keyId}`
 * -> `{keyId, valueType, stringValue | numberValue | binaryValue}`.
 * @throws ObjectStoreApiError 404 (operation `GetKey`) when the key, its partition or its store
 *   does not exist, or the key has expired; ObjectStoreConfigError.
 */
export async function getKeyValue(args: GetKeyValueArgs, opts?: LookupOptions): Promise<GetKeyValueResult> {
    const { storeId, partitionId, keyId, ...scopeArgs } = parseArgs("getKeyValue", keyValueArgs, args);
    const { client, baseUrl, scope } = await connect(scopeArgs, opts);
    const kv = await client.getKey(storeId, partitionId, keyId);
    if (!kv) {
        throw new ObjectStoreApiError({
            operation: "GetKey",
            method: "GET",
            path: keyPath(scope, storeId, partitionId, keyId),
            statusCode: 404,
            statusText: "Not Found",
            serverMessage: `key '${keyId}' does not exist in partition '${partitionId}' of store '${storeId}'`,
            hint:
                `Check the ids, the environment (${scope.environmentId}) and the region (${scope.region}); ` +
                "entries also disappear when they expire after their store's TTL.",
            host: originOf(baseUrl),
        });
    }
    return {
        ...scope,
        storeId,
        partitionId,
        keyId: kv.keyId,
        valueType: kv.valueType,
        ...compact({ stringValue: kv.stringValue, numberValue: kv.numberValue, binaryValue: kv.binaryValue }),
    };
}

/**
 * Output form of {@link getKeyValue}. The whole result is a **secret** Output (Pulumi tracks secrecy
 * per Output), so values derived from it are encrypted in the state and masked in the CLI's output.
 */
export function getKeyValueOutput(args: GetKeyValueOutputArgs, opts?: LookupOptions): pulumi.Output<GetKeyValueResult> {
    return pulumiSdk().secret(lookupOutput(args, (a) => getKeyValue(a, opts))) as pulumi.Output<GetKeyValueResult>;
}

function originOf(url: string): string | undefined {
    try {
        return new URL(url).origin;
    } catch {
        return undefined;
    }
}

/**
 * The Key resource: a seed key entry (a key and its STRING, NUMBER or BINARY value) in a partition.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"):
 *   create = POST   …/partitions/{partitionId}/keys/{keyId}   (create-only: one atomic request;
 *            409 "resource already exists" when the key exists). With `adopt`: GET, then PUT only
 *            when the live value differs from the declared one.
 *   read   = GET    …/keys/{keyId}   (404 = gone)
 *   update = PUT    …/keys/{keyId}
 *   delete = DELETE …/keys/{keyId}
 * Note: entries expire after their store's TTL like any other entry (at most 30 days); a seed key
 * that expired shows as deleted drift, and `pulumi up --refresh` writes it again.
 */
import * as pulumi from "@pulumi/pulumi";
import { isConflict } from "../client/errors";
import type { KeyValue, ValueType } from "../client/types";
import { ScopeArgs } from "./common";
import { checkInputs, connectFor, connectRecorded } from "./connection";
import { recordDeclaration, withContainerDependencies } from "./declarations";
import { ObjectStoreResource } from "./shim";
import {
    KeyInputs,
    KeyOutputs,
    diffKey,
    holdsDeclaredValue,
    keyInputsFromOutputs,
    keyOutputs,
    keyResourceId,
    keyValueFrom,
    normalizeKey,
    parseKeyResourceId,
    validateKey,
} from "./key-model";
export * from "./key-model";

/** Inputs of a {@link Key}: identity plus exactly one of stringValue, numberValue, binaryValue. */
export interface KeyArgs extends ScopeArgs {
    /** Store id; usually `store.storeId`. */
    storeId: pulumi.Input<string>;
    /** Partition id; usually `partition.partitionId`, so the partition is declared first. */
    partitionId: pulumi.Input<string>;
    /** Key (≤ 1024 bytes of UTF-8, no '|'; OSv2 stores spaces as '+'). Changing it replaces the entry. */
    keyId: pulumi.Input<string>;
    /** A STRING value. May be a Pulumi secret: it then stays secret in outputs and state. */
    stringValue?: pulumi.Input<string>;
    /** A NUMBER value (finite JSON number). */
    numberValue?: pulumi.Input<number>;
    /** A BINARY value as base64 (standard or URL-safe, padded or not; stored in canonical form). */
    binaryValue?: pulumi.Input<string>;
    /** Take over a key that already exists (overwriting its value) instead of failing. */
    adopt?: pulumi.Input<boolean>;
}

/** Message for creating a key that already holds another value without `adopt`. */
function keyExistsMessage(inputs: KeyInputs, live: KeyValue | undefined): string {
    return (
        `Key '${inputs.keyId}' already exists in partition '${inputs.partitionId}' of store '${inputs.storeId}'` +
        `${live ? ` with a different ${live.valueType ?? ""} value` : ""}; Pulumi did not change it. If another resource of this ` +
        `program declares the same key, remove one of them. To manage it from this program, set \`adopt: true\` on the Key ` +
        `(its value is then overwritten with the declared one); otherwise choose another keyId.`
    );
}

/**
 * The dynamic ResourceProvider of {@link Key}, loaded at call time by the provider shim.
 * Errors: ObjectStoreApiError for HTTP failures; Error for an existing key without adopt.
 */
export class KeyProvider implements pulumi.dynamic.ResourceProvider {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkInputs(news, validateKey, normalizeKey);
    }

    async diff(_id: string, olds: KeyOutputs, news: KeyInputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffKey(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
        return { changes: d.changes, replaces: d.replaces };
    }

    /**
     * POST the key: one atomic create-only request. When it already exists (409) it is taken over only
     * if it holds exactly the declared value (what an interrupted run of this stack leaves behind);
     * any other value fails. With `adopt`: GET, then PUT only when the live value differs.
     */
    async create(inputs: KeyInputs): Promise<pulumi.dynamic.CreateResult> {
        const { client, scope } = await connectFor(inputs);
        const id = keyResourceId(inputs.storeId, inputs.partitionId, inputs.keyId);
        const value = keyValueFrom(inputs);
        if (inputs.adopt) {
            const existing = await client.getKey(inputs.storeId, inputs.partitionId, inputs.keyId);
            const live =
                existing && holdsDeclaredValue(inputs, existing)
                    ? existing
                    : await client.putKey(inputs.storeId, inputs.partitionId, inputs.keyId, value);
            return { id, outs: keyOutputs(inputs, live, scope) };
        }
        try {
            const live = await client.createKey(inputs.storeId, inputs.partitionId, inputs.keyId, value);
            return { id, outs: keyOutputs(inputs, live, scope) };
        } catch (err) {
            if (!isConflict(err)) throw err;
            const existing = await client.getKey(inputs.storeId, inputs.partitionId, inputs.keyId);
            if (existing && holdsDeclaredValue(inputs, existing)) return { id, outs: keyOutputs(inputs, existing, scope) };
            throw new Error(keyExistsMessage(inputs, existing), { cause: err });
        }
    }

    /**
     * GET the entry; an empty id when it is gone (deleted, expired, or its partition/store deleted).
     * Works from the id alone (`storeId/partitionId/keyId`) when the engine has no outputs, as for
     * `pulumi refresh --import-pending-creates`.
     */
    async read(id: string, props: Partial<KeyOutputs>): Promise<pulumi.dynamic.ReadResult> {
        const ids =
            props.storeId !== undefined
                ? { storeId: props.storeId, partitionId: props.partitionId!, keyId: props.keyId! }
                : parseKeyResourceId(id);
        const { client, scope } = await connectRecorded(props);
        const live = await client.getKey(ids.storeId, ids.partitionId, ids.keyId);
        if (!live) return { id: "", props: {} };
        const outs = keyOutputs({ ...(props as KeyInputs), ...ids }, live, scope);
        return { id, props: outs, inputs: keyInputsFromOutputs(outs) };
    }

    /** PUT the declared value (also restores a drifted or expired value). */
    async update(_id: string, olds: KeyOutputs, news: KeyInputs): Promise<pulumi.dynamic.UpdateResult> {
        const { client, scope } = await connectRecorded(olds);
        const live = await client.putKey(news.storeId, news.partitionId, news.keyId, keyValueFrom(news));
        return { outs: keyOutputs(news, live, scope) };
    }

    /** DELETE the entry (already gone is fine). */
    async delete(_id: string, props: KeyOutputs): Promise<void> {
        const { client } = await connectRecorded(props);
        await client.deleteKey(props.storeId, props.partitionId, props.keyId);
    }
}

/**
 * A seed key entry in a partition, with exactly one of `stringValue`, `numberValue`, `binaryValue`.
 *
 * ```ts
 * new Key("greeting", { storeId: store.storeId, partitionId: carts.partitionId, keyId: "greeting", stringValue: "Hello" });
 * ```
 */
export class Key extends ObjectStoreResource {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    declare readonly storeId: pulumi.Output<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    declare readonly partitionId: pulumi.Output<string>;
    /** Key id: 1 … 1024 bytes UTF-8, no `|`; OSv2 stores spaces as `+` (the `{keyId}` of `…/partitions/{partitionId}/keys/{keyId}`). */
    declare readonly keyId: pulumi.Output<string>;
    /** `"STRING"`, `"NUMBER"` or `"BINARY"`: which of the value fields is set (OSv2's `valueType`). */
    declare readonly valueType: pulumi.Output<ValueType>;
    /** The value as text (UTF-8), when the value is a STRING; at most 10 MB measured base64-encoded (the OSv2 limit). A secret when declared as one. */
    declare readonly stringValue: pulumi.Output<string | undefined>;
    /** The value as a finite JSON number, when the value is a NUMBER; compared by value. */
    declare readonly numberValue: pulumi.Output<number | undefined>;
    /** The value as base64 (standard alphabet, padded: the canonical form), when the value is BINARY; at most 10 MB base64-encoded. */
    declare readonly binaryValue: pulumi.Output<string | undefined>;

    constructor(name: string, args: KeyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "key",
            "Key",
            name,
            {
                valueType: undefined,
                stringValue: undefined,
                numberValue: undefined,
                binaryValue: undefined,
                ...args,
            },
            opts?.id ? opts : withContainerDependencies(opts, args, args.storeId, args.partitionId),
        );
        if (!opts?.id) recordDeclaration("Key", name, [args.storeId, args.partitionId, args.keyId], args);
    }

    /** Reads an existing key (and its value) without managing it; fails if it does not exist. */
    static get(
        name: string,
        storeId: pulumi.Input<string>,
        partitionId: pulumi.Input<string>,
        keyId: pulumi.Input<string>,
        scope?: ScopeArgs,
        opts?: pulumi.CustomResourceOptions,
    ): Key {
        const id = pulumi.all([storeId, partitionId, keyId]).apply(([s, p, k]) => keyResourceId(s, p, k));
        return new Key(name, { storeId, partitionId, keyId, ...scope }, { ...opts, id });
    }
}

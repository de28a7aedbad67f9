/**
 * The Key resource of the TypeScript dynamic front door. Its provider is the core KeyProvider
 * (provider/resources/key.ts), reached through the provider shim.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScopeArgs } from "../resources/scope";
import type { ValueType } from "../client/types";
import { keyIdSpellingWarning, keyResourceId, osv2KeyId } from "../resources/key-model";
import { recordDeclaration, withContainerDependencies } from "./declarations";
import { ObjectStoreResource } from "./shim";

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
        if (!opts?.id) {
            pulumi.output(args.keyId).apply((keyId) => {
                const warning = keyIdSpellingWarning([keyId]);
                if (warning) void pulumi.log.warn(warning, this);
            });
        }
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
        if (!opts?.id)
            recordDeclaration("Key", name, "Key", [args.storeId, args.partitionId, pulumi.output(args.keyId).apply(osv2KeyId)], args);
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
        const id = pulumi.all([storeId, partitionId, keyId]).apply(([s, p, k]) => keyResourceId(s, p, osv2KeyId(k)));
        return new Key(name, { storeId, partitionId, keyId, ...scope }, { ...opts, id });
    }
}

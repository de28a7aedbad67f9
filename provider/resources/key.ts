/**
 * The Key resource: a seed key entry (a key and its STRING, NUMBER or BINARY value) in a partition.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"):
 *   create = GET (must not exist unless adopt), then PUT …/partitions/{partitionId}/keys/{keyId}
 *   read   = GET    …/keys/{keyId}   (404 = gone)
 *   update = PUT    …/keys/{keyId}
 *   delete = DELETE …/keys/{keyId}
 * Note: entries expire after their store's TTL like any other entry (at most 30 days); a seed key
 * that expired shows as deleted drift, and `pulumi up --refresh` writes it again.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { KeyValue, KeyValueInput, ValueType } from "../client/types";
import {
    CheckFailure,
    MAX_KEY_BYTES,
    MAX_STORE_ID_CHARS,
    MAX_VALUE_BASE64_BYTES,
    ResolvedScope,
    SCOPE_FIELDS,
    ScopeArgs,
    compact,
    declaredScope,
    describe,
    diffDeclared,
    identifierSchema,
    isUnknown,
    scopeShape,
    utf8Bytes,
    validate,
} from "./common";
import { checkInputs, connectFor, connectRecorded } from "./connection";
import { providerShim } from "./shim";

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

/** Plain inputs of a Key, as the provider receives them. */
export interface KeyInputs {
    storeId: string;
    partitionId: string;
    keyId: string;
    stringValue?: string;
    numberValue?: number;
    binaryValue?: string;
    organizationId?: string;
    environmentId?: string;
    region?: string;
    adopt?: boolean;
}

/** Outputs of a Key: the live value under its input name, its valueType, and the resolved scope. */
export interface KeyOutputs extends KeyInputs, ResolvedScope {
    valueType: ValueType;
}

/** The three value inputs; exactly one is set. */
export const VALUE_FIELDS = ["stringValue", "numberValue", "binaryValue"] as const;
/** Identity of a key: any change replaces it (a new entry is written, the old one deleted). */
export const KEY_REPLACE_FIELDS = ["storeId", "partitionId", "keyId", ...SCOPE_FIELDS] as const;

const BASE64 = /^(?:[A-Za-z0-9+/]|[A-Za-z0-9_-])*={0,2}$/;

/** Canonical (standard alphabet, padded) base64 of the bytes `b64` encodes, or undefined if it is not base64. Pure. */
export function canonicalBase64(b64: string): string | undefined {
    const clean = b64.replace(/\s+/g, "");
    if (!BASE64.test(clean) || clean.replace(/=+$/, "").length % 4 === 1) return undefined;
    return Buffer.from(clean.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("base64");
}

/** Size of a value as OSv2 measures it: the length of its base64 encoding, in bytes. Pure. */
export function valueSizeBase64Bytes(inputs: Pick<KeyInputs, "stringValue" | "numberValue" | "binaryValue">): number {
    const raw =
        inputs.stringValue !== undefined
            ? utf8Bytes(inputs.stringValue)
            : inputs.numberValue !== undefined
              ? utf8Bytes(String(inputs.numberValue))
              : inputs.binaryValue !== undefined
                ? Buffer.from(inputs.binaryValue, "base64").length
                : 0;
    return 4 * Math.ceil(raw / 3);
}

/** zod schema of Key inputs (exactly-one-value and size rules are added in {@link validateKey}). */
export const keyInputsSchema = z.strictObject({
    storeId: identifierSchema("storeId", 4 * MAX_STORE_ID_CHARS, MAX_STORE_ID_CHARS),
    partitionId: identifierSchema("partitionId", MAX_KEY_BYTES),
    keyId: identifierSchema("keyId", MAX_KEY_BYTES),
    stringValue: z.string({ error: (iss) => `stringValue must be a string; got ${describe(iss.input)}.` }).optional(),
    numberValue: z
        .number({ error: (iss) => `numberValue must be a finite number; got ${describe(iss.input)}.` })
        .refine(Number.isFinite, { error: (iss) => `numberValue must be a finite number; got ${String(iss.input)}.` })
        .optional(),
    binaryValue: z
        .string({ error: (iss) => `binaryValue must be a base64 string; got ${describe(iss.input)}.` })
        .refine((v) => canonicalBase64(v) !== undefined, {
            error: "binaryValue is not valid base64: encode the bytes with Buffer.from(bytes).toString(\"base64\").",
        })
        .optional(),
    ...scopeShape,
});

/** Validates Key inputs: shapes, limits, and exactly one of the value inputs. Pure. */
export function validateKey(news: Record<string, unknown>): CheckFailure[] {
    const failures = validate(keyInputsSchema, news);
    const given = VALUE_FIELDS.filter((f) => news[f] !== undefined && news[f] !== null);
    if (given.length !== 1) {
        failures.push({
            property: given.length === 0 ? "stringValue" : given[1],
            reason:
                given.length === 0
                    ? "a Key needs exactly one value: set stringValue, numberValue or binaryValue."
                    : `a Key takes exactly one value, but ${given.join(" and ")} are set; keep one of them.`,
        });
    } else if (failures.length === 0 && !isUnknown(news[given[0]])) {
        const size = valueSizeBase64Bytes(news as Partial<KeyInputs>);
        if (size > MAX_VALUE_BASE64_BYTES) {
            failures.push({
                property: given[0],
                reason: `${given[0]} is ${size} bytes as base64; OSv2 allows at most ${MAX_VALUE_BASE64_BYTES} bytes (10 MB, measured base64-encoded). Store a smaller value.`,
            });
        }
    }
    return failures;
}

/** Normalizes valid Key inputs: drops unset members and puts binaryValue in canonical base64. Pure. */
export function normalizeKey<T extends Record<string, unknown>>(news: T): T {
    const out: Record<string, unknown> = compact(news);
    if (typeof out.binaryValue === "string" && !isUnknown(out.binaryValue)) out.binaryValue = canonicalBase64(out.binaryValue) ?? out.binaryValue;
    return out as T;
}

/** Diff of declared Key inputs against old outputs: identity replaces, the value updates in place. Pure. */
export function diffKey(olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diffDeclared(olds, normalizeKey(news), [...KEY_REPLACE_FIELDS, ...VALUE_FIELDS], KEY_REPLACE_FIELDS);
}

/** The PUT body for the declared value. Pure. */
export function keyValueFrom(inputs: KeyInputs): KeyValueInput {
    if (inputs.stringValue !== undefined) return { valueType: "STRING", stringValue: inputs.stringValue };
    if (inputs.numberValue !== undefined) return { valueType: "NUMBER", numberValue: inputs.numberValue };
    if (inputs.binaryValue !== undefined) return { valueType: "BINARY", binaryValue: inputs.binaryValue };
    throw new Error("a Key needs exactly one value: set stringValue, numberValue or binaryValue.");
}

/** The value fields of a live entry, under the input names (the type inferred when valueType is missing). Pure. */
export function valueFromLive(live: KeyValue): { valueType: ValueType } & Pick<KeyInputs, "stringValue" | "numberValue" | "binaryValue"> {
    const valueType: ValueType =
        live.valueType ?? (live.stringValue !== undefined ? "STRING" : live.numberValue !== undefined ? "NUMBER" : "BINARY");
    if (valueType === "STRING") return { valueType, stringValue: live.stringValue ?? "" };
    if (valueType === "NUMBER") return { valueType, numberValue: Number(live.numberValue) };
    return { valueType, binaryValue: canonicalBase64(live.binaryValue ?? "") ?? live.binaryValue ?? "" };
}

/** Outputs for a key. Pure. */
export function keyOutputs(inputs: KeyInputs, live: KeyValue, scope: ResolvedScope): KeyOutputs {
    return {
        ...declaredScope(inputs),
        storeId: inputs.storeId,
        partitionId: inputs.partitionId,
        keyId: inputs.keyId,
        ...valueFromLive(live),
        ...scope,
    };
}

/** The inputs that describe a key's outputs (refresh writes these). Pure. */
export function keyInputsFromOutputs(outs: KeyOutputs): KeyInputs {
    return compact({
        storeId: outs.storeId,
        partitionId: outs.partitionId,
        keyId: outs.keyId,
        stringValue: outs.stringValue,
        numberValue: outs.numberValue,
        binaryValue: outs.binaryValue,
        ...declaredScope(outs),
    }) as KeyInputs;
}

/** The id Pulumi shows for a key (display only; never parsed). */
export function keyResourceId(storeId: string, partitionId: string, keyId: string): string {
    return `${storeId}/${partitionId}/${keyId}`;
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

    /** GET (must be absent unless adopt), then PUT the value. */
    async create(inputs: KeyInputs): Promise<pulumi.dynamic.CreateResult> {
        const { client, scope } = await connectFor(inputs);
        const existing = await client.getKey(inputs.storeId, inputs.partitionId, inputs.keyId);
        if (existing && !inputs.adopt) {
            throw new Error(
                `Key '${inputs.keyId}' already exists in partition '${inputs.partitionId}' of store '${inputs.storeId}' ` +
                    `(${existing.valueType} value); Pulumi did not change it. To manage it from this program, set \`adopt: true\` ` +
                    `on the Key (its value is then overwritten with the declared one); otherwise choose another keyId.`,
            );
        }
        const live = await client.putKey(inputs.storeId, inputs.partitionId, inputs.keyId, keyValueFrom(inputs));
        return { id: keyResourceId(inputs.storeId, inputs.partitionId, inputs.keyId), outs: keyOutputs(inputs, live, scope) };
    }

    /** GET the entry; an empty id when it is gone (deleted, expired, or its partition/store deleted). */
    async read(id: string, props: KeyOutputs): Promise<pulumi.dynamic.ReadResult> {
        const { client, scope } = await connectRecorded(props);
        const live = await client.getKey(props.storeId, props.partitionId, props.keyId);
        if (!live) return { id: "", props: {} };
        const outs = keyOutputs(props, live, scope);
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
export class Key extends pulumi.dynamic.Resource {
    declare readonly storeId: pulumi.Output<string>;
    declare readonly partitionId: pulumi.Output<string>;
    declare readonly keyId: pulumi.Output<string>;
    declare readonly valueType: pulumi.Output<ValueType>;
    declare readonly stringValue: pulumi.Output<string | undefined>;
    declare readonly numberValue: pulumi.Output<number | undefined>;
    declare readonly binaryValue: pulumi.Output<string | undefined>;
    declare readonly resolvedOrganizationId: pulumi.Output<string>;
    declare readonly resolvedEnvironmentId: pulumi.Output<string>;
    declare readonly resolvedRegion: pulumi.Output<string>;

    constructor(name: string, args: KeyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            providerShim("key"),
            name,
            {
                valueType: undefined,
                stringValue: undefined,
                numberValue: undefined,
                binaryValue: undefined,
                resolvedOrganizationId: undefined,
                resolvedEnvironmentId: undefined,
                resolvedRegion: undefined,
                ...args,
            },
            opts,
            "objectstore",
            "Key",
        );
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

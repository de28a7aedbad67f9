/**
 * The declaration plan: for each object of an estate, its resource name, TypeScript identifier and
 * the inputs to declare, checked with the same validation the resources' check() runs. The
 * renderer (program.ts) only formats a plan. Pure.
 */
import type { KeyValue, StoreInfo } from "../client/types";
import { validateKey } from "../resources/key";
import { validatePartition } from "../resources/partition";
import { validateStore, type StoreUsageLimitsArgs } from "../resources/store";
import { type Estate, sortEstate } from "./estate";
import { IdentifierPool, assignSegments, identifierFor, storeStem } from "./names";
import { secretReason } from "./secrets";

/** The live settings of a store, under the Store resource's input names. */
export interface StoreSettingsPlan {
    defaultTtlSeconds?: number;
    defaultConfirmationTtlSeconds?: number;
    persistent?: boolean;
    isFixedTtl?: boolean;
    usageLimits?: StoreUsageLimitsArgs;
}

/** Which Key input carries a value of each OSv2 value type. */
export const VALUE_INPUT = { STRING: "stringValue", NUMBER: "numberValue", BINARY: "binaryValue" } as const;

/** One Key declaration. */
export interface KeyPlan {
    /** Pulumi resource name (`store/partition/key` segments); also the entry's name in the values file. */
    name: string;
    keyId: string;
    valueType: KeyValue["valueType"];
    /** The live value: text (STRING), number (NUMBER) or base64 (BINARY). */
    value: string | number;
    /** Why the value looks like a secret, when it does. */
    secretReason?: string;
    /** Whether the live entry carries metadata (not declared by the Key resource). */
    hasMetadata: boolean;
}

/** One Partition declaration. */
export interface PartitionPlan {
    name: string;
    identifier: string;
    partitionId: string;
    /** Undefined when keys were not read. */
    keys?: KeyPlan[];
}

/** One Store declaration. */
export interface StorePlan {
    name: string;
    identifier: string;
    storeId: string;
    settings: StoreSettingsPlan;
    partitions: PartitionPlan[];
}

/** The whole plan, in code-point order of ids. */
export interface DeclarationPlan {
    stores: StorePlan[];
    /** Problems the user should look at (each also written as a comment into the program). */
    warnings: string[];
}

/** Live usage limits in the Store resource's form, or undefined (with a warning) when they cannot be declared. */
function usageLimitsPlan(storeId: string, live: StoreInfo["usageLimits"], warnings: string[]): StoreUsageLimitsArgs | undefined {
    if (!live) return undefined;
    const limits: StoreUsageLimitsArgs = {};
    if (live.maxKeys !== null && live.maxKeys >= 1) limits.maxKeys = live.maxKeys;
    if (live.maxSizeBytes !== null && live.maxSizeBytes >= 1) limits.maxSizeBytes = live.maxSizeBytes;
    if (limits.maxKeys === undefined && limits.maxSizeBytes === undefined) {
        if (live.maxKeys !== null || live.maxSizeBytes !== null) {
            warnings.push(
                `store ${JSON.stringify(storeId)}: usage limits ${JSON.stringify(live)} cannot be declared (limits must be at least 1); left undeclared, so Pulumi does not change them.`,
            );
        }
        return undefined;
    }
    limits.enforcement = live.enforcement;
    return limits;
}

/** The settings to declare for a live store; settings that fail the Store's validation are left out with a warning. */
export function storeSettingsPlan(store: StoreInfo, warnings: string[]): StoreSettingsPlan {
    const settings: StoreSettingsPlan = {
        defaultTtlSeconds: store.defaultTtlSeconds,
        defaultConfirmationTtlSeconds: store.defaultConfirmationTtlSeconds,
        persistent: store.persistent,
    };
    if (typeof store.isFixedTtl === "boolean") settings.isFixedTtl = store.isFixedTtl;
    const limits = usageLimitsPlan(store.storeId, store.usageLimits, warnings);
    if (limits) settings.usageLimits = limits;
    for (const failure of validateStore({ storeId: store.storeId, ...settings })) {
        const field = failure.property.split(".")[0] as keyof StoreSettingsPlan;
        if (field in settings) {
            delete settings[field];
            warnings.push(`store ${JSON.stringify(store.storeId)}: live ${field} left undeclared: ${failure.reason}`);
        } else {
            warnings.push(`store ${JSON.stringify(store.storeId)}: ${failure.reason}`);
        }
    }
    return settings;
}

/** The declared value of a live key (text, number or base64). */
export function liveValue(v: KeyValue): string | number {
    if (v.valueType === "NUMBER") return Number(v.numberValue);
    if (v.valueType === "BINARY") return v.binaryValue ?? "";
    return v.stringValue ?? "";
}

/** Builds the declaration plan of an estate: names, identifiers, settings and values. Pure. */
export function planDeclarations(input: Estate): DeclarationPlan {
    const estate = sortEstate(input);
    const warnings: string[] = [];
    const idents = new IdentifierPool();
    const storeSegments = assignSegments(estate.stores.map((s) => s.store.storeId));
    const stores = estate.stores.map((s): StorePlan => {
        const storeId = s.store.storeId;
        const storeName = storeSegments.get(storeId)!;
        const partitionSegments = assignSegments(s.partitions.map((p) => p.partitionId));
        const partitions = s.partitions.map((p): PartitionPlan => {
            const partitionName = `${storeName}/${partitionSegments.get(p.partitionId)!}`;
            for (const f of validatePartition({ storeId, partitionId: p.partitionId })) {
                warnings.push(`partition ${JSON.stringify(p.partitionId)} of store ${JSON.stringify(storeId)}: ${f.reason}`);
            }
            let keys: KeyPlan[] | undefined;
            if (p.keys) {
                const keySegments = assignSegments(p.keys.map((k) => k.keyId));
                keys = p.keys.map((k): KeyPlan => {
                    const value = liveValue(k.value);
                    for (const f of validateKey({
                        storeId,
                        partitionId: p.partitionId,
                        keyId: k.keyId,
                        [VALUE_INPUT[k.value.valueType]]: value,
                    })) {
                        // The reason may quote the value: name the key and the property only.
                        warnings.push(
                            `key ${JSON.stringify(k.keyId)} in ${JSON.stringify(`${storeId}/${p.partitionId}`)}: ${f.property} does not pass the Key resource's check`,
                        );
                    }
                    return {
                        name: `${partitionName}/${keySegments.get(k.keyId)!}`,
                        keyId: k.keyId,
                        valueType: k.value.valueType,
                        value,
                        secretReason: secretReason(p.partitionId, k.keyId, k.value),
                        hasMetadata: k.value.metadata !== undefined,
                    };
                });
            }
            return { name: partitionName, identifier: "", partitionId: p.partitionId, keys };
        });
        return { name: storeName, identifier: "", storeId, settings: storeSettingsPlan(s.store, warnings), partitions };
    });
    // Identifiers after all names, stores first, so that a store keeps its identifier when partitions change.
    for (const s of stores) s.identifier = idents.take(identifierFor([storeStem(s.storeId)], "Store"));
    for (const s of stores)
        for (const p of s.partitions) p.identifier = idents.take(identifierFor([storeStem(s.storeId), p.partitionId], "Partition"));
    const withMetadata = stores.flatMap((s) => s.partitions.flatMap((p) => p.keys ?? [])).filter((k) => k.hasMetadata).length;
    if (withMetadata > 0) {
        warnings.push(`${withMetadata} key(s) carry metadata, which the Key resource does not declare; adopting them leaves it as is.`);
    }
    return { stores, warnings };
}

/**
 * The resources the `anypoint` plugin serves, by type token, each backed by its core provider
 * (provider/resources/), and which OSv2 objects each declares (for the one-owner check).
 */
import { isUnknown } from "../resources/unknowns";
import type { CheckOutcome } from "../resources/connection";
import type { ProviderContext } from "../resources/context";
import { KeyProvider } from "../resources/key";
import { KeyEntriesProvider } from "../resources/key-entries";
import { storedFormProvider } from "../resources/key-entries-stored";
import type { CreatedObject, ObjectKind, ResourceKind } from "../resources/ownership";
import { PartitionProvider } from "../resources/partition";
import type { ResourceDiff } from "../resources/scope-diff";
import { StoreProvider } from "../resources/store";

/** The type token of a resource kind: `anypoint:objectstore:<Kind>`. */
export function typeToken(kind: ResourceKind): string {
    return `anypoint:objectstore:${kind}`;
}

/** What the plugin calls on a core provider (their common shape). */
export interface CoreResourceProvider {
    /** `owner`: the resource as messages name it (`Key 'flag'`). */
    check(olds: Record<string, unknown>, news: Record<string, unknown>, owner?: string): Promise<CheckOutcome>;
    diff(id: string, olds: never, news: never, owner?: string): Promise<ResourceDiff>;
    create(inputs: never): Promise<{ id: string; outs: object }>;
    read(id: string, props: never): Promise<{ id?: string; props?: object; inputs?: object }>;
    update?(id: string, olds: never, news: never): Promise<{ outs: object }>;
    delete(id: string, props: never): Promise<void>;
    /** What `create` will return, planned for a preview without a request ("" id while unknown). */
    planCreate(inputs: never): { id: string; outs: object };
    /** What `update` will return, planned for a preview without a request (kinds that update in place). */
    planUpdate?(id: string, olds: never, news: never): { outs: object };
    findCreated(inputs: never): Promise<CreatedObject<object>>;
}

/** The core providers of one provider instance, by resource kind. */
export function coreProviders(context: ProviderContext): Record<ResourceKind, CoreResourceProvider> {
    return {
        Store: new StoreProvider(context) as unknown as CoreResourceProvider,
        Partition: new PartitionProvider(context) as unknown as CoreResourceProvider,
        Key: new KeyProvider(context) as unknown as CoreResourceProvider,
        // entries recorded one value per entry, as the dynamic door records them (../resources/key-entries-stored)
        KeyEntries: storedFormProvider(new KeyEntriesProvider(context)) as unknown as CoreResourceProvider,
    };
}

/** The resource kind of a type token of this plugin, or undefined. */
export function kindOf(type: string): ResourceKind | undefined {
    const m = /^anypoint:objectstore:(Store|Partition|Key|KeyEntries)$/.exec(type);
    return m ? (m[1] as ResourceKind) : undefined;
}

/** The type part of a URN (`urn:pulumi:stack::project::type::name`). */
export function urnType(urn: string): string {
    const parts = urn.split("::");
    const qualified = parts[parts.length - 2] ?? "";
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/**
 * The OSv2 objects a resource with these (checked, known) inputs declares: a Store its store, a
 * Partition its partition, a Key its key, a KeyEntries each key of its entries. Objects whose ids are
 * still unknown (preview) are left out. Pure.
 */
export function declaredObjects(kind: ResourceKind, inputs: Record<string, unknown>): { kind: ObjectKind; ids: string[] }[] {
    const known = (...ids: unknown[]) => ids.every((id) => typeof id === "string" && !isUnknown(id));
    const { storeId, partitionId, keyId, entries } = inputs;
    switch (kind) {
        case "Store":
            return known(storeId) ? [{ kind: "Store", ids: [storeId as string] }] : [];
        case "Partition":
            return known(storeId, partitionId) ? [{ kind: "Partition", ids: [storeId as string, partitionId as string] }] : [];
        case "Key":
            return known(storeId, partitionId, keyId)
                ? [{ kind: "Key", ids: [storeId as string, partitionId as string, keyId as string] }]
                : [];
        case "KeyEntries":
            if (!known(storeId, partitionId) || !entries || typeof entries !== "object" || isUnknown(entries)) return [];
            return Object.keys(entries).map((k) => ({ kind: "Key" as const, ids: [storeId as string, partitionId as string, k] }));
    }
}

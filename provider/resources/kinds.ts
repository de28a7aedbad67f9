/**
 * One spec per resource kind (Store, Partition, Key, KeyEntries), read by both front doors and by
 * recover: its type tokens (`anypoint:objectstore:<Kind>` in the plugin, `pulumi-nodejs:dynamic/
 * objectstore:<Kind>` in the dynamic door), the name the dynamic door's shim gives its provider, its
 * core provider (./store.ts, ./partition.ts, ./key.ts, ./key-entries.ts), and the OSv2 objects a
 * resource of that kind declares (for the one-owner check); with them, URN parsing (`urn:pulumi:
 * stack::project::type::name`). Pure but for the providers it makes.
 */
import { isUnknown } from "./markers";
import type { ProviderContext } from "./context";
import { KeyProvider } from "./key";
import { KeyEntriesProvider } from "./key-entries";
import { storedFormProvider } from "./key-entries-stored";
import type { ObjectKind, ResourceKind } from "./ownership";
import { PartitionProvider } from "./partition";
import { StoreProvider } from "./store";

/** The objects one resource declares: a kind of OSv2 object and its ids (store, partition, key). */
export interface DeclaredObject {
    kind: ObjectKind;
    ids: string[];
}

/** What is particular to one resource kind. */
export interface ResourceKindSpec {
    kind: ResourceKind;
    /** The name the dynamic door's shim gives this kind's provider (provider/dynamic/shim.ts `ProviderKind`). */
    dynamicProvider: "store" | "partition" | "key" | "keyEntries";
    /** The core provider, on `context` (the process-wide one when left out). */
    coreProvider(context?: ProviderContext): object;
    /**
     * What the front doors call: the core provider as both doors record its outputs (a KeyEntries'
     * entries one value per entry, ./key-entries-stored.ts).
     */
    doorProvider(context?: ProviderContext): object;
    /** The OSv2 objects a resource with these (checked) inputs declares; objects whose ids are still unknown (preview) are left out. */
    declares(inputs: Record<string, unknown>): DeclaredObject[];
}

/** Whether every id is a known string (not Pulumi's unknown sentinel). */
const known = (...ids: unknown[]): boolean => ids.every((id) => typeof id === "string" && !isUnknown(id));

/** The spec of each resource kind. */
export const RESOURCE_KINDS: Readonly<Record<ResourceKind, ResourceKindSpec>> = {
    Store: {
        kind: "Store",
        dynamicProvider: "store",
        coreProvider: (context) => new StoreProvider(context),
        doorProvider: (context) => new StoreProvider(context),
        declares: ({ storeId }) => (known(storeId) ? [{ kind: "Store", ids: [storeId as string] }] : []),
    },
    Partition: {
        kind: "Partition",
        dynamicProvider: "partition",
        coreProvider: (context) => new PartitionProvider(context),
        doorProvider: (context) => new PartitionProvider(context),
        declares: ({ storeId, partitionId }) =>
            known(storeId, partitionId) ? [{ kind: "Partition", ids: [storeId as string, partitionId as string] }] : [],
    },
    Key: {
        kind: "Key",
        dynamicProvider: "key",
        coreProvider: (context) => new KeyProvider(context),
        doorProvider: (context) => new KeyProvider(context),
        declares: ({ storeId, partitionId, keyId }) =>
            known(storeId, partitionId, keyId) ? [{ kind: "Key", ids: [storeId as string, partitionId as string, keyId as string] }] : [],
    },
    KeyEntries: {
        kind: "KeyEntries",
        dynamicProvider: "keyEntries",
        coreProvider: (context) => new KeyEntriesProvider(context),
        doorProvider: (context) => storedFormProvider(new KeyEntriesProvider(context)),
        declares: ({ storeId, partitionId, entries }) => {
            if (!known(storeId, partitionId) || !entries || typeof entries !== "object" || isUnknown(entries)) return [];
            return Object.keys(entries).map((k) => ({ kind: "Key" as const, ids: [storeId as string, partitionId as string, k] }));
        },
    },
};

/** Every resource kind, containers first. */
export const RESOURCE_KIND_NAMES: readonly ResourceKind[] = ["Store", "Partition", "Key", "KeyEntries"];

/** The type token prefix of each front door. */
export const TYPE_PREFIX = { plugin: "anypoint:objectstore", dynamic: "pulumi-nodejs:dynamic/objectstore" } as const;

/** Which front door a type token belongs to, and the resource kind. */
export interface OurType {
    door: "dynamic" | "plugin";
    kind: ResourceKind;
}

/** The door and kind of this package's type tokens (`pulumi-nodejs:dynamic/objectstore:Key`, `anypoint:objectstore:Key`), else undefined. Pure. */
export function ourType(type: string): OurType | undefined {
    const m = /^(pulumi-nodejs:dynamic\/objectstore|anypoint:objectstore):(\w+)$/.exec(type);
    if (!m || !RESOURCE_KIND_NAMES.includes(m[2] as ResourceKind)) return undefined;
    return { door: m[1] === TYPE_PREFIX.plugin ? "plugin" : "dynamic", kind: m[2] as ResourceKind };
}

/** The resource kind of a type token of the plugin (`anypoint:objectstore:<Kind>`), or undefined. Pure. */
export function kindOf(type: string): ResourceKind | undefined {
    const t = ourType(type);
    return t?.door === "plugin" ? t.kind : undefined;
}

/** The type part of a URN (`urn:pulumi:stack::project::type::name`; of a nested type, its last part). Pure. */
export function urnType(urn: string): string {
    const parts = urn.split("::");
    const qualified = parts[parts.length - 2] ?? "";
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** The name part of a URN (`urn:pulumi:stack::project::type::name`). Pure. */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * The name of the object a provider call works on, for the messages of its operation
 * (../client/operation): `Store 'sessions'`, `Partition 'flags' in store 'sessions'`,
 * `Key 'flags/new-checkout' in store 'sessions'`, `KeyEntries of partition 'flags' in store 'sessions'`.
 * Built from the ids in the call's inputs or recorded outputs (never from a value). Pure.
 */
import { isUnknown } from "../resources/common";
import type { ProviderKind } from "./shim";

/** Resource type names as the user declares them. */
const TYPE_NAMES: Record<ProviderKind, string> = { store: "Store", partition: "Partition", key: "Key", keyEntries: "KeyEntries" };

/** A known string id of `props`, else undefined (unknown during preview, or absent). */
function idOf(props: unknown, field: string): string | undefined {
    const v = props !== null && typeof props === "object" ? (props as Record<string, unknown>)[field] : undefined;
    return typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
}

/** The label of an operation on a resource of `kind` whose inputs or outputs are `props`. Pure. */
export function operationLabel(kind: ProviderKind, props: unknown): string {
    const type = TYPE_NAMES[kind];
    const storeId = idOf(props, "storeId");
    const partitionId = idOf(props, "partitionId");
    const keyId = idOf(props, "keyId");
    const inStore = storeId !== undefined ? ` in store '${storeId}'` : "";
    switch (kind) {
        case "store":
            return storeId !== undefined ? `${type} '${storeId}'` : type;
        case "partition":
            return `${type}${partitionId !== undefined ? ` '${partitionId}'` : ""}${inStore}`;
        case "key": {
            const name = [partitionId, keyId].filter((s) => s !== undefined).join("/");
            return `${type}${name ? ` '${name}'` : ""}${inStore}`;
        }
        case "keyEntries":
            return `${type}${partitionId !== undefined ? ` of partition '${partitionId}'` : ""}${inStore}`;
    }
}

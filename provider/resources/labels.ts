/**
 * The name of the object a provider call works on, for the messages of its operation
 * (../client/operation): `Store 'sessions'`, `Partition 'flags' in store 'sessions'`,
 * `Key 'flags/new-checkout' in store 'sessions'`, `KeyEntries of partition 'flags' in store 'sessions'`.
 * Built from the ids in the call's inputs or recorded outputs (never from a value). Both front doors
 * use it (the dynamic runtime, the plugin's server). Pure.
 */
import { isUnknown } from "./markers";
import type { ResourceKind } from "./ownership";

/** A known string id of `props`, else undefined (unknown during preview, or absent). */
function idOf(props: unknown, field: string): string | undefined {
    const v = props !== null && typeof props === "object" ? (props as Record<string, unknown>)[field] : undefined;
    return typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
}

/** The label of an operation on a resource of `kind` whose inputs or outputs are `props`. Pure. */
export function operationLabel(kind: ResourceKind, props: unknown): string {
    const type = kind;
    const storeId = idOf(props, "storeId");
    const partitionId = idOf(props, "partitionId");
    const keyId = idOf(props, "keyId");
    const inStore = storeId !== undefined ? ` in store '${storeId}'` : "";
    switch (kind) {
        case "Store":
            return storeId !== undefined ? `${type} '${storeId}'` : type;
        case "Partition":
            return `${type}${partitionId !== undefined ? ` '${partitionId}'` : ""}${inStore}`;
        case "Key": {
            const name = [partitionId, keyId].filter((s) => s !== undefined).join("/");
            return `${type}${name ? ` '${name}'` : ""}${inStore}`;
        }
        case "KeyEntries":
            return `${type}${partitionId !== undefined ? ` of partition '${partitionId}'` : ""}${inStore}`;
    }
}

/**
 * The provider module the shim loads when a call runs (see shim.ts). It holds the real providers
 * and applies the stack's `anypoint:*` configuration that the dynamic provider host passes to
 * `configure()`. Never serialized into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { configureConnection } from "../config";
import { KeyProvider } from "./key";
import { KeyEntriesProvider } from "./key-entries";
import { PartitionProvider } from "./partition";
import type { ProviderKind } from "./shim";
import { StoreProvider } from "./store";

const providers = {
    store: new StoreProvider(),
    partition: new PartitionProvider(),
    key: new KeyProvider(),
    keyEntries: new KeyEntriesProvider(),
};

/** A provider of `kind` with `configure()`, which records the stack's anypoint configuration for later calls. */
export function runtimeProvider(
    kind: ProviderKind,
): pulumi.dynamic.ResourceProvider & { configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> } {
    const provider = providers[kind];
    return Object.assign(Object.create(provider) as typeof provider, {
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            configureConnection(req.config); // reads `anypoint:<key>` keys
        },
    });
}

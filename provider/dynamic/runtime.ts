/**
 * The provider module the shim loads when a call runs (see shim.ts; Pulumi reaches it through
 * provider/resources/runtime.js, the path every stack's `__provider` text names). It holds the core
 * providers with the process-wide context and applies the stack's `anypoint:*` configuration that
 * the dynamic provider host passes to `configure()`. Never serialized into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { configureConnection } from "../config";
import { KeyProvider } from "../resources/key";
import { KeyEntriesProvider } from "../resources/key-entries";
import { PartitionProvider } from "../resources/partition";
import { StoreProvider } from "../resources/store";
import type { ProviderKind } from "./shim";

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

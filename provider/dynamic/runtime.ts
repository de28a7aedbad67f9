/**
 * The provider module the shim loads when a call runs (see shim.ts; Pulumi reaches it through
 * provider/resources/runtime.js, the path every stack's `__provider` text names). It holds the core
 * providers with the process-wide context and applies the stack's `anypoint:*` configuration that
 * the dynamic provider host passes to `configure()`. Each provider method runs as one operation
 * (../client/operation): one retry budget for everything it sends, and every wait longer than 2 s
 * reported through Pulumi's log, naming the object (./engine-log, ../resources/labels), and stops
 * retrying when the engine cancels the run (Ctrl-C, ./cancel). Never serialized into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { runOperation } from "../client/operation";
import { configureConnection } from "../config";
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS } from "../resources/kinds";
import { operationLabel } from "../resources/labels";
import type { ResourceKind } from "../resources/ownership";
import { engineCancel, listenForEngineCancel } from "./cancel";
import { engineLog } from "./engine-log";
import type { ProviderKind } from "./shim";

/** The resource kind of each provider kind (the resource-kind specs name the shim's provider of each). */
const KINDS = Object.fromEntries(RESOURCE_KIND_NAMES.map((kind) => [RESOURCE_KINDS[kind].dynamicProvider, kind])) as Record<
    ProviderKind,
    ResourceKind
>;

/** The core provider of each provider kind, on the process-wide context (KeyEntries in the stored entry form both doors record). */
const providers = Object.fromEntries(
    RESOURCE_KIND_NAMES.map((kind) => [RESOURCE_KINDS[kind].dynamicProvider, RESOURCE_KINDS[kind].doorProvider()]),
) as Record<ProviderKind, pulumi.dynamic.ResourceProvider>;

listenForEngineCancel(); // in the dynamic provider host: the engine's Cancel stops every operation (./cancel)

/** A provider of `kind` with `configure()`, which records the stack's anypoint configuration for later calls. */
export function runtimeProvider(
    kind: ProviderKind,
): pulumi.dynamic.ResourceProvider & { configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> } {
    const p = providers[kind];
    /** Runs one provider method as an operation on the object `props` name. */
    const op = <T>(props: unknown, fn: () => Promise<T>): Promise<T> =>
        runOperation({ label: operationLabel(KINDS[kind], props), log: engineLog, signal: engineCancel.signal }, fn);
    return {
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            configureConnection(req.config); // reads `anypoint:<key>` keys
        },
        create: (inputs) => op(inputs, () => p.create(inputs)),
        ...(p.check && { check: (olds, news) => op(news, () => p.check!(olds, news)) }),
        ...(p.diff && {
            diff: (id, olds, news) =>
                op(news, async () => {
                    const d = await p.diff!(id, olds, news);
                    for (const warning of (d as { warnings?: string[] }).warnings ?? []) engineLog("warning", warning);
                    return d;
                }),
        }),
        ...(p.read && { read: (id, props) => op(props, () => p.read!(id, props)) }),
        ...(p.update && { update: (id, olds, news) => op(news, () => p.update!(id, olds, news)) }),
        ...(p.delete && { delete: (id, props) => op(props, () => p.delete!(id, props)) }),
    };
}

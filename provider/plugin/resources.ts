/**
 * The resources the `anypoint` plugin serves, each backed by its core provider as the resource-kind
 * specs make it (provider/resources/kinds.ts, which also maps type tokens, URNs and the objects each
 * resource declares).
 */
import type { CheckOutcome } from "../resources/connection";
import type { ProviderContext } from "../resources/context";
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS } from "../resources/kinds";
import type { CreatedObject, ResourceKind } from "../resources/ownership";
import type { ResourceDiff } from "../resources/scope-diff";

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

/** The core providers of one provider instance, by resource kind (KeyEntries in the stored entry form both doors record). */
export function coreProviders(context: ProviderContext): Record<ResourceKind, CoreResourceProvider> {
    return Object.fromEntries(
        RESOURCE_KIND_NAMES.map((kind) => [kind, RESOURCE_KINDS[kind].doorProvider(context) as unknown as CoreResourceProvider]),
    ) as Record<ResourceKind, CoreResourceProvider>;
}

/**
 * The Store's core provider: an OSv2 object store with its TTL, persistence and usage-limit settings.
 * Both front doors call it (the dynamic Store resource, provider/dynamic/store.ts, and the plugin's
 * `anypoint:objectstore:Store`); the pure model is in store-model.ts.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"):
 *   create  = GET, then PUT /api/v1/organizations/{org}/environments/{env}/stores/{storeId}
 *             (OSv2 has no create-only call for stores; an existing store fails the create unless
 *             `adopt`, which PATCHes only the differing settings). The PUT's status says whether it
 *             created the store (201) or met one that someone created after the GET (200: another
 *             stack's `pulumi up` at the same moment): then the create fails too (storeRaceMessage).
 *   read    = GET    …/stores/{storeId}            (404 = gone: refresh drops it from the stack)
 *   update  = PATCH  …/stores/{storeId}            (declared settings, and defaults of removed ones)
 *   delete  = DELETE …/stores/{storeId}            (deletes every partition and key in it)
 */
import type * as pulumi from "@pulumi/pulumi";
import type { StoreInfo } from "../client/types";
import { plannedId } from "./markers";
import type { ResolvedScope } from "./scope";
import {
    checkInputs,
    connectFor,
    connectRecorded,
    plannedRecordedScope,
    plannedScope,
    type CheckOutcome,
    type CreateOutcome,
    type UpdateOutcome,
} from "./connection";
import { processWideContext, type FrontDoor, type ProviderContext } from "./context";
import { operationLabel } from "./labels";
import { alreadyExistsMessage, type CreatedObject } from "./ownership";
import { notFoundThroughEndpointMessage } from "./scope-change";
import { assertNothingDeclaredIn, declareChecked, forgetDeleted, scopeDiff, type ResourceDiff } from "./scope-diff";
import {
    StoreInputs,
    StoreOutputs,
    clearedSettings,
    declaredSettings,
    diffStore,
    importedSettings,
    normalizeStore,
    plannedStoreOutputs,
    settingsToAdopt,
    storeInputsFromOutputs,
    storeOutputs,
    storeSettingsFrom,
    ttlClampWarning,
    validateStore,
} from "./store-model";
export * from "./store-model";

/** What an "already exists" message says of a store (ownership.ts `alreadyExistsMessage`). Pure. */
const storeClaim = (storeId: string, scope: ResolvedScope) => ({
    kind: "Store" as const,
    ids: [storeId],
    scope,
    resource: "Store" as const,
    importId: storeId,
    adoptEffect: "its declared settings that differ are applied",
    destroyEffect: "deletes the store with all its partitions and keys",
});

/** The message of a Store create that met an existing store (no `adopt`). Pure. */
export function storeExistsMessage(storeId: string, scope: ResolvedScope, door: FrontDoor): string {
    return alreadyExistsMessage(storeClaim(storeId, scope), door);
}

/**
 * The message of a Store create whose GET found no store and whose PUT then answered 200 (replaced),
 * not 201 (created): someone created the store between the two, and this PUT has already replaced its
 * settings (OSv2 has no create-only call for stores). Pure.
 */
export function storeRaceMessage(storeId: string, scope: ResolvedScope, door: FrontDoor): string {
    return alreadyExistsMessage(
        {
            ...storeClaim(storeId, scope),
            changed:
                "it was created by someone else (another stack's `pulumi up` at the same moment?) between this stack's read, " +
                "which found no store, and its write. OSv2 has no create-only call for stores, so that write (PUT, answered 200 " +
                "where a create answers 201) has already replaced the store's settings with the ones declared here, and nothing " +
                "was recorded in this stack. If the stores' declared settings differ, the stack that owns it puts its own back " +
                "with `pulumi up --refresh`",
        },
        door,
    );
}

/**
 * The Store's core provider. The dynamic door loads it at call time through the provider shim
 * (never serialized into the stack); the plugin creates one per provider instance. Connection
 * settings come from its {@link ProviderContext}.
 * Errors: ObjectStoreApiError for HTTP failures, ObjectStoreConfigError for missing settings, Error
 * for an existing store without adopt.
 */
export class StoreProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly context: ProviderContext = processWideContext) {}

    /**
     * Validates, clamps the TTL (with a warning) and checks the connection settings; records the
     * store in this operation's plan (./update-plan). No request.
     * @param owner the resource as messages name it (`Store 'sessions'`), when the front door knows it.
     */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>, owner?: string): Promise<CheckOutcome> {
        const outcome = checkInputs(this.context, news, {
            validate: validateStore,
            normalize: normalizeStore,
            warnings: (n) => [ttlClampWarning(n.defaultTtlSeconds)].filter((w): w is string => w !== undefined),
        });
        return declareChecked(this.context, "Store", outcome, owner);
    }

    /**
     * Declared settings against the old (or refreshed) outputs: identity replaces, settings update;
     * a change of place (override or provider settings) replaces (./scope-diff). No request.
     * @throws Error when the endpoint changed, or when resources of this operation still declare objects in a store this replace deletes.
     */
    async diff(_id: string, olds: StoreOutputs, news: StoreInputs, owner?: string): Promise<ResourceDiff> {
        const o = olds as unknown as Record<string, unknown>,
            n = news as unknown as Record<string, unknown>;
        return scopeDiff(this.context, "Store", o, n, diffStore(o, n), owner);
    }

    /**
     * GET the store (OSv2 has no create-only call for stores: PUT on an existing store overwrites it),
     * then PUT it when absent. An existing store fails the create (this stack did not create it)
     * unless `adopt`: then only the declared settings that differ from the live ones are PATCHed, so
     * taking over a store that already matches writes nothing. A PUT answered 200 (replaced) instead
     * of 201 (created) met a store someone created after the GET: the create fails as well
     * (`storeRaceMessage`), so two stacks creating one store at the same moment never both own
     * it. A service that answers neither (e.g. 204) is taken at its word that the store was created.
     */
    async create(inputs: StoreInputs): Promise<CreateOutcome<StoreOutputs>> {
        const { client, scope } = await connectFor(this.context, inputs);
        const declared = declaredSettings(inputs as unknown as Record<string, unknown>);
        const existing = await client.getStore(inputs.storeId);
        let live: StoreInfo;
        if (!existing) {
            const put = await client.createStore(inputs.storeId, storeSettingsFrom(inputs));
            if (put.created === false && !inputs.adopt) throw new Error(storeRaceMessage(inputs.storeId, scope, this.context.door));
            live = put.store;
        } else {
            if (!inputs.adopt) throw new Error(storeExistsMessage(inputs.storeId, scope, this.context.door));
            const patch = settingsToAdopt(inputs, storeOutputs(inputs, existing, scope, declared));
            live = Object.keys(patch).length > 0 ? await client.patchStore(inputs.storeId, patch) : existing;
        }
        return { id: inputs.storeId, outs: storeOutputs(inputs, live, scope, declared) };
    }

    /**
     * The plan of {@link create} for a preview, without a request: the id and the outputs the create
     * will return, unknown where the service decides (`plannedStoreOutputs`). No request.
     */
    planCreate(inputs: StoreInputs): CreateOutcome<StoreOutputs> {
        return {
            id: plannedId([inputs.storeId], () => inputs.storeId),
            outs: plannedStoreOutputs(inputs, plannedScope(this.context, inputs)),
        };
    }

    /** The plan of {@link update} for a preview, without a request: the outputs the PATCH will leave. No request. */
    planUpdate(_id: string, olds: StoreOutputs, news: StoreInputs): UpdateOutcome<StoreOutputs> {
        const cleared = clearedSettings(olds, news as unknown as Record<string, unknown>);
        return { outs: plannedStoreOutputs(news, plannedRecordedScope(this.context, olds), olds, cleared) };
    }

    /**
     * What a create of `inputs` would have left, found with one GET (recovery after a killed run; see
     * {@link CreatedObject}): the store with exactly the declared settings is `created`.
     */
    async findCreated(inputs: StoreInputs): Promise<CreatedObject<StoreOutputs>> {
        const { client, scope } = await connectFor(this.context, inputs);
        const live = await client.getStore(inputs.storeId);
        if (!live) return { state: "absent" };
        const outs = storeOutputs(inputs, live, scope, declaredSettings(inputs as unknown as Record<string, unknown>));
        const differ = Object.keys(settingsToAdopt(inputs, outs));
        if (differ.length > 0) return { state: "other", detail: `its ${differ.join(", ")} differ from the declared ones` };
        return { state: "created", id: inputs.storeId, outs };
    }

    /** GET the store; an empty id when it is gone (refresh then removes it from the stack). Works from the id alone (import). */
    async read(id: string, props: Partial<StoreOutputs>): Promise<pulumi.dynamic.ReadResult> {
        const { client, scope, recordedBaseUrl } = await connectRecorded(this.context, props);
        const live = await client.getStore(id);
        if (!live && recordedBaseUrl)
            throw new Error(
                notFoundThroughEndpointMessage(operationLabel("Store", { storeId: id }), recordedBaseUrl, scope.resolvedBaseUrl),
            );
        if (!live) return { id: "", props: {} };
        // Read from the id alone (`pulumi import`): every live setting is declared, so the generated code holds them.
        const declared = props.declaredProperties ?? (props.storeId === undefined ? importedSettings(live) : []);
        const outs = storeOutputs({ ...(props as StoreInputs), storeId: id }, live, scope, declared);
        return { id, props: outs, inputs: storeInputsFromOutputs(outs) };
    }

    /**
     * PATCH the declared settings (all of them, which also undoes drift in any of them) and the
     * defaults of settings the program no longer declares.
     */
    async update(id: string, olds: StoreOutputs, news: StoreInputs): Promise<UpdateOutcome<StoreOutputs>> {
        const { client, scope } = await connectRecorded(this.context, olds, "update", operationLabel("Store", olds));
        const settings = storeSettingsFrom(news, clearedSettings(olds, news as unknown as Record<string, unknown>));
        const live = Object.keys(settings).length > 0 ? await client.patchStore(id, settings) : await client.getStore(id);
        if (!live) throw new Error(`Store '${id}' no longer exists; run \`pulumi refresh\` (or \`pulumi up --refresh\`) to recreate it.`);
        return { outs: storeOutputs(news, live, scope, declaredSettings(news as unknown as Record<string, unknown>)) };
    }

    /**
     * DELETE the store with all its partitions and keys (already gone is fine). Refused before any
     * request while resources of this operation still declare objects in it (./scope-diff), or when it
     * was created through another endpoint than the one the settings reach now.
     */
    async delete(id: string, props: StoreOutputs): Promise<void> {
        const p = props as unknown as Record<string, unknown>;
        assertNothingDeclaredIn(this.context, "Store", p);
        const { client } = await connectRecorded(this.context, props, "delete", operationLabel("Store", props));
        await client.deleteStore(id);
        forgetDeleted(this.context, "Store", p);
    }
}

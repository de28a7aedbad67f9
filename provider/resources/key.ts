/**
 * The Key's core provider: a seed key entry (a key and its STRING, NUMBER or BINARY value) in a
 * partition. Both front doors call it (the dynamic Key resource, provider/dynamic/key.ts, and the
 * plugin's `anypoint:objectstore:Key`); the pure model is in key-model.ts.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"):
 *   create = GET    …/partitions/{partitionId}/keys/{keyId}, then
 *            POST   …/partitions/{partitionId}/keys/{keyId}   when the key does not exist. A key that
 *            exists fails the create unless `adopt`, whether the GET finds it or the POST answers 409
 *            "resource already exists". The GET comes first because that 409 is inferred, not
 *            documented: on a service whose POST overwrites, the POST alone would take over another
 *            stack's key (README "Adopting what already exists"). With `adopt`: GET, then PUT only
 *            when the live value differs from the declared one.
 *   read   = GET    …/keys/{keyId}   (404 = gone)
 *   update = PUT    …/keys/{keyId}
 *   delete = DELETE …/keys/{keyId}
 * Note: entries expire after their store's TTL like any other entry (at most 30 days); a seed key
 * that expired shows as deleted drift, and `pulumi up --refresh` writes it again.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isConflict } from "../client/errors";
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
import { declareChecked, forgetDeleted, scopeDiff, type ResourceDiff } from "./scope-diff";
import {
    KeyInputs,
    KeyOutputs,
    diffKey,
    holdsDeclaredValue,
    keyIdSpellingWarning,
    keyInputsFromOutputs,
    keyOutputs,
    keyResourceId,
    keyValueFrom,
    normalizeKey,
    osv2KeyId,
    parseKeyResourceId,
    plannedKeyOutputs,
    validateKey,
} from "./key-model";
export * from "./key-model";

/** The message of a Key create that met an existing key (no `adopt`). Pure. */
export function keyExistsMessage(
    inputs: Pick<KeyInputs, "storeId" | "partitionId" | "keyId">,
    scope: ResolvedScope,
    door: FrontDoor,
): string {
    return alreadyExistsMessage(
        {
            kind: "Key",
            ids: [inputs.storeId, inputs.partitionId, inputs.keyId],
            scope,
            resource: "Key",
            importId: keyResourceId(inputs.storeId, inputs.partitionId, inputs.keyId),
            adoptEffect: "its value is overwritten with the declared one when it differs",
            destroyEffect: "deletes the key",
        },
        door,
    );
}

/**
 * The Key's core provider (see the module comment).
 * Errors: ObjectStoreApiError for HTTP failures; Error for an existing key without adopt.
 */
export class KeyProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly context: ProviderContext = processWideContext) {}

    /**
     * Validates, spells keyId as OSv2 stores it (with a warning for spaces) and checks the connection
     * settings; records the key in this operation's plan (./update-plan). No request.
     * @param owner the resource as messages name it, when the front door knows it.
     */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>, owner?: string): Promise<CheckOutcome> {
        const outcome = checkInputs(this.context, news, {
            validate: validateKey,
            normalize: normalizeKey,
            warnings: (n) => [keyIdSpellingWarning([n.keyId])].filter((w): w is string => w !== undefined),
        });
        return declareChecked(this.context, "Key", outcome, owner);
    }

    /**
     * Identity and a change of place (override or provider settings) replace, the value updates in
     * place (./scope-diff). No request.
     * @throws Error when the endpoint changed, or when this operation deletes the store or partition the key stays in.
     */
    async diff(_id: string, olds: KeyOutputs, news: KeyInputs, owner?: string): Promise<ResourceDiff> {
        const o = olds as unknown as Record<string, unknown>,
            n = news as unknown as Record<string, unknown>;
        return scopeDiff(this.context, "Key", o, n, diffKey(o, n), owner);
    }

    /**
     * GET the key, then POST it when it does not exist. A key that exists (found by the GET, or a POST
     * answered 409 because it was created in between) fails the create (this stack did not create it)
     * unless `adopt`: then PUT only when the live value differs.
     */
    async create(declared: KeyInputs): Promise<CreateOutcome<KeyOutputs>> {
        const inputs = { ...declared, keyId: osv2KeyId(declared.keyId) }; // as check spells it, also when called without check
        const { client, scope } = await connectFor(this.context, inputs);
        const id = keyResourceId(inputs.storeId, inputs.partitionId, inputs.keyId);
        const value = keyValueFrom(inputs);
        if (inputs.adopt) {
            const existing = await client.getKey(inputs.storeId, inputs.partitionId, inputs.keyId);
            const live =
                existing && holdsDeclaredValue(inputs, existing)
                    ? existing
                    : await client.putKey(inputs.storeId, inputs.partitionId, inputs.keyId, value);
            return { id, outs: keyOutputs(inputs, live, scope) };
        }
        if ((await client.getKey(inputs.storeId, inputs.partitionId, inputs.keyId)) !== undefined)
            throw new Error(keyExistsMessage(inputs, scope, this.context.door));
        try {
            const live = await client.createKey(inputs.storeId, inputs.partitionId, inputs.keyId, value);
            return { id, outs: keyOutputs(inputs, live, scope) };
        } catch (err) {
            if (isConflict(err)) throw new Error(keyExistsMessage(inputs, scope, this.context.door), { cause: err });
            throw err;
        }
    }

    /**
     * The plan of {@link create} for a preview, without a request: the id and the outputs the create
     * will return (the declared value; `plannedKeyOutputs`). No request.
     */
    planCreate(declared: KeyInputs): CreateOutcome<KeyOutputs> {
        const inputs = { ...declared, keyId: osv2KeyId(declared.keyId) };
        return {
            id: plannedId([inputs.storeId, inputs.partitionId, inputs.keyId], () =>
                keyResourceId(inputs.storeId, inputs.partitionId, inputs.keyId),
            ),
            outs: plannedKeyOutputs(inputs, plannedScope(this.context, inputs)),
        };
    }

    /** The plan of {@link update} for a preview, without a request: the outputs the PUT will leave. No request. */
    planUpdate(_id: string, olds: KeyOutputs, news: KeyInputs): UpdateOutcome<KeyOutputs> {
        return { outs: plannedKeyOutputs(news, plannedRecordedScope(this.context, olds)) };
    }

    /**
     * What a create of `inputs` would have left, found with one GET (recovery after a killed run; see
     * {@link CreatedObject}): the key holding exactly the declared value is `created`.
     */
    async findCreated(inputs: KeyInputs): Promise<CreatedObject<KeyOutputs>> {
        const { client, scope } = await connectFor(this.context, inputs);
        const live = await client.getKey(inputs.storeId, inputs.partitionId, inputs.keyId);
        if (!live) return { state: "absent" };
        if (!holdsDeclaredValue(inputs, live))
            return { state: "other", detail: `it holds another ${live.valueType ?? ""} value`.replace("  ", " ") };
        return {
            state: "created",
            id: keyResourceId(inputs.storeId, inputs.partitionId, inputs.keyId),
            outs: keyOutputs(inputs, live, scope),
        };
    }

    /**
     * GET the entry; an empty id when it is gone (deleted, expired, or its partition/store deleted).
     * Works from the id alone (`storeId/partitionId/keyId`) when the engine has no outputs (import,
     * `pulumi refresh --import-pending-creates`). The key id is spelled as OSv2 stores it.
     */
    async read(id: string, props: Partial<KeyOutputs>): Promise<pulumi.dynamic.ReadResult> {
        const ids =
            props.storeId !== undefined
                ? { storeId: props.storeId, partitionId: props.partitionId!, keyId: osv2KeyId(props.keyId!) }
                : parseKeyResourceId(id);
        const { client, scope, recordedBaseUrl } = await connectRecorded(this.context, props);
        const live = await client.getKey(ids.storeId, ids.partitionId, ids.keyId);
        if (!live && recordedBaseUrl)
            throw new Error(notFoundThroughEndpointMessage(operationLabel("Key", ids), recordedBaseUrl, scope.resolvedBaseUrl));
        if (!live) return { id: "", props: {} };
        const outs = keyOutputs({ ...(props as KeyInputs), ...ids }, live, scope);
        return { id, props: outs, inputs: keyInputsFromOutputs(outs) };
    }

    /** PUT the declared value (also restores a drifted or expired value). */
    async update(_id: string, olds: KeyOutputs, news: KeyInputs): Promise<UpdateOutcome<KeyOutputs>> {
        const { client, scope } = await connectRecorded(this.context, olds, "update", operationLabel("Key", olds));
        const live = await client.putKey(news.storeId, news.partitionId, news.keyId, keyValueFrom(news));
        return { outs: keyOutputs(news, live, scope) };
    }

    /** DELETE the entry (already gone is fine); refused before any request when it was created through another endpoint. */
    async delete(_id: string, props: KeyOutputs): Promise<void> {
        const { client } = await connectRecorded(this.context, props, "delete", operationLabel("Key", props));
        await client.deleteKey(props.storeId, props.partitionId, osv2KeyId(props.keyId));
        forgetDeleted(this.context, "Key", props as unknown as Record<string, unknown>);
    }
}

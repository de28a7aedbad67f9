/**
 * The KeyEntries core provider: many seed key entries of ONE partition as one resource (a map of
 * keyId to value), for seeding hundreds or thousands of keys at the speed of the service. Both front
 * doors call it (the dynamic KeyEntries resource, provider/dynamic/key-entries.ts, and the plugin's
 * `anypoint:objectstore:KeyEntries`). Pure logic (validation, per-key plan, diff) lives in
 * key-entries-plan.ts.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"), per key:
 *   create  = GET    …/partitions/{partitionId}/keys (the key listing, by the page: which of the
 *             declared keys exist, ./existing-keys.ts), then
 *             POST   …/partitions/{partitionId}/keys/{keyId} for each key that does not (a key that
 *             exists, found by the listing or answered 409, fails: this stack did not create it);
 *             with adopt, GET first, then PUT only when the value differs and POST only when the
 *             key is missing
 *   update  = PUT    …/keys/{keyId} for changed keys, POST for added keys (checked as a create
 *             checks them), DELETE for removed keys; unchanged keys are never sent
 *   read    = GET    …/partitions/{partitionId}?inclusion=ALL (values by the page) or GET …/keys/{keyId}
 *             per recorded key, whichever costs fewer requests (key-entries-read.ts); keys written
 *             by applications are never reported
 *   delete  = DELETE …/keys/{keyId} for each recorded key (404 = already gone)
 * Requests run `KEY_ENTRIES_CONCURRENCY` at a time, paced by the client's rate limit
 * (anypoint:requestsPerSecond, 10 requests/s by default, the OSv2 base limit per application).
 *
 * Partial failure: when some writes fail, the error carries the resource's id and outputs whose
 * `entries` hold exactly what is now in the partition for the declared keys (the old value of a key
 * whose write failed, no entry for a key whose create failed). The dynamic provider host turns such
 * an error into a partial-failure result (ErrorResourceInitFailed), so the engine records those
 * outputs; the next `pulumi up` diffs against them and sends only what is still missing.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreClient } from "../client";
import { isConflict } from "../client/errors";
import { mapSettled } from "../util/concurrency";
import type { ResolvedScope, ScopeArgs } from "./scope";
import { UNKNOWN, isUnknown, plannedId } from "./markers";
import { compact } from "../util/objects";
import { declaredScope } from "./scope";
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
import { operationLabel } from "./labels";
import { notFoundThroughEndpointMessage } from "./scope-change";
import { declareChecked, forgetDeleted, scopeDiff, type ResourceDiff } from "./scope-diff";
import { processWideContext, type FrontDoor, type ProviderContext } from "./context";
import {
    EntryMap,
    KeyEntriesInputs,
    KeyEntriesOutputs,
    RecordedEntries,
    decodeEntries,
    diffEntries,
    normalizeEntries,
    osv2Entries,
    withDeclaredEntries,
    planEntries,
    sameEntry,
    validateEntries,
} from "./key-entries-plan";
import { inputSetTo } from "./door-phrases";
import { keyIdSpellingWarning, keyValueFrom, valueFromLive } from "./key-model";
import { alreadyExistsMessage, type CreatedObject, type UpdatedObject } from "./ownership";
import { readRecordedEntries } from "./key-entries-read";
import { findExistingKeys } from "./existing-keys";

export type { EntryMap, EntryValue, KeyEntriesInputs, KeyEntriesOutputs } from "./key-entries-plan";

/** Requests in flight at once; the client's rate limit paces them (raise it only with requestsPerSecond). */
export const KEY_ENTRIES_CONCURRENCY = 8;

/**
 * Raised when some key writes failed. `id` and `properties` make the dynamic provider host report a
 * partial failure, so the engine records `properties` (what was really written) as the outputs.
 */
export class KeyEntriesWriteError extends Error {
    /** One line per key that could not be written: `<keyId>: <error message>`. */
    readonly reasons: string[];
    /** Set only when something was written: the host then reports a partial failure with `properties`. */
    readonly id?: string;
    constructor(
        id: string | undefined,
        /** The resource's outputs as they are now: what the partition holds after the failed run (reported as a partial failure). */
        readonly properties: KeyEntriesOutputs,
        failures: Array<{ keyId: string; error: Error }>,
        attempted: number,
    ) {
        const shown = failures.slice(0, 5).map((f) => `  ${f.keyId}: ${f.error.message}`);
        const outcome =
            id !== undefined
                ? `The ${properties.entryCount} entries now in the partition are recorded in the state; fix the cause and run \`pulumi up\` again to write the rest.`
                : "Nothing was written and the state is unchanged; fix the cause and run `pulumi up` again.";
        super(
            `${failures.length} of ${attempted} key writes in partition '${properties.partitionId}' of store '${properties.storeId}' failed:\n` +
                shown.join("\n") +
                (failures.length > shown.length ? `\n  … and ${failures.length - shown.length} more` : "") +
                `\n${outcome}`,
        );
        this.name = "KeyEntriesWriteError";
        if (id !== undefined) this.id = id;
        // The engine shows `reasons` (not the message) for a partial failure: the summary first.
        const listed = failures.slice(0, 20).map((f) => `${f.keyId}: ${f.error.message}`);
        this.reasons = [
            `${failures.length} of ${attempted} key writes failed; the ${properties.entryCount} entries now in the partition are recorded in the state. Fix the cause and run \`pulumi up\` again to write the rest.`,
            ...listed,
            ...(failures.length > listed.length ? [`… and ${failures.length - listed.length} more`] : []),
        ];
    }
}

/** The id Pulumi shows for a KeyEntries resource (display only; never parsed). */
export function keyEntriesResourceId(storeId: string, partitionId: string): string {
    return `${storeId}/${partitionId}/*`;
}

/** The outputs for the entries now held (declared form; both doors record them in the stored form: key-entries-stored.ts). */
function outputsOf(
    inputs: Pick<KeyEntriesInputs, "storeId" | "partitionId" | keyof ScopeArgs | "adopt">,
    entries: EntryMap,
    scope: ResolvedScope,
): KeyEntriesOutputs {
    return {
        ...declaredScope(inputs),
        storeId: inputs.storeId,
        partitionId: inputs.partitionId,
        entries,
        entryCount: Object.keys(entries).length,
        ...scope,
    };
}

/**
 * The outputs a create or an update of `inputs` will return, for a preview's plan, without a
 * request: the declared entries (what the partition holds for them once written; an unknown value
 * stays unknown), or unknown entries and count while the whole map is unknown. Pure.
 */
export function plannedEntriesOutputs(inputs: KeyEntriesInputs, scope: ResolvedScope): KeyEntriesOutputs {
    if (isUnknown(inputs.entries)) return { ...outputsOf(inputs, {}, scope), entries: UNKNOWN as never, entryCount: UNKNOWN as never };
    return outputsOf(inputs, decodeEntries(inputs.entries), scope);
}

/** The reason a KeyEntries entry's create failed on a key that exists (no `adopt`). Pure. */
export function entryExistsMessage(inputs: KeyEntriesInputs, keyId: string, scope: ResolvedScope, door: FrontDoor): string {
    return alreadyExistsMessage(
        {
            kind: "Key",
            ids: [inputs.storeId, inputs.partitionId, keyId],
            scope,
            resource: "KeyEntries",
            adoptEffect: "values that differ are overwritten with the declared ones",
            destroyEffect: "deletes every key in its entries",
        },
        door,
    );
}

/**
 * Creates one key. Without `adopt`: a key the existence check found (`exists`) fails without a
 * request, and so does one whose POST answers 409, whatever its value (this stack did not create it).
 * With `adopt`: GET first, then PUT only when the value differs and POST only when the key is
 * missing, so taking over keys that already match writes nothing.
 */
async function createEntry(
    client: ObjectStoreClient,
    inputs: DeclaredInputs,
    keyId: string,
    exists: boolean,
    scope: ResolvedScope,
    door: FrontDoor,
): Promise<void> {
    const value = keyValueFrom({ ...inputs, keyId, ...inputs.entries[keyId] });
    if (inputs.adopt) {
        const live = await client.getKey(inputs.storeId, inputs.partitionId, keyId);
        if (live !== undefined && sameEntry(valueFromLive(live), inputs.entries[keyId])) return;
        if (live) await client.putKey(inputs.storeId, inputs.partitionId, keyId, value);
        else await client.createKey(inputs.storeId, inputs.partitionId, keyId, value);
        return;
    }
    if (exists) throw new Error(entryExistsMessage(inputs, keyId, scope, door));
    try {
        await client.createKey(inputs.storeId, inputs.partitionId, keyId, value);
    } catch (e) {
        if (isConflict(e)) throw new Error(entryExistsMessage(inputs, keyId, scope, door), { cause: e });
        throw e;
    }
}

/** Inputs with their entries in the declared form ({@link decodeEntries}). */
type DeclaredInputs = Omit<KeyEntriesInputs, "entries"> & { entries: EntryMap };

/**
 * Sends the plan from `before` (what the partition holds for the declared keys) to `news.entries`.
 * Returns the entries now held; throws KeyEntriesWriteError (carrying them) when any write failed.
 */
async function apply(
    client: ObjectStoreClient,
    news: KeyEntriesInputs,
    before: RecordedEntries,
    id: string,
    scope: ResolvedScope,
    door: FrontDoor,
): Promise<KeyEntriesOutputs> {
    const inputs: DeclaredInputs = { ...news, entries: decodeEntries(news.entries) };
    const prev = decodeEntries(before);
    const plan = planEntries(prev, inputs.entries);
    type Op = { keyId: string; op: "create" | "update" | "remove" };
    // Each kind of write in key id order, whichever door called: the plugin gets the entries in the order
    // of the engine's wire encoding (Go map order, different per call), the dynamic door in the program's.
    const byKeyId = (keyIds: string[]) => [...keyIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const ops: Op[] = [
        ...byKeyId(plan.create).map((keyId) => ({ keyId, op: "create" as const })),
        ...byKeyId(plan.update).map((keyId) => ({ keyId, op: "update" as const })),
        ...byKeyId(plan.remove).map((keyId) => ({ keyId, op: "remove" as const })),
    ];
    // Which keys to create exist already: learnt before any write (./existing-keys.ts), so that a create
    // never takes over another writer's key, whatever POST does with an existing key.
    const { existing } = inputs.adopt
        ? { existing: new Set<string>() }
        : await findExistingKeys(client, inputs.storeId, inputs.partitionId, plan.create, { concurrency: KEY_ENTRIES_CONCURRENCY });
    const results = await mapSettled(ops, KEY_ENTRIES_CONCURRENCY, async ({ keyId, op }) => {
        if (op === "create") await createEntry(client, inputs, keyId, existing.has(keyId), scope, door);
        else if (op === "update")
            await client.putKey(inputs.storeId, inputs.partitionId, keyId, keyValueFrom({ ...inputs, keyId, ...inputs.entries[keyId] }));
        else await client.deleteKey(inputs.storeId, inputs.partitionId, keyId);
    });
    const held: EntryMap = {};
    const failures: Array<{ keyId: string; error: Error }> = [];
    for (const r of results) if (!r.ok) failures.push({ keyId: r.item.keyId, error: r.error });
    const failed = new Set(failures.map((f) => f.keyId));
    // Declared order first (keeps state and diffs stable), then old keys whose delete failed.
    for (const keyId of Object.keys(inputs.entries)) {
        if (!failed.has(keyId)) held[keyId] = inputs.entries[keyId];
        else if (prev[keyId] !== undefined) held[keyId] = prev[keyId];
    }
    for (const keyId of plan.remove) if (failed.has(keyId)) held[keyId] = prev[keyId];
    const outs = outputsOf(inputs, held, scope);
    if (failures.length === 0) return outs;
    // Nothing written: a plain error, so the engine keeps the state as it was (no resource after a create).
    // The host does not add `__provider` to an error's properties: carry it, or later calls on the
    // recorded outputs (refresh, destroy) could not load the provider.
    const provider = (inputs as unknown as Record<string, unknown>).__provider;
    const recorded = provider === undefined ? outs : ({ ...outs, __provider: provider } as KeyEntriesOutputs);
    const written = ops.length - failures.length;
    throw new KeyEntriesWriteError(written > 0 ? id : undefined, recorded, failures, ops.length);
}

/**
 * The KeyEntries core provider (see the module comment).
 * Errors: KeyEntriesWriteError when some writes fail (with the partial state); ObjectStoreApiError
 * for a failed listing or read.
 */
export class KeyEntriesProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly context: ProviderContext = processWideContext) {}

    /**
     * Validates every entry with the Key rules, spells key ids as OSv2 stores them (with a warning for
     * spaces); records the keys in this operation's plan (./update-plan). No request.
     * @param owner the resource as messages name it, when the front door knows it.
     */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>, owner?: string): Promise<CheckOutcome> {
        // Entries may come in the stored form (key-entries-plan.ts StoredEntry): the dynamic resources register it, and
        // both doors record it, so the engine's ignoreChanges (old inputs copied into news) and recover pass it back.
        news = withDeclaredEntries(news);
        const outcome = checkInputs(this.context, news, {
            validate: validateEntries,
            normalize: normalizeEntries,
            warnings: (n) => {
                const entries = n.entries;
                const ids = entries && typeof entries === "object" ? Object.keys(entries) : [];
                return [keyIdSpellingWarning(ids)].filter((w): w is string => w !== undefined);
            },
        });
        return declareChecked(this.context, "KeyEntries", outcome, owner);
    }

    /**
     * Identity and a change of place (override or provider settings) replace (./scope-diff); each
     * added, changed or removed key is a change of `entries["<keyId>"]`. No request.
     * @throws Error when the endpoint changed, or when this operation deletes the store or partition the keys stay in.
     */
    async diff(_id: string, olds: KeyEntriesOutputs, news: KeyEntriesInputs, owner?: string): Promise<ResourceDiff> {
        const n = news as unknown as Record<string, unknown>;
        return scopeDiff(this.context, "KeyEntries", olds as unknown as Record<string, unknown>, n, diffEntries(olds, n), owner);
    }

    /** Learn which declared keys exist (the key listing), then POST every other entry, KEY_ENTRIES_CONCURRENCY at a time. */
    async create(inputs: KeyEntriesInputs): Promise<CreateOutcome<KeyEntriesOutputs>> {
        const { client, scope } = await connectFor(this.context, inputs);
        const id = keyEntriesResourceId(inputs.storeId, inputs.partitionId);
        return { id, outs: await apply(client, inputs, {}, id, scope, this.context.door) };
    }

    /**
     * The plan of {@link create} for a preview, without a request: the id and the outputs the create
     * will return (`plannedEntriesOutputs`). No request.
     */
    planCreate(inputs: KeyEntriesInputs): CreateOutcome<KeyEntriesOutputs> {
        return {
            id: plannedId([inputs.storeId, inputs.partitionId], () => keyEntriesResourceId(inputs.storeId, inputs.partitionId)),
            outs: plannedEntriesOutputs(inputs, plannedScope(this.context, inputs)),
        };
    }

    /** The plan of {@link update} for a preview, without a request: the outputs the writes will leave. No request. */
    planUpdate(_id: string, olds: KeyEntriesOutputs, news: KeyEntriesInputs): UpdateOutcome<KeyEntriesOutputs> {
        const outs = plannedEntriesOutputs(news, plannedRecordedScope(this.context, olds));
        return { outs: { ...outs, ...compact({ partitionKeyCount: olds.partitionKeyCount }) } };
    }

    /**
     * The declared keys of `inputs` read as a refresh reads them (values by the page, or one GET per
     * key): those holding exactly their declared values (`held`, declared form) and those holding
     * other values (`others`, key ids).
     */
    private async readDeclared(inputs: KeyEntriesInputs): Promise<{ held: EntryMap; others: string[]; scope: ResolvedScope }> {
        const { client, scope } = await connectFor(this.context, inputs);
        const declared = decodeEntries(inputs.entries);
        const where = { storeId: inputs.storeId, partitionId: inputs.partitionId, recorded: Object.keys(declared) };
        const { live } = await readRecordedEntries(client, where, { concurrency: KEY_ENTRIES_CONCURRENCY });
        const held: EntryMap = {};
        const others: string[] = [];
        for (const [keyId, value] of Object.entries(live)) {
            if (sameEntry(value, declared[keyId])) held[keyId] = declared[keyId];
            else others.push(keyId);
        }
        return { held, others, scope };
    }

    /**
     * What a create of `inputs` would have left (recovery after a killed run; see {@link CreatedObject}):
     * the declared keys holding exactly their declared values are `created` (the entries to record);
     * keys holding other values are listed in `others` (or make the whole `other` when none matches).
     */
    async findCreated(inputs: KeyEntriesInputs): Promise<CreatedObject<KeyEntriesOutputs>> {
        const { held, others, scope } = await this.readDeclared(inputs);
        if (Object.keys(held).length > 0)
            return {
                state: "created",
                id: keyEntriesResourceId(inputs.storeId, inputs.partitionId),
                outs: outputsOf(inputs, held, scope),
                others,
            };
        if (others.length > 0) return { state: "other", detail: `its keys ${others.map((k) => `'${k}'`).join(", ")} hold other values` };
        return { state: "absent" };
    }

    /**
     * What an update from `olds` (the recorded outputs) to `news` would have left (recovery after a
     * killed run; see {@link UpdatedObject}), from the declared keys read as {@link findCreated} reads
     * them. A key holding exactly its new declared value is recorded with it (the update wrote it, or
     * it was already so); every other recorded key keeps its recorded value (the next `pulumi up`
     * sends what is left: a PUT, a POST of a key that is still missing, a DELETE of a removed key,
     * which succeeds when it is gone). Keys the update adds that hold other values are `others`.
     */
    async findUpdated(olds: KeyEntriesOutputs, news: KeyEntriesInputs): Promise<UpdatedObject<KeyEntriesOutputs>> {
        const { held, others, scope } = await this.readDeclared(news);
        const prev = decodeEntries(osv2Entries(olds.entries));
        const declared = decodeEntries(news.entries);
        const entries: EntryMap = {};
        const written: string[] = [];
        for (const keyId of Object.keys(declared)) {
            if (held[keyId] !== undefined) {
                entries[keyId] = held[keyId];
                if (prev[keyId] === undefined || !sameEntry(prev[keyId], held[keyId])) written.push(keyId);
            } else if (prev[keyId] !== undefined) entries[keyId] = prev[keyId];
        }
        for (const keyId of Object.keys(prev)) if (!(keyId in declared)) entries[keyId] = prev[keyId];
        const notOurs = others.filter((keyId) => prev[keyId] === undefined);
        if (written.length === 0)
            return { state: "not-updated", detail: "none of the keys it adds or changes holds its new value", others: notOurs };
        const outs = { ...outputsOf(news, entries, scope), ...compact({ partitionKeyCount: olds.partitionKeyCount }) };
        return { state: "updated", outs, written, others: notOurs };
    }

    /**
     * Reads the recorded keys: values by the page or one GET per key, whichever costs fewer requests
     * (key-entries-read.ts). A partition or store that is gone reads as no entries (the resource
     * stays, so `pulumi up` writes them again).
     * @throws Error when there is no recorded state to read from (`pulumi import` or the `import`
     * resource option give the id alone): a KeyEntries is a set of keys, and an id does not say which.
     */
    async read(id: string, props: KeyEntriesOutputs): Promise<pulumi.dynamic.ReadResult> {
        if (props.storeId === undefined) throw new Error(keyEntriesImportMessage(id, this.context.door));
        const { client, scope, recordedBaseUrl } = await connectRecorded(this.context, props);
        const where = { ...props, recorded: Object.keys(osv2Entries(props.entries)) };
        const read = await readRecordedEntries(client, where, { concurrency: KEY_ENTRIES_CONCURRENCY });
        if (recordedBaseUrl && Object.keys(read.live).length === 0 && where.recorded.length > 0)
            throw new Error(notFoundThroughEndpointMessage(operationLabel("KeyEntries", props), recordedBaseUrl, scope.resolvedBaseUrl));
        const outs = { ...outputsOf(props, read.live, scope), ...compact({ partitionKeyCount: read.partitionKeyCount }) };
        const {
            entryCount: _c,
            resolvedOrganizationId: _o,
            resolvedEnvironmentId: _e,
            resolvedRegion: _r,
            resolvedBaseUrl: _b,
            partitionKeyCount: _p,
            ...inputs
        } = outs;
        return { id, props: outs, inputs };
    }

    /** Sends only the difference: POST added keys, PUT changed keys, DELETE removed keys. */
    async update(id: string, olds: KeyEntriesOutputs, news: KeyEntriesInputs): Promise<UpdateOutcome<KeyEntriesOutputs>> {
        const { client, scope } = await connectRecorded(this.context, olds, "update", operationLabel("KeyEntries", olds));
        const outs = await apply(client, news, osv2Entries(olds.entries), id, scope, this.context.door);
        return { outs: { ...outs, ...compact({ partitionKeyCount: olds.partitionKeyCount }) } };
    }

    /** DELETE each recorded key (already gone is fine); keys written by applications stay. */
    async delete(_id: string, props: KeyEntriesOutputs): Promise<void> {
        const { client } = await connectRecorded(this.context, props, "delete", operationLabel("KeyEntries", props));
        const results = await mapSettled(Object.keys(osv2Entries(props.entries)), KEY_ENTRIES_CONCURRENCY, (keyId) =>
            client.deleteKey(props.storeId, props.partitionId, keyId),
        );
        const failures = results.filter((r) => !r.ok) as Array<{ item: string; ok: false; error: Error }>;
        if (failures.length > 0) {
            throw new Error(
                `${failures.length} of ${results.length} key deletes failed (first: ${failures[0].item}: ${failures[0].error.message}). ` +
                    "The resource stays in the state; run `pulumi destroy` (or `pulumi up`) again to delete the rest.",
            );
        }
        forgetDeleted(this.context, "KeyEntries", props as unknown as Record<string, unknown>);
    }
}

/**
 * Why a KeyEntries cannot be read from its id alone, and the ways to take its keys over. Pure.
 * The id `storeId/partitionId` names a partition; which of its keys the resource owns is what its
 * `entries` declare, and taking every key would make `pulumi destroy` delete the applications' keys.
 */
export function keyEntriesImportMessage(id: string, door: FrontDoor): string {
    return (
        `A KeyEntries cannot be imported from an id alone (${JSON.stringify(id)}): it owns the keys its \`entries\` ` +
        "declare, and an id names a partition, not which of its keys to take. Pulumi did not change anything. " +
        `To take keys over, declare the KeyEntries with those entries and ${inputSetTo(door, "adopt", "true")} (its create reads them and ` +
        "writes only the ones that differ), import each key as a Key (`pulumi import anypoint:objectstore:Key <name> " +
        "<storeId>/<partitionId>/<keyId>`), or let `npx pulumi-anypoint-objectstore import --with-keys` write " +
        (door === "dynamic" ? "the program." : "a TypeScript program that declares them.")
    );
}

/**
 * The KeyEntries resource: many seed key entries of ONE partition as one resource (a map of keyId
 * to value), for seeding hundreds or thousands of keys at the speed of the service. Pure logic
 * (validation, per-key plan, diff) lives in key-entries-plan.ts.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"), per key:
 *   create  = POST   …/partitions/{partitionId}/keys/{keyId}   (create-only; 409 when it exists)
 *             with adopt, a 409 is followed by GET and, only when the value differs, PUT
 *   update  = PUT    …/keys/{keyId} for changed keys, POST for added keys, DELETE for removed keys;
 *             unchanged keys are never sent
 *   read    = GET    …/partitions/{partitionId}/keys (every page), then GET …/keys/{keyId} for each
 *             recorded key that the listing shows; keys written by applications are ignored
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
import * as pulumi from "@pulumi/pulumi";
import { ObjectStoreApiError, type ObjectStoreClient } from "../client";
import { mapSettled } from "../util/concurrency";
import type { ResolvedScope, ScopeArgs } from "./common";
import { declaredScope } from "./common";
import { checkInputs, connectFor, connectRecorded } from "./connection";
import {
    EntryMap,
    KeyEntriesInputs,
    KeyEntriesOutputs,
    diffEntries,
    normalizeEntries,
    planEntries,
    sameEntry,
    validateEntries,
} from "./key-entries-plan";
import { keyValueFrom, valueFromLive } from "./key";
import { ObjectStoreResource } from "./shim";

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

/** Every key id of the partition; none when the partition (or its store) does not exist (404). */
async function listKeysOrNone(client: ObjectStoreClient, storeId: string, partitionId: string): Promise<string[]> {
    try {
        return await client.listAllKeys(storeId, partitionId);
    } catch (e) {
        if (e instanceof ObjectStoreApiError && e.statusCode === 404) return [];
        throw e;
    }
}

/** The id Pulumi shows for a KeyEntries resource (display only; never parsed). */
export function keyEntriesResourceId(storeId: string, partitionId: string): string {
    return `${storeId}/${partitionId}/*`;
}

function outputsOf(inputs: KeyEntriesInputs, entries: EntryMap, scope: ResolvedScope): KeyEntriesOutputs {
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
 * Creates one key. Without `adopt`: one atomic POST; when it already exists (409), it is read, and a
 * key that holds exactly the declared value is taken over (what an interrupted run leaves behind),
 * any other value fails. With `adopt`: GET first, then PUT only when the value differs and POST only
 * when the key is missing, so taking over keys that already match writes nothing.
 */
async function createEntry(client: ObjectStoreClient, inputs: KeyEntriesInputs, keyId: string): Promise<void> {
    const value = keyValueFrom({ ...inputs, keyId, ...inputs.entries[keyId] });
    const holdsDeclared = async () => {
        const live = await client.getKey(inputs.storeId, inputs.partitionId, keyId);
        return { live, same: live !== undefined && sameEntry(valueFromLive(live), inputs.entries[keyId]) };
    };
    if (inputs.adopt) {
        const { live, same } = await holdsDeclared();
        if (same) return;
        if (live) await client.putKey(inputs.storeId, inputs.partitionId, keyId, value);
        else await client.createKey(inputs.storeId, inputs.partitionId, keyId, value);
        return;
    }
    try {
        await client.createKey(inputs.storeId, inputs.partitionId, keyId, value);
    } catch (e) {
        if (!(e instanceof ObjectStoreApiError && e.statusCode === 409)) throw e;
        if ((await holdsDeclared()).same) return;
        throw new Error(
            `key '${keyId}' already exists in the partition with another value; Pulumi did not change it. Set \`adopt: true\` on the KeyEntries to take it over (its value is then overwritten), or remove it from entries.`,
            { cause: e },
        );
    }
}

/**
 * Sends the plan from `prev` (what the partition holds for the declared keys) to `inputs.entries`.
 * Returns the entries now held; throws KeyEntriesWriteError (carrying them) when any write failed.
 */
async function apply(
    client: ObjectStoreClient,
    inputs: KeyEntriesInputs,
    prev: EntryMap,
    id: string,
    scope: ResolvedScope,
): Promise<KeyEntriesOutputs> {
    const plan = planEntries(prev, inputs.entries);
    type Op = { keyId: string; op: "create" | "update" | "remove" };
    const ops: Op[] = [
        ...plan.create.map((keyId) => ({ keyId, op: "create" as const })),
        ...plan.update.map((keyId) => ({ keyId, op: "update" as const })),
        ...plan.remove.map((keyId) => ({ keyId, op: "remove" as const })),
    ];
    const results = await mapSettled(ops, KEY_ENTRIES_CONCURRENCY, async ({ keyId, op }) => {
        if (op === "create") await createEntry(client, inputs, keyId);
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
 * The dynamic ResourceProvider of {@link KeyEntries}, loaded at call time by the provider shim.
 * Errors: KeyEntriesWriteError when some writes fail (with the partial state); ObjectStoreApiError
 * for a failed listing or read.
 */
export class KeyEntriesProvider implements pulumi.dynamic.ResourceProvider {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkInputs(news, validateEntries, normalizeEntries);
    }

    async diff(_id: string, olds: KeyEntriesOutputs, news: KeyEntriesInputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffEntries(olds, news as unknown as Record<string, unknown>);
        return { changes: d.changes, replaces: d.replaces };
    }

    /** POST every entry (create-only), KEY_ENTRIES_CONCURRENCY at a time. */
    async create(inputs: KeyEntriesInputs): Promise<pulumi.dynamic.CreateResult> {
        const { client, scope } = await connectFor(inputs);
        const id = keyEntriesResourceId(inputs.storeId, inputs.partitionId);
        return { id, outs: await apply(client, inputs, {}, id, scope) };
    }

    /**
     * Lists the partition (every page), then GETs each recorded key the listing shows. A partition
     * or store that is gone reads as no entries (the resource stays, so `pulumi up` writes them again).
     */
    async read(id: string, props: KeyEntriesOutputs): Promise<pulumi.dynamic.ReadResult> {
        const { client, scope } = await connectRecorded(props);
        const recorded = Object.keys(props.entries ?? {});
        const listed = new Set(await listKeysOrNone(client, props.storeId, props.partitionId));
        const reads = await mapSettled(
            recorded.filter((k) => listed.has(k)),
            KEY_ENTRIES_CONCURRENCY,
            (keyId) => client.getKey(props.storeId, props.partitionId, keyId),
        );
        const live: EntryMap = {};
        for (const r of reads) {
            if (!r.ok) throw r.error;
            if (!r.value) continue; // deleted between the listing and the read
            const { valueType: _t, ...value } = valueFromLive(r.value);
            live[r.item] = value;
        }
        const outs = outputsOf(props, live, scope);
        const { entryCount: _c, resolvedOrganizationId: _o, resolvedEnvironmentId: _e, resolvedRegion: _r, ...inputs } = outs;
        return { id, props: outs, inputs };
    }

    /** Sends only the difference: POST added keys, PUT changed keys, DELETE removed keys. */
    async update(id: string, olds: KeyEntriesOutputs, news: KeyEntriesInputs): Promise<pulumi.dynamic.UpdateResult> {
        const { client, scope } = await connectRecorded(olds);
        return { outs: await apply(client, news, olds.entries ?? {}, id, scope) };
    }

    /** DELETE each recorded key (already gone is fine); keys written by applications stay. */
    async delete(_id: string, props: KeyEntriesOutputs): Promise<void> {
        const { client } = await connectRecorded(props);
        const results = await mapSettled(Object.keys(props.entries ?? {}), KEY_ENTRIES_CONCURRENCY, (keyId) =>
            client.deleteKey(props.storeId, props.partitionId, keyId),
        );
        const failures = results.filter((r) => !r.ok) as Array<{ item: string; ok: false; error: Error }>;
        if (failures.length > 0) {
            throw new Error(
                `${failures.length} of ${results.length} key deletes failed (first: ${failures[0].item}: ${failures[0].error.message}). ` +
                    "The resource stays in the state; run `pulumi destroy` (or `pulumi up`) again to delete the rest.",
            );
        }
    }
}

/** Inputs of a {@link KeyEntries}. */
export interface KeyEntriesArgs extends ScopeArgs {
    /** Store id; usually `store.storeId`. Changing it replaces the resource. */
    storeId: pulumi.Input<string>;
    /** Partition id; usually `partition.partitionId`. Changing it replaces the resource. */
    partitionId: pulumi.Input<string>;
    /**
     * keyId -> value, each with exactly one of `stringValue`, `numberValue`, `binaryValue` (the Key
     * rules: keyId ≤ 1024 bytes without '|', value ≤ 10 MB as base64). At most 10,000 entries.
     * Values may be Pulumi secrets: `entries` is then secret as a whole in outputs and state.
     */
    entries: pulumi.Input<
        Record<
            string,
            pulumi.Input<{
                /** A STRING value (UTF-8 text; a Pulumi secret stays secret). */
                stringValue?: pulumi.Input<string>;
                /** A NUMBER value (a finite number). */
                numberValue?: pulumi.Input<number>;
                /** A BINARY value as base64 (standard or URL-safe, padded or not). */
                binaryValue?: pulumi.Input<string>;
            }>
        >
    >;
    /** Take over keys that already exist (overwriting values that differ) instead of failing. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * Many seed key entries of one partition as one resource: only changed keys are written, removed
 * keys deleted, unchanged keys never sent; refresh reports drift per key; keys that applications
 * write into the partition are not drift.
 *
 * ```ts
 * new KeyEntries("countries", { storeId: store.storeId, partitionId: "countries",
 *     entries: { fr: { stringValue: "France" }, de: { stringValue: "Germany" }, limit: { numberValue: 3 } } });
 * ```
 */
export class KeyEntries extends ObjectStoreResource {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    declare readonly storeId: pulumi.Output<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    declare readonly partitionId: pulumi.Output<string>;
    /** keyId -> value (`{stringValue}`, `{numberValue}` or `{binaryValue}`) as recorded in the state: what this resource wrote into the partition. A secret as a whole when any value is one. */
    declare readonly entries: pulumi.Output<EntryMap>;
    /** Number of entries this resource holds in the partition (at most 10,000). */
    declare readonly entryCount: pulumi.Output<number>;

    constructor(name: string, args: KeyEntriesArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "keyEntries",
            "KeyEntries",
            name,
            {
                entryCount: undefined,
                ...args,
            },
            opts,
        );
    }
}

/**
 * The keys a provider instance plans to write in the preview it is serving, so that the key lookups of
 * the same preview answer with them.
 *
 * A Pulumi YAML program that declares a Key (or KeyEntries) and reads it back with `fn::invoke` of
 * getKeyValue / getKeyValues invokes the function during the preview with known arguments (the
 * planned outputs of the key's Create are known), before anything is written: a preview never writes
 * (design decision 11). Without this, the lookup would read a key that does not exist yet and fail the
 * preview with a 404, although `pulumi up` would write the key first and then read it. An Invoke
 * cannot answer "unknown" (the engine rejects unknown values in an Invoke's result), so in a preview
 * the plugin answers what the update will leave: the planned value of a key this preview creates or
 * updates, over what OSv2 holds now. Outside a preview, lookups read OSv2 only.
 *
 * The TypeScript door gets the same behaviour from Pulumi's rules for Output values: its lookups'
 * Output forms wait for the resources their arguments come from, and are unknown in a preview while
 * those are being created (provider/lookups/sdk.ts `lookupOutput`).
 */
import type { ResolvedScope } from "../resources/scope";
import { isUnknown } from "../resources/markers";
import { decodeEntries, type EntryValue } from "../resources/key-entries-plan";
import { VALUE_FIELDS, osv2KeyId } from "../resources/key-model";
import type { ResourceKind } from "../resources/ownership";

/** One planned key: where it lives and its value (exactly one value field). */
interface PlannedKey {
    keyId: string;
    value: EntryValue;
}

/** The scope, store and partition of a key, as one map key. Pure. */
function partitionKey(scope: { organizationId: string; environmentId: string; region: string }, storeId: string, partitionId: string) {
    return JSON.stringify([scope.organizationId, scope.environmentId, scope.region, storeId, partitionId]);
}

/** The value of `o` when it has exactly one known value field, else undefined. Pure. */
function knownValue(o: Record<string, unknown> | undefined): EntryValue | undefined {
    if (!o || isUnknown(o)) return undefined;
    const fields = VALUE_FIELDS.filter((f) => o[f] !== undefined);
    if (fields.length !== 1 || isUnknown(o[fields[0]])) return undefined;
    return { [fields[0]]: o[fields[0]] } as EntryValue;
}

/** The planned keys of one provider instance's preview (see the module comment). */
export class PlannedKeys {
    /** Partition (scope, store, partition) → key id → planned key. */
    private readonly partitions = new Map<string, Map<string, PlannedKey>>();

    /**
     * Records what a planned create or update of a `kind` resource will write (its planned outputs:
     * the resolved scope, the ids, a Key's value or a KeyEntries' entries). Unknown ids or values are
     * skipped: nothing can be answered for them.
     */
    record(kind: ResourceKind, outs: Record<string, unknown>): void {
        const scope = outs as Partial<ResolvedScope> & Record<string, unknown>;
        const { storeId, partitionId } = outs;
        const place = [scope.resolvedOrganizationId, scope.resolvedEnvironmentId, scope.resolvedRegion, storeId, partitionId];
        if (!place.every((v) => typeof v === "string" && !isUnknown(v))) return;
        const at = partitionKey(
            { organizationId: place[0] as string, environmentId: place[1] as string, region: place[2] as string },
            storeId as string,
            partitionId as string,
        );
        const keys = this.partitions.get(at) ?? new Map<string, PlannedKey>();
        if (kind === "Key") {
            const value = knownValue(outs);
            if (typeof outs.keyId === "string" && !isUnknown(outs.keyId) && value) keys.set(outs.keyId, { keyId: outs.keyId, value });
        } else if (kind === "KeyEntries") {
            if (!outs.entries || isUnknown(outs.entries)) return;
            for (const [keyId, entry] of Object.entries(decodeEntries(outs.entries as Record<string, unknown>))) {
                const value = knownValue(entry as Record<string, unknown>);
                if (value) keys.set(keyId, { keyId, value });
            }
        } else return;
        if (keys.size > 0) this.partitions.set(at, keys);
    }

    /**
     * The answer of a key lookup in a preview with what this preview plans, or undefined when it
     * plans nothing the lookup reads:
     * - getKeyValue of a planned key (`live` undefined: OSv2 answered 404; or the live value): the
     *   planned value;
     * - getKeyValues of a partition with planned keys: the live values (none when OSv2 answered 404)
     *   with the planned ones written over them and the new ones appended.
     * `scope` is where the lookup reads (its overrides applied). Pure with respect to OSv2: no request.
     */
    answer(
        token: string,
        args: Record<string, unknown>,
        scope: { organizationId: string; environmentId: string; region: string },
        live: Record<string, unknown> | undefined,
    ): Record<string, unknown> | undefined {
        const { storeId, partitionId } = args as { storeId: string; partitionId: string };
        const keys = this.partitions.get(partitionKey(scope, storeId, partitionId));
        if (!keys) return undefined;
        const base = { ...scope, storeId, partitionId };
        if (token === "anypoint:objectstore:getKeyValue") {
            const planned = keys.get(osv2KeyId(String(args.keyId)));
            return planned ? { ...base, ...valueResult(planned) } : undefined;
        }
        if (token === "anypoint:objectstore:getKeyValues") {
            const values = ((live?.values as Record<string, unknown>[] | undefined) ?? []).map((v) => {
                const planned = keys.get(String(v.keyId));
                return planned ? valueResult(planned) : v;
            });
            const seen = new Set(values.map((v) => String(v.keyId)));
            for (const planned of keys.values()) if (!seen.has(planned.keyId)) values.push(valueResult(planned));
            return { ...base, values, keyIds: values.map((v) => v.keyId) };
        }
        return undefined;
    }
}

/** A planned key as the key lookups return a key: `{ keyId, valueType, <value field> }`. Pure. */
function valueResult(planned: PlannedKey): Record<string, unknown> {
    const valueType = planned.value.stringValue !== undefined ? "STRING" : planned.value.numberValue !== undefined ? "NUMBER" : "BINARY";
    return { keyId: planned.keyId, valueType, ...planned.value };
}

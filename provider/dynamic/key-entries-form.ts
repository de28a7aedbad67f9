/**
 * The dynamic front door's stored entry form for KeyEntries (provider/resources/key-entries-plan.ts
 * `StoredEntry`: the string, the number, or `{ binaryValue }`, one property value per entry):
 * - program side: the declared `entries` are registered in the stored form, and the resource's
 *   `entries` output is handed back to the program in the declared form. Each entry's own Output (a
 *   secret, or a value another resource computes) stays that entry's: nothing is awaited here, so
 *   unknown values during preview stay per key;
 * - provider host side: the core's `storedFormProvider` (provider/resources/key-entries-stored.ts,
 *   shared with the plugin door) records checked inputs, outputs and a partial failure's outputs in
 *   the stored form.
 */
import * as pulumi from "@pulumi/pulumi";
import { decodeEntries, type EntryMap, type RecordedEntries } from "../resources/key-entries-plan";

/** A declared entry: `{ stringValue }`, `{ numberValue }` or `{ binaryValue }`, each field an Input. */
type DeclaredEntry = {
    stringValue?: pulumi.Input<string>;
    numberValue?: pulumi.Input<number>;
    binaryValue?: pulumi.Input<string>;
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

/**
 * The stored form of one declared entry when it has exactly one of the three value fields (each
 * may be an Input); any other shape is returned as declared, so that the provider's check names
 * what is wrong with it.
 */
function storedEntry(entry: unknown): unknown {
    if (!isPlainObject(entry)) return entry;
    const given = Object.keys(entry).filter((k) => entry[k] !== undefined);
    if (given.length !== 1) return entry;
    const e = entry as DeclaredEntry;
    if (given[0] === "stringValue") return e.stringValue;
    if (given[0] === "numberValue") return e.numberValue;
    if (given[0] === "binaryValue") return { binaryValue: e.binaryValue };
    return entry;
}

/**
 * `entries` as the program registers them: each entry in its stored form. An entry that is itself
 * an Input is converted when it resolves; so is the whole map when it is one (it then resolves as a
 * whole, as before).
 */
export function storedEntriesInput(
    entries: pulumi.Input<Record<string, pulumi.Input<DeclaredEntry>>>,
): pulumi.Input<Record<string, unknown>> {
    if (!isPlainObject(entries)) {
        return pulumi.output(entries).apply((all) => Object.fromEntries(Object.entries(all ?? {}).map(([k, v]) => [k, storedEntry(v)])));
    }
    const out: Record<string, unknown> = {};
    for (const [keyId, entry] of Object.entries(entries)) {
        out[keyId] = isPlainObject(entry) || entry === undefined ? storedEntry(entry) : pulumi.output(entry).apply(storedEntry);
    }
    return out;
}

/** The `entries` output in the declared form, whichever form the state recorded. */
export function declaredEntriesOutput(recorded: pulumi.Output<RecordedEntries>): pulumi.Output<EntryMap> {
    return recorded.apply((entries) => decodeEntries(entries));
}

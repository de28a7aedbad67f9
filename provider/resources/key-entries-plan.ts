/**
 * Pure logic of the {@link KeyEntries} resource (key-entries.ts): validation and normalization of
 * the `entries` map, the per-key plan (which keys to create, overwrite, delete) and the diff.
 * Nothing here performs I/O.
 */
import { z } from "zod";
import { CheckFailure, identifierSchema, scopeShape, validate } from "./validation";
import { MAX_KEY_BYTES, MAX_STORE_ID_CHARS } from "../limits";
import { ResolvedScope, SCOPE_FIELDS, ScopeArgs } from "./scope";
import { compact } from "../util/objects";
import { containsUnknown, isUnknown } from "./markers";
import { describe } from "./message-text";
import { diffDeclared } from "./declared-diff";
import { VALUE_FIELDS, canonicalBase64, osv2KeyId, validateKey } from "./key-model";

/** One entry's value: exactly one of the three (as on a Key). */
export interface EntryValue {
    /** A STRING value (UTF-8 text; a Pulumi secret stays secret). */
    stringValue?: string;
    /** A NUMBER value (a finite number). */
    numberValue?: number;
    /** A BINARY value as base64 (standard or URL-safe, padded or not; kept in canonical form). */
    binaryValue?: string;
}

/** keyId -> value. */
export type EntryMap = Record<string, EntryValue>;

/**
 * How both front doors record an entry in the inputs and outputs of a KeyEntries (and the dynamic
 * door sends it between the program, the engine and the provider host): a STRING value as
 * the string itself, a NUMBER value as the number itself, a BINARY value as `{ binaryValue }`
 * (canonical base64). One property value per entry instead of an object holding one: 10,000
 * entries cost the engine, the provider host and the program less than half the memory and CPU,
 * and drift still shows per key (`~ k1: "hacked" => "a"`). key-entries-stored.ts records it for
 * both doors; the dynamic door's program side registers it (provider/dynamic/key-entries-form.ts),
 * the plugin's schema keeps the declared form for inputs; the core provider reads both forms
 * (`decodeEntry`) and works in the declared one. Stacks written before this form record
 * `{ stringValue }` / `{ numberValue }` objects: they read the same, and the next update or refresh
 * records the new form.
 */
export type StoredEntry =
    | string
    | number
    | {
          /** The bytes, canonical base64. */
          binaryValue: string;
      };

/** keyId -> value as recorded: {@link StoredEntry}, or an {@link EntryValue} in state written before it. */
export type RecordedEntries = Record<string, StoredEntry | EntryValue>;

/** The recorded form of a (normalized) entry value. Pure. */
export function encodeEntry(value: EntryValue): StoredEntry {
    if (value.stringValue !== undefined) return value.stringValue;
    if (value.numberValue !== undefined) return value.numberValue;
    return { binaryValue: value.binaryValue as string };
}

/**
 * An entry value as declared (`{stringValue}`, `{numberValue}`, `{binaryValue}`) from its recorded
 * form or from the declared form itself; anything else (Pulumi's unknown value, a malformed entry)
 * is returned as it is, for validation to name. Pure.
 */
export function decodeEntry(v: unknown): unknown {
    if (typeof v === "string") return isUnknown(v) ? v : { stringValue: v };
    if (typeof v === "number") return { numberValue: v };
    return v;
}

/** {@link decodeEntry} over a map of recorded (or declared) entries. Pure. */
export function decodeEntries(entries: RecordedEntries | Record<string, unknown> | undefined): EntryMap {
    const out: EntryMap = {};
    for (const [keyId, v] of Object.entries(entries ?? {})) out[keyId] = decodeEntry(v) as EntryValue;
    return out;
}

/** {@link encodeEntry} over a map of entries. Pure. */
export function encodeEntries(entries: EntryMap): Record<string, StoredEntry> {
    const out: Record<string, StoredEntry> = {};
    for (const [keyId, v] of Object.entries(entries)) out[keyId] = encodeEntry(v);
    return out;
}

/** `props` with its `entries` (when they are a map) in the declared form; other properties as they are. Pure. */
export function withDeclaredEntries<T>(props: T): T {
    const p = props as { entries?: unknown } | undefined;
    if (!p || typeof p !== "object" || !p.entries || typeof p.entries !== "object" || Array.isArray(p.entries)) return props;
    return { ...props, entries: decodeEntries(p.entries as Record<string, unknown>) };
}

/** `props` with its `entries` (when they are a map) in the stored form ({@link storedEntries}); other properties as they are. Pure. */
export function withStoredEntries<T>(props: T): T {
    const p = props as { entries?: unknown } | undefined;
    if (!p || typeof p !== "object" || !p.entries || typeof p.entries !== "object" || Array.isArray(p.entries)) return props;
    return { ...props, entries: storedEntries(p.entries as Record<string, unknown>) };
}

/**
 * Entries in either form, each in the stored form when it holds one value (an unknown value during
 * preview included: `{ stringValue: <unknown> }` becomes the unknown value itself); anything else is
 * left as it is. Pure.
 */
export function storedEntries(entries: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [keyId, v] of Object.entries(entries)) {
        const e = decodeEntry(v);
        if (e === null || typeof e !== "object" || Array.isArray(e)) out[keyId] = v;
        else {
            const { stringValue, numberValue, binaryValue } = e as EntryValue;
            const given = [stringValue, numberValue, binaryValue].filter((x) => x !== undefined).length;
            if (given !== 1 || Object.keys(e).length !== 1) out[keyId] = v;
            else if (stringValue !== undefined) out[keyId] = stringValue;
            else if (numberValue !== undefined) out[keyId] = numberValue;
            else out[keyId] = { binaryValue };
        }
    }
    return out;
}

/** Plain inputs of a KeyEntries resource, as the provider receives them. */
export interface KeyEntriesInputs extends ScopeArgs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /**
     * keyId -> value: what this resource wrote into the partition. Recorded as {@link StoredEntry}
     * (the string, the number, or `{binaryValue}`); state written before that form holds
     * `{stringValue}` / `{numberValue}` objects. A secret as a whole when any value is one.
     */
    entries: RecordedEntries;
    /** As declared: `true` lets create take over an object that already exists (README, "Adopting what already exists"). */
    adopt?: boolean;
}

/**
 * Outputs: the inputs, with `entries` holding what the service holds for the declared keys as far
 * as this resource knows (what it wrote, or what refresh read), and the resolved scope.
 */
export interface KeyEntriesOutputs extends KeyEntriesInputs, ResolvedScope {
    /** Number of entries in `entries`. */
    entryCount: number;
    /**
     * Keys (this resource's and other writers') the partition held when a refresh last listed it,
     * or a lower bound when that listing stopped early; unset until then. It chooses the cheaper
     * way to read the next refresh (key-entries-read.ts); never compared by diff.
     */
    partitionKeyCount?: number;
}

/** Identity of the resource: a change replaces it (entries written in the new place, then deleted from the old). */
export const ENTRIES_REPLACE_FIELDS = ["storeId", "partitionId", ...SCOPE_FIELDS] as const;

/** Upper bound of entries in one resource: state and diff stay workable; split larger sets over several resources. */
export const MAX_ENTRIES = 10_000;

const topSchema = z.strictObject({
    storeId: identifierSchema("storeId", 4 * MAX_STORE_ID_CHARS, MAX_STORE_ID_CHARS),
    partitionId: identifierSchema("partitionId", MAX_KEY_BYTES),
    entries: z.record(z.string(), z.unknown(), {
        error: (iss) =>
            `entries must be an object mapping keyId to { stringValue | numberValue | binaryValue }; got ${describe(iss.input, "value")}.`,
    }),
    ...scopeShape,
});

/** Property path Pulumi shows for one entry (or a field of it): `entries["k1"]`, `entries["k1"].stringValue`. */
export function entryProperty(keyId: string, field?: string): string {
    return `entries[${JSON.stringify(keyId)}]${field ? `.${field}` : ""}`;
}

/** Validates KeyEntries inputs: shapes and limits of the whole, then each entry with the Key rules. Pure. */
export function validateEntries(news: Record<string, unknown>): CheckFailure[] {
    const failures = validate(topSchema, news);
    const entries = news.entries;
    if (entries === undefined || entries === null || isUnknown(entries) || typeof entries !== "object" || Array.isArray(entries)) {
        return failures;
    }
    const ids = Object.keys(entries);
    if (ids.length > MAX_ENTRIES) {
        failures.push({
            property: "entries",
            reason: `entries has ${ids.length} keys; one KeyEntries takes at most ${MAX_ENTRIES}. Split them over several KeyEntries resources.`,
        });
        return failures;
    }
    const spelledBy = new Map<string, string>();
    for (const keyId of ids) {
        const spelled = osv2KeyId(keyId);
        const other = spelledBy.get(spelled);
        if (other !== undefined) {
            failures.push({
                property: entryProperty(keyId),
                reason: `entries '${other}' and '${keyId}' are one key in OSv2, which stores spaces in key ids as '+' (OSv2 FAQ); keep one of them.`,
            });
        } else spelledBy.set(spelled, keyId);
        const value = (entries as Record<string, unknown>)[keyId];
        if (isUnknown(value)) continue;
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            failures.push({
                property: entryProperty(keyId),
                reason: `entry '${keyId}' must be an object with one of stringValue, numberValue, binaryValue; got ${describe(value, "value")}.`,
            });
            continue;
        }
        // The Key rules, with placeholder identity (store and partition are checked above).
        for (const f of validateKey({ storeId: "s", partitionId: "p", ...(value as object), keyId })) {
            failures.push({
                property: f.property === "keyId" ? entryProperty(keyId) : entryProperty(keyId, f.property),
                reason: f.property === "keyId" ? `entries key: ${f.reason}` : `entry '${keyId}': ${f.reason}`,
            });
        }
    }
    return failures;
}

/** One entry without unset members, binaryValue in canonical base64. Pure. */
export function normalizeEntry(value: EntryValue): EntryValue {
    const out = compact(value as Record<string, unknown>) as EntryValue;
    if (typeof out.binaryValue === "string" && !isUnknown(out.binaryValue))
        out.binaryValue = canonicalBase64(out.binaryValue) ?? out.binaryValue;
    return out;
}

/**
 * Normalizes valid KeyEntries inputs: each key id spelled as OSv2 stores it (spaces as '+'), each
 * entry in the declared form (`{stringValue}`, `{numberValue}`, `{binaryValue}` in canonical
 * base64), whether it came declared or in the dynamic resources' stored form; an entry holding an
 * unknown value stays as it is. Pure.
 */
export function normalizeEntries<T extends Record<string, unknown>>(news: T): T {
    const out: Record<string, unknown> = compact(news);
    if (out.entries && typeof out.entries === "object" && !isUnknown(out.entries)) {
        const entries: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(out.entries as Record<string, unknown>)) {
            const value = decodeEntry(v);
            entries[osv2KeyId(k)] =
                value === null || typeof value !== "object" || containsUnknown(value) ? v : normalizeEntry(value as EntryValue);
        }
        out.entries = entries;
    }
    return out as T;
}

/**
 * Recorded entries with their key ids spelled as OSv2 stores them: a stack written before this rule
 * may record `a b` for the key OSv2 lists as `a+b`. Returns `entries` itself when nothing changes.
 * Values are left in the form they were recorded in. Pure.
 */
export function osv2Entries<T>(entries: Record<string, T> | undefined): Record<string, T> {
    if (!entries) return {};
    if (!Object.keys(entries).some((k) => k.includes(" "))) return entries;
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(entries)) out[osv2KeyId(k)] = v;
    return out;
}

/** Whether two entry values (declared or stored form) are the same value of the same type (binary compared canonically). Pure. */
export function sameEntry(x: EntryValue | StoredEntry | undefined, y: EntryValue | StoredEntry | undefined): boolean {
    const a = decodeEntry(x) as EntryValue | undefined,
        b = decodeEntry(y) as EntryValue | undefined;
    if (a === undefined || b === undefined) return a === b;
    if (isUnknown(a) || isUnknown(b)) return false;
    for (const f of VALUE_FIELDS) {
        const x = a[f],
            y = b[f];
        if (isUnknown(x) || isUnknown(y)) return false;
        if (f === "binaryValue" && typeof x === "string" && typeof y === "string") {
            if ((canonicalBase64(x) ?? x) !== (canonicalBase64(y) ?? y)) return false;
        } else if (x !== y) return false;
    }
    return true;
}

/** What to send to make the partition hold `next` where it holds `prev` (for the declared keys). */
export interface EntriesPlan {
    /** Keys not in `prev`: written create-only (POST). */
    create: string[];
    /** Keys in both with another value: overwritten (PUT). */
    update: string[];
    /** Keys in `prev` and not in `next`: deleted. */
    remove: string[];
    /** Keys in both with the same value: never sent. */
    unchanged: number;
}

/** The per-key plan from the recorded entries `prev` to the declared `next` (either form). Pure. */
export function planEntries(prev: EntryMap | RecordedEntries, next: EntryMap | RecordedEntries): EntriesPlan {
    const plan: EntriesPlan = { create: [], update: [], remove: [], unchanged: 0 };
    for (const [keyId, value] of Object.entries(next)) {
        if (!Object.prototype.hasOwnProperty.call(prev, keyId)) plan.create.push(keyId);
        else if (!sameEntry(prev[keyId], value)) plan.update.push(keyId);
        else plan.unchanged++;
    }
    for (const keyId of Object.keys(prev)) if (!Object.prototype.hasOwnProperty.call(next, keyId)) plan.remove.push(keyId);
    return plan;
}

/** Result of `diffEntries`: Pulumi's DiffResult plus every changed property (per key). */
export interface EntriesDiff {
    /** Whether anything differs (Pulumi's DiffResult.changes). */
    changes: boolean;
    /** The properties whose change replaces the resource (its identity: ids and scope overrides). */
    replaces: string[];
    /** `storeId`, `entries["k1"]`, …: what differs (tests and messages; the dynamic host shows the input diff itself). */
    changed: string[];
}

/**
 * Diff of declared inputs against old outputs: identity replaces; each added, changed or removed
 * key is a change of `entries["<keyId>"]`. Unknown entries (preview) count as changes. Pure.
 */
export function diffEntries(olds: Partial<KeyEntriesOutputs>, news: Record<string, unknown>): EntriesDiff {
    const normalized = normalizeEntries(news);
    const base = diffDeclared(olds as Record<string, unknown>, normalized, { replaceFields: ENTRIES_REPLACE_FIELDS, settingFields: [] });
    const changed = [...base.changed];
    const next = normalized.entries;
    if (isUnknown(next)) changed.push("entries");
    else if (next && typeof next === "object") {
        const plan = planEntries(osv2Entries(olds.entries as RecordedEntries | undefined), next as RecordedEntries);
        for (const keyId of [...plan.create, ...plan.update, ...plan.remove].sort()) changed.push(entryProperty(keyId));
    }
    return { changes: changed.length > 0, replaces: base.replaces, changed };
}

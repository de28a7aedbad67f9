/**
 * The Key's model, pure: its plain inputs and outputs, the three value types and their canonical
 * forms (linear-time base64), validation (zod), the diff, the mapping to and from the OSv2 wire
 * shapes, and the resource id. No I/O; the resource and its provider are in key.ts.
 */
import { z } from "zod";
import type { KeyValue, KeyValueInput, ValueType } from "../client/types";
import { CheckFailure, identifierSchema, scopeShape, validate } from "./validation";
import { MAX_KEY_BYTES, MAX_STORE_ID_CHARS, MAX_VALUE_BASE64_BYTES } from "../limits";
import { ResolvedScope, SCOPE_FIELDS, declaredScope } from "./scope";
import { abridge, describe, utf8Bytes } from "./message-text";
import { compact } from "../util/objects";
import { diffDeclared } from "./declared-diff";
import { containsUnknown, isUnknown, UNKNOWN } from "./markers";

/** Plain inputs of a Key, as the provider receives them. */
export interface KeyInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    partitionId: string;
    /** Key id: 1 … 1024 bytes UTF-8, no `|`; OSv2 stores spaces as `+` (the `{keyId}` of `…/partitions/{partitionId}/keys/{keyId}`). */
    keyId: string;
    /** The value as text (UTF-8), when the value is a STRING; at most 10 MB measured base64-encoded (the OSv2 limit). A secret when declared as one. */
    stringValue?: string;
    /** The value as a finite JSON number, when the value is a NUMBER; compared by value. */
    numberValue?: number;
    /** The value as base64 (standard alphabet, padded: the canonical form), when the value is BINARY; at most 10 MB base64-encoded. */
    binaryValue?: string;
    /** Organization (business group) id override as declared; undefined means the stack's `anypoint:organizationId` (or ANYPOINT_ORGANIZATION_ID). */
    organizationId?: string;
    /** Environment id override as declared; undefined means the stack's `anypoint:environmentId` (or ANYPOINT_ENVIRONMENT_ID). */
    environmentId?: string;
    /** Region id override as declared (e.g. `eu-central-1`); undefined means the stack's `anypoint:region` (default `us-east-1`). */
    region?: string;
    /** As declared: `true` lets create take over an object that already exists (README, "Adopting what already exists"). */
    adopt?: boolean;
}

/** Outputs of a Key: the live value under its input name, its valueType, and the resolved scope. */
export interface KeyOutputs extends KeyInputs, ResolvedScope {
    /** `"STRING"`, `"NUMBER"` or `"BINARY"`: which of the value fields is set (OSv2's `valueType`). */
    valueType: ValueType;
}

/** The three value inputs; exactly one is set. */
export const VALUE_FIELDS = ["stringValue", "numberValue", "binaryValue"] as const;
/** Identity of a key: any change replaces it (a new entry is written, the old one deleted). */
export const KEY_REPLACE_FIELDS = ["storeId", "partitionId", "keyId", ...SCOPE_FIELDS] as const;

/** True for a character code of the standard (`+/`) or URL-safe (`-_`) base64 alphabet. */
function isBase64Char(c: number): boolean {
    return (
        (c >= 65 && c <= 90) || // A-Z
        (c >= 97 && c <= 122) || // a-z
        (c >= 48 && c <= 57) || // 0-9
        c === 43 || // +
        c === 47 || // /
        c === 45 || // -
        c === 95 // _
    );
}

/**
 * Number of base64 data characters in `clean` (no whitespace) when it is valid base64 (standard or
 * URL-safe alphabet, padded or not), otherwise undefined. One pass, no regular expression: linear in
 * the length, so a full 10 MB value is checked in milliseconds. Pure.
 */
function base64DataLength(clean: string): number | undefined {
    let end = clean.length;
    while (end > 0 && clean.charCodeAt(end - 1) === 61 /* = */) end--;
    if (clean.length - end > 2 || end % 4 === 1) return undefined;
    for (let i = 0; i < end; i++) if (!isBase64Char(clean.charCodeAt(i))) return undefined;
    return end;
}

function withoutWhitespace(b64: string): string {
    return /\s/.test(b64) ? b64.replace(/\s+/g, "") : b64;
}

/**
 * Canonical (standard alphabet, padded) base64 of the bytes `b64` encodes, or undefined if it is not
 * base64. Every spelling of the same bytes (URL-safe, unpadded, with line breaks) has one canonical
 * form, so diff compares bytes, not spellings. Pure.
 */
export function canonicalBase64(b64: string): string | undefined {
    const clean = withoutWhitespace(b64);
    if (base64DataLength(clean) === undefined) return undefined;
    return Buffer.from(clean, "base64").toString("base64");
}

/** Size of a value as OSv2 measures it: the length of its base64 encoding, in bytes. Pure. */
export function valueSizeBase64Bytes(inputs: Pick<KeyInputs, "stringValue" | "numberValue" | "binaryValue">): number {
    let raw = 0;
    if (inputs.stringValue !== undefined) raw = utf8Bytes(inputs.stringValue);
    else if (inputs.numberValue !== undefined) raw = utf8Bytes(String(inputs.numberValue));
    else if (inputs.binaryValue !== undefined) raw = Math.floor(((base64DataLength(withoutWhitespace(inputs.binaryValue)) ?? 0) * 3) / 4);
    return 4 * Math.ceil(raw / 3);
}

/** zod schema of Key inputs (exactly-one-value and size rules are added in {@link validateKey}). @internal */
export const keyInputsSchema = z.strictObject({
    storeId: identifierSchema("storeId", 4 * MAX_STORE_ID_CHARS, MAX_STORE_ID_CHARS),
    partitionId: identifierSchema("partitionId", MAX_KEY_BYTES),
    keyId: identifierSchema("keyId", MAX_KEY_BYTES),
    stringValue: z
        .string({ error: (iss) => `stringValue must be a string; got ${describe(iss.input, "stringValue")}. Use numberValue for numbers.` })
        .optional(),
    numberValue: z
        .number({
            error: (iss) =>
                `numberValue must be a finite number (a JSON number); got ${describe(iss.input, "numberValue")}. NaN and Infinity cannot be stored: use stringValue for them.`,
        })
        .refine(Number.isFinite, {
            error: (iss) =>
                `numberValue must be a finite number (a JSON number); got ${String(iss.input)}. NaN and Infinity cannot be stored: use stringValue for them.`,
        })
        .optional(),
    binaryValue: z
        .string({ error: (iss) => `binaryValue must be a base64 string; got ${describe(iss.input, "binaryValue")}.` })
        .refine((v) => canonicalBase64(v) !== undefined, {
            error: (iss) =>
                `binaryValue (${describe(iss.input, "binaryValue")}) is not valid base64: give the bytes base64-encoded (RFC 4648: A-Z a-z 0-9 + / or the URL-safe - _, padding with = optional).`,
        })
        .optional(),
    ...scopeShape,
});

/** Validates Key inputs: shapes, limits, and exactly one of the value inputs. Pure. */
export function validateKey(news: Record<string, unknown>): CheckFailure[] {
    const failures = validate(keyInputsSchema, news);
    const given = VALUE_FIELDS.filter((f) => news[f] !== undefined && news[f] !== null);
    if (given.length !== 1) {
        failures.push({
            property: given.length === 0 ? "stringValue" : given[1],
            reason:
                given.length === 0
                    ? "a Key needs exactly one value: set stringValue, numberValue or binaryValue."
                    : `a Key takes exactly one value, but ${given.join(" and ")} are set; keep one of them.`,
        });
    } else if (failures.length === 0 && !isUnknown(news[given[0]])) {
        const size = valueSizeBase64Bytes(news as Partial<KeyInputs>);
        if (size > MAX_VALUE_BASE64_BYTES) {
            failures.push({
                property: given[0],
                reason: `${given[0]} is ${size} bytes as base64; OSv2 allows at most ${MAX_VALUE_BASE64_BYTES} bytes (10 MB, measured base64-encoded). Store a smaller value, or split it over several keys.`,
            });
        }
    }
    return failures;
}

/**
 * A key id as OSv2 stores it: every space becomes `+` ("CloudHub OSv2 … converts spaces to +", OSv2
 * FAQ, docs.mulesoft.com/object-store/osv2-faq). So `retry count` and `retry+count` are one key; this
 * package spells every key id this way (Key, KeyEntries entries, lookups, import), so what it
 * records matches what OSv2 lists. Unknown values (preview) are left as they are. Pure.
 */
export function osv2KeyId<T>(keyId: T): T {
    return typeof keyId === "string" && keyId.includes(" ") && !isUnknown(keyId) ? (keyId.replace(/ /g, "+") as T) : keyId;
}

/** The warning for declared key ids that hold spaces (which OSv2 stores as `+`), or undefined. Pure. */
export function keyIdSpellingWarning(keyIds: readonly unknown[]): string | undefined {
    const spaced = keyIds.filter((k): k is string => typeof k === "string" && k.includes(" ") && !isUnknown(k));
    if (spaced.length === 0) return undefined;
    const shown = spaced.slice(0, 3).map((k) => `'${abridge(k)}' as '${abridge(osv2KeyId(k))}'`);
    const more = spaced.length > shown.length ? ` and ${spaced.length - shown.length} more` : "";
    return (
        `OSv2 stores spaces in key ids as '+' (OSv2 FAQ), so this package declares ${shown.join(", ")}${more}. ` +
        `Write '+' instead of spaces in keyId to silence this warning.`
    );
}

/** Normalizes valid Key inputs: drops unset members, spells keyId as OSv2 stores it and puts binaryValue in canonical base64. Pure. */
export function normalizeKey<T extends Record<string, unknown>>(news: T): T {
    const out: Record<string, unknown> = compact(news);
    if (out.keyId !== undefined) out.keyId = osv2KeyId(out.keyId);
    if (typeof out.binaryValue === "string" && !isUnknown(out.binaryValue))
        out.binaryValue = canonicalBase64(out.binaryValue) ?? out.binaryValue;
    return out as T;
}

const KEY_DIFF = { replaceFields: KEY_REPLACE_FIELDS, settingFields: VALUE_FIELDS };

/**
 * Diff of declared Key inputs against old outputs: identity replaces, the value updates in place
 * (a switch of value type too: the value inputs not declared any more count as changed). Pure.
 */
export function diffKey(olds: Record<string, unknown>, news: Record<string, unknown>) {
    // A stack written before key ids were spelled as OSv2 stores them may record `a b`: the same key as `a+b`.
    return diffDeclared(
        olds.keyId === undefined ? olds : { ...olds, keyId: osv2KeyId(olds.keyId) },
        normalizeKey(news),
        KEY_DIFF,
        VALUE_FIELDS.filter((f) => olds[f] !== undefined && olds[f] !== null),
    );
}

/** Whether the live entry holds exactly the declared value (same type, same canonical value). Pure. */
export function holdsDeclaredValue(inputs: KeyInputs, live: KeyValue): boolean {
    const d = diffDeclared(
        valueFromLive(live),
        normalizeKey(inputs as unknown as Record<string, unknown>),
        {
            replaceFields: [],
            settingFields: VALUE_FIELDS,
        },
        VALUE_FIELDS.filter((f) => valueFromLive(live)[f] !== undefined),
    );
    return !d.changes;
}

/** The PUT body for the declared value. Pure. */
export function keyValueFrom(inputs: KeyInputs): KeyValueInput {
    if (inputs.stringValue !== undefined) return { valueType: "STRING", stringValue: inputs.stringValue };
    if (inputs.numberValue !== undefined) return { valueType: "NUMBER", numberValue: inputs.numberValue };
    if (inputs.binaryValue !== undefined) return { valueType: "BINARY", binaryValue: inputs.binaryValue };
    throw new Error("a Key needs exactly one value: set stringValue, numberValue or binaryValue.");
}

/** The value fields of a live entry, under the input names (the type inferred when valueType is missing). Pure. */
export function valueFromLive(live: KeyValue): { valueType: ValueType } & Pick<KeyInputs, "stringValue" | "numberValue" | "binaryValue"> {
    const valueType: ValueType =
        live.valueType ?? (live.stringValue !== undefined ? "STRING" : live.numberValue !== undefined ? "NUMBER" : "BINARY");
    if (valueType === "STRING") return { valueType, stringValue: live.stringValue ?? "" };
    if (valueType === "NUMBER") return { valueType, numberValue: Number(live.numberValue) };
    return { valueType, binaryValue: canonicalBase64(live.binaryValue ?? "") ?? live.binaryValue ?? "" };
}

/** Outputs for a key. Pure. */
export function keyOutputs(inputs: KeyInputs, live: KeyValue, scope: ResolvedScope): KeyOutputs {
    return {
        ...declaredScope(inputs),
        storeId: inputs.storeId,
        partitionId: inputs.partitionId,
        keyId: inputs.keyId,
        ...valueFromLive(live),
        ...scope,
    };
}

/**
 * The outputs a create or an update of `inputs` will return, for a preview's plan, without a
 * request: the key holds the declared value once written, so every value is known unless its input
 * is (Pulumi's unknown value, kept as it is). Pure.
 */
export function plannedKeyOutputs(inputs: KeyInputs, scope: ResolvedScope): KeyOutputs {
    const declared = keyValueFrom(inputs);
    const field = VALUE_FIELDS.find((f) => inputs[f] !== undefined && inputs[f] !== null)!;
    if (!containsUnknown(inputs[field])) return keyOutputs(inputs, { keyId: inputs.keyId, ...declared }, scope);
    return { ...keyOutputs(inputs, { keyId: inputs.keyId, valueType: declared.valueType }, scope), [field]: UNKNOWN };
}

/** The inputs that describe a key's outputs (refresh writes these). Pure. */
export function keyInputsFromOutputs(outs: KeyOutputs): KeyInputs {
    return compact({
        storeId: outs.storeId,
        partitionId: outs.partitionId,
        keyId: outs.keyId,
        stringValue: outs.stringValue,
        numberValue: outs.numberValue,
        binaryValue: outs.binaryValue,
        ...declaredScope(outs),
    }) as KeyInputs;
}

/**
 * The id of a Key resource: `storeId/partitionId/keyId`, each segment URI-encoded (so ids holding
 * '/' stay unambiguous). `read` parses it when the engine reads a key by id alone.
 */
export function keyResourceId(storeId: string, partitionId: string, keyId: string): string {
    return [storeId, partitionId, keyId].map(encodeURIComponent).join("/");
}

/**
 * The store, partition and key ids of a Key resource id (see {@link keyResourceId}); the key id spelled as OSv2 stores it.
 * @throws Error when `id` does not have three segments.
 */
export function parseKeyResourceId(id: string): { storeId: string; partitionId: string; keyId: string } {
    const parts = id.split("/");
    if (parts.length !== 3) throw new Error(`'${id}' is not a Key resource id: expected storeId/partitionId/keyId, each URI-encoded.`);
    const [storeId, partitionId, keyId] = parts.map(decodeURIComponent);
    return { storeId, partitionId, keyId: osv2KeyId(keyId) };
}

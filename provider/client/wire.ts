/**
 * Wire decoding and encoding: turns OSv2 response bodies into the typed shapes of ./types (tolerant
 * of string booleans and missing optional fields) and builds the key request body. Pure functions.
 *
 * Shapes: the examples of "Object Store v2 REST APIs" (https://docs.mulesoft.com/object-store/osv2-apis).
 * A decoder that meets a body it cannot read throws {@link UnexpectedResponse}; the transport turns
 * it into an ObjectStoreApiError naming the operation.
 */

import { DEFAULT_CONFIRMATION_TTL_SECONDS, MAX_TTL_SECONDS } from "../limits";
import type { KeyValue, KeyValueInput, Page, PartitionValueItem, Region, StoreInfo, UsageLimits, UsageStat, ValueType } from "./types";

/** A response body that does not have the documented shape; `message` says what was expected. */
export class UnexpectedResponse extends Error {
    override name = "UnexpectedResponse";
}

function asBool(v: unknown, fallback: boolean): boolean {
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return fallback;
}

function asNumber(v: unknown, fallback: number): number {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
    return fallback;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function normalizeUsageLimits(v: unknown): UsageLimits | null {
    const o = asObject(v);
    if (!o) return null;
    const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
    return { maxKeys: num(o.maxKeys), maxSizeBytes: num(o.maxSizeBytes), enforcement: o.enforcement === "WARN" ? "WARN" : "REJECT" };
}

/**
 * Normalizes a store object from the wire, or `undefined` when it has no `storeId`. Missing TTLs
 * take the service's defaults ({@link MAX_TTL_SECONDS}, {@link DEFAULT_CONFIRMATION_TTL_SECONDS}).
 */
export function normalizeStore(v: unknown): StoreInfo | undefined {
    const o = asObject(v);
    if (!o || typeof o.storeId !== "string") return undefined;
    return {
        storeId: o.storeId,
        encrypted: asBool(o.encrypted, true),
        permanentOsFlag: asBool(o.permanentOsFlag, false),
        persistent: asBool(o.persistent, true),
        defaultTtlSeconds: asNumber(o.defaultTtlSeconds, MAX_TTL_SECONDS),
        defaultConfirmationTtlSeconds: asNumber(o.defaultConfirmationTtlSeconds, DEFAULT_CONFIRMATION_TTL_SECONDS),
        isFixedTtl:
            typeof o.isFixedTtl === "boolean" || o.isFixedTtl === "true" || o.isFixedTtl === "false" ? asBool(o.isFixedTtl, false) : null,
        usageLimits: normalizeUsageLimits(o.usageLimits),
    };
}

/**
 * Normalizes a key value from the wire, or `undefined` when it is not one. A missing `valueType`
 * is inferred from which `*Value` field is present (as other OSv2 clients do).
 */
export function normalizeKeyValue(v: unknown, keyIdFallback: string): KeyValue | undefined {
    const o = asObject(v);
    if (!o) return undefined;
    let valueType = o.valueType as ValueType | undefined;
    if (valueType !== "STRING" && valueType !== "NUMBER" && valueType !== "BINARY") {
        if (typeof o.stringValue === "string") valueType = "STRING";
        else if (o.numberValue !== undefined && o.numberValue !== null) valueType = "NUMBER";
        else if (typeof o.binaryValue === "string") valueType = "BINARY";
        else return undefined;
    }
    const kv: KeyValue = { keyId: typeof o.keyId === "string" ? o.keyId : keyIdFallback, valueType };
    if (typeof o.stringValue === "string") kv.stringValue = o.stringValue;
    if (o.numberValue !== undefined && o.numberValue !== null) kv.numberValue = asNumber(o.numberValue, NaN);
    if (typeof o.binaryValue === "string") kv.binaryValue = o.binaryValue;
    if (o.metadata !== undefined && o.metadata !== null) kv.metadata = o.metadata;
    return kv;
}

/** {@link normalizeStore}, throwing {@link UnexpectedResponse} for anything else. */
export function decodeStore(body: unknown): StoreInfo {
    const s = normalizeStore(body);
    if (!s) throw new UnexpectedResponse("expected a store object with a storeId");
    return s;
}

/** {@link normalizeKeyValue}, throwing {@link UnexpectedResponse} for anything else. */
export function decodeKeyValue(body: unknown, keyId: string): KeyValue {
    const kv = normalizeKeyValue(body, keyId);
    if (!kv) throw new UnexpectedResponse("expected a key value object");
    return kv;
}

/** A page `{values: [...], nextPageToken}`; `item` returns `undefined` for an item it cannot read. */
export function decodePage<T>(body: unknown, item: (v: unknown) => T | undefined): Page<T> {
    const b = asObject(body);
    if (!b || !Array.isArray(b.values)) throw new UnexpectedResponse("expected {values: [...], nextPageToken}");
    const values = b.values.map((v: unknown) => {
        const it = item(v);
        if (it === undefined) throw new UnexpectedResponse(`unexpected list item ${JSON.stringify(v)}`);
        return it;
    });
    const token = b.nextPageToken;
    return { values, nextPageToken: typeof token === "string" && token !== "" ? token : null };
}

/** A key listing item: `"id"` or `{keyId}`. */
export function decodeKeyRef(v: unknown): { keyId: string } | undefined {
    if (typeof v === "string") return { keyId: v };
    const k = asObject(v);
    return k && typeof k.keyId === "string" ? { keyId: k.keyId } : undefined;
}

/**
 * An item of the partition value listing: an object with any of `keyId`, `index`, `valueType` and a
 * value field (a bare string is taken as a key id, as in the key listing). Fields that are missing
 * or of another type are left out, so that ./partition-values can judge the answer; anything else
 * (null, a number, an array) is not an item.
 */
export function decodePartitionValue(v: unknown): PartitionValueItem | undefined {
    if (typeof v === "string") return { keyId: v };
    const o = asObject(v);
    if (!o) return undefined;
    const item: PartitionValueItem = {};
    if (typeof o.keyId === "string") item.keyId = o.keyId;
    if (typeof o.index === "number" && Number.isFinite(o.index)) item.index = o.index;
    const kv = normalizeKeyValue(o, "");
    const field = { STRING: "stringValue", NUMBER: "numberValue", BINARY: "binaryValue" } as const;
    if (kv && kv[field[kv.valueType]] !== undefined && !Number.isNaN(kv.numberValue)) {
        const { keyId: _k, ...value } = kv;
        item.value = value;
    }
    return item;
}

/** The regions listing: a bare array `[{id, name, url}]`. */
export function decodeRegions(body: unknown): Region[] {
    if (!Array.isArray(body)) throw new UnexpectedResponse("expected an array of regions");
    return body.map((r: unknown) => {
        const o = asObject(r);
        if (!o || typeof o.id !== "string") throw new UnexpectedResponse(`unexpected region ${JSON.stringify(r)}`);
        const region: Region = { id: o.id, name: typeof o.name === "string" ? o.name : o.id };
        if (typeof o.url === "string") region.url = o.url;
        return region;
    });
}

/** The Stats API answer: a bare array `[{timeStamp, objectStoreRequestCount}]`. */
export function decodeUsageStats(body: unknown): UsageStat[] {
    if (!Array.isArray(body)) throw new UnexpectedResponse("expected an array of usage buckets");
    return body.map((v: unknown) => {
        const o = asObject(v);
        if (!o || typeof o.timeStamp !== "string") throw new UnexpectedResponse(`unexpected bucket ${JSON.stringify(v)}`);
        return { timeStamp: o.timeStamp, objectStoreRequestCount: asNumber(o.objectStoreRequestCount, 0) };
    });
}

/**
 * Body of PUT/POST on a key: `{keyId, valueType, stringValue|numberValue|binaryValue, metadata?}`.
 * @throws TypeError when the value does not match its `valueType`.
 */
export function keyBody(keyId: string, value: KeyValueInput): Record<string, unknown> {
    const v = value as unknown as Record<string, unknown>;
    const body: Record<string, unknown> = { keyId, valueType: value.valueType };
    switch (value.valueType) {
        case "STRING":
            if (typeof v.stringValue !== "string") throw new TypeError(`key "${keyId}": stringValue must be a string`);
            body.stringValue = v.stringValue;
            break;
        case "NUMBER":
            if (typeof v.numberValue !== "number" || !Number.isFinite(v.numberValue)) {
                throw new TypeError(`key "${keyId}": numberValue must be a finite number`);
            }
            body.numberValue = v.numberValue;
            break;
        case "BINARY":
            if (typeof v.binaryValue !== "string") throw new TypeError(`key "${keyId}": binaryValue must be a base64 string`);
            body.binaryValue = v.binaryValue;
            break;
        default:
            throw new TypeError(`key "${keyId}": valueType must be STRING, NUMBER or BINARY (got ${JSON.stringify(v.valueType)})`);
    }
    if (v.metadata !== undefined) body.metadata = v.metadata;
    return body;
}

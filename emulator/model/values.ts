import { LIMITS } from "../config";
import { httpErrors } from "../errors";
import type { StoredValue, ValueType } from "../storage/types";
import { normalizeKeyText } from "./ids";

/** Request body of PUT/POST K (application/json), after JSON-schema validation. */
export interface ValueBody {
    keyId?: string | null;
    valueType?: ValueType | null;
    stringValue?: string | null;
    numberValue?: number | null;
    binaryValue?: string | null;
    metadata?: string | null;
}

/** Value object on the wire: GET/PUT/POST K responses. */
export interface ValueObject {
    keyId: string;
    valueType: ValueType;
    stringValue?: string;
    numberValue?: number;
    binaryValue?: string;
    metadata?: string;
    confirmationId?: string;
}

/** Standard base64 alphabet with up to two '=' at the end (no nested groups: linear on 10 MB input). */
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (s: string) => s.length % 4 === 0 && BASE64_CHARS.test(s);
const FIELD_BY_TYPE: Record<ValueType, "stringValue" | "numberValue" | "binaryValue"> = {
    STRING: "stringValue",
    NUMBER: "numberValue",
    BINARY: "binaryValue",
};

/** Length of the base64 encoding of `bytes` bytes. */
export const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * Size of a value as counted against the 10 MB limit: the base64-encoded length [DOC S2, S4].
 * Strings and numbers are measured on the base64 encoding of their UTF-8 text.
 */
export function valueSizeBytes(value: Pick<StoredValue, "valueType" | "stringValue" | "numberValue" | "binaryValue">): number {
    switch (value.valueType) {
        case "BINARY":
            return value.binaryValue!.length;
        case "STRING":
            return base64Length(Buffer.byteLength(value.stringValue!, "utf8"));
        case "NUMBER":
            return base64Length(Buffer.byteLength(String(value.numberValue), "utf8"));
    }
}

/** Rejects metadata over 4 KB (4096 UTF-8 bytes) [DOC S2 PUT K description]. */
export function checkMetadata(metadata: string): void {
    const bytes = Buffer.byteLength(metadata, "utf8");
    if (bytes > LIMITS.maxMetadataBytes) {
        throw httpErrors.invalidBody(`metadata is ${bytes} bytes in UTF-8; the limit is ${LIMITS.maxMetadataBytes} bytes (4 KB)`);
    }
}

/** Rejects values over 10 MB measured base64-encoded [DOC S2 PUT K description, S4]. */
export function checkValueSize(keyId: string, sizeBytes: number): void {
    if (sizeBytes > LIMITS.maxValueBase64Bytes) {
        throw httpErrors.payloadTooLarge(
            `value of key ${JSON.stringify(keyId)} is ${sizeBytes} bytes base64-encoded; the limit is ${LIMITS.maxValueBase64Bytes} bytes (10 MB, measured base64-encoded)`,
        );
    }
}

/**
 * Turns a PUT/POST K body into a stored value. Rules: exactly one of stringValue / numberValue /
 * binaryValue (null counts as absent); valueType optional but must match; keyId optional but must
 * equal the path key (after the space-to-'+' conversion); binaryValue must be standard padded
 * base64; size and metadata limits as above.
 */
export function parseValueBody(pathKeyId: string, body: ValueBody): StoredValue {
    if (body.keyId !== undefined && body.keyId !== null && normalizeKeyText(body.keyId) !== pathKeyId) {
        throw httpErrors.invalidBody(
            `keyId ${JSON.stringify(body.keyId)} in the body does not match the key in the path (${JSON.stringify(pathKeyId)})`,
        );
    }
    const present = (["stringValue", "numberValue", "binaryValue"] as const).filter((f) => body[f] !== undefined && body[f] !== null);
    if (present.length === 0) {
        throw httpErrors.invalidBody("the body must contain one of stringValue, numberValue or binaryValue");
    }
    if (present.length > 1) {
        throw httpErrors.invalidBody(
            `the body must contain exactly one of stringValue, numberValue or binaryValue; got ${present.join(", ")}`,
        );
    }
    const field = present[0];
    const valueType = (Object.keys(FIELD_BY_TYPE) as ValueType[]).find((t) => FIELD_BY_TYPE[t] === field)!;
    if (body.valueType !== undefined && body.valueType !== null && body.valueType !== valueType) {
        throw httpErrors.invalidBody(`valueType ${body.valueType} does not match the value given (${field} needs valueType ${valueType})`);
    }
    const value: StoredValue = { valueType, sizeBytes: 0 };
    if (field === "numberValue") {
        if (!Number.isFinite(body.numberValue)) throw httpErrors.invalidBody("numberValue must be a finite number");
        value.numberValue = body.numberValue!;
    } else if (field === "binaryValue") {
        const b64 = body.binaryValue!;
        value.binaryValue = b64;
        value.sizeBytes = b64.length;
        checkValueSize(pathKeyId, b64.length);
        if (!isBase64(b64)) {
            throw httpErrors.invalidBody(
                "binaryValue is not valid base64 (standard alphabet A-Z a-z 0-9 + /, padded with '=' to a multiple of 4 characters)",
            );
        }
    } else {
        value.stringValue = body.stringValue!;
    }
    value.sizeBytes = valueSizeBytes(value);
    checkValueSize(pathKeyId, value.sizeBytes);
    if (body.metadata !== undefined && body.metadata !== null) {
        checkMetadata(body.metadata);
        value.metadata = body.metadata;
    }
    return value;
}

/** The wire value object of a stored value (metadata only when set). */
export function toValueObject(keyId: string, value: StoredValue, confirmationId?: string): ValueObject {
    const out: ValueObject = { keyId, valueType: value.valueType };
    const field = FIELD_BY_TYPE[value.valueType];
    (out as unknown as Record<string, unknown>)[field] = value[field];
    if (value.metadata !== undefined && value.metadata !== null) out.metadata = value.metadata;
    if (confirmationId) out.confirmationId = confirmationId;
    return out;
}

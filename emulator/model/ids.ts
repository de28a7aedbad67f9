import { LIMITS } from "../config";
import { httpErrors } from "../errors";

const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** U+0000 is rejected in every id (emulator choice: SQLite text stops at NUL, and no client needs it). */
function rejectNul(name: string, value: string): void {
    if (value.includes("\u0000")) throw httpErrors.invalidParam(`${name} must not contain the NUL character (U+0000, %00)`);
}
const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);

/**
 * Validates a storeId path segment: non-empty, at most 256 characters.
 * Limit source: OSv2 release notes 2.3.2 "storeId max 256 chars" [DOC S11].
 */
export function validateStoreId(storeId: string): string {
    if (storeId.length === 0) throw httpErrors.invalidParam("storeId must not be empty");
    rejectNul("storeId", storeId);
    const chars = [...storeId].length;
    if (chars > LIMITS.maxStoreIdChars) {
        throw httpErrors.invalidParam(
            `storeId ${quote(storeId)} is ${chars} characters long; the limit is ${LIMITS.maxStoreIdChars} characters`,
        );
    }
    return storeId;
}

/**
 * Validates a partitionId path segment: non-empty, at most 1024 UTF-8 bytes (emulator choice,
 * the partition limit is undocumented; it mirrors the key limit).
 */
export function validatePartitionId(partitionId: string): string {
    if (partitionId.length === 0) throw httpErrors.invalidParam("partitionId must not be empty");
    rejectNul("partitionId", partitionId);
    const bytes = utf8Bytes(partitionId);
    if (bytes > LIMITS.maxPartitionIdBytes) {
        throw httpErrors.invalidParam(
            `partitionId ${quote(partitionId)} is ${bytes} bytes in UTF-8; the limit is ${LIMITS.maxPartitionIdBytes} bytes`,
        );
    }
    return partitionId;
}

/**
 * Spaces in keys are stored as '+', as CloudHub OSv2 does [DOC S3 FAQ partial]. Applied to key
 * path segments, body keyIds and beginsWith prefixes.
 */
export function normalizeKeyText(raw: string): string {
    return raw.replace(/ /g, "+");
}

/**
 * Validates and normalizes a keyId: spaces become '+', '|' is rejected, at most 1024 UTF-8
 * bytes. Limit sources: OSv2 FAQ "key max 1024 bytes UTF-8", "'|' not supported, spaces
 * converted to '+'" [DOC S3].
 */
export function validateKeyId(raw: string): string {
    if (raw.length === 0) throw httpErrors.invalidParam("keyId must not be empty");
    rejectNul("keyId", raw);
    const keyId = normalizeKeyText(raw);
    if (keyId.includes("|")) {
        throw httpErrors.invalidParam(`keyId ${quote(raw)} contains '|', which Object Store v2 does not allow in keys`);
    }
    const bytes = utf8Bytes(keyId);
    if (bytes > LIMITS.maxKeyBytes) {
        throw httpErrors.invalidParam(`keyId ${quote(raw)} is ${bytes} bytes in UTF-8; the limit is ${LIMITS.maxKeyBytes} bytes`);
    }
    return keyId;
}

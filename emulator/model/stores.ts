import { LIMITS } from "../config";
import { httpErrors } from "../errors";
import type { StoreRecord, StoreRef, UsageLimits } from "../storage/types";

/** Store object on the wire (GET S, list items, PUT/PATCH responses). Shape from [DOC S1]. */
export interface StoreObject {
    storeId: string;
    encrypted: boolean;
    permanentOsFlag: false;
    persistent: boolean;
    defaultTtlSeconds: number;
    defaultConfirmationTtlSeconds: number;
    isFixedTtl: boolean | null;
    usageLimits: UsageLimits | null;
}

/** Body of PUT S / PATCH S, after JSON-schema validation (unknown fields already rejected). */
export interface StoreBody {
    storeId?: string;
    defaultTtlSeconds?: number;
    defaultTtlMillis?: number;
    defaultConfirmationTtlSeconds?: number;
    defaultConfirmationTtlMillis?: number;
    persistent?: boolean;
    encrypted?: boolean;
    isFixedTtl?: boolean | null;
    usageLimits?: { maxKeys?: number | null; maxSizeBytes?: number | null; enforcement?: "REJECT" | "WARN" } | null;
}

/** Store settings other than identity and timestamps. */
export type StoreSettings = Omit<StoreRecord, "ref" | "createdAtMs" | "updatedAtMs">;

/** Settings of a store created without a body. [DOC S1 store list example] */
export const DEFAULT_STORE_SETTINGS: StoreSettings = {
    defaultTtlSeconds: LIMITS.defaultTtlSeconds,
    defaultConfirmationTtlSeconds: LIMITS.defaultConfirmationTtlSeconds,
    persistent: true,
    encrypted: true,
    isFixedTtl: null,
    usageLimits: null,
};

/**
 * Entry TTL rule: values above 2592000 s, or <= 0, are silently set to 2592000 s [DOC S1, S4,
 * connector docs S12].
 */
export function clampTtlSeconds(ttlSeconds: number): number {
    return ttlSeconds <= 0 || ttlSeconds > LIMITS.maxTtlSeconds ? LIMITS.maxTtlSeconds : ttlSeconds;
}

/**
 * Applies a PUT/PATCH body onto `base` settings. Millisecond variants (seen only in the portal's
 * generated examples, S2) are accepted and converted (rounded up to whole seconds).
 */
export function applyStoreBody(ref: StoreRef, base: StoreSettings, body: StoreBody): StoreSettings {
    if (body.storeId !== undefined && body.storeId !== ref.storeId) {
        throw httpErrors.invalidBody(
            `storeId ${JSON.stringify(body.storeId)} in the body does not match the store in the path (${JSON.stringify(ref.storeId)})`,
        );
    }
    if (body.defaultTtlSeconds !== undefined && body.defaultTtlMillis !== undefined) {
        throw httpErrors.invalidBody("give either defaultTtlSeconds or defaultTtlMillis, not both");
    }
    if (body.defaultConfirmationTtlSeconds !== undefined && body.defaultConfirmationTtlMillis !== undefined) {
        throw httpErrors.invalidBody("give either defaultConfirmationTtlSeconds or defaultConfirmationTtlMillis, not both");
    }
    const next: StoreSettings = { ...base, usageLimits: base.usageLimits ? { ...base.usageLimits } : null };
    if (body.defaultTtlSeconds !== undefined) next.defaultTtlSeconds = clampTtlSeconds(body.defaultTtlSeconds);
    if (body.defaultTtlMillis !== undefined) next.defaultTtlSeconds = clampTtlSeconds(Math.ceil(body.defaultTtlMillis / 1000));
    const confirmationSeconds =
        body.defaultConfirmationTtlSeconds ??
        (body.defaultConfirmationTtlMillis !== undefined ? Math.ceil(body.defaultConfirmationTtlMillis / 1000) : undefined);
    if (confirmationSeconds !== undefined) {
        if (confirmationSeconds < 1 || confirmationSeconds > LIMITS.maxTtlSeconds) {
            throw httpErrors.invalidBody(
                `defaultConfirmationTtlSeconds ${confirmationSeconds} is out of range; it must be from 1 to ${LIMITS.maxTtlSeconds} seconds`,
            );
        }
        next.defaultConfirmationTtlSeconds = confirmationSeconds;
    }
    if (body.persistent !== undefined) next.persistent = body.persistent;
    if (body.encrypted !== undefined) next.encrypted = body.encrypted;
    if (body.isFixedTtl !== undefined) next.isFixedTtl = body.isFixedTtl;
    if (body.usageLimits !== undefined) {
        next.usageLimits =
            body.usageLimits === null
                ? null
                : {
                      maxKeys: body.usageLimits.maxKeys ?? null,
                      maxSizeBytes: body.usageLimits.maxSizeBytes ?? null,
                      enforcement: body.usageLimits.enforcement ?? "REJECT",
                  };
    }
    return next;
}

/** Wire store object of a record. */
export function toStoreObject(record: StoreRecord): StoreObject {
    return {
        storeId: record.ref.storeId,
        encrypted: record.encrypted,
        permanentOsFlag: false,
        persistent: record.persistent,
        defaultTtlSeconds: record.defaultTtlSeconds,
        defaultConfirmationTtlSeconds: record.defaultConfirmationTtlSeconds,
        isFixedTtl: record.isFixedTtl,
        usageLimits: record.usageLimits ? { ...record.usageLimits } : null,
    };
}

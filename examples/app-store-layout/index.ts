/**
 * An application's store layout: the Object Store v2 stores that one Mule application, `orders-api`,
 * uses, each with the TTL its job needs, and the seed keys the application reads at start-up.
 *
 * | store                     | used by (in the Mule app)                        | TTL                | persistent |
 * |---------------------------|--------------------------------------------------|--------------------|------------|
 * | orders-api-idempotency    | Idempotent Message Validator (duplicate orders)  | 1 day, fixed       | yes        |
 * | orders-api-token-cache    | OAuth access tokens of the payment gateway       | 55 minutes, fixed  | no         |
 * | orders-api-config         | feature flags, limits and reference data (seeds) | 30 days (maximum)  | yes        |
 *
 * In the application, each `<os:object-store name="..."/>` refers to one of these store ids with
 * `persistent` and the entry TTL left to the store (OSv2 stores created here are the ones the app
 * connects to). Seed keys expire like any entry after their store's TTL: run the pipeline's
 * `pulumi up --refresh` at least every 30 days (or on a schedule) to write expired ones again.
 */
import { KeyEntries, Partition, Store } from "pulumi-anypoint-objectstore";

const APP = "orders-api";
const MINUTE_SECONDS = 60;
const DAY_SECONDS = 86_400;

/** Message ids already processed: a duplicate within a day is rejected by the app. */
const idempotency = new Store("idempotency", {
    storeId: `${APP}-idempotency`,
    defaultTtlSeconds: DAY_SECONDS,
    isFixedTtl: true,
    persistent: true,
    usageLimits: { maxKeys: 500_000, enforcement: "WARN" },
});

/** Access tokens of the payment gateway, valid 60 minutes: cached 55 so none is used after expiry. */
const tokenCache = new Store("token-cache", {
    storeId: `${APP}-token-cache`,
    defaultTtlSeconds: 55 * MINUTE_SECONDS,
    isFixedTtl: true,
    persistent: false,
});

/** Configuration the app reads (and never writes): seeded by this program. */
const config = new Store("config", {
    storeId: `${APP}-config`,
    defaultTtlSeconds: 30 * DAY_SECONDS,
    persistent: true,
});

const featureFlags = new KeyEntries("feature-flags", {
    storeId: config.storeId,
    partitionId: "feature-flags",
    entries: {
        "new-checkout": { stringValue: "on" },
        "split-shipments": { stringValue: "off" },
    },
});

const limits = new KeyEntries("limits", {
    storeId: config.storeId,
    partitionId: "limits",
    entries: {
        "max-items-per-order": { numberValue: 50 },
        "payment-retries": { numberValue: 3 },
    },
});

/** The app writes its polling watermark here; declared so that it exists and is deleted with the app. */
const watermarks = new Partition("watermarks", { storeId: config.storeId, partitionId: "watermarks" });

/** For the app's deployment properties (e.g. `objectstore.idempotency.store`). */
export const storeIds = { idempotency: idempotency.storeId, tokenCache: tokenCache.storeId, config: config.storeId };
export const ttlSeconds = {
    idempotency: idempotency.defaultTtlSeconds,
    tokenCache: tokenCache.defaultTtlSeconds,
    config: config.defaultTtlSeconds,
};
export const seededKeys = { featureFlags: featureFlags.entryCount, limits: limits.entryCount };
export const watermarkPartition = watermarks.partitionId;

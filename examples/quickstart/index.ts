/**
 * Quickstart: one store, one partition and three seed keys (one per OSv2 value type).
 *
 * Run it from the repository root (`npm run demo` does it against the bundled emulator), or copy it
 * as it is into your own Pulumi program: it imports the package by name, as your program does (in
 * this repository the name resolves to the package itself: tsconfig `paths` and Node's package
 * self-reference).
 */
import { Key, Partition, Store } from "pulumi-anypoint-objectstore";

const DAY_SECONDS = 86_400;

// 45 days is above the OSv2 maximum of 30 days: check clamps it to 2,592,000 s and warns,
// exactly as OSv2 itself would clamp it (silently).
const store = new Store("sessions", {
    storeId: "quickstart-sessions",
    defaultTtlSeconds: 45 * DAY_SECONDS,
    persistent: true,
    isFixedTtl: true,
    usageLimits: { maxKeys: 10_000, enforcement: "REJECT" },
});

const carts = new Partition("carts", {
    storeId: store.storeId,
    partitionId: "carts",
});

const greeting = new Key("greeting", {
    storeId: store.storeId,
    partitionId: carts.partitionId,
    keyId: "greeting",
    stringValue: "Hello World",
});

const maxItems = new Key("max-items", {
    storeId: store.storeId,
    partitionId: carts.partitionId,
    keyId: "max items per cart",
    numberValue: 42,
});

const banner = new Key("banner", {
    storeId: store.storeId,
    partitionId: carts.partitionId,
    keyId: "banner.png",
    // The 8-byte PNG signature, base64-encoded: "iVBORw0KGgo=".
    binaryValue: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString("base64"),
});

export const storeId = store.storeId;
/** The effective TTL after the clamp: 2592000. */
export const defaultTtlSeconds = store.defaultTtlSeconds;
export const partitionId = carts.partitionId;
export const keys = [greeting.keyId, maxItems.keyId, banner.keyId];
export const valueTypes = [greeting.valueType, maxItems.valueType, banner.valueType];

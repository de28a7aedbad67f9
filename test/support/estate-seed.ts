/**
 * A realistic Object Store estate for the import tests, written into an emulator over its own HTTP
 * API (EmulatorApi, not the provider's client): stores named as Mule applications name them
 * (`APP_<app>__defaultPersistentObjectStore`) and by hand, with different TTLs, confirmation TTLs,
 * persistence, fixed/rolling TTL and usage limits; partitions; keys of every value type, some
 * holding credentials; and ids with spaces, slashes, non-ASCII characters and names that only
 * differ in punctuation.
 */
import type { EmulatorApi } from "./emulator-api";

/** A seeded key: where it is and its value as written. */
export interface SeedKey {
    storeId: string;
    partitionId: string;
    keyId: string;
    body:
        | { valueType: "STRING"; stringValue: string }
        | { valueType: "NUMBER"; numberValue: number }
        | { valueType: "BINARY"; binaryValue: string };
}

/** Store settings as PUT to the emulator. */
export interface SeedStore {
    storeId: string;
    settings: Record<string, unknown>;
}

/** Values that must never appear in plain text in a generated program or in logs. */
export const SEED_SECRETS = {
    password: "Pa55w0rd!-payment-gateway-9f1c",
    apiKey: "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlcnMtYXBpIn0.Qm9ndXMgc2lnbmF0dXJlIGZvciB0ZXN0cw",
    pem: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
};

export const SEED_STORES: SeedStore[] = [
    {
        storeId: "APP_orders-api__defaultPersistentObjectStore",
        settings: { defaultTtlSeconds: 2_592_000, persistent: true, isFixedTtl: false },
    },
    {
        storeId: "APP_payments__defaultPersistentObjectStore",
        settings: { defaultTtlSeconds: 86_400, isFixedTtl: true, usageLimits: { maxKeys: 5_000, enforcement: "REJECT" } },
    },
    {
        storeId: "APP_inventory sync__cache",
        settings: {
            defaultTtlSeconds: 3_600,
            defaultConfirmationTtlSeconds: 120,
            usageLimits: { maxSizeBytes: 10_485_760, enforcement: "WARN" },
        },
    },
    { storeId: "shared/feature-flags", settings: { defaultTtlSeconds: 604_800, persistent: false } },
    {
        storeId: "Ünïcode-Störe ✓",
        settings: { defaultTtlSeconds: 7_200, usageLimits: { maxKeys: 100, maxSizeBytes: 1_000_000, enforcement: "REJECT" } },
    },
    { storeId: "legacy-empty", settings: {} },
];

/** Deterministic pseudo-random bytes (so the estate is the same on every run). */
function bytes(seed: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    let x = seed * 2654435761 + 1;
    for (let i = 0; i < length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        out[i] = x >>> 24;
    }
    return out;
}

const str = (stringValue: string) => ({ valueType: "STRING" as const, stringValue });
const num = (numberValue: number) => ({ valueType: "NUMBER" as const, numberValue });
const bin = (b: Buffer) => ({ valueType: "BINARY" as const, binaryValue: b.toString("base64") });

/** Every key of the estate (about `bulk` × 3 + 40). */
export function seedKeys(bulk = 60): SeedKey[] {
    const keys: SeedKey[] = [];
    const add = (storeId: string, partitionId: string, keyId: string, body: SeedKey["body"]) =>
        keys.push({ storeId, partitionId, keyId, body });
    const [orders, payments, inventory, flags, unicode] = SEED_STORES.map((s) => s.storeId);
    for (let i = 0; i < bulk; i++) {
        add(
            orders,
            "orders",
            `order-${String(i).padStart(5, "0")}`,
            str(JSON.stringify({ id: i, status: i % 3 ? "SHIPPED" : "OPEN", total: i * 9.99 })),
        );
        add(orders, "idempotency", `msg:${i}:${(i * 7919).toString(16)}`, num(Date.UTC(2026, 10, 1) + i * 1000));
        add(inventory, "warehouse/eu", `sku ${i}`, num(i % 5 === 0 ? -i : i * 1.5));
    }
    for (let i = 0; i < 20; i++) add(inventory, "räksmörgås", `bild-${i}.png`, bin(bytes(i, 16 + i)));
    add(payments, "config", "gateway-password", str(SEED_SECRETS.password));
    add(payments, "config", "stripeApiKey", str(SEED_SECRETS.apiKey));
    add(payments, "config", "currency", str("EUR"));
    add(payments, "config", "retry count", num(3));
    add(payments, "tokens", "session-abc", str(SEED_SECRETS.jwt));
    add(payments, "tokens", "signing", bin(Buffer.from(SEED_SECRETS.pem)));
    // Ids that only differ in punctuation, and ids with slashes and non-ASCII characters.
    for (const keyId of ["a-b", "a/b", "a:b", "a b", "A_B", "ä-b", "日本語キー", "emoji 🎉", "100%", "?q=1#frag", "dots.and..more"]) {
        add(flags, "flags", keyId, str(`value of ${keyId}`));
    }
    add(flags, "flags", "enabled", num(1));
    add(flags, "flags", "ratio", num(0.25));
    add(flags, "flags/beta", "checkout v2", str("on"));
    add(unicode, "Ωmega partition", "ключ", str("значение"));
    add(unicode, "Ωmega partition", "empty", str(""));
    add(unicode, "Ωmega partition", "zero", num(0));
    add(unicode, "Ωmega partition", "blob", bin(bytes(99, 64)));
    return keys;
}

/** Writes the estate into the emulator; returns what was written. */
export async function seedEstate(api: EmulatorApi, bulk = 60): Promise<{ stores: SeedStore[]; keys: SeedKey[] }> {
    for (const s of SEED_STORES) {
        const res = await api.request("PUT", `/stores/${encodeURIComponent(s.storeId)}`, s.settings);
        if (res.status >= 300) throw new Error(`seeding store ${s.storeId}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const keys = seedKeys(bulk);
    for (const k of keys) {
        const res = await api.request("PUT", api.keyPath(k.storeId, k.partitionId, k.keyId), { keyId: k.keyId, ...k.body });
        if (res.status >= 300) throw new Error(`seeding key ${k.keyId}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return { stores: SEED_STORES, keys };
}

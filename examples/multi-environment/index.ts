/**
 * Multi-environment: one program, one stack per Anypoint environment (dev = Sandbox, prod =
 * Production). What differs between environments lives in stack config (Pulumi.dev.yaml,
 * Pulumi.prod.yaml), never in the code: which environment (`anypoint:environmentId`), the store's TTL
 * and persistence, its key limit, and the feature flags seeded into it.
 *
 *   pulumi up --stack dev     # Sandbox: 1-hour TTL, in-memory, 1,000 keys, new-checkout on
 *   pulumi up --stack prod    # Production: 7-day TTL, persistent, 100,000 keys, new-checkout off
 *
 * Store, partition and key ids are the same in both environments (an environment is its own
 * namespace in OSv2), so a Mule application finds its store under one name wherever it runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { KeyEntries, Store } from "pulumi-anypoint-objectstore";

const config = new pulumi.Config();

const store = new Store("orders-cache", {
    storeId: "orders-cache",
    /** Seconds; 1 … 2,592,000 (30 days). */
    defaultTtlSeconds: config.requireNumber("defaultTtlSeconds"),
    persistent: config.requireBoolean("persistent"),
    usageLimits: { maxKeys: config.requireNumber("maxKeys"), enforcement: "REJECT" },
});

/** Feature flags as `flag: value` strings, one key per flag in partition "feature-flags". */
const flags = config.requireObject<Record<string, string>>("flags");

const seeded = new KeyEntries("feature-flags", {
    storeId: store.storeId,
    partitionId: "feature-flags",
    entries: Object.fromEntries(Object.entries(flags).map(([flag, value]) => [flag, { stringValue: value }])),
});

export const environmentId = store.resolvedEnvironmentId;
export const defaultTtlSeconds = store.defaultTtlSeconds;
export const flagCount = seeded.entryCount;

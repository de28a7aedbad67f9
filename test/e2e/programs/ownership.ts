/**
 * The program of the ownership e2e tests (test/e2e/ownership.test.ts), run by the `pulumi` CLI from a
 * directory by several stacks, and of the race e2e tests (test/e2e/race.test.ts). Stack config
 * `own:case` picks what it declares; `own:adopt` sets adopt; `own:storeId`, `own:value` and
 * `own:keys` (comma-separated key ids) parametrize the race and entries cases.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, KeyEntries, Partition, Store } from "../../../provider";

const config = new pulumi.Config("own");
const adopt = config.getBoolean("adopt") ?? false;

const cases: Record<string, () => void> = {
    // An empty store, as two stacks (or a person and a program) may both declare it.
    store: () => {
        new Store("shared", { storeId: "shared", adopt });
    },
    // A key in a store this stack does not declare (made by someone else).
    key: () => {
        new Key("flag", { storeId: "flags-store", partitionId: "flags", keyId: "flag", stringValue: "on", adopt });
    },
    // Entries `own:keys` (comma-separated) in partition 'seed' of an existing store 'flags-store', each holding `own:value`.
    entries: () => {
        const keys = config.require("keys").split(",");
        new KeyEntries("entries", {
            storeId: "flags-store",
            partitionId: "seed",
            entries: Object.fromEntries(keys.map((k) => [k, { stringValue: config.require("value") }])),
            adopt,
        });
    },
    // A store `own:storeId`, as two stacks' `pulumi up` at the same moment declare it (the race e2e test).
    "race-store": () => {
        new Store("raced", { storeId: config.require("storeId"), defaultTtlSeconds: 3_600 });
    },
    // Key 'k' holding `own:value` in partition 'p' of an existing store `own:storeId` (the race e2e test).
    "race-key": () => {
        new Key("raced", { storeId: config.require("storeId"), partitionId: "p", keyId: "k", stringValue: config.require("value") });
    },
    // Store, Partition and KeyEntries with literal ids: the KeyEntries depends on them without being told.
    literal: () => {
        new Store("store", { storeId: "literal-seed" });
        new Partition("partition", { storeId: "literal-seed", partitionId: "seed" });
        new KeyEntries("seed", {
            storeId: "literal-seed",
            partitionId: "seed",
            entries: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, { numberValue: i }])),
        });
    },
    // Key ids with spaces, which OSv2 stores as '+'; `own:spelling` = "space" or "plus" for the Key.
    spaces: () => {
        const store = new Store("store", { storeId: "spaces" });
        const partition = new Partition("partition", { storeId: store.storeId, partitionId: "p" });
        const keyId = config.get("spelling") === "plus" ? "retry+count" : "retry count";
        new Key("retry", { storeId: store.storeId, partitionId: partition.partitionId, keyId, numberValue: 3 });
        new KeyEntries("entries", {
            storeId: store.storeId,
            partitionId: partition.partitionId,
            entries: { "max wait": { numberValue: 30 }, plain: { stringValue: "x" } },
        });
    },
};

cases[config.require("case")]();

/**
 * The program of the ownership e2e tests (test/e2e/ownership.test.ts), run by the `pulumi` CLI from a
 * directory by several stacks. Stack config `own:case` picks what it declares; `own:adopt` sets adopt.
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

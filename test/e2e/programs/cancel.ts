/**
 * The program of the Ctrl-C e2e test (test/e2e/cancel.test.ts): a Store `cancel:storeId` and a
 * KeyEntries of `cancel:count` entries `k00`, `k01`, … in its partition 'seed' (the same resources as
 * the YAML program the test writes for the plugin door).
 */
import * as pulumi from "@pulumi/pulumi";
import { KeyEntries, Store } from "../../../provider";

const config = new pulumi.Config("cancel");
const count = config.requireNumber("count");
const store = new Store("store", { storeId: config.require("storeId") });
new KeyEntries("seed", {
    storeId: store.storeId,
    partitionId: "seed",
    entries: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${String(i).padStart(2, "0")}`, { numberValue: i }])),
});

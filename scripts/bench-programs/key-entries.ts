/**
 * A program declaring one Store and one KeyEntries of `bench:count` entries in partition `seed` of
 * store `bench:storeId`; `bench:edited` of them (the first ones) hold an edited value. Run by the
 * `pulumi` CLI from a directory (programStack), as a user runs it, by scripts/bench-bulk.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { KeyEntries, Store } from "../../provider";
import { benchEntries } from "./entries";

const config = new pulumi.Config("bench");
const store = new Store("store", { storeId: config.require("storeId"), defaultTtlSeconds: 86_400 });
new KeyEntries("seed", {
    storeId: store.storeId,
    partitionId: "seed",
    entries: benchEntries(config.requireNumber("count"), config.getNumber("edited") ?? 0),
});

/**
 * The program of scripts/bench-programs/key-entries.ts written with the `anypoint` plugin's generated
 * Node.js SDK (sdk/nodejs, compiled by the bench into the directory `bench:sdk` names): one Store and
 * one KeyEntries of `bench:count` entries (the first `bench:edited` edited) in partition `seed` of
 * store `bench:storeId`. The plugin door from a program whose language host is not YAML.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EntryMap } from "../../provider/resources/key-entries-plan";
import { benchEntries } from "./entries";

/** The part of the generated SDK this program uses. */
interface AnypointSdk {
    objectstore: {
        Store: new (name: string, args: { storeId: string; defaultTtlSeconds: number }) => { storeId: pulumi.Output<string> };
        KeyEntries: new (name: string, args: { storeId: pulumi.Input<string>; partitionId: string; entries: EntryMap }) => unknown;
    };
}

const config = new pulumi.Config("bench");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const anypoint = require(config.require("sdk")) as AnypointSdk;
const store = new anypoint.objectstore.Store("store", { storeId: config.require("storeId"), defaultTtlSeconds: 86_400 });
new anypoint.objectstore.KeyEntries("seed", {
    storeId: store.storeId,
    partitionId: "seed",
    entries: benchEntries(config.requireNumber("count"), config.getNumber("edited") ?? 0),
});

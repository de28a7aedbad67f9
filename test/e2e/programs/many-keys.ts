/**
 * A program declaring one Store, one Partition and `keys:count` Key resources (./many-keys-data) in
 * the store named by `keys:storeId`. Run by the `pulumi` CLI from a directory (programStack), as a
 * user runs it, by the fault and interrupted-run e2e tests and scripts/bench-faults.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, Partition, Store } from "../../../provider";
import { MANY_KEYS_PARTITION, manyKeys } from "./many-keys-data";

const config = new pulumi.Config("keys");
const store = new Store("store", { storeId: config.require("storeId"), defaultTtlSeconds: 86_400 });
const partition = new Partition("partition", { storeId: store.storeId, partitionId: MANY_KEYS_PARTITION });
for (const key of manyKeys(config.requireNumber("count"))) {
    new Key(key.keyId, { storeId: store.storeId, partitionId: partition.partitionId, ...key });
}

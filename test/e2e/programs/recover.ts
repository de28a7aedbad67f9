/**
 * The program of the recover e2e test (test/e2e/recover.test.ts): one resource of each kind, a
 * secret value among them. Run by the `pulumi` CLI from a directory (programStack).
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, KeyEntries, Partition, Store } from "../../../provider";

const store = new Store("store", { storeId: "recover", defaultTtlSeconds: 3_600 });
const partition = new Partition("partition", { storeId: store.storeId, partitionId: "seed" });
new Key("same", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "same", stringValue: pulumi.secret("s3cr3t-value") });
new Key("changed", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "changed", numberValue: 1 });
new Key("gone", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "gone", numberValue: 2 });
new Store("extra", { storeId: "recover-extra", persistent: false });
new Partition("empty", { storeId: store.storeId, partitionId: "empty" });
new KeyEntries("entries", {
    storeId: store.storeId,
    partitionId: partition.partitionId,
    entries: { e1: { stringValue: "one" }, e2: { stringValue: "two" }, e3: { stringValue: "three" } },
});

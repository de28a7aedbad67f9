/**
 * The program of the duplicate-declaration e2e test (test/e2e/plans.test.ts): declares the case
 * named by stack config `case:name`. Run by the `pulumi` CLI from a directory (programStack).
 */
import * as pulumi from "@pulumi/pulumi";
import { DEMO_CREDENTIALS } from "../../../emulator/identity";
import { Key, KeyEntries, Partition, Store } from "../../../provider";

const cases: Record<string, () => void> = {
    store: () => {
        new Store("first", { storeId: "twice" });
        new Store("second", { storeId: "twice" });
    },
    key: () => {
        new Key("a", { storeId: "s", partitionId: "p", keyId: "same", stringValue: "1" });
        new Key("b", { storeId: pulumi.output("s"), partitionId: "p", keyId: "same", stringValue: "2" });
    },
    partition: () => {
        new Partition("x", { storeId: "s", partitionId: "dup" });
        new Partition("y", { storeId: "s", partitionId: "dup", environmentId: DEMO_CREDENTIALS.environmentId });
    },
    "key and entries": () => {
        new Key("flag", { storeId: "s", partitionId: "p", keyId: "flag", stringValue: "on" });
        new KeyEntries("seed", { storeId: "s", partitionId: "p", entries: { other: { stringValue: "x" }, flag: { stringValue: "on" } } });
    },
    "two entries": () => {
        new KeyEntries("seed-a", { storeId: "s", partitionId: "p", entries: { a: { numberValue: 1 }, shared: { numberValue: 1 } } });
        new KeyEntries("seed-b", { storeId: "s", partitionId: pulumi.output("p"), entries: { shared: { numberValue: 2 } } });
    },
    "spelled apart": () => {
        new Key("spaced", { storeId: "s", partitionId: "p", keyId: "retry count", numberValue: 3 });
        new Key("plus", { storeId: "s", partitionId: "p", keyId: "retry+count", numberValue: 3 });
    },
};

cases[new pulumi.Config("case").require("name")]();

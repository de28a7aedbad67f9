/**
 * The program of the kill-and-recover e2e tests (test/e2e/recover-safety.test.ts), run by the `pulumi`
 * CLI from a directory (programStack), as a user runs it. Stack config `ik:*`:
 * - `storeId`: the store; a Partition `seed` in it;
 * - `entries`: how many entries a KeyEntries `entries` declares (none when 0); entry i is a NUMBER
 *   when i % 3 == 0, else a STRING: `value <i>`, or `ü€😀` repeated `text` times when `text` > 0;
 * - `keys`: how many Key resources (`key-<i>`, `value <i>`) beside it;
 * - `sleeperSeconds`: when set, a dynamic resource of this program's own (not of this package)
 *   whose create sleeps that long, as another provider's slow create would.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, KeyEntries, Partition, Store } from "../../../provider";

const config = new pulumi.Config("ik");
const storeId = config.require("storeId");
const entryCount = config.getNumber("entries") ?? 0;
const text = config.getNumber("text") ?? 0;
const keyCount = config.getNumber("keys") ?? 0;
const sleeperSeconds = config.getNumber("sleeperSeconds");

/** Entry i of the KeyEntries. */
export function entryValue(i: number, repeat: number): { stringValue: string } | { numberValue: number } {
    if (i % 3 === 0) return { numberValue: i };
    return { stringValue: repeat > 0 ? "ü€😀".repeat(repeat) : `value ${i}` };
}

const store = new Store("store", { storeId, defaultTtlSeconds: 86_400 });
const partition = new Partition("partition", { storeId: store.storeId, partitionId: "seed" });
if (entryCount > 0) {
    new KeyEntries("entries", {
        storeId: store.storeId,
        partitionId: partition.partitionId,
        entries: Object.fromEntries(Array.from({ length: entryCount }, (_, i) => [`e${String(i).padStart(5, "0")}`, entryValue(i, text)])),
    });
}
for (let i = 0; i < keyCount; i++) {
    new Key(`key-${i}`, { storeId: store.storeId, partitionId: partition.partitionId, keyId: `key-${i}`, stringValue: `value ${i}` });
}

/** A provider of this program's own whose create takes `seconds`. */
const sleeperProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: { seconds: number }) {
        await new Promise((resolve) => setTimeout(resolve, inputs.seconds * 1000));
        return { id: "slept", outs: inputs };
    },
};
/** That provider's resource (type `pulumi-nodejs:dynamic:Resource`). */
class Sleeper extends pulumi.dynamic.Resource {
    constructor(name: string, seconds: number) {
        super(sleeperProvider, name, { seconds }, {});
    }
}
if (sleeperSeconds !== undefined) new Sleeper("sleeper", sleeperSeconds);

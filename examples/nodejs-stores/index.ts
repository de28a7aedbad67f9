// A store, a partition and a seed key from TypeScript, with the Node.js SDK generated from the anypoint schema.
import * as anypoint from "@pulumi-anypoint-objectstore/anypoint";

const store = new anypoint.objectstore.Store("sessions", { storeId: "sessions", defaultTtlSeconds: 86400, persistent: true });
const flags = new anypoint.objectstore.Partition("flags", { storeId: store.storeId, partitionId: "flags" });
new anypoint.objectstore.Key("checkout", {
    storeId: store.storeId,
    partitionId: flags.partitionId,
    keyId: "new-checkout",
    stringValue: "enabled",
});

export const effectiveTtlSeconds = store.defaultTtlSeconds;

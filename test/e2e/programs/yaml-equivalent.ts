/**
 * examples/yaml-two-providers written with this package's TypeScript dynamic resources (one provider:
 * the key in the other environment uses a scope override instead of an explicit provider), so that
 * test/e2e/plugin-yaml.test.ts can compare what both front doors send for the same program.
 */
import { DEMO_CREDENTIALS } from "../../../emulator/identity";
import { Key, KeyEntries, Partition, Store } from "../../../provider";

const sessions = new Store("sessions", { storeId: "yaml-sessions", defaultTtlSeconds: 3_888_000, persistent: true });
const flags = new Partition("flags", { storeId: sessions.storeId, partitionId: "flags" });
new Key("checkout", { storeId: sessions.storeId, partitionId: flags.partitionId, keyId: "new-checkout", stringValue: "enabled" });
new Key("maxSessions", { storeId: sessions.storeId, partitionId: flags.partitionId, keyId: "max-sessions", numberValue: 500 });
new Key("banner", { storeId: sessions.storeId, partitionId: flags.partitionId, keyId: "banner", binaryValue: "SGVsbG8sIE9TdjI=" });
new KeyEntries("seed", {
    storeId: sessions.storeId,
    partitionId: flags.partitionId,
    entries: { "max-items": { numberValue: 50 }, greeting: { stringValue: "hello" } },
});
const prodStore = new Store("prodStore", { storeId: "yaml-prod", environmentId: DEMO_CREDENTIALS.otherEnvironmentId });
new Key("region", {
    storeId: prodStore.storeId,
    partitionId: "settings",
    keyId: "region",
    stringValue: "eu-central-1",
    environmentId: DEMO_CREDENTIALS.otherEnvironmentId,
});

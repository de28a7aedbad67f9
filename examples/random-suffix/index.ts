/**
 * @pulumi/random with Object Store v2: a store whose id ends with a random suffix (one per stack, so
 * short-lived stacks such as review environments never collide), and a generated password seeded as
 * a key value. The password is a Pulumi secret from the start (RandomPassword.result), so the key's
 * value stays encrypted in the state and hidden in the CLI output.
 *
 * The random provider is a plugin that Pulumi downloads on the first `pulumi up`. Where it cannot be
 * fetched (this repository's test machine), mocks.ts runs this same program with
 * `pulumi.runtime.setMocks` instead: see README.md.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Key, Partition, Store } from "pulumi-anypoint-objectstore";

/** 6 lowercase letters and digits: store ids allow any character but `|`; keep them readable. */
const suffix = new random.RandomString("store-suffix", { length: 6, special: false, upper: false });

const password = new random.RandomPassword("gateway-password", { length: 24, special: true, overrideSpecial: "-_.~" });

const store = new Store("payments", {
    storeId: pulumi.interpolate`payments-${suffix.result}`,
    defaultTtlSeconds: 7 * 86_400,
    persistent: true,
});

const credentials = new Partition("credentials", { storeId: store.storeId, partitionId: "credentials" });

const gatewayPassword = new Key("gateway-password", {
    storeId: store.storeId,
    partitionId: credentials.partitionId,
    keyId: "gateway-password",
    stringValue: password.result, // a secret: encrypted in the state, shown as [secret]
});

export const storeId = store.storeId;
export const passwordKeyId = gatewayPassword.keyId;
export const passwordValueType = gatewayPassword.valueType;

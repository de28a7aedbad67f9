/**
 * One secret through both front doors with the real `pulumi` CLI (issue 22, item 4): a value set as a
 * Pulumi secret is written by a Key and by a KeyEntries, read back with getKeyValue and getKeyValues,
 * and exported as stack outputs. The same program as a TypeScript program (the dynamic resources and
 * the lookups' Output forms) and as a Pulumi YAML program (the `anypoint` plugin, `fn::invoke`):
 * `pulumi stack output` shows `[secret]` for every value, `pulumi stack export` holds it only
 * encrypted (the Key's recorded input and output too), also after `pulumi refresh`, and nothing the
 * CLI printed holds it.
 */
import * as path from "path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { Key, KeyEntries, Store, getKeyValueOutput, getKeyValuesOutput } from "../../provider";
import { E2EStack, inlineStack, startTestEmulator, yamlStack } from "./harness";
import { installPlugin, pulumi as cli } from "./plugin-cli";

const SECRET = "gateway-p4ssw0rd-9c1e";
const PARTITION = "vault";
const BULK = "bulk";

/** The YAML program: the TypeScript program below, line for line. */
const YAML_PROGRAM = `name: door-secrets
runtime: yaml
config:
  password:
    type: string
    secret: true
resources:
  store:
    type: anypoint:objectstore:Store
    properties:
      storeId: secrets-yaml
  key:
    type: anypoint:objectstore:Key
    properties:
      storeId: \${store.storeId}
      partitionId: ${PARTITION}
      keyId: gateway-password
      stringValue: \${password}
  entries:
    type: anypoint:objectstore:KeyEntries
    properties:
      storeId: \${store.storeId}
      partitionId: ${BULK}
      entries:
        token:
          stringValue: \${password}
        retries:
          numberValue: 3
variables:
  readBack:
    fn::invoke:
      function: anypoint:objectstore:getKeyValue
      arguments:
        storeId: \${key.storeId}
        partitionId: ${PARTITION}
        keyId: \${key.keyId}
  partition:
    fn::invoke:
      function: anypoint:objectstore:getKeyValues
      arguments:
        storeId: \${entries.storeId}
        partitionId: ${BULK}
outputs:
  keyValue: \${key.stringValue}
  readBack: \${readBack.stringValue}
  valueType: \${readBack.valueType}
  values: \${partition.values}
`;

/** The TypeScript program. */
function typescriptProgram(): Record<string, unknown> {
    const password = new pulumi.Config().requireSecret("password");
    const store = new Store("store", { storeId: "secrets-ts" });
    const key = new Key("key", { storeId: store.storeId, partitionId: PARTITION, keyId: "gateway-password", stringValue: password });
    const entries = new KeyEntries("entries", {
        storeId: store.storeId,
        partitionId: BULK,
        entries: { token: { stringValue: password }, retries: { numberValue: 3 } },
    });
    const readBack = getKeyValueOutput({ storeId: key.storeId, partitionId: PARTITION, keyId: key.keyId });
    const partition = getKeyValuesOutput({ storeId: entries.storeId, partitionId: BULK });
    return { keyValue: key.stringValue, readBack: readBack.stringValue, valueType: readBack.valueType, values: partition.values };
}

describe("e2e: a secret stays secret through both doors (Key, KeyEntries, getKeyValue, getKeyValues)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    const doors: { name: string; e2e: E2EStack; keyType: string }[] = [];

    before(async () => {
        emulator = await startTestEmulator();
        const config = (project: string) => ({
            "anypoint:baseUrl": { value: emulator.url },
            "anypoint:organizationId": { value: DEMO_CREDENTIALS.organizationId },
            "anypoint:environmentId": { value: DEMO_CREDENTIALS.environmentId },
            "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId },
            "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
            [`${project}:password`]: { value: SECRET, secret: true },
        });
        const ts = await inlineStack(emulator, async () => typescriptProgram());
        await ts.stack.setAllConfig(config("osv2-e2e"));
        doors.push({ name: "TypeScript", e2e: ts, keyType: "pulumi-nodejs:dynamic/objectstore:Key" });
        const yaml = await yamlStack({ project: { pulumiYaml: YAML_PROGRAM }, config: config("door-secrets") });
        installPlugin(yaml, path.join(yaml.tmp, "plugin"));
        doors.push({ name: "YAML", e2e: yaml, keyType: "anypoint:objectstore:Key" });
    });

    after(async () => {
        for (const { e2e } of doors) {
            await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e.dispose();
        }
        await emulator?.close();
    });

    /** `pulumi stack export` (no --show-secrets) is clean and records the Key's value encrypted, input and output. */
    async function expectEncryptedState(door: (typeof doors)[number], when: string): Promise<void> {
        const exported = await cli(door.e2e, ["stack", "export"]);
        expect(exported.code, exported.output).to.equal(0);
        expect(exported.output, `${door.name}: stack export ${when}`).to.not.include(SECRET);
        const deployment = JSON.parse(exported.output) as {
            deployment: { resources: { type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[] };
        };
        const key = deployment.deployment.resources.find((r) => r.type === door.keyType);
        expect(key, `${door.name}: the Key in the state`).to.not.equal(undefined);
        for (const side of ["inputs", "outputs"] as const) {
            expect(key![side].stringValue, `${door.name}: the Key's ${side}.stringValue ${when}`).to.have.property("ciphertext");
        }
    }

    it("up writes the value; every output holding it is [secret] in `pulumi stack output`, the same in both doors", async () => {
        const printed: Record<string, string> = {};
        for (const door of doors) {
            const { e2e } = door;
            await e2e.stack.up({ onOutput: e2e.onOutput });
            const shown = await cli(e2e, ["stack", "output", "--json"]);
            expect(shown.code, shown.output).to.equal(0);
            expect(JSON.parse(shown.output), `${door.name}: pulumi stack output`).to.deep.equal({
                keyValue: "[secret]",
                readBack: "[secret]",
                valueType: "[secret]",
                values: "[secret]",
            });
            const revealed = JSON.parse((await cli(e2e, ["stack", "output", "--json", "--show-secrets"])).output) as Record<
                string,
                unknown
            >;
            expect(revealed.readBack, `${door.name}: the lookup read the value`).to.equal(SECRET);
            expect(revealed.values).to.have.deep.members([
                { keyId: "token", valueType: "STRING", stringValue: SECRET },
                { keyId: "retries", valueType: "NUMBER", numberValue: 3 },
            ]);
            printed[door.name] = (await cli(e2e, ["stack", "output"])).output;
            console.log(`      ${door.name}: ${printed[door.name].trim().replace(/\s*\n\s*/g, " | ")}`);
            expect(printed[door.name]).to.match(/readBack\s+\[secret\]/);
        }
    });

    it("`pulumi stack export` holds the value only encrypted, also after refresh; nothing the CLI printed holds it", async () => {
        for (const door of doors) {
            await expectEncryptedState(door, "after up");
            await door.e2e.stack.refresh({ onOutput: door.e2e.onOutput });
            await expectEncryptedState(door, "after refresh");
            expect(door.e2e.output.join(""), `${door.name}: CLI output`).to.not.include(SECRET);
        }
    });
});

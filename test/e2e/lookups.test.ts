/**
 * Read-only lookups inside a real Pulumi program (the `pulumi` CLI through the Automation API): the
 * program reads its connection settings from its own stack config (`anypoint:*`, clientSecret set as
 * a secret), calls the lookups, and exports their results as stack outputs. The inline program runs in
 * this test process, which has no ANYPOINT_* variables of its own: a lookup that works proves the
 * stack config was read.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { getKeyValueOutput, getKeysOutput, getRegions, getStores, getUsageStats } from "../../provider";
import { E2EStack, EmulatorApi, inlineStack, startTestEmulator } from "./harness";

const STORE = "lookup-e2e";
const PARTITION = "settings";

describe("e2e: lookups in a Pulumi program", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        // The program must not be able to fall back to variables of the developer's shell.
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) saved[k] = process.env[k];
        for (const k of Object.keys(saved)) delete process.env[k];

        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        await api.request("PUT", `/stores/${STORE}`, { defaultTtlSeconds: 3_600 });
        await api.request("PUT", "/stores/unrelated", {});
        await api.request("PUT", api.keyPath("unrelated", "p", "a"), { keyId: "a", valueType: "STRING", stringValue: "a" });
        for (let i = 0; i < 27; i++) {
            const keyId = `k-${String(i).padStart(2, "0")}`;
            await api.request("PUT", api.keyPath(STORE, PARTITION, keyId), { keyId, valueType: "NUMBER", numberValue: i });
        }
        await api.request("PUT", api.keyPath(STORE, PARTITION, "db-password"), {
            keyId: "db-password",
            valueType: "STRING",
            stringValue: "hunter2",
        });

        const startDate = new Date(Date.now() - 3_600_000).toISOString();
        const endDate = new Date(Date.now() + 3_600_000).toISOString();
        e2e = await inlineStack(emulator, async () => {
            const stores = await getStores({ beginsWith: "lookup-" });
            const keys = getKeysOutput({ storeId: stores.storeIds[0]!, partitionId: PARTITION });
            const password = getKeyValueOutput({ storeId: STORE, partitionId: PARTITION, keyId: "db-password" });
            const regions = await getRegions();
            const stats = await getUsageStats({ level: "store", storeId: "unrelated", startDate, endDate, period: "1hour" });
            return {
                storeIds: stores.storeIds,
                keyCount: keys.keyIds.length,
                lastKey: keys.apply((k) => k.keyIds[k.keyIds.length - 1]),
                password: password.stringValue,
                valueType: password.valueType,
                regionIds: regions.regionIds,
                unrelatedStoreRequests: stats.totalRequestCount,
            };
        });
        await e2e.stack.setAllConfig({
            "anypoint:baseUrl": { value: emulator.url },
            "anypoint:organizationId": { value: DEMO_CREDENTIALS.organizationId },
            "anypoint:environmentId": { value: DEMO_CREDENTIALS.environmentId },
            "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId },
            "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
        });
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
        Object.assign(process.env, saved);
    });

    it("exports the lookups' results as stack outputs, the key value as a secret, with no warnings", async () => {
        const preview = await e2e.stack.preview({ onOutput: e2e.onOutput }); // lookups run at preview too
        expect(preview.changeSummary.create).to.equal(1);
        expect(e2e.output.join("")).to.match(/keyCount\s*: 28/);
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        const o = up.outputs;
        expect(o.storeIds).to.deep.equal({ value: [STORE], secret: false });
        expect(o.keyCount.value).to.equal(28); // 27 + db-password: two pages of 25
        expect(o.lastKey.value).to.equal("k-26");
        expect(o.password).to.deep.equal({ value: "hunter2", secret: true });
        expect(o.valueType.secret).to.equal(true); // the whole key value result is secret
        expect(o.regionIds.value).to.include("us-east-1");
        expect(o.regionIds.secret).to.equal(false);
        expect(o.unrelatedStoreRequests.value).to.equal(2); // PUT store, PUT key (the program does not touch it)
        const text = e2e.output.join("");
        expect(text).to.not.match(/warning/i);
        expect(text).to.not.include("hunter2");
        expect(text).to.not.include(DEMO_CREDENTIALS.clientSecret);
    });
});

/**
 * The quickstart example with the real `pulumi` CLI (Node language host, dynamic provider host)
 * against the emulator in strict auth mode: up, preview with expectNoChanges, destroy; the
 * emulator's contents are checked over its own HTTP API after each step.
 */
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, quickstartStack, startTestEmulator } from "./harness";

const STORE = "quickstart-sessions";
const PARTITION = "carts";

describe("e2e: quickstart example with the real pulumi CLI", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await quickstartStack(emulator);
    });

    after(async () => {
        await e2e?.dispose();
        await emulator?.close();
    });

    it("pulumi up creates the store (TTL clamped to 30 days), the partition and three keys", async () => {
        const seq = emulator.lastRequestSeq();
        const result = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(result.summary.result).to.equal("succeeded");
        // The provider clamps the declared 45 days itself (the emulator would clamp too, so its
        // contents alone could not show it): the PUT it sent carries 2,592,000.
        const storePuts = emulator.requests(seq).filter((r) => r.method === "PUT" && r.url.endsWith(`/stores/${STORE}`));
        expect(storePuts).to.have.length(1);
        expect(storePuts[0].body).to.deep.include({ defaultTtlSeconds: 2_592_000, persistent: true, isFixedTtl: true });
        expect(result.summary.resourceChanges?.create).to.equal(6); // stack + store + partition + 3 keys

        const store = await api.getStore(STORE);
        expect(store.status).to.equal(200);
        expect(store.body).to.include({ storeId: STORE, defaultTtlSeconds: 2_592_000, persistent: true, isFixedTtl: true });
        expect(store.body.usageLimits).to.deep.include({ maxKeys: 10_000, enforcement: "REJECT" });
        expect(await api.listPartitions(STORE)).to.deep.equal([PARTITION]);
        expect((await api.listKeyIds(STORE, PARTITION)).sort()).to.deep.equal(["banner.png", "greeting", "max+items+per+cart"].sort());

        const greeting = await api.getKey(STORE, PARTITION, "greeting");
        expect(greeting.body).to.include({ valueType: "STRING", stringValue: "Hello World" });
        const maxItems = await api.getKey(STORE, PARTITION, "max items per cart");
        expect(maxItems.body).to.include({ valueType: "NUMBER", numberValue: 42 });
        const banner = await api.getKey(STORE, PARTITION, "banner.png");
        expect(banner.body.valueType).to.equal("BINARY");
        expect(banner.body.binaryValue).to.equal("iVBORw0KGgo="); // the PNG signature

        expect(result.outputs.defaultTtlSeconds.value).to.equal(2_592_000);
        expect(result.outputs.valueTypes.value).to.deep.equal(["STRING", "NUMBER", "BINARY"]);
        expect(e2e.output.join("")).to.match(/defaultTtlSeconds 3888000 \(45 days\) is above the OSv2 maximum of 2592000/);
    });

    it("pulumi preview --expect-no-changes passes right after up (no perpetual diff from the clamp)", async () => {
        const preview = await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        expect(preview.changeSummary).to.deep.equal({ same: 6 });
    });

    it("pulumi refresh --expect-no-changes passes when nothing drifted", async () => {
        const refresh = await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
        expect(refresh.summary.result).to.equal("succeeded");
    });

    it("pulumi destroy removes the keys, the partition and the store", async () => {
        const result = await e2e.stack.destroy({ onOutput: e2e.onOutput });
        expect(result.summary.result).to.equal("succeeded");
        expect(result.summary.resourceChanges?.delete).to.equal(6);
        expect((await api.getStore(STORE)).status).to.equal(404);
        expect(await api.listStoreIds()).to.not.include(STORE);
    });
});

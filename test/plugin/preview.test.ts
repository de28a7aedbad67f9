/**
 * The plugin during a preview, over gRPC as the engine calls it, in-process, against the emulator's
 * journal: Check and Diff send nothing, and Create and Update with `preview = true` (what Pulumi
 * sends to a provider that answers Handshake, during `pulumi preview` and the preview of `pulumi
 * up`) send nothing either, not even a token request, and return the plan: the value the real call
 * returns wherever it is known beforehand, Pulumi's unknown value where only the service knows it.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { UNKNOWN } from "../../provider/resources/markers";
import { PluginClient, urnOf } from "../support/plugin-client";

/**
 * Asserts that `planned` names every output of `real`, with the same value wherever it is known;
 * returns the outputs planned as unknown.
 */
function expectPlanOf(planned: Record<string, unknown>, real: Record<string, unknown>): string[] {
    expect(Object.keys(planned).sort(), "the plan names every output").to.deep.equal(Object.keys(real).sort());
    const unknown = Object.keys(planned).filter((k) => planned[k] === UNKNOWN);
    for (const k of Object.keys(planned)) if (!unknown.includes(k)) expect(planned[k], k).to.deep.equal(real[k]);
    return unknown.sort();
}

describe("plugin: a preview's Create and Update plan without a request", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let plugin: PluginClient;
    const saved = { ...process.env };

    /** Asserts that nothing at all reached the emulator since `seq` (no data-plane request, no token request). */
    const expectNothingSentSince = (seq: number) =>
        expect(
            emulator.requests(seq).map((r) => `${r.method} ${r.url}`),
            "nothing sent",
        ).to.deep.equal([]);

    before(async () => {
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
        emulator = await startEmulator({ port: 0, auth: "strict" });
        plugin = await PluginClient.start();
        const answer = await plugin.configure({
            baseUrl: emulator.url,
            organizationId: DEMO_CREDENTIALS.organizationId,
            environmentId: DEMO_CREDENTIALS.environmentId,
            clientId: DEMO_CREDENTIALS.clientId,
            clientSecret: DEMO_CREDENTIALS.clientSecret,
        });
        expect(answer.supportsPreview, "Configure says the plugin plans previews itself").to.equal(true);
    });

    after(async () => {
        plugin?.close();
        await emulator?.close();
        process.env = saved;
    });

    /** Check, preview Create (nothing sent), then the real Create: the plan against what it returned. */
    async function planThenCreate(kind: string, name: string, news: object) {
        const urn = urnOf(kind, name);
        const seq = emulator.lastRequestSeq();
        const { inputs, failures } = await plugin.check(urn, news);
        expect(failures).to.deep.equal([]);
        const planned = await plugin.create(urn, inputs, true);
        expectNothingSentSince(seq);
        const created = await plugin.create(urn, inputs);
        expect(planned.id, "the planned id").to.equal(created.id);
        return { urn, inputs, planned, created, unknown: expectPlanOf(planned.outs, created.outs) };
    }

    /** Diff and preview Update (nothing sent), then the real Update: the plan against what it returned. */
    async function planThenUpdate(urn: string, id: string, olds: Record<string, unknown>, news: object) {
        const seq = emulator.lastRequestSeq();
        const { inputs } = await plugin.check(urn, news, olds);
        expect((await plugin.diff(urn, id, olds, inputs)).changes, "a change").to.equal(2);
        const planned = await plugin.update(urn, id, olds, inputs, true);
        expectNothingSentSince(seq);
        const updated = await plugin.update(urn, id, olds, inputs);
        return { planned, updated, unknown: expectPlanOf(planned, updated) };
    }

    it("Store: declared settings and the scope are planned as created; what the service decides is unknown; an update's plan is exact", async () => {
        const store = await planThenCreate("Store", "planned", {
            storeId: "planned-store",
            defaultTtlSeconds: 45 * 86_400,
            usageLimits: { maxKeys: 10 },
        });
        expect(store.planned.outs).to.include({
            defaultTtlSeconds: 2_592_000,
            resolvedEnvironmentId: DEMO_CREDENTIALS.environmentId,
            resolvedRegion: "us-east-1",
        });
        expect(store.planned.outs.usageLimits).to.deep.equal({ maxKeys: 10, enforcement: "REJECT" });
        expect(store.unknown).to.deep.equal(["defaultConfirmationTtlSeconds", "encrypted", "isFixedTtl", "permanentOsFlag", "persistent"]);

        // TTL and usage limits no longer declared (back to the service defaults), persistence declared.
        const update = await planThenUpdate(store.urn, store.created.id, store.created.outs, {
            storeId: "planned-store",
            persistent: false,
        });
        expect(update.unknown, "an update's plan knows every value").to.deep.equal([]);
        expect(update.planned).to.include({ defaultTtlSeconds: 2_592_000, persistent: false });
        expect(update.planned).to.not.have.property("usageLimits");
    });

    it("Partition: planned as created, with `exists` unknown (the create learns it with HEAD)", async () => {
        const partition = await planThenCreate("Partition", "planned", { storeId: "planned-store", partitionId: "p1" });
        expect(partition.planned.id).to.equal("planned-store/p1");
        expect(partition.unknown).to.deep.equal(["exists"]);
    });

    it("Key: the declared value and its type are planned as written; an update's plan is exact", async () => {
        const key = await planThenCreate("Key", "planned", {
            storeId: "planned-store",
            partitionId: "p1",
            keyId: "retry count",
            numberValue: 7,
        });
        expect(key.planned.id).to.equal("planned-store/p1/retry%2Bcount");
        expect(key.unknown).to.deep.equal([]);
        const update = await planThenUpdate(key.urn, key.created.id, key.created.outs, {
            storeId: "planned-store",
            partitionId: "p1",
            keyId: "retry+count",
            binaryValue: "3q2-7w",
        });
        expect(update.planned).to.include({ valueType: "BINARY", binaryValue: "3q2+7w==" });
        expect(update.unknown).to.deep.equal([]);
    });

    it("KeyEntries: the declared entries and their count are planned as written; an update's plan is exact", async () => {
        const entries = await planThenCreate("KeyEntries", "planned", {
            storeId: "planned-store",
            partitionId: "p2",
            entries: { a: { stringValue: "x" }, b: { numberValue: 2 } },
        });
        expect(entries.unknown).to.deep.equal([]);
        const update = await planThenUpdate(entries.urn, entries.created.id, entries.created.outs, {
            storeId: "planned-store",
            partitionId: "p2",
            entries: { a: { stringValue: "y" }, c: { binaryValue: "AQID" } },
        });
        expect(update.planned).to.include({ entryCount: 2 });
        expect(update.unknown).to.deep.equal([]);
    });

    it("inputs still unknown at preview (outputs of other resources) stay unknown in the plan, and so does an id built from them", async () => {
        const seq = emulator.lastRequestSeq();
        const partition = await plugin.create(urnOf("Partition", "fed"), { storeId: UNKNOWN, partitionId: "p" }, true);
        expect(partition.id, "an unknown id is the empty id").to.equal("");
        expect(partition.outs).to.include({ storeId: UNKNOWN, partitionId: "p", resolvedEnvironmentId: DEMO_CREDENTIALS.environmentId });
        const moved = await plugin.create(urnOf("Store", "moved"), { storeId: "moved", environmentId: UNKNOWN }, true);
        expect(moved.id).to.equal("moved");
        expect(moved.outs).to.include({
            environmentId: UNKNOWN,
            resolvedEnvironmentId: UNKNOWN,
            resolvedBaseUrl: UNKNOWN,
            resolvedOrganizationId: DEMO_CREDENTIALS.organizationId, // not overridden: the provider's
        });
        const key = await plugin.create(urnOf("Key", "fed"), { storeId: "s", partitionId: "p", keyId: "k", stringValue: UNKNOWN }, true);
        expect(key.outs).to.include({ valueType: "STRING", stringValue: UNKNOWN });
        const entries = await plugin.create(urnOf("KeyEntries", "fed"), { storeId: "s", partitionId: "p", entries: UNKNOWN }, true);
        expect(entries.outs).to.include({ entries: UNKNOWN, entryCount: UNKNOWN });
        expectNothingSentSince(seq);
    });

    it("a key lookup in a preview reads what the preview plans: a key this update creates is its planned value, not a 404; nothing is written", async () => {
        const seq = emulator.lastRequestSeq();
        await plugin.create(
            urnOf("Key", "readback"),
            { storeId: "planned-lookup", partitionId: "vault", keyId: "pw", stringValue: "s3cret" },
            true,
        );
        await plugin.create(
            urnOf("KeyEntries", "readback"),
            { storeId: "planned-lookup", partitionId: "bulk", entries: { token: { stringValue: "t" }, retries: { numberValue: 3 } } },
            true,
        );
        const one = await plugin.invoke(
            "anypoint:objectstore:getKeyValue",
            { storeId: "planned-lookup", partitionId: "vault", keyId: "pw" },
            true,
        );
        expect(one.failures).to.deep.equal([]);
        expect(one.result).to.include({
            storeId: "planned-lookup",
            keyId: "pw",
            valueType: "STRING",
            environmentId: DEMO_CREDENTIALS.environmentId,
        });
        expect(one.result.stringValue, "a key value stays a secret").to.have.property("4dabf18193072939515e22adb298388d");
        expect(one.result.stringValue.value).to.equal("s3cret");
        const all = await plugin.invoke("anypoint:objectstore:getKeyValues", { storeId: "planned-lookup", partitionId: "bulk" }, true);
        expect(all.result.keyIds).to.have.members(["token", "retries"]);
        expect(all.result.values.map((v: Record<string, any>) => `${v.keyId} ${v.valueType}`)).to.have.members([
            "token STRING",
            "retries NUMBER",
        ]);
        const writes = emulator.requests(seq).filter((r) => r.url.includes("/api/v1/") && !["GET", "HEAD"].includes(r.method));
        expect(writes, "only reads").to.deep.equal([]);
        // Outside a preview, lookups read OSv2 only: the key does not exist.
        await plugin.invoke("anypoint:objectstore:getKeyValue", { storeId: "planned-lookup", partitionId: "vault", keyId: "pw" }).then(
            () => expect.fail("a lookup outside a preview reads OSv2"),
            (e: Error) => expect(e.message).to.match(/404/),
        );
    });
});

/**
 * The `anypoint` provider plugin through its gRPC interface (as the engine calls it), in-process,
 * against the emulator over HTTP: configuration, check (warnings to the engine's log, one owner per
 * object), the resources' CRUD with the same requests as the dynamic resources (the emulator's
 * journal), reads by id alone (import), partial failures, functions.
 */
import { expect } from "chai";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { secret } from "../../provider/plugin/properties";
import { PluginClient, startEngineStub, urnOf, type LoggedMessage } from "../support/plugin-client";

const CONFIG = (emulator: RunningEmulator) => ({
    baseUrl: emulator.url,
    organizationId: DEMO_CREDENTIALS.organizationId,
    environmentId: DEMO_CREDENTIALS.environmentId,
    clientId: DEMO_CREDENTIALS.clientId,
    clientSecret: DEMO_CREDENTIALS.clientSecret,
});

describe("plugin: the anypoint provider over gRPC", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let engine: { address: string; messages: LoggedMessage[]; close(): void };
    let plugin: PluginClient;
    const saved = { ...process.env };

    /** Data-plane requests since `seq` as "METHOD /path status". */
    const sent = (seq: number) =>
        emulator
            .requests(seq)
            .filter((r) => r.url.includes("/api/v1/"))
            .map((r) => `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/environments\/[^/]+/, ""))} ${r.status}`);

    before(async () => {
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
        emulator = await startEmulator({ port: 0, auth: "strict" });
        engine = await startEngineStub();
        plugin = await PluginClient.start(engine.address);
        await plugin.configure(CONFIG(emulator));
    });

    after(async () => {
        plugin?.close();
        engine?.close();
        await emulator?.close();
        process.env = saved;
    });

    it("serves a schema with the four resources, the lookups and the secret settings", async () => {
        const schema = await plugin.schema();
        expect(schema.name).to.equal("anypoint");
        expect(Object.keys(schema.resources)).to.have.members([
            "anypoint:objectstore:Store",
            "anypoint:objectstore:Partition",
            "anypoint:objectstore:Key",
            "anypoint:objectstore:KeyEntries",
        ]);
        expect(Object.keys(schema.functions)).to.include.members(["anypoint:objectstore:getStores", "anypoint:objectstore:getKeyValue"]);
        for (const secret of ["clientSecret", "password", "accessToken"])
            expect(schema.config.variables[secret].secret, secret).to.equal(true);
    });

    it("CheckConfig reports every problem with the dynamic resources' messages, and unknown settings", async () => {
        const { failures } = await plugin.checkConfig({ clientId: "only-the-id", region: "Mars", baseUrl: emulator.url, colour: "blue" });
        const reasons = failures.map((f) => f.reason).join("\n");
        expect(reasons).to.match(/unknown provider setting 'colour'/);
        expect(reasons).to.match(/anypoint:region \(stack config\) is "Mars", which is not an OSv2 region id/);
        expect(reasons).to.match(/clientSecret/);
        expect(reasons).to.match(/anypoint:organizationId is not set/);
        expect((await plugin.checkConfig(CONFIG(emulator))).failures).to.deep.equal([]);
    });

    it("an explicit provider's problems name its arguments and how to set them there, not stack config", async () => {
        const { failures } = await plugin.checkConfig({ clientId: "only-the-id", region: "Mars", baseUrl: emulator.url }, "prod");
        const reasons = failures.map((f) => f.reason).join("\n");
        expect(reasons).to.include(`region (argument of provider 'prod') is "Mars", which is not an OSv2 region id`);
        expect(reasons).to.include("set `region` on provider 'prod' or ANYPOINT_REGION");
        expect(reasons).to.include(
            "clientId (argument of provider 'prod') is set but clientSecret is not (a connected app needs both): set `clientSecret` on provider 'prod' (a secret) or ANYPOINT_CLIENT_SECRET",
        );
        expect(reasons).to.include(
            "organizationId is not set: set `organizationId` on provider 'prod' or ANYPOINT_ORGANIZATION_ID / ANYPOINT_ORG_ID",
        );
        expect(reasons).not.to.include("stack config");
        expect(reasons).not.to.include("pulumi config set");
        // The engine's default provider (named default_<version> when a version is given) keeps the stack-config wording.
        const byDefault = (await plugin.checkConfig({ region: "Mars", baseUrl: emulator.url }, "default_0_2_0")).failures
            .map((f) => f.reason)
            .join("\n");
        expect(byDefault).to.include('anypoint:region (stack config) is "Mars"');
        expect(byDefault).to.include("`pulumi config set anypoint:region <region, e.g. us-east-1>`");
    });

    it("an explicit provider's failures advise fixing its arguments (a 403, a rejected connected app), the default provider's stack config", async () => {
        const limited = await PluginClient.start(engine.address);
        const wrongApp = await PluginClient.start(engine.address);
        try {
            const limitedApp = { clientId: DEMO_CREDENTIALS.limitedClientId, clientSecret: DEMO_CREDENTIALS.limitedClientSecret };
            await limited.configure({ ...CONFIG(emulator), ...limitedApp, environmentId: DEMO_CREDENTIALS.otherEnvironmentId }, "prod");
            const forbidden = await limited.create(urnOf("Store", "denied"), { storeId: "plugin-denied" }).catch((e: Error) => e.message);
            expect(forbidden).to.match(/Missing permission: Manage stores \(manage:store\)/);
            expect(forbidden).to.include("the connected app (clientId of provider 'prod') lacks Manage stores (manage:store) there");
            expect(forbidden).to.include("or use a provider whose credentials hold it (other clientId / clientSecret of provider 'prod'");
            expect(forbidden).to.not.match(/anypoint:/);

            await wrongApp.configure({ ...CONFIG(emulator), clientSecret: "not-the-secret" }, "prod");
            const rejected = await wrongApp
                .create(urnOf("Store", "rejected"), { storeId: "plugin-rejected" })
                .catch((e: Error) => e.message);
            expect(rejected).to.include("check clientId of provider 'prod' and clientSecret of provider 'prod' (ANYPOINT_CLIENT_ID");
            expect(rejected).to.not.match(/anypoint:/);
        } finally {
            limited.close();
            wrongApp.close();
        }
        // The default provider (stack config) keeps naming anypoint:* keys.
        const viaDefault = await PluginClient.start(engine.address);
        try {
            await viaDefault.configure({
                ...CONFIG(emulator),
                clientId: DEMO_CREDENTIALS.limitedClientId,
                clientSecret: DEMO_CREDENTIALS.limitedClientSecret,
                environmentId: DEMO_CREDENTIALS.otherEnvironmentId,
            });
            const forbidden = await viaDefault
                .create(urnOf("Store", "denied2"), { storeId: "plugin-denied" })
                .catch((e: Error) => e.message);
            expect(forbidden).to.include("the connected app (anypoint:clientId) lacks Manage stores (manage:store) there");
        } finally {
            viaDefault.close();
        }
    });

    it("Store: check clamps the TTL and logs the warning for the resource; create, read, update, delete send what the dynamic Store sends", async () => {
        const urn = urnOf("Store", "sessions");
        const checked = await plugin.check(urn, { storeId: "plugin-sessions", defaultTtlSeconds: 45 * 86_400 });
        expect(checked.failures).to.deep.equal([]);
        expect(checked.inputs).to.deep.equal({ storeId: "plugin-sessions", defaultTtlSeconds: 2_592_000 });
        const warning = engine.messages.find((m) => m.urn === urn);
        expect(warning?.message).to.match(/defaultTtlSeconds 3888000 \(45 days\) is above the OSv2 maximum of 2592000/);
        expect(warning?.severity).to.equal(2); // WARNING

        let seq = emulator.lastRequestSeq();
        const created = await plugin.create(urn, checked.inputs);
        expect(created.id).to.equal("plugin-sessions");
        expect(created.outs).to.include({
            storeId: "plugin-sessions",
            defaultTtlSeconds: 2_592_000,
            resolvedEnvironmentId: DEMO_CREDENTIALS.environmentId,
        });
        expect(sent(seq)).to.deep.equal(["GET /stores/plugin-sessions 404", "PUT /stores/plugin-sessions 201"]);

        seq = emulator.lastRequestSeq();
        const read = await plugin.read(urn, created.id, created.outs);
        expect(read.outs).to.deep.equal(created.outs);
        expect(sent(seq)).to.deep.equal(["GET /stores/plugin-sessions 200"]);

        const news = { storeId: "plugin-sessions", defaultTtlSeconds: 3_600 };
        const diff = await plugin.diff(urn, created.id, created.outs, news);
        expect(diff).to.deep.equal({ changes: 2, replaces: [], detailed: ["defaultTtlSeconds"] });
        const replace = await plugin.diff(urn, created.id, created.outs, { storeId: "other" });
        expect(replace.replaces).to.deep.equal(["storeId"]);

        seq = emulator.lastRequestSeq();
        const updated = await plugin.update(urn, created.id, created.outs, news);
        expect(updated.defaultTtlSeconds).to.equal(3_600);
        expect(sent(seq)).to.deep.equal(["PATCH /stores/plugin-sessions 200"]);

        seq = emulator.lastRequestSeq();
        await plugin.delete(urn, created.id, updated);
        expect(sent(seq)).to.deep.equal(["DELETE /stores/plugin-sessions 204"]);
    });

    it("a change of place: another environment in the provider's settings plans a replace (resolvedEnvironmentId old => new) with a warning; another endpoint fails the diff", async () => {
        const urn = urnOf("Store", "moving");
        const created = await plugin.create(urn, (await plugin.check(urn, { storeId: "plugin-moving" })).inputs);
        expect(created.outs.resolvedBaseUrl).to.equal(emulator.url);
        const moved = await PluginClient.start(engine.address);
        const elsewhere = await PluginClient.start(engine.address);
        try {
            await moved.configure({ ...CONFIG(emulator), environmentId: DEMO_CREDENTIALS.otherEnvironmentId });
            const seq = emulator.lastRequestSeq();
            const logged = engine.messages.length;
            const checked = await moved.check(urn, { storeId: "plugin-moving" });
            const diff = await moved.diff(urn, created.id, created.outs, checked.inputs);
            expect(diff).to.deep.equal({ changes: 2, replaces: ["environmentId"], detailed: ["resolvedEnvironmentId"] });
            const warning = engine.messages.slice(logged).find((m) => m.urn === urn);
            expect(warning?.message).to.match(
                /^Store 'moving' moves \(environment \S+ -> \S+\): `pulumi up` creates the store in the new place first/,
            );
            // Declared as an override, the field shows too.
            const declared = { storeId: "plugin-moving", environmentId: DEMO_CREDENTIALS.otherEnvironmentId };
            expect((await moved.diff(urn, created.id, created.outs, declared)).detailed.sort()).to.deep.equal([
                "environmentId",
                "resolvedEnvironmentId",
            ]);
            expect(sent(seq)).to.deep.equal([]);

            await elsewhere.configure({ ...CONFIG(emulator), baseUrl: "http://127.0.0.1:9" });
            const message = await elsewhere.diff(urn, created.id, created.outs, { storeId: "plugin-moving" }).then(
                () => "",
                (e: Error) => e.message,
            );
            expect(message).to.match(/Store 'moving' was created through the Object Store endpoint http:\/\/127\.0\.0\.1:\d+, but/);
        } finally {
            moved.close();
            elsewhere.close();
            await plugin.delete(urn, created.id, created.outs);
        }
    });

    it("two resources declaring one object fail at check, naming both, before any request", async () => {
        const seq = emulator.lastRequestSeq();
        expect(
            (await plugin.check(urnOf("Key", "first"), { storeId: "s", partitionId: "p", keyId: "k", stringValue: "1" })).failures,
        ).to.deep.equal([]);
        const second = await plugin.check(urnOf("KeyEntries", "seed"), {
            storeId: "s",
            partitionId: "p",
            entries: { k: { stringValue: "1" } },
        });
        expect(second.failures.join("\n")).to.match(/Key 'first' and KeyEntries 'seed' both declare key 'k' in partition 'p' of store 's'/);
        // The same resource checked again (preview, then up) is no conflict.
        expect(
            (await plugin.check(urnOf("Key", "first"), { storeId: "s", partitionId: "p", keyId: "k", stringValue: "1" })).failures,
        ).to.deep.equal([]);
        expect(sent(seq)).to.deep.equal([]);
    });

    it("an existing store fails the create with the plugin's import command; adopt takes it over without a write", async () => {
        await plugin.create(urnOf("Store", "x"), { storeId: "plugin-taken" }).catch(() => undefined);
        const message = await plugin.create(urnOf("Store", "y"), { storeId: "plugin-taken" }).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(
            /Store 'plugin-taken' already exists in organization .*set `adopt` to true on the Store \(.*\), or import it \(`pulumi import anypoint:objectstore:Store <name> plugin-taken`/,
        );
        expect(message, "no TypeScript in a plugin message").to.not.include("adopt: true");
        const seq = emulator.lastRequestSeq();
        await plugin.create(urnOf("Store", "y"), { storeId: "plugin-taken", adopt: true });
        expect(sent(seq)).to.deep.equal(["GET /stores/plugin-taken 200"]);
    });

    it("reads a Store, a Partition and a Key from the id alone (pulumi import), with inputs for the generated code", async () => {
        await plugin.create(urnOf("Store", "imp"), { storeId: "plugin-import", defaultTtlSeconds: 1234 });
        await plugin.create(urnOf("Key", "imp"), { storeId: "plugin-import", partitionId: "p", keyId: "a+b", numberValue: 7 });
        const store = await plugin.read(urnOf("Store", "imp"), "plugin-import");
        expect(store.inputs).to.include({ storeId: "plugin-import", defaultTtlSeconds: 1234 });
        const key = await plugin.read(urnOf("Key", "imp"), "plugin-import/p/a%2Bb");
        expect(key.inputs).to.deep.equal({ storeId: "plugin-import", partitionId: "p", keyId: "a+b", numberValue: 7 });
        const partition = await plugin.read(urnOf("Partition", "imp"), "plugin-import/p");
        expect(partition.outs).to.include({ storeId: "plugin-import", partitionId: "p", exists: true });
        expect((await plugin.read(urnOf("Key", "gone"), "plugin-import/p/missing")).id).to.equal("");
    });

    it("refuses to read a KeyEntries from its id alone (pulumi import), naming the ways to take keys over, without a request", async () => {
        const since = emulator.lastRequestSeq();
        const error = await plugin.read(urnOf("KeyEntries", "imp"), "plugin-import/p").catch((e: Error) => e);
        expect((error as Error).message).to.include('A KeyEntries cannot be imported from an id alone ("plugin-import/p")');
        expect((error as Error).message).to.include("declare the KeyEntries with those entries and `adopt` set to true");
        expect((error as Error).message).to.include("write a TypeScript program that declares them");
        expect((error as Error).message, "no TypeScript in a plugin message").to.not.include("adopt: true");
        expect((error as Error).message).to.include("pulumi import anypoint:objectstore:Key <name> <storeId>/<partitionId>/<keyId>");
        expect(emulator.requests(since).map((r) => `${r.method} ${r.url}`)).to.deep.equal([]);
    });

    it("a KeyEntries that wrote some keys and failed others is a partial failure carrying what was written", async () => {
        await plugin.create(urnOf("Store", "pf"), { storeId: "plugin-partial" });
        const api = `${emulator.url}/_emulator/faults`;
        await fetch(api, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ route: "/keys/bad", status: 400 }),
        });
        const error = await plugin
            .create(urnOf("KeyEntries", "pf"), {
                storeId: "plugin-partial",
                partitionId: "p",
                entries: { good: { stringValue: "1" }, bad: { stringValue: "2" } },
            })
            .catch((e: Error & { metadata?: { get(k: string): unknown[] } }) => e);
        await fetch(api, { method: "DELETE" });
        expect((error as Error).message).to.match(/1 of 2 key writes in partition 'p' of store 'plugin-partial' failed/);
        const details = (error as { metadata: { get(k: string): unknown[] } }).metadata.get("grpc-status-details-bin");
        expect(details, "ErrorResourceInitFailed details").to.have.length(1);
        const status = Status.deserializeBinary(details[0] as Uint8Array);
        const failed = proto.ErrorResourceInitFailed.deserializeBinary(status.getDetailsList()[0].getValue_asU8());
        expect(failed.getProperties()!.toJavaScript().entries, "what was written, one value per entry").to.deep.equal({ good: "1" });
    });

    it("KeyEntries records one value per entry (check, create, read, update), reads the earlier { stringValue } form and takes it in news", async () => {
        const urn = urnOf("KeyEntries", "stored");
        await plugin.create(urnOf("Store", "stored"), { storeId: "plugin-stored" });
        const declared = { s: { stringValue: "a" }, n: { numberValue: 1 }, b: { binaryValue: "AAE=" } };
        const stored = { s: "a", n: 1, b: { binaryValue: "AAE=" } };
        const checked = await plugin.check(urn, { storeId: "plugin-stored", partitionId: "p", entries: declared });
        expect(checked.inputs.entries, "checked inputs").to.deep.equal(stored);
        let seq = emulator.lastRequestSeq();
        const created = await plugin.create(urn, checked.inputs);
        expect(created.outs.entries, "outputs").to.deep.equal(stored);
        expect(sent(seq).sort()).to.deep.equal([
            "GET /stores/plugin-stored/partitions/p/keys 404", // which keys exist (a new partition: none)
            "POST /stores/plugin-stored/partitions/p/keys/b 201",
            "POST /stores/plugin-stored/partitions/p/keys/n 201",
            "POST /stores/plugin-stored/partitions/p/keys/s 201",
        ]);
        const read = await plugin.read(urn, created.id, created.outs);
        expect(read.outs.entries).to.deep.equal(stored);
        expect(read.inputs.entries).to.deep.equal(stored);

        // State written by the previous plugin (every entry an object) against the stored form, both ways: no change.
        const legacy = { ...created.outs, entries: declared };
        expect((await plugin.diff(urn, created.id, legacy, checked.inputs)).changes).to.equal(1); // DIFF_NONE
        expect((await plugin.diff(urn, created.id, created.outs, { ...checked.inputs, entries: declared })).changes).to.equal(1);
        const legacyRead = await plugin.read(urn, created.id, legacy);
        expect(legacyRead.outs.entries, "a refresh records the stored form").to.deep.equal(stored);
        // ignoreChanges copies the recorded (stored-form) value of an entry into the news the engine checks.
        const mixed = await plugin.check(urn, { storeId: "plugin-stored", partitionId: "p", entries: { ...declared, s: "a" } });
        expect(mixed.failures).to.deep.equal([]);
        expect(mixed.inputs.entries).to.deep.equal(stored);

        seq = emulator.lastRequestSeq();
        const updated = await plugin.update(urn, created.id, legacy, { ...checked.inputs, entries: { ...stored, s: "changed" } });
        expect(updated.entries).to.deep.equal({ ...stored, s: "changed" });
        expect(sent(seq)).to.deep.equal(["PUT /stores/plugin-stored/partitions/p/keys/s 200"]);
        await plugin.delete(urn, created.id, updated);
    });

    it("a wait longer than 2 s is reported through the engine's log for the resource (the same operation scope as the dynamic door)", async () => {
        await plugin.create(urnOf("Store", "wait"), { storeId: "plugin-wait" });
        const faults = `${emulator.url}/_emulator/faults`;
        await fetch(faults, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ method: "POST", route: "/keys/slow", status: 429, retryAfterSeconds: 3, times: 1 }),
        });
        const urn = urnOf("Key", "slow");
        await plugin.create(urn, { storeId: "plugin-wait", partitionId: "p", keyId: "slow", stringValue: "x" });
        await fetch(faults, { method: "DELETE" });
        const logged = engine.messages.filter((m) => m.urn === urn).map((m) => m.message);
        expect(logged.join("\n")).to.match(
            /^Key 'p\/slow' in store 'plugin-wait': OSv2 answered 429; retrying in 3 s \(attempt 2; \d+ s of the 120 s budget left\)$/m,
        );
    });

    it("functions: getStores with the provider's settings; bad arguments are failures, not crashes", async () => {
        await plugin.create(urnOf("Store", "fn"), { storeId: "plugin-fn" });
        const { result } = await plugin.invoke("anypoint:objectstore:getStores", { beginsWith: "plugin-fn" });
        expect(result.storeIds).to.deep.equal(["plugin-fn"]);
        expect(result.environmentId).to.equal(DEMO_CREDENTIALS.environmentId);
        await plugin.create(urnOf("Key", "fn"), { storeId: "plugin-fn", partitionId: "p", keyId: "k", numberValue: 7 });
        const seq = emulator.lastRequestSeq();
        const values = await plugin.invoke("anypoint:objectstore:getKeyValues", { storeId: "plugin-fn", partitionId: "p" });
        expect(values.result.values).to.deep.equal([{ keyId: "k", valueType: "NUMBER", numberValue: secret(7) }]);
        expect(sent(seq), "one value page").to.deep.equal(["GET /stores/plugin-fn/partitions/p?inclusion=ALL&pageSize=25 200"]);
        const bad = await plugin.invoke("anypoint:objectstore:getKeys", { storeId: " ", partitionId: "p" });
        expect(bad.failures.join()).to.match(/getKeys: storeId must not be empty or blank/);
    });

    it("functions return key values as secrets, as the schema says: getKeyValue's value field, each of getKeyValues' values", async () => {
        const schema = await plugin.schema();
        const fn = (name: string) => schema.functions[`anypoint:objectstore:${name}`].outputs.properties;
        const valueFields = ["stringValue", "numberValue", "binaryValue"];
        for (const f of valueFields) {
            expect(fn("getKeyValue")[f].secret, `getKeyValue.${f}`).to.equal(true);
            expect(schema.types["anypoint:objectstore:PartitionKeyValue"].properties[f].secret, `PartitionKeyValue.${f}`).to.equal(true);
            // What a program declares is secret only when the program says so (the engine carries it), as in the TypeScript door.
            expect(schema.resources["anypoint:objectstore:Key"].inputProperties[f].secret, `Key.${f}`).to.equal(undefined);
        }
        expect(fn("getKeyValue").keyId.secret).to.equal(undefined);

        await plugin.create(urnOf("Store", "sec"), { storeId: "plugin-sec" });
        await plugin.create(urnOf("Key", "sec"), { storeId: "plugin-sec", partitionId: "p", keyId: "pw", stringValue: "hunter2" });
        await plugin.create(urnOf("Key", "sec-b"), { storeId: "plugin-sec", partitionId: "p", keyId: "cert", binaryValue: "AAEC" });
        const one = await plugin.invoke("anypoint:objectstore:getKeyValue", { storeId: "plugin-sec", partitionId: "p", keyId: "pw" });
        expect(one.result).to.include({ keyId: "pw", valueType: "STRING" });
        expect(one.result.stringValue).to.deep.equal(secret("hunter2"));
        const all = await plugin.invoke("anypoint:objectstore:getKeyValues", { storeId: "plugin-sec", partitionId: "p" });
        expect(all.result.values).to.have.deep.members([
            { keyId: "pw", valueType: "STRING", stringValue: secret("hunter2") },
            { keyId: "cert", valueType: "BINARY", binaryValue: secret("AAEC") },
        ]);
        expect(all.result.keyIds).to.have.members(["pw", "cert"]);
    });
});

describe("plugin: Cancel (the first Ctrl-C of pulumi up) stops retries within seconds", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let plugin: PluginClient;
    const saved = { ...process.env };

    before(async () => {
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
        emulator = await startEmulator({ port: 0, auth: "strict" });
        plugin = await PluginClient.start();
        await plugin.configure(CONFIG(emulator));
    });
    after(async () => {
        plugin?.close();
        await emulator?.close();
        process.env = saved;
    });

    it("a Create retrying 503s fails within a second of Cancel, saying so, and the plugin sends nothing more", async () => {
        const res = await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ route: "/api/v1/", status: 503 }),
        });
        expect(res.status).to.equal(201);
        const since = emulator.lastRequestSeq();
        const t0 = Date.now();
        const created = plugin.create(urnOf("Store", "cancelled"), { storeId: "plugin-cancelled" }).then(
            () => undefined,
            (e: Error) => e,
        );
        await new Promise((r) => setTimeout(r, 1500));
        await plugin.cancel();
        const error = await created;
        expect(Date.now() - t0, "not the 120 s retry budget").to.be.below(3000);
        expect(error?.message).to.match(
            /GetStore GET .*\/stores\/plugin-cancelled failed: 503 .*Not retried: the run was cancelled \(Ctrl-C\)/,
        );
        const sent = emulator.requests(since).filter((r) => r.url.includes("/api/v1/")).length;
        expect(sent, "it was retrying").to.be.at.least(2);
        // Later operations of this provider instance send nothing (the engine starts none after a cancel).
        const later = await plugin.create(urnOf("Store", "later"), { storeId: "plugin-later" }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(later?.message).to.match(/CANCELLED/);
        expect(emulator.requests(since).filter((r) => r.url.includes("/api/v1/")).length).to.equal(sent);
    });
});

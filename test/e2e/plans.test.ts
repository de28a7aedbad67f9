/**
 * Plans that never lie, with the real `pulumi` CLI against the emulator:
 *  - declaring the scope an object already lives in is no change; a real scope change replaces, and
 *    `up` moves the object to the other environment (nothing else moves), also with `adopt`;
 *  - removing a declared setting shows in preview and `up` returns it to the service default;
 *  - values unknown at any depth pass preview;
 *  - two resources declaring one object fail at preview, naming both;
 *  - a Key given the literal ids of a Partition declared in the program, without a dependency, works.
 * Assertions are on what the provider sent (the emulator's request journal) as well as on the result.
 */
import * as path from "path";
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { Key, Partition, Store } from "../../provider";
import { E2EStack, EmulatorApi, diagnosticsSection, inlineStack, programStack, startTestEmulator } from "./harness";

const ENV_A = DEMO_CREDENTIALS.environmentId;
const ENV_B = DEMO_CREDENTIALS.otherEnvironmentId;

describe("e2e: plans (real pulumi CLI)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    const open: E2EStack[] = [];

    /** Data-plane writes sent since `seq`, as "METHOD /environments/<env>/path" lines. */
    const writesSince = (seq: number) =>
        emulator
            .requests(seq)
            .filter((r) => r.url.includes("/api/v1/") && r.method !== "GET" && r.method !== "HEAD")
            .map((r) => `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/organizations\/[^/]+/, ""))}`);

    /** EmulatorApi is bound to environment A; `/../<env>` reaches another environment with the same token. */
    const inEnv = (env: string, pathSuffix: string) => `/../${env}${pathSuffix}`;
    const storeIn = async (env: string, storeId: string) =>
        (await api.request("GET", inEnv(env, `/stores/${encodeURIComponent(storeId)}`))).status;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
    });

    after(async () => {
        for (const e2e of open) {
            await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e.dispose();
        }
        await emulator?.close();
    });

    async function stack(program: () => Promise<unknown> | unknown): Promise<E2EStack> {
        const e2e = await inlineStack(emulator, async () => {
            await program();
        });
        open.push(e2e);
        return e2e;
    }

    it("declaring the resolved scope is no change; a real environment change moves store, partition and key, and nothing else", async () => {
        let scope: { region?: string; organizationId?: string; environmentId?: string } = {};
        const e2e = await stack(() => {
            const store = new Store("store", { storeId: "moving", defaultTtlSeconds: 3_600, ...scope });
            const p = new Partition("p", { storeId: store.storeId, partitionId: "p", ...scope });
            new Key("k", { storeId: store.storeId, partitionId: p.partitionId, keyId: "k", stringValue: "v", ...scope });
            new Store("stays", { storeId: "stays" });
        });
        await e2e.stack.up({ onOutput: e2e.onOutput });

        scope = { region: "us-east-1", organizationId: DEMO_CREDENTIALS.organizationId, environmentId: ENV_A };
        const seq = emulator.lastRequestSeq();
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.summary.resourceChanges).to.not.have.any.keys("replace", "create", "delete", "update");
        expect(writesSince(seq)).to.deep.equal([]);

        scope = { environmentId: ENV_B };
        const preview = await e2e.stack.preview({ onOutput: e2e.onOutput });
        expect(preview.changeSummary).to.deep.include({ replace: 3 });
        const moveSeq = emulator.lastRequestSeq();
        const moved = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(moved.summary.resourceChanges).to.deep.include({ replace: 3, same: 2 });
        const writes = writesSince(moveSeq);
        expect(writes).to.include.members([
            `PUT /environments/${ENV_B}/stores/moving`,
            `POST /environments/${ENV_B}/stores/moving/partitions/p/keys/k`,
            `DELETE /environments/${ENV_A}/stores/moving`,
        ]);
        expect(
            writes.filter((w) => w.includes("stays")),
            "nothing else moves",
        ).to.deep.equal([]);
        expect(
            writes.filter((w) => w.startsWith("DELETE") && w.includes(ENV_B)),
            "never deletes what it just created",
        ).to.deep.equal([]);
        expect(await storeIn(ENV_A, "moving")).to.equal(404);
        expect(await storeIn(ENV_B, "moving")).to.equal(200);
        expect(await storeIn(ENV_A, "stays")).to.equal(200);
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
    });

    it("with adopt, a replace into an environment where the store exists takes it over and never deletes it", async () => {
        let environmentId: string = ENV_A;
        const e2e = await stack(() => new Store("store", { storeId: "adopted-move", defaultTtlSeconds: 600, adopt: true, environmentId }));
        await e2e.stack.up({ onOutput: e2e.onOutput });
        // The same store id already exists in environment B (made by someone else).
        const existing = await api.request("PUT", inEnv(ENV_B, "/stores/adopted-move"), { defaultTtlSeconds: 600 });
        expect(existing.status).to.equal(201);
        environmentId = ENV_B;
        const seq = emulator.lastRequestSeq();
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.summary.resourceChanges).to.deep.include({ replace: 1 });
        expect(writesSince(seq)).to.deep.equal([`DELETE /environments/${ENV_A}/stores/adopted-move`]);
        expect(await storeIn(ENV_B, "adopted-move")).to.equal(200);
        expect(await storeIn(ENV_A, "adopted-move")).to.equal(404);
    });

    it("removing a declared setting shows in preview and up returns it to the service default", async () => {
        let settings: Record<string, unknown> = { defaultTtlSeconds: 60, isFixedTtl: true, usageLimits: { maxKeys: 3 }, persistent: false };
        const e2e = await stack(() => new Store("store", { storeId: "clearable", ...settings }));
        await e2e.stack.up({ onOutput: e2e.onOutput });
        settings = {};
        const preview = await e2e.stack.preview({ diff: true, onOutput: e2e.onOutput });
        expect(preview.changeSummary).to.deep.include({ update: 1 });
        const seq = emulator.lastRequestSeq();
        await e2e.stack.up({ onOutput: e2e.onOutput });
        const patch = emulator.requests(seq).find((r) => r.method === "PATCH");
        expect(patch?.body).to.deep.equal({ defaultTtlSeconds: 2_592_000, persistent: true, isFixedTtl: null, usageLimits: null });
        expect((await api.getStore("clearable")).body).to.include({
            defaultTtlSeconds: 2_592_000,
            persistent: true,
            isFixedTtl: null,
            usageLimits: null,
        });
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
    });

    it("values unknown at any depth pass preview and are validated when known", async () => {
        let maxKeys = 7;
        const e2e = await stack(() => {
            const source = new Store("source", { storeId: "limits-source", defaultTtlSeconds: maxKeys });
            new Store("nested", { storeId: "limits-nested", usageLimits: { maxKeys: source.defaultTtlSeconds } });
        });
        const preview = await e2e.stack.preview({ onOutput: e2e.onOutput });
        expect(preview.changeSummary).to.deep.include({ create: 3 });
        await e2e.stack.up({ onOutput: e2e.onOutput });
        expect((await api.getStore("limits-nested")).body.usageLimits).to.include({ maxKeys: 7 });
        maxKeys = 0; // now an invalid TTL for source: fails at preview
        await e2e.stack.preview({ onOutput: e2e.onOutput }).then(
            () => expect.fail("preview should fail"),
            (e: Error) => expect(e.message).to.match(/defaultTtlSeconds must be at least 1 second; got 0/),
        );
    });

    it("two resources declaring the same store, partition or key (a KeyEntries entry too) fail at preview, naming both", async () => {
        // The two resources are named in the order the program's outputs resolve: either is right.
        const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const both = (a: string, b: string, object: string) =>
            new RegExp(`(${esc(a)} and ${esc(b)}|${esc(b)} and ${esc(a)}) both declare ${esc(object)}\\.`);
        const cases: [string, RegExp][] = [
            ["store", both("Store 'first'", "Store 'second'", "store 'twice'")],
            ["key", both("Key 'a'", "Key 'b'", "key 'same' in partition 'p' of store 's'")],
            ["partition", both("Partition 'x'", "Partition 'y'", "partition 'dup' of store 's'")],
            ["key and entries", both("Key 'flag'", "KeyEntries 'seed'", "key 'flag' in partition 'p' of store 's'")],
            ["two entries", both("KeyEntries 'seed-a'", "KeyEntries 'seed-b'", "key 'shared' in partition 'p' of store 's'")],
            ["spelled apart", both("Key 'spaced'", "Key 'plus'", "key 'retry+count' in partition 'p' of store 's'")],
        ];
        // A directory program, run by the CLI's language host in a process of its own, as for a user.
        const e2e = await programStack(emulator, path.join(__dirname, "programs", "duplicates.js"));
        open.push(e2e);
        for (const [what, message] of cases) {
            await e2e.stack.setConfig("case:name", { value: what });
            const seq = emulator.lastRequestSeq();
            const from = e2e.output.length;
            const error = await e2e.stack.preview({ onOutput: e2e.onOutput }).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error, what).to.be.instanceOf(Error);
            const printed = e2e.output.slice(from).join("");
            expect(printed, what).to.match(message);
            const diagnostics = diagnosticsSection(printed);
            expect(diagnostics.split(message.exec(printed)![0]).length - 1, `${what}: reported once`).to.equal(1);
            expect(printed, `${what}: no stack trace`).to.not.match(/\n\s+at .+:\d+:\d+/);
            expect(
                emulator.requests(seq).filter((r) => r.url.includes("/api/v1/")),
                what,
            ).to.deep.equal([]);
        }
    });

    it("a Key given a declared Partition's literal ids, without a dependency, is written after the Partition", async () => {
        const e2e = await stack(() => {
            new Store("store", { storeId: "literal" });
            new Partition("p", { storeId: "literal", partitionId: "lp" });
            for (let i = 0; i < 5; i++) new Key(`k${i}`, { storeId: "literal", partitionId: "lp", keyId: `k${i}`, numberValue: i });
        });
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.summary.resourceChanges).to.deep.include({ create: 8 });
        expect(await api.listKeyIds("literal", "lp")).to.have.length(5);
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
    });
});

/**
 * A stack owns only what it created, adopted or imported (issue 16), with the real `pulumi` CLI and
 * a directory program run by several stacks, as users run them:
 *  - two stacks declaring the same empty store (or the same key): the second `up` fails naming the
 *    object, writes nothing, and its `destroy` leaves the first stack's object alone; with `adopt` it
 *    takes the object over;
 *  - a KeyEntries given literal ids of a Store and Partition declared in the same program is created
 *    after them and deleted before them (no 404 DELETEs);
 *  - key ids with spaces are spelled as OSv2 stores them ('+'), with a warning: a clean drift gate
 *    after `up`, and `a b` -> `a+b` is no change (no replace that deletes what it wrote).
 * Assertions are on what the provider sent (the emulator's request journal). The two-stack cases run
 * again with the stacks' state in PostgreSQL, as a team keeps it, and again against an emulator whose
 * POST of an existing key overwrites it (`keyPost: "overwrite"`, a service without a conditional put):
 * no key is taken over either way, because a create reads before it writes.
 */
import * as path from "path";
import { expect } from "chai";
import type { KeyPostMode, RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, diagnosticsSection, programStack, startTestEmulator, type StateBackend } from "./harness";

const PROGRAM = path.join(__dirname, "programs", "ownership.js");

const RUNS: Array<[StateBackend, KeyPostMode]> = [
    ["file", "create-only"],
    ["file", "overwrite"],
    ["postgres", "create-only"],
];

for (const [backend, keyPost] of RUNS)
    describe(`e2e: ownership (real pulumi CLI, several stacks, ${backend} backend, emulator keyPost ${keyPost})`, function () {
        this.timeout(600_000);
        /** A case that runs once (file backend, the emulator's default): the other runs keep to the two-stack cases. */
        const fileOnly = (title: string, body: () => Promise<void>) => {
            if (backend === "file" && keyPost === "create-only") it(title, body);
        };
        let emulator: RunningEmulator;
        let api: EmulatorApi;
        const open: E2EStack[] = [];

        /** Data-plane requests since `seq`, as "METHOD /path status" lines (ids decoded). */
        const sentSince = (seq: number, writesOnly = false) =>
            emulator
                .requests(seq)
                .filter((r) => r.url.includes("/api/v1/") && (!writesOnly || !["GET", "HEAD"].includes(r.method)))
                .map((r) => `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/environments\/[^/]+/, ""))} ${r.status}`);

        async function stackOf(config: Record<string, string>): Promise<E2EStack> {
            const e2e = await programStack(emulator, PROGRAM, {}, { backend });
            open.push(e2e);
            await e2e.stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`own:${k}`, { value: v }])));
            return e2e;
        }

        async function failedUp(e2e: E2EStack): Promise<string> {
            const from = e2e.output.length;
            await e2e.stack.up({ onOutput: e2e.onOutput }).then(
                () => expect.fail("up should fail"),
                () => undefined,
            );
            return e2e.output.slice(from).join("");
        }

        before(async () => {
            emulator = await startTestEmulator({ keyPost });
            api = new EmulatorApi(emulator);
        });

        after(async () => {
            for (const e2e of open) {
                await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
                await e2e.dispose();
            }
            await emulator?.close();
        });

        it("a second stack declaring the same empty store fails without adopt, writes nothing, and its destroy leaves the store", async () => {
            const a = await stackOf({ case: "store" });
            await a.stack.up({ onOutput: a.onOutput });
            const b = await stackOf({ case: "store" });
            const seq = emulator.lastRequestSeq();
            const printed = await failedUp(b);
            const message = /Store 'shared' already exists in organization [^\n]*/.exec(diagnosticsSection(printed))?.[0] ?? "";
            console.log(`      ${message}`);
            expect(message).to.match(/and this stack did not create it; Pulumi did not change it\./);
            expect(message).to.match(
                /set `adopt: true` on the Store .*`pulumi destroy` of this stack then deletes the store with all its partitions and keys/,
            );
            expect(message).to.match(/pulumi import anypoint:objectstore:Store <name> shared/);
            expect(sentSince(seq), "b only looked").to.deep.equal(["GET /stores/shared 200"]);

            const destroySeq = emulator.lastRequestSeq();
            await b.stack.destroy({ onOutput: b.onOutput });
            expect(sentSince(destroySeq, true), "b's destroy deletes nothing").to.deep.equal([]);
            expect((await api.getStore("shared")).status).to.equal(200);
            await a.stack.preview({ expectNoChanges: true, onOutput: a.onOutput });

            // With adopt, b takes the store over (and its destroy would then delete it, as the message says).
            await b.stack.setConfig("own:adopt", { value: "true" });
            const adoptSeq = emulator.lastRequestSeq();
            await b.stack.up({ onOutput: b.onOutput });
            expect(sentSince(adoptSeq, true), "adopting a matching store writes nothing").to.deep.equal([]);
            await b.stack.workspace.removeStack(b.stack.name, { force: true }); // leave a as the only owner
        });

        it("a second stack declaring the same key with the same value fails after one GET, without a write, and leaves the key", async () => {
            await api.request("PUT", "/stores/flags-store", {});
            const a = await stackOf({ case: "key" });
            await a.stack.up({ onOutput: a.onOutput });
            const b = await stackOf({ case: "key" });
            const seq = emulator.lastRequestSeq();
            const printed = await failedUp(b);
            expect(diagnosticsSection(printed)).to.match(
                /Key 'flag' in partition 'flags' of store 'flags-store' already exists in organization/,
            );
            expect(sentSince(seq), "b read the key, and wrote nothing").to.deep.equal([
                "GET /stores/flags-store/partitions/flags/keys/flag 200",
            ]);
            const destroySeq = emulator.lastRequestSeq();
            await b.stack.destroy({ onOutput: b.onOutput });
            expect(sentSince(destroySeq, true)).to.deep.equal([]);
            expect((await api.getKey("flags-store", "flags", "flag")).body.stringValue).to.equal("on");
            await a.stack.preview({ expectNoChanges: true, onOutput: a.onOutput });
        });

        it("a second stack's KeyEntries sharing one key with the first's: that key fails, found by the key listing, never written; b's destroy deletes only its own", async () => {
            await api.request("PUT", "/stores/flags-store", {});
            const a = await stackOf({ case: "entries", keys: "a1,shared", value: "from-a" });
            await a.stack.up({ onOutput: a.onOutput });
            const b = await stackOf({ case: "entries", keys: "shared,b1", value: "from-b" });
            const seq = emulator.lastRequestSeq();
            const printed = await failedUp(b);
            expect(diagnosticsSection(printed)).to.match(
                /1 of 2 key writes failed; the 1 entries now in the partition are recorded in the state/,
            );
            expect(diagnosticsSection(printed)).to.match(
                /Key 'shared' in partition 'seed' of store 'flags-store' already exists in organization/,
            );
            expect(sentSince(seq, true), "b wrote its own key only").to.deep.equal([
                "POST /stores/flags-store/partitions/seed/keys/b1 201",
            ]);
            expect(
                sentSince(seq).filter((l) => l.startsWith("GET ")),
                "learnt from the key listing",
            ).to.deep.equal(["GET /stores/flags-store/partitions/seed/keys 200"]);
            expect((await api.getKey("flags-store", "seed", "shared")).body.stringValue).to.equal("from-a");
            const destroySeq = emulator.lastRequestSeq();
            await b.stack.destroy({ onOutput: b.onOutput });
            expect(sentSince(destroySeq, true), "b's destroy deletes only the key it wrote").to.deep.equal([
                "DELETE /stores/flags-store/partitions/seed/keys/b1 204",
            ]);
            await a.stack.preview({ refresh: true, expectNoChanges: true, onOutput: a.onOutput });
        });

        fileOnly(
            "a KeyEntries with literal ids of a declared Store and Partition is created after them and deleted before them",
            async () => {
                const e2e = await stackOf({ case: "literal" });
                const seq = emulator.lastRequestSeq();
                await e2e.stack.up({ onOutput: e2e.onOutput });
                const up = sentSince(seq, true);
                expect(up[0], "the store first").to.equal("PUT /stores/literal-seed 201");
                expect(up.filter((l) => l.startsWith("POST")).length).to.equal(30);
                await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
                const destroySeq = emulator.lastRequestSeq();
                await e2e.stack.destroy({ onOutput: e2e.onOutput });
                const destroyed = sentSince(destroySeq, true);
                expect(
                    destroyed.filter((l) => !l.endsWith(" 204") && !l.endsWith(" 200")),
                    "no DELETE of something already gone",
                ).to.deep.equal([]);
                expect(destroyed.at(-1), "the store last").to.equal("DELETE /stores/literal-seed 204");
            },
        );

        fileOnly(
            "key ids with spaces are spelled with '+' (a warning says so): clean drift gate, and 'a b' -> 'a+b' is no change",
            async () => {
                const e2e = await stackOf({ case: "spaces", spelling: "space" });
                const from = e2e.output.length;
                await e2e.stack.up({ onOutput: e2e.onOutput });
                const printed = e2e.output.slice(from).join("");
                expect(printed).to.match(
                    /OSv2 stores spaces in key ids as '\+' \(OSv2 FAQ\), so this package declares 'retry count' as 'retry\+count'/,
                );
                expect(printed).to.match(/declares 'max wait' as 'max\+wait'/);
                expect(await api.listKeyIds("spaces", "p")).to.have.members(["retry+count", "max+wait", "plain"]);
                await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
                await e2e.stack.setConfig("own:spelling", { value: "plus" });
                const seq = emulator.lastRequestSeq();
                await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
                await e2e.stack.up({ onOutput: e2e.onOutput });
                expect(sentSince(seq, true), "no replace, no write").to.deep.equal([]);
                await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
            },
        );
    });

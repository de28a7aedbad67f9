/**
 * `pulumi-anypoint-objectstore recover` on every kind of pending create (issue 16). The pending
 * creates are made exact instead of by a kill's timing: after `pulumi up`, the stack's checkpoint
 * (file backend) has resources moved back into `pending_operations` as "creating", and the
 * emulator's objects are changed so that each outcome occurs: recorded (exists, holds what the create
 * would have written), cleared (does not exist), left (exists with other contents). Then recover,
 * then `pulumi up`: only the cleared objects are created again; nothing is overwritten; the secret
 * value stays secret in the state. The kill -9 path is test/e2e/interrupted.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, programStack, startTestEmulator } from "./harness";
import { runRecover } from "./many-keys";

/** The stack's checkpoint file in the file backend. */
function checkpointFile(e2e: E2EStack): string {
    const dir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
    const file = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(`${e2e.stack.name}.json`));
    return path.join(dir, file!);
}

describe("e2e: recover after an interrupted run, every kind of pending create", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await programStack(emulator, path.join(__dirname, "programs", "recover.js"));
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    it("records what exists as created, clears what does not, leaves what differs; up then creates only what is missing", async () => {
        await e2e.stack.up({ onOutput: e2e.onOutput });
        // The run "was killed" after creating the store and the partition, while creating the rest: pending creates.
        const file = checkpointFile(e2e);
        const checkpoint = JSON.parse(fs.readFileSync(file, "utf8"));
        const latest = checkpoint.checkpoint.latest;
        const pendingNames = ["same", "changed", "gone", "entries", "extra", "empty"];
        const isPending = (r: { urn: string; type: string }) =>
            r.type.includes("objectstore:") && pendingNames.includes(r.urn.split("::").pop()!);
        latest.pending_operations = latest.resources
            .filter(isPending)
            .map(({ id: _id, outputs: _o, ...resource }: Record<string, unknown>) => ({ resource, type: "creating" }));
        latest.resources = latest.resources.filter((r: { urn: string; type: string }) => !isPending(r));
        fs.writeFileSync(file, JSON.stringify(checkpoint));
        // What the service holds now: 'same' and e1, e2 as written; 'changed' and e3 changed by someone; 'gone' absent.
        await api.request("PUT", api.keyPath("recover", "seed", "changed"), { valueType: "NUMBER", numberValue: 99 });
        await api.request("DELETE", api.keyPath("recover", "seed", "gone"));
        await api.request("PUT", api.keyPath("recover", "seed", "e3"), { valueType: "STRING", stringValue: "someone else's" });

        const since = emulator.lastRequestSeq();
        const dry = await runRecover(e2e, emulator, ["--dry-run"]);
        expect(dry.code, dry.output).to.equal(0);
        expect(dry.output).to.match(/dry run: nothing changed/);
        const result = await runRecover(e2e, emulator, ["--yes"]);
        console.log(result.output.replace(/^/gm, "      | "));
        expect(result.code, result.output).to.equal(0);
        const line = (verb: string, resource: string) => new RegExp(`^\\s+${verb}\\s+${resource} \\(create\\): `, "m");
        expect(result.output).to.match(line("recorded", "Store 'extra'"));
        expect(result.output).to.match(line("cleared", "Partition 'empty'"));
        expect(result.output).to.match(line("recorded", "Key 'same'"));
        expect(result.output).to.match(line("cleared", "Key 'gone'"));
        expect(result.output).to.match(line("left", "Key 'changed'"));
        expect(result.output).to.match(
            /left\s+Key 'changed' \(create\): exists, but it holds another NUMBER value: not taken.*`adopt: true` on Key 'changed'/,
        );
        expect(result.output).to.match(line("recorded", "KeyEntries 'entries'"));
        expect(result.output).to.match(/KeyEntries 'entries' \(create\): .*\(2 entries\)\. Keys holding other values were not taken: 'e3'/);
        expect(result.output).to.match(/The state was changed; the state before is saved in .*state-backup-.*\.json/);
        const sent = emulator.requests(since).filter((r) => r.url.includes("/api/v1/"));
        expect(
            sent.filter((r) => r.method !== "GET" && r.method !== "HEAD"),
            "recover only reads",
        ).to.deep.equal([]);

        const stateText = fs.readFileSync(checkpointFile(e2e), "utf8");
        expect(stateText, "the secret value stays encrypted").to.not.include("s3cr3t-value");
        const state = JSON.parse(stateText).checkpoint.latest;
        expect(state.pending_operations ?? []).to.deep.equal([]);
        const recorded = state.resources
            .filter((r: { type: string }) => r.type.includes("objectstore:"))
            .map((r: { urn: string }) => r.urn.split("::").pop());
        expect(recorded.sort()).to.deep.equal(["entries", "extra", "partition", "same", "store"]);
        const entries = state.resources.find((r: { urn: string }) => r.urn.endsWith("::entries"));
        expect(Object.keys(entries.outputs.entries)).to.deep.equal(["e1", "e2"]);

        // Now up: it declares the empty partition again (no write), creates 'gone', and meets 'changed' and e3, which
        // exist with other values: both fail without adopt, as recover said, found by reading before any write.
        // Nothing is overwritten, and neither is even sent.
        const upSeq = emulator.lastRequestSeq();
        await e2e.stack.up({ onOutput: e2e.onOutput }).then(
            () => expect.fail("up should fail on the objects recover left"),
            (e: Error) => expect(e.message).to.match(/Key 'changed' in partition 'seed' of store 'recover' already exists/),
        );
        const writes = emulator
            .requests(upSeq)
            .filter((r) => r.url.includes("/api/v1/") && r.method !== "GET" && r.method !== "HEAD")
            .map((r) => `${r.method} ${decodeURIComponent(r.url.split("/partitions/")[1] ?? r.url)} ${r.status}`);
        expect(writes.sort()).to.deep.equal(["POST seed/keys/gone 201"]);
        expect((await api.getKey("recover", "seed", "changed")).body.numberValue).to.equal(99);
    });
});

/**
 * `recover` loses nothing it did not decide, and covers every operation a kill leaves pending (issue
 * 23, section 1), with the real `pulumi` CLI, `kill -9` of the whole `pulumi up` process tree, and
 * the package's bin (test/e2e/programs/interrupted.ts is the program):
 * 1. another provider's pending create (a dynamic resource of the program's own whose create
 *    sleeps) beside this package's: recover refuses before any change (exit 1, the state byte for
 *    byte as it was), naming the URN, type and operation and what to do; `--force` clears exactly it,
 *    as printed, after writing the backup;
 * 2. a KeyEntries *update* cut off: recover records the keys it wrote, and the next `up` sends only
 *    the missing ones (no 409), then a clean `preview --expect-no-changes`;
 * 3. a concurrent `pulumi up` while recover waits at its prompt (a real terminal, through `script`):
 *    answering y changes nothing, and the concurrent update stays in the state;
 * 4. a state of several MB of multi-byte text (a KeyEntries of 3,000 `ü€😀…` values) with 20 Key
 *    creates pending: after recover, `pulumi stack export --show-secrets` is byte-identical to the
 *    one before apart from the decided entries; the backup is the export before, byte for byte,
 *    and `pulumi stack import --file <backup>` restores every resource byte for byte.
 * Each fails on the recover before issue 23 (which imported over foreign pending operations, knew
 * only creates, imported the export taken before its prompt, and decoded the CLI's output per chunk).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { RecordedRequest, RunningEmulator } from "../../emulator";
import { E2EStack, REPO_ROOT, programStack, stackEnv, startTestEmulator } from "./harness";
import { exportState, killTree, repairInterruptedCheckpointWrite, runCli, runRecover, waitFor } from "./many-keys";

const PROGRAM = path.join(__dirname, "programs", "interrupted.js");
const isKeyPost = (r: RecordedRequest) => r.method === "POST" && /\/keys\/[^/]+$/.test(r.url.split("?")[0]);
const keyIdOf = (r: RecordedRequest) => decodeURIComponent(r.url.split("?")[0].split("/").pop()!);
const indent = (text: string) => text.replace(/^/gm, "      | ");

type Deployment = {
    resources: { urn: string; type: string; outputs?: Record<string, unknown> }[];
    pending_operations?: { type: string; resource: { urn: string; type: string } }[];
};
const deploymentOf = (text: string) => (JSON.parse(text) as { deployment: Deployment }).deployment;

/** Runs a CLI command to its end. */
const cli = (e2e: E2EStack, emulator: RunningEmulator, args: string[]) => runCli(e2e, emulator, args).done;

/**
 * `pulumi up` killed with `kill -9` (the whole process tree) once `posts` key POSTs were answered,
 * key POSTs slowed to 1-2 s so that some are in flight; then the steps README gives before recover
 * (the file backend's empty .attrs, `pulumi cancel`).
 */
async function killedUp(e2e: E2EStack, emulator: RunningEmulator, posts: number): Promise<void> {
    await fetch(`${emulator.url}/_emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ method: "POST", route: "/keys/", latencyMs: 1000, latencyMaxMs: 2000 }),
    });
    const since = emulator.lastRequestSeq();
    const run = runCli(e2e, emulator, ["up", "--yes", "--skip-preview"]);
    await waitFor(() => emulator.requests(since).filter(isKeyPost).length >= posts, 180_000, `${posts} answered key POSTs`);
    killTree(run.child.pid!);
    expect((await run.done).code).to.equal("SIGKILL");
    await new Promise((r) => setTimeout(r, 2_500)); // POSTs in flight land after the kill
    await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
    repairInterruptedCheckpointWrite(e2e);
    const cancel = await cli(e2e, emulator, ["cancel", "--yes"]);
    expect(cancel.code, cancel.output).to.equal(0);
}

/** Data-plane writes since `seq` as "METHOD keyId status". */
function writesSince(emulator: RunningEmulator, seq: number): string[] {
    return emulator
        .requests(seq)
        .filter((r) => r.url.includes("/api/v1/") && r.method !== "GET" && r.method !== "HEAD")
        .map((r) => `${r.method} ${keyIdOf(r)} ${r.status}`);
}

async function keyIdsOnEmulator(emulator: RunningEmulator, storeId: string): Promise<string[]> {
    const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as {
        stores: { storeId: string; partitions: { partitionId: string; keys: { keyId: string }[] }[] }[];
    };
    return (state.stores.find((s) => s.storeId === storeId)?.partitions.find((p) => p.partitionId === "seed")?.keys ?? []).map(
        (k) => k.keyId,
    );
}

/** The backups recover wrote in the stack's directory. */
const backups = (e2e: E2EStack) => fs.readdirSync(e2e.stack.workspace.workDir).filter((f) => f.includes(".state-backup-"));

describe("e2e: recover loses nothing it did not decide (issue 23)", function () {
    this.timeout(900_000);
    let emulator: RunningEmulator;
    const open: E2EStack[] = [];

    async function stackOf(config: Record<string, string | number>, env: Record<string, string> = {}): Promise<E2EStack> {
        const e2e = await programStack(emulator, PROGRAM, env);
        open.push(e2e);
        await e2e.stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`ik:${k}`, { value: String(v) }])));
        return e2e;
    }

    before(async () => {
        emulator = await startTestEmulator();
    });
    after(async () => {
        for (const e2e of open) {
            await e2e.stack.setConfig("ik:sleeperSeconds", { value: "0" }).catch(() => undefined);
            await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e.dispose();
        }
        await emulator?.close();
    });

    it("refuses, changing nothing, over another provider's pending create; --force clears exactly it, after the backup", async () => {
        const e2e = await stackOf({ storeId: "foreign", entries: 40, sleeperSeconds: 600 });
        await killedUp(e2e, emulator, 10);
        const before = await exportState(e2e, emulator);
        const pending = deploymentOf(before.text).pending_operations ?? [];
        expect(pending.map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`).sort()).to.deep.equal([
            "creating entries",
            "creating sleeper",
        ]);
        const sleeperUrn = pending.find((p) => p.resource.urn.endsWith("::sleeper"))!.resource.urn;

        const since = emulator.lastRequestSeq();
        const dry = await runRecover(e2e, emulator, ["--dry-run"]);
        expect(dry.code, dry.output).to.equal(1);
        const refused = await runRecover(e2e, emulator, ["--yes"]);
        console.log(indent(refused.output));
        expect(refused.code, refused.output).to.equal(1);
        for (const printed of [dry.output, refused.output]) {
            expect(printed).to.include(sleeperUrn);
            expect(printed).to.match(/type pulumi-nodejs:dynamic:Resource, interrupted while creating \(not a resource of this package\)/);
        }
        expect(refused.output).to.match(/would be recorded\s+KeyEntries 'entries'|recorded\s+KeyEntries 'entries' \(create\)/);
        expect(refused.output).to.match(/Nothing was changed\. What you can do:/);
        expect(refused.output).to.match(/`pulumi refresh` run interactively asks, for each pending create/);
        expect(refused.output).to.match(/run recover again with --force/);
        const unchanged = await exportState(e2e, emulator);
        expect(Buffer.compare(unchanged.bytes, before.bytes), "the state is byte for byte as it was").to.equal(0);
        expect(backups(e2e), "no backup: nothing was about to change").to.deep.equal([]);

        const forced = await runRecover(e2e, emulator, ["--yes", "--force"]);
        console.log(indent(forced.output));
        expect(forced.code, forced.output).to.equal(0);
        const listed = forced.output.indexOf(sleeperUrn);
        expect(listed).to.be.greaterThan(-1);
        expect(forced.output.indexOf("With --force, exactly these are cleared"), "printed before the change").to.be.greaterThan(listed);
        expect(forced.output).to.include(`Cleared without a decision (--force): ${sleeperUrn} (creating).`);
        expect(backups(e2e)).to.have.length(1);
        const backup = fs.readFileSync(path.join(e2e.stack.workspace.workDir, backups(e2e)[0]), "utf8");
        expect(
            deploymentOf(backup).pending_operations?.map((p) => p.resource.urn),
            "the backup keeps what was cleared",
        ).to.include(sleeperUrn);
        expect(
            emulator.requests(since).filter((r) => r.url.includes("/api/v1/") && r.method !== "GET"),
            "recover only reads",
        ).to.deep.equal([]);

        const after = deploymentOf((await exportState(e2e, emulator)).text);
        expect(after.pending_operations ?? []).to.deep.equal([]);
        const entries = after.resources.find((r) => r.urn.endsWith("::entries"))!;
        const onService = await keyIdsOnEmulator(emulator, "foreign");
        expect(Object.keys(entries.outputs!.entries as object).sort(), "recorded: exactly the keys the killed create wrote").to.deep.equal(
            onService.sort(),
        );

        await e2e.stack.setConfig("ik:sleeperSeconds", { value: "1" });
        const upSeq = emulator.lastRequestSeq();
        await e2e.stack.up({ onOutput: e2e.onOutput });
        const writes = writesSince(emulator, upSeq);
        expect(
            writes.filter((w) => !w.endsWith(" 201")),
            "no 409",
        ).to.deep.equal([]);
        expect(writes).to.have.length(40 - onService.length);
    });

    it("a KeyEntries update cut off: recover records the keys it wrote; up sends only the rest, no 409", async () => {
        const e2e = await stackOf({ storeId: "cut-update", entries: 30 });
        await e2e.stack.up({ onOutput: e2e.onOutput });
        await e2e.stack.setConfig("ik:entries", { value: "60" });
        await killedUp(e2e, emulator, 8);
        const pending = deploymentOf((await exportState(e2e, emulator)).text).pending_operations ?? [];
        expect(pending.map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`)).to.deep.equal(["updating entries"]);
        const written = (await keyIdsOnEmulator(emulator, "cut-update")).length - 30;
        expect(written, "the update wrote some of its 30 keys").to.be.within(1, 29);

        const recovered = await runRecover(e2e, emulator, ["--yes"]);
        console.log(indent(recovered.output));
        expect(recovered.code, recovered.output).to.equal(0);
        expect(recovered.output).to.match(
            new RegExp(
                `recorded\\s+KeyEntries 'entries' \\(update\\): ${written} key\\(s\\) its update wrote hold their new values: recorded in the state \\(${30 + written} entries`,
            ),
        );
        const state = deploymentOf((await exportState(e2e, emulator)).text);
        expect(state.pending_operations ?? []).to.deep.equal([]);

        const upSeq = emulator.lastRequestSeq();
        await e2e.stack.up({ onOutput: e2e.onOutput });
        const writes = writesSince(emulator, upSeq);
        console.log(
            `      up after recover sent ${writes.length} writes: ${writes.filter((w) => !w.endsWith(" 201")).length} not answered 201`,
        );
        expect(
            writes.filter((w) => !w.endsWith(" 201")),
            "no 409",
        ).to.deep.equal([]);
        expect(writes).to.have.length(30 - written);
        await e2e.stack.preview({ expectNoChanges: true, refresh: true, onOutput: e2e.onOutput });
    });

    it("a concurrent up while recover waits at its prompt: answering y changes nothing, and the concurrent update stays", async () => {
        const e2e = await stackOf({ storeId: "prompt", entries: 30 });
        await e2e.stack.up({ onOutput: e2e.onOutput });
        await e2e.stack.setConfig("ik:keys", { value: "20" });
        await killedUp(e2e, emulator, 5);
        const entriesUrn = deploymentOf((await exportState(e2e, emulator)).text).resources.find((r) => r.urn.endsWith("::entries"))!.urn;

        const prompt = recoverAtTerminal(e2e, emulator, []);
        await waitFor(() => /\[y\/N\]/.test(prompt.output()), 120_000, "recover's question");
        // Meanwhile, another run of the same stack writes 32 more entries.
        await e2e.stack.setConfig("ik:entries", { value: "62" });
        const concurrent = await cli(e2e, emulator, ["up", "--yes", "--skip-preview", "--target", entriesUrn]);
        expect(concurrent.code, concurrent.output).to.equal(0);
        prompt.answer("y\n");
        const answered = await prompt.done;
        console.log(indent(answered.output.replace(/\r/g, "")));
        expect(answered.code, answered.output).to.equal(1);
        expect(answered.output).to.match(
            /The state of stack '[^']+' changed since recover read it .*Nothing was changed\. Run recover again/s,
        );
        const state = deploymentOf((await exportState(e2e, emulator)).text);
        const entries = state.resources.find((r) => r.urn === entriesUrn)!;
        expect(Object.keys(entries.outputs!.entries as object), "the concurrent update's 62 entries stay").to.have.length(62);
        expect((state.pending_operations ?? []).length, "the pending creates stay for the next recover").to.be.greaterThan(0);
        expect(backups(e2e)).to.deep.equal([]);

        const again = await runRecover(e2e, emulator, ["--yes"]);
        expect(again.code, again.output).to.equal(0);
        const upSeq = emulator.lastRequestSeq();
        await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(
            writesSince(emulator, upSeq).filter((w) => !w.endsWith(" 201")),
            "no 409",
        ).to.deep.equal([]);
    });

    it("keeps a state of several MB of multi-byte text byte for byte; the backup restores every resource byte for byte", async () => {
        const e2e = await stackOf({ storeId: "multibyte", entries: 3000, text: 100 }, { ANYPOINT_REQUESTS_PER_SECOND: "1000" });
        await e2e.stack.up({ onOutput: e2e.onOutput });
        await e2e.stack.setConfig("ik:keys", { value: "20" });
        await killedUp(e2e, emulator, 5);

        const encryptedBefore = await exportState(e2e, emulator, false);
        const before = await exportState(e2e, emulator);
        const decided = (deploymentOf(before.text).pending_operations ?? []).map((p) => p.resource.urn);
        expect(before.bytes.length, "several MB").to.be.above(3_000_000);
        expect(decided.length).to.be.above(0);
        const recovered = await runRecover(e2e, emulator, ["--yes"]);
        expect(recovered.code, recovered.output).to.equal(0);
        const after = await exportState(e2e, emulator);

        const replacement = (t: string) => (t.match(/\uFFFD/g) ?? []).length;
        console.log(
            `      export before recover: ${before.bytes.length} bytes, ${replacement(before.text)} U+FFFD; after: ${after.bytes.length} bytes, ${replacement(after.text)} U+FFFD`,
        );
        expect(replacement(after.text)).to.equal(0);
        // The CLI prints its export as JSON indented by 4: re-serializing the parsed text gives it back byte for byte,
        // so comparing re-serialized, normalized exports compares the CLI's bytes.
        const canonical = (d: unknown) => Buffer.from(JSON.stringify(d, null, 4) + "\n", "utf8");
        for (const e of [before, after]) expect(Buffer.compare(canonical(JSON.parse(e.text)), e.bytes)).to.equal(0);
        const normalized = (text: string, dropRecorded: boolean) => {
            const exported = JSON.parse(text);
            const d = exported.deployment as Deployment;
            if (dropRecorded) d.resources = d.resources.filter((r) => !decided.includes(r.urn));
            delete d.pending_operations;
            return canonical(exported);
        };
        const normalizedBefore = normalized(before.text, false);
        const normalizedAfter = normalized(after.text, true);
        console.log(
            `      normalized (decided entries removed): ${normalizedBefore.length} and ${normalizedAfter.length} bytes, equal: ${normalizedBefore.equals(normalizedAfter)}`,
        );
        expect(Buffer.compare(normalizedAfter, normalizedBefore), "everything recover did not decide, byte for byte").to.equal(0);

        expect(backups(e2e)).to.have.length(1);
        const backupFile = path.join(e2e.stack.workspace.workDir, backups(e2e)[0]);
        expect(
            Buffer.compare(fs.readFileSync(backupFile), encryptedBefore.bytes),
            "the backup is the export before, byte for byte",
        ).to.equal(0);
        const restore = await cli(e2e, emulator, ["stack", "import", "--file", backupFile]);
        expect(restore.code, restore.output).to.equal(0);
        const restored = await exportState(e2e, emulator);
        expect(Buffer.compare(normalized(restored.text, false), normalizedBefore), "restored: every resource byte for byte").to.equal(0);
    });
});

/**
 * `pulumi-anypoint-objectstore recover <args>` on a terminal of its own (util-linux `script`), as an
 * operator runs it: it asks its question there, and {@link answer} types the answer.
 */
function recoverAtTerminal(
    e2e: E2EStack,
    emulator: RunningEmulator,
    args: string[],
): { output(): string; answer(text: string): void; done: Promise<{ code: number | null; output: string }> } {
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, path.join(REPO_ROOT, "dist", "provider", "cli.js"), "recover", "--stack", e2e.stack.name, ...args]
        .map(quote)
        .join(" ");
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
        cwd: e2e.stack.workspace.workDir,
        env: { ...process.env, ...stackEnv(emulator, e2e.tmp, e2e.backendEnv) },
        stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("close", (code) => resolve({ code, output })));
    return { output: () => output, answer: (text) => child.stdin.write(text), done };
}

/**
 * Interrupted runs converge exactly, without `adopt` (issues 10 and 16).
 *
 * 1. `kill -9` of the whole `pulumi up` process tree (CLI, language host, dynamic provider) in the
 *    middle of an `up` of 100 Key resources, while key POSTs are in flight (a 1-2 s latency on key
 *    POSTs makes some land on the service after the kill, unrecorded in the state); the stack's
 *    state in a file backend, and in PostgreSQL (a team's backend). Then exactly the
 *    steps README documents ("Reliability" > "After an interrupted run"): if the kill hit a checkpoint
 *    write, delete the empty `<stack>.json.attrs`; the next `up` says the stack is locked; `pulumi
 *    cancel --yes`; `npx pulumi-anypoint-objectstore recover --yes` records exactly the keys of the
 *    stack's own pending creates that exist with the declared value and clears the others; `pulumi up`
 *    creates only the missing keys (no 409, nothing overwritten or deleted); `preview
 *    --expect-no-changes` is clean. No adopt, no orphan, no duplicate, and nothing recorded that
 *    was not one of the killed run's pending creates.
 * 2. The emulator (SQLite backend, its own process) is killed with SIGKILL in the middle of an `up`
 *    and restarted on the same port 2 s later: the running `up` retries through the outage, renews
 *    the token the restarted service no longer knows (401, then a new token) and succeeds by itself,
 *    with exactly the declared keys and a clean preview.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { RecordedRequest, RunningEmulator } from "../../emulator";
import { E2EStack, REPO_ROOT, startTestEmulator, type StateBackend } from "./harness";
import {
    backendStateSummary,
    checkKeys,
    killTree,
    manyKeysStack,
    repairInterruptedCheckpointWrite,
    runCli,
    runRecover,
    stateSummary,
    waitFor,
} from "./many-keys";
import { manyKeys } from "./programs/many-keys-data";

const KEYS = 100;
const KILL_AFTER_POSTS = 40;

const keyIdOf = (r: RecordedRequest) => decodeURIComponent(r.url.split("?")[0].split("/").pop()!);
const isKeyPost = (r: RecordedRequest) => r.method === "POST" && /\/keys\/[^/]+$/.test(r.url.split("?")[0]);

/** Runs a CLI command to its end and returns exit code and output. */
async function cli(e2e: E2EStack, emulator: { url: string }, args: string[]) {
    return runCli(e2e, emulator as RunningEmulator, args).done;
}

describe("e2e: interrupted runs converge exactly, without adopt (issues 10, 16)", function () {
    this.timeout(900_000);

    for (const backend of ["file", "postgres"] as StateBackend[])
        describe(`kill -9 of pulumi up; cancel, recover, up (${backend} backend)`, () => {
            let emulator: RunningEmulator;
            let e2e: E2EStack;
            const store = "interrupted";

            before(async () => {
                emulator = await startTestEmulator();
                e2e = await manyKeysStack(emulator, store, KEYS, {}, { backend });
            });
            after(async () => {
                if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
                await e2e?.dispose();
                await emulator?.close();
            });

            it("recover records exactly the killed run's keys that exist; up creates only the rest; nothing overwritten, orphaned or duplicated", async () => {
                await fetch(`${emulator.url}/_emulator/faults`, {
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify({ method: "POST", route: "/keys/", latencyMs: 1000, latencyMaxMs: 2000 }),
                });
                const run = runCli(e2e, emulator, ["up", "--yes", "--skip-preview"]);
                const answeredPosts = () => emulator.requests().filter(isKeyPost).length;
                await waitFor(() => answeredPosts() >= KILL_AFTER_POSTS, 180_000, `${KILL_AFTER_POSTS} answered key POSTs`);
                const killed = killTree(run.child.pid!);
                expect(killed.length, "the CLI, its language host and the dynamic provider").to.be.at.least(3);
                expect((await run.done).code).to.equal("SIGKILL");
                // POSTs in flight at the kill still land on the service (their answers go nowhere, so the
                // journal does not show them): wait out the longest injected latency.
                await new Promise((r) => setTimeout(r, 2_500));
                await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });

                // Step 0, only when the kill hit the file backend's checkpoint write (gocloud fileblob writes
                // `<stack>.json.attrs` in place): delete the empty .attrs file.
                const repaired = repairInterruptedCheckpointWrite(e2e);
                if (repaired.length) console.log(`      (the kill hit a checkpoint write; removed ${repaired.join(", ")})`);

                const before = await backendStateSummary(e2e, emulator);
                const missingOnServer = new Set((await checkKeys(emulator.url, store, KEYS)).missing);
                const onServer = manyKeys(KEYS)
                    .map((k) => k.keyId)
                    .filter((k) => !missingOnServer.has(k));
                const unrecorded = onServer.filter((k) => !before.keys.includes(k)).sort();
                const pendingKeys = before.pendingOperations
                    .filter((p) => p.urn.includes("objectstore:Key::"))
                    .map((p) => p.urn.split("::").pop()!);
                expect(before.keys.length, "the killed run recorded some keys").to.be.greaterThan(0);
                expect(before.keys.length).to.be.lessThan(KEYS);
                expect(pendingKeys.length, "the killed run left pending creates").to.be.greaterThan(0);
                expect(unrecorded.length, "some keys landed after the kill, unrecorded in the state").to.be.greaterThan(0);
                expect(pendingKeys, "every unrecorded key is one of the stack's pending creates").to.include.members(unrecorded);

                const locked = await cli(e2e, emulator, ["up", "--yes", "--skip-preview"]);
                expect(locked.code).to.not.equal(0);
                expect(locked.output).to.match(/the stack is currently locked by 1 lock\(s\).*pulumi cancel/s);
                const cancel = await cli(e2e, emulator, ["cancel", "--yes"]);
                expect(cancel.code, cancel.output).to.equal(0);

                const since = emulator.lastRequestSeq();
                const recovered = await runRecover(e2e, emulator, ["--yes"]);
                console.log(recovered.output.replace(/^/gm, "      | "));
                expect(recovered.code, recovered.output).to.equal(0);
                const recordedLines = recovered.output.match(/^\s+recorded\s+Key '([^']+)'/gm) ?? [];
                const clearedLines = recovered.output.match(/^\s+cleared\s+Key '([^']+)'/gm) ?? [];
                expect(recordedLines.length, "one line per recorded key").to.equal(unrecorded.length);
                expect(recordedLines.length + clearedLines.length).to.equal(pendingKeys.length);
                expect(recovered.output).to.not.match(/^\s+left\s/m);
                expect(
                    emulator.requests(since).filter((r) => r.url.includes("/api/v1/") && r.method !== "GET"),
                    "recover only reads",
                ).to.deep.equal([]);

                const afterRecover = await backendStateSummary(e2e, emulator);
                expect(afterRecover.pendingOperations, "recover cleared the pending operations").to.deep.equal([]);
                expect([...afterRecover.keys].sort(), "recorded: the keys recorded before plus exactly the unrecorded ones").to.deep.equal(
                    [...before.keys, ...unrecorded].sort(),
                );

                const sinceUp = emulator.lastRequestSeq();
                const up = await cli(e2e, emulator, ["up", "--yes"]); // as README says: its preview first, which writes nothing
                expect(up.code, up.output).to.equal(0);
                const writes = emulator
                    .requests(sinceUp)
                    .filter((r) => r.url.includes("/api/v1/") && r.method !== "GET" && r.method !== "HEAD");
                expect(
                    writes.filter((r) => !isKeyPost(r)).map((r) => `${r.method} ${r.url}`),
                    "nothing overwritten or deleted",
                ).to.deep.equal([]);
                expect(
                    writes.map((r) => r.status).filter((s) => s !== 201),
                    "no 409: nothing met an existing key",
                ).to.deep.equal([]);
                expect(writes.map(keyIdOf).sort(), "up created exactly the keys missing on the service").to.deep.equal(
                    [...missingOnServer].sort(),
                );

                const check = await checkKeys(emulator.url, store, KEYS);
                expect(check, JSON.stringify(check)).to.deep.equal({ verified: KEYS, missing: [], extra: [], wrong: [] });
                const after = await backendStateSummary(e2e, emulator);
                expect(after.pendingOperations).to.deep.equal([]);
                expect([...after.keys].sort(), "each key once in the state").to.deep.equal(manyKeys(KEYS).map((k) => k.keyId));
                const preview = await cli(e2e, emulator, ["preview", "--expect-no-changes"]);
                expect(preview.code, preview.output).to.equal(0);
                expect(preview.output).to.not.match(/pending operations/);
            });
        });

    describe("the emulator (SQLite) killed and restarted in the middle of an up", () => {
        let dataDir: string;
        let port = 0;
        let child: ChildProcess | undefined;
        let e2e: E2EStack;
        const store = "emulator-restart";
        let url = "";

        /** Starts the emulator CLI (own process) on `port` (0 = any), resolves with its URL. */
        async function startEmulatorProcess(): Promise<string> {
            child = spawn(
                process.execPath,
                [path.join(REPO_ROOT, "dist", "emulator", "cli.js"), "--port", String(port), "--data-dir", dataDir, "--quiet"],
                {
                    stdio: ["ignore", "pipe", "inherit"],
                },
            );
            let out = "";
            return new Promise((resolve, reject) => {
                child!.stdout!.on("data", (d: Buffer) => {
                    out += d.toString();
                    const m = /listening on (http:\/\/\S+)/.exec(out);
                    if (m) resolve(m[1]);
                });
                child!.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
            });
        }

        async function journal(): Promise<RecordedRequest[]> {
            return ((await (await fetch(`${url}/_emulator/requests`)).json()) as { requests: RecordedRequest[] }).requests;
        }

        before(async () => {
            dataDir = mkdtempSync(path.join(tmpdir(), "osv2-restart-"));
            url = await startEmulatorProcess();
            port = Number(new URL(url).port);
            e2e = await manyKeysStack({ url } as RunningEmulator, store, KEYS);
        });
        after(async () => {
            if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
            child?.kill("SIGKILL");
            rmSync(dataDir, { recursive: true, force: true });
        });

        it("the running up finishes by itself (refusals retried, the token renewed after the 401) with exactly the declared keys; preview is clean", async () => {
            const run = runCli(e2e, { url } as RunningEmulator, ["up", "--yes", "--skip-preview"]);
            let posts = 0;
            const deadline = Date.now() + 180_000;
            while (posts < KILL_AFTER_POSTS && Date.now() < deadline) {
                posts = (await journal()).filter(isKeyPost).length;
                await new Promise((r) => setTimeout(r, 100));
            }
            expect(posts).to.be.at.least(KILL_AFTER_POSTS);
            child!.kill("SIGKILL");
            await new Promise((r) => child!.once("exit", r));
            await new Promise((r) => setTimeout(r, 2000)); // an outage of 2 s: the client retries connection refusals
            expect(await startEmulatorProcess()).to.equal(url);

            // README ("After an interrupted run"): the running up finishes by itself: connection refusals during the
            // outage are retried within the budget, and the token the restarted service no longer knows is renewed.
            const first = await run.done;
            expect(first.code, first.output).to.equal(0);
            const restarted = await journal(); // the restarted process's journal: only what came after the restart
            const firstRejected = restarted.find((r) => r.status === 401 && r.url.includes("/api/v1/"));
            expect(firstRejected, "a data-plane request with the old token was answered 401").to.not.equal(undefined);
            const renewed = restarted.find(
                (r) => r.method === "POST" && r.url.startsWith("/accounts/api/v2/oauth2/token") && r.status === 200,
            );
            expect(renewed, "a new token was fetched").to.not.equal(undefined);
            expect(renewed!.seq).to.be.above(firstRejected!.seq);
            expect(restarted.filter((r) => isKeyPost(r) && r.status === 201).length).to.be.above(0); // the up went on after the restart
            const check = await checkKeys(url, store, KEYS);
            expect(check, JSON.stringify(check)).to.deep.equal({ verified: KEYS, missing: [], extra: [], wrong: [] });
            expect([...stateSummary(e2e).keys].sort()).to.deep.equal(manyKeys(KEYS).map((k) => k.keyId));
            const preview = await cli(e2e, { url }, ["preview", "--refresh", "--expect-no-changes"]);
            expect(preview.code, preview.output).to.equal(0);
        });
    });
});

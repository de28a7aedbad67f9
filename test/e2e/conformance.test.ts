/**
 * The conformance run against the emulator, so the harness itself is tested: every probe holds, the
 * lifecycle (real `pulumi` CLI) passes, nothing of the run is left, every write the emulator saw is
 * inside the scratch store, and the report's request count is the emulator's. The CLI: SIGINT
 * during the probes still deletes the scratch store; --cleanup deletes only earlier runs' stores; an
 * existing scratch store is refused without a write.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { resolveConnectionSettings } from "../../provider/config";
import { withoutAnypointEnv } from "../../provider/conformance/lifecycle";
import { passed, type ConformanceReport } from "../../provider/conformance/report";
import { ConformanceRefused, runConformance } from "../../provider/conformance/run";
import { EmulatorApi, REPO_ROOT, anypointEnv, getPulumiCommand, startTestEmulator } from "./harness";

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli.js");
const WRITES = new Set(["PUT", "POST", "PATCH", "DELETE"]);

/** Runs the package's CLI with `env` (and no other ANYPOINT_* variable); `onLine` sees stderr lines and may signal the child. */
function cli(
    args: string[],
    env: Record<string, string>,
    onLine: (line: string, child: ReturnType<typeof spawn>) => void = () => undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], {
            env: { ...withoutAnypointEnv(process.env), ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        let pending = "";
        child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr!.on("data", (d: Buffer) => {
            stderr += d.toString();
            pending += d.toString();
            const lines = pending.split("\n");
            pending = lines.pop()!;
            for (const line of lines) onLine(line, child);
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("e2e: conformance against the emulator", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let tmp: string;

    before(async () => {
        await getPulumiCommand(); // the lifecycle runs the pulumi CLI found on PATH
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-conformance-e2e-"));
    });
    after(async () => {
        await emulator?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("every probe holds, the lifecycle passes, nothing is left, every write stays in the scratch store", async () => {
        const since = emulator.lastRequestSeq();
        const started = Date.now();
        const report: ConformanceReport = await runConformance({
            settings: resolveConnectionSettings(undefined, anypointEnv(emulator)),
            settingsFrom: "the test's emulator",
            prefix: "e2e-conformance",
            journal: emulator,
        });
        const notHeld = report.probes.filter((p) => p.result !== "held" && p.result !== "skipped");
        expect(notHeld.map((p) => `${p.id}: ${p.result}: ${p.detail} ${JSON.stringify(p.answer)}`)).to.deep.equal([]);
        expect(report.probes.filter((p) => p.result === "skipped").map((p) => p.id)).to.deep.equal(["store-home-region-only"]);
        expect(report.lifecycle.result, JSON.stringify(report.lifecycle.steps, null, 2)).to.equal("passed");
        expect(report.lifecycle.steps.map((s) => s.name)).to.deep.equal([
            "pulumi stack init",
            "pulumi up",
            "pulumi preview --expect-no-changes",
            "out-of-band change",
            "pulumi preview --refresh --expect-no-changes (drift gate)",
            "pulumi destroy",
        ]);
        expect(report.cleanup.leftovers).to.deep.equal([]);
        expect(passed(report)).to.equal(true);

        // What the run sent (read before this test sends anything itself): every write inside the scratch store (or its -lifecycle / over-long-id stores).
        const journal = emulator.requests(since);
        // Nothing of the run is left.
        expect((await api.listStoreIds()).filter((id) => id.startsWith("e2e-conformance-"))).to.deep.equal([]);
        const writes = journal.filter((r) => WRITES.has(r.method) && r.url.startsWith("/api/v1/"));
        expect(writes.length).to.be.greaterThan(100);
        const outside = writes.filter((r) => !r.url.split("?")[0]!.includes(`/stores/${report.scratchStoreId}`));
        expect(outside.map((r) => `${r.method} ${r.url}`)).to.deep.equal([]);
        // The counts of the report are what the emulator answered.
        expect(report.requests.total).to.equal(journal.length);
        process.stdout.write(
            `      ${report.summary.held} probes held, ${report.summary.skipped} skipped; requests: ${report.requests.probes} by the probes, ` +
                `${report.requests.lifecycle} by the lifecycle (${report.requests.secondsAt10PerSecond} s at 10 requests/s); took ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
        );
    });

    it("refuses to run when the scratch store exists, and writes nothing", async () => {
        expect((await api.request("PUT", "/stores/e2e-refuse-0a1b2c3d", {})).status).to.equal(201);
        const since = emulator.lastRequestSeq();
        let error: unknown;
        try {
            await runConformance({
                settings: resolveConnectionSettings(undefined, anypointEnv(emulator)),
                settingsFrom: "test",
                scratchStoreId: "e2e-refuse-0a1b2c3d",
            });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConformanceRefused);
        expect(emulator.requests(since).filter((r) => WRITES.has(r.method) && r.url.startsWith("/api/v1/"))).to.deep.equal([]);
        expect((await api.getStore("e2e-refuse-0a1b2c3d")).status).to.equal(200);
    });

    it("the CLI: SIGINT during the probes stops the run, deletes the scratch store and exits 130 with an interrupted report", async () => {
        const out = path.join(tmp, "interrupted");
        let signalled = false;
        const run = await cli(
            ["conformance", "--env-only", "--skip-lifecycle", "--prefix", "e2e-sigint", "--out", out],
            anypointEnv(emulator),
            (line, child) => {
                if (!signalled && line.includes("key-post-create-201")) {
                    signalled = true;
                    child.kill("SIGINT");
                }
            },
        );
        expect(signalled, run.stderr).to.equal(true);
        expect(run.code, run.stderr).to.equal(130);
        expect(run.stderr).to.contain("SIGINT: stopping; deleting what this run made");
        const report = JSON.parse(fs.readFileSync(path.join(out, "conformance-report.json"), "utf8")) as ConformanceReport;
        expect(report.interrupted).to.equal(true);
        expect(report.summary.notRun).to.be.greaterThan(10);
        expect(report.cleanup.leftovers).to.deep.equal([]);
        expect((await api.listStoreIds()).filter((id) => id.startsWith("e2e-sigint-"))).to.deep.equal([]);
        expect(fs.readFileSync(path.join(out, "conformance-report.md"), "utf8")).to.contain("**interrupted**");
    });

    it("the CLI: --cleanup deletes the stores earlier runs left with the prefix, and no other store", async () => {
        for (const id of ["e2e-cleanup-0a1b2c3d", "e2e-cleanup-0a1b2c3d-lifecycle", "e2e-cleanup-keep", "other-0a1b2c3d"]) {
            expect((await api.request("PUT", `/stores/${id}`, {})).status).to.equal(201);
        }
        const run = await cli(["conformance", "--env-only", "--cleanup", "--prefix", "e2e-cleanup"], anypointEnv(emulator));
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("deleted e2e-cleanup-0a1b2c3d\n");
        expect(run.stdout).to.contain("deleted e2e-cleanup-0a1b2c3d-lifecycle\n");
        const ids = await api.listStoreIds();
        expect(ids).to.include.members(["e2e-cleanup-keep", "other-0a1b2c3d"]);
        expect(ids).to.not.include.members(["e2e-cleanup-0a1b2c3d"]);
        expect(ids).to.not.include("e2e-cleanup-0a1b2c3d-lifecycle");
    });
});

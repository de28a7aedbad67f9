import { type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { spawnCli } from "./cli-helpers";
import { Harness, paths, request } from "./helpers";

describe("emulator SQLite persistence", () => {
    it("keeps stores, partitions, keys, expiries, pending confirmations and the clock across a restart", async () => {
        const h = await Harness.start("sqlite");
        try {
            await h.call("PUT", paths.store("s"), {
                body: { defaultTtlSeconds: 3600, isFixedTtl: true, usageLimits: { maxKeys: 10, enforcement: "WARN" } },
            });
            await h.call("PUT", paths.key("s", "p", "str"), { body: { stringValue: "héllo", metadata: "m" } });
            await h.call("PUT", paths.key("s", "p", "num"), { body: { numberValue: 1.25 } });
            await h.call("PUT", paths.key("s", "q", "a/b c"), { body: { binaryValue: "AAEC/w==" } });
            const pending = await h.call("PUT", `${paths.key("s", "p", "pending")}?confirmable=true`, { body: { numberValue: 9 } });
            await request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds: 300 } });
            const before = (await request(h.url, "GET", "/_emulator/state")).json;

            await h.restart();
            const after = (await request(h.url, "GET", "/_emulator/state")).json;
            expect(after.backend).to.equal("sqlite");
            expect(after.stores).to.deep.equal(before.stores);
            expect(after.pendingConfirmations).to.deep.equal(before.pendingConfirmations);
            expect(after.nowMs - before.nowMs, "the clock offset survives").to.be.within(0, 60_000);
            expect((await h.call("GET", paths.key("s", "q", "a/b c"))).json).to.deep.equal({
                keyId: "a/b+c",
                valueType: "BINARY",
                binaryValue: "AAEC/w==",
            });
            expect(
                (await h.call("POST", `${paths.key("s", "p", "pending")}/confirmations/${pending.json.confirmationId}`)).status,
            ).to.equal(204);
            expect((await h.call("GET", paths.key("s", "p", "pending"))).json.numberValue).to.equal(9);
            await request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds: 3301 } });
            await h.restart();
            expect((await h.call("GET", paths.key("s", "p", "str"))).status, "expired after restart").to.equal(404);
        } finally {
            await h.stop();
        }
    });

    it("a kill -9 loses no acknowledged write", async function () {
        this.timeout(60_000);
        const dataDir = mkdtempSync(join(tmpdir(), "osv2-emu-crash-"));
        const P = "/api/v1/organizations/o/environments/e/stores/crash/partitions/p/keys";
        let child: ChildProcessWithoutNullStreams | undefined;
        try {
            const first = await spawnCli(["--port", "0", "--auth", "off", "--quiet", "--data-dir", dataDir]);
            child = first.child;
            expect((await request(first.url, "PUT", "/api/v1/organizations/o/environments/e/stores/crash")).status).to.equal(201);
            const acknowledged = new Map<string, string>();
            let killed = false;
            const writer = async (worker: number) => {
                for (let i = 0; !killed && i < 10_000; i++) {
                    const keyId = `w${worker}-${String(i).padStart(5, "0")}`;
                    const value = `value of ${keyId} `.repeat(1 + (i % 7));
                    try {
                        const res = await request(first.url, "PUT", `${P}/${keyId}`, { body: { stringValue: value } });
                        if (res.status === 201) acknowledged.set(keyId, value);
                    } catch {
                        return; // connection died with the process
                    }
                    if (acknowledged.size >= 150 && !killed) {
                        killed = true;
                        first.child.kill("SIGKILL"); // other writers still have requests in flight
                    }
                }
            };
            const exited = once(first.child, "exit");
            await Promise.all([0, 1, 2, 3].map(writer));
            const [, signal] = await exited;
            expect(signal).to.equal("SIGKILL");
            expect(acknowledged.size).to.be.at.least(150);

            const second = await spawnCli(["--port", "0", "--auth", "off", "--quiet", "--data-dir", dataDir]);
            child = second.child;
            const missing: string[] = [];
            for (const [keyId, value] of acknowledged) {
                const res = await request(second.url, "GET", `${P}/${keyId}`);
                if (res.status !== 200 || res.json.stringValue !== value) missing.push(`${keyId}: ${res.status}`);
            }
            expect(missing, "acknowledged writes lost by the crash").to.deep.equal([]);
        } finally {
            if (child && child.exitCode === null && child.signalCode === null) {
                child.kill("SIGTERM");
                await once(child, "exit");
            }
            rmSync(dataDir, { recursive: true, force: true });
        }
    });
});

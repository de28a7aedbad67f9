/**
 * Issue 16: long waits are visible. A Key whose create OSv2 answers with 429 and `Retry-After: 3`
 * (the emulator's fault injection, once): the provider waits 3 s and retries, and that wait is
 * reported through Pulumi's log, naming the object, in the real `pulumi up` output
 * (provider/dynamic/engine-log.ts: the dynamic provider host's Log call to the engine).
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedRequest, RunningEmulator } from "../../emulator";
import { Key, Partition, Store } from "../../provider";
import { E2EStack, diagnosticsSection, inlineStack, startTestEmulator } from "./harness";

const STORE = "long-waits";

describe("e2e: long waits are reported in the pulumi up output (issue 16)", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let e2e: E2EStack;

    before(async () => {
        emulator = await startTestEmulator();
        e2e = await inlineStack(emulator, async () => {
            const store = new Store("sessions", { storeId: STORE });
            const flags = new Partition("flags", { storeId: store.storeId, partitionId: "flags" });
            new Key("new-checkout", { storeId: store.storeId, partitionId: flags.partitionId, keyId: "new-checkout", stringValue: "on" });
            return { storeId: pulumi.output(store.storeId) };
        });
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    it("a 429 with Retry-After: 3 on a Key's create: the 3 s wait is logged with the key, the attempt and the budget left; up succeeds", async () => {
        const rule = await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                method: "POST",
                route: "/partitions/flags/keys/new-checkout$",
                status: 429,
                retryAfterSeconds: 3,
                times: 1,
            }),
        });
        expect(rule.status).to.equal(201);
        const since = emulator.lastRequestSeq();

        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.summary.result).to.equal("succeeded");

        const posts = emulator
            .requests(since)
            .filter((r: RecordedRequest) => r.method === "POST" && r.url.endsWith("/partitions/flags/keys/new-checkout"));
        expect(posts.map((r) => r.status)).to.deep.equal([429, 201]);
        expect(posts[1].atMs - posts[0].atMs).to.be.at.least(3000); // the Retry-After was honoured

        const printed = e2e.output.join("");
        const line =
            /Key 'flags\/new-checkout' in store 'long-waits': OSv2 answered 429; retrying in 3 s \(attempt 2; (\d+) s of the 120 s budget left\)/.exec(
                printed,
            );
        expect(line, printed).to.not.equal(null);
        expect(Number(line![1])).to.be.within(100, 120);
        console.log(
            `      pulumi up printed: ${printed
                .split("\n")
                .find((l) => l.includes("OSv2 answered 429"))!
                .trim()}`,
        );
        // Reported once: one diagnostic (the engine shows it with the stack, the dynamic interface has no URN).
        const diagnostics = diagnosticsSection(printed);
        expect(diagnostics.split("OSv2 answered 429; retrying in 3 s").length - 1, printed).to.equal(1);
        expect(diagnostics).to.match(/pulumi:pulumi:Stack \(osv2-e2e-[^)]*\):\n\s+warning: Key 'flags\/new-checkout'/);
    });
});

/**
 * The preview guard itself (./preview-guard.ts), so that the check every e2e preview relies on can
 * fail: an inline program that writes to the emulator while Pulumi previews it (as a provider that
 * wrote during a preview would) fails `pulumi preview` and the preview inside `pulumi up`; writes of
 * the update itself pass; the helper reads journal ranges exactly. A program in another process (Python,
 * Go: ./inline-programs.ts) reports where its update starts, and the guard holds its preview to it.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, inlineStack, startTestEmulator } from "./harness";
import { assertPreviewWroteNothing, guardProgramRun, previewWrites } from "./preview-guard";

describe("e2e: the preview guard fails a preview that writes, and only the preview", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;
    /** When the program writes: in the preview (dry run), in the update, or never. */
    let writeIn: "preview" | "update" | "never" = "never";
    let writes = 0;

    before(async () => {
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await inlineStack(emulator, async () => {
            if (writeIn === (pulumi.runtime.isDryRun() ? "preview" : "update")) {
                await api.request("PUT", `/stores/guard-probe-${++writes}`, {});
            }
            return {};
        });
    });

    after(async () => {
        await e2e?.dispose();
        await emulator?.close();
    });

    it("the helper: reads and token requests pass, a write fails naming it, the range is exact", async () => {
        const seq = emulator.lastRequestSeq();
        await api.getStore("none"); // a token request, then a GET
        expect(assertPreviewWroteNothing(emulator, seq).length).to.equal(2);
        await api.request("PUT", "/stores/helper-probe", {});
        const afterWrite = emulator.lastRequestSeq();
        expect(() => assertPreviewWroteNothing(emulator, seq)).to.throw(
            /the preview sent 1 write\(s\)[\s\S]*WRITE PUT \/environments\/[^/]+\/stores\/helper-probe 201/,
        );
        expect(previewWrites(emulator, seq, afterWrite - 1)).to.deep.equal([]);
        expect(previewWrites(emulator, seq).length).to.equal(1);
    });

    it("`pulumi preview` of a program that writes while previewed fails with the writes", async () => {
        writeIn = "preview";
        const err = await e2e.stack.preview({ onOutput: e2e.onOutput }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err?.message).to.match(
            /`pulumi preview[^`]*` sent 1 write\(s\)[\s\S]*WRITE PUT \/environments\/[^/]+\/stores\/guard-probe-1 201/,
        );
    });

    it("`pulumi up` (its preview first) of a program that writes while previewed fails; writes of the update pass", async () => {
        writeIn = "preview";
        const err = await e2e.stack.up({ onOutput: e2e.onOutput }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err?.message).to.match(/the preview of `pulumi up[^`]*` sent 1 write\(s\)[\s\S]*guard-probe-2 201/);
        expect(writes, "the program ran twice: preview, then update (which wrote nothing)").to.equal(2);

        writeIn = "update";
        const seq = emulator.lastRequestSeq();
        await e2e.stack.up({ onOutput: e2e.onOutput });
        const written = previewWrites(emulator, seq).map((r) => r.url);
        expect(written).to.have.length(1);
        expect(written[0]).to.match(/\/stores\/guard-probe-3$/);
    });

    it("a program in another process: its preview's writes fail the `up`, writes after it reports its update run pass", async () => {
        const err = await guardProgramRun("up", "the probe's up", async (programRuns) => {
            programRuns(true);
            await api.request("PUT", "/stores/foreign-probe-preview", {});
            programRuns(false);
            await api.request("PUT", "/stores/foreign-probe-update", {});
        }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err?.message).to.match(/the preview of the probe's up sent 1 write\(s\)[\s\S]*foreign-probe-preview 201/);
        expect(err?.message).to.not.include("foreign-probe-update");
        await guardProgramRun("up", "the probe's up", async (programRuns) => {
            programRuns(true);
            await api.getStore("foreign-probe-update");
            programRuns(false);
            await api.request("PATCH", "/stores/foreign-probe-update", { persistent: false });
        });
        const preview = await guardProgramRun("preview", "the probe's preview", async () => {
            await api.request("DELETE", "/stores/foreign-probe-update");
        }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(preview?.message).to.match(/the probe's preview sent 1 write/);
    });
});

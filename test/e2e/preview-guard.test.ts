/**
 * The preview guard itself (./preview-guard.ts), so that the check every e2e preview relies on can
 * fail: an inline program that writes to the emulator while Pulumi previews it (as a provider that
 * wrote during a preview would) fails `pulumi preview` and the preview inside `pulumi up`; writes of
 * the update itself pass; the helper reads journal ranges exactly.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, inlineStack, startTestEmulator } from "./harness";
import { assertPreviewWroteNothing, previewWrites } from "./preview-guard";

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
});

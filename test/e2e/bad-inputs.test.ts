/**
 * Bad input, table-driven (test/e2e/bad-input-cases.ts), with the real `pulumi` CLI running a
 * program from a directory: every case fails at `pulumi preview` with one message that names the
 * field, the value (abridged, never a secret, never megabytes), the limit and the fix, reported
 * once, without a stack trace, and before any request reaches the emulator.
 */
import * as path from "path";
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { BAD_INPUTS, SECRET } from "./bad-input-cases";
import { E2EStack, diagnosticsSection, programStack, startTestEmulator } from "./harness";

describe("e2e: bad input stops at preview (real pulumi CLI)", function () {
    this.timeout(900_000);
    let emulator: RunningEmulator;
    const stacks: E2EStack[] = [];

    before(async () => {
        emulator = await startTestEmulator();
        const program = path.join(__dirname, "programs", "bad-input.js");
        stacks.push(await programStack(emulator, program));
        stacks.push(await programStack(emulator, program, { ANYPOINT_CLIENT_SECRET: "" }));
    });

    after(async () => {
        for (const s of stacks) await s.dispose();
        await emulator?.close();
    });

    it(`has at least 40 cases`, () => {
        expect(BAD_INPUTS.length).to.be.at.least(40);
    });

    for (const bad of BAD_INPUTS) {
        it(`${bad.name}: one message at preview, no request sent`, async function () {
            this.timeout(120_000);
            const e2e = stacks[bad.noSecretEnv ? 1 : 0];
            const config = Object.fromEntries(
                Object.entries(bad.config ?? {}).map(([k, value]) => [k, { value, secret: /password|Token/.test(k) }]),
            );
            await e2e.stack.setAllConfig({ ...config, "case:name": { value: bad.name } });
            const seq = emulator.lastRequestSeq();
            const from = e2e.output.length;
            let error: Error | undefined;
            try {
                await e2e.stack.preview({ onOutput: e2e.onOutput });
            } catch (e) {
                error = e as Error;
            } finally {
                for (const key of Object.keys(bad.config ?? {})) await e2e.stack.removeConfig(key);
            }
            const printed = e2e.output.slice(from).join("");
            expect(error, "preview must fail").to.be.instanceOf(Error);
            const match = bad.message.exec(printed);
            expect(match, `message ${bad.message} in:\n${printed.slice(0, 3000)}`).to.not.equal(null);
            const line = diagnosticsSection(printed)
                .split("\n")
                .find((l) => l.includes(match![0]));
            console.log(`      ${line?.replace(/^.*?(resource '[^']*' has a problem: |error: )/, "").trim()}`);
            // The engine echoes a diagnostic on the resource's progress line and lists it once under
            // "Diagnostics:"; the message must be reported exactly once there.
            const diagnostics = diagnosticsSection(printed);
            expect(diagnostics.split(match![0]).length - 1, `reported once:\n${printed.slice(0, 3000)}`).to.equal(1);
            expect(
                printed.split(match![0]).length - 1,
                `shown at most on the progress line, in Diagnostics and in the Automation API's summary`,
            ).to.be.at.most(3);
            expect(printed).to.not.match(/\n\s+at .+:\d+:\d+\)?\n/, "no stack trace");
            expect(printed).to.not.match(/\.ts:\d+/, "no source paths");
            expect(printed).to.not.include(SECRET);
            expect(printed.length, "no megabyte values").to.be.below(20_000);
            expect(emulator.requests(seq), "no request reached the emulator").to.deep.equal([]);
        });
    }
});

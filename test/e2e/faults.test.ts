/**
 * Issue 10: `pulumi up` and the drift gate converge through faults. The real `pulumi` CLI runs a
 * directory program of 200 Key resources against an emulator injecting the fault mix on
 * every data-plane and token request (50-150 ms latency, 20% 429 with Retry-After 1 s, 5% 503, 2%
 * connection resets). Each round: `up` succeeds in one run, the emulator holds exactly the declared
 * keys and values, each key was created by exactly one successful POST and never overwritten, and
 * `preview --refresh --expect-no-changes` passes; then `destroy` (also under faults) leaves nothing.
 * One more round adds lost answers: 5% of the key creates are carried out but the connection is
 * reset instead of answering, the case where a blind retry would get a false 409.
 * The client's pace is raised to 50 requests/s (ANYPOINT_REQUESTS_PER_SECOND) to keep the wall time
 * reasonable; the emulator enforces no rate limit here, the injected 429s stand in for it. Many
 * more rounds: `npm run bench:faults` (scripts/bench-faults.ts).
 */
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import type { E2EStack } from "./harness";
import { startTestEmulator } from "./harness";
import { checkKeys, clearFaults, faultAnswers, injectFaultMix, injectLostAnswers, manyKeysStack } from "./many-keys";

const KEYS = 200;
const ROUNDS = 1;
const STORE = "faults-e2e";

describe("e2e: pulumi up and the drift gate through injected faults (issue 10)", function () {
    this.timeout(1_200_000);
    let emulator: RunningEmulator;
    let e2e: E2EStack;

    before(async () => {
        emulator = await startTestEmulator();
        e2e = await manyKeysStack(emulator, STORE, KEYS, { ANYPOINT_REQUESTS_PER_SECOND: "50" });
    });

    after(async () => {
        if (emulator) await clearFaults(emulator.url);
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    const cases = [...Array(ROUNDS).keys()].map((i) => ({
        name: `round ${i + 1}: up of ${KEYS} keys in one run, exactly the declared keys, clean preview --refresh, destroy`,
        lostAnswers: 0,
    }));
    cases.push({
        name: `lost answers: 5% of the key creates are carried out but their answer is lost; each key is still created once, none wrong`,
        lostAnswers: 0.05,
    });
    for (const { name, lostAnswers } of cases) {
        it(name, async () => {
            await injectFaultMix(emulator.url);
            if (lostAnswers) await injectLostAnswers(emulator.url, lostAnswers);
            const since = emulator.lastRequestSeq();

            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.result).to.equal("succeeded");
            expect(up.summary.resourceChanges).to.include({ create: KEYS + 3 }); // the stack, store, partition and keys

            const check = await checkKeys(emulator.url, STORE, KEYS);
            expect(check, JSON.stringify(check)).to.deep.equal({ verified: KEYS, missing: [], extra: [], wrong: [] });

            const sent = emulator.requests(since);
            const keyWrites = sent.filter((r) => /\/keys\/[^/]+$/.test(r.url.split("?")[0]) && r.method !== "GET" && r.method !== "HEAD");
            expect(
                keyWrites.filter((r) => r.method !== "POST"),
                "no key is overwritten",
            ).to.deep.equal([]);
            const created = keyWrites.filter((r) => r.status === 201).map((r) => decodeURIComponent(r.url.split("/").pop()!));
            expect(created, "each key created by exactly one successful POST").to.have.length(KEYS);
            expect(new Set(created).size).to.equal(KEYS);
            expect(
                keyWrites.filter((r) => r.status === 409).map((r) => r.url),
                "no false 409 for the client's own create",
            ).to.deep.equal([]);
            const faults = faultAnswers(sent);
            // The faults did hit this run (otherwise the test proves nothing): 20% of well over 200 requests.
            expect(faults.tooManyRequests, JSON.stringify(faults)).to.be.greaterThan(10);
            expect(faults.unavailable, JSON.stringify(faults)).to.be.greaterThan(0);
            // A create whose answer was lost is recognised by reading the key (no second POST taking effect, no 409).
            if (lostAnswers) expect(faults.answerLost, JSON.stringify(faults)).to.be.greaterThan(0);

            await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });

            const destroy = await e2e.stack.destroy({ onOutput: e2e.onOutput });
            expect(destroy.summary.result).to.equal("succeeded");
            await clearFaults(emulator.url);
            const after = await checkKeys(emulator.url, STORE, KEYS);
            expect(after.verified + after.extra.length + after.wrong.length, "destroy leaves no key").to.equal(0);
            const stores = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { stores: unknown[] };
            expect(stores.stores, "destroy leaves no store").to.deep.equal([]);
        });
    }
});

/**
 * `npm run bench:faults`: many rounds of the fault e2e (test/e2e/faults.test.ts, issue 10). Each
 * round, against the bundled emulator injecting the issue's fault mix on every data-plane and token
 * request (50-150 ms latency, 20% 429 with Retry-After 1 s, 5% 503, 2% connection resets):
 *   1. `pulumi up` of the many-keys program (1 Store, 1 Partition, `--keys` Key resources; the real
 *      CLI running a directory program), then a check that the emulator holds exactly the declared
 *      keys and values (none missing, none extra, none wrong);
 *   2. `pulumi preview --refresh --expect-no-changes` (the pipeline drift gate);
 *   3. `pulumi destroy`, also under faults (so the next round creates every key again).
 * It prints one line per round and a summary: failures of each step, the retries the faults caused
 * (429, 503 and reset answers counted in the emulator's request journal), the longest run of faulted
 * answers to one request, total time and keys verified, and what the rounds show about the failure
 * rate (with 0 failures in n rounds, the 95% upper bound of the per-round failure rate is 3/n, the
 * "rule of three"). The client paces at `--rps` (ANYPOINT_REQUESTS_PER_SECOND, default 50 here; the
 * emulator enforces no rate limit, the injected 429s stand in for it).
 *
 * `--lost-answers P` adds lost answers: P of the key creates the other rules let through are carried
 * out, but the connection is reset instead of answering.
 *
 *   npm run bench:faults -- [--rounds 20] [--keys 200] [--rps 50] [--minutes 0 (no time limit)] [--lost-answers 0]
 */
import type { RecordedRequest } from "../emulator";
import { startEmulator } from "../emulator";
import { checkKeys, clearFaults, faultAnswers, FAULT_MIX, injectFaultMix, injectLostAnswers, manyKeysStack } from "../test/e2e/many-keys";

interface Args {
    rounds: number;
    keys: number;
    rps: number;
    /** Stop starting new rounds after this many minutes (0 = no limit). */
    minutes: number;
    /** Share of key creates whose answer is lost (0..1). */
    "lost-answers": number;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { rounds: 20, keys: 200, rps: 50, minutes: 0, "lost-answers": 0 };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, "") as keyof Args;
        const value = Number(argv[i + 1]);
        if (!(name in args) || !(value >= 0) || !Number.isFinite(value))
            throw new Error(
                `usage: bench:faults [--rounds N] [--keys K] [--rps R] [--minutes M] [--lost-answers P] (bad ${argv[i]} ${argv[i + 1] ?? ""})`,
            );
        args[name] = value;
    }
    return args;
}

const FAULT_STATUSES = new Set([0, 429, 503]);

/** The longest run of consecutive faulted answers to the same request (method and URL), in journal order. */
function longestFaultStreak(requests: RecordedRequest[]): number {
    const streak = new Map<string, number>();
    let longest = 0;
    for (const r of requests) {
        const id = `${r.method} ${r.url}`;
        const n = FAULT_STATUSES.has(r.status) ? (streak.get(id) ?? 0) + 1 : 0;
        streak.set(id, n);
        longest = Math.max(longest, n);
    }
    return longest;
}

async function step(fn: () => Promise<unknown>): Promise<{ ok: boolean; seconds: number; error?: string }> {
    const t0 = Date.now();
    try {
        await fn();
        return { ok: true, seconds: (Date.now() - t0) / 1000 };
    } catch (e) {
        const lines = String((e as Error).message).split("\n");
        const error = lines.find((l) => /error:|429|503|ECONNRESET|already exists/.test(l)) ?? lines[0];
        return { ok: false, seconds: (Date.now() - t0) / 1000, error: error.trim().slice(0, 300) };
    }
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const emulator = await startEmulator({ port: 0, auth: "strict" });
    const store = "bench-faults";
    const e2e = await manyKeysStack(emulator, store, args.keys, { ANYPOINT_REQUESTS_PER_SECOND: String(args.rps) });
    const started = Date.now();
    const totals = { rounds: 0, failedRounds: 0, upFailed: 0, previewFailed: 0, destroyFailed: 0, wrongState: 0, verified: 0, requests: 0 };
    const faults = { tooManyRequests: 0, unavailable: 0, reset: 0, answerLost: 0 };
    let longest = 0;
    const m = FAULT_MIX;
    console.log(
        `bench:faults: ${args.rounds} rounds of up / preview --refresh --expect-no-changes / destroy, ${args.keys} Key resources, ` +
            `faults ${m.latencyMs[0]}-${m.latencyMs[1]} ms latency, ${m.tooManyRequests * 100}% 429 (Retry-After ${m.retryAfterSeconds} s), ` +
            `${m.unavailable * 100}% 503, ${m.reset * 100}% resets; client pace ${args.rps} requests/s`,
    );
    try {
        for (let round = 1; round <= args.rounds; round++) {
            if (args.minutes > 0 && Date.now() - started > args.minutes * 60_000) break;
            await injectFaultMix(emulator.url);
            if (args["lost-answers"] > 0) await injectLostAnswers(emulator.url, args["lost-answers"]);
            const since = emulator.lastRequestSeq();
            const up = await step(() => e2e.stack.up({ onOutput: e2e.onOutput }));
            const check = await checkKeys(emulator.url, store, args.keys);
            const exact = check.verified === args.keys && !check.missing.length && !check.extra.length && !check.wrong.length;
            const preview = await step(() => e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput }));
            const destroy = await step(() => e2e.stack.destroy({ onOutput: e2e.onOutput }));
            const sent = emulator.requests(since);
            const f = faultAnswers(sent);
            totals.rounds++;
            totals.failedRounds += up.ok && exact && preview.ok ? 0 : 1;
            totals.upFailed += up.ok ? 0 : 1;
            totals.previewFailed += preview.ok ? 0 : 1;
            totals.destroyFailed += destroy.ok ? 0 : 1;
            totals.wrongState += exact ? 0 : 1;
            totals.verified += check.verified;
            totals.requests += f.total;
            faults.tooManyRequests += f.tooManyRequests;
            faults.unavailable += f.unavailable;
            faults.reset += f.reset;
            faults.answerLost += f.answerLost;
            longest = Math.max(longest, longestFaultStreak(sent));
            console.log(
                `round ${round}: up ${up.ok ? "ok" : "FAILED"} ${up.seconds.toFixed(1)} s, keys ${exact ? "exact" : `WRONG ${JSON.stringify(check)}`} ` +
                    `(${check.verified} verified), preview ${preview.ok ? "ok" : "FAILED"} ${preview.seconds.toFixed(1)} s, ` +
                    `destroy ${destroy.ok ? "ok" : "FAILED"} ${destroy.seconds.toFixed(1)} s; ${f.total} requests, ` +
                    `retried ${f.tooManyRequests} 429 + ${f.unavailable} 503 + ${f.reset} resets` +
                    (f.answerLost ? `, ${f.answerLost} lost answers` : "") +
                    [up, preview, destroy]
                        .filter((s) => s.error)
                        .map((s) => `\n    ${s.error}`)
                        .join(""),
            );
            if (!destroy.ok) {
                // Start the next round from nothing, whatever happened.
                await clearFaults(emulator.url);
                await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            }
        }
    } finally {
        await clearFaults(emulator.url);
        await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e.dispose();
        await emulator.close();
    }
    const n = totals.rounds;
    const failedRounds = totals.failedRounds;
    const retried = faults.tooManyRequests + faults.unavailable + faults.reset + faults.answerLost;
    console.log("");
    console.log(`rounds                      ${n} (${n} up + ${n} preview --refresh --expect-no-changes + ${n} destroy)`);
    console.log(`up failures                 ${totals.upFailed} of ${n}`);
    console.log(`drift-gate failures         ${totals.previewFailed} of ${n}`);
    console.log(`destroy failures            ${totals.destroyFailed} of ${n}`);
    console.log(`rounds with wrong keys      ${totals.wrongState} of ${n}`);
    console.log(`keys verified               ${totals.verified} (exact key and value, after each up)`);
    console.log(`requests answered           ${totals.requests}`);
    console.log(
        `retries (faulted answers)   ${retried}: ${faults.tooManyRequests} x 429, ${faults.unavailable} x 503, ${faults.reset} connection resets` +
            (faults.answerLost ? `, ${faults.answerLost} lost answers` : ""),
    );
    console.log(`longest fault run, 1 request ${longest} faulted answers in a row`);
    console.log(`total time                  ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (failedRounds === 0 && n > 0)
        console.log(
            `what it shows               0 failed up/preview rounds in ${n}: the per-round failure rate is below ${((3 / n) * 100).toFixed(1)}% ` +
                `(95% upper bound, 3/n)${n >= 300 ? ", so below 1 in 100" : `; showing below 1 in 100 this way needs 300 rounds`}`,
        );
    else console.log(`what it shows               ${failedRounds} of ${n} rounds failed (up, exact keys or drift gate)`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});

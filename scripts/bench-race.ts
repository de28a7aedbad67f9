/**
 * `npm run bench:race`: the race of issue 23, section 2, repeated: per round, two stacks run `pulumi
 * up` at the same moment (the real CLI, test/e2e/programs/ownership's race cases), both declaring
 * store `race-store-<n>`, then both declaring key `k` in one partition of store `race-key-<n>`. Counts
 * the rounds with exactly one winner and prints each round's journal of the contested object.
 *
 *   npm run bench:race -- [--rounds 10] [--delay-ms 3000] [--wan] [--key-post create-only|overwrite]
 *
 * `--delay-ms`: the emulator holds the store PUT and the key POST this long (both stacks read
 * "absent" first; 0 = no hold). `--wan`: 100-300 ms on every data-plane request instead, as over a
 * WAN. `--key-post overwrite`: an emulator whose POST of an existing key overwrites it (what remains
 * there: README "Adopting what already exists"). Not part of `npm test` (test/e2e/race.test.ts runs
 * one round of each on the file and PostgreSQL backends).
 */
import * as path from "node:path";
import { startEmulator, type KeyPostMode, type RunningEmulator } from "../emulator";
import { EmulatorApi, getPulumiCommand, programStack, type E2EStack } from "../test/e2e/harness";

interface Args {
    rounds: number;
    delayMs: number;
    wan: boolean;
    keyPost: KeyPostMode;
}

const USAGE = "usage: npm run bench:race -- [--rounds 10] [--delay-ms 3000] [--wan] [--key-post create-only|overwrite]";

function parseArgs(argv: string[]): Args {
    const args: Args = { rounds: 10, delayMs: 3000, wan: false, keyPost: "create-only" };
    for (let i = 0; i < argv.length; i++) {
        const v = argv[i + 1];
        if (argv[i] === "--rounds" && Number.isInteger(Number(v)) && Number(v) > 0) args.rounds = Number(argv[++i]);
        else if (argv[i] === "--delay-ms" && Number.isInteger(Number(v)) && Number(v) >= 0) args.delayMs = Number(argv[++i]);
        else if (argv[i] === "--wan") args.wan = true;
        else if (argv[i] === "--key-post" && (v === "create-only" || v === "overwrite")) args.keyPost = argv[++i] as KeyPostMode;
        else throw new Error(USAGE);
    }
    return args;
}

const PROGRAM = path.join(__dirname, "..", "test", "e2e", "programs", "ownership.js");

async function fault(emulator: RunningEmulator, rule: object): Promise<void> {
    const res = await fetch(`${emulator.url}/_emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(rule),
    });
    if (res.status !== 201) throw new Error(`fault rule refused: ${res.status} ${await res.text()}`);
}

/** Two stacks of the ownership program with `config`, their `up` at the same moment; how many succeeded. */
async function race(emulator: RunningEmulator, configs: Record<string, string>[]): Promise<number> {
    const stacks: E2EStack[] = [];
    try {
        for (const config of configs) {
            const e2e = await programStack(emulator, PROGRAM);
            stacks.push(e2e);
            await e2e.stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`own:${k}`, { value: v }])));
        }
        const ok = await Promise.all(
            stacks.map((e2e) =>
                e2e.stack.up().then(
                    () => true,
                    () => false,
                ),
            ),
        );
        for (const e2e of stacks) await e2e.stack.destroy().catch(() => undefined);
        return ok.filter(Boolean).length;
    } finally {
        for (const e2e of stacks) await e2e.dispose();
    }
}

/** `GET 404, GET 404, PUT 201, PUT 200`: the requests on `path` since `seq`. */
function journalOf(emulator: RunningEmulator, seq: number, pathEnd: string): string {
    return emulator
        .requests(seq)
        .filter((r) => r.method !== "DELETE" && r.url.split("?")[0].endsWith(pathEnd))
        .map((r) => `${r.method} ${r.status}`)
        .join(", ");
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    await getPulumiCommand(); // the project's Pulumi CLI first on PATH
    const emulator = await startEmulator({ port: 0, auth: "strict", keyPost: args.keyPost });
    const api = new EmulatorApi(emulator);
    const single = { store: 0, key: 0 };
    console.log(
        `\nTwo stacks' \`pulumi up\` at the same moment, ${args.rounds} rounds; ` +
            `${args.wan ? "100-300 ms on every data-plane request" : `store PUT and key POST held ${args.delayMs} ms`}; emulator keyPost ${args.keyPost}.\n`,
    );
    console.log("| round | store: journal | store winners | key: journal | key winners |");
    console.log("|---:|---|---:|---|---:|");
    try {
        if (args.wan) await fault(emulator, { route: "/api/v1/", latencyMs: 100, latencyMaxMs: 300 });
        for (let round = 1; round <= args.rounds; round++) {
            const storeId = `race-store-${round}`;
            const keyStore = `race-key-${round}`;
            await api.request("PUT", `/stores/${keyStore}`, {});
            if (!args.wan && args.delayMs > 0) {
                await fault(emulator, { method: "PUT", route: `/stores/${storeId}$`, latencyMs: args.delayMs });
                await fault(emulator, { method: "POST", route: `/stores/${keyStore}/partitions/p/keys/k$`, latencyMs: args.delayMs });
            }
            let seq = emulator.lastRequestSeq();
            const storeWinners = await race(emulator, [
                { case: "race-store", storeId },
                { case: "race-store", storeId },
            ]);
            const storeJournal = journalOf(emulator, seq, `/stores/${storeId}`);
            seq = emulator.lastRequestSeq();
            const keyWinners = await race(emulator, [
                { case: "race-key", storeId: keyStore, value: "a" },
                { case: "race-key", storeId: keyStore, value: "b" },
            ]);
            const keyJournal = journalOf(emulator, seq, `/partitions/p/keys/k`);
            if (storeWinners === 1) single.store++;
            if (keyWinners === 1) single.key++;
            console.log(`| ${round} | ${storeJournal} | ${storeWinners} | ${keyJournal} | ${keyWinners} |`);
        }
    } finally {
        await emulator.close();
    }
    console.log(`\nExactly one winner: store ${single.store} of ${args.rounds} rounds, key ${single.key} of ${args.rounds} rounds.`);
}

main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
});

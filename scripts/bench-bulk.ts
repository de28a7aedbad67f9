/**
 * `npm run bench`: seeding keys with Pulumi next to the bare client, against the bundled emulator,
 * in ONE table measured in one run (medians of `--reps` repetitions; issue 11 rows (a)-(g)):
 *   (a) floor: the project's client writing N keys (POST, 8 in flight), no pacing
 *   (b) `pulumi up` of one KeyEntries with N keys, no pacing (and the no-op `up`: fixed engine cost)
 *   (c) `pulumi up` of M Key resources, no pacing, next to the client writing M keys
 *   (d) `pulumi refresh` and `pulumi preview --refresh` of (b), next to a bare paginated read
 *       (list every page, then GET each key) with the client
 *   (e) emulator rate limit on (10 requests/s) and the provider's default pacing (10 requests/s):
 *       `pulumi up` of N keys next to the physical limit N / 10 s, and the 429s the emulator sent;
 *       at the same budget also (d) refresh of N keys and (c) `pulumi up` of M Key resources, next
 *       to their physical limits (the requests they need / 10)
 *   (f) state bytes per key: KeyEntries (b) and Key resources (c)
 *   (g) peak memory (RSS) of the pulumi process tree (the CLI, language host, dynamic provider host)
 * The emulator runs in this process; the Pulumi CLI and its plugins are its child processes.
 *
 *   npm run bench -- [--keys 1000] [--key-resources 200] [--reps 3] [--rate-reps 1] [--only bce]
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../emulator";
import { Key, KeyEntries, Store } from "../provider";
import { getClient, settingsFor, currentConnectionSettings, resetConnection } from "../provider/config";
import { KEY_ENTRIES_CONCURRENCY } from "../provider/resources/key-entries";
import { mapSettled } from "../provider/util/concurrency";
import type { EntryMap } from "../provider/resources/key-entries-plan";
import { E2EStack, inlineStack } from "../test/e2e/harness";

interface Args {
    keys: number;
    keyResources: number;
    reps: number;
    rateReps: number;
    /** Sections to run: b (with d), c, e; (a) always runs. */
    only: string;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { keys: 1000, keyResources: 200, reps: 3, rateReps: 1, only: "bce" };
    const names: Record<string, keyof Args> = {
        "--keys": "keys",
        "--key-resources": "keyResources",
        "--reps": "reps",
        "--rate-reps": "rateReps",
        "--only": "only",
    };
    for (let i = 0; i < argv.length; i += 2) {
        const name = names[argv[i]];
        if (name === "only" && /^[bce]+$/.test(argv[i + 1] ?? "")) {
            args.only = argv[i + 1];
            continue;
        }
        const value = Number(argv[i + 1]);
        if (!name || name === "only" || !(value >= 0) || !Number.isInteger(value))
            throw new Error(`usage: bench [--keys N] [--key-resources M] [--reps R] [--rate-reps R] [--only bce] (bad ${argv[i]})`);
        args[name] = value;
    }
    return args;
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function seconds(fn: () => Promise<unknown>): Promise<number> {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e9;
}

function entries(n: number, prefix: string): EntryMap {
    const out: EntryMap = {};
    for (let i = 0; i < n; i++) out[`${prefix}-${i}`] = { stringValue: `value of ${prefix} ${i}: ${"x".repeat(40)}` };
    return out;
}

/** Peak RSS (bytes) of all descendants of this process, sampled from /proc every 100 ms. */
class TreeMemory {
    peak = 0;
    #timer?: NodeJS.Timeout;
    start(): void {
        this.peak = 0;
        this.#timer = setInterval(() => (this.peak = Math.max(this.peak, descendantsRss(process.pid))), 100);
    }
    stop(): number {
        clearInterval(this.#timer);
        return this.peak;
    }
}

function descendantsRss(root: number): number {
    const children = new Map<number, number[]>();
    const rss = new Map<number, number>();
    for (const d of readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = readFileSync(`/proc/${d}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const ppid = Number(fields[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
            rss.set(Number(d), Number(fields[21]) * 4096);
        } catch {
            /* process ended */
        }
    }
    let total = 0;
    const stack = [...(children.get(root) ?? [])];
    while (stack.length) {
        const pid = stack.pop()!;
        total += rss.get(pid) ?? 0;
        stack.push(...(children.get(pid) ?? []));
    }
    return total;
}

/** Bytes of the stack's state file, per key. */
function stateBytes(e2e: E2EStack): number {
    const dir = `${e2e.tmp}/state/.pulumi/stacks`;
    const file = readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(`${e2e.stack.name}.json`))!;
    return readFileSync(`${dir}/${file}`).length;
}

interface Row {
    row: string;
    what: string;
    value: number;
    unit: string;
    floor?: number;
    note?: string;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const rows: Row[] = [];
    const memory = new TreeMemory();
    const loadBefore = loadavg()[0];

    let emulator: RunningEmulator = await startEmulator({ port: 0, auth: "strict" });
    const useEmulator = (e: RunningEmulator, rps: string) => {
        Object.assign(process.env, {
            ANYPOINT_BASE_URL: e.url,
            ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId,
            ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
            ANYPOINT_ORGANIZATION_ID: DEMO_CREDENTIALS.organizationId,
            ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.environmentId,
            ANYPOINT_REQUESTS_PER_SECOND: rps,
        });
        resetConnection();
        return getClient(settingsFor(currentConnectionSettings()));
    };
    let client = useEmulator(emulator, "0");
    await client.putStore("bench");
    const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

    // (a) floor: the client writes N keys, and M keys; and the bare paginated read of N keys.
    const floorN: number[] = [],
        floorM: number[] = [],
        floorRead: number[] = [];
    for (let r = 0; r < args.reps; r++) {
        const write = (n: number, p: string) =>
            mapSettled(Object.entries(entries(n, p)), KEY_ENTRIES_CONCURRENCY, ([k, v]) =>
                client.createKey("bench", `floor-${p}`, k, { valueType: "STRING", stringValue: v.stringValue! }),
            );
        floorN.push(await seconds(() => write(args.keys, `n${r}`)));
        floorM.push(await seconds(() => write(args.keyResources, `m${r}`)));
        floorRead.push(
            await seconds(async () => {
                const ids = await client.listAllKeys("bench", `floor-n${r}`);
                await mapSettled(ids, KEY_ENTRIES_CONCURRENCY, (k) => client.getKey("bench", `floor-n${r}`, k));
            }),
        );
        for (const partitionId of await client.listAllPartitions("bench")) await client.deletePartition("bench", partitionId);
    }
    const a = median(floorN),
        aM = median(floorM),
        aRead = median(floorRead);
    rows.push({ row: "(a)", what: `client writes ${args.keys} keys (floor)`, value: a, unit: "s" });
    log(`(a) ${a.toFixed(2)} s`);

    // (b) (d) (f) (g): one KeyEntries of N keys.
    let bulkState = 0,
        fixed = NaN;
    const memB: number[] = [];
    if (args.only.includes("b")) {
        const bulk = await inlineStack(
            emulator,
            async () => {
                const store = new Store("store", { storeId: "bulk", defaultTtlSeconds: 86_400 });
                new KeyEntries("seed", { storeId: store.storeId, partitionId: "seed", entries: entries(args.keys, "k") });
            },
            { ANYPOINT_REQUESTS_PER_SECOND: "0" },
        );
        const upB: number[] = [],
            noop: number[] = [],
            refreshB: number[] = [],
            previewB: number[] = [];
        try {
            for (let r = 0; r < args.reps; r++) {
                memory.start();
                upB.push(await seconds(() => bulk.stack.up({ onOutput: bulk.onOutput })));
                memB.push(memory.stop());
                bulkState = stateBytes(bulk);
                noop.push(await seconds(() => bulk.stack.up({ onOutput: bulk.onOutput })));
                refreshB.push(await seconds(() => bulk.stack.refresh({ onOutput: bulk.onOutput })));
                previewB.push(await seconds(() => bulk.stack.preview({ refresh: true, onOutput: bulk.onOutput })));
                await bulk.stack.destroy({ onOutput: bulk.onOutput });
                log(`(b) rep ${r + 1}: up ${upB[r].toFixed(1)} s, no-op up ${noop[r].toFixed(1)} s`);
            }
        } finally {
            await bulk.dispose();
        }
        const b = median(upB);
        fixed = median(noop);
        rows.push({
            row: "(b)",
            what: `pulumi up, KeyEntries of ${args.keys} keys`,
            value: b,
            unit: "s",
            floor: a,
            note: `${(b - fixed).toFixed(1)} s beyond the fixed cost`,
        });
        rows.push({ row: "(b0)", what: "pulumi up with nothing to change (fixed engine cost)", value: fixed, unit: "s" });
        rows.push({
            row: "(d)",
            what: `pulumi refresh of (b)`,
            value: median(refreshB),
            unit: "s",
            floor: aRead,
            note: `${(median(refreshB) - fixed).toFixed(1)} s beyond the fixed cost`,
        });
        rows.push({
            row: "(d)",
            what: `pulumi preview --refresh of (b)`,
            value: median(previewB),
            unit: "s",
            floor: aRead,
            note: `${(median(previewB) - fixed).toFixed(1)} s beyond the fixed cost`,
        });
        rows.push({ row: "(d0)", what: `client lists and reads ${args.keys} keys (floor of refresh)`, value: aRead, unit: "s" });
    }

    // (c) (f) (g): M Key resources.
    const memC: number[] = [];
    let keysState = 0;
    if (args.only.includes("c")) {
        const keys = await inlineStack(
            emulator,
            async () => {
                const store = new Store("store", { storeId: "keys", defaultTtlSeconds: 86_400 });
                for (const [keyId, value] of Object.entries(entries(args.keyResources, "k"))) {
                    new Key(keyId, { storeId: store.storeId, partitionId: "seed", keyId, stringValue: value.stringValue! });
                }
            },
            { ANYPOINT_REQUESTS_PER_SECOND: "0" },
        );
        const upC: number[] = [];
        try {
            for (let r = 0; r < args.reps; r++) {
                memory.start();
                upC.push(await seconds(() => keys.stack.up({ onOutput: keys.onOutput })));
                memC.push(memory.stop());
                keysState = stateBytes(keys);
                await keys.stack.destroy({ onOutput: keys.onOutput });
                log(`(c) rep ${r + 1}: up ${upC[r].toFixed(1)} s`);
            }
        } finally {
            await keys.dispose();
        }
        rows.push({
            row: "(c)",
            what: `pulumi up, ${args.keyResources} Key resources`,
            value: median(upC),
            unit: "s",
            floor: aM,
            note: `client writes ${args.keyResources} keys in ${aM.toFixed(2)} s`,
        });
    }

    // (e) rate limit on: emulator at 10 requests/s, provider at its default 10 requests/s.
    await emulator.close();
    let sent429 = 0;
    emulator = await startEmulator({ port: 0, auth: "strict", rateLimit: true, logRequests: (l) => void (/ 429 /.test(l) && sent429++) });
    client = useEmulator(emulator, "10");
    const upE: number[] = [];
    if (args.rateReps > 0 && args.only.includes("e")) {
        const limited = await inlineStack(
            emulator,
            async () => {
                new KeyEntries("seed", { storeId: "limited", partitionId: "seed", entries: entries(args.keys, "k") });
            },
            { ANYPOINT_REQUESTS_PER_SECOND: "10" },
        );
        try {
            await client.putStore("limited");
            for (let r = 0; r < args.rateReps; r++) {
                upE.push(await seconds(() => limited.stack.up({ onOutput: limited.onOutput })));
                log(`(e) rep ${r + 1}: up ${upE[r].toFixed(1)} s, 429s so far ${sent429}`);
                // Reset without a paced destroy: drop the partition (1 request), refresh records it empty.
                if (r + 1 < args.rateReps) {
                    await client.deletePartition("limited", "seed");
                    await limited.stack.refresh({ onOutput: limited.onOutput });
                }
            }
        } finally {
            await limited.dispose();
        }
        rows.push({
            row: "(e)",
            what: `pulumi up, KeyEntries of ${args.keys} keys at 10 requests/s`,
            value: median(upE),
            unit: "s",
            floor: args.keys / 10,
            note: `physical limit ${args.keys / 10} s; ${sent429} responses 429 in all reps`,
        });
    }
    if (args.rateReps > 0 && args.only.includes("e") && args.only.includes("b")) {
        // (d) at 10 requests/s: refresh of the rate-limited stack; floor = its requests / 10.
        const limited = await inlineStack(
            emulator,
            async () => {
                new KeyEntries("seed", { storeId: "limited-refresh", partitionId: "seed", entries: entries(args.keys, "k") });
            },
            { ANYPOINT_REQUESTS_PER_SECOND: "10" },
        );
        try {
            await client.putStore("limited-refresh");
            await limited.stack.up({ onOutput: limited.onOutput });
            const refreshE: number[] = [];
            const before429 = sent429;
            for (let r = 0; r < args.rateReps; r++)
                refreshE.push(await seconds(() => limited.stack.refresh({ onOutput: limited.onOutput })));
            const requests = Math.ceil(args.keys / 25) + args.keys;
            rows.push({
                row: "(d)",
                what: `pulumi refresh of ${args.keys} keys at 10 requests/s`,
                value: median(refreshE),
                unit: "s",
                floor: requests / 10,
                note: `${requests} requests (list pages + GETs) / 10; ${sent429 - before429} responses 429`,
            });
            log(`(d) at 10 requests/s: refresh ${median(refreshE).toFixed(1)} s`);
        } finally {
            await limited.dispose();
        }
    }
    if (args.rateReps > 0 && args.only.includes("e") && args.only.includes("c")) {
        // (c) at 10 requests/s: M Key resources; floor = M writes / 10.
        const limitedKeys = await inlineStack(
            emulator,
            async () => {
                for (const [keyId, value] of Object.entries(entries(args.keyResources, "k"))) {
                    new Key(keyId, { storeId: "limited-keys", partitionId: "seed", keyId, stringValue: value.stringValue! });
                }
            },
            { ANYPOINT_REQUESTS_PER_SECOND: "10" },
        );
        try {
            await client.putStore("limited-keys");
            const before429 = sent429;
            const t = await seconds(() => limitedKeys.stack.up({ onOutput: limitedKeys.onOutput }));
            rows.push({
                row: "(c)",
                what: `pulumi up, ${args.keyResources} Key resources at 10 requests/s`,
                value: t,
                unit: "s",
                floor: args.keyResources / 10,
                note: `floor: one write per key / 10; ${sent429 - before429} responses 429`,
            });
            log(`(c) at 10 requests/s: up ${t.toFixed(1)} s`);
        } finally {
            await limitedKeys.dispose();
        }
    }
    await emulator.close();

    if (bulkState)
        rows.push({
            row: "(f)",
            what: "state bytes per key, KeyEntries (b) (whole state file / keys)",
            value: bulkState / args.keys,
            unit: "B",
        });
    if (keysState)
        rows.push({
            row: "(f)",
            what: "state bytes per Key resource (c) (whole state file / resources)",
            value: keysState / args.keyResources,
            unit: "B",
        });
    if (memB.length)
        rows.push({ row: "(g)", what: `peak RSS of the pulumi process tree, (b)`, value: median(memB) / 2 ** 20, unit: "MiB" });
    if (memC.length)
        rows.push({ row: "(g)", what: `peak RSS of the pulumi process tree, (c)`, value: median(memC) / 2 ** 20, unit: "MiB" });

    const pulumiVersion = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
    console.log(
        `\n${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${loadBefore.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after, ` +
            `Node ${process.version}, Pulumi ${pulumiVersion}; medians of ${args.reps} (rate-limited row: ${args.rateReps}); emulator in memory, in this process.\n`,
    );
    console.log(
        `Fixed engine cost (b0, a pulumi up with nothing to change): ${fixed.toFixed(2)} s; "ratio - fixed" subtracts it from the row before dividing by the floor.\n`,
    );
    console.log("| row | what | median | floor | ratio | ratio - fixed | note |");
    console.log("|---|---|---:|---:|---:|---:|---|");
    for (const r of rows) {
        const v = r.unit === "s" ? `${r.value.toFixed(2)} s` : `${r.value.toFixed(0)} ${r.unit}`;
        const floor = r.floor === undefined ? "" : `${r.floor.toFixed(2)} s`;
        const ratio = r.floor === undefined ? "" : `${(r.value / r.floor).toFixed(2)}x`;
        const net = r.floor === undefined || Number.isNaN(fixed) ? "" : `${(Math.max(0, r.value - fixed) / r.floor).toFixed(2)}x`;
        console.log(`| ${r.row} | ${r.what} | ${v} | ${floor} | ${ratio} | ${net} | ${r.note ?? ""} |`);
    }
}

main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
});

/**
 * `npm run bench`: the cost curve of this package's resources against the bundled emulator
 * (medians of `--reps` repetitions; issues 19 and 24): the E, K and P rows beside their floors in one
 * table, the D and Y rows per process role in a second one:
 *   E  one KeyEntries of 1,000 / 5,000 / 10,000 entries: `up` (create), unchanged `preview`,
 *      `refresh`, a 1% edit (`up`), `destroy`; floors: the project's client doing the same writes
 *      (8 in flight), the partition's values read page by page with plain HTTP, and the fixed engine
 *      cost (an unchanged preview of 10 entries)
 *   K  50 / 200 / 800 Key resources (plus their Store and Partition): `up`, unchanged `preview`,
 *      `destroy`, and `up` with PULUMI_SKIP_CHECKPOINTS=true; floor: the client writing the keys
 *   O  what the ownership reads cost (./bench-support/ownership-rows.ts): a KeyEntries create of 1,000
 *      entries into a new partition and beside 5,000 application keys, 200 Key resources
 *   D  the two front doors side by side (issue 24): one Store and one KeyEntries of 1,000 / 10,000
 *      entries from the TypeScript classes, from a program on the plugin's Node.js SDK and from a
 *      YAML program on the plugin: `up`, unchanged `preview`, `refresh`, `destroy`, and the preview of
 *      10 entries; peak RSS per process role and without the language host (./bench-support/doors.ts)
 *   Y  the YAML language host's type check: unchanged `preview` of the YAML program of D with
 *      1,000 / 2,000 / 4,000 / 8,000 entries (./bench-support/yaml-host.ts)
 *   P  at 10 requests/s (emulator rate limit on, the provider's default pacing): the drift gate
 *      `preview --refresh --expect-no-changes` of 1,000 entries; `refresh` of a KeyEntries of 100
 *      keys in a partition that also holds 5,000 keys an application wrote (first and second
 *      refresh); `import --with-keys` of 20 stores, 60 partitions, 3,000 keys; floor: the requests
 *      the result needs / 10
 * Every `pulumi` command runs as a user runs it: the CLI in its own process from the stack's
 * directory (programs under scripts/bench-programs), with `--skip-preview` for up/refresh/destroy as
 * the Automation API passes it. Per row: seconds, requests the emulator answered, peak RSS of the
 * whole process tree (CLI, language host, program, dynamic provider host or plugin), CPU seconds per process
 * role (scripts/bench-support/process-tree.ts), state bytes. Not part of `npm test`.
 *
 *   npm run bench -- [--entries 1000,5000,10000] [--key-resources 50,200,800] [--door-entries 1000,10000]
 *       [--doors typescript,nodejs-sdk,yaml] [--plugin <tarball>] [--yaml-entries 1000,2000,4000,8000]
 *       [--yaml-host <dir>] [--reps 3] [--paced-reps 3] [--only ekodyp]   (--doors also takes yaml-main, python)
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, type RunningEmulator, startEmulator } from "../emulator";
import { ObjectStoreClient, connectedAppTokenSource } from "../provider/client";
import { mapSettled } from "../provider/util/concurrency";
import { getPulumiCommand, programStack } from "../test/e2e/harness";
import { demoAccessToken } from "../test/support/provider-emulator";
import { benchEntries } from "./bench-programs/entries";
import { doorRows } from "./bench-support/doors";
import { yamlHostRows } from "./bench-support/yaml-host";
import { parseArgs, type Args } from "./bench-support/args";
import type { CliRun } from "./bench-support/pulumi-cli";
import { runPulumi } from "./bench-support/pulumi-cli";
import { ownershipRows } from "./bench-support/ownership-rows";
import { byMethod, log, median, printDoorTable, printFloorTable, rowOf, seconds, stateBytes, type Row } from "./bench-support/rows";

function clientFor(emulator: RunningEmulator, requestsPerSecond: number): ObjectStoreClient {
    return new ObjectStoreClient({
        baseUrl: emulator.url,
        organizationId: DEMO_CREDENTIALS.organizationId,
        environmentId: DEMO_CREDENTIALS.environmentId,
        tokenSource: connectedAppTokenSource({
            authBaseUrl: emulator.url,
            clientId: DEMO_CREDENTIALS.clientId,
            clientSecret: DEMO_CREDENTIALS.clientSecret,
        }),
        requestsPerSecond,
    });
}

const CONCURRENCY = 8;

/** Writes `count` bench entries (keys `k-<i>`) into a partition with the client, 8 in flight. */
async function writeKeys(client: ObjectStoreClient, storeId: string, partitionId: string, count: number, prefix = "k"): Promise<void> {
    const results = await mapSettled(Object.entries(benchEntries(count)), CONCURRENCY, ([k, v]) =>
        client.createKey(storeId, partitionId, k.replace(/^k/, prefix), { valueType: "STRING", stringValue: v.stringValue! }),
    );
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
}

/**
 * The floor of a refresh: every value of the partition through OSv2's value listing
 * (`GET …/partitions/{p}?inclusion=ALL`, 25 per page), with plain HTTP (not the project's client).
 */
async function readValuesByPage(emulator: RunningEmulator, token: string, storeId: string, partitionId: string): Promise<number> {
    const base = `${emulator.url}/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.environmentId}/stores/${encodeURIComponent(storeId)}/partitions/${encodeURIComponent(partitionId)}`;
    let next: string | null = null;
    let values = 0;
    do {
        const q = new URLSearchParams({ inclusion: "ALL", pageSize: "25", ...(next ? { nextPageToken: next } : {}) });
        const res = await fetch(`${base}?${q}`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`value listing: ${res.status}`);
        const page = (await res.json()) as { values: unknown[]; nextPageToken: string | null };
        values += page.values.length;
        next = page.nextPageToken;
    } while (next);
    return values;
}

const PROGRAMS = path.join(__dirname, "bench-programs");
const MANY_KEYS_PROGRAM = path.join(__dirname, "..", "test", "e2e", "programs", "many-keys.js");

/** E: one KeyEntries of N entries, per N: up, unchanged preview, refresh, 1% edit, destroy. */
async function keyEntriesCurve(emulator: RunningEmulator, args: Args, rows: Row[]): Promise<void> {
    const client = clientFor(emulator, 0);
    const token = await demoAccessToken(emulator.url);
    await client.putStore("floor");

    // The fixed engine cost: an unchanged preview of a KeyEntries of 10 entries.
    const small = await programStack(emulator, path.join(PROGRAMS, "key-entries.js"), { ANYPOINT_REQUESTS_PER_SECOND: "0" });
    let fixed: number;
    try {
        await small.stack.setAllConfig({ "bench:storeId": { value: "entries-10" }, "bench:count": { value: "10" } });
        await runPulumi(small, emulator, ["up", "--yes", "--skip-preview"]);
        const previews: CliRun[] = [];
        for (let r = 0; r < args.reps; r++) previews.push(await runPulumi(small, emulator, ["preview", "--expect-no-changes"]));
        const row = rowOf("E", "fixed engine cost: unchanged `preview` of 10 entries", previews);
        fixed = row.seconds;
        rows.push(row);
        await runPulumi(small, emulator, ["destroy", "--yes", "--skip-preview"]);
    } finally {
        await small.dispose();
    }

    for (const n of args.entries) {
        const edited = Math.max(1, Math.round(n / 100));
        const e2e = await programStack(emulator, path.join(PROGRAMS, "key-entries.js"), { ANYPOINT_REQUESTS_PER_SECOND: "0" });
        const runs: Record<"up" | "preview" | "refresh" | "edit" | "destroy", CliRun[]> = {
            up: [],
            preview: [],
            refresh: [],
            edit: [],
            destroy: [],
        };
        let state = 0;
        try {
            await e2e.stack.setAllConfig({ "bench:storeId": { value: `entries-${n}` }, "bench:count": { value: String(n) } });
            for (let r = 0; r < args.reps; r++) {
                await e2e.stack.setConfig("bench:edited", { value: "0" });
                runs.up.push(await runPulumi(e2e, emulator, ["up", "--yes", "--skip-preview"]));
                state = stateBytes(e2e);
                runs.preview.push(await runPulumi(e2e, emulator, ["preview", "--expect-no-changes"]));
                runs.refresh.push(await runPulumi(e2e, emulator, ["refresh", "--yes", "--skip-preview", "--expect-no-changes"]));
                await e2e.stack.setConfig("bench:edited", { value: String(edited) });
                runs.edit.push(await runPulumi(e2e, emulator, ["up", "--yes", "--skip-preview"]));
                runs.destroy.push(await runPulumi(e2e, emulator, ["destroy", "--yes", "--skip-preview"]));
                log(
                    `E ${n} rep ${r + 1}: up ${runs.up[r].seconds.toFixed(1)} s, preview ${runs.preview[r].seconds.toFixed(1)} s, ` +
                        `refresh ${runs.refresh[r].seconds.toFixed(1)} s (${runs.refresh[r].requests.length} requests), edit ${runs.edit[r].seconds.toFixed(1)} s, ` +
                        `destroy ${runs.destroy[r].seconds.toFixed(1)} s; peak RSS ${(runs.preview[r].peakRssBytes / 2 ** 20).toFixed(0)} MiB in preview`,
                );
            }
        } finally {
            await e2e.dispose();
        }

        // Floors: the client's writes, the value listing read with plain HTTP.
        const partition = `floor-${n}`;
        const fUp: number[] = [],
            fRead: number[] = [],
            fEdit: number[] = [],
            fDestroy: number[] = [];
        for (let r = 0; r < args.reps; r++) {
            fUp.push(await seconds(() => writeKeys(client, "floor", partition, n)));
            fRead.push(await seconds(() => readValuesByPage(emulator, token, "floor", partition)));
            fEdit.push(
                await seconds(() =>
                    mapSettled(Object.keys(benchEntries(edited)), CONCURRENCY, (k) =>
                        client.putKey("floor", partition, k, { valueType: "STRING", stringValue: "edited" }),
                    ),
                ),
            );
            fDestroy.push(
                await seconds(() => mapSettled(Object.keys(benchEntries(n)), CONCURRENCY, (k) => client.deleteKey("floor", partition, k))),
            );
        }
        const pages = Math.ceil(n / 25);
        const note = (run: CliRun[]) => byMethod(run[0].requests);
        rows.push(
            rowOf("E", `KeyEntries ${n}: \`up\` (create)`, runs.up, {
                floor: median(fUp),
                stateBytes: state,
                note: `${note(runs.up)}; floor: client POSTs ${n} keys`,
            }),
            rowOf("E", `KeyEntries ${n}: unchanged \`preview\``, runs.preview, { floor: fixed, note: "floor: fixed engine cost" }),
            rowOf("E", `KeyEntries ${n}: \`refresh\``, runs.refresh, {
                floor: median(fRead),
                note: `${note(runs.refresh)}; floor: ${pages} value pages by plain HTTP`,
            }),
            rowOf("E", `KeyEntries ${n}: 1% edit (\`up\`, ${edited} keys)`, runs.edit, {
                floor: median(fEdit),
                note: `${note(runs.edit)}; floor: client PUTs ${edited} keys`,
            }),
            rowOf("E", `KeyEntries ${n}: \`destroy\``, runs.destroy, {
                floor: median(fDestroy),
                note: `${note(runs.destroy)}; floor: client DELETEs ${n} keys`,
            }),
        );
    }
}

/** K: M Key resources: up, unchanged preview, destroy, up with PULUMI_SKIP_CHECKPOINTS. */
async function keyResources(emulator: RunningEmulator, args: Args, rows: Row[]): Promise<void> {
    const client = clientFor(emulator, 0);
    await client.putStore("floor");
    for (const m of args.keyResources) {
        const e2e = await programStack(emulator, MANY_KEYS_PROGRAM, { ANYPOINT_REQUESTS_PER_SECOND: "0" });
        const up: CliRun[] = [],
            preview: CliRun[] = [],
            destroy: CliRun[] = [],
            upSkip: CliRun[] = [];
        let state = 0;
        try {
            await e2e.stack.setAllConfig({ "keys:storeId": { value: `keys-${m}` }, "keys:count": { value: String(m) } });
            for (let r = 0; r < args.reps; r++) {
                up.push(await runPulumi(e2e, emulator, ["up", "--yes", "--skip-preview"]));
                state = stateBytes(e2e);
                preview.push(await runPulumi(e2e, emulator, ["preview", "--expect-no-changes"]));
                destroy.push(await runPulumi(e2e, emulator, ["destroy", "--yes", "--skip-preview"]));
                upSkip.push(await runPulumi(e2e, emulator, ["up", "--yes", "--skip-preview"], { PULUMI_SKIP_CHECKPOINTS: "true" }));
                await runPulumi(e2e, emulator, ["destroy", "--yes", "--skip-preview"], { PULUMI_SKIP_CHECKPOINTS: "true" }); // not measured
                log(
                    `K ${m} rep ${r + 1}: up ${up[r].seconds.toFixed(1)} s, preview ${preview[r].seconds.toFixed(1)} s, destroy ${destroy[r].seconds.toFixed(1)} s, ` +
                        `up without checkpoints ${upSkip[r].seconds.toFixed(1)} s`,
                );
            }
        } finally {
            await e2e.dispose();
        }
        const floor: number[] = [];
        for (let r = 0; r < args.reps; r++) floor.push(await seconds(() => writeKeys(client, "floor", `keys-${m}-${r}`, m)));
        rows.push(
            rowOf("K", `${m} Key resources: \`up\``, up, {
                floor: median(floor),
                stateBytes: state,
                note: `${byMethod(up[0].requests)}; floor: client POSTs ${m} keys`,
            }),
            rowOf("K", `${m} Key resources: \`up\` with PULUMI_SKIP_CHECKPOINTS=true`, upSkip, { floor: median(floor) }),
            rowOf("K", `${m} Key resources: unchanged \`preview\``, preview),
            rowOf("K", `${m} Key resources: \`destroy\``, destroy, { note: byMethod(destroy[0].requests) }),
        );
    }
}

/** Runs the import command (the built bin) with the emulator's demo credentials; returns its seconds and requests. */
async function runImport(emulator: RunningEmulator, out: string, args: string[]): Promise<{ seconds: number; requests: number }> {
    const seq = emulator.lastRequestSeq();
    const cli = path.join(__dirname, "..", "provider", "cli.js"); // the package's bin
    const env = {
        ...process.env,
        ANYPOINT_BASE_URL: emulator.url,
        ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId,
        ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
        ANYPOINT_ORGANIZATION_ID: DEMO_CREDENTIALS.organizationId,
        ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.environmentId,
    };
    const t = await seconds(
        () =>
            new Promise<void>((resolve, reject) => {
                const child = spawn(process.execPath, [cli, "import", "--out", out, "--force", "--quiet", ...args], {
                    env,
                    stdio: ["ignore", "ignore", "pipe"],
                });
                let err = "";
                child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
                child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`import exited with ${code}: ${err}`))));
            }),
    );
    const requests = emulator.requests(seq).length;
    if (requests === 0) throw new Error(`import sent no request: is ${cli} the package's command?`);
    return { seconds: t, requests };
}

const IMPORT_STORES = 20,
    IMPORT_PARTITIONS = 3,
    IMPORT_KEYS = 50;

/**
 * P: at 10 requests/s. Set-up runs unpaced against an emulator with a SQLite data directory, which
 * is then restarted on the same directory with its rate limit on (10 requests/s per application).
 */
async function pacedRows(args: Args, rows: Row[]): Promise<void> {
    const dataDir = mkdtempSync(path.join(tmpdir(), "osv2-bench-"));
    let emulator = await startEmulator({ port: 0, auth: "strict", dataDir });
    const gate = await programStack(emulator, path.join(PROGRAMS, "key-entries.js"), { ANYPOINT_REQUESTS_PER_SECOND: "0" });
    const mixed = await programStack(emulator, path.join(PROGRAMS, "key-entries.js"), { ANYPOINT_REQUESTS_PER_SECOND: "0" });
    const out = mkdtempSync(path.join(tmpdir(), "osv2-bench-import-"));
    try {
        log("P: set-up (unpaced)");
        await gate.stack.setAllConfig({ "bench:storeId": { value: "paced-gate" }, "bench:count": { value: "1000" } });
        await runPulumi(gate, emulator, ["up", "--yes", "--skip-preview"]);
        await mixed.stack.setAllConfig({ "bench:storeId": { value: "paced-mixed" }, "bench:count": { value: "100" } });
        await runPulumi(mixed, emulator, ["up", "--yes", "--skip-preview"]);
        const client = clientFor(emulator, 0);
        await writeKeys(client, "paced-mixed", "seed", 5000, "app");
        for (let s = 0; s < IMPORT_STORES; s++) {
            const storeId = `import-${String(s).padStart(2, "0")}`;
            await client.putStore(storeId, { defaultTtlSeconds: 86_400 });
            for (let p = 0; p < IMPORT_PARTITIONS; p++) await writeKeys(client, storeId, `partition-${p}`, IMPORT_KEYS);
        }
        await emulator.close();

        emulator = await startEmulator({ port: 0, auth: "strict", dataDir, rateLimit: true });
        for (const e2e of [gate, mixed]) {
            e2e.stack.workspace.envVars.ANYPOINT_BASE_URL = emulator.url;
            delete e2e.stack.workspace.envVars.ANYPOINT_REQUESTS_PER_SECOND;
        }
        const gateRuns: CliRun[] = [],
            firstRefresh: CliRun[] = [],
            nextRefresh: CliRun[] = [];
        const imports: Array<{ seconds: number; requests: number }> = [];
        for (let r = 0; r < args.pacedReps; r++) {
            gateRuns.push(await runPulumi(gate, emulator, ["preview", "--refresh", "--expect-no-changes"]));
            log(`P rep ${r + 1}: drift gate ${gateRuns[r].seconds.toFixed(1)} s, ${gateRuns[r].requests.length} requests`);
            // The first refresh after `up` knows nothing of the partition; the next one reads what it recorded.
            if (r === 0) firstRefresh.push(await runPulumi(mixed, emulator, ["refresh", "--yes", "--skip-preview", "--expect-no-changes"]));
            nextRefresh.push(await runPulumi(mixed, emulator, ["refresh", "--yes", "--skip-preview", "--expect-no-changes"]));
            log(
                `P rep ${r + 1}: refresh of 100 among 5,100 keys ${nextRefresh[r].seconds.toFixed(1)} s, ${nextRefresh[r].requests.length} requests`,
            );
            imports.push(await runImport(emulator, out, ["--with-keys", "--begins-with", "import-"]));
            log(`P rep ${r + 1}: import ${imports[r].seconds.toFixed(1)} s, ${imports[r].requests} requests`);
        }
        if (args.pacedReps > 0) {
            const total = IMPORT_STORES * IMPORT_PARTITIONS * IMPORT_KEYS;
            // The floors: 1 token + 40 value pages; 1 token + 100 GETs; 1 token + 1 store listing + 20
            // partition listings + 60 × 2 value pages.
            const importFloor = 1 + 1 + IMPORT_STORES + IMPORT_STORES * IMPORT_PARTITIONS * Math.ceil(IMPORT_KEYS / 25);
            rows.push(
                rowOf("P", "drift gate `preview --refresh --expect-no-changes`, KeyEntries of 1,000 entries, 10 requests/s", gateRuns, {
                    floor: 41 / 10,
                    note: `${byMethod(gateRuns[0].requests)}; floor: 1 token + 40 value pages at 10/s`,
                }),
                rowOf("P", "`refresh`, KeyEntries of 100 among 5,100 keys, first after `up`, 10 requests/s", firstRefresh, {
                    floor: 101 / 10,
                    note: `${byMethod(firstRefresh[0].requests)}; floor: 1 token + 100 GETs at 10/s`,
                }),
                rowOf("P", "`refresh`, KeyEntries of 100 among 5,100 keys, next ones, 10 requests/s", nextRefresh, {
                    floor: 101 / 10,
                    note: `${byMethod(nextRefresh[0].requests)}; floor: 1 token + 100 GETs at 10/s`,
                }),
                {
                    section: "P",
                    what: `\`import --with-keys\`: ${IMPORT_STORES} stores, ${IMPORT_STORES * IMPORT_PARTITIONS} partitions, ${total.toLocaleString("en")} keys, 10 requests/s`,
                    seconds: median(imports.map((i) => i.seconds)),
                    requests: median(imports.map((i) => i.requests)),
                    floor: importFloor / 10,
                    note: `floor: ${importFloor} requests (token, store listing, partition listings, value pages) at 10/s`,
                },
            );
        }
    } finally {
        await gate.dispose();
        await mixed.dispose();
        await emulator.close();
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(out, { recursive: true, force: true });
    }
}

function printTable(args: Args, rows: Row[], loadBefore: number): void {
    const pulumiVersion = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
    console.log(
        `\n${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${loadBefore.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after; ` +
            `Node ${process.version}, Pulumi ${pulumiVersion}; medians of ${args.reps} (paced rows: ${args.pacedReps}); emulator in this process.\n`,
    );
    printFloorTable(rows.filter((r) => r.section !== "D" && r.section !== "Y"));
    printDoorTable(rows.filter((r) => r.section === "D" || r.section === "Y"));
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    await getPulumiCommand(); // puts the project's Pulumi CLI first on PATH
    const loadBefore = loadavg()[0];
    const rows: Row[] = [];
    if (/[ekody]/.test(args.only)) {
        const emulator = await startEmulator({ port: 0, auth: "strict" });
        try {
            if (args.only.includes("e")) await keyEntriesCurve(emulator, args, rows);
            if (args.only.includes("k")) await keyResources(emulator, args, rows);
            if (args.only.includes("o")) {
                const client = clientFor(emulator, 0);
                await ownershipRows(
                    emulator,
                    {
                        reps: args.reps,
                        writeKeys: (storeId, partitionId, count, prefix) => writeKeys(client, storeId, partitionId, count, prefix),
                        putStore: async (storeId) => void (await client.putStore(storeId)),
                    },
                    rows,
                );
            }
            const builds = { reps: args.reps, pluginTarball: args.plugin, yamlHostDir: args.yamlHost };
            if (args.only.includes("d")) await doorRows(emulator, { ...builds, entries: args.doorEntries, kinds: args.doors }, rows);
            if (args.only.includes("y")) await yamlHostRows(emulator, { ...builds, entries: args.yamlEntries }, rows);
        } finally {
            await emulator.close();
        }
    }
    if (args.only.includes("p")) await pacedRows(args, rows);
    printTable(args, rows, loadBefore);
}

main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
});

/**
 * The bench's rows and tables (scripts/bench-bulk.ts, ./doors.ts, ./ownership-rows.ts): medians of repeated runs,
 * requests by method, a stack's state bytes, and the printed Markdown tables. Pure but for
 * {@link stateBytes} (reads the checkpoint file), {@link seconds} and the printing.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { RecordedRequest } from "../../emulator";
import type { E2EStack } from "../../test/e2e/harness";
import { ROLES, type Role } from "./process-tree";
import type { CliRun } from "./pulumi-cli";

/** The median of `xs` (NaN for none). Pure. */
export const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Seconds `fn` takes. */
export async function seconds(fn: () => Promise<unknown>): Promise<number> {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** A progress line on stderr. */
export const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

const MiB = 2 ** 20;

/** A table row: the medians of its runs. */
export interface Row {
    section: string;
    what: string;
    seconds: number;
    floor?: number;
    requests?: number;
    peakRssMiB?: number;
    /** Peak RSS of the tree without one role's processes (e.g. without the YAML language host), MiB. */
    peakRssWithoutMiB?: Record<Role, number>;
    /** Each role's own peak RSS, MiB. */
    peakRssByRoleMiB?: Record<Role, number>;
    cpu?: Record<Role, number>;
    stateBytes?: number;
    note?: string;
}

/** The row of several runs of one step: medians of each figure. Pure. */
export function rowOf(section: string, what: string, runs: CliRun[], extra: Partial<Row> = {}): Row {
    const perRole = (f: (r: CliRun, role: Role) => number) =>
        Object.fromEntries(ROLES.map((role) => [role, median(runs.map((r) => f(r, role)))])) as Record<Role, number>;
    return {
        section,
        what,
        seconds: median(runs.map((r) => r.seconds)),
        requests: median(runs.map((r) => r.requests.length)),
        peakRssMiB: median(runs.map((r) => r.peakRssBytes / MiB)),
        peakRssWithoutMiB: perRole((r, role) => r.peakRssWithoutBytes[role] / MiB),
        peakRssByRoleMiB: perRole((r, role) => r.peakRssByRole[role] / MiB),
        cpu: perRole((r, role) => r.cpuSecondsByRole[role]),
        ...extra,
    };
}

/** `GET 40, POST 1`: the requests of a run by method. Pure. */
export function byMethod(requests: RecordedRequest[]): string {
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(r.method, (counts.get(r.method) ?? 0) + 1);
    return [...counts].map(([m, n]) => `${m} ${n}`).join(", ");
}

/** Bytes of the stack's checkpoint file in its file backend. */
export function stateBytes(e2e: E2EStack): number {
    const dir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
    const file = readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(`${e2e.stack.name}.json`));
    if (!file) throw new Error(`no checkpoint of ${e2e.stack.name} under ${dir}`);
    return readFileSync(path.join(dir, file)).length;
}

const mib = (x: number | undefined) => (x === undefined ? "" : `${x.toFixed(0)} MiB`);
const kib = (x: number | undefined) => (x === undefined ? "" : `${(x / 1024).toFixed(0)} KiB`);

/** The E, K and P rows: each beside its floor. */
export function printFloorTable(rows: Row[]): void {
    if (rows.length === 0) return;
    console.log("| | what | median | floor | ratio | requests | peak RSS | CPU s: engine / program / provider host | state | note |");
    console.log("|---|---|---:|---:|---:|---:|---:|---|---:|---|");
    for (const r of rows) {
        const floor = r.floor === undefined ? "" : `${r.floor.toFixed(2)} s`;
        const ratio = r.floor === undefined ? "" : `${(r.seconds / r.floor).toFixed(1)}x`;
        const cpu = r.cpu ? `${r.cpu.engine.toFixed(1)} / ${r.cpu.program.toFixed(1)} / ${r.cpu["provider host"].toFixed(1)}` : "";
        console.log(
            `| ${r.section} | ${r.what} | ${r.seconds.toFixed(2)} s | ${floor} | ${ratio} | ${r.requests ?? ""} | ${mib(r.peakRssMiB)} | ${cpu} | ${kib(r.stateBytes)} | ${r.note ?? ""} |`,
        );
    }
}

/**
 * The D rows (the two front doors side by side): peak RSS of the whole tree and without the language
 * host (for YAML, the host that runs the program, with its type check), each role's peak and CPU
 * (the provider is the dynamic provider host for the TypeScript classes, the plugin otherwise).
 */
export function printDoorTable(rows: Row[]): void {
    if (rows.length === 0) return;
    console.log(
        "\n| | what | median | requests | peak RSS | without the language host | peak RSS MiB: engine / language host / program / provider | CPU s: engine / language host / program / provider | state |",
    );
    console.log("|---|---|---:|---:|---:|---:|---|---|---:|");
    const provider = (x: Record<Role, number>) => x["provider host"] + x.plugin;
    for (const r of rows) {
        const peaks = r.peakRssByRoleMiB!;
        const cpu = r.cpu!;
        const roles = (x: Record<Role, number>, digits: number) =>
            [x.engine, x["language host"], x.program, provider(x)].map((v) => v.toFixed(digits)).join(" / ");
        console.log(
            `| ${r.section} | ${r.what} | ${r.seconds.toFixed(2)} s | ${r.requests ?? ""} | ${mib(r.peakRssMiB)} | ${mib(r.peakRssWithoutMiB?.["language host"])} | ${roles(peaks, 0)} | ${roles(cpu, 1)} | ${kib(r.stateBytes)} |`,
        );
    }
}

/**
 * The rows of `npm run bench` (scripts/bench-bulk.ts) and what they are made of: medians, timings,
 * requests by method.
 */
import type { RecordedRequest } from "../../emulator";
import type { Role } from "./process-tree";
import type { CliRun } from "./pulumi-cli";

/** The median of `xs` (NaN for none). */
export const median = (xs: number[]) => {
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

/** A table row: the medians of its runs. */
export interface Row {
    section: string;
    what: string;
    seconds: number;
    floor?: number;
    requests?: number;
    peakRssMiB?: number;
    cpu?: Record<Role, number>;
    stateBytes?: number;
    note?: string;
}

/** The row of several runs of one step: medians of each figure. */
export function rowOf(section: string, what: string, runs: CliRun[], extra: Partial<Row> = {}): Row {
    const cpu = {} as Record<Role, number>;
    for (const role of Object.keys(runs[0].cpuSecondsByRole) as Role[]) cpu[role] = median(runs.map((r) => r.cpuSecondsByRole[role]));
    return {
        section,
        what,
        seconds: median(runs.map((r) => r.seconds)),
        requests: median(runs.map((r) => r.requests.length)),
        peakRssMiB: median(runs.map((r) => r.peakRssBytes / 2 ** 20)),
        cpu,
        ...extra,
    };
}

/** `GET 40, POST 1`: the requests of a run by method. */
export function byMethod(requests: RecordedRequest[]): string {
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(r.method, (counts.get(r.method) ?? 0) + 1);
    return [...counts].map(([m, n]) => `${m} ${n}`).join(", ");
}

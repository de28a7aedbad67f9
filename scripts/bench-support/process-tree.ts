/**
 * What the processes under this one (the `pulumi` CLI and everything it starts) use while a bench
 * step runs, sampled from /proc every 100 ms (Linux only): the peak of their summed resident memory,
 * and CPU seconds per role, so the engine's share is measured rather than guessed.
 *
 * Roles, by command line: `engine` (the `pulumi` CLI), `language host` (pulumi-language-nodejs),
 * `program` (Node running the Pulumi program), `provider host` (Node running the dynamic provider
 * host), `other` (short-lived helpers such as the launcher's `node -e`).
 */
import { readdirSync, readFileSync } from "node:fs";

/** Process roles in a `pulumi` run. */
export type Role = "engine" | "language host" | "program" | "provider host" | "other";

export const ROLES: readonly Role[] = ["engine", "language host", "program", "provider host", "other"];

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** One sample of one process. */
interface ProcessSample {
    ppid: number;
    role: Role;
    rssBytes: number;
    /** utime + stime, seconds. */
    cpuSeconds: number;
}

/** The role of a process from its command name and command line. Pure. */
export function roleOf(comm: string, cmdline: string): Role {
    if (comm === "pulumi") return "engine";
    if (comm.startsWith("pulumi-language")) return "language host";
    if (cmdline.includes("cmd/dynamic-provider")) return "provider host";
    if (cmdline.includes("cmd/run")) return "program";
    return "other";
}

function readProcesses(): Map<number, ProcessSample> {
    const out = new Map<number, ProcessSample>();
    for (const d of readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = readFileSync(`/proc/${d}/stat`, "utf8");
            const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            const cmdline = readFileSync(`/proc/${d}/cmdline`, "utf8").replace(/\0/g, " ");
            out.set(Number(d), {
                ppid: Number(fields[1]),
                role: roleOf(comm, cmdline),
                rssBytes: Number(fields[21]) * PAGE_BYTES,
                cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
            });
        } catch {
            /* the process ended meanwhile */
        }
    }
    return out;
}

function descendants(root: number, all: Map<number, ProcessSample>): number[] {
    const children = new Map<number, number[]>();
    for (const [pid, p] of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
    const out: number[] = [];
    const stack = [...(children.get(root) ?? [])];
    while (stack.length > 0) {
        const pid = stack.pop()!;
        out.push(pid);
        stack.push(...(children.get(pid) ?? []));
    }
    return out;
}

/** What a {@link TreeSampler} saw between start() and stop(). */
export interface TreeUsage {
    /** Peak of the summed RSS of all descendants, bytes. */
    peakRssBytes: number;
    /** Peak RSS per role (each role's own peak; they need not coincide), bytes. */
    peakRssByRole: Record<Role, number>;
    /** CPU seconds per role (last sample of each process; a process that lived < 100 ms may be missed). */
    cpuSecondsByRole: Record<Role, number>;
}

const zero = (): Record<Role, number> => ({ engine: 0, "language host": 0, program: 0, "provider host": 0, other: 0 });

/** Samples the descendants of this process every `intervalMs`. */
export class TreeSampler {
    #timer?: NodeJS.Timeout;
    #peak = 0;
    #peakByRole = zero();
    #cpuByPid = new Map<number, { role: Role; cpuSeconds: number }>();

    constructor(private readonly intervalMs = 100) {}

    start(): void {
        this.#peak = 0;
        this.#peakByRole = zero();
        this.#cpuByPid.clear();
        this.#timer = setInterval(() => this.#sample(), this.intervalMs);
    }

    #sample(): void {
        const all = readProcesses();
        let total = 0;
        const byRole = zero();
        for (const pid of descendants(process.pid, all)) {
            const p = all.get(pid)!;
            // A process keeps the first role it showed: an exiting process (a zombie) has no command line.
            const seen = this.#cpuByPid.get(pid)?.role;
            const role = seen === undefined || seen === "other" ? p.role : seen;
            this.#cpuByPid.set(pid, { role, cpuSeconds: p.cpuSeconds });
            total += p.rssBytes;
            byRole[role] += p.rssBytes;
        }
        this.#peak = Math.max(this.#peak, total);
        for (const r of ROLES) this.#peakByRole[r] = Math.max(this.#peakByRole[r], byRole[r]);
    }

    stop(): TreeUsage {
        clearInterval(this.#timer);
        const cpu = zero();
        for (const { role, cpuSeconds } of this.#cpuByPid.values()) cpu[role] += cpuSeconds;
        return { peakRssBytes: this.#peak, peakRssByRole: { ...this.#peakByRole }, cpuSecondsByRole: cpu };
    }
}

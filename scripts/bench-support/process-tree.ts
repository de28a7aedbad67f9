/**
 * What the processes under this one (the `pulumi` CLI and everything it starts) use while a bench
 * step runs, sampled from /proc every 100 ms (Linux only): the peak of their summed resident memory
 * (also without each role, e.g. without the YAML language host), each role's peak, and CPU seconds
 * per role, so the engine's share is measured rather than guessed.
 *
 * Roles, by command line: `engine` (the `pulumi` CLI), `language host` (pulumi-language-nodejs, or
 * pulumi-language-yaml, which also runs a YAML program), `program` (Node running the Pulumi
 * program), `provider host` (Node running the dynamic provider host), `plugin` (a provider plugin,
 * `pulumi-resource-<name>`), `other` (short-lived helpers such as the launcher's `node -e`).
 *
 * A child that has forked but not yet called exec shares its parent's pages (a Go `os/exec` child
 * even shares its memory map until exec) and shows its parent's RSS, executable and command line:
 * it is not counted, nor given a role, until it execs (`isUnexecedFork`), so a sample taken at that
 * moment does not count the parent twice, and the child gets the role of the program it runs.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Process roles in a `pulumi` run. */
export type Role = "engine" | "language host" | "program" | "provider host" | "plugin" | "other";

export const ROLES: readonly Role[] = ["engine", "language host", "program", "provider host", "plugin", "other"];

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** One process as /proc shows it. */
export interface ProcessInfo {
    ppid: number;
    /** The command name (/proc/<pid>/stat, at most 15 characters). */
    comm: string;
    /** The command line, arguments joined by spaces. */
    cmdline: string;
    /** The executable (/proc/<pid>/exe), when readable. */
    exe?: string;
    rssBytes: number;
    /** utime + stime, seconds. */
    cpuSeconds: number;
}

/**
 * The role of a process from its command name and command line (the dynamic provider host's
 * launcher, `pulumi-resource-pulumi-nodejs`, which execs it, included). Pure.
 */
export function roleOf(comm: string, cmdline: string): Role {
    if (comm === "pulumi") return "engine";
    if (comm.startsWith("pulumi-language")) return "language host";
    if (cmdline.includes("cmd/dynamic-provider") || cmdline.includes("pulumi-resource-pulumi-nodejs")) return "provider host";
    if (cmdline.includes("pulumi-resource-")) return "plugin";
    // A Node.js program (the Node host's cmd/run), or a Python program run inline by its Automation API
    // driver (test/e2e/programs/inline/driver.py: the program and its SDK's language server in one process).
    if (cmdline.includes("cmd/run") || cmdline.includes("inline/driver.py")) return "program";
    return "other";
}

/**
 * Whether `p` is a fork of `parent` that has not exec'd yet: the same command line and (when both
 * are readable) the same executable. Pure.
 */
export function isUnexecedFork(p: ProcessInfo, parent: ProcessInfo | undefined): boolean {
    if (!parent || p.cmdline !== parent.cmdline) return false;
    return p.exe === undefined || parent.exe === undefined || p.exe === parent.exe;
}

/** The descendants of `root` to count: all of them but the forks that have not exec'd. Pure. */
export function countedDescendants(root: number, all: ReadonlyMap<number, ProcessInfo>): number[] {
    const children = new Map<number, number[]>();
    for (const [pid, p] of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
    const out: number[] = [];
    const stack = [...(children.get(root) ?? [])];
    while (stack.length > 0) {
        const pid = stack.pop()!;
        const p = all.get(pid)!;
        if (!isUnexecedFork(p, all.get(p.ppid))) out.push(pid);
        stack.push(...(children.get(pid) ?? []));
    }
    return out;
}

/** Every process of /proc now. */
export function readProcesses(): Map<number, ProcessInfo> {
    const out = new Map<number, ProcessInfo>();
    for (const d of readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = readFileSync(`/proc/${d}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            let exe: string | undefined;
            try {
                exe = readlinkSync(`/proc/${d}/exe`);
            } catch {
                /* a zombie, or not ours to read */
            }
            out.set(Number(d), {
                ppid: Number(fields[1]),
                comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
                cmdline: readFileSync(`/proc/${d}/cmdline`, "utf8").replace(/\0/g, " ").trimEnd(),
                exe,
                rssBytes: Number(fields[21]) * PAGE_BYTES,
                cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
            });
        } catch {
            /* the process ended meanwhile */
        }
    }
    return out;
}

/** What a {@link TreeSampler} saw between start() and stop(). */
export interface TreeUsage {
    /** Peak of the summed RSS of all counted descendants, bytes. */
    peakRssBytes: number;
    /** Peak of the summed RSS of the counted descendants but those of one role (e.g. the YAML language host), bytes. */
    peakRssWithoutBytes: Record<Role, number>;
    /** Peak RSS per role (each role's own peak; they need not coincide), bytes. */
    peakRssByRole: Record<Role, number>;
    /** CPU seconds per role (last sample of each process; a process that lived < 100 ms may be missed). */
    cpuSecondsByRole: Record<Role, number>;
    /** The processes counted, with their role and command line. */
    processes: { pid: number; role: Role; cmdline: string }[];
}

const zero = (): Record<Role, number> => ({ engine: 0, "language host": 0, program: 0, "provider host": 0, plugin: 0, other: 0 });

/** Options of a {@link TreeSampler}. */
export interface SamplerOptions {
    /** Sampling period, ms (default 100). */
    intervalMs?: number;
    /** Whose tree: its descendants (default this process). */
    root?: number;
    /** Whether `root` itself counts too (e.g. the `pulumi` CLI the bench started). Default false. */
    includeRoot?: boolean;
    /** The process table (default /proc; tests pass a made-up one). */
    read?: () => ReadonlyMap<number, ProcessInfo>;
}

/** Samples the processes of a tree every `intervalMs`. */
export class TreeSampler {
    #timer?: NodeJS.Timeout;
    #peak = 0;
    #peakWithout = zero();
    #peakByRole = zero();
    #seen = new Map<number, { role: Role; cpuSeconds: number; cmdline: string }>();
    readonly #options: Required<SamplerOptions>;

    constructor(options: SamplerOptions = {}) {
        this.#options = { intervalMs: 100, root: process.pid, includeRoot: false, read: readProcesses, ...options };
    }

    start(): void {
        this.#peak = 0;
        this.#peakWithout = zero();
        this.#peakByRole = zero();
        this.#seen.clear();
        this.#timer = setInterval(() => this.sample(), this.#options.intervalMs);
    }

    /** Takes one sample now (the timer calls it; tests call it directly). */
    sample(): void {
        const { read, root, includeRoot } = this.#options;
        const all = read();
        let total = 0;
        const byRole = zero();
        const pids = countedDescendants(root, all);
        if (includeRoot && all.has(root)) pids.push(root);
        for (const pid of pids) {
            const p = all.get(pid)!;
            // The role of what the process runs now (a launcher execs its program); an exiting process (a zombie)
            // has no command line and keeps the role it had.
            const seen = this.#seen.get(pid);
            const now = roleOf(p.comm, p.cmdline);
            const role = now === "other" && seen !== undefined ? seen.role : now;
            this.#seen.set(pid, { role, cpuSeconds: p.cpuSeconds, cmdline: seen?.cmdline || p.cmdline });
            total += p.rssBytes;
            byRole[role] += p.rssBytes;
        }
        this.#peak = Math.max(this.#peak, total);
        for (const r of ROLES) {
            this.#peakByRole[r] = Math.max(this.#peakByRole[r], byRole[r]);
            this.#peakWithout[r] = Math.max(this.#peakWithout[r], total - byRole[r]);
        }
    }

    stop(): TreeUsage {
        clearInterval(this.#timer);
        const cpu = zero();
        for (const { role, cpuSeconds } of this.#seen.values()) cpu[role] += cpuSeconds;
        return {
            peakRssBytes: this.#peak,
            peakRssWithoutBytes: { ...this.#peakWithout },
            peakRssByRole: { ...this.#peakByRole },
            cpuSecondsByRole: cpu,
            processes: [...this.#seen].map(([pid, s]) => ({ pid, role: s.role, cmdline: s.cmdline })),
        };
    }
}

/**
 * Runs the `pulumi` CLI found on PATH, as the package's commands need it (`recover`: stack export and
 * import; `doctor` and `conformance`: a stack's config; `conformance`: a program's up, preview and
 * destroy). Always non-interactive, never checking for updates. Output is collected, not shown.
 */
import { spawn } from "node:child_process";

/** Where and how one CLI call runs. */
export interface PulumiRunOptions {
    /** Working directory (the Pulumi project's). */
    cwd: string;
    /** The whole environment of the call (default: this process's). */
    env?: NodeJS.ProcessEnv;
    /** Text written to the CLI's standard input (e.g. a deployment for `pulumi stack import`). */
    input?: string;
    /** Aborting it stops the CLI (SIGINT, so that Pulumi cancels cleanly; SIGKILL 10 s later). */
    signal?: AbortSignal;
}

/** What one CLI call did. */
export interface PulumiRun {
    /** Exit code; null when a signal ended it. */
    code: number | null;
    stdout: string;
    stderr: string;
}

/** The error for a `pulumi` that is not on PATH, with what to do. */
export class PulumiNotFoundError extends Error {
    override name = "PulumiNotFoundError";
    constructor() {
        super("the pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) or put it on PATH.");
    }
}

const KILL_AFTER_MS = 10_000;

/**
 * Runs `pulumi <args> --non-interactive`; resolves with its exit code and output whatever the code.
 * @throws PulumiNotFoundError when the CLI is not on PATH; Error when it cannot be started otherwise.
 */
export function runPulumi(args: string[], o: PulumiRunOptions): Promise<PulumiRun> {
    return new Promise((resolve, reject) => {
        const child = spawn("pulumi", [...args, "--non-interactive"], {
            cwd: o.cwd,
            env: { ...(o.env ?? process.env), PULUMI_SKIP_UPDATE_CHECK: "true" },
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        let killTimer: NodeJS.Timeout | undefined;
        const onAbort = () => {
            child.kill("SIGINT");
            killTimer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
            killTimer.unref();
        };
        if (o.signal?.aborted) onAbort();
        else o.signal?.addEventListener("abort", onAbort, { once: true });
        // One decoder per stream (setEncoding): a multi-byte character split across two chunks of
        // the pipe (64 KiB each) is decoded whole, never as two U+FFFD.
        child.stdout.setEncoding("utf8");
        child.stderr.setEncoding("utf8");
        child.stdout.on("data", (d: string) => (stdout += d));
        child.stderr.on("data", (d: string) => (stderr += d));
        child.on("error", (err: NodeJS.ErrnoException) => {
            o.signal?.removeEventListener("abort", onAbort);
            reject(err.code === "ENOENT" ? new PulumiNotFoundError() : err);
        });
        child.on("close", (code) => {
            o.signal?.removeEventListener("abort", onAbort);
            if (killTimer) clearTimeout(killTimer);
            resolve({ code, stdout, stderr });
        });
        child.stdin.on("error", () => undefined); // the CLI may exit before reading its input
        child.stdin.end(o.input ?? "");
    });
}

/**
 * Runs `pulumi <args>` and resolves with its stdout.
 * @throws Error `pulumi <args> failed: <its stderr>` when it exits non-zero; PulumiNotFoundError.
 */
export async function pulumiOutput(args: string[], o: PulumiRunOptions): Promise<string> {
    const run = await runPulumi(args, o);
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed: ${run.stderr.trim() || run.stdout.trim() || `exit ${run.code}`}`);
    return run.stdout;
}

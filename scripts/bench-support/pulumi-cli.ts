/**
 * Runs the `pulumi` CLI of a bench stack as a user's shell or pipeline would (its own process, the
 * stack's work directory and environment), timing it and sampling its process tree (the CLI and
 * everything it starts: ./process-tree) and counting the requests the emulator answered meanwhile.
 */
import { spawn } from "node:child_process";
import type { RecordedRequest, RunningEmulator } from "../../emulator";
import type { E2EStack } from "../../test/e2e/harness";
import { TreeSampler, type TreeUsage } from "./process-tree";

/** One timed CLI run. */
export interface CliRun extends TreeUsage {
    seconds: number;
    /** Requests the emulator answered during the run (data plane and token endpoint). */
    requests: RecordedRequest[];
}

/**
 * `pulumi <args> --stack <stack> --non-interactive` in the stack's work directory with its
 * environment plus `extraEnv`.
 * @throws Error with the CLI's last output lines when it exits non-zero.
 */
export async function runPulumi(
    e2e: E2EStack,
    emulator: RunningEmulator,
    args: string[],
    extraEnv: Record<string, string> = {},
): Promise<CliRun> {
    let sampler!: TreeSampler;
    const seq = emulator.lastRequestSeq();
    const env = { ...process.env, ...e2e.stack.workspace.envVars, ...extraEnv };
    const t0 = process.hrtime.bigint();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn("pulumi", [...args, "--stack", e2e.stack.name, "--non-interactive"], {
            cwd: e2e.stack.workspace.workDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        // The CLI and what it starts; not the bench's own helpers.
        sampler = new TreeSampler({ root: child.pid, includeRoot: true });
        sampler.start();
        let output = "";
        const keep = (d: Buffer) => {
            output = (output + d.toString("utf8")).slice(-20_000);
            if (process.env.BENCH_VERBOSE) process.stderr.write(d);
        };
        child.stdout.on("data", keep);
        child.stderr.on("data", keep);
        child.on("error", reject);
        child.on("close", (c) => resolve({ code: c, output }));
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const usage = sampler.stop();
    if (code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${code}:\n${output.split("\n").slice(-30).join("\n")}`);
    return { seconds, requests: emulator.requests(seq), ...usage };
}

/**
 * Python and Go programs through the real `pulumi` CLI, with no Python or Go language host (the Go
 * module proxy refuses them): each runs as an Automation API inline program in its own process
 * (Python `pulumi.automation`, Go `github.com/pulumi/pulumi/sdk/v3/go/auto`), and the CLI attaches
 * to it with `--client`. The drivers are test/e2e/programs/inline/driver.py and driver.go; the
 * environments scripts/ensure-python-programs.sh (a venv with `pulumi` from PyPI and the wheel of
 * sdk/python) and scripts/ensure-go-programs.sh (the driver built with every Go example and sdk/go)
 * make, cached under ~/.cache.
 *
 * {@link inlineProgramStack} makes the stack of an example (a fresh copy of its directory, its
 * config); {@link runInlineProgram} runs one operation on it, under the preview guard
 * (./preview-guard.ts: a preview sends no write; an `up`'s preview is checked up to the exact start
 * of its update, which the program's process reports). The bench can run the same programs with
 * these two functions.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, type ConfigMap } from "@pulumi/pulumi/automation";
import { REPO_ROOT, backendEnv, cliEnv, getPulumiCommand, type E2EStack, type StateBackend } from "./harness";
import { guardProgramRun } from "./preview-guard";

/**
 * A program run inline: its language and its directory, relative to the repository (e.g.
 * `examples/python-stores`, `examples/go-two-providers`): a Python program's `__main__.py`, or a Go
 * program's `main.go` that passes `program` to pulumi.Run (compiled into the Go driver: the Go
 * examples, and any `go-*` program in scripts/bench-programs/; see scripts/ensure-go-programs.sh).
 * Its Pulumi.yaml names the project.
 */
export interface InlineProgram {
    language: "python" | "go";
    dir: string;
}

/** An operation of {@link runInlineProgram}. */
export type InlineOperation = "preview" | "up" | "refresh" | "destroy";

/** A resource the program also declares with the `import` resource option (Pulumi reads it by id, writes nothing). */
export interface ImportSpec {
    /** Resource type under `anypoint:objectstore:`: only `Store` for Go programs. */
    type: "Store";
    /** The resource's name in the stack. */
    name: string;
    /** The id to import (a Store's storeId). */
    id: string;
    /** Its declared inputs (camelCase), which must match what the service holds. */
    inputs: Record<string, unknown>;
}

/** Options of {@link runInlineProgram}. */
export interface InlineRunOptions {
    /** Refresh first (`preview --refresh`, `up --refresh`). */
    refresh?: boolean;
    /** Fail when the preview or refresh shows changes (the drift gate). */
    expectNoChanges?: boolean;
    /** Print the detailed diff. */
    diff?: boolean;
    /** Resources declared with the `import` option too. */
    imports?: ImportSpec[];
    /** Called with the driver's process id once it started (e.g. to sample its process tree). */
    onSpawn?: (pid: number) => void;
    /** Called at the start of each run of the program (before it declares anything), with whether it is a dry run. */
    onProgramRun?: (dryRun: boolean) => void;
}

/** What the driver reported (its last line, `OSV2_RESULT <json>`). */
export interface DriverResult {
    ok: boolean;
    operation: InlineOperation;
    error?: string;
    outputs?: Record<string, { value: unknown; secret: boolean }>;
    summary?: { result: string; resourceChanges?: Record<string, number> };
    changeSummary?: Record<string, number>;
}

/** One run: exit code, everything the driver and the CLI printed, and the driver's result. */
export interface InlineRun {
    code: number;
    output: string;
    result: DriverResult;
    /** Wall-clock seconds of the whole run (the driver's start to its exit). */
    seconds: number;
}

const runners = new Map<InlineProgram["language"], Promise<string[]>>();

/** Runs `bash <script>` (its progress on this process's stderr); resolves with its stdout, trimmed. */
function provision(script: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${path.basename(script)} exited with ${code}`))));
    });
}

/**
 * The command that runs a driver of `language`, provisioned once per test process (Python and Go
 * can provision at once): Python's venv interpreter with driver.py, or the Go driver binary.
 */
export function inlineRunner(language: InlineProgram["language"]): Promise<string[]> {
    let runner = runners.get(language);
    if (!runner) {
        runner = (async () => {
            const script = language === "python" ? "ensure-python-programs.sh" : "ensure-go-programs.sh";
            const bin = await provision(path.join(REPO_ROOT, "scripts", script));
            return language === "python"
                ? [path.join(bin, "python"), path.join(REPO_ROOT, "test", "e2e", "programs", "inline", "driver.py")]
                : [path.join(bin, "osv2-inline-go")];
        })();
        runners.set(language, runner);
    }
    return runner;
}

/** The program's file (Python) or name (Go: its directory's name) as the driver takes it. */
function programArgument(program: InlineProgram): string {
    return program.language === "python" ? path.join(REPO_ROOT, program.dir, "__main__.py") : path.basename(program.dir);
}

/** Options of {@link inlineProgramStack}. */
export interface InlineStackOptions {
    /** Environment of every CLI call, on top of {@link cliEnv}: e.g. `anypointEnv(emulator)`. */
    env?: Record<string, string>;
    /** Stack config set before the first operation. */
    config?: ConfigMap;
    /** Where the stack's state lives (default a file backend). */
    backend?: StateBackend;
}

/**
 * A stack of `program`, in a fresh copy of its directory (its Pulumi.yaml: project name,
 * runtime, config schema) under a temporary directory with its own backend and PULUMI_HOME, with
 * `config` set. The driver selects it; `e2e.stack` also serves the CLI commands the driver does not
 * run (e.g. `stack export`, through the harness's runPulumi).
 */
export async function inlineProgramStack(program: InlineProgram, options: InlineStackOptions = {}): Promise<E2EStack> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `osv2-e2e-${program.language}-`));
    const workDir = path.join(tmp, "project");
    fs.cpSync(path.join(REPO_ROOT, program.dir), workDir, { recursive: true });
    const backend = await backendEnv(options.backend);
    const envVars = { ...cliEnv(tmp), ...backend, ...options.env };
    const name = `${program.language}-${process.env.OSV2_TEST_RUN_ID ?? process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, workDir },
        { envVars, pulumiCommand: await getPulumiCommand() },
    );
    if (options.config) await stack.setAllConfig(options.config);
    const output: string[] = [];
    return {
        stack,
        tmp,
        backend: options.backend ?? "file",
        backendEnv: backend,
        output,
        onOutput: (line: string) => {
            output.push(line);
            if (process.env.E2E_VERBOSE) process.stdout.write(line);
        },
        async dispose() {
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
            fs.rmSync(tmp, { recursive: true, force: true });
        },
    };
}

/** Serves the driver's `--phase-url`: each GET is the start of one run of the program. */
async function phaseServer(programRuns: (dryRun: boolean) => void): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        programRuns(new URL(req.url ?? "/", "http://x").searchParams.get("dryRun") === "true");
        res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/phase`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/**
 * Runs `operation` on the stack of `program` ({@link inlineProgramStack}) with its driver, as a user's
 * Automation API program does, under the preview guard: a `preview` must send no write from start to
 * end, an `up` none before its update starts. Everything printed goes to `e2e.onOutput` too.
 * Resolves (also when the operation failed: see `code` and `result.ok`) with what the driver printed
 * and reported; rejects when a preview wrote.
 */
export async function runInlineProgram(
    e2e: E2EStack,
    program: InlineProgram,
    operation: InlineOperation,
    options: InlineRunOptions = {},
): Promise<InlineRun> {
    const command = await inlineRunner(program.language);
    const workspace = e2e.stack.workspace as LocalWorkspace;
    const projectName = (await workspace.projectSettings()).name;
    const kind = operation === "preview" || operation === "up" ? operation : "other";
    const dash = program.language === "python" ? "--" : "-";
    return guardProgramRun(kind, `the ${program.language} program's ${operation} (${program.dir})`, async (programRuns) => {
        const phases = await phaseServer((dryRun) => {
            programRuns(dryRun);
            options.onProgramRun?.(dryRun);
        });
        try {
            const args = [
                ...command.slice(1),
                operation,
                ...[`${dash}work-dir`, workspace.workDir, `${dash}project`, projectName, `${dash}stack`, e2e.stack.name],
                ...[`${dash}program`, programArgument(program), `${dash}phase-url`, phases.url],
                ...[`${dash}imports`, JSON.stringify(options.imports ?? [])],
                ...(options.refresh ? [`${dash}refresh`] : []),
                ...(options.expectNoChanges ? [`${dash}expect-no-changes`] : []),
                ...(options.diff ? [`${dash}diff`] : []),
            ];
            const started = Date.now();
            const child = spawn(command[0], args, { cwd: workspace.workDir, env: { ...process.env, ...workspace.envVars } });
            if (child.pid !== undefined) options.onSpawn?.(child.pid);
            let output = "";
            const collect = (text: string) => {
                output += text;
                e2e.onOutput(text);
            };
            child.stdout.setEncoding("utf8").on("data", collect);
            child.stderr.setEncoding("utf8").on("data", collect);
            const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
            const last = output
                .split("\n")
                .filter((l) => l.startsWith("OSV2_RESULT "))
                .pop();
            const result: DriverResult = last
                ? (JSON.parse(last.slice("OSV2_RESULT ".length)) as DriverResult)
                : { ok: false, operation, error: `the driver reported nothing (exit code ${code})` };
            return { code, output, result, seconds: (Date.now() - started) / 1000 };
        } finally {
            await phases.close();
        }
    });
}

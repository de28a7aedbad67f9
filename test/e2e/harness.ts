/**
 * End-to-end harness: the real `pulumi` CLI (through the Automation API) against a real emulator
 * over HTTP. Each stack gets its own file backend and PULUMI_HOME in a temporary directory, and
 * reaches the emulator through ANYPOINT_* variables (as a pipeline would).
 *
 * The CLI runs as users run it: `up` runs its own preview (the Automation API's `up()` passes
 * `--skip-preview`; {@link getPulumiCommand}'s command leaves it out), and every preview is held to
 * "a preview never writes" by ./preview-guard.ts, against every emulator {@link startTestEmulator}
 * started: standalone previews, the preview inside an inline program's `up`, and the commands
 * {@link runPulumi} spawns.
 *
 * Stacks of {@link programStack} and {@link inlineStack} can keep their state in PostgreSQL instead
 * (`{ backend: "postgres" }`: a team's remote state; ./postgres.ts).
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigMap, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator, type EmulatorOptions } from "../../emulator";
import { ensurePostgres } from "./postgres";

import { REPO_ROOT } from "../support/repo";
import { guardCommand, notingPhases, watchEmulator } from "./preview-guard";

export { EmulatorApi } from "../support/emulator-api";
export { REPO_ROOT };

let pulumiCommand: Promise<PulumiCommand> | undefined;

/** PulumiCommand's `run` (not in its declarations): what every Automation API operation calls. */
type RunCommand = (args: string[], ...rest: unknown[]) => Promise<unknown>;

/**
 * The Pulumi CLI matching @pulumi/pulumi, provisioned by scripts/ensure-pulumi.sh (cached after the
 * first build) and put first on PATH, so the engine finds the language host and the launcher too.
 * Every command it runs goes through the preview guard (./preview-guard.ts), and `up` runs without
 * `--skip-preview`, so its own preview runs first, as `pulumi up --yes` does for a user.
 */
export function getPulumiCommand(): Promise<PulumiCommand> {
    pulumiCommand ??= (async () => {
        const binDir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        }).trim();
        process.env.PATH = `${binDir}${path.delimiter}${process.env.PATH}`;
        const command = await PulumiCommand.get({ root: path.dirname(binDir) });
        const runnable = command as unknown as { run: RunCommand };
        const run = runnable.run.bind(command);
        runnable.run = (args, ...rest) => {
            const asUsersRun = args[0] === "up" ? args.filter((a) => a !== "--skip-preview") : args;
            return guardCommand(asUsersRun, () => run(asUsersRun, ...rest));
        };
        return command;
    })();
    return pulumiCommand;
}

let yamlLanguageHost: Promise<string> | undefined;

/**
 * The Pulumi YAML language host (`pulumi-language-yaml`), provisioned by scripts/ensure-pulumi-yaml.sh
 * (cached after the first build) and put first on PATH, where the CLI looks for it when a
 * Pulumi.yaml says `runtime: yaml`. Resolves to the directory that holds it.
 */
export function ensureYamlLanguageHost(): Promise<string> {
    yamlLanguageHost ??= (async () => {
        const binDir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi-yaml.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        }).trim();
        process.env.PATH = `${binDir}${path.delimiter}${process.env.PATH}`;
        return binDir;
    })();
    return yamlLanguageHost;
}

/**
 * Environment for the CLI alone: a file backend and PULUMI_HOME under `tmp` (created), passphrase
 * secrets, no update check, no plugin downloads.
 */
export function cliEnv(tmp: string): Record<string, string> {
    fs.mkdirSync(path.join(tmp, "state"), { recursive: true });
    fs.mkdirSync(path.join(tmp, "home"), { recursive: true });
    return {
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_HOME: path.join(tmp, "home"),
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
}

/** The ANYPOINT_* variables that point a provider at `emulator` with the demo connected app. */
export function anypointEnv(emulator: RunningEmulator): Record<string, string> {
    return {
        ANYPOINT_BASE_URL: emulator.url,
        ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId,
        ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
        ANYPOINT_ORGANIZATION_ID: DEMO_CREDENTIALS.organizationId,
        ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.environmentId,
    };
}

/** Environment for the CLI: isolated state and home, no network, and the emulator's connection settings. */
export function stackEnv(emulator: RunningEmulator, tmp: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...cliEnv(tmp), ...anypointEnv(emulator), ...extra };
}

/** Where a stack's state lives: a file backend in its temporary directory, or Pulumi's DIY PostgreSQL backend. */
export type StateBackend = "file" | "postgres";

/** Options of {@link programStack} and {@link inlineStack}. */
export interface StackOptions {
    /** Where the stack's state lives (default `file`). */
    backend?: StateBackend;
}

/**
 * The CLI variables that put a stack's state in `backend` (on top of {@link cliEnv}): none for a
 * file backend; for PostgreSQL the server of this test process (started on first use) as
 * PULUMI_BACKEND_URL, its password as PGPASSWORD.
 */
export async function backendEnv(backend: StateBackend = "file"): Promise<Record<string, string>> {
    if (backend === "file") return {};
    const pg = await ensurePostgres();
    return { PULUMI_BACKEND_URL: pg.url, PGPASSWORD: pg.password };
}

/** A stack plus everything to tear it down. */
export interface E2EStack {
    stack: Stack;
    tmp: string;
    /** Where its state lives; {@link backendEnv} gives the variables every CLI call of the stack needs. */
    backend?: StateBackend;
    /** The variables of {@link backendEnv} for its backend ({} for a file backend). */
    backendEnv?: Record<string, string>;
    /** Every line the CLI printed, across operations (for assertions on warnings and diffs). */
    output: string[];
    onOutput: (line: string) => void;
    dispose(): Promise<void>;
}

function uniqueName(prefix: string): string {
    return `${prefix}-${process.env.OSV2_TEST_RUN_ID ?? process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

function withOutput(
    stack: Stack,
    tmp: string,
    cleanup: () => void,
    backend: StateBackend = "file",
    env: Record<string, string> = {},
): E2EStack {
    const output: string[] = [];
    return {
        stack,
        tmp,
        backend,
        backendEnv: env,
        output,
        onOutput: (line: string) => {
            output.push(line);
            if (process.env.E2E_VERBOSE) process.stdout.write(line);
        },
        async dispose() {
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
            cleanup();
        },
    };
}

/** A stack of the repository's own Pulumi.yaml (the quickstart example), run by the Node language host. */
export async function quickstartStack(emulator: RunningEmulator, extraEnv: Record<string, string> = {}): Promise<E2EStack> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-"));
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: uniqueName("quickstart"), workDir: REPO_ROOT },
        { envVars: stackEnv(emulator, tmp, extraEnv), pulumiCommand: await getPulumiCommand() },
    );
    return withOutput(stack, tmp, () => fs.rmSync(tmp, { recursive: true, force: true }));
}

/**
 * A stack for an inline program (declared in the test). Its work directory sits inside the
 * repository (.e2e/, git-ignored) so the dynamic provider launcher resolves @pulumi/pulumi.
 */
export async function inlineStack(
    emulator: RunningEmulator,
    program: PulumiFn,
    extraEnv: Record<string, string> = {},
    options: StackOptions = {},
): Promise<E2EStack> {
    const backend = await backendEnv(options.backend);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-"));
    const name = uniqueName("inline");
    const workDir = path.join(REPO_ROOT, ".e2e", name);
    fs.mkdirSync(workDir, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: "osv2-e2e", program: notingPhases(name, program) },
        {
            workDir,
            projectSettings: { name: "osv2-e2e", runtime: "nodejs" },
            envVars: stackEnv(emulator, tmp, { ...backend, ...extraEnv }),
            pulumiCommand: await getPulumiCommand(),
        },
    );
    return withOutput(
        stack,
        tmp,
        () => {
            fs.rmSync(tmp, { recursive: true, force: true });
            fs.rmSync(workDir, { recursive: true, force: true });
        },
        options.backend,
        backend,
    );
}

/**
 * A stack for a program run from a directory by the `pulumi` CLI and its Node language host (a new
 * Node process per operation, as for a user), whose entry module is `entryModule` (an absolute path
 * to compiled JS). Its work directory sits inside the repository (.e2e/, git-ignored), so the
 * program and the dynamic provider resolve the repository's packages.
 */
export async function programStack(
    emulator: RunningEmulator,
    entryModule: string,
    extraEnv: Record<string, string> = {},
    options: StackOptions = {},
): Promise<E2EStack> {
    const backend = await backendEnv(options.backend);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-"));
    const name = uniqueName("program");
    const workDir = path.join(REPO_ROOT, ".e2e", name);
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(
        path.join(workDir, "Pulumi.yaml"),
        `name: osv2-e2e-program\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
    fs.writeFileSync(path.join(workDir, "index.js"), `module.exports = require(${JSON.stringify(entryModule)});\n`);
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, workDir },
        { envVars: stackEnv(emulator, tmp, { ...backend, ...extraEnv }), pulumiCommand: await getPulumiCommand() },
    );
    return withOutput(
        stack,
        tmp,
        () => {
            fs.rmSync(tmp, { recursive: true, force: true });
            fs.rmSync(workDir, { recursive: true, force: true });
        },
        options.backend,
        backend,
    );
}

/** What {@link yamlStack} runs: a Pulumi YAML project, its environment and its stack config. */
export interface YamlStackOptions {
    /**
     * The project: either the text of its Pulumi.yaml (`runtime: yaml`), or a directory whose files
     * (Pulumi.yaml and anything it uses) are copied. The stack runs in a fresh copy either way, so
     * the stack's Pulumi.<stack>.yaml never lands in the source.
     */
    project: { pulumiYaml: string } | { dir: string };
    /**
     * Environment of every CLI call, on top of {@link cliEnv} (isolated backend and home, passphrase
     * secrets, no plugin downloads): e.g. `anypointEnv(emulator)`, or nothing when the program's
     * providers take their settings from `config`.
     */
    env?: Record<string, string>;
    /** Stack config set before the first operation, e.g. `{ "anypoint:clientSecret": { value, secret: true } }`. */
    config?: ConfigMap;
    /**
     * Directories put first on the CLI's PATH (before the CLI's and the YAML host's): e.g. the one
     * holding a `pulumi-resource-<name>` plugin, which the CLI then uses without installing it.
     */
    pathDirs?: string[];
}

/**
 * A stack of a Pulumi YAML program, run by the real CLI and the YAML language host
 * (`pulumi-language-yaml` from {@link ensureYamlLanguageHost}; with plugin downloads off, a host
 * that is not on PATH fails the run). Work directory and state live in a temporary directory.
 */
export async function yamlStack(options: YamlStackOptions): Promise<E2EStack> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-yaml-"));
    const workDir = path.join(tmp, "project");
    if ("dir" in options.project) {
        fs.cpSync(options.project.dir, workDir, { recursive: true });
    } else {
        fs.mkdirSync(workDir, { recursive: true });
        fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), options.project.pulumiYaml);
    }
    const [pulumiCommand] = await Promise.all([getPulumiCommand(), ensureYamlLanguageHost()]);
    const envVars = { ...cliEnv(tmp), ...options.env };
    if (options.pathDirs?.length) envVars.PATH = [...options.pathDirs, process.env.PATH].join(path.delimiter);
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: uniqueName("yaml"), workDir }, { envVars, pulumiCommand });
    if (options.config) await stack.setAllConfig(options.config);
    return withOutput(stack, tmp, () => fs.rmSync(tmp, { recursive: true, force: true }));
}

/**
 * Packs the `anypoint` provider plugin into `dir` and installs it into the stack's PULUMI_HOME with
 * `pulumi plugin install resource anypoint <version> --file <tarball>`, as README says; returns the
 * tarball's path.
 */
export function installPlugin(e2e: E2EStack, dir: string): string {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    const tarball = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist", "scripts", "pack-plugin.js"), "--out", dir], {
        encoding: "utf8",
    }).trim();
    execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", version, "--file", tarball], {
        env: { ...process.env, ...cliEnv(e2e.tmp) },
        stdio: "pipe",
    });
    return tarball;
}

/**
 * Starts an emulator in strict auth mode on a free port (`options` may change that), whose journal
 * every preview of the e2e tests is checked against until it is closed (./preview-guard.ts).
 */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    return watchEmulator(await startEmulator({ port: 0, auth: "strict", ...options }));
}

/**
 * Runs `pulumi <args> --stack <stack> --non-interactive --color never` in the stack's work directory
 * with its environment (asynchronously: the emulator answers from this process), under the preview
 * guard (./preview-guard.ts), as a user's shell runs it: `args` are passed as they are (an `up`
 * runs its preview unless they say `--skip-preview`). Resolves with exit code and everything printed.
 */
export function runPulumi(
    e2e: E2EStack,
    args: string[],
    env: Record<string, string> = cliEnv(e2e.tmp),
): Promise<{ code: number; output: string }> {
    const full = [...args, "--stack", e2e.stack.name, "--non-interactive", "--color", "never"];
    return guardCommand(full, () => {
        const child = spawn("pulumi", full, { cwd: e2e.stack.workspace.workDir, env: { ...process.env, ...env } });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, output })));
    });
}

/**
 * The last "Diagnostics:" section of a CLI run's output (an `up` prints its preview's, then its
 * update's), without the line the Automation API's inline program server adds ("One or more errors
 * occurred: <the same messages>"): a program run by the `pulumi` CLI from a directory has no such
 * line. Tests count a message's occurrences here.
 */
export function diagnosticsSection(printed: string): string {
    const start = printed.lastIndexOf("Diagnostics:");
    if (start < 0) return "";
    return printed
        .slice(start)
        .split("\n")
        .filter((line) => !/error: One or more errors occurred/.test(line))
        .join("\n");
}

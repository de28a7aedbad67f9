/**
 * The bench's program kinds: the same program (one Store and one KeyEntries of N entries of
 * 55-character strings, scripts/bench-programs/) in each way a user writes it, each run by the real
 * CLI from its own directory, so the two front doors are measured side by side (./doors.ts):
 *   typescript   the TypeScript classes of this package (dynamic resources), Node language host
 *   nodejs-sdk   the `anypoint` plugin through its generated Node.js SDK (sdk/nodejs), Node host
 *   yaml         the `anypoint` plugin from Pulumi YAML (pulumi-language-yaml runs the program)
 *   yaml-main    the same YAML program in Main.yaml beside a two-line Pulumi.yaml (the CLI then
 *                parses only the small project file)
 *   python       the `anypoint` plugin through its generated Python SDK (sdk/python), the program
 *                (scripts/bench-programs/python-key-entries/) run as an Automation API inline program
 *                by test/e2e/programs/inline/driver.py, as the e2e tests run Python programs (no
 *                Python language host here): the driver's process is the `program` role (the program
 *                and the SDK's language server in one process); its `up` runs its preview first
 * A kind is one function that makes a stack of that program and declares N entries in it (and, when
 * the CLI does not run the program itself, how to run one step: `run`). Go: one more entry like
 * `python` (a Go program in a `go-` directory of scripts/bench-programs/, which
 * scripts/ensure-go-programs.sh compiles into the Go driver).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { REPO_ROOT, anypointEnv, cliEnv, programStack, yamlStack, type E2EStack } from "../../test/e2e/harness";
import { inlineProgramStack, runInlineProgram, type InlineProgram } from "../../test/e2e/inline-programs";
import { keyEntriesYaml } from "../bench-programs/key-entries-yaml";
import { packPlugin } from "../pack-plugin";
import { TreeSampler } from "./process-tree";
import type { CliRun } from "./pulumi-cli";

/** What a program declares: `count` entries (the first `edited` edited) in store `storeId`. */
export interface Declared {
    storeId: string;
    count: number;
    edited?: number;
    /** The entries split over this many KeyEntries (YAML programs only; default 1). */
    parts?: number;
}

/** A stack of one program kind. */
export interface BenchProgram {
    e2e: E2EStack;
    /** Makes the program declare `d` (stack config or the program's text). */
    declare(d: Declared): Promise<void>;
    /** Runs one step when the `pulumi` CLI alone cannot (an inline program's driver); default `pulumi <step>`. */
    run?(emulator: RunningEmulator, step: "up" | "preview" | "refresh" | "destroy"): Promise<CliRun>;
}

/** A way to write the bench program. */
export interface ProgramKind {
    /** How the tables name it. */
    label: string;
    /** The front door its resources go through. */
    door: "TypeScript classes" | "plugin";
    start(emulator: RunningEmulator, builds: BenchBuilds): Promise<BenchProgram>;
}

/** The provider's pacing off, as in every unpaced bench row. */
const UNPACED = { ANYPOINT_REQUESTS_PER_SECOND: "0" };

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const PROGRAMS = path.join(__dirname, "..", "bench-programs");

/**
 * What the program kinds build once per bench run: the plugin's tarball (this build's, or
 * `pluginTarball` when given: another build to compare, e.g. an earlier commit's), the compiled
 * Node.js SDK.
 */
export class BenchBuilds {
    readonly dir = path.join(REPO_ROOT, ".e2e", `bench-builds-${process.pid}`);
    #plugin?: Promise<string>;
    #nodeSdk?: string;

    /**
     * @param pluginTarball another build of the plugin to measure
     * @param yamlHostDir a directory holding another pulumi-language-yaml to run YAML programs with
     */
    constructor(
        pluginTarball?: string,
        readonly yamlHostDir?: string,
    ) {
        if (pluginTarball) this.#plugin = Promise.resolve(path.resolve(pluginTarball));
    }

    /** The plugin's tarball (scripts/pack-plugin.ts). */
    pluginTarball(): Promise<string> {
        this.#plugin ??= packPlugin(path.join(this.dir, "plugin"));
        return this.#plugin;
    }

    /**
     * sdk/nodejs compiled with its package.json beside it, inside the repository (so that it resolves
     * the repository's @pulumi/pulumi, as a program's node_modules would).
     */
    nodeSdk(): string {
        if (!this.#nodeSdk) {
            const out = path.join(this.dir, "sdk-nodejs");
            const src = path.join(REPO_ROOT, "sdk", "nodejs");
            execFileSync(process.execPath, [
                path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"),
                "-p",
                path.join(src, "tsconfig.json"),
                "--outDir",
                out,
            ]);
            fs.copyFileSync(path.join(src, "package.json"), path.join(out, "package.json"));
            this.#nodeSdk = out;
        }
        return this.#nodeSdk;
    }

    dispose(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Installs the plugin into the stack's PULUMI_HOME as README says (`pulumi plugin install … --file`). */
export async function installPlugin(e2e: E2EStack, builds: BenchBuilds): Promise<void> {
    execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", VERSION, "--file", await builds.pluginTarball()], {
        env: { ...process.env, ...cliEnv(e2e.tmp) },
        stdio: "pipe",
    });
}

/** A program run by the Node language host, declaring through stack config `bench:*`. */
async function nodeProgram(emulator: RunningEmulator, entry: string, config: Record<string, string> = {}): Promise<BenchProgram> {
    const e2e = await programStack(emulator, path.join(PROGRAMS, entry), UNPACED);
    for (const [k, v] of Object.entries(config)) await e2e.stack.setConfig(k, { value: v });
    return {
        e2e,
        declare: (d) =>
            e2e.stack.setAllConfig({
                "bench:storeId": { value: d.storeId },
                "bench:count": { value: String(d.count) },
                "bench:edited": { value: String(d.edited ?? 0) },
            }),
    };
}

export const PROGRAM_KINDS: Record<string, ProgramKind> = {
    typescript: {
        label: "TypeScript classes",
        door: "TypeScript classes",
        start: (emulator) => nodeProgram(emulator, "key-entries.js"),
    },
    "nodejs-sdk": {
        label: "plugin, Node.js SDK",
        door: "plugin",
        async start(emulator, builds) {
            const program = await nodeProgram(emulator, "key-entries-sdk.js", { "bench:sdk": builds.nodeSdk() });
            await installPlugin(program.e2e, builds);
            return program;
        },
    },
    yaml: {
        label: "plugin, YAML",
        door: "plugin",
        start: (emulator, builds) => yamlProgram(emulator, builds, false),
    },
    "yaml-main": {
        label: "plugin, YAML in Main.yaml",
        door: "plugin",
        start: (emulator, builds) => yamlProgram(emulator, builds, true),
    },
    python: {
        label: "plugin, Python",
        door: "plugin",
        start: pythonProgram,
    },
};

const PYTHON: InlineProgram = { language: "python", dir: "scripts/bench-programs/python-key-entries" };

/**
 * The Python program as an Automation API inline program: its driver's process tree (the driver, the
 * CLI it starts, the plugin) sampled, the requests counted, like ./pulumi-cli.ts does for the CLI.
 * The program's directory is scripts/bench-programs/python-key-entries (sources, not dist/).
 */
async function pythonProgram(emulator: RunningEmulator, builds: BenchBuilds): Promise<BenchProgram> {
    const e2e = await inlineProgramStack(PYTHON, { env: { ...anypointEnv(emulator), ...UNPACED } });
    await installPlugin(e2e, builds);
    return {
        e2e,
        declare: (d) =>
            e2e.stack.setAllConfig({
                "bench:storeId": { value: d.storeId },
                "bench:count": { value: String(d.count) },
                "bench:edited": { value: String(d.edited ?? 0) },
            }),
        async run(emu, step) {
            let sampler: TreeSampler | undefined;
            const seq = emu.lastRequestSeq();
            const t0 = process.hrtime.bigint();
            const run = await runInlineProgram(e2e, PYTHON, step, {
                expectNoChanges: step === "preview" || step === "refresh",
                onSpawn: (pid) => {
                    sampler = new TreeSampler({ root: pid, includeRoot: true });
                    sampler.start();
                },
            });
            const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
            const usage = sampler!.stop();
            if (!run.result.ok)
                throw new Error(`python ${step} failed: ${run.result.error ?? run.output.split("\n").slice(-30).join("\n")}`);
            return { seconds, requests: emu.requests(seq), ...usage };
        },
    };
}

/** The YAML program in Pulumi.yaml, or (`main`) in Main.yaml beside a Pulumi.yaml of its name and runtime. */
async function yamlProgram(emulator: RunningEmulator, builds: BenchBuilds, main: boolean): Promise<BenchProgram> {
    const e2e = await yamlStack({
        project: { pulumiYaml: keyEntriesYaml("bench-yaml", 1) },
        env: { ...anypointEnv(emulator), ...UNPACED },
        ...(builds.yamlHostDir && { pathDirs: [path.resolve(builds.yamlHostDir)] }),
    });
    await installPlugin(e2e, builds);
    const dir = e2e.stack.workspace.workDir;
    return {
        e2e,
        declare: async (d) => {
            const text = keyEntriesYaml(d.storeId, d.count, d.edited, d.parts);
            if (!main) return fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);
            const [name, runtime, ...program] = text.split("\n");
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${name}\n${runtime}\n`);
            fs.writeFileSync(path.join(dir, "Main.yaml"), program.join("\n"));
        },
    };
}

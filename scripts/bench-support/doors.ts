/**
 * Bench section D: the two front doors side by side (issue 24, section 5). For each program kind
 * (./programs.ts: the TypeScript classes, the plugin through its Node.js SDK, the plugin from YAML)
 * and each N: one Store and one KeyEntries of N entries, `up` (create), unchanged `preview
 * --expect-no-changes`, `refresh --expect-no-changes`, `destroy`; plus the unchanged preview of 10
 * entries (the fixed cost of each kind). The kinds run interleaved, repetition by repetition, so that
 * they share the machine's load. Per row: seconds, requests, peak RSS of the whole process tree and
 * without the language host (for YAML: without pulumi-language-yaml, which runs the program and type
 * checks it), each role's peak RSS and CPU, state bytes.
 */
import type { RunningEmulator } from "../../emulator";
import { BenchBuilds, PROGRAM_KINDS, type BenchProgram } from "./programs";
import { runPulumi, type CliRun } from "./pulumi-cli";
import { byMethod, rowOf, stateBytes, type Row } from "./rows";

/** Options of section D. */
export interface DoorOptions {
    /** Entry counts, e.g. [1000, 10000]. */
    entries: number[];
    /** Program kinds (keys of PROGRAM_KINDS). */
    kinds: string[];
    reps: number;
    /** A plugin tarball to measure instead of this build's (`--plugin`). */
    pluginTarball?: string;
    /** A directory holding another pulumi-language-yaml to run the YAML programs with (`--yaml-host`). */
    yamlHostDir?: string;
}

const STEPS = ["up", "preview", "refresh", "destroy"] as const;
type Step = (typeof STEPS)[number];

const ARGS: Record<Step, string[]> = {
    up: ["up", "--yes", "--skip-preview"],
    preview: ["preview", "--expect-no-changes"],
    refresh: ["refresh", "--yes", "--skip-preview", "--expect-no-changes"],
    destroy: ["destroy", "--yes", "--skip-preview"],
};

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/** One step with the CLI, or with the program's own runner (a Python program's Automation API driver). */
function runStep(program: BenchProgram, emulator: RunningEmulator, step: Step): Promise<CliRun> {
    return program.run ? program.run(emulator, step) : runPulumi(program.e2e, emulator, ARGS[step]);
}

/** Runs section D into `rows`. */
export async function doorRows(emulator: RunningEmulator, options: DoorOptions, rows: Row[]): Promise<void> {
    for (const kind of options.kinds) if (!PROGRAM_KINDS[kind]) throw new Error(`unknown program kind '${kind}'`);
    const builds = new BenchBuilds(options.pluginTarball, options.yamlHostDir);
    const programs = new Map<string, BenchProgram>();
    try {
        for (const kind of options.kinds) programs.set(kind, await PROGRAM_KINDS[kind].start(emulator, builds));
        const label = (kind: string) => PROGRAM_KINDS[kind].label;

        // The fixed cost of each kind: an unchanged preview of 10 entries.
        const fixed = new Map<string, CliRun[]>(options.kinds.map((k) => [k, []]));
        for (const kind of options.kinds) {
            const { declare } = programs.get(kind)!;
            await declare({ storeId: `doors-${kind}-10`, count: 10 });
            await runStep(programs.get(kind)!, emulator, "up");
        }
        for (let r = 0; r < options.reps; r++) {
            for (const kind of options.kinds) fixed.get(kind)!.push(await runStep(programs.get(kind)!, emulator, "preview"));
        }
        for (const kind of options.kinds) {
            await runStep(programs.get(kind)!, emulator, "destroy");
            rows.push(rowOf("D", `10 entries, ${label(kind)}: unchanged \`preview\` (fixed cost)`, fixed.get(kind)!));
        }

        for (const n of options.entries) {
            const runs = new Map(
                options.kinds.map((k) => [k, { up: [], preview: [], refresh: [], destroy: [] } as Record<Step, CliRun[]>]),
            );
            const state = new Map<string, number>();
            for (const kind of options.kinds) await programs.get(kind)!.declare({ storeId: `doors-${kind}-${n}`, count: n });
            for (let r = 0; r < options.reps; r++) {
                for (const kind of options.kinds) {
                    const { e2e } = programs.get(kind)!;
                    const done: string[] = [];
                    for (const step of STEPS) {
                        const run = await runStep(programs.get(kind)!, emulator, step);
                        runs.get(kind)![step].push(run);
                        if (step === "up") state.set(kind, stateBytes(e2e));
                        done.push(`${step} ${run.seconds.toFixed(1)} s / ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
                    }
                    log(`D ${n} ${kind} rep ${r + 1}: ${done.join(", ")}`);
                }
            }
            for (const kind of options.kinds) {
                const kindRuns = runs.get(kind)!;
                for (const step of STEPS) {
                    const what = `${n.toLocaleString("en")} entries, ${label(kind)}: \`${step === "preview" ? "unchanged preview" : step}\``;
                    rows.push(
                        rowOf("D", what, kindRuns[step], {
                            note: byMethod(kindRuns[step][0].requests),
                            ...(step === "up" && { stateBytes: state.get(kind) }),
                        }),
                    );
                }
            }
        }
    } finally {
        for (const { e2e } of programs.values()) await e2e.dispose();
        builds.dispose();
    }
}

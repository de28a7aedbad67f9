/**
 * Bench section Y: the Pulumi YAML language host's type check against the number of entries (README,
 * Known limitations). For each N, the YAML program of section D (one Store and one KeyEntries of N
 * entries through the `anypoint` plugin) is created (`up`, not measured), then previewed unchanged
 * (`preview --expect-no-changes`: no request; the CLI, the host parsing, type checking and running
 * the program, the plugin's Check and Diff), then destroyed. The host's CPU seconds and peak RSS are
 * its share; doubling N would double its CPU if its type check were linear. A last row declares the
 * largest N split over KeyEntries of 1,000 entries each.
 */
import type { RunningEmulator } from "../../emulator";
import { BenchBuilds, PROGRAM_KINDS } from "./programs";
import { runPulumi, type CliRun } from "./pulumi-cli";
import { rowOf, type Row } from "./rows";

/** Options of section Y. */
export interface YamlHostOptions {
    /** Entry counts, e.g. [1000, 2000, 4000, 8000]. */
    entries: number[];
    reps: number;
    /** A plugin tarball to use instead of this build's. */
    pluginTarball?: string;
    /** A directory holding another pulumi-language-yaml (e.g. a patched build) to measure. */
    yamlHostDir?: string;
}

/** Runs section Y into `rows`. */
export async function yamlHostRows(emulator: RunningEmulator, options: YamlHostOptions, rows: Row[]): Promise<void> {
    const builds = new BenchBuilds(options.pluginTarball, options.yamlHostDir);
    const { e2e, declare } = await PROGRAM_KINDS.yaml.start(emulator, builds);
    try {
        const largest = Math.max(...options.entries);
        const cases = [
            ...options.entries.map((n) => ({ n, parts: 1 })),
            ...(largest > 1000 ? [{ n: largest, parts: Math.ceil(largest / 1000) }] : []),
        ];
        for (const { n, parts } of cases) {
            await declare({ storeId: `yaml-host-${n}-${parts}`, count: n, parts });
            await runPulumi(e2e, emulator, ["up", "--yes", "--skip-preview"]);
            const runs: CliRun[] = [];
            for (let r = 0; r < options.reps; r++) runs.push(await runPulumi(e2e, emulator, ["preview", "--expect-no-changes"]));
            await runPulumi(e2e, emulator, ["destroy", "--yes", "--skip-preview"]);
            const split = parts > 1 ? ` in ${parts} KeyEntries` : "";
            const row = rowOf("Y", `${n.toLocaleString("en")} entries${split}, plugin, YAML: unchanged \`preview\``, runs);
            process.stderr.write(
                `[bench] Y ${n}${split}: ${row.seconds.toFixed(1)} s, YAML host ${row.cpu!["language host"].toFixed(1)} s CPU, ${row.peakRssByRoleMiB!["language host"].toFixed(0)} MiB\n`,
            );
            rows.push(row);
        }
    } finally {
        await e2e.dispose();
        builds.dispose();
    }
}

/**
 * `pulumi-anypoint-objectstore conformance`: runs the probes and the lifecycle (./run.ts) against the
 * target the settings name (the bundled emulator when none are given, or with `--emulator`), writes
 * the report as Markdown and JSON, and exits non-zero when a probe differs. `--cleanup` removes the
 * scratch stores of earlier runs. SIGINT/SIGTERM stop the run and still delete what it made; a
 * second signal exits at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { resolveConnectionSettings, type ConnectionSettings } from "../config";
import { foundSettings, readSettingsSource } from "../config/command-settings";
import { passed, renderMarkdown } from "./report";
import { ConformanceRefused, DEFAULT_PREFIX, cleanupEarlierRuns, runConformance } from "./run";

/** Parsed options of `conformance`. */
export interface ConformanceCommandOptions {
    cwd: string;
    stack?: string;
    envOnly?: boolean;
    emulator?: boolean;
    prefix: string;
    cleanup?: boolean;
    skipLifecycle?: boolean;
    out: string;
    json?: boolean;
}

/** What the run needs to start: settings, where they came from, and the emulator it started (if any). */
interface Target {
    settings: ConnectionSettings;
    settingsFrom: string;
    emulator?: { url: string; lastRequestSeq(): number; requests(sinceSeq?: number): unknown[]; close(): Promise<void> };
}

/** The bundled emulator, started for this run (strict auth, the demo connected app). */
async function emulatorTarget(why: string): Promise<Target> {
    // Loaded only here: the provider never needs the emulator's server otherwise.
    const { startEmulator, DEMO_CREDENTIALS } = await import("../../emulator/index.js");
    const emulator = await startEmulator({ port: 0, auth: "strict" });
    const settings = resolveConnectionSettings(
        {
            "anypoint:baseUrl": emulator.url,
            "anypoint:organizationId": DEMO_CREDENTIALS.organizationId,
            "anypoint:environmentId": DEMO_CREDENTIALS.environmentId,
            "anypoint:clientId": DEMO_CREDENTIALS.clientId,
            "anypoint:clientSecret": DEMO_CREDENTIALS.clientSecret,
        },
        {},
    );
    return { settings, settingsFrom: `the bundled emulator at ${emulator.url} (${why})`, emulator };
}

async function targetFor(o: ConformanceCommandOptions): Promise<Target> {
    if (o.emulator) return emulatorTarget("--emulator");
    const source = await readSettingsSource({ cwd: o.cwd, stack: o.stack, envOnly: o.envOnly });
    if (source.problem) throw new Error(`${source.problem.message}\nFix: ${source.problem.fix}.`);
    if (foundSettings(source.config, process.env).length === 0) return emulatorTarget("no settings given");
    return { settings: resolveConnectionSettings(source.config, process.env), settingsFrom: source.description };
}

/** Runs the command; resolves with the exit code (0: every probe held and the lifecycle passed; 1: not; 130: interrupted). */
export async function runConformanceCommand(
    o: ConformanceCommandOptions,
    io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
    const target = await targetFor(o);
    const controller = new AbortController();
    let signals = 0;
    const onSignal = (name: NodeJS.Signals) => {
        signals++;
        if (signals > 1) process.exit(130);
        io.stderr.write(`\n${name}: stopping; deleting what this run made (send it again to exit at once, leaving it for --cleanup)\n`);
        controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
        if (o.cleanup) {
            const r = await cleanupEarlierRuns(target.settings, o.prefix);
            for (const id of r.deleted) io.stdout.write(`deleted ${id}\n`);
            for (const l of r.leftovers) io.stdout.write(`could not delete ${l.storeId}: ${l.status}\n`);
            io.stdout.write(`${r.deleted.length} scratch store(s) of earlier runs deleted (prefix ${o.prefix}-).\n`);
            return r.leftovers.length === 0 ? 0 : 1;
        }
        io.stderr.write(`conformance against ${target.settings.baseUrl} (settings: ${target.settingsFrom})\n`);
        const report = await runConformance({
            settings: target.settings,
            settingsFrom: target.settingsFrom,
            prefix: o.prefix,
            lifecycle: !o.skipLifecycle,
            signal: controller.signal,
            onProgress: (line) => io.stderr.write(`${line}\n`),
            journal: target.emulator,
        });
        fs.mkdirSync(o.out, { recursive: true });
        const md = path.join(o.out, "conformance-report.md");
        const json = path.join(o.out, "conformance-report.json");
        const markdown = renderMarkdown(report);
        fs.writeFileSync(md, markdown);
        fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
        io.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : markdown);
        const s = report.summary;
        io.stderr.write(
            `${s.held} held, ${s.differs} differ, ${s.skipped} skipped, ${s.notRun} not run; lifecycle ${report.lifecycle.result}. ` +
                `Report: ${md} and ${json} (paste the Markdown into an issue).\n`,
        );
        if (report.interrupted) return 130;
        return passed(report) ? 0 : 1;
    } catch (e) {
        if (e instanceof ConformanceRefused) {
            io.stderr.write(`pulumi-anypoint-objectstore conformance: ${e.message}\n`);
            return 1;
        }
        throw e;
    } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await target.emulator?.close();
    }
}

/** The `conformance` command. */
export function conformanceCommand(run: (o: ConformanceCommandOptions) => Promise<number> = (o) => runConformanceCommand(o)): Command {
    return new Command("conformance")
        .description(
            "probe the wire assumptions of this package against the target (a sandbox environment!) and run a Pulumi lifecycle there",
        )
        .addOption(
            new Option("-C, --cwd <dir>", "the Pulumi project's directory (its current stack's anypoint:* config is read)").default("."),
        )
        .addOption(new Option("-s, --stack <name>", "read this stack's config (default: the current stack)"))
        .addOption(new Option("--env-only", "read only the ANYPOINT_* variables, even inside a Pulumi project"))
        .addOption(new Option("--emulator", "run against the bundled emulator, whatever the settings"))
        .addOption(new Option("--prefix <prefix>", "prefix of the scratch store <prefix>-<random>").default(DEFAULT_PREFIX))
        .addOption(new Option("--cleanup", "delete the scratch stores <prefix>-<8 characters>[-…] that earlier runs left, and exit"))
        .addOption(new Option("--skip-lifecycle", "run the probes only (no pulumi CLI needed)"))
        .addOption(new Option("-o, --out <dir>", "where conformance-report.md and conformance-report.json are written").default("."))
        .addOption(new Option("--json", "print the JSON report instead of the Markdown"))
        .addHelpText(
            "after",
            `
What it writes: only stores whose id begins with <prefix>-<random> (the scratch store, and
<scratch>-lifecycle for the Pulumi program), each deleted at the end, also after a failure or
Ctrl-C. It refuses to run when the scratch store exists. Use a sandbox environment: it creates and
deletes stores there. Without any anypoint:* / ANYPOINT_* setting it starts the bundled emulator.
The lifecycle needs the pulumi CLI on PATH. Exit code 0 only when every probe held and the
lifecycle passed.`,
        )
        .action(async (opts: ConformanceCommandOptions) => {
            process.exitCode = await run(opts);
        });
}

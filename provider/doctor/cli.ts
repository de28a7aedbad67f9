/**
 * `pulumi-anypoint-objectstore doctor`: checks a set-up before a pipeline depends on it, read-only
 * (./doctor.ts). One line per check on stdout (or `--json`); exit 0 only when every check passes.
 */
import { Command, Option } from "commander";
import { readSettingsSource } from "../config/command-settings";
import { doctorPassed, renderChecks } from "./checks";
import { runDoctor } from "./doctor";

/** Parsed options of `doctor`. */
export interface DoctorCommandOptions {
    cwd: string;
    stack?: string;
    envOnly?: boolean;
    json?: boolean;
}

/** Runs the checks and prints them; resolves with the exit code (0 when every check passed). */
export async function runDoctorCommand(
    o: DoctorCommandOptions,
    io: { stdout: NodeJS.WritableStream } = { stdout: process.stdout },
): Promise<number> {
    const source = await readSettingsSource({ cwd: o.cwd, stack: o.stack, envOnly: o.envOnly });
    const checks = await runDoctor({ source });
    const ok = doctorPassed(checks);
    io.stdout.write(
        o.json ? `${JSON.stringify({ ok, checks }, null, 2)}\n` : `pulumi-anypoint-objectstore doctor (read-only)\n${renderChecks(checks)}`,
    );
    return ok ? 0 : 1;
}

/** The `doctor` command. */
export function doctorCommand(run: (o: DoctorCommandOptions) => Promise<number> = (o) => runDoctorCommand(o)): Command {
    return new Command("doctor")
        .description("check the connection settings, credentials and permissions a program will use (read-only)")
        .addOption(
            new Option("-C, --cwd <dir>", "the Pulumi project's directory (its current stack's anypoint:* config is read)").default("."),
        )
        .addOption(new Option("-s, --stack <name>", "read this stack's config (default: the current stack)"))
        .addOption(new Option("--env-only", "read only the ANYPOINT_* variables, even inside a Pulumi project"))
        .addOption(new Option("--json", "print the checks as JSON"))
        .addHelpText(
            "after",
            `
Settings are resolved as the provider resolves them: the stack's anypoint:* config (read with
\`pulumi config --json --show-secrets\`, so the stack's backend and passphrase must be available as for
\`pulumi up\`), then the ANYPOINT_* variables. Only keys and where they came from are printed, never a
value. Every request is a read: it is safe on a production environment. Exit code 0 only when every
check passes.`,
        )
        .action(async (opts: DoctorCommandOptions) => {
            process.exitCode = await run(opts);
        });
}

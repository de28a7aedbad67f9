/**
 * `pulumi-anypoint-objectstore recover`: after a killed `pulumi up`, record in the stack exactly the
 * objects its interrupted creates made, clear the rest (see ./recover.ts). Per-resource report on
 * stdout; the Pulumi CLI must be on PATH with the stack's backend and passphrase in the environment,
 * as for `pulumi up`.
 */
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { Command, Option } from "commander";
import { recover, type RecoverResult } from "./recover";

/** Parsed options of `recover`. */
export interface RecoverCommandOptions {
    stack?: string;
    cwd: string;
    yes?: boolean;
    dryRun?: boolean;
}

const VERB = { recorded: "recorded", cleared: "cleared ", left: "left    ", failed: "FAILED  " } as const;

/** The report of a run, as printed. Pure. */
export function renderRecovery(r: RecoverResult, dryRun: boolean): string {
    const out: string[] = [];
    if (r.lines.length === 0) {
        out.push(`Stack '${r.stack}' has no pending create of a pulumi-anypoint-objectstore resource: nothing to recover.`);
        return out.join("\n") + "\n";
    }
    out.push(
        `Stack '${r.stack}': ${r.lines.length} pending create(s) of pulumi-anypoint-objectstore resources${dryRun ? " (dry run: nothing changed)" : ""}:`,
    );
    for (const l of r.lines) out.push(`  ${dryRun ? "would be " + VERB[l.action].trim() : VERB[l.action]}  ${l.resource}: ${l.text}`);
    if (r.applied) {
        out.push(`The state was changed; the state before is saved in ${r.backup} (\`pulumi stack import --file <it>\` restores it).`);
        out.push("Next: pulumi up");
    } else if (!dryRun && r.lines.some((l) => l.action !== "failed")) {
        out.push("The state was not changed.");
    }
    return out.join("\n") + "\n";
}

async function ask(question: string): Promise<boolean> {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
        rl.close();
    }
}

/** Runs `recover` with the options and prints the report; exits non-zero when a pending create could not be decided. */
export async function runRecover(
    o: RecoverCommandOptions,
    io: { stdout: NodeJS.WritableStream } = { stdout: process.stdout },
): Promise<number> {
    const confirm = async (question: string) => {
        if (o.yes) return true;
        if (!process.stdin.isTTY) throw new Error(`${question} Run again with --yes to apply, or with --dry-run to only see the plan.`);
        return ask(question);
    };
    const result = await recover({ cwd: path.resolve(o.cwd), stack: o.stack, dryRun: o.dryRun, confirm });
    io.stdout.write(renderRecovery(result, o.dryRun === true));
    return result.lines.some((l) => l.action === "failed") ? 1 : 0;
}

/** The `recover` command. */
export function recoverCommand(run: (o: RecoverCommandOptions) => Promise<number> = (o) => runRecover(o)): Command {
    return new Command("recover")
        .description(
            "after an interrupted `pulumi up`: record in the stack exactly the Object Store objects its pending creates made, clear the rest",
        )
        .addOption(new Option("-s, --stack <name>", "the stack (default: the current stack)"))
        .addOption(new Option("-C, --cwd <dir>", "the Pulumi project's directory").default("."))
        .addOption(new Option("-y, --yes", "change the state without asking"))
        .addOption(new Option("--dry-run", "only print what would be done"))
        .addHelpText(
            "after",
            `
Run it after \`pulumi cancel\` (if the stack is locked) and before \`pulumi up\`. It needs the pulumi CLI
on PATH and the stack's backend and passphrase (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...) as
\`pulumi up\` does; it reads each object with the credentials the stack's provider configuration
names (stack config anypoint:* or ANYPOINT_* variables). A backup of the state is written beside the
project before any change.`,
        )
        .action(async (opts: RecoverCommandOptions) => {
            process.exitCode = await run(opts);
        });
}

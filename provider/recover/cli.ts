/**
 * `pulumi-anypoint-objectstore recover`: after a killed `pulumi up`, record in the stack exactly what
 * its interrupted operations of this package's resources wrote, clear the rest (see ./recover.ts).
 * It prints the plan (one line per pending operation, and every pending operation it does not
 * decide) before it asks or changes anything, then the outcome, on stdout. The Pulumi CLI must be
 * on PATH with the stack's backend and passphrase in the environment, as for `pulumi up`.
 */
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { Command, Option } from "commander";
import { applyRecovery, planRecovery, type RecoveryOutcome, type RecoveryPlan, type UndecidedOperation } from "./recover";

/** Parsed options of `recover`. */
export interface RecoverCommandOptions {
    stack?: string;
    cwd: string;
    yes?: boolean;
    dryRun?: boolean;
    force?: boolean;
}

const VERB = { recorded: "recorded", cleared: "cleared ", left: "left    ", failed: "FAILED  " } as const;
const OPERATION: Record<string, string> = {
    creating: "create",
    updating: "update",
    deleting: "delete",
    reading: "read",
    importing: "import",
};

function undecidedLine(u: UndecidedOperation): string {
    const why = u.reason === "foreign" ? "not a resource of this package" : "this package's, not decided: see its line above";
    return `  ${u.urn}\n      type ${u.type}, interrupted while ${u.operation} (${why})`;
}

/** What the user can do about undecided pending operations (recover refused them). Pure. */
function refusalAdvice(plan: RecoveryPlan): string[] {
    const out = ["Nothing was changed. What you can do:"];
    const foreignCreates = plan.undecided.some((u) => u.reason === "foreign" && u.operation === "creating");
    const ourNonCreates = plan.lines.filter((l) => l.operation !== "creating").length;
    if (plan.undecided.some((u) => u.reason === "failed"))
        out.push(
            "  - for this package's operations marked FAILED: fix the cause their line shows (credentials, network, a setting) and run recover again;",
        );
    if (foreignCreates)
        out.push(
            "  - resolve the other providers' pending creates first, then run recover again: `pulumi refresh` run interactively asks, " +
                "for each pending create, whether to clear it (the create did not happen), import it with its id (it did), or skip it: " +
                "skip this package's, which recover decides." +
                (ourNonCreates > 0
                    ? ` That refresh also drops every pending update, delete and read, this package's ${ourNonCreates} included (the keys an interrupted update wrote would then be owned by nobody): in that case use --force instead.`
                    : ""),
        );
    out.push(
        "  - or run recover again with --force: it decides this package's operations as listed and clears the ones above " +
            "(the backup it writes first keeps them). Then check each cleared resource with its provider: a create that " +
            "took effect needs `pulumi import` (or its object deleted); one that did not is created by the next `pulumi up`; " +
            "an update, delete or read is sent again by the next `pulumi up`.",
    );
    return out;
}

/** The plan as printed, before anything is asked or changed. Pure. */
export function renderPlan(plan: RecoveryPlan, o: { dryRun?: boolean; force?: boolean }): string {
    const out: string[] = [];
    if (plan.lines.length === 0 && plan.undecided.length === 0) {
        return `Stack '${plan.stack}' has no pending operation: nothing to recover.\n`;
    }
    if (plan.lines.length === 0) {
        out.push(
            `Stack '${plan.stack}' has no pending operation of a pulumi-anypoint-objectstore resource: nothing to recover. ` +
                `Its ${plan.undecided.length} other pending operation(s) are left alone (resolve them with their providers):`,
        );
        for (const u of plan.undecided) out.push(undecidedLine(u));
        return out.join("\n") + "\n";
    }
    out.push(
        `Stack '${plan.stack}': ${plan.lines.length} pending operation(s) of pulumi-anypoint-objectstore resources${o.dryRun ? " (dry run: nothing changed)" : ""}:`,
    );
    for (const l of plan.lines) {
        const verb = o.dryRun && l.action !== "failed" ? "would be " + VERB[l.action].trim() : VERB[l.action];
        out.push(`  ${verb}  ${l.resource} (${OPERATION[l.operation] ?? l.operation}): ${l.text}`);
    }
    if (plan.undecided.length > 0) {
        out.push(
            `${plan.undecided.length} pending operation(s) recover does not decide (\`pulumi stack import\`, through which recover writes the state, would drop them):`,
        );
        for (const u of plan.undecided) out.push(undecidedLine(u));
        if (o.force && !o.dryRun) out.push("With --force, exactly these are cleared from the state; the backup written first keeps them.");
        else if (o.force) out.push("With --force, a run would clear exactly these; the backup it writes first would keep them.");
        else out.push(...refusalAdvice(plan));
    }
    return out.join("\n") + "\n";
}

/** The outcome as printed. Pure. */
export function renderOutcome(plan: RecoveryPlan, outcome: RecoveryOutcome): string {
    if (!outcome.applied) {
        return (
            `The state of stack '${plan.stack}' changed since recover read it (${outcome.detail}): another \`pulumi up\`, ` +
            "`refresh`, `destroy` or `recover` wrote it. Nothing was changed. Run recover again: it decides on the state as it is now.\n"
        );
    }
    const out = [
        `The state was changed; the state before is saved in ${outcome.backup} (\`pulumi stack import --file <it>\` restores its resources; ` +
            "Pulumi drops the pending operations of every import).",
    ];
    if (outcome.cleared.length > 0)
        out.push(`Cleared without a decision (--force): ${outcome.cleared.map((u) => `${u.urn} (${u.operation})`).join(", ")}.`);
    out.push("Next: pulumi up");
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

/**
 * Runs `recover` with the options and prints the plan, then the outcome. Exit code 1 when it refuses
 * (pending operations it does not decide, without --force; in a dry run too) or when the state changed
 * since it read it; 0 otherwise.
 */
export async function runRecover(
    o: RecoverCommandOptions,
    io: { stdout: NodeJS.WritableStream } = { stdout: process.stdout },
): Promise<number> {
    const target = { cwd: path.resolve(o.cwd), stack: o.stack };
    const plan = await planRecovery(target);
    io.stdout.write(renderPlan(plan, o));
    if (plan.lines.length === 0) return 0; // nothing of this package's: other providers' pending operations are left alone
    if (plan.undecided.length > 0 && !o.force) return 1;
    if (o.dryRun || (plan.recoveries.length === 0 && plan.undecided.length === 0)) return 0;
    const counts = { record: 0, clear: 0 };
    for (const r of plan.recoveries) counts[r.action]++;
    const question =
        `Record ${counts.record} and clear ${counts.clear} pending operation(s) of this package` +
        (plan.undecided.length > 0 ? `, and clear the ${plan.undecided.length} listed without a decision,` : "") +
        ` in stack '${plan.stack}'?`;
    if (!o.yes) {
        if (!process.stdin.isTTY) throw new Error(`${question} Run again with --yes to apply, or with --dry-run to only see the plan.`);
        if (!(await ask(question))) {
            io.stdout.write("The state was not changed.\n");
            return 0;
        }
    }
    const outcome = await applyRecovery(target, plan, { force: o.force });
    io.stdout.write(renderOutcome(plan, outcome));
    return outcome.applied ? 0 : 1;
}

/** The `recover` command. */
export function recoverCommand(run: (o: RecoverCommandOptions) => Promise<number> = (o) => runRecover(o)): Command {
    return new Command("recover")
        .description(
            "after an interrupted `pulumi up`: record in the stack exactly what its pending operations on Object Store resources wrote, clear the rest",
        )
        .addOption(new Option("-s, --stack <name>", "the stack (default: the current stack)"))
        .addOption(new Option("-C, --cwd <dir>", "the Pulumi project's directory").default("."))
        .addOption(new Option("-y, --yes", "change the state without asking"))
        .addOption(new Option("--dry-run", "only print what would be done"))
        .addOption(
            new Option(
                "--force",
                "also clear the pending operations it does not decide (other providers', or its own it could not decide), as it lists them",
            ),
        )
        .addHelpText(
            "after",
            `
Run it after \`pulumi cancel\` (if the stack is locked) and before \`pulumi up\`. It needs the pulumi CLI
on PATH and the stack's backend and passphrase (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...) as
\`pulumi up\` does; it reads each object with the credentials the stack's provider configuration
names (stack config anypoint:* or ANYPOINT_* variables). It refuses, changing nothing, when the
state holds a pending operation it does not decide (\`pulumi stack import\` would drop it), unless
--force; and when the state changed while it ran. A backup of the state is written beside the
project before any change.`,
        )
        .action(async (opts: RecoverCommandOptions) => {
            process.exitCode = await run(opts);
        });
}

/**
 * The Pulumi CLI calls recovery makes: export a stack's deployment (with and without secrets),
 * import an edited one, and keep a backup of the state before any edit. The CLI runs with the
 * caller's environment (backend, passphrase), in `cwd`, for `stack` (the current one when unset),
 * through ../util/pulumi-cli.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiOutput } from "../util/pulumi-cli";
import type { ExportedStack } from "./deployment";

/** Where and for which stack the CLI runs. */
export interface StackTarget {
    /** Directory of the Pulumi project (`--cwd`). */
    cwd: string;
    /** Stack name; the project's current stack when undefined. */
    stack?: string;
}

function stackArgs(t: StackTarget): string[] {
    return t.stack ? ["--stack", t.stack] : [];
}

/** Runs `pulumi <args>` and resolves with its stdout. @throws Error with the CLI's stderr. */
export function pulumi(t: StackTarget, args: string[]): Promise<string> {
    return pulumiOutput(args, { cwd: t.cwd });
}

/** An export of the stack: its text as the CLI printed it, and parsed. */
export interface StackExport {
    text: string;
    exported: ExportedStack;
}

/**
 * `pulumi stack export` (secrets encrypted, or in plaintext with `showSecrets`: keep that in memory
 * only). The text is decoded from UTF-8 once, as a whole (../util/pulumi-cli).
 */
export async function exportStack(t: StackTarget, showSecrets: boolean): Promise<StackExport> {
    const text = await pulumi(t, ["stack", "export", ...stackArgs(t), ...(showSecrets ? ["--show-secrets"] : [])]);
    return { text, exported: JSON.parse(text) as ExportedStack };
}

/** The name of the stack the target names (the current stack when unset). */
export async function stackName(t: StackTarget): Promise<string> {
    if (t.stack) return t.stack;
    return (await pulumi(t, ["stack", "--show-name"])).trim();
}

/**
 * Writes `text` (an export with secrets encrypted, exactly as the CLI printed it) beside the project
 * as `<stack>.state-backup-<time>.json` (mode 0600) and returns its path: `pulumi stack import
 * --file <it>` restores every resource as it was (Pulumi drops pending operations on every import).
 */
export function writeBackup(t: StackTarget, name: string, text: string, now: Date): string {
    const file = path.join(t.cwd, `${name.replace(/[^\w.-]/g, "_")}.state-backup-${now.toISOString().replace(/[:.]/g, "-")}.json`);
    fs.writeFileSync(file, text, { mode: 0o600 });
    return file;
}

/** `pulumi stack import` of `exported` through standard input (plaintext secrets never touch the disk). */
export async function importStack(t: StackTarget, exported: ExportedStack): Promise<void> {
    await pulumiOutput(["stack", "import", ...stackArgs(t)], { cwd: t.cwd, input: JSON.stringify(exported) });
}

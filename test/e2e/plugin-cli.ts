/**
 * The `anypoint` plugin and the `pulumi` CLI as a user runs them, for the e2e tests of the plugin door:
 * pack and install the plugin (README "Install the plugin"), and run `pulumi <args>` in a stack's
 * project with its environment.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, cliEnv, type E2EStack } from "./harness";

/** The package's version: the plugin's. */
export const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Packs the plugin into `dir` and installs it into the stack's PULUMI_HOME, as README says; returns the tarball. */
export function installPlugin(e2e: E2EStack, dir: string): string {
    const tarball = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist", "scripts", "pack-plugin.js"), "--out", dir], {
        encoding: "utf8",
    }).trim();
    execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", VERSION, "--file", tarball], {
        env: { ...process.env, ...cliEnv(e2e.tmp) },
        stdio: "pipe",
    });
    return tarball;
}

/**
 * Runs `pulumi <args> --stack <stack> --non-interactive --color never` in the stack's project with
 * its environment and `env` on top (asynchronously: the emulator answers from this process); resolves
 * with exit code and everything printed.
 */
export function pulumi(e2e: E2EStack, args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
    const child = spawn("pulumi", [...args, "--stack", e2e.stack.name, "--non-interactive", "--color", "never"], {
        cwd: e2e.stack.workspace.workDir,
        env: { ...process.env, ...cliEnv(e2e.tmp), ...env },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, output })));
}

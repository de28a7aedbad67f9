/**
 * The `anypoint` plugin and the `pulumi` CLI as a user runs them, for the e2e tests of the plugin door:
 * pack and install the plugin (README "Install the plugin"), and run `pulumi <args>` in a stack's
 * project with its environment. Both are the harness's ({@link installPlugin}, {@link runPulumi}), so
 * every command is held to "a preview never writes" (./preview-guard.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, cliEnv, installPlugin, runPulumi, type E2EStack } from "./harness";

export { installPlugin };

/** The package's version: the plugin's. */
export const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/**
 * Runs `pulumi <args> --stack <stack> --non-interactive --color never` in the stack's project with
 * its environment and `env` on top; resolves with exit code and everything printed.
 */
export function pulumi(e2e: E2EStack, args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
    return runPulumi(e2e, args, { ...cliEnv(e2e.tmp), ...env });
}

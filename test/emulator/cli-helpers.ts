import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";

/** Compiled CLI (dist/emulator/cli.js). */
export const CLI_PATH = join(__dirname, "..", "..", "emulator", "cli.js");

/** Spawns the compiled CLI and resolves with the URL from its "listening on" line. */
export async function spawnCli(
    args: string[],
    env: Record<string, string> = {},
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ...env } });
    let output = "";
    child.stderr.on("data", (d) => (output += d));
    const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${output}`)), 15000);
        child.stdout.on("data", (d) => {
            output += d;
            const m = /OSv2 emulator listening on (http:\/\/\S+)/.exec(output);
            if (m) {
                clearTimeout(timer);
                resolve(m[1]);
            }
        });
        child.on("exit", (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
    });
    return { child, url, output: () => output };
}

/**
 * The PostgreSQL state backend of the e2e tests: one private server per test process, started on
 * first use by scripts/ensure-postgres.sh (which installs Debian's `postgresql` when missing) and
 * stopped when the process exits (mocha's end, or Ctrl-C). Stacks get the backend as Pulumi's DIY
 * `postgres://` URL without the password, and the password as PGPASSWORD, which the CLI's
 * PostgreSQL driver (lib/pq) honours: the URL Pulumi prints then holds no secret.
 */
import { execFile, execFileSync } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/repo";

const SCRIPT = path.join(REPO_ROOT, "scripts", "ensure-postgres.sh");

/** A running server: the backend URL (no password), the password, its cluster directory. */
export interface PostgresServer {
    url: string;
    password: string;
    dir: string;
}

let server: Promise<PostgresServer> | undefined;

function stop(dir: string): void {
    try {
        execFileSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore" });
    } catch {
        /* best effort at exit */
    }
}

/** The test process's PostgreSQL server, started on first call (a few seconds; the install once per machine). */
export function ensurePostgres(): Promise<PostgresServer> {
    server ??= (async () => {
        const { stdout } = await promisify(execFile)("bash", [SCRIPT, "start"], { encoding: "utf8" });
        const vars = Object.fromEntries(
            stdout
                .trim()
                .split("\n")
                .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        const started = { url: vars.PG_URL, password: vars.PG_PASSWORD, dir: vars.PG_DIR };
        if (!started.url || !started.dir) throw new Error(`scripts/ensure-postgres.sh start printed no server: ${stdout}`);
        process.once("exit", () => stop(started.dir));
        for (const signal of ["SIGINT", "SIGTERM"] as const)
            process.once(signal, () => {
                stop(started.dir);
                process.exit(130);
            });
        return started;
    })();
    return server;
}

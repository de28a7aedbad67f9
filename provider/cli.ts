#!/usr/bin/env node
/**
 * `pulumi-anypoint-objectstore`: the package's command-line tools (the `bin` of package.json):
 * - `import`: read an existing Object Store v2 estate and write a Pulumi program that adopts it (./import/cli.ts);
 * - `recover`: after an interrupted `pulumi up`, record exactly what its interrupted operations wrote (./recover/cli.ts);
 * - `doctor`: check a set-up (settings, credentials, permissions), read-only (./doctor/cli.ts);
 * - `conformance`: probe the wire assumptions against a tenant and run a Pulumi lifecycle there (./conformance/cli.ts).
 * Conventions: flags with ANYPOINT_* variables behind them, `--help`, progress and errors on stderr,
 * results on stdout, exit 1 on error. Credentials are never flags, never printed.
 */
import { Command } from "commander";
import { errorText, importCommand } from "./import/cli";
import { packageInfo } from "./import/files";
import { recoverCommand } from "./recover/cli";
import { doctorCommand } from "./doctor/cli";
import { conformanceCommand } from "./conformance/cli";

/** The program with every command. */
export function buildCli(): Command {
    return new Command()
        .name("pulumi-anypoint-objectstore")
        .description("Tools of pulumi-anypoint-objectstore (Pulumi resources for Anypoint Object Store v2)")
        .version(packageInfo().version)
        .addCommand(importCommand())
        .addCommand(recoverCommand())
        .addCommand(doctorCommand())
        .addCommand(conformanceCommand());
}

if (require.main === module) {
    buildCli()
        .parseAsync(process.argv)
        .catch((e: Error) => {
            process.stderr.write(`pulumi-anypoint-objectstore: ${errorText(e)}\n`);
            process.exit(1);
        });
}

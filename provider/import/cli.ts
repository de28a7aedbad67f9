/**
 * The `import` command of the package's CLI (../cli.ts). `import` reads an existing
 * Anypoint Object Store v2 estate (stores, partitions, optionally keys and values) and writes a
 * ready Pulumi TypeScript program that adopts it (see README "Import an existing estate").
 *
 * Conventions (as osv2-emulator's CLI): flags with ANYPOINT_* environment variables behind them
 * (the flag wins), `--help`, progress and errors on stderr, the result on stdout, exit 1 on error.
 * Credentials are read from ANYPOINT_* variables only (never flags, so they stay out of shell
 * history and process lists) and are never printed or written into the program.
 */
import * as path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { ObjectStoreConfigError } from "../client/errors";
import { getClient, resolveConnectionSettings } from "../config";
import { generateProgram } from "./generate";
import { packageInfo, writeProgramFiles } from "./files";
import { KEY_VALUES_CONFIG, KEY_VALUES_FILE, keyEntriesOver, type ValuesMode } from "./program";
import { progressReporter } from "./progress";
import { shellWord } from "../util/shell";

export { shellWord };
import { readEstate } from "./reader";

/** Parsed options of `import`. */
export interface ImportCommandOptions {
    out: string;
    store?: string[];
    beginsWith?: string;
    withKeys?: boolean;
    values: ValuesMode;
    projectName?: string;
    protect: boolean;
    force?: boolean;
    organizationId?: string;
    environmentId?: string;
    region?: string;
    controlPlane?: string;
    baseUrl?: string;
    authBaseUrl?: string;
    requestsPerSecond?: number;
    concurrency: number;
    /** Partitions with more keys than this are declared as one KeyEntries resource. */
    keyEntriesOver: number;
    quiet?: boolean;
}

function parseNumber(name: string, min: number, max: number, integer: boolean) {
    return (raw: string): number => {
        const n = Number(raw);
        if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
            throw new InvalidArgumentError(`${name} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`);
        }
        return n;
    };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The command line shown in the program's header: the options that shape the program (no credentials). */
export function describeCommand(o: ImportCommandOptions): string {
    const words = ["pulumi-anypoint-objectstore", "import", "--out", o.out];
    for (const s of o.store ?? []) words.push("--store", s);
    if (o.beginsWith) words.push("--begins-with", o.beginsWith);
    if (o.withKeys) words.push("--with-keys", "--key-entries-over", String(o.keyEntriesOver));
    words.push("--values", o.values);
    if (o.projectName) words.push("--project-name", o.projectName);
    if (!o.protect) words.push("--no-protect");
    return words.map(shellWord).join(" ");
}

/** Default project name: the output directory's name when it is a valid project name. */
export function defaultProjectName(out: string): string {
    const base = path.basename(path.resolve(out));
    return /^[A-Za-z0-9_.-]{1,100}$/.test(base) ? base : "objectstore-estate";
}

const ENV_HELP = `
Connection (each flag falls back to its ANYPOINT_* variable):
  --organization-id  ANYPOINT_ORGANIZATION_ID (or ANYPOINT_ORG_ID)
  --environment-id   ANYPOINT_ENVIRONMENT_ID (or ANYPOINT_ENV_ID)
  --region           ANYPOINT_REGION (default us-east-1)
  --control-plane    ANYPOINT_CONTROL_PLANE (US, EU, Gov, Canada, Japan; default US)
  --base-url         ANYPOINT_BASE_URL (an emulator or private endpoint)
  --auth-base-url    ANYPOINT_AUTH_BASE_URL
  --requests-per-second ANYPOINT_REQUESTS_PER_SECOND (default 10, the OSv2 limit per application)
Credentials (environment only, exactly one kind):
  ANYPOINT_CLIENT_ID + ANYPOINT_CLIENT_SECRET   connected app (needs "View stores" / "Manage stores data")
  ANYPOINT_ACCESS_TOKEN                         a bearer token
  ANYPOINT_USERNAME + ANYPOINT_PASSWORD         user login (no MFA)

Key values (--with-keys): with --values config (default) the program holds no value; they are
written to ${KEY_VALUES_FILE} (mode 0600, git-ignored) for
  pulumi config set --secret ${KEY_VALUES_CONFIG} < ${KEY_VALUES_FILE} && rm ${KEY_VALUES_FILE}
and the program reads each one as a secret. With --values plain they are written into the program,
values that look like secrets wrapped in pulumi.secret().

Example (against the bundled emulator: npx osv2-emulator):
  ANYPOINT_BASE_URL=http://127.0.0.1:8090 ANYPOINT_CLIENT_ID=... ANYPOINT_CLIENT_SECRET=... \\
  ANYPOINT_ORGANIZATION_ID=... ANYPOINT_ENVIRONMENT_ID=... \\
    pulumi-anypoint-objectstore import --with-keys --out estate`;

/** The `import` command's options on a Command. */
export function importCommand(run: (o: ImportCommandOptions) => Promise<void> = (o) => runImport(o)): Command {
    return new Command("import")
        .description("read an existing Object Store v2 estate and write a Pulumi TypeScript program that adopts it")
        .addOption(new Option("-o, --out <dir>", "directory to write the program into").default("objectstore-estate"))
        .addOption(new Option("--store <storeId>", "import only this store (repeatable)").argParser(collect))
        .addOption(new Option("--begins-with <prefix>", "import only stores whose id begins with prefix, e.g. APP_"))
        .addOption(new Option("--with-keys", "also read every key and its value and declare them"))
        .addOption(
            new Option("--values <mode>", "where key values go: config (encrypted stack config) or plain (in the program)")
                .choices(["config", "plain"])
                .default("config"),
        )
        .addOption(new Option("--project-name <name>", "Pulumi project name (default: the output directory's name)"))
        .addOption(new Option("--no-protect", "declare objects without protect: true"))
        .addOption(new Option("--force", "overwrite files that exist in the output directory"))
        .addOption(new Option("--organization-id <id>", "organization (business group) id"))
        .addOption(new Option("--environment-id <id>", "environment id"))
        .addOption(new Option("--region <id>", "OSv2 region, e.g. us-east-1"))
        .addOption(new Option("--control-plane <name>", "US, EU, Gov, Canada or Japan"))
        .addOption(new Option("--base-url <url>", "Object Store base URL (emulator, private endpoint)"))
        .addOption(new Option("--auth-base-url <url>", "host of the /accounts token endpoints"))
        .addOption(
            new Option("--requests-per-second <n>", "client-side rate limit").argParser(
                parseNumber("requests per second", 0.1, 1000, false),
            ),
        )
        .addOption(
            new Option("--concurrency <n>", "requests kept in flight (the rate limit still applies)")
                .default(8)
                .argParser(parseNumber("concurrency", 1, 64, true)),
        )
        .addOption(
            new Option(
                "--key-entries-over <n>",
                "declare a partition with more than n keys as one KeyEntries resource instead of n Key resources",
            )
                .argParser(parseNumber("--key-entries-over", 0, 1_000_000, true))
                .default(50),
        )
        .addOption(new Option("-q, --quiet", "no progress on stderr"))
        .addHelpText("after", ENV_HELP)
        .action(async (opts: ImportCommandOptions) => run(opts));
}

/** Runs `import`: read, generate, write, print the summary and next steps. */
export async function runImport(
    o: ImportCommandOptions,
    io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream } = { stdout: process.stdout, stderr: process.stderr },
): Promise<void> {
    const flags: Record<string, string | undefined> = {
        organizationId: o.organizationId,
        environmentId: o.environmentId,
        region: o.region,
        controlPlane: o.controlPlane,
        baseUrl: o.baseUrl,
        authBaseUrl: o.authBaseUrl,
        requestsPerSecond: o.requestsPerSecond === undefined ? undefined : String(o.requestsPerSecond),
    };
    const settings = resolveConnectionSettings(flags, process.env);
    const client = getClient(settings);
    const source = {
        organizationId: settings.organizationId,
        environmentId: settings.environmentId,
        region: settings.region,
        baseUrl: settings.baseUrl,
    };
    const pkg = packageInfo();
    const progress = o.quiet ? undefined : progressReporter(io.stderr);
    let estate;
    try {
        estate = await readEstate(client, source, {
            storeIds: o.store,
            beginsWith: o.beginsWith,
            withKeys: o.withKeys === true,
            concurrency: o.concurrency,
            onProgress: progress?.onProgress,
        });
    } finally {
        progress?.finish();
    }
    const generated = generateProgram(estate, {
        projectName: o.projectName ?? defaultProjectName(o.out),
        values: o.values,
        protect: o.protect,
        packageName: pkg.name,
        packageVersion: pkg.version,
        pulumiVersion: pkg.pulumiVersion,
        command: describeCommand(o),
        keyRenderer: keyEntriesOver(o.keyEntriesOver),
    });
    writeProgramFiles(o.out, generated.files, o.force === true);
    const c = generated.counts;
    const lines = [
        `Wrote ${path.join(o.out, "index.ts")}: ${c.stores} stores, ${c.partitions} partitions, ${c.keys} keys (${generated.files.map((f) => f.path).join(", ")}).`,
    ];
    if (c.keys > 0) {
        lines.push(
            o.values === "config"
                ? `Key values are in ${path.join(o.out, KEY_VALUES_FILE)} (mode 0600, git-ignored), not in the program; ${generated.secretLooking} of them look like secrets, and all are read as secrets.`
                : `Key values are written into the program (--values plain); ${generated.secretLooking} that look like secrets are wrapped in pulumi.secret().`,
        );
    }
    for (const w of generated.warnings) lines.push(`warning: ${w}`);
    lines.push("Next:", `  cd ${o.out} && npm install`, "  pulumi stack init <stack>");
    if (c.keys > 0 && o.values === "config")
        lines.push(`  pulumi config set --secret ${KEY_VALUES_CONFIG} < ${KEY_VALUES_FILE} && rm ${KEY_VALUES_FILE}`);
    lines.push("  pulumi up    # adopts every object; writes nothing if nothing changed since the import");
    io.stdout.write(`${lines.join("\n")}\n`);
}

/** Error text for the user: connection problems get the flags/variables of this command. */
export function errorText(e: Error): string {
    if (e instanceof ObjectStoreConfigError) {
        return (
            `${e.message}\n(For this command, give the settings as flags (--organization-id, --environment-id, --region, --base-url) or ` +
            "ANYPOINT_* variables, and credentials as ANYPOINT_CLIENT_ID + ANYPOINT_CLIENT_SECRET, ANYPOINT_ACCESS_TOKEN, or ANYPOINT_USERNAME + ANYPOINT_PASSWORD; see --help.)"
        );
    }
    return e.message;
}

#!/usr/bin/env node
/**
 * osv2-emulator: command-line entry point of the Anypoint Object Store v2 emulator.
 * Every option has an environment variable (OSV2_EMULATOR_*); the command line wins.
 * Prints `OSv2 emulator listening on http://HOST:PORT` when ready, one line per request
 * (unless --quiet), and exits 0 on SIGINT/SIGTERM after closing the server and the database.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { KEY_POST_MODES, PAGING_MODES, VALUE_LISTING_MODES, startEmulator, type EmulatorOptions } from "./index";
import type { KeyPostMode, PagingMode, ValueListingMode } from "./context";
import { DEMO_CREDENTIALS } from "./identity";

function parseInteger(name: string, min: number, max: number) {
    return (raw: string): number => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
        return n;
    };
}

/** --rate-limit [rps]: flag alone = 10 requests/s; "off"/"false"/"0" = disabled. */
function parseRateLimit(raw: string | boolean): EmulatorOptions["rateLimit"] {
    if (raw === true || raw === "true" || raw === "on" || raw === "") return true;
    if (raw === false || raw === "false" || raw === "off" || raw === "0") return false;
    const rps = Number(raw);
    if (!(rps > 0)) throw new InvalidArgumentError("rate limit must be a positive number of requests per second, or on/off");
    return { requestsPerSecond: rps };
}

function parseBoolean(raw: string | undefined): boolean {
    return raw !== undefined && ["1", "true", "yes", "on"].includes(raw.toLowerCase());
}

export function buildProgram(): Command {
    return new Command()
        .name("osv2-emulator")
        .description("Local emulator of MuleSoft Anypoint Object Store v2 (data plane, token endpoints, Stats API, /_emulator admin API)")
        .addOption(
            new Option("-p, --port <port>", "TCP port (0 = any free port)")
                .env("OSV2_EMULATOR_PORT")
                .default(8090)
                .argParser(parseInteger("port", 0, 65535)),
        )
        .addOption(new Option("--host <host>", "interface to bind").env("OSV2_EMULATOR_HOST").default("127.0.0.1"))
        .addOption(
            new Option("-d, --data-dir <dir>", "keep data in a SQLite file in this directory (memory when unset)").env(
                "OSV2_EMULATOR_DATA_DIR",
            ),
        )
        .addOption(
            new Option("--auth <mode>", "strict | any | off").env("OSV2_EMULATOR_AUTH").choices(["strict", "any", "off"]).default("strict"),
        )
        .addOption(
            new Option("--rate-limit [rps]", "per-application rate limit; flag alone = 10 requests/s (2xx only)")
                .env("OSV2_EMULATOR_RATE_LIMIT")
                .argParser(parseRateLimit),
        )
        .addOption(new Option("--region <id>", "region this emulator plays").env("OSV2_EMULATOR_REGION").default("us-east-1"))
        .addOption(
            new Option("--token-ttl <seconds>", "lifetime of issued access tokens")
                .env("OSV2_EMULATOR_TOKEN_TTL")
                .default(3600)
                .argParser(parseInteger("token TTL", 1, 31_536_000)),
        )
        .addOption(
            new Option(
                "--value-listing <mode>",
                "what GET …/partitions/{p} serves: values (as inclusion asks), keys-only or no-key-ids (a listing without values, to test clients' fallbacks)",
            )
                .env("OSV2_EMULATOR_VALUE_LISTING")
                .choices([...VALUE_LISTING_MODES])
                .default("values"),
        )
        .addOption(
            new Option(
                "--paging <mode>",
                "how listings page: after-id (a token names the last item) or offset (a token is a position: items deleted during paging make later ones be skipped)",
            )
                .env("OSV2_EMULATOR_PAGING")
                .choices([...PAGING_MODES])
                .default("after-id"),
        )
        .addOption(
            new Option(
                "--key-post <mode>",
                "what POST of an existing key does: create-only (409) or overwrite (written like PUT, answered 201: no conditional put)",
            )
                .env("OSV2_EMULATOR_KEY_POST")
                .choices([...KEY_POST_MODES])
                .default("create-only"),
        )
        .addOption(new Option("-q, --quiet", "no per-request log lines").env("OSV2_EMULATOR_QUIET"))
        .addHelpText(
            "after",
            `\nDemo credentials (strict auth):\n  organization ${DEMO_CREDENTIALS.organizationId}\n  environments ${DEMO_CREDENTIALS.environmentId} (Sandbox), ${DEMO_CREDENTIALS.otherEnvironmentId} (Production)\n  connected app client_id=${DEMO_CREDENTIALS.clientId} client_secret=${DEMO_CREDENTIALS.clientSecret} (every Object Store scope)\n  limited connected app client_id=${DEMO_CREDENTIALS.limitedClientId} client_secret=${DEMO_CREDENTIALS.limitedClientSecret} (View stores, Manage stores data; Production only)\n  user ${DEMO_CREDENTIALS.username} / ${DEMO_CREDENTIALS.password}\n  legacy app client_id=${DEMO_CREDENTIALS.legacyClientId} client_secret=${DEMO_CREDENTIALS.legacyClientSecret}\n\nSee emulator/README.md for the routes and the differences from Anypoint OSv2.`,
        );
}

async function main(argv: string[]): Promise<void> {
    const program = buildProgram();
    program.parse(argv);
    const o = program.opts<{
        port: number;
        host: string;
        dataDir?: string;
        auth: "strict" | "any" | "off";
        rateLimit?: EmulatorOptions["rateLimit"];
        region: string;
        tokenTtl: number;
        valueListing: ValueListingMode;
        paging: PagingMode;
        keyPost: KeyPostMode;
        quiet?: boolean | string;
    }>();
    const quiet = o.quiet === true || (typeof o.quiet === "string" && parseBoolean(o.quiet));
    const emulator = await startEmulator({
        port: o.port,
        host: o.host,
        dataDir: o.dataDir,
        auth: o.auth,
        rateLimit: o.rateLimit ?? false,
        region: o.region,
        tokenTtlSeconds: o.tokenTtl,
        valueListing: o.valueListing,
        paging: o.paging,
        keyPost: o.keyPost,
        logRequests: quiet ? false : (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`OSv2 emulator listening on ${emulator.url}\n`);
    process.stdout.write(
        `  backend=${o.dataDir ? `sqlite (${o.dataDir})` : "memory"} auth=${o.auth} region=${o.region} rate-limit=${o.rateLimit ? JSON.stringify(o.rateLimit) : "off"} value-listing=${o.valueListing} paging=${o.paging} key-post=${o.keyPost}\n`,
    );
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`received ${signal}, shutting down\n`);
        emulator.close().then(
            () => process.exit(0),
            (e) => {
                process.stderr.write(`error while closing: ${(e as Error).message}\n`);
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
    main(process.argv).catch((e: Error) => {
        process.stderr.write(`osv2-emulator: ${e.message}\n`);
        process.exit(1);
    });
}

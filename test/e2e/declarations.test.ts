/**
 * The published types, as a user's TypeScript project sees them: `npm pack` of this repository,
 * installed with @pulumi/pulumi, typescript and @types/node into a fresh project whose tsconfig is the
 * one README recommends ("Use it in your project": module commonjs, moduleResolution node, no
 * skipLibCheck), and `tsc --noEmit` on an index.ts that uses every public export family (resources
 * and their args, lookups in both forms, error classes, shapes, constants, the emulator entry point).
 * The package's declarations must compile there without an error: no type of got or zod (internal
 * dependencies that do not resolve, or need esModuleInterop, under that tsconfig) may leak into them.
 * The same project also compiles with module/moduleResolution nodenext (README says both work), and
 * every import path README and emulator/README.md show loads at run time from the installed package.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { TSCONFIG } from "../support/ts-project";
import { REPO_ROOT } from "./harness";

const PACKAGE = "pulumi-anypoint-objectstore";

/** A program that uses every public export family as a user would (typed arguments, results, errors). */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import {
    Store, Partition, Key, KeyEntries, KeyEntriesWriteError, MAX_TTL_SECONDS, ttlClampWarning,
    getRegions, getRegionsOutput, getStores, getStoresOutput, getPartitions, getPartitionsOutput,
    getKeys, getKeysOutput, getKeyValue, getKeyValueOutput, getUsageStats, getUsageStatsOutput,
    ObjectStoreApiError, ObjectStoreConfigError, LookupArgumentError,
    type StoreArgs, type PartitionArgs, type KeyArgs, type KeyEntriesArgs, type EntryMap, type ValueType,
    type StoreInfo, type UsageStat, type Region, type GetKeyValueResult, type LookupOptions, type ConfigProblem,
} from "${PACKAGE}";
import { startEmulator, DEMO_CREDENTIALS, type RunningEmulator, type EmulatorOptions, type RecordedRequest } from "${PACKAGE}/emulator";

const storeArgs: StoreArgs = { storeId: "orders", defaultTtlSeconds: MAX_TTL_SECONDS, usageLimits: { maxKeys: 10, enforcement: "REJECT" } };
const store = new Store("orders", storeArgs);
const partitionArgs: PartitionArgs = { storeId: store.storeId, partitionId: "flags" };
const flags = new Partition("flags", partitionArgs);
const keyArgs: KeyArgs = { storeId: store.storeId, partitionId: flags.partitionId, keyId: "checkout", stringValue: pulumi.secret("on") };
const key = new Key("checkout", keyArgs, { dependsOn: [flags] });
const entries: EntryMap = { limit: { numberValue: 3 }, logo: { binaryValue: "AQID" } };
const seedArgs: KeyEntriesArgs = { storeId: store.storeId, partitionId: "seed", entries };
const seed = new KeyEntries("seed", seedArgs);
const type: pulumi.Output<ValueType> = key.valueType;
const warning: string | undefined = ttlClampWarning(40 * 86_400);

const options: LookupOptions = {};
const regions: Promise<Region[]> = getRegions({}, options).then((r) => r.regions);
const stores: Promise<StoreInfo[]> = getStores({ beginsWith: "APP_" }).then((r) => r.stores);
const storeIds: pulumi.Output<string[]> = getStoresOutput({ beginsWith: store.storeId }).storeIds;
const partitionIds = getPartitions({ storeId: "orders" }).then((r) => r.partitionIds);
const partitionIdsOut = getPartitionsOutput({ storeId: store.storeId }).partitionIds;
const keyIds = getKeys({ storeId: "orders", partitionId: "flags" }).then((r) => r.keyIds);
const keyIdsOut = getKeysOutput({ storeId: store.storeId, partitionId: flags.partitionId }).keyIds;
const value: Promise<GetKeyValueResult> = getKeyValue({ storeId: "orders", partitionId: "flags", keyId: "checkout" });
const valueOut = getKeyValueOutput({ storeId: store.storeId, partitionId: flags.partitionId, keyId: key.keyId }).stringValue;
const regionsOut = getRegionsOutput().regionIds;
const usage: Promise<UsageStat[]> = getUsageStats({
    level: "store", storeId: "orders", period: "1hour", startDate: new Date(Date.now() - 86_400_000), endDate: new Date(),
}).then((r) => r.buckets);
const usageOut = getUsageStatsOutput({ level: "environment", period: "1day", startDate: "2024-08-01T00:00:00Z", endDate: "2024-08-02T00:00:00Z" })
    .totalRequestCount;

function explain(err: unknown): string {
    if (err instanceof ObjectStoreApiError) return \`\${err.operation} \${err.statusCode ?? err.code}\`;
    if (err instanceof ObjectStoreConfigError) return err.problems.map((p: ConfigProblem) => p.settings.join(",")).join(";");
    if (err instanceof KeyEntriesWriteError) return err.reasons.join("\\n");
    if (err instanceof LookupArgumentError) return err.message;
    return String(err);
}

async function emulated(): Promise<RecordedRequest[]> {
    const opts: EmulatorOptions = { port: 0, auth: "strict" };
    const emulator: RunningEmulator = await startEmulator(opts);
    try {
        return emulator.requests();
    } finally {
        await emulator.close();
    }
}

export const outputs = { type, storeIds, partitionIdsOut, keyIdsOut, valueOut, regionsOut, usageOut, entryCount: seed.entryCount };
export const promises = [regions, stores, partitionIds, keyIds, value, usage, emulated()];
export const plain = { warning, explain, client: DEMO_CREDENTIALS.clientId };
`;

function run(cmd: string, args: string[], cwd: string): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `tsc` in the project: exit code and what it printed. */
function tsc(project: string, tsconfig: string, ...extra: string[]): { code: number; output: string } {
    const r = spawnSync(
        process.execPath,
        [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", tsconfig, "--pretty", "false", ...extra],
        {
            cwd: project,
            encoding: "utf8",
        },
    );
    return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** Every module specifier of this package in the code of a markdown file (`from "pulumi-anypoint-objectstore…"`). */
function importPaths(markdown: string): string[] {
    return [...new Set([...markdown.matchAll(/from "(pulumi-anypoint-objectstore(?:\/[^"]*)?)"/g)].map((m) => m[1]))];
}

describe("e2e: the packed package's declarations compile in a fresh TypeScript project (README's tsconfig, no skipLibCheck)", function () {
    this.timeout(300_000);
    let tmp: string;
    let project: string;

    before(function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-declarations-"));
        // The tarball of the current build (npm test has just built dist/).
        const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], REPO_ROOT)) as {
            filename: string;
        }[];
        const pulumiVersion = (
            JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }
        ).devDependencies["@pulumi/pulumi"];
        project = path.join(tmp, "project");
        fs.mkdirSync(project);
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify(
                {
                    name: "declarations-e2e",
                    main: "index.ts",
                    devDependencies: { "@types/node": "^22", typescript: "^5.0.0" },
                    dependencies: { "@pulumi/pulumi": pulumiVersion },
                },
                null,
                4,
            ),
        );
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 4));
        fs.writeFileSync(
            path.join(project, "tsconfig.nodenext.json"),
            JSON.stringify(
                {
                    ...TSCONFIG,
                    compilerOptions: { ...TSCONFIG.compilerOptions, target: "es2022", module: "nodenext", moduleResolution: "nodenext" },
                },
                null,
                4,
            ),
        );
        fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
        run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(tmp, packed[0].filename)], project);
    });

    after(function () {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("tsc --noEmit with README's tsconfig: no error, and the package's own declarations were checked", function () {
        const result = tsc(project, "tsconfig.json", "--noEmit", "--listFiles");
        const errors = result.output.split("\n").filter((l) => /error TS\d+/.test(l));
        expect(errors).to.deep.equal([]);
        expect(result.code).to.equal(0);
        // Not a vacuous pass: the package's declarations (down to its client) were part of the program.
        const checked = result.output.split("\n").filter((l) => l.includes(`/node_modules/${PACKAGE}/dist/`));
        for (const file of ["dist/provider/index.d.ts", "dist/provider/client/object-store-client.d.ts", "dist/emulator/index.d.ts"]) {
            expect(
                checked.some((l) => l.endsWith(file)),
                `${file} checked`,
            ).to.equal(true);
        }
        console.log(`      tsc checked ${checked.length} declaration files of the package`);
    });

    it("tsc --noEmit with module and moduleResolution nodenext: no error", function () {
        const result = tsc(project, "tsconfig.nodenext.json", "--noEmit");
        expect(
            result.output.split("\n").filter((l) => /error TS\d+/.test(l)),
            result.output,
        ).to.deep.equal([]);
        expect(result.code, result.output).to.equal(0);
    });

    it("every import path README and emulator/README show loads at run time from the installed package", function () {
        const installed = path.join(project, "node_modules", PACKAGE);
        const shown = ["README.md", "emulator/README.md"].flatMap((doc) => importPaths(fs.readFileSync(path.join(installed, doc), "utf8")));
        expect(shown).to.include.members([PACKAGE, `${PACKAGE}/emulator`]);
        for (const specifier of new Set(shown)) {
            const loaded = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(specifier)})`], { cwd: project, encoding: "utf8" });
            expect(loaded.status, `require("${specifier}"): ${loaded.stderr}`).to.equal(0);
        }
    });
});

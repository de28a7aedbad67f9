/**
 * The lifecycle a user runs, after the probes and against the same target: a Pulumi program with a
 * Store, a Partition, a Key and a KeyEntries of this package's dynamic resources, in a temporary
 * directory project (file backend and PULUMI_HOME inside it, so nothing outside is touched), run by
 * the real `pulumi` CLI on PATH:
 *   `pulumi up`, `pulumi preview --expect-no-changes`, an out-of-band change (the store's TTL and the
 *   Key's value changed directly), `pulumi preview --refresh --expect-no-changes` (must fail naming
 *   both properties: the drift gate), `pulumi destroy` (the store must then read 404).
 * The program gets the run's settings as ANYPOINT_* variables of the CLI's processes only (never
 * written to disk); the directory is removed afterwards.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConnectionSettings } from "../config";
import { SETTINGS } from "../config/keys";
import { runPulumi, type PulumiRun } from "../util/pulumi-cli";
import type { Answer, RequestSpec } from "./spec";
import { envPath, keyPath, seg, stringBody, type ScratchPath } from "./spec";

/** One step of the lifecycle. */
export interface LifecycleStep {
    /** e.g. `pulumi up`. */
    name: string;
    passed: boolean;
    /** What happened (the CLI's summary, or why it failed; redacted). */
    detail: string;
    durationMs: number;
}

/** The lifecycle's outcome. */
export interface LifecycleResult {
    result: "passed" | "failed" | "not run";
    /** Why it did not run. */
    reason?: string;
    steps: LifecycleStep[];
    /** The store the program declared. */
    storeId: string;
}

/** What the lifecycle needs from the run. */
export interface LifecycleOptions {
    settings: ConnectionSettings;
    /** The program's store id (`<scratch store>-lifecycle`). */
    storeId: string;
    /** Sends the out-of-band change and the final check (the probe harness). */
    send: (spec: RequestSpec) => Promise<Answer>;
    /** Text without secrets (the probe harness's redaction). */
    redact: (text: string) => string;
    signal?: AbortSignal;
    /** The installed package's root (default: found from this file). */
    packageRoot?: string;
    /** Progress lines. */
    onProgress?: (line: string) => void;
}

/** The package's root directory: the nearest directory above `from` whose package.json is this package. */
export function packageRootFrom(from: string = __dirname): string {
    for (let d = from; ; d = path.dirname(d)) {
        try {
            if (
                (JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")) as { name?: string }).name ===
                "pulumi-anypoint-objectstore"
            )
                return d;
        } catch {
            // not here
        }
        if (path.dirname(d) === d) throw new Error(`cannot find the pulumi-anypoint-objectstore package above ${from}`);
    }
}

/**
 * The ANYPOINT_* variables that make the provider resolve exactly `settings` (the credentials of
 * its one kind, the scope, the endpoint overrides, the rate and the retry budget). Pure.
 */
export function anypointEnvOf(settings: ConnectionSettings): Record<string, string> {
    const env: Record<string, string> = {
        ANYPOINT_ORGANIZATION_ID: settings.organizationId,
        ANYPOINT_ENVIRONMENT_ID: settings.environmentId,
        ANYPOINT_REGION: settings.region,
        ANYPOINT_CONTROL_PLANE: settings.controlPlane,
    };
    if (settings.overrides.baseUrl) env.ANYPOINT_BASE_URL = settings.overrides.baseUrl;
    if (settings.overrides.authBaseUrl) env.ANYPOINT_AUTH_BASE_URL = settings.overrides.authBaseUrl;
    if (settings.overrides.statsBaseUrl) env.ANYPOINT_STATS_BASE_URL = settings.overrides.statsBaseUrl;
    if (settings.requestsPerSecond !== undefined) env.ANYPOINT_REQUESTS_PER_SECOND = String(settings.requestsPerSecond);
    if (settings.retryBudgetSeconds !== undefined) env.ANYPOINT_RETRY_BUDGET_SECONDS = String(settings.retryBudgetSeconds);
    const c = settings.credentials;
    if (c.kind === "accessToken") env.ANYPOINT_ACCESS_TOKEN = c.accessToken;
    else if (c.kind === "connectedApp") Object.assign(env, { ANYPOINT_CLIENT_ID: c.clientId, ANYPOINT_CLIENT_SECRET: c.clientSecret });
    else Object.assign(env, { ANYPOINT_USERNAME: c.username, ANYPOINT_PASSWORD: c.password });
    return env;
}

/** `env` without any ANYPOINT_* variable of the settings (so only {@link anypointEnvOf}'s count). Pure. */
export function withoutAnypointEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const names = new Set<string>(Object.values(SETTINGS).flatMap((s) => [...s.env]));
    return Object.fromEntries(Object.entries(env).filter(([k]) => !names.has(k)));
}

/** The program (CommonJS, run as is by the Node language host). Pure. */
export function lifecycleProgram(storeId: string): string {
    return `"use strict";
// Written by \`pulumi-anypoint-objectstore conformance\`: the lifecycle a user runs, against the target of the probes.
const { Store, Partition, Key, KeyEntries } = require("pulumi-anypoint-objectstore");
const store = new Store("store", { storeId: ${JSON.stringify(storeId)}, defaultTtlSeconds: 3600, isFixedTtl: true });
const partition = new Partition("partition", { storeId: store.storeId, partitionId: "seed" });
new Key("flag", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "flag", stringValue: "on" });
new KeyEntries("entries", {
    storeId: store.storeId,
    partitionId: partition.partitionId,
    entries: { "retry+count": { numberValue: 3 }, banner: { stringValue: "hello" } },
});
`;
}

/** The properties the drift gate must name after the out-of-band change. */
export const DRIFTED_PROPERTIES = ["defaultTtlSeconds", "stringValue"] as const;

/** The last lines of a CLI run's output (stderr, else stdout), for a failure's detail. */
function tail(run: PulumiRun, lines = 12): string {
    const text = (run.stderr.trim() || run.stdout.trim()).split("\n");
    return text.slice(-lines).join("\n");
}

/** The "Resources:" summary of a CLI run, on one line. */
function resourcesSummary(stdout: string): string {
    const at = stdout.lastIndexOf("Resources:");
    if (at < 0) return "";
    return stdout
        .slice(at + "Resources:".length)
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^[+~\-=]?\s*\d+ [a-z]/.test(l))
        .slice(0, 4)
        .join(", ");
}

/** Writes the project: Pulumi.yaml, index.js and node_modules links to this package and its @pulumi/pulumi. */
function writeProject(dir: string, storeId: string, packageRoot: string): void {
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        "name: objectstore-conformance\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
    );
    fs.writeFileSync(path.join(dir, "index.js"), lifecycleProgram(storeId));
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    fs.symlinkSync(packageRoot, path.join(dir, "node_modules", "pulumi-anypoint-objectstore"), "dir");
    const pulumiSdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [packageRoot] }));
    fs.symlinkSync(pulumiSdk, path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
}

/** Runs the lifecycle (see the module comment). Never throws for a failing step: the result says which. */
export async function runLifecycle(o: LifecycleOptions): Promise<LifecycleResult> {
    const steps: LifecycleStep[] = [];
    const result = (r: LifecycleResult["result"], reason?: string): LifecycleResult => ({ result: r, reason, steps, storeId: o.storeId });
    let packageRoot: string;
    try {
        packageRoot = o.packageRoot ?? packageRootFrom();
    } catch (e) {
        return result("not run", (e as Error).message);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-conformance-"));
    const env: NodeJS.ProcessEnv = {
        ...withoutAnypointEnv(process.env),
        ...anypointEnvOf(o.settings),
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_HOME: path.join(dir, "home"),
        PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const cli = (args: string[]) => runPulumi(args, { cwd: path.join(dir, "project"), env, signal: o.signal });
    const step = async (name: string, body: () => Promise<{ passed: boolean; detail: string }>): Promise<boolean> => {
        o.onProgress?.(`lifecycle: ${name}`);
        const started = Date.now();
        let outcome: { passed: boolean; detail: string };
        try {
            outcome = await body();
        } catch (e) {
            outcome = { passed: false, detail: (e as Error).message };
        }
        steps.push({ name, passed: outcome.passed, detail: o.redact(outcome.detail), durationMs: Date.now() - started });
        return outcome.passed;
    };
    const scope: ScratchPath = { organizationId: o.settings.organizationId, environmentId: o.settings.environmentId, storeId: o.storeId };
    try {
        fs.mkdirSync(path.join(dir, "state"));
        fs.mkdirSync(path.join(dir, "home"));
        fs.mkdirSync(path.join(dir, "project"));
        writeProject(path.join(dir, "project"), o.storeId, packageRoot);
        const ok =
            (await step("pulumi stack init", async () => {
                const run = await cli(["stack", "init", "conformance"]);
                return {
                    passed: run.code === 0,
                    detail: run.code === 0 ? "stack 'conformance' (file backend in a temporary directory)" : tail(run),
                };
            })) &&
            (await step("pulumi up", async () => {
                const run = await cli(["up", "--yes", "--skip-preview"]);
                return { passed: run.code === 0, detail: run.code === 0 ? resourcesSummary(run.stdout) : tail(run) };
            })) &&
            (await step("pulumi preview --expect-no-changes", async () => {
                const run = await cli(["preview", "--expect-no-changes"]);
                return { passed: run.code === 0, detail: run.code === 0 ? resourcesSummary(run.stdout) : tail(run) };
            })) &&
            (await step("out-of-band change", async () => {
                const ttl = await o.send({
                    method: "PATCH",
                    path: `${envPath(scope)}/stores/${seg(o.storeId)}`,
                    body: { defaultTtlSeconds: 7200 },
                });
                const key = await o.send({ method: "PUT", path: keyPath(scope, "seed", "flag"), body: stringBody("flag", "off") });
                const passed = ttl.status === 200 && (key.status === 200 || key.status === 201);
                return {
                    passed,
                    detail: passed
                        ? "the store's defaultTtlSeconds set to 7200 and Key 'flag' to \"off\", directly on the service"
                        : `PATCH of the store answered ${ttl.status}, PUT of the key ${key.status}`,
                };
            })) &&
            (await step("pulumi preview --refresh --expect-no-changes (drift gate)", async () => {
                const run = await cli(["preview", "--refresh", "--expect-no-changes", "--diff"]);
                const named = DRIFTED_PROPERTIES.filter((p) => run.stdout.includes(p));
                const passed = run.code !== 0 && named.length === DRIFTED_PROPERTIES.length;
                return {
                    passed,
                    detail:
                        run.code === 0
                            ? "the preview reported no changes: the drift was not caught"
                            : passed
                              ? `failed as it must, naming ${named.join(" and ")}`
                              : `failed, but did not name ${DRIFTED_PROPERTIES.filter((p) => !named.includes(p)).join(", ")}: ${tail(run)}`,
                };
            })) &&
            (await step("pulumi destroy", async () => {
                const run = await cli(["destroy", "--yes", "--skip-preview"]);
                if (run.code !== 0) return { passed: false, detail: tail(run) };
                const after = await o.send({ method: "GET", path: `${envPath(scope)}/stores/${seg(o.storeId)}` });
                return {
                    passed: after.status === 404,
                    detail:
                        after.status === 404
                            ? `${resourcesSummary(run.stdout)}; the store reads 404`
                            : `the store still reads ${after.status} after destroy`,
                };
            }));
        return result(ok ? "passed" : o.signal?.aborted ? "not run" : "failed", o.signal?.aborted ? "interrupted" : undefined);
    } catch (e) {
        return result("failed", o.redact((e as Error).message));
    } finally {
        // The state, the stack and PULUMI_HOME all live in the directory: removing it leaves nothing behind.
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

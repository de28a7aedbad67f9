/**
 * Helpers of the fault and interrupted-run e2e tests and scripts/bench-faults.ts: a stack of the
 * many-keys program (./programs/many-keys), the issue 10 fault mix, counting what the emulator
 * answered, checking that the emulator holds exactly the declared keys, and running / killing the
 * `pulumi` CLI as a user's shell would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import type { RecordedRequest, RunningEmulator } from "../../emulator";
import { E2EStack, REPO_ROOT, programStack, stackEnv, type StackOptions } from "./harness";
import { guardCommand } from "./preview-guard";
import { MANY_KEYS_PARTITION, manyKeys } from "./programs/many-keys-data";

/** A stack of the many-keys program declaring `count` keys in store `storeId`. */
export async function manyKeysStack(
    emulator: RunningEmulator,
    storeId: string,
    count: number,
    extraEnv: Record<string, string> = {},
    options: StackOptions = {},
): Promise<E2EStack> {
    const e2e = await programStack(emulator, path.join(__dirname, "programs", "many-keys.js"), extraEnv, options);
    await e2e.stack.setAllConfig({ "keys:storeId": { value: storeId }, "keys:count": { value: String(count) } });
    return e2e;
}

/** The fault mix of issue 10, as overall shares of requests. */
export const FAULT_MIX = { tooManyRequests: 0.2, unavailable: 0.05, reset: 0.02, latencyMs: [50, 150] as const, retryAfterSeconds: 1 };

/**
 * Installs the fault mix on every data-plane and token request: 50-150 ms latency on all, then 20%
 * 429 with Retry-After 1 s, 5% 503 and 2% connection resets (rules are tried in order, so each
 * later rule's probability is its share of the requests the earlier rules left alone).
 */
export async function injectFaultMix(emulatorUrl: string): Promise<void> {
    const m = FAULT_MIX;
    const rules = [
        { latencyMs: m.latencyMs[0], latencyMaxMs: m.latencyMs[1] },
        { status: 429, retryAfterSeconds: m.retryAfterSeconds, probability: m.tooManyRequests },
        { status: 503, probability: m.unavailable / (1 - m.tooManyRequests) },
        { reset: true, probability: m.reset / (1 - m.tooManyRequests - m.unavailable) },
    ];
    await fetch(`${emulatorUrl}/_emulator/faults`, { method: "DELETE" });
    for (const rule of rules) {
        const res = await fetch(`${emulatorUrl}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(rule),
        });
        if (res.status !== 201) throw new Error(`fault rule refused: ${res.status} ${await res.text()}`);
    }
}

/** Removes every fault rule. */
export async function clearFaults(emulatorUrl: string): Promise<void> {
    await fetch(`${emulatorUrl}/_emulator/faults`, { method: "DELETE" });
}

/** The answers in a journal slice that a client had to retry (or recover from). */
export function faultAnswers(requests: RecordedRequest[]): {
    tooManyRequests: number;
    unavailable: number;
    reset: number;
    answerLost: number;
    total: number;
} {
    const tooManyRequests = requests.filter((r) => r.status === 429).length;
    const unavailable = requests.filter((r) => r.status === 503).length;
    const reset = requests.filter((r) => r.status === 0).length;
    const answerLost = requests.filter((r) => r.answerLost).length;
    return { tooManyRequests, unavailable, reset, answerLost, total: requests.length };
}

/** Adds a rule: `probability` of the key creates (POST) the other rules let through are carried out, but their answer is lost. */
export async function injectLostAnswers(emulatorUrl: string, probability: number): Promise<void> {
    const res = await fetch(`${emulatorUrl}/_emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ method: "POST", route: "/keys/", resetAfterHandling: true, probability }),
    });
    if (res.status !== 201) throw new Error(`fault rule refused: ${res.status} ${await res.text()}`);
}

/** What the emulator holds in the store's partition, compared with the declared keys. */
export interface KeysCheck {
    /** Declared keys found with exactly the declared value. */
    verified: number;
    missing: string[];
    extra: string[];
    /** Declared keys holding another value (or type). */
    wrong: string[];
}

/** Compares the emulator's state (admin API, never faulted) with the many-keys program's `count` keys. */
export async function checkKeys(emulatorUrl: string, storeId: string, count: number): Promise<KeysCheck> {
    const state = (await (await fetch(`${emulatorUrl}/_emulator/state`)).json()) as {
        stores: { storeId: string; partitions: { partitionId: string; keys: Record<string, unknown>[] }[] }[];
    };
    const partition = state.stores.find((s) => s.storeId === storeId)?.partitions.find((p) => p.partitionId === MANY_KEYS_PARTITION);
    const live = new Map((partition?.keys ?? []).map((k) => [k.keyId as string, k]));
    const declared = manyKeys(count);
    const check: KeysCheck = { verified: 0, missing: [], extra: [], wrong: [] };
    for (const key of declared) {
        const found = live.get(key.keyId);
        if (!found) check.missing.push(key.keyId);
        else if (
            key.numberValue !== undefined
                ? found.valueType !== "NUMBER" || found.numberValue !== key.numberValue
                : found.valueType !== "STRING" || found.stringValue !== key.stringValue
        )
            check.wrong.push(key.keyId);
        else check.verified++;
    }
    const ids = new Set(declared.map((k) => k.keyId));
    check.extra = [...live.keys()].filter((k) => !ids.has(k));
    return check;
}

/** Key ids recorded in a deployment (Key resources), and its pending operations. Pure. */
export function summarizeDeployment(deployment: {
    resources?: { type: string; outputs?: Record<string, unknown> }[];
    pending_operations?: { type: string; resource: { urn: string } }[];
}): { keys: string[]; pendingOperations: { type: string; urn: string }[] } {
    const keys = (deployment.resources ?? []).filter((r) => r.type.endsWith(":Key")).map((r) => r.outputs!.keyId as string);
    const pendingOperations = (deployment.pending_operations ?? []).map((p) => ({ type: p.type, urn: p.resource.urn }));
    return { keys, pendingOperations };
}

/** Key ids and resource counts recorded in the stack's state file (file backend), plus its pending operations. */
export function stateSummary(e2e: E2EStack): { keys: string[]; pendingOperations: { type: string; urn: string }[] } {
    const dir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
    const file = readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(`${e2e.stack.name}.json`));
    if (!file) return { keys: [], pendingOperations: [] };
    return summarizeDeployment(JSON.parse(readFileSync(path.join(dir, file), "utf8")).checkpoint.latest ?? {});
}

/**
 * The stack's state as `pulumi stack export --show-secrets` prints it, on any backend (it works
 * while a killed run's lock is held): the bytes, and the text decoded from UTF-8 once.
 */
export async function exportState(e2e: E2EStack, emulator: RunningEmulator, showSecrets = true): Promise<{ bytes: Buffer; text: string }> {
    const child = spawn("pulumi", ["stack", "export", "--stack", e2e.stack.name, ...(showSecrets ? ["--show-secrets"] : [])], {
        cwd: e2e.stack.workspace.workDir,
        env: { ...process.env, ...stackEnv(emulator, e2e.tmp, e2e.backendEnv) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout!.on("data", (d: Buffer) => out.push(d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`pulumi stack export failed (${code}): ${err}`);
    const bytes = Buffer.concat(out);
    return { bytes, text: bytes.toString("utf8") };
}

/** {@link stateSummary} on any backend (through {@link exportState}). */
export async function backendStateSummary(
    e2e: E2EStack,
    emulator: RunningEmulator,
): Promise<{ keys: string[]; pendingOperations: { type: string; urn: string }[] }> {
    return summarizeDeployment(JSON.parse((await exportState(e2e, emulator)).text).deployment);
}

/**
 * The recovery step for a `kill -9` that hit the file backend's checkpoint write: the backend
 * (gocloud fileblob) renames the new checkpoint into place from `<stack>.json.<n>.tmp` and writes its
 * metadata `<stack>.json.attrs` in place, so a kill can leave an empty `.attrs` next to the intact
 * previous checkpoint, and every command then fails with "failed to load checkpoint: EOF". Deleting
 * the empty `.attrs` (and the stray `.tmp`) brings back the previous checkpoint. Returns the files
 * removed (none when the kill did not hit a write; none on the PostgreSQL backend).
 */
export function repairInterruptedCheckpointWrite(e2e: E2EStack): string[] {
    const dir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
    const removed: string[] = [];
    if ((e2e.backend ?? "file") !== "file") return removed; // PostgreSQL writes a checkpoint as one row
    for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
        const full = path.join(dir, file);
        const name = path.basename(file);
        if (!name.startsWith(`${e2e.stack.name}.json`)) continue;
        if ((name.endsWith(".attrs") && statSync(full).size === 0) || name.endsWith(".tmp")) {
            rmSync(full);
            removed.push(file);
        }
    }
    return removed;
}

/** A `pulumi` CLI run in the stack's directory, as from a user's shell (own process group). */
export interface CliRun {
    child: ChildProcess;
    /** Resolves with the exit code (or the signal's name) and everything printed. */
    done: Promise<{ code: number | string; output: string }>;
}

/**
 * Starts `pulumi <args> --stack <stack> --non-interactive` in the stack's work directory with its
 * environment, under the preview guard (./preview-guard.ts: `done` rejects when a preview wrote).
 */
export function runCli(e2e: E2EStack, emulator: RunningEmulator, args: string[], extraEnv: Record<string, string> = {}): CliRun {
    const full = [...args, "--stack", e2e.stack.name, "--non-interactive", "--color", "never"];
    let child!: ChildProcess;
    const done = guardCommand(full, () => {
        child = start(e2e, emulator, full, extraEnv);
        return new Promise<{ code: number | string; output: string }>((resolve) => {
            let output = "";
            child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
            child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
            child.on("close", (code, signal) => resolve({ code: code ?? signal ?? "unknown", output }));
        });
    });
    return { child, done };
}

/** Spawns the CLI with `args` as {@link runCli} describes (own process group). */
function start(e2e: E2EStack, emulator: RunningEmulator, args: string[], extraEnv: Record<string, string>): ChildProcess {
    return spawn("pulumi", args, {
        cwd: e2e.stack.workspace.workDir,
        env: { ...process.env, ...stackEnv(emulator, e2e.tmp, { ...e2e.backendEnv, ...extraEnv }) },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
}

/**
 * Runs `pulumi-anypoint-objectstore recover <args>` (the compiled CLI, as `npx` runs the package's
 * bin) in the stack's directory with its environment, for its stack; resolves with exit code and output.
 */
export function runRecover(
    e2e: E2EStack,
    emulator: RunningEmulator,
    args: string[],
    extraEnv: Record<string, string> = {},
): Promise<{ code: number | string; output: string }> {
    const child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, "dist", "provider", "cli.js"), "recover", "--stack", e2e.stack.name, ...args],
        {
            cwd: e2e.stack.workspace.workDir,
            env: { ...process.env, ...stackEnv(emulator, e2e.tmp, { ...e2e.backendEnv, ...extraEnv }) },
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code: code ?? signal ?? "unknown", output })));
}

/** Process ids of `root` and all its descendants (from /proc). */
export function processTree(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const d of readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = readFileSync(`/proc/${d}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
        } catch {
            /* the process ended */
        }
    }
    const tree: number[] = [];
    const stack = [root];
    while (stack.length) {
        const pid = stack.pop()!;
        tree.push(pid);
        stack.push(...(children.get(pid) ?? []));
    }
    return tree;
}

/** `kill -9` of a process and every descendant (the CLI, its language host, the dynamic provider). Returns the pids killed. */
export function killTree(root: number): number[] {
    const pids = processTree(root);
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            /* already gone */
        }
    }
    return pids;
}

/** Resolves when `predicate` holds (polled every 50 ms), or rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

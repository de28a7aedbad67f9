/**
 * `npm run demo` (after scripts/demo.sh has provisioned Node 22, the build and the Pulumi CLI):
 * starts the OSv2 emulator, configures a throw-away stack of the repository's Pulumi.yaml (the
 * quickstart) the way a user would, and runs the real CLI: up, preview --expect-no-changes,
 * destroy. Every step is announced; the first failing step stops the demo with a non-zero exit
 * code and its name.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../emulator";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const STACK = "demo";

class StepFailed extends Error {}

function banner(text: string): void {
    const line = "─".repeat(Math.max(20, text.length + 4));
    console.log(`\n${line}\n  ${text}\n${line}`);
}

/** Runs `pulumi <args>` in the repository root with the demo environment; output goes to the terminal. */
function pulumi(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<void> {
    console.log(`$ pulumi ${args.join(" ")}`);
    return new Promise((resolve, reject) => {
        const child = spawn("pulumi", args, {
            cwd: REPO_ROOT,
            env,
            stdio: [input === undefined ? "ignore" : "pipe", "inherit", "inherit"],
        });
        if (input !== undefined) child.stdin!.end(input);
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new StepFailed(`pulumi ${args[0]} exited with code ${code}`))));
    });
}

/** What the emulator holds now, read over its OSv2 API with a connected-app token. */
async function showEmulatorContents(emulator: RunningEmulator): Promise<number> {
    const tokenRes = await fetch(`${emulator.url}/accounts/api/v2/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            client_id: DEMO_CREDENTIALS.clientId,
            client_secret: DEMO_CREDENTIALS.clientSecret,
            grant_type: "client_credentials",
        }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const base = `${emulator.url}/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.environmentId}`;
    type Listing<T> = { values: T[] };
    type Store = { storeId: string; defaultTtlSeconds: number; persistent: boolean; isFixedTtl: boolean | null };
    type Value = { valueType: string; stringValue?: string; numberValue?: number; binaryValue?: string };
    const get = async <T>(p: string): Promise<T> =>
        (await (await fetch(base + p, { headers: { authorization: `Bearer ${access_token}` } })).json()) as T;
    const stores = (await get<Listing<Store>>("/stores")).values;
    if (stores.length === 0) console.log("  (no stores)");
    for (const s of stores) {
        console.log(`  store ${s.storeId}: defaultTtlSeconds=${s.defaultTtlSeconds} persistent=${s.persistent} isFixedTtl=${s.isFixedTtl}`);
        const sid = encodeURIComponent(s.storeId);
        for (const p of (await get<Listing<string>>(`/stores/${sid}/partitions`)).values) {
            console.log(`    partition ${p}`);
            const pid = encodeURIComponent(p);
            for (const k of (await get<Listing<{ keyId: string }>>(`/stores/${sid}/partitions/${pid}/keys`)).values) {
                const v = await get<Value>(`/stores/${sid}/partitions/${pid}/keys/${encodeURIComponent(k.keyId)}`);
                const value = v.stringValue ?? v.numberValue ?? `${v.binaryValue} (base64)`;
                console.log(`      key ${JSON.stringify(k.keyId)} ${v.valueType} = ${JSON.stringify(value)}`);
            }
        }
    }
    return stores.length;
}

async function main(): Promise<void> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-demo-"));
    let emulator: RunningEmulator | undefined;
    let stackCreated = false;
    let env: NodeJS.ProcessEnv = {};
    let current = "start the OSv2 emulator";
    const step = (name: string) => {
        current = name;
        banner(name);
    };
    try {
        step(current);
        emulator = await startEmulator({ port: 0, auth: "strict" });
        console.log(`OSv2 emulator on ${emulator.url} (strict auth: connected-app demo credentials)`);

        step("create a stack with a local state backend and configure it");
        fs.mkdirSync(path.join(tmp, "state"));
        env = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
            PULUMI_HOME: path.join(tmp, "home"),
            PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        };
        await pulumi(["stack", "init", STACK, "--non-interactive"], env);
        stackCreated = true;
        await pulumi(["config", "set", "anypoint:baseUrl", emulator.url], env);
        await pulumi(["config", "set", "anypoint:organizationId", DEMO_CREDENTIALS.organizationId], env);
        await pulumi(["config", "set", "anypoint:environmentId", DEMO_CREDENTIALS.environmentId], env);
        await pulumi(["config", "set", "anypoint:clientId", DEMO_CREDENTIALS.clientId], env);
        await pulumi(["config", "set", "--secret", "anypoint:clientSecret"], env, DEMO_CREDENTIALS.clientSecret);

        step("pulumi up: create the store, partition and seed keys");
        await pulumi(["up", "--yes", "--non-interactive", "--stack", STACK], env);
        console.log("\nThe emulator now holds:");
        if ((await showEmulatorContents(emulator)) === 0)
            throw new StepFailed("pulumi up reported success but the emulator holds no store");

        step("pulumi preview --expect-no-changes: nothing to do (the 45-day TTL was clamped in check)");
        await pulumi(["preview", "--expect-no-changes", "--non-interactive", "--stack", STACK], env);

        step("pulumi destroy: delete everything");
        await pulumi(["destroy", "--yes", "--non-interactive", "--stack", STACK], env);
        console.log("\nThe emulator now holds:");
        if ((await showEmulatorContents(emulator)) !== 0) throw new StepFailed("stores remain after pulumi destroy");

        step("remove the stack and stop the emulator");
        await pulumi(["stack", "rm", STACK, "--yes", "--non-interactive"], env);
        stackCreated = false;
        console.log("\nDemo complete: up, preview (no changes) and destroy all succeeded.");
    } catch (err) {
        console.error(`\nDEMO FAILED at step "${current}": ${err instanceof Error ? err.message : String(err)}`);
        process.exitCode = 1;
        if (stackCreated) await pulumi(["stack", "rm", STACK, "--yes", "--force", "--non-interactive"], env).catch(() => undefined);
    } finally {
        await emulator?.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

void main();

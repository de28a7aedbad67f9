/**
 * End-to-end harness: the real `pulumi` CLI (through the Automation API) against a real emulator
 * over HTTP. Each stack gets its own file backend and PULUMI_HOME in a temporary directory, and
 * reaches the emulator through ANYPOINT_* variables (as a pipeline would).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";

/** Repository root (dist/test/e2e/../../..). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

let pulumiCommand: Promise<PulumiCommand> | undefined;

/**
 * The Pulumi CLI matching @pulumi/pulumi, provisioned by scripts/ensure-pulumi.sh (cached after the
 * first build) and put first on PATH, so the engine finds the language host and the launcher too.
 */
export function getPulumiCommand(): Promise<PulumiCommand> {
    pulumiCommand ??= (async () => {
        const binDir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        }).trim();
        process.env.PATH = `${binDir}${path.delimiter}${process.env.PATH}`;
        return PulumiCommand.get({ root: path.dirname(binDir) });
    })();
    return pulumiCommand;
}

/** Environment for the CLI: isolated state and home, no network, and the emulator's connection settings. */
export function stackEnv(emulator: RunningEmulator, tmp: string, extra: Record<string, string> = {}): Record<string, string> {
    fs.mkdirSync(path.join(tmp, "state"), { recursive: true });
    fs.mkdirSync(path.join(tmp, "home"), { recursive: true });
    return {
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_HOME: path.join(tmp, "home"),
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ANYPOINT_BASE_URL: emulator.url,
        ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId,
        ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
        ANYPOINT_ORGANIZATION_ID: DEMO_CREDENTIALS.organizationId,
        ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.environmentId,
        ...extra,
    };
}

/** A stack plus everything to tear it down. */
export interface E2EStack {
    stack: Stack;
    tmp: string;
    /** Every line the CLI printed, across operations (for assertions on warnings and diffs). */
    output: string[];
    onOutput: (line: string) => void;
    dispose(): Promise<void>;
}

function uniqueName(prefix: string): string {
    return `${prefix}-${process.env.OSV2_TEST_RUN_ID ?? process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

function withOutput(stack: Stack, tmp: string, cleanup: () => void): E2EStack {
    const output: string[] = [];
    return {
        stack,
        tmp,
        output,
        onOutput: (line: string) => {
            output.push(line);
            if (process.env.E2E_VERBOSE) process.stdout.write(line);
        },
        async dispose() {
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
            cleanup();
        },
    };
}

/** A stack of the repository's own Pulumi.yaml (the quickstart example), run by the Node language host. */
export async function quickstartStack(emulator: RunningEmulator, extraEnv: Record<string, string> = {}): Promise<E2EStack> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-"));
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: uniqueName("quickstart"), workDir: REPO_ROOT },
        { envVars: stackEnv(emulator, tmp, extraEnv), pulumiCommand: await getPulumiCommand() },
    );
    return withOutput(stack, tmp, () => fs.rmSync(tmp, { recursive: true, force: true }));
}

/**
 * A stack for an inline program (declared in the test). Its work directory sits inside the
 * repository (.e2e/, git-ignored) so the dynamic provider launcher resolves @pulumi/pulumi.
 */
export async function inlineStack(
    emulator: RunningEmulator,
    program: PulumiFn,
    extraEnv: Record<string, string> = {},
): Promise<E2EStack> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-e2e-"));
    const name = uniqueName("inline");
    const workDir = path.join(REPO_ROOT, ".e2e", name);
    fs.mkdirSync(workDir, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: "osv2-e2e", program },
        {
            workDir,
            projectSettings: { name: "osv2-e2e", runtime: "nodejs" },
            envVars: stackEnv(emulator, tmp, extraEnv),
            pulumiCommand: await getPulumiCommand(),
        },
    );
    return withOutput(stack, tmp, () => {
        fs.rmSync(tmp, { recursive: true, force: true });
        fs.rmSync(workDir, { recursive: true, force: true });
    });
}

/** Starts an emulator in strict auth mode on a free port. */
export function startTestEmulator(): Promise<RunningEmulator> {
    return startEmulator({ port: 0, auth: "strict" });
}

/**
 * Raw HTTP access to the emulator's OSv2 API for assertions and out-of-band changes, independent of
 * the provider's client (so a client bug cannot hide itself).
 */
export class EmulatorApi {
    private token?: string;

    constructor(private readonly emulator: RunningEmulator) {}

    private get prefix(): string {
        return `${this.emulator.url}/api/v1/organizations/${DEMO_CREDENTIALS.organizationId}/environments/${DEMO_CREDENTIALS.environmentId}`;
    }

    private async bearer(): Promise<string> {
        if (!this.token) {
            const res = await fetch(`${this.emulator.url}/accounts/api/v2/oauth2/token`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({
                    client_id: DEMO_CREDENTIALS.clientId,
                    client_secret: DEMO_CREDENTIALS.clientSecret,
                    grant_type: "client_credentials",
                }),
            });
            if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
            this.token = ((await res.json()) as { access_token: string }).access_token;
        }
        return this.token;
    }

    /** Sends a request to `prefix + path` (path segments must already be encoded); returns status and parsed body. */
    async request(method: string, pathSuffix: string, body?: unknown): Promise<{ status: number; body: any }> {
        const res = await fetch(`${this.prefix}${pathSuffix}`, {
            method,
            headers: {
                authorization: `Bearer ${await this.bearer()}`,
                ...(body !== undefined ? { "content-type": "application/json" } : {}),
            },
            body: body !== undefined ? JSON.stringify(body) : undefined,
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }

    async getStore(storeId: string) {
        return this.request("GET", `/stores/${encodeURIComponent(storeId)}`);
    }

    async listStoreIds(): Promise<string[]> {
        const res = await this.request("GET", `/stores`);
        return (res.body.values as { storeId: string }[]).map((s) => s.storeId);
    }

    async listPartitions(storeId: string): Promise<string[]> {
        const res = await this.request("GET", `/stores/${encodeURIComponent(storeId)}/partitions`);
        return res.body.values as string[];
    }

    async listKeyIds(storeId: string, partitionId: string): Promise<string[]> {
        const ids: string[] = [];
        let token: string | null = null;
        do {
            const q: string = token ? `?nextPageToken=${encodeURIComponent(token)}` : "";
            const res = await this.request(
                "GET",
                `/stores/${encodeURIComponent(storeId)}/partitions/${encodeURIComponent(partitionId)}/keys${q}`,
            );
            ids.push(...(res.body.values as { keyId: string }[]).map((k) => k.keyId));
            token = res.body.nextPageToken;
        } while (token);
        return ids;
    }

    keyPath(storeId: string, partitionId: string, keyId: string): string {
        return `/stores/${encodeURIComponent(storeId)}/partitions/${encodeURIComponent(partitionId)}/keys/${encodeURIComponent(keyId)}`;
    }

    async getKey(storeId: string, partitionId: string, keyId: string) {
        return this.request("GET", this.keyPath(storeId, partitionId, keyId));
    }
}

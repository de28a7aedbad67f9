import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

export type Backend = "memory" | "sqlite";
/** Backends every contract suite runs against. */
export const BACKENDS: Backend[] = ["memory", "sqlite"];

export const ORG = DEMO_CREDENTIALS.organizationId;
export const ENV = DEMO_CREDENTIALS.environmentId;
export const OTHER_ENV = DEMO_CREDENTIALS.otherEnvironmentId;
/** Data-plane prefix P for the demo org/env. */
export const P = `/api/v1/organizations/${ORG}/environments/${ENV}`;

export interface HttpResult<T = any> {
    status: number;
    headers: Headers;
    text: string;
    json: T;
}

export interface RequestOptions {
    body?: unknown;
    /** Raw body string (sent as is). */
    rawBody?: string;
    headers?: Record<string, string>;
    /** Bearer token; null = no Authorization header. */
    token?: string | null;
    contentType?: string;
}

/** Plain HTTP over loopback with fetch; parses JSON bodies when there are any. */
export async function request<T = any>(
    baseUrl: string,
    method: string,
    path: string,
    options: RequestOptions = {},
): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
}

/** Gets a connected-app token from the emulator. */
export async function connectedAppToken(baseUrl: string): Promise<string> {
    const res = await request(baseUrl, "POST", "/accounts/api/v2/oauth2/token", {
        body: { client_id: DEMO_CREDENTIALS.clientId, client_secret: DEMO_CREDENTIALS.clientSecret, grant_type: "client_credentials" },
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return res.json.access_token;
}

/** A running emulator plus a token and request shortcuts; call `reset()` between tests. */
export class Harness {
    token = "";
    private dataDir?: string;

    private constructor(
        public emulator: RunningEmulator,
        readonly backend: Backend,
        dataDir?: string,
    ) {
        this.dataDir = dataDir;
    }

    static async start(backend: Backend, options: EmulatorOptions = {}): Promise<Harness> {
        const dataDir = backend === "sqlite" ? mkdtempSync(join(tmpdir(), "osv2-emu-test-")) : undefined;
        const emulator = await startEmulator({ port: 0, ...options, dataDir });
        const harness = new Harness(emulator, backend, dataDir);
        if ((options.auth ?? "strict") !== "off") harness.token = await connectedAppToken(emulator.url);
        return harness;
    }

    get url(): string {
        return this.emulator.url;
    }

    /** Wipes the emulator and gets a fresh token. */
    async reset(): Promise<void> {
        const res = await request(this.url, "POST", "/_emulator/reset");
        if (res.status !== 204) throw new Error(`reset failed: ${res.status}`);
        this.token = await connectedAppToken(this.url);
    }

    /** Request with the harness token (override with options.token). */
    call<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
        return request<T>(this.url, method, path, { token: this.token, ...options });
    }

    /** Restarts the emulator on the same data directory (sqlite) and gets a new token. */
    async restart(options: EmulatorOptions = {}): Promise<void> {
        await this.emulator.close();
        this.emulator = await startEmulator({ port: 0, ...options, dataDir: this.dataDir });
        this.token = await connectedAppToken(this.url);
    }

    async stop(): Promise<void> {
        await this.emulator.close();
        if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
    }
}

/** Path helpers under the demo org/env. */
export const paths = {
    stores: () => `${P}/stores`,
    store: (s: string) => `${P}/stores/${encodeURIComponent(s)}`,
    partitions: (s: string) => `${P}/stores/${encodeURIComponent(s)}/partitions`,
    partition: (s: string, p: string) => `${P}/stores/${encodeURIComponent(s)}/partitions/${encodeURIComponent(p)}`,
    keys: (s: string, p: string) => `${paths.partition(s, p)}/keys`,
    key: (s: string, p: string, k: string) => `${paths.partition(s, p)}/keys/${encodeURIComponent(k)}`,
};

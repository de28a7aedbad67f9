import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { demoAccessToken } from "./provider-emulator";

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
        this.token ??= await demoAccessToken(this.emulator.url);
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

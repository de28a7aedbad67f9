/**
 * Authentication modes with the real `pulumi` CLI against the emulator in strict auth mode: a
 * connected app and a user login (through ANYPOINT_* variables and through secret stack config),
 * and a static bearer token. One token serves every resource of a `pulumi up` (parallel creates
 * share one fetch). Missing settings fail at preview with one message that lists them all.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS, RunningEmulator } from "../../emulator";
import { Key, Partition, Store } from "../../provider";
import { AuthProxy, startAuthProxy } from "./auth-proxy";
import { EmulatorApi, inlineStack, startTestEmulator } from "./harness";

/** Environment that clears every credential variable, so each mode sets only its own. */
const NO_CREDENTIALS = {
    ANYPOINT_CLIENT_ID: "",
    ANYPOINT_CLIENT_SECRET: "",
    ANYPOINT_USERNAME: "",
    ANYPOINT_PASSWORD: "",
    ANYPOINT_ACCESS_TOKEN: "",
};

function programFor(storeId: string) {
    return async () => {
        const store = new Store("store", { storeId, defaultTtlSeconds: 600 });
        const p = new Partition("p", { storeId: store.storeId, partitionId: "p" });
        for (let i = 0; i < 8; i++)
            new Key(`k${i}`, { storeId: store.storeId, partitionId: p.partitionId, keyId: `k${i}`, numberValue: i });
        return { storeId: store.storeId };
    };
}

describe("e2e: authentication modes (emulator in strict mode)", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let proxy: AuthProxy;
    let api: EmulatorApi;

    before(async () => {
        emulator = await startTestEmulator();
        proxy = await startAuthProxy(emulator.url);
        api = new EmulatorApi(emulator);
    });

    after(async () => {
        await proxy?.close();
        await emulator?.close();
    });

    async function staticToken(): Promise<string> {
        const res = await fetch(`${emulator.url}/accounts/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password }),
        });
        return ((await res.json()) as { access_token: string }).access_token;
    }

    const MODES: {
        name: string;
        env: () => Promise<Record<string, string>>;
        config?: Record<string, { value: string; secret: boolean }>;
        tokenFetches: number;
    }[] = [
        {
            name: "connected app from ANYPOINT_CLIENT_ID / ANYPOINT_CLIENT_SECRET",
            env: async () => ({ ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId, ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret }),
            tokenFetches: 1,
        },
        {
            name: "user login from ANYPOINT_USERNAME / ANYPOINT_PASSWORD",
            env: async () => ({ ANYPOINT_USERNAME: DEMO_CREDENTIALS.username, ANYPOINT_PASSWORD: DEMO_CREDENTIALS.password }),
            tokenFetches: 1,
        },
        {
            name: "static bearer token from ANYPOINT_ACCESS_TOKEN",
            env: async () => ({ ANYPOINT_ACCESS_TOKEN: await staticToken() }),
            tokenFetches: 0,
        },
        {
            name: "connected app from stack config (anypoint:clientSecret set --secret)",
            env: async () => ({}),
            config: {
                "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId, secret: false },
                "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
            },
            tokenFetches: 1,
        },
        {
            name: "user login from stack config (anypoint:password set --secret)",
            env: async () => ({}),
            config: {
                "anypoint:username": { value: DEMO_CREDENTIALS.username, secret: false },
                "anypoint:password": { value: DEMO_CREDENTIALS.password, secret: true },
            },
            tokenFetches: 1,
        },
    ];

    MODES.forEach((mode, i) => {
        it(`${mode.name}: up and destroy succeed with ${mode.tokenFetches} token request(s) for 10 resources`, async () => {
            const storeId = `auth-mode-${i}`;
            const e2e = await inlineStack(emulator, programFor(storeId), {
                ...NO_CREDENTIALS,
                ANYPOINT_AUTH_BASE_URL: proxy.url,
                ...(await mode.env()),
            });
            try {
                if (mode.config) await e2e.stack.setAllConfig(mode.config);
                proxy.reset();
                const up = await e2e.stack.up({ onOutput: e2e.onOutput });
                expect(up.summary.resourceChanges?.create).to.equal(11);
                expect(proxy.tokenRequests, "token requests during up").to.equal(mode.tokenFetches);
                expect((await api.listKeyIds(storeId, "p")).length).to.equal(8);
                await e2e.stack.destroy({ onOutput: e2e.onOutput });
                expect((await api.getStore(storeId)).status).to.equal(404);
            } finally {
                await e2e.dispose();
            }
        });
    });

    it("missing settings fail at preview with one message that lists each and how to set it", async () => {
        const e2e = await inlineStack(emulator, programFor("never"), { ...NO_CREDENTIALS, ANYPOINT_ORGANIZATION_ID: "" });
        try {
            let message = "";
            await e2e.stack.preview({ onOutput: e2e.onOutput }).catch((e: Error) => (message = e.message));
            expect(message).to.match(/anypoint:organizationId/);
            expect(message).to.match(/ANYPOINT_ORGANIZATION_ID/);
            expect(message).to.match(/anypoint:clientId|clientSecret|accessToken/);
            expect((await api.getStore("never")).status).to.equal(404);
        } finally {
            await e2e.dispose();
        }
    });

    it("a wrong client secret fails up with a 401 that does not print the secret", async () => {
        const wrong = "definitely-not-the-secret-0123456789";
        const e2e = await inlineStack(emulator, programFor("wrong-secret"), {
            ...NO_CREDENTIALS,
            ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId,
            ANYPOINT_CLIENT_SECRET: wrong,
        });
        try {
            let message = "";
            await e2e.stack.up({ onOutput: e2e.onOutput }).catch((e: Error) => (message = e.message));
            expect(message).to.match(/401/);
            expect(message + e2e.output.join("")).to.not.include(wrong);
        } finally {
            await e2e.dispose();
        }
    });
});

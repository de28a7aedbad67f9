/**
 * Per-provider credentials against the emulator's second connected app (strict auth): a client
 * configured with the limited app (View stores + Manage stores data on Production only) works
 * where its scopes allow, and where they do not it fails at once (no retry) with the service's
 * 403 message naming the missing permission, plus what to do. Beside it, a client with the demo
 * app keeps full access: two clients, two sets of credentials, two tokens.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS as D, startEmulator, type RunningEmulator } from "../../emulator";
import { ObjectStoreApiError, type ObjectStoreClient } from "../../provider/client";
import { clearClientCache, getClient, resolveConnectionSettings } from "../../provider/config";

const STORE = "scoped-provider-store";

function clientFor(
    emulator: RunningEmulator,
    credentials: { clientId: string; clientSecret: string },
    environmentId: string,
): ObjectStoreClient {
    const settings = resolveConnectionSettings(
        { baseUrl: emulator.url, organizationId: D.organizationId, environmentId, requestsPerSecond: "50", ...credentials },
        {},
    );
    return getClient(settings, { retry: { baseDelayMs: 1 } });
}

async function failure(promise: Promise<unknown>): Promise<ObjectStoreApiError> {
    const outcome = await promise.then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(outcome).to.be.instanceOf(ObjectStoreApiError);
    return outcome as ObjectStoreApiError;
}

describe("provider clients with per-provider credentials: the limited connected app", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let demoProduction: ObjectStoreClient;
    let limitedProduction: ObjectStoreClient;
    let limitedSandbox: ObjectStoreClient;
    const limited = { clientId: D.limitedClientId, clientSecret: D.limitedClientSecret };

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        demoProduction = clientFor(emulator, { clientId: D.clientId, clientSecret: D.clientSecret }, D.otherEnvironmentId);
        limitedProduction = clientFor(emulator, limited, D.otherEnvironmentId);
        limitedSandbox = clientFor(emulator, limited, D.environmentId);
        await demoProduction.putStore(STORE, { defaultTtlSeconds: 3600 });
    });

    after(async () => {
        clearClientCache();
        await emulator?.close();
    });

    it("the limited app reads stores and manages keys on Production, with its own token", async () => {
        const seq = emulator.lastRequestSeq();
        expect((await limitedProduction.getStore(STORE))?.defaultTtlSeconds).to.equal(3600);
        await limitedProduction.putKey(STORE, "flags", "dark-mode", { valueType: "STRING", stringValue: "on" });
        expect((await limitedProduction.getKey(STORE, "flags", "dark-mode"))?.stringValue).to.equal("on");
        expect(await limitedProduction.listAllPartitions(STORE)).to.deep.equal(["flags"]);
        const sent = emulator.requests(seq);
        expect(sent.filter((r) => r.status === 403)).to.deep.equal([]);
        expect(limitedProduction.credentialIdentity).to.not.equal(demoProduction.credentialIdentity);
    });

    it("creating a store with it fails once with 403 naming Manage stores and what to do", async () => {
        const seq = emulator.lastRequestSeq();
        const err = await failure(limitedProduction.putStore("made-by-the-wrong-provider", {}));
        expect(err.statusCode).to.equal(403);
        expect(err.operation).to.equal("PutStore");
        expect(err.serverMessage).to.equal(
            `Missing permission: Manage stores (manage:store) for environment ${D.otherEnvironmentId}. ` +
                `Connected app "${D.limitedClientId}" holds Manage stores data (manage:store_data), View stores (read:store) there.`,
        );
        expect(err.message).to.include("403 Forbidden: Missing permission: Manage stores (manage:store)");
        expect(err.message).to.include(
            "the connected app (anypoint:clientId) lacks Manage stores (manage:store) there. To fix it, grant it to the connected app in Access Management",
        );
        expect(err.message).to.include("or use a provider whose credentials hold it");
        expect(err.message).to.not.include(D.limitedClientSecret);
        // Not retried, and nothing was created.
        const puts = emulator.requests(seq).filter((r) => r.method === "PUT");
        expect(puts.map((r) => r.status)).to.deep.equal([403]);
        expect(await demoProduction.getStore("made-by-the-wrong-provider")).to.equal(undefined);
    });

    it("on Sandbox, where it holds no scope, even reading a store fails with the permission named", async () => {
        const err = await failure(limitedSandbox.getStore(STORE));
        expect(err.statusCode).to.equal(403);
        expect(err.message).to.include(
            `Missing permission: one of View stores (read:store), Manage stores (manage:store), Manage stores data (manage:store_data) for environment ${D.environmentId}`,
        );
        expect(err.message).to.include("holds no Object Store scope there");
        expect(err.message).to.include(
            `The credentials may not do GetStore in organization ${D.organizationId}, environment ${D.environmentId}`,
        );
    });

    it("the demo app's client beside it keeps full access (store writes on Production)", async () => {
        expect((await demoProduction.patchStore(STORE, { defaultTtlSeconds: 7200 })).defaultTtlSeconds).to.equal(7200);
        expect((await limitedProduction.getStore(STORE))?.defaultTtlSeconds).to.equal(7200);
    });
});

/**
 * The lifecycle's pure parts: the ANYPOINT_* variables handed to Pulumi's processes make the
 * provider resolve exactly the run's settings (same target), and the program declares the four
 * resource kinds on the given store.
 */
import { expect } from "chai";
import { resolveConnectionSettings, type ConnectionSettings } from "../../../provider/config";
import { anypointEnvOf, lifecycleProgram, withoutAnypointEnv } from "../../../provider/conformance/lifecycle";

/** Equal settings, wherever each came from (`origins` says config for one, environment for the other). */
function same(a: ConnectionSettings, b: ConnectionSettings): void {
    const view = (s: ConnectionSettings) => ({ ...(JSON.parse(JSON.stringify(s)) as Record<string, unknown>), origins: undefined });
    expect(view(b)).to.deep.equal(view(a));
    const secret = (s: ConnectionSettings) => {
        const c = s.credentials as unknown as Record<string, string>;
        return [c.clientSecret, c.password, c.accessToken].join("|");
    };
    expect(secret(b)).to.equal(secret(a));
}

describe("conformance lifecycle (pure)", () => {
    for (const [name, config] of Object.entries({
        "a connected app on the emulator": {
            "anypoint:clientId": "app",
            "anypoint:clientSecret": "secret-1",
            "anypoint:baseUrl": "http://127.0.0.1:8090",
            "anypoint:requestsPerSecond": "5",
        },
        "a user login on the EU control plane": {
            "anypoint:username": "u",
            "anypoint:password": "pw-2",
            "anypoint:controlPlane": "EU",
            "anypoint:region": "eu-central-1",
            "anypoint:retryBudgetSeconds": "30",
        },
        "a bearer token with its own token and stats hosts": {
            "anypoint:accessToken": "tok-3",
            "anypoint:baseUrl": "https://private.example/os",
            "anypoint:authBaseUrl": "https://anypoint.mulesoft.com",
            "anypoint:statsBaseUrl": "https://stats.example",
        },
    })) {
        it(`anypointEnvOf: ${name} resolves to the same settings from the variables alone`, () => {
            const settings = resolveConnectionSettings({ ...config, "anypoint:organizationId": "o", "anypoint:environmentId": "e" }, {});
            same(settings, resolveConnectionSettings(undefined, anypointEnvOf(settings)));
        });
    }

    it("withoutAnypointEnv drops every ANYPOINT_* setting variable and keeps the rest", () => {
        expect(withoutAnypointEnv({ ANYPOINT_ORG_ID: "x", ANYPOINT_CLIENT_SECRET: "y", PATH: "/bin", ANYPOINT_OTHER: "z" })).to.deep.equal({
            PATH: "/bin",
            ANYPOINT_OTHER: "z",
        });
    });

    it("the program declares a Store, a Partition, a Key and a KeyEntries on the given store id", () => {
        const text = lifecycleProgram("pulumi-conformance-0a1b2c3d-lifecycle");
        expect(text).to.contain('storeId: "pulumi-conformance-0a1b2c3d-lifecycle"');
        for (const kind of ["new Store(", "new Partition(", "new Key(", "new KeyEntries("]) expect(text).to.contain(kind);
    });
});

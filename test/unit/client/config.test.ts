import { expect } from "chai";
import { inspect } from "node:util";
import {
    clearClientCache,
    configureConnection,
    currentConnectionSettings,
    getClient,
    resetConnection,
    resolveConnectionSettings,
    settingsFor,
    type ConnectionSettings,
} from "../../../provider/config";
import { ObjectStoreConfigError } from "../../../provider/client";

/** A config source like the dynamic provider's req.config: keys are `anypoint:<key>`. */
function cfg(values: Record<string, string>): { get(key: string): string | undefined } {
    return {
        get: (key: string) => {
            expect(key.startsWith("anypoint:"), key).to.equal(true);
            return values[key.slice("anypoint:".length)];
        },
    };
}

const IDS = { organizationId: "org-c", environmentId: "env-c" };
const APP = { clientId: "cid", clientSecret: "csecret-123" };

function configError(fn: () => unknown): ObjectStoreConfigError {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(ObjectStoreConfigError);
        return e as ObjectStoreConfigError;
    }
    throw new Error("expected an ObjectStoreConfigError");
}

describe("connection config", () => {
    afterEach(() => {
        resetConnection();
        clearClientCache();
    });

    describe("sources and precedence", () => {
        it("reads everything from config with US defaults", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, ...APP }), {});
            expect(s.organizationId).to.equal("org-c");
            expect(s.environmentId).to.equal("env-c");
            expect(s.region).to.equal("us-east-1");
            expect(s.controlPlane).to.equal("US");
            expect(s.baseUrl).to.equal("https://object-store-us-east-1.anypoint.mulesoft.com");
            expect(s.authBaseUrl).to.equal("https://anypoint.mulesoft.com");
            expect(s.statsBaseUrl).to.equal("https://object-store-stats.anypoint.mulesoft.com");
            expect(s.credentials).to.deep.include({ kind: "connectedApp", clientId: "cid" });
            expect((s.credentials as { clientSecret: string }).clientSecret).to.equal("csecret-123");
            expect(s.origins).to.include({ organizationId: "config", clientId: "config", region: "default" });
        });

        it("falls back to ANYPOINT_* environment variables, including the ORG_ID / ENV_ID aliases", () => {
            const s = resolveConnectionSettings(undefined, {
                ANYPOINT_CLIENT_ID: "env-id",
                ANYPOINT_CLIENT_SECRET: "env-secret",
                ANYPOINT_ORG_ID: "org-e",
                ANYPOINT_ENV_ID: "env-e",
                ANYPOINT_REGION: "eu-west-1",
                ANYPOINT_CONTROL_PLANE: "eu",
            });
            expect(s).to.include({ organizationId: "org-e", environmentId: "env-e", region: "eu-west-1", controlPlane: "EU" });
            expect(s.baseUrl).to.equal("https://object-store-eu-west-1.eu1.anypoint.mulesoft.com");
            expect(s.authBaseUrl).to.equal("https://eu1.anypoint.mulesoft.com");
            expect(s.origins.organizationId).to.equal("env");
        });

        it("prefers the long env names over the aliases", () => {
            const s = resolveConnectionSettings(undefined, {
                ...{ ANYPOINT_ACCESS_TOKEN: "t0ken-xyz" },
                ANYPOINT_ORGANIZATION_ID: "long",
                ANYPOINT_ORG_ID: "short",
                ANYPOINT_ENVIRONMENT_ID: "long-e",
                ANYPOINT_ENV_ID: "short-e",
            });
            expect(s.organizationId).to.equal("long");
            expect(s.environmentId).to.equal("long-e");
        });

        it("config wins over env for every key", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, ...APP, region: "us-west-2" }), {
                ANYPOINT_ORGANIZATION_ID: "org-e",
                ANYPOINT_ENVIRONMENT_ID: "env-e",
                ANYPOINT_CLIENT_ID: "env-id",
                ANYPOINT_CLIENT_SECRET: "env-secret",
                ANYPOINT_REGION: "eu-west-1",
            });
            expect(s).to.include({ organizationId: "org-c", environmentId: "env-c", region: "us-west-2" });
            expect((s.credentials as { clientId: string }).clientId).to.equal("cid");
        });

        it("combines a pair across sources (id in config, secret in env)", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, clientId: "cid" }), { ANYPOINT_CLIENT_SECRET: "from-env" });
            expect((s.credentials as { clientSecret: string }).clientSecret).to.equal("from-env");
        });

        it("treats empty and blank values as unset", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, ...APP, organizationId: "  " }), { ANYPOINT_ORGANIZATION_ID: "org-e" });
            expect(s.organizationId).to.equal("org-e");
        });

        it("accepts a plain record with or without the namespace", () => {
            expect(resolveConnectionSettings({ "anypoint:accessToken": "tk-1", ...IDS }, {}).credentials.kind).to.equal("accessToken");
            expect(resolveConnectionSettings({ username: "u", password: "p", ...IDS }, {}).credentials.kind).to.equal("userLogin");
        });

        it("supports each credential kind", () => {
            expect(resolveConnectionSettings(cfg({ ...IDS, accessToken: "tk" }), {}).credentials).to.deep.include({ kind: "accessToken" });
            expect(resolveConnectionSettings(cfg({ ...IDS, username: "u", password: "p" }), {}).credentials).to.deep.include({
                kind: "userLogin",
                username: "u",
            });
            expect(resolveConnectionSettings(cfg({ ...IDS, ...APP }), {}).credentials).to.deep.include({
                kind: "connectedApp",
                clientId: "cid",
            });
        });
    });

    describe("missing and contradictory settings", () => {
        it("lists every problem at once when nothing is set", () => {
            const e = configError(() => resolveConnectionSettings(undefined, {}));
            expect(e.problems).to.have.length(3);
            expect(e.message).to.match(/^Anypoint Object Store connection settings are invalid \(3 problems\):/);
            for (const text of [
                "No credentials are set",
                "`pulumi config set anypoint:clientId <client-id>` or ANYPOINT_CLIENT_ID",
                "`pulumi config set --secret anypoint:clientSecret <client-secret>` or ANYPOINT_CLIENT_SECRET",
                "`pulumi config set --secret anypoint:accessToken <bearer-token>` or ANYPOINT_ACCESS_TOKEN",
                "`pulumi config set anypoint:username <username>` or ANYPOINT_USERNAME",
                "`pulumi config set --secret anypoint:password <password>` or ANYPOINT_PASSWORD",
                "anypoint:organizationId is not set: `pulumi config set anypoint:organizationId <organization-id>` or ANYPOINT_ORGANIZATION_ID / ANYPOINT_ORG_ID",
                "anypoint:environmentId is not set: `pulumi config set anypoint:environmentId <environment-id>` or ANYPOINT_ENVIRONMENT_ID / ANYPOINT_ENV_ID",
            ]) {
                expect(e.message).to.include(text);
            }
            expect(e.settings).to.include.members(["organizationId", "environmentId", "clientId", "accessToken", "username"]);
        });

        const halves: [Record<string, string>, string][] = [
            [{ clientId: "cid" }, "clientSecret"],
            [{ clientSecret: "s3cr3t-value" }, "clientId"],
            [{ username: "u" }, "password"],
            [{ password: "pw-value-1" }, "username"],
        ];
        for (const [given, missing] of halves) {
            it(`reports half a pair: ${Object.keys(given)[0]} without ${missing}`, () => {
                const e = configError(() => resolveConnectionSettings(cfg({ ...IDS, ...given }), {}));
                expect(e.problems).to.have.length(1);
                expect(e.settings).to.deep.equal([missing]);
                expect(e.message).to.include(`anypoint:${missing} is not`);
                expect(e.message).to.include(`anypoint:${Object.keys(given)[0]} (stack config) is set`);
                for (const v of Object.values(given)) if (v.length > 4) expect(e.message).to.not.include(v);
            });
        }

        it("reports two kinds of credentials in config", () => {
            const e = configError(() => resolveConnectionSettings(cfg({ ...IDS, ...APP, accessToken: "tok-zz-1" }), {}));
            expect(e.message).to.include("More than one kind of credentials is set");
            expect(e.message).to.include("a bearer token (anypoint:accessToken (stack config))");
            expect(e.message).to.include("a connected app (anypoint:clientId (stack config), anypoint:clientSecret (stack config))");
            expect(e.message).to.not.include("tok-zz-1");
            expect(e.message).to.not.include("csecret-123");
        });

        it("reports two kinds of credentials in the environment", () => {
            const e = configError(() =>
                resolveConnectionSettings(cfg(IDS), { ANYPOINT_USERNAME: "u", ANYPOINT_PASSWORD: "p", ANYPOINT_ACCESS_TOKEN: "t" }),
            );
            expect(e.message).to.include("ANYPOINT_ACCESS_TOKEN (environment)");
            expect(e.message).to.include("ANYPOINT_USERNAME (environment)");
        });

        it("config credentials win over another kind left in the environment", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, ...APP }), { ANYPOINT_ACCESS_TOKEN: "old-token" });
            expect(s.credentials.kind).to.equal("connectedApp");
        });

        it("a half pair in config still wins over a complete kind in the environment (and is reported)", () => {
            const e = configError(() => resolveConnectionSettings(cfg({ ...IDS, clientId: "cid" }), { ANYPOINT_ACCESS_TOKEN: "t" }));
            expect(e.settings).to.deep.equal(["clientSecret"]);
        });

        it("reports a bad control plane, an unknown region, bad URLs and a bad rate together with missing ids", () => {
            const e = configError(() =>
                resolveConnectionSettings(
                    cfg({ ...APP, controlPlane: "Mars", authBaseUrl: "not a url", statsBaseUrl: "ftp://x", requestsPerSecond: "-1" }),
                    { ANYPOINT_REGION: "xx-nowhere-9" },
                ),
            );
            const msgs = e.problems.map((p) => p.message);
            expect(msgs.some((m) => m.includes('"Mars", which is not a control plane; use one of US, EU, Gov, Canada, Japan'))).to.equal(
                true,
            );
            expect(
                msgs.some(
                    (m) => m.includes('no region "xx-nowhere-9" on the US control plane') && m.includes("ANYPOINT_REGION (environment)"),
                ),
            ).to.equal(true);
            expect(msgs.some((m) => m.includes('anypoint:authBaseUrl (stack config) is "not a url"'))).to.equal(true);
            expect(msgs.some((m) => m.includes("anypoint:statsBaseUrl"))).to.equal(true);
            expect(msgs.some((m) => m.includes("requestsPerSecond"))).to.equal(true);
            expect(e.settings).to.include.members(["organizationId", "environmentId"]);
            expect(e.problems).to.have.length(7);
        });

        it("explains a region that exists on another control plane", () => {
            const e = configError(() => resolveConnectionSettings(cfg({ ...IDS, ...APP, controlPlane: "EU", region: "us-east-1" }), {}));
            expect(e.message).to.include('"us-east-1" exists on the US control plane(s): set anypoint:controlPlane');
        });
    });

    describe("endpoints", () => {
        it("with baseUrl (emulator), auth and stats default to it and any region is accepted", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, ...APP, baseUrl: "http://127.0.0.1:8081/", region: "xx-local-1" }), {});
            expect(s.baseUrl).to.equal("http://127.0.0.1:8081");
            expect(s.authBaseUrl).to.equal("http://127.0.0.1:8081");
            expect(s.statsBaseUrl).to.equal("http://127.0.0.1:8081");
            expect(s.region).to.equal("xx-local-1");
        });

        it("explicit authBaseUrl and statsBaseUrl win", () => {
            const s = resolveConnectionSettings(
                cfg({ ...IDS, ...APP, baseUrl: "http://127.0.0.1:1", authBaseUrl: "http://auth:2", statsBaseUrl: "http://stats:3" }),
                {},
            );
            expect(s).to.include({ authBaseUrl: "http://auth:2", statsBaseUrl: "http://stats:3" });
        });

        it("Canada / Japan / Gov have no Stats API unless statsBaseUrl is set", () => {
            for (const [cp, region] of [
                ["Canada", "ca-central-1"],
                ["Japan", "ap-northeast-1"],
                ["Gov", "us-gov-west-1"],
            ]) {
                const s = resolveConnectionSettings(cfg({ ...IDS, ...APP, controlPlane: cp!, region: region! }), {});
                expect(s.statsBaseUrl).to.equal(null);
            }
            expect(
                resolveConnectionSettings(cfg({ ...IDS, ...APP, controlPlane: "Canada", region: "ca-central-1" }), {}).authBaseUrl,
            ).to.equal("https://ca1.platform.mulesoft.com");
        });

        it("parses requestsPerSecond", () => {
            expect(resolveConnectionSettings(cfg({ ...IDS, ...APP, requestsPerSecond: "100" }), {}).requestsPerSecond).to.equal(100);
            expect(resolveConnectionSettings(cfg({ ...IDS, ...APP }), { ANYPOINT_REQUESTS_PER_SECOND: "0" }).requestsPerSecond).to.equal(0);
        });

        it("parses retryBudgetSeconds from config or ANYPOINT_RETRY_BUDGET_SECONDS, and rejects a bad one naming both", () => {
            expect(resolveConnectionSettings(cfg({ ...IDS, ...APP, retryBudgetSeconds: "300" }), {}).retryBudgetSeconds).to.equal(300);
            const fromEnv = resolveConnectionSettings(cfg({ ...IDS, ...APP }), { ANYPOINT_RETRY_BUDGET_SECONDS: "30" });
            expect(fromEnv.retryBudgetSeconds).to.equal(30);
            expect(fromEnv.origins.retryBudgetSeconds).to.equal("env");
            expect(resolveConnectionSettings(cfg({ ...IDS, ...APP }), {}).retryBudgetSeconds).to.equal(undefined);
            const e = configError(() => resolveConnectionSettings(cfg({ ...IDS, ...APP, retryBudgetSeconds: "two minutes" }), {}));
            expect(e.settings).to.deep.equal(["retryBudgetSeconds"]);
            expect(e.message)
                .to.include('anypoint:retryBudgetSeconds (stack config) is "two minutes"')
                .and.include("ANYPOINT_RETRY_BUDGET_SECONDS");
        });
    });

    describe("settingsFor", () => {
        const base = (): ConnectionSettings => resolveConnectionSettings(cfg({ ...IDS, ...APP }), {});

        it("returns the base unchanged without overrides (empty strings ignored)", () => {
            const b = base();
            expect(settingsFor(b, {})).to.equal(b);
            expect(settingsFor(b, { region: "", organizationId: " " })).to.equal(b);
        });

        it("merges org/env/region and recomputes the regional host", () => {
            const s = settingsFor(base(), { organizationId: "o2", environmentId: "e2", region: "ap-southeast-2" });
            expect(s).to.include({ organizationId: "o2", environmentId: "e2", region: "ap-southeast-2" });
            expect(s.baseUrl).to.equal("https://object-store-ap-southeast-2.anypoint.mulesoft.com");
            expect(s.authBaseUrl).to.equal("https://anypoint.mulesoft.com");
            expect(s.origins).to.include({ organizationId: "override", region: "override", clientId: "config" });
            expect((s.credentials as { clientSecret: string }).clientSecret).to.equal("csecret-123");
        });

        it("keeps an overridden baseUrl whatever the region", () => {
            const b = resolveConnectionSettings(cfg({ ...IDS, ...APP, baseUrl: "http://127.0.0.1:9" }), {});
            expect(settingsFor(b, { region: "eu-west-1" }).baseUrl).to.equal("http://127.0.0.1:9");
        });

        it("rejects a region the control plane does not have", () => {
            const e = configError(() => settingsFor(base(), { region: "eu-north-9" }));
            expect(e.message).to.include("the resource's region argument");
        });
    });

    describe("safe to log", () => {
        const secrets = ["csecret-123", "tok-secret-77", "pw-secret-88"];
        it("settings and credentials never print secrets", () => {
            const kinds: Record<string, string>[] = [APP, { accessToken: "tok-secret-77" }, { username: "u", password: "pw-secret-88" }];
            for (const creds of kinds) {
                const s = resolveConnectionSettings(cfg({ ...IDS, ...creds }), {});
                const texts = [
                    JSON.stringify(s),
                    JSON.stringify({ ...s }),
                    JSON.stringify(s.credentials),
                    inspect(s, { depth: Infinity }),
                    inspect({ ...s }, { depth: Infinity }),
                    inspect(s.credentials, { showHidden: false }),
                    String(Object.keys(s.credentials)),
                    `${s.credentials}`,
                ];
                for (const t of texts) for (const x of secrets) expect(t).to.not.include(x);
                expect(JSON.stringify(s)).to.include("[REDACTED]");
            }
        });
    });

    describe("configureConnection / currentConnectionSettings / getClient", () => {
        it("uses the configured stack config and reads the environment at call time", () => {
            configureConnection(cfg({ ...APP, organizationId: "org-x" }));
            const env: NodeJS.ProcessEnv = {};
            expect(() => currentConnectionSettings(env)).to.throw(ObjectStoreConfigError, /environmentId/);
            env.ANYPOINT_ENVIRONMENT_ID = "env-late";
            expect(currentConnectionSettings(env)).to.include({ organizationId: "org-x", environmentId: "env-late" });
        });

        it("snapshots only anypoint:* keys and works from the environment alone when never configured", () => {
            const seen: string[] = [];
            configureConnection({ get: (k) => (seen.push(k), undefined) });
            expect(seen.every((k) => k.startsWith("anypoint:"))).to.equal(true);
            resetConnection();
            const s = currentConnectionSettings({ ANYPOINT_ACCESS_TOKEN: "t", ANYPOINT_ORG_ID: "o", ANYPOINT_ENV_ID: "e" });
            expect(s.credentials.kind).to.equal("accessToken");
        });

        it("caches one client per (baseUrl, org, env, credential)", () => {
            const s = resolveConnectionSettings(cfg({ ...IDS, ...APP, baseUrl: "http://127.0.0.1:7" }), {});
            const c1 = getClient(s);
            expect(getClient(resolveConnectionSettings(cfg({ ...IDS, ...APP, baseUrl: "http://127.0.0.1:7" }), {}))).to.equal(c1);
            expect(getClient(settingsFor(s, { environmentId: "other" }))).to.not.equal(c1);
            expect(
                getClient(
                    resolveConnectionSettings(cfg({ ...IDS, clientId: "cid", clientSecret: "rotated", baseUrl: "http://127.0.0.1:7" }), {}),
                ),
            ).to.not.equal(c1);
            expect(c1.baseUrl).to.equal("http://127.0.0.1:7");
            expect(c1.credentialIdentity).to.match(/^connectedApp:cid:/);
        });
    });
});

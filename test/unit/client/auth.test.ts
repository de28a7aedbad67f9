import { expect } from "chai";
import nock from "nock";
import {
    ObjectStoreApiError,
    ObjectStoreClient,
    connectedAppTokenSource,
    staticTokenSource,
    tokenFetchCount,
    tokenExpiry,
    userLoginTokenSource,
    type TokenSource,
} from "../../../provider/client";
import { clearClientCache, getClient, resolveConnectionSettings } from "../../../provider/config";
import { ENV, ORG, P, freshHost, useNock } from "./helpers";

const TOKEN_PATH = "/accounts/api/v2/oauth2/token";
const LOGIN_PATH = "/accounts/login";
const STORE = {
    storeId: "s",
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 60,
    defaultConfirmationTtlSeconds: 600,
    isFixedTtl: null,
    usageLimits: null,
};

function client(baseUrl: string, tokenSource: TokenSource): ObjectStoreClient {
    return new ObjectStoreClient({
        baseUrl,
        organizationId: ORG,
        environmentId: ENV,
        tokenSource,
        requestsPerSecond: 0,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
}

describe("token sources (nock)", () => {
    useNock();

    it("connected app: posts the client-credentials JSON and sends the bearer token", async () => {
        const host = freshHost();
        nock(host)
            .post(TOKEN_PATH, { client_id: "app-id", client_secret: "app-secret-value", grant_type: "client_credentials" })
            .matchHeader("content-type", /application\/json/)
            .reply(200, { access_token: "tok-A", token_type: "bearer" });
        nock(host).get(`${P}/stores/s`).matchHeader("authorization", "Bearer tok-A").reply(200, STORE);
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "app-id", clientSecret: "app-secret-value" });
        expect((await client(host, ts).getStore("s"))?.storeId).to.equal("s");
    });

    it("user login: posts username/password to /accounts/login", async () => {
        const host = freshHost();
        nock(host)
            .post(LOGIN_PATH, { username: "alice", password: "pw-value-123" })
            .reply(200, { access_token: "tok-U", expires_in: 3600, token_type: "bearer" });
        nock(host).get(`${P}/stores/s`).matchHeader("authorization", "Bearer tok-U").reply(200, STORE);
        const ts = userLoginTokenSource({ authBaseUrl: host, username: "alice", password: "pw-value-123" });
        expect((await client(host, ts).getStore("s"))?.storeId).to.equal("s");
    });

    it("makes one token request for 20 concurrent calls", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).once().delay(20).reply(200, { access_token: "tok-once" });
        nock(host).get(`${P}/stores/s`).times(20).matchHeader("authorization", "Bearer tok-once").reply(200, STORE);
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-1" });
        const c = client(host, ts);
        const results = await Promise.all(Array.from({ length: 20 }, () => c.getStore("s")));
        expect(results.every((r) => r?.storeId === "s")).to.equal(true);
        expect(tokenFetchCount(ts)).to.equal(1);
    });

    it("shares the token cache between sources and clients with the same credential", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).once().reply(200, { access_token: "tok-shared" });
        nock(host).get(`${P}/stores/s`).times(2).matchHeader("authorization", "Bearer tok-shared").reply(200, STORE);
        const a = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "same-secret" });
        const b = connectedAppTokenSource({ authBaseUrl: `${host}/`, clientId: "id", clientSecret: "same-secret" });
        expect(a.identity).to.equal(b.identity);
        await client(host, a).getStore("s");
        await client(host, b).getStore("s");
        expect(tokenFetchCount(b)).to.equal(1);
    });

    it("keeps separate tokens for different secrets of the same client id", () => {
        const host = freshHost();
        const a = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-one" });
        const b = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-two" });
        expect(a.identity).to.not.equal(b.identity);
        expect(a.identity).to.not.include("secret-one");
    });

    it("renews the token before it expires (60 s margin)", async () => {
        const host = freshHost();
        let now = 1_000_000;
        nock(host)
            .post(TOKEN_PATH)
            .reply(200, { access_token: "tok-1", expires_in: 300 })
            .post(TOKEN_PATH)
            .reply(200, { access_token: "tok-2", expires_in: 300 });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-exp", now: () => now });
        expect(await ts.getToken()).to.equal("tok-1");
        now += 239_000; // 61 s before expiry: still fine
        expect(await ts.getToken()).to.equal("tok-1");
        now += 2_000; // 59 s before expiry: renew
        expect(await ts.getToken()).to.equal("tok-2");
        expect(tokenFetchCount(ts)).to.equal(2);
        expect(tokenExpiry(ts)).to.deep.equal({ expiresAtMs: now + 300_000, assumed: false });
    });

    it("assumes 3600 s when expires_in is absent", async () => {
        const host = freshHost();
        let now = 0;
        nock(host).post(TOKEN_PATH).reply(200, { access_token: "tok-1" }).post(TOKEN_PATH).reply(200, { access_token: "tok-2" });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-noexp", now: () => now });
        expect(await ts.getToken()).to.equal("tok-1");
        now = 3_539_000;
        expect(await ts.getToken()).to.equal("tok-1");
        expect(tokenExpiry(ts)).to.deep.equal({ expiresAtMs: 3_600_000, assumed: true });
        now = 3_541_000;
        expect(await ts.getToken()).to.equal("tok-2");
    });

    it("renews once on a 401 from the data plane and retries the call", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).reply(200, { access_token: "old" }).post(TOKEN_PATH).reply(200, { access_token: "new" });
        nock(host).get(`${P}/stores/s`).matchHeader("authorization", "Bearer old").reply(401, { message: "token expired" });
        nock(host).get(`${P}/stores/s`).matchHeader("authorization", "Bearer new").reply(200, STORE);
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-401" });
        expect((await client(host, ts).getStore("s"))?.storeId).to.equal("s");
        expect(tokenFetchCount(ts)).to.equal(2);
    });

    it("fails after the one renewal when the new token is also rejected", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).reply(200, { access_token: "t1" }).post(TOKEN_PATH).reply(200, { access_token: "t2" });
        nock(host).get(`${P}/stores/s`).times(2).reply(401, { message: "invalid token" });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-401b" });
        const err = (await client(host, ts)
            .getStore("s")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.statusCode).to.equal(401);
        expect(err.message).to.include("rejected even after renewing");
        expect(tokenFetchCount(ts)).to.equal(2);
    });

    it("concurrent 401s share one renewal", async () => {
        const host = freshHost();
        nock(host)
            .post(TOKEN_PATH)
            .reply(200, { access_token: "stale" })
            .post(TOKEN_PATH)
            .once()
            .delay(10)
            .reply(200, { access_token: "fresh" });
        nock(host).get(`${P}/stores/s`).times(5).matchHeader("authorization", "Bearer stale").reply(401, { message: "expired" });
        nock(host).get(`${P}/stores/s`).times(5).matchHeader("authorization", "Bearer fresh").reply(200, STORE);
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-conc" });
        await ts.getToken();
        const c = client(host, ts);
        await Promise.all(Array.from({ length: 5 }, () => c.getStore("s")));
        expect(tokenFetchCount(ts)).to.equal(2);
    });

    it("a static token is not renewed: a 401 fails at once with advice", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s`).once().reply(401, { message: "expired" });
        const err = (await client(host, staticTokenSource("static-abc-123"))
            .getStore("s")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.statusCode).to.equal(401);
        expect(err.message).to.include("anypoint:accessToken");
    });

    it("reports rejected connected-app credentials with the settings to check, without the secret", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).reply(401, { error: "invalid_client", error_description: "bad client_secret=wrong-secret-42" });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "app-x", clientSecret: "wrong-secret-42" });
        const err = (await client(host, ts)
            .getStore("s")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.operation).to.equal("GetToken");
        expect(err.path).to.equal(TOKEN_PATH);
        expect(err.statusCode).to.equal(401);
        expect(err.message).to.include("anypoint:clientSecret");
        expect(err.message).to.not.include("wrong-secret-42");
    });

    it("reports a failed login with the MFA advice", async () => {
        const host = freshHost();
        nock(host).post(LOGIN_PATH).reply(401, { message: "Invalid credentials" });
        const ts = userLoginTokenSource({ authBaseUrl: host, username: "bob", password: "pw-zzz-999" });
        const err = (await ts.getToken().catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.operation).to.equal("Login");
        expect(err.message).to.include("multi-factor");
        expect(err.message).to.include("Invalid credentials");
    });

    it("retries the token request on 503 and rejects a response without access_token", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).reply(503).post(TOKEN_PATH).reply(200, { token_type: "bearer" });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-503", retry: { baseDelayMs: 1 } });
        const err = (await ts.getToken().catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err.message).to.include("no access_token");
    });

    it("a failed fetch is not cached: the next call tries again", async () => {
        const host = freshHost();
        nock(host).post(TOKEN_PATH).reply(400, { message: "nope" }).post(TOKEN_PATH).reply(200, { access_token: "ok" });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "id", clientSecret: "secret-retry" });
        await ts.getToken().catch(() => undefined);
        expect(await ts.getToken()).to.equal("ok");
    });

    it("a baseUrl with a path and no authBaseUrl: the token 404 says tokens went to baseUrl and that authBaseUrl is the fix", async () => {
        const host = freshHost();
        nock(host).post(`/osv2${TOKEN_PATH}`).reply(404, { message: "Not Found" });
        clearClientCache();
        const settings = resolveConnectionSettings(
            { organizationId: ORG, environmentId: ENV, clientId: "cid", clientSecret: "secret-path", baseUrl: `${host}/osv2` },
            {},
        );
        const err = (await getClient(settings)
            .getStore("s")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        clearClientCache();
        expect(err.operation).to.equal("GetToken");
        expect(err.message).to.include(
            `${host}/osv2 has no such token endpoint: anypoint:authBaseUrl is not set, so tokens are requested from anypoint:baseUrl.`,
        );
        expect(err.message).to.include("set anypoint:authBaseUrl (ANYPOINT_AUTH_BASE_URL) to the Anypoint Platform host");
    });

    it("an explicit authBaseUrl that has no token endpoint: the 404 names authBaseUrl and controlPlane", async () => {
        const host = freshHost();
        nock(host).post(`/auth${TOKEN_PATH}`).reply(404);
        const settings = resolveConnectionSettings(
            {
                organizationId: ORG,
                environmentId: ENV,
                clientId: "cid",
                clientSecret: "secret-auth",
                baseUrl: host,
                authBaseUrl: `${host}/auth`,
            },
            {},
        );
        const err = (await getClient(settings)
            .getStore("s")
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        clearClientCache();
        expect(err.message).to.include(`${host}/auth has no such token endpoint: check anypoint:authBaseUrl / anypoint:controlPlane.`);
    });
});

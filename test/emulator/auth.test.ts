import { expect } from "chai";
import { DEMO_CREDENTIALS } from "../../emulator";
import { Harness, ORG, OTHER_ENV, P, paths, request } from "./helpers";

describe("emulator auth", () => {
    describe("strict (default)", () => {
        let h: Harness;
        before(async () => {
            h = await Harness.start("memory", { tokenTtlSeconds: 120 });
        });
        after(async () => h.stop());
        beforeEach(async () => h.reset());

        it("issues connected-app tokens (JSON and form bodies) with token_type bearer and expires_in", async () => {
            const body = {
                client_id: DEMO_CREDENTIALS.clientId,
                client_secret: DEMO_CREDENTIALS.clientSecret,
                grant_type: "client_credentials",
            };
            const json = await request(h.url, "POST", "/accounts/api/v2/oauth2/token", { body });
            expect(json.status).to.equal(200);
            expect(json.json).to.have.keys("access_token", "token_type", "expires_in");
            expect(json.json.token_type).to.equal("bearer");
            expect(json.json.expires_in).to.equal(120);
            const form = await request(h.url, "POST", "/accounts/api/v2/oauth2/token", {
                rawBody: new URLSearchParams(body).toString(),
                contentType: "application/x-www-form-urlencoded",
            });
            expect(form.status).to.equal(200);
            expect((await h.call("GET", paths.stores(), { token: form.json.access_token })).status).to.equal(200);
        });

        it("rejects bad client credentials (401) and unsupported grant types (400) with the error body", async () => {
            const bad = await request(h.url, "POST", "/accounts/api/v2/oauth2/token", {
                body: { client_id: DEMO_CREDENTIALS.clientId, client_secret: "wrong", grant_type: "client_credentials" },
            });
            expect(bad.status).to.equal(401);
            expect(bad.json).to.deep.include({ status: 401, name: "Unauthorized" });
            const grant = await request(h.url, "POST", "/accounts/api/v2/oauth2/token", {
                body: { client_id: DEMO_CREDENTIALS.clientId, client_secret: DEMO_CREDENTIALS.clientSecret, grant_type: "password" },
            });
            expect(grant.status).to.equal(400);
            expect(grant.json.message).to.contain("grant_type");
            const missing = await request(h.url, "POST", "/accounts/api/v2/oauth2/token", { body: { client_id: "x" } });
            expect(missing.status).to.equal(400);
        });

        it("user login gives {access_token, expires_in, token_type}; wrong password is 401", async () => {
            const ok = await request(h.url, "POST", "/accounts/login", {
                body: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password },
            });
            expect(ok.status).to.equal(200);
            expect(ok.json).to.have.keys("access_token", "expires_in", "token_type");
            expect((await h.call("GET", paths.stores(), { token: ok.json.access_token })).status).to.equal(200);
            const bad = await request(h.url, "POST", "/accounts/login", {
                body: { username: DEMO_CREDENTIALS.username, password: "nope" },
            });
            expect(bad.status).to.equal(401);
            expect(bad.json.name).to.equal("Unauthorized");
        });

        it("data plane needs a bearer token: missing, malformed or unknown tokens are 401", async () => {
            for (const headers of [
                {} as Record<string, string>,
                { authorization: "Basic abc" },
                { authorization: "Bearer not-issued" },
                { authorization: "Bearer" },
            ]) {
                const res = await request(h.url, "GET", paths.stores(), { headers });
                expect(res.status, JSON.stringify(headers)).to.equal(401);
                expect(res.json).to.deep.include({ status: 401, name: "Unauthorized" });
            }
        });

        it("accepts the scheme in any case ('bearer', 'BEARER')", async () => {
            for (const scheme of ["bearer", "Bearer", "BEARER"]) {
                const res = await request(h.url, "GET", paths.stores(), { headers: { authorization: `${scheme} ${h.token}` } });
                expect(res.status, scheme).to.equal(200);
            }
        });

        it("a valid token for another organization, or an environment outside it, is 403", async () => {
            const otherOrg = await h.call(
                "GET",
                `/api/v1/organizations/00000000-0000-0000-0000-000000000000/environments/${OTHER_ENV}/stores`,
            );
            expect(otherOrg.status).to.equal(403);
            expect(otherOrg.json).to.deep.include({ status: 403, name: "Forbidden" });
            const otherEnv = await h.call("GET", `/api/v1/organizations/${ORG}/environments/not-an-env/stores`);
            expect(otherEnv.status).to.equal(403);
            expect((await h.call("GET", `/api/v1/organizations/${ORG}/environments/${OTHER_ENV}/stores`)).status).to.equal(200);
        });

        it("tokens expire after tokenTtlSeconds on the emulator clock", async () => {
            expect((await h.call("GET", paths.stores())).status).to.equal(200);
            await request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds: 121 } });
            const expired = await h.call("GET", paths.stores());
            expect(expired.status).to.equal(401);
            expect(expired.json.message).to.contain("expired");
        });

        it("regions need no token", async () => {
            const res = await request(h.url, "GET", `/api/v1/organizations/${ORG}/regions`);
            expect(res.status).to.equal(200);
            expect(res.json).to.be.an("array");
        });

        it("reset revokes tokens", async () => {
            const old = h.token;
            await h.reset();
            expect((await h.call("GET", paths.stores(), { token: old })).status).to.equal(401);
        });
    });

    describe("any", () => {
        let h: Harness;
        before(async () => {
            h = await Harness.start("memory", { auth: "any" });
        });
        after(async () => h.stop());

        it("accepts any non-empty bearer token for any org/env but still needs the header", async () => {
            const res = await request(h.url, "GET", "/api/v1/organizations/any-org/environments/any-env/stores", { token: "whatever" });
            expect(res.status).to.equal(200);
            expect((await request(h.url, "GET", paths.stores())).status).to.equal(401);
        });
    });

    describe("off", () => {
        let h: Harness;
        before(async () => {
            h = await Harness.start("memory", { auth: "off" });
        });
        after(async () => h.stop());

        it("needs no header at all", async () => {
            expect((await request(h.url, "PUT", `${P}/stores/s`)).status).to.equal(201);
            expect((await request(h.url, "GET", "/api/v1/organizations/o/environments/e/stores")).status).to.equal(200);
        });
    });
});

import { expect } from "chai";
import { DEMO_CREDENTIALS } from "../../emulator";
import { Harness, ORG, request } from "./helpers";

describe("emulator account endpoints and regions", () => {
    let h: Harness;
    before(async () => {
        h = await Harness.start("memory");
    });
    after(async () => h.stop());

    it("legacy per-app credentials (form-encoded) give {access_token: <uuid>, token_type: bearer} usable on the data plane", async () => {
        const res = await request(h.url, "POST", "/accounts/oauth2/token", {
            rawBody: `client_id=${DEMO_CREDENTIALS.legacyClientId}&client_secret=${DEMO_CREDENTIALS.legacyClientSecret}&grant_type=client_credentials`,
            contentType: "application/x-www-form-urlencoded",
        });
        expect(res.status).to.equal(200);
        expect(res.json).to.have.keys("access_token", "token_type");
        expect(res.json.access_token).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        const stores = await h.call("GET", `/api/v1/organizations/${ORG}/environments/${DEMO_CREDENTIALS.environmentId}/stores`, {
            token: res.json.access_token,
        });
        expect(stores.status).to.equal(200);
        const bad = await request(h.url, "POST", "/accounts/oauth2/token", {
            rawBody: `client_id=${DEMO_CREDENTIALS.clientId}&client_secret=${DEMO_CREDENTIALS.clientSecret}&grant_type=client_credentials`,
            contentType: "application/x-www-form-urlencoded",
        });
        expect(bad.status).to.equal(401);
    });

    it("GET /accounts/api/me describes the user of a user token and the client of an app token", async () => {
        const login = await request(h.url, "POST", "/accounts/login", {
            body: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password },
        });
        const me = await request(h.url, "GET", "/accounts/api/me", { token: login.json.access_token });
        expect(me.status).to.equal(200);
        expect(me.json.user).to.include({ username: DEMO_CREDENTIALS.username, organizationId: ORG });
        expect(me.json.user.organization).to.include({ id: ORG });
        expect(me.json.user.organization.name).to.be.a("string");
        const app = await request(h.url, "GET", "/accounts/api/me", { token: h.token });
        expect(app.status).to.equal(200);
        expect(app.json.client).to.include({ client_id: DEMO_CREDENTIALS.clientId });
        expect(app.json.organization).to.include({ id: ORG });
        expect((await request(h.url, "GET", "/accounts/api/me")).status).to.equal(401);
    });

    it("GET /accounts/api/organizations/{org}/environments lists both environments as data/total and environments", async () => {
        const res = await request(h.url, "GET", `/accounts/api/organizations/${ORG}/environments`, { token: h.token });
        expect(res.status).to.equal(200);
        expect(res.json.total).to.equal(2);
        expect(res.json.data).to.deep.equal(res.json.environments);
        expect(res.json.data.map((e: { id: string }) => e.id)).to.deep.equal([
            DEMO_CREDENTIALS.environmentId,
            DEMO_CREDENTIALS.otherEnvironmentId,
        ]);
        for (const e of res.json.data) {
            expect(e).to.have.keys("id", "name", "organizationId", "isProduction", "type");
            expect(e.organizationId).to.equal(ORG);
        }
        const other = await request(h.url, "GET", "/accounts/api/organizations/someone-else/environments", { token: h.token });
        expect(other.status).to.equal(403);
    });

    it("GET /accounts/api/organizations/{org} gives the organization's id, name and environments; another organization is 403", async () => {
        const res = await request(h.url, "GET", `/accounts/api/organizations/${ORG}`, { token: h.token });
        expect(res.status).to.equal(200);
        expect(res.json).to.include({ id: ORG, name: "OSv2 Emulator Demo Org" });
        expect(res.json.environments.map((e: { id: string }) => e.id)).to.deep.equal([
            DEMO_CREDENTIALS.environmentId,
            DEMO_CREDENTIALS.otherEnvironmentId,
        ]);
        expect((await request(h.url, "GET", "/accounts/api/organizations/someone-else", { token: h.token })).status).to.equal(403);
        expect((await request(h.url, "GET", `/accounts/api/organizations/${ORG}`)).status).to.equal(401);
    });

    it("GET regions is a bare array of the documented US control-plane regions", async () => {
        const res = await request(h.url, "GET", `/api/v1/organizations/${ORG}/regions`);
        expect(res.status).to.equal(200);
        expect(res.json).to.be.an("array").with.length(12);
        expect(res.json[0]).to.deep.equal({
            id: "us-east-1",
            name: "US East (N. Virginia)",
            url: "https://object-store-us-east-1.anypoint.mulesoft.com",
        });
        expect(res.json.map((r: { id: string }) => r.id)).to.include.members(["us-west-1", "eu-central-1", "sa-east-1", "ap-northeast-1"]);
    });
});

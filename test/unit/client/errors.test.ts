import { expect } from "chai";
import nock from "nock";
import { inspect } from "node:util";
import {
    ObjectStoreApiError,
    ObjectStoreClient,
    ObjectStoreConfigError,
    connectedAppTokenSource,
    isConflict,
    userLoginTokenSource,
} from "../../../provider/client";
import { redactText } from "../../../provider/client/errors";
import { ENV, ORG, P, freshHost, makeClient, netError, useNock } from "./helpers";

const CLIENT_SECRET = "cs-9f8e7d6c5b4a";
const PASSWORD = "pw-Hunter2-xyz";
const TOKEN = "eyJhbGciOi.tok-abc-123456";

/** Every way an error can end up in a log. */
function renderings(err: unknown): string[] {
    const e = err as Error;
    return [
        e.message,
        String(e.stack),
        String(e),
        JSON.stringify(e),
        inspect(e),
        inspect(e, { showHidden: true, depth: Infinity, getters: true }),
        inspect({ wrapped: e }, { showHidden: true, depth: Infinity }),
    ];
}

function expectNoSecrets(err: unknown, secrets: string[]): void {
    expect(err).to.be.instanceOf(Error);
    for (const text of renderings(err)) {
        for (const s of secrets) expect(text, `leaked ${s}`).to.not.include(s);
        expect(text).to.not.match(/authorization"?\s*:\s*"?bearer\s+[a-z0-9]/i);
    }
}

describe("errors (nock)", () => {
    useNock();

    it("formats the message as '<Op> <METHOD> <path> failed: <status> <reason>: <server message>. <advice>'", async () => {
        const host = freshHost();
        nock(host)
            .put(`${P}/stores/s`)
            .reply(409, { status: 409, name: "Conflict", message: "Store s already exists" }, { "x-request-id": "req-77" });
        const err = (await makeClient({ baseUrl: host })
            .putStore("s", {})
            .catch((e: unknown) => e)) as ObjectStoreApiError;
        expect(err).to.be.instanceOf(ObjectStoreApiError);
        expect(err.name).to.equal("ObjectStoreApiError");
        expect(err).to.include({
            statusCode: 409,
            operation: "PutStore",
            method: "PUT",
            path: `${P}/stores/s`,
            serverMessage: "Store s already exists",
            requestId: "req-77",
        });
        expect(err.message).to.equal(
            `PutStore PUT ${P}/stores/s failed: 409 Conflict: Store s already exists. It already exists. (request id req-77)`,
        );
        expect(isConflict(err)).to.equal(true);
        expect(err.statusCode).to.equal(409);
    });

    it("reads the server message from {message}, {error} or plain text", async () => {
        const host = freshHost();
        nock(host)
            .get(`${P}/stores/a`)
            .reply(400, { error: "bad thing" })
            .get(`${P}/stores/b`)
            .reply(400, "plain text failure")
            .get(`${P}/stores/c`)
            .reply(400, { status: 400, name: "InvalidParam" })
            .get(`${P}/stores/d`)
            .reply(400);
        const c = makeClient({ baseUrl: host });
        const msgs = [];
        for (const id of ["a", "b", "c", "d"])
            msgs.push(((await c.getStore(id).catch((e: unknown) => e)) as ObjectStoreApiError).serverMessage);
        expect(msgs).to.deep.equal(["bad thing", "plain text failure", "InvalidParam", undefined]);
    });

    it("never exposes the token, even when the server echoes it or the Authorization header", async () => {
        const host = freshHost();
        nock(host).post("/accounts/api/v2/oauth2/token").reply(200, { access_token: TOKEN });
        nock(host)
            .get(`${P}/stores/s`)
            .reply(403, { message: `Forbidden for Authorization: Bearer ${TOKEN} (token ${TOKEN})` });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "cid", clientSecret: CLIENT_SECRET });
        const c = new ObjectStoreClient({ baseUrl: host, organizationId: ORG, environmentId: ENV, tokenSource: ts, requestsPerSecond: 0 });
        const err = await c.getStore("s").catch((e: unknown) => e);
        expect((err as ObjectStoreApiError).statusCode).to.equal(403);
        expect((err as Error).message).to.include("[REDACTED]");
        expectNoSecrets(err, [TOKEN, "tok-abc-123456", CLIENT_SECRET]);
    });

    it("never exposes the client secret from a failed token request", async () => {
        const host = freshHost();
        nock(host)
            .post("/accounts/api/v2/oauth2/token")
            .reply(400, { error: "invalid_client", error_description: `client_secret ${CLIENT_SECRET} is wrong` });
        const ts = connectedAppTokenSource({ authBaseUrl: host, clientId: "cid", clientSecret: CLIENT_SECRET });
        const err = await makeClient({ baseUrl: host, tokenSource: ts })
            .getStore("s")
            .catch((e: unknown) => e);
        expect((err as ObjectStoreApiError).operation).to.equal("GetToken");
        expectNoSecrets(err, [CLIENT_SECRET]);
    });

    it("never exposes the password from a failed login, nor a token in a network error", async () => {
        const host = freshHost();
        nock(host).post("/accounts/login").reply(401, `{"message":"bad password ${PASSWORD}", "password": "${PASSWORD}"}`);
        const ts = userLoginTokenSource({ authBaseUrl: host, username: "u", password: PASSWORD });
        const err = await ts.getToken().catch((e: unknown) => e);
        expectNoSecrets(err, [PASSWORD]);

        nock(host).post("/accounts/login").reply(200, { access_token: TOKEN, expires_in: 3600 });
        nock(host)
            .get(`${P}/stores/s`)
            .times(2)
            .replyWithError(netError("ECONNRESET", `reset while sending Bearer ${TOKEN}`));
        const err2 = await makeClient({ baseUrl: host, tokenSource: ts, retry: { limit: 1 } })
            .getStore("s")
            .catch((e: unknown) => e);
        expect((err2 as ObjectStoreApiError).code).to.equal("ECONNRESET");
        expect((err2 as ObjectStoreApiError).statusCode).to.equal(undefined);
        expectNoSecrets(err2, [TOKEN, PASSWORD]);
    });

    it("does not keep got's request/response objects (which hold the headers)", async () => {
        const host = freshHost();
        nock(host).get(`${P}/stores/s`).reply(500, "x");
        const err = await makeClient({ baseUrl: host, retry: { limit: 0 } })
            .getStore("s")
            .catch((e: unknown) => e);
        const own = Object.getOwnPropertyNames(err);
        expect(own).to.not.include.members(["options", "request", "response", "cause", "timings"]);
        expect((err as { cause?: unknown }).cause).to.equal(undefined);
    });
});

describe("redactText", () => {
    it("removes given secrets, bearer tokens and credential fields", () => {
        expect(redactText("x SECRET1 y", ["SECRET1"])).to.equal("x [REDACTED] y");
        expect(redactText("Authorization: Bearer abc.def-ghi")).to.equal("Authorization: Bearer [REDACTED]");
        expect(redactText('{"access_token":"zzz","client_secret":"yyy","password":"p"}')).to.equal(
            '{"access_token":"[REDACTED]","client_secret":"[REDACTED]","password":"[REDACTED]"}',
        );
        expect(redactText("client_secret=abc&grant_type=client_credentials")).to.equal(
            'client_secret="[REDACTED]"&grant_type=client_credentials',
        );
        expect(redactText("nothing to hide")).to.equal("nothing to hide");
    });
});

describe("ObjectStoreConfigError", () => {
    it("numbers the problems and exposes the settings", () => {
        const e = new ObjectStoreConfigError([
            { settings: ["organizationId"], message: "org missing" },
            { settings: ["environmentId"], message: "env missing\nsecond line" },
        ]);
        expect(e.message).to.equal(
            "Anypoint Object Store connection settings are invalid (2 problems):\n  1. org missing\n  2. env missing\n     second line",
        );
        expect(e.settings).to.deep.equal(["organizationId", "environmentId"]);
        expect((JSON.parse(JSON.stringify(e)) as { problems: unknown[] }).problems).to.have.length(2);
    });
});

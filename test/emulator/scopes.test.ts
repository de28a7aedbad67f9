/**
 * Connected-app scopes in strict mode: every data-plane and Stats operation against the scope it
 * needs (emulator/permissions.ts), the limited app's environment restriction, the 403 body, and
 * that user logins and legacy app credentials keep full access. Over HTTP, as a client sees it.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS as D, OBJECT_STORE_SCOPES } from "../../emulator";
import { missingPermission, type ObjectStoreScope, type RequiredPermission } from "../../emulator/permissions";
import { Harness, ORG, request, type HttpResult } from "./helpers";

const SANDBOX = D.environmentId;
const PRODUCTION = D.otherEnvironmentId;
const STORE = "scoped-store";
const PARTITION = "p";
const KEY = "k";

// What each kind of operation needs, written out here (not taken from emulator/permissions.ts).
const VIEW_STORES: RequiredPermission = { anyOf: ["read:store", "manage:store", "manage:store_data"] };
const MANAGE_STORES: RequiredPermission = { anyOf: ["manage:store"] };
const MANAGE_STORE_DATA: RequiredPermission = { anyOf: ["manage:store_data"] };
const VIEW_METRICS: RequiredPermission = { anyOf: ["read:store_metrics"] };

const base = (env: string) => `/api/v1/organizations/${ORG}/environments/${env}`;
const store = (env: string, s = STORE) => `${base(env)}/stores/${s}`;
const partition = (env: string) => `${store(env)}/partitions/${PARTITION}`;
const key = (env: string, k = KEY) => `${partition(env)}/keys/${k}`;
const STATS_WINDOW = "startDate=2024-08-01T00%3A00%3A00.000Z&endDate=2024-08-02T00%3A00%3A00.000Z&period=1day";

/** One operation: its request in an environment, the permission it needs and its status when allowed. */
interface Operation {
    name: string;
    permission: RequiredPermission;
    method: string;
    path: (env: string) => string;
    body?: unknown;
    contentType?: string;
    allowedStatus: number;
}

const OPERATIONS: Operation[] = [
    { name: "ListStores", permission: VIEW_STORES, method: "GET", path: (e) => `${base(e)}/stores`, allowedStatus: 200 },
    { name: "GetStore", permission: VIEW_STORES, method: "GET", path: (e) => store(e), allowedStatus: 200 },
    { name: "PutStore", permission: MANAGE_STORES, method: "PUT", path: (e) => store(e, "new-store"), body: {}, allowedStatus: 201 },
    {
        name: "PatchStore",
        permission: MANAGE_STORES,
        method: "PATCH",
        path: (e) => store(e),
        body: { defaultTtlSeconds: 60 },
        allowedStatus: 200,
    },
    { name: "DeleteStore", permission: MANAGE_STORES, method: "DELETE", path: (e) => store(e), allowedStatus: 204 },
    { name: "ListPartitions", permission: MANAGE_STORE_DATA, method: "GET", path: (e) => `${store(e)}/partitions`, allowedStatus: 200 },
    {
        name: "DeleteAllPartitions",
        permission: MANAGE_STORE_DATA,
        method: "DELETE",
        path: (e) => `${store(e)}/partitions`,
        allowedStatus: 204,
    },
    { name: "HeadPartition", permission: MANAGE_STORE_DATA, method: "HEAD", path: partition, allowedStatus: 200 },
    { name: "ListValues", permission: MANAGE_STORE_DATA, method: "GET", path: partition, allowedStatus: 200 },
    { name: "DeletePartition", permission: MANAGE_STORE_DATA, method: "DELETE", path: partition, allowedStatus: 204 },
    { name: "ListKeys", permission: MANAGE_STORE_DATA, method: "GET", path: (e) => `${partition(e)}/keys`, allowedStatus: 200 },
    { name: "DeleteAllKeys", permission: MANAGE_STORE_DATA, method: "DELETE", path: (e) => `${partition(e)}/keys`, allowedStatus: 204 },
    { name: "GetKey", permission: MANAGE_STORE_DATA, method: "GET", path: (e) => key(e), allowedStatus: 200 },
    { name: "HeadKey", permission: MANAGE_STORE_DATA, method: "HEAD", path: (e) => key(e), allowedStatus: 200 },
    { name: "PutKey", permission: MANAGE_STORE_DATA, method: "PUT", path: (e) => key(e), body: { stringValue: "v2" }, allowedStatus: 200 },
    {
        name: "PostKey",
        permission: MANAGE_STORE_DATA,
        method: "POST",
        path: (e) => key(e, "new-key"),
        body: { stringValue: "v" },
        allowedStatus: 201,
    },
    {
        name: "NumberOperation",
        permission: MANAGE_STORE_DATA,
        method: "POST",
        path: (e) => key(e, "counter"),
        body: { operation: "INCREMENT" },
        contentType: "application/vnd.objectstore.v1.numberoperation+json",
        allowedStatus: 200,
    },
    { name: "DeleteKey", permission: MANAGE_STORE_DATA, method: "DELETE", path: (e) => key(e), allowedStatus: 204 },
    // Confirmation routes with an id nobody issued: 404 once past the permission check.
    {
        name: "AckConfirmation",
        permission: MANAGE_STORE_DATA,
        method: "POST",
        path: (e) => `${key(e)}/confirmations/none`,
        allowedStatus: 404,
    },
    {
        name: "NackConfirmation",
        permission: MANAGE_STORE_DATA,
        method: "DELETE",
        path: (e) => `${key(e)}/confirmations/none`,
        allowedStatus: 404,
    },
    {
        name: "ExtendConfirmation",
        permission: MANAGE_STORE_DATA,
        method: "PATCH",
        path: (e) => `${key(e)}/confirmations/none`,
        body: { ttlSeconds: 60 },
        allowedStatus: 404,
    },
    {
        name: "EnvironmentStats",
        permission: VIEW_METRICS,
        method: "GET",
        path: (e) => `${base(e)}?${STATS_WINDOW}`,
        allowedStatus: 200,
    },
    {
        name: "StoreStats",
        permission: VIEW_METRICS,
        method: "GET",
        path: (e) => `${base(e)}/regions/us-east-1/stores/${STORE}?${STATS_WINDOW}`,
        allowedStatus: 200,
    },
];

function label(scope: ObjectStoreScope): string {
    return `${OBJECT_STORE_SCOPES[scope]} (${scope})`;
}

/** The message the emulator gives when `permission` is missing in `env` for the limited app. */
function expectedMessage(permission: RequiredPermission, env: string): string {
    const needed = permission.anyOf.map(label);
    const what = needed.length === 1 ? needed[0] : `one of ${needed.join(", ")}`;
    const holds =
        env === PRODUCTION ? "Manage stores data (manage:store_data), View stores (read:store) there" : "no Object Store scope there";
    return `Missing permission: ${what} for environment ${env}. Connected app "${D.limitedClientId}" holds ${holds}.`;
}

async function clientToken(url: string, clientId: string, clientSecret: string): Promise<string> {
    const res = await request(url, "POST", "/accounts/api/v2/oauth2/token", {
        body: { client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" },
    });
    expect(res.status, res.text).to.equal(200);
    return res.json.access_token;
}

describe("emulator connected-app scopes (strict auth)", () => {
    let h: Harness;
    let limited: string;
    /** The emulator's stores, partitions, keys and pending confirmations (not its clock). */
    const state = async () => {
        const { stores, pendingConfirmations } = (await request(h.url, "GET", "/_emulator/state")).json;
        return JSON.stringify({ stores, pendingConfirmations });
    };

    before(async () => {
        h = await Harness.start("memory");
    });
    after(async () => h.stop());
    beforeEach(async () => {
        await h.reset();
        limited = await clientToken(h.url, D.limitedClientId, D.limitedClientSecret);
        // The same store, partition and key in both environments, made with the demo app.
        for (const env of [SANDBOX, PRODUCTION]) {
            expect((await h.call("PUT", store(env), { body: {} })).status).to.equal(201);
            expect((await h.call("PUT", key(env), { body: { stringValue: "v1" } })).status).to.equal(201);
        }
    });

    const send = (op: Operation, env: string, token: string): Promise<HttpResult> =>
        h.call(op.method, op.path(env), { token, body: op.body, contentType: op.contentType });

    for (const op of OPERATIONS) {
        const scopes = op.permission.anyOf.join(" | ");
        const limitedMay = op.permission.anyOf.some((s) => s === "read:store" || s === "manage:store_data");

        it(`${op.name} needs ${scopes}: the limited app ${limitedMay ? "may" : "may not"} on Production, may not on Sandbox`, async () => {
            const before = await state();
            const sandbox = await send(op, SANDBOX, limited);
            expect(sandbox.status, sandbox.text).to.equal(403);
            if (op.method !== "HEAD") expect(sandbox.json.message).to.equal(expectedMessage(op.permission, SANDBOX));

            const production = await send(op, PRODUCTION, limited);
            if (limitedMay) {
                expect(production.status, production.text).to.equal(op.allowedStatus);
            } else {
                expect(production.status, production.text).to.equal(403);
                expect(production.json.message).to.equal(expectedMessage(op.permission, PRODUCTION));
                expect(await state(), "a refused request changes nothing").to.equal(before);
            }
        });

        it(`${op.name}: the demo app (every scope on both environments) may in both`, async () => {
            for (const env of [SANDBOX, PRODUCTION]) {
                const res = await send(op, env, h.token);
                expect(res.status, `${env}: ${res.text}`).to.equal(op.allowedStatus);
            }
        });
    }

    it("a refused write is carried out nowhere: PutStore and PutKey on Sandbox leave the emulator as it was", async () => {
        const before = await state();
        expect((await h.call("PUT", store(SANDBOX, "sneaky"), { token: limited, body: {} })).status).to.equal(403);
        expect((await h.call("PUT", key(SANDBOX), { token: limited, body: { stringValue: "changed" } })).status).to.equal(403);
        expect(await state()).to.equal(before);
        expect((await h.call("GET", key(SANDBOX))).json.stringValue).to.equal("v1");
    });

    it("the 403 body is {status, name, message} and the journal records the refused request", async () => {
        const seq = h.emulator.lastRequestSeq();
        const res = await h.call("PUT", store(PRODUCTION, "x"), { token: limited, body: {} });
        expect(res.status).to.equal(403);
        expect(res.headers.get("content-type")).to.match(/^application\/json/);
        expect(res.json).to.deep.equal({
            status: 403,
            name: "Forbidden",
            message: `Missing permission: Manage stores (manage:store) for environment ${PRODUCTION}. Connected app "${D.limitedClientId}" holds Manage stores data (manage:store_data), View stores (read:store) there.`,
        });
        const journal = h.emulator.requests(seq).filter((r) => r.url.includes("/stores/x"));
        expect(journal.map((r) => [r.method, r.status])).to.deep.equal([["PUT", 403]]);
    });

    it("organization-level stats need Store Metrics Viewer on every environment of the organization", async () => {
        const path = `/api/v1/organizations/${ORG}?${STATS_WINDOW}`;
        expect((await h.call("GET", path)).status).to.equal(200);
        const res = await h.call("GET", path, { token: limited });
        expect(res.status).to.equal(403);
        expect(res.json.message).to.equal(expectedMessage(VIEW_METRICS, SANDBOX));
    });

    it("regions need no scope", async () => {
        expect((await h.call("GET", `/api/v1/organizations/${ORG}/regions`, { token: limited })).status).to.equal(200);
    });

    it("the limited app's credentials are checked like any other (wrong secret: 401)", async () => {
        const res = await request(h.url, "POST", "/accounts/api/v2/oauth2/token", {
            body: { client_id: D.limitedClientId, client_secret: D.clientSecret, grant_type: "client_credentials" },
        });
        expect(res.status).to.equal(401);
    });

    it("GET /accounts/api/me names the limited app and its organization", async () => {
        const me = await request(h.url, "GET", "/accounts/api/me", { token: limited });
        expect(me.status).to.equal(200);
        expect(me.json.client).to.include({ client_id: D.limitedClientId, org_id: ORG, type: "connected-app" });
        expect(me.json.organization).to.include({ id: ORG });
    });

    it("user logins and legacy app credentials keep full access: store writes and stats in both environments", async () => {
        const login = await request(h.url, "POST", "/accounts/login", { body: { username: D.username, password: D.password } });
        const legacy = await request(h.url, "POST", "/accounts/oauth2/token", {
            rawBody: `client_id=${D.legacyClientId}&client_secret=${D.legacyClientSecret}&grant_type=client_credentials`,
            contentType: "application/x-www-form-urlencoded",
        });
        for (const token of [login.json.access_token as string, legacy.json.access_token as string]) {
            for (const env of [SANDBOX, PRODUCTION]) {
                expect((await h.call("PATCH", store(env), { token, body: { defaultTtlSeconds: 120 } })).status).to.equal(200);
                expect((await h.call("GET", `${base(env)}?${STATS_WINDOW}`, { token })).status).to.equal(200);
            }
        }
    });

    describe("in auth mode any", () => {
        let any: Harness;
        before(async () => {
            any = await Harness.start("memory", { auth: "any" });
        });
        after(async () => any.stop());

        it("scopes are not checked (the limited app may create a store on Sandbox)", async () => {
            const token = await clientToken(any.url, D.limitedClientId, D.limitedClientSecret);
            expect((await any.call("PUT", store(SANDBOX), { token, body: {} })).status).to.equal(201);
        });
    });
});

describe("emulator permissions: any one of the listed scopes is enough", () => {
    const grants = (scopes: ObjectStoreScope[]) => new Map([[PRODUCTION, new Set(scopes)]]);

    it("View stores, Manage stores or Manage stores data each allow reading stores", () => {
        for (const scope of ["read:store", "manage:store", "manage:store_data"] as const) {
            expect(missingPermission(grants([scope]), VIEW_STORES, [PRODUCTION], "app"), scope).to.equal(undefined);
        }
        expect(missingPermission(grants(["read:store_metrics"]), VIEW_STORES, [PRODUCTION], "app")).to.equal(
            `Missing permission: one of View stores (read:store), Manage stores (manage:store), Manage stores data (manage:store_data) for environment ${PRODUCTION}. Connected app "app" holds Store Metrics Viewer (read:store_metrics) there.`,
        );
    });

    it("Manage stores does not allow data operations, Manage stores data does not allow store writes", () => {
        expect(missingPermission(grants(["manage:store"]), MANAGE_STORE_DATA, [PRODUCTION], "app")).to.match(
            /^Missing permission: Manage stores data \(manage:store_data\) for environment /,
        );
        expect(missingPermission(grants(["manage:store_data"]), MANAGE_STORES, [PRODUCTION], "app")).to.match(
            /^Missing permission: Manage stores \(manage:store\) for environment /,
        );
    });

    it("every listed environment must hold it (the first one lacking it is named)", () => {
        expect(missingPermission(grants(["read:store_metrics"]), VIEW_METRICS, [PRODUCTION, SANDBOX], "app")).to.equal(
            `Missing permission: Store Metrics Viewer (read:store_metrics) for environment ${SANDBOX}. Connected app "app" holds no Object Store scope there.`,
        );
    });
});

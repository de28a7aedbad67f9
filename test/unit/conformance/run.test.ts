/**
 * A conformance run against recorded answers (nock): a differing answer makes the report say
 * "differs" with the right detail and no secret, and the scratch store is deleted after a failing
 * probe, after a probe with no answer, and after an interrupt; the run refuses an existing scratch
 * store; --cleanup deletes only stores of earlier runs.
 */
import { expect } from "chai";
import nock from "nock";
import { resolveConnectionSettings, clearClientCache } from "../../../provider/config";
import { PROBES } from "../../../provider/conformance/probes";
import { passed, renderMarkdown } from "../../../provider/conformance/report";
import { ConformanceRefused, cleanupEarlierRuns, isScratchStoreOf, runConformance } from "../../../provider/conformance/run";
import type { Probe } from "../../../provider/conformance/spec";
import { ENV, ORG, P, freshHost, netError, useNock } from "../client/helpers";

const SCRATCH = "pulumi-conformance-abcd1234";
const STATIC_TOKEN = "static-token-value-xyz";

function probes(...ids: string[]): Probe[] {
    return ids.map((id) => PROBES.find((p) => p.id === id)!);
}

function settingsFor(host: string, extra: Record<string, string> = {}) {
    return resolveConnectionSettings(
        {
            "anypoint:baseUrl": host,
            "anypoint:organizationId": ORG,
            "anypoint:environmentId": ENV,
            "anypoint:requestsPerSecond": "0",
            ...(extra["anypoint:clientId"] ? {} : { "anypoint:accessToken": STATIC_TOKEN }),
            ...extra,
        },
        {},
    );
}

const STORE_PATH = `${P}/stores/${SCRATCH}`;
const CREATED = {
    storeId: SCRATCH,
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 3600,
    defaultConfirmationTtlSeconds: 300,
    isFixedTtl: true,
    usageLimits: null,
};

/** The preflight: neither the scratch store nor its lifecycle store exists. */
function preflight(scope: nock.Scope): nock.Scope {
    return scope.get(STORE_PATH).reply(404, { message: "no" }).get(`${STORE_PATH}-lifecycle`).reply(404, { message: "no" });
}

/** store-create-put answered as the emulator answers it, and the run's check that the store exists. */
function storeCreated(scope: nock.Scope): nock.Scope {
    return scope.put(STORE_PATH).reply(201, CREATED).get(STORE_PATH).reply(200, CREATED);
}

/** The final cleanup: the listing by prefix, then a DELETE of each store of the run. */
function cleanup(scope: nock.Scope, listed: string[] = [SCRATCH]): nock.Scope {
    scope
        .get(`${P}/stores`)
        .query({ beginsWith: SCRATCH })
        .reply(200, { values: listed.map((storeId) => ({ storeId })), nextPageToken: null });
    scope.delete(STORE_PATH).reply(204);
    scope.delete(`${STORE_PATH}-lifecycle`).reply(404, { message: "no" });
    return scope;
}

describe("conformance run (nock)", () => {
    useNock();
    beforeEach(() => clearClientCache());

    it("a POST that overwrites an existing key: the report says differs at that answer, the scratch store is deleted afterwards", async () => {
        const host = freshHost();
        const keyPath = `${STORE_PATH}/partitions/key-post-existing/keys/k`;
        const scope = nock(host).matchHeader("authorization", `Bearer ${STATIC_TOKEN}`);
        preflight(scope);
        storeCreated(scope);
        scope
            .post(keyPath, { keyId: "k", valueType: "STRING", stringValue: "first" })
            .reply(201, { keyId: "k", valueType: "STRING", stringValue: "first" })
            .post(keyPath, { keyId: "k", valueType: "STRING", stringValue: "second" })
            .reply(200, { keyId: "k", valueType: "STRING", stringValue: "second" })
            .get(keyPath)
            .reply(200, { keyId: "k", valueType: "STRING", stringValue: "second" });
        cleanup(scope);
        const report = await runConformance({
            settings: settingsFor(host),
            settingsFrom: "test",
            scratchStoreId: SCRATCH,
            probes: probes("store-create-put", "key-post-existing-409"),
            lifecycle: false,
        });
        expect(report.probes.map((p) => [p.id, p.result])).to.deep.equal([
            ["store-create-put", "held"],
            ["key-post-existing-409", "differs"],
        ]);
        const p = report.probes[1]!;
        expect(p.detail).to.equal("POST of the same key again answered 200; expected 409.");
        expect(p.answer).to.deep.equal({ status: 200, body: '{"keyId":"k","valueType":"STRING","stringValue":"second"}' });
        expect(p.requests.map((r) => `${r.method} ${r.target} ${r.status}`)).to.deep.equal([
            `POST /api/v1/organizations/{org}/environments/{env}/stores/${SCRATCH}/partitions/key-post-existing/keys/k 201`,
            `POST /api/v1/organizations/{org}/environments/{env}/stores/${SCRATCH}/partitions/key-post-existing/keys/k 200`,
            `GET /api/v1/organizations/{org}/environments/{env}/stores/${SCRATCH}/partitions/key-post-existing/keys/k 200`,
        ]);
        expect(report.cleanup).to.deep.equal({ deleted: [SCRATCH], leftovers: [] });
        expect(report.summary).to.deep.equal({ held: 1, differs: 1, skipped: 0, notRun: 0 });
        expect(passed(report)).to.equal(false);
        // preflight 2 + create 2 + probe 3 + cleanup 3
        expect(report.requests.probes).to.equal(10);
        const md = renderMarkdown(report);
        expect(md).to.contain("#### `key-post-existing-409` (inferred;");
        expect(md).to.contain('- Answer: 200, body `{"keyId":"k","valueType":"STRING","stringValue":"second"}`');
        expect(md).to.not.contain(ORG);
        expect(JSON.stringify(report)).to.not.contain(STATIC_TOKEN);
    });

    it("a probe that gets no answer differs with the network error, and cleanup still deletes the scratch store", async () => {
        const host = freshHost();
        const scope = nock(host);
        preflight(scope);
        storeCreated(scope);
        scope.post(`${STORE_PATH}/partitions/key-post/keys/k1`).replyWithError(netError("ECONNRESET", "socket hang up"));
        cleanup(scope);
        const report = await runConformance({
            settings: settingsFor(host),
            settingsFrom: "test",
            scratchStoreId: SCRATCH,
            probes: probes("store-create-put", "key-post-create-201"),
            lifecycle: false,
        });
        expect(report.probes[1]).to.deep.include({
            result: "differs",
            detail: "POST of a new key answered no answer (ECONNRESET); expected 201.",
        });
        expect(report.probes[1]!.answer).to.deep.include({ status: 0, error: "ECONNRESET" });
        expect(report.cleanup.deleted).to.deep.equal([SCRATCH]);
    });

    it("when the store cannot be created, the probes that need it are not run, and the run fails", async () => {
        const host = freshHost();
        const scope = nock(host);
        preflight(scope);
        scope
            .put(STORE_PATH)
            .reply(400, { message: "Unrecognized field isFixedTtl" })
            .get(STORE_PATH)
            .reply(404, { message: "no" })
            .put(STORE_PATH)
            .reply(403, { message: "no" });
        scope.get(`/api/v1/organizations/${ORG}/regions`).reply(200, [{ id: "us-east-1", name: "US East" }]);
        scope.get(`${P}/stores`).query({ beginsWith: SCRATCH }).reply(200, { values: [], nextPageToken: null });
        scope.delete(STORE_PATH).reply(404, {}).delete(`${STORE_PATH}-lifecycle`).reply(404, {});
        const report = await runConformance({
            settings: settingsFor(host),
            settingsFrom: "test",
            scratchStoreId: SCRATCH,
            probes: probes("store-create-put", "store-shape", "regions-listing"),
            lifecycle: false,
        });
        expect(report.probes.map((p) => p.result)).to.deep.equal(["differs", "not run", "held"]);
        expect(report.probes[0]!.answer).to.deep.equal({ status: 400, body: '{"message":"Unrecognized field isFixedTtl"}' });
        expect(passed(report)).to.equal(false);
    });

    it("an interrupt stops the probe in flight, leaves the rest not run, and cleanup still deletes the scratch store", async () => {
        const host = freshHost();
        const scope = nock(host);
        preflight(scope);
        storeCreated(scope);
        scope.post(`${STORE_PATH}/partitions/key-post/keys/k1`).delay(5_000).reply(201, {});
        cleanup(scope);
        const controller = new AbortController();
        const progress: string[] = [];
        const run = runConformance({
            settings: settingsFor(host),
            settingsFrom: "test",
            scratchStoreId: SCRATCH,
            probes: probes("store-create-put", "key-post-create-201", "key-get-missing-404"),
            signal: controller.signal,
            onProgress: (line) => {
                progress.push(line);
                if (line.includes("store-create-put")) setTimeout(() => controller.abort(), 100);
            },
        });
        const report = await run;
        expect(report.interrupted).to.equal(true);
        expect(report.probes.map((p) => [p.id, p.result, p.detail])).to.deep.equal([
            ["store-create-put", "held", "201 with the settings sent."],
            ["key-post-create-201", "not run", "interrupted"],
            ["key-get-missing-404", "not run", "interrupted"],
        ]);
        expect(report.lifecycle).to.deep.include({ result: "not run", reason: "interrupted" });
        expect(report.cleanup.deleted).to.deep.equal([SCRATCH]);
        expect(progress[progress.length - 1]).to.match(/^cleanup: nothing of this run is left/);
        expect(passed(report)).to.equal(false);
    });

    it("a store restored after a probe: restore steps run even when the probe differs", async () => {
        const host = freshHost();
        const scope = nock(host);
        preflight(scope);
        storeCreated(scope);
        scope
            .patch(STORE_PATH, { usageLimits: { maxKeys: 1000, maxSizeBytes: 1_048_576, enforcement: "WARN" } })
            .reply(400, { message: "Unrecognized field usageLimits" })
            .get(STORE_PATH)
            .reply(200, CREATED)
            .patch(STORE_PATH, { usageLimits: null })
            .reply(400, { message: "Unrecognized field usageLimits" });
        cleanup(scope);
        const report = await runConformance({
            settings: settingsFor(host),
            settingsFrom: "test",
            scratchStoreId: SCRATCH,
            probes: probes("store-create-put", "store-usage-limits-field"),
            lifecycle: false,
        });
        expect(report.probes[1]).to.deep.include({ result: "differs", detail: "PATCH of usageLimits answered 400; expected 200." });
        expect(report.probes[1]!.requests.map((r) => `${r.method} ${r.status}`)).to.deep.equal(["PATCH 400", "GET 200", "PATCH 400"]);
    });

    it("refuses to run when the scratch store exists, and writes nothing", async () => {
        const host = freshHost();
        nock(host).get(STORE_PATH).reply(200, CREATED);
        let error: unknown;
        try {
            await runConformance({ settings: settingsFor(host), settingsFrom: "test", scratchStoreId: SCRATCH, lifecycle: false });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConformanceRefused);
        expect((error as Error).message).to.contain(`Store '${SCRATCH}' already exists in this environment`);
    });

    it("the token probe: an answer without expires_in differs; neither the run's nor the probe's token nor the secret reach the report", async () => {
        const host = freshHost();
        const scope = nock(host);
        scope
            .post("/accounts/api/v2/oauth2/token", {
                client_id: "app-id",
                client_secret: "app-secret-value-123",
                grant_type: "client_credentials",
            })
            .reply(200, { access_token: "run-token-value-1", token_type: "bearer", expires_in: 3600 });
        preflight(scope);
        scope
            .post("/accounts/api/v2/oauth2/token", {
                client_id: "app-id",
                client_secret: "app-secret-value-123",
                grant_type: "client_credentials",
            })
            .reply(200, { access_token: "probe-token-value-2", token_type: "bearer" });
        scope.get(`${P}/stores`).query({ beginsWith: SCRATCH }).reply(200, { values: [], nextPageToken: null });
        scope.delete(STORE_PATH).reply(404, {}).delete(`${STORE_PATH}-lifecycle`).reply(404, {});
        const report = await runConformance({
            settings: settingsFor(host, { "anypoint:clientId": "app-id", "anypoint:clientSecret": "app-secret-value-123" }),
            settingsFrom: "test",
            scratchStoreId: SCRATCH,
            probes: probes("token-response"),
            lifecycle: false,
        });
        expect(report.probes[0]).to.deep.include({
            result: "differs",
            detail: 'The answer has access_token (a string), token_type: "bearer".',
        });
        const text = JSON.stringify(report) + renderMarkdown(report);
        for (const secret of ["run-token-value-1", "probe-token-value-2", "app-secret-value-123"]) expect(text).to.not.contain(secret);
        expect(report.probes[0]!.answer!.body).to.contain("[REDACTED]");
    });

    it("--cleanup deletes the scratch stores of earlier runs and nothing else", async () => {
        const host = freshHost();
        const ids = [
            "pulumi-conformance-0a1b2c3d",
            "pulumi-conformance-0a1b2c3d-lifecycle",
            "pulumi-conformance-prod",
            "pulumi-conformance-0A1B2C3D",
            "pulumi-conformance-0a1b2c3d4",
        ];
        nock(host)
            .get(`${P}/stores`)
            .query({ beginsWith: "pulumi-conformance-" })
            .reply(200, { values: ids.slice(0, 3).map((storeId) => ({ storeId })), nextPageToken: "page-2" })
            .get(`${P}/stores`)
            .query({ beginsWith: "pulumi-conformance-", nextPageToken: "page-2" })
            .reply(200, { values: ids.slice(3).map((storeId) => ({ storeId })), nextPageToken: null })
            .delete(`${P}/stores/pulumi-conformance-0a1b2c3d`)
            .reply(204)
            .delete(`${P}/stores/pulumi-conformance-0a1b2c3d-lifecycle`)
            .reply(403, { message: "Missing permission: Manage stores (manage:store)" });
        const r = await cleanupEarlierRuns(settingsFor(host));
        expect(r.deleted).to.deep.equal(["pulumi-conformance-0a1b2c3d"]);
        expect(r.leftovers).to.deep.equal([{ storeId: "pulumi-conformance-0a1b2c3d-lifecycle", status: 403 }]);
    });

    it("isScratchStoreOf: <prefix>-<8 lowercase letters or digits>[-…] only", () => {
        expect(isScratchStoreOf("pulumi-conformance", "pulumi-conformance-0a1b2c3d")).to.equal(true);
        expect(isScratchStoreOf("pulumi-conformance", "pulumi-conformance-0a1b2c3d-lifecycle")).to.equal(true);
        expect(isScratchStoreOf("pulumi-conformance", "pulumi-conformance-prod")).to.equal(false);
        expect(isScratchStoreOf("a.b", "axb-0a1b2c3d")).to.equal(false);
    });
});

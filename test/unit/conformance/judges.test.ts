/**
 * The probe list and its judges, fed recorded answers (no network): answers that differ from the
 * emulator's guesses give "differs" with the right detail and the answer that shows it; the list
 * covers every numbered item of README "Differences from Anypoint OSv2".
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { NOT_PROBED, PROBES } from "../../../provider/conformance/probes";
import type { Answer, Probe, ProbeScope, Verdict } from "../../../provider/conformance/spec";
import { REPO_ROOT } from "../../support/repo";

const SCOPE: ProbeScope = {
    storeId: "pulumi-conformance-abcd1234",
    organizationId: "org-1",
    environmentId: "env-1",
    region: "us-east-1",
    credentialKind: "connectedApp",
    hasStats: true,
    baseUrlOverridden: true,
    nowMs: Date.parse("2026-01-01T00:00:00Z"),
};

function probe(id: string): Probe {
    const p = PROBES.find((x) => x.id === id);
    if (!p) throw new Error(`no probe ${id}`);
    return p;
}

const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): Answer => ({ status, headers, body });

function judge(id: string, answers: Answer[]): Verdict {
    return probe(id).judge(answers, SCOPE);
}

function differs(v: Verdict): Extract<Verdict, { held: false }> {
    expect(v.held, JSON.stringify(v)).to.equal(false);
    return v as Extract<Verdict, { held: false }>;
}

const STORE = {
    storeId: SCOPE.storeId,
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: 3600,
    defaultConfirmationTtlSeconds: 300,
    isFixedTtl: true,
    usageLimits: null,
};

describe("conformance probes: the list", () => {
    it("has unique ids, a source label each, and an assumption, a reference and what the provider relies on", () => {
        const ids = PROBES.map((p) => p.id);
        expect(new Set(ids).size).to.equal(ids.length);
        for (const p of PROBES) {
            expect(["documented", "inferred", "emulator guess"], p.id).to.include(p.source);
            expect(p.assumption, p.id).to.match(/\.$/);
            expect(p.ref, p.id).to.not.equal("");
            expect(p.relies, p.id).to.not.equal("");
            expect(p.steps.length, p.id).to.be.greaterThan(0);
        }
    });

    it("names every numbered item of README 'Differences from Anypoint OSv2' in a probe or a not-probed line", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const section = readme.slice(
            readme.indexOf("### Differences from Anypoint OSv2"),
            readme.indexOf("\n## Troubleshooting", readme.indexOf("### Differences from Anypoint OSv2")),
        );
        const items = [...section.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]));
        expect(items.length).to.be.greaterThan(20);
        const covered = new Set<number>();
        for (const ref of [...PROBES.map((p) => p.ref), ...NOT_PROBED.map((n) => n.ref)]) {
            for (const m of ref.matchAll(/Differences ((?:\d+(?:, )?)+)/g)) for (const n of m[1].split(", ")) covered.add(Number(n));
        }
        expect(items.filter((n) => !covered.has(n))).to.deep.equal([]);
    });

    it("writes only into the scratch store: every write's path is under the scratch store", () => {
        const answers: Answer[] = Array.from({ length: 40 }, () => answer(200, { values: [], nextPageToken: "t", confirmationId: "c" }));
        for (const p of PROBES) {
            for (const step of [...p.steps, ...(p.restore ?? [])]) {
                const spec = step(SCOPE, answers);
                if (!spec || "waitMs" in spec || spec.method === "GET" || spec.method === "HEAD") continue;
                if (spec.host === "auth") continue; // the token request
                expect(spec.path, p.id).to.match(new RegExp(`/stores/${SCOPE.storeId}(?:[-/]|$)`));
            }
        }
    });
});

describe("conformance probes: judges over recorded answers", () => {
    it("store-create-put: a 200, or a store that does not hold a setting sent, differs", () => {
        expect(judge("store-create-put", [answer(201, STORE)]).held).to.equal(true);
        const status = differs(judge("store-create-put", [answer(200, STORE)]));
        expect(status.detail).to.equal("PUT of a new store answered 200; expected 201.");
        expect(status.answer).to.equal(0);
        const ignored = differs(
            judge("store-create-put", [answer(201, { ...STORE, isFixedTtl: null, defaultConfirmationTtlSeconds: 600 })]),
        );
        expect(ignored.detail).to.equal(
            "The store in the answer holds defaultConfirmationTtlSeconds 600, isFixedTtl null; sent defaultConfirmationTtlSeconds 300, isFixedTtl true.",
        );
    });

    it("store-usage-limits-field: a service that ignores usageLimits differs, naming what it reads", () => {
        const v = differs(judge("store-usage-limits-field", [answer(200, STORE), answer(200, STORE)]));
        expect(v.detail).to.contain("The store reads usageLimits null after PATCHing");
        expect(v.answer).to.equal(1);
    });

    it("key-post-existing-409: a POST that overwrites differs at the second POST", () => {
        const v = differs(
            judge("key-post-existing-409", [
                answer(201, { keyId: "k", valueType: "STRING", stringValue: "first" }),
                answer(200, { keyId: "k", valueType: "STRING", stringValue: "second" }),
                answer(200, { keyId: "k", valueType: "STRING", stringValue: "second" }),
            ]),
        );
        expect(v.detail).to.equal("POST of the same key again answered 200; expected 409.");
        expect(v.answer).to.equal(1);
        // 409 but the value was overwritten anyway
        const overwritten = differs(
            judge("key-post-existing-409", [answer(201), answer(409, { message: "exists" }), answer(200, { stringValue: "second" })]),
        );
        expect(overwritten.detail).to.equal('The key holds "second" after the second POST (was "first").');
    });

    it("store-patch-partial: a 204 without a body differs (the provider decodes the answer as the store)", () => {
        const v = differs(judge("store-patch-partial", [answer(200, STORE), answer(204)]));
        expect(v.detail).to.equal("PATCH {defaultTtlSeconds: 5400} answered 204; expected 200.");
    });

    it("error-body-shape: another error body differs and shows it", () => {
        const v = differs(judge("error-body-shape", [answer(404, { error: "Not Found", code: 404 })]));
        expect(v.detail).to.equal('The error body is {"error":"Not Found","code":404}.');
        expect(judge("error-body-shape", [answer(404, { status: 404, name: "NotFound", message: "no key" })]).held).to.equal(true);
    });

    it("key-space-plus: a listing that keeps the space differs", () => {
        const v = differs(
            judge("key-space-plus", [answer(201), answer(200, { values: [{ keyId: "a b" }], nextPageToken: null }), answer(200)]),
        );
        expect(v.detail).to.equal('The listing shows ["a b"].');
    });

    it("key-delete-gone-404 and store-delete-gone-404: a 204 for something already gone differs", () => {
        expect(differs(judge("key-delete-gone-404", [answer(201), answer(204)])).detail).to.equal(
            "DELETE of a missing key answered 204; expected 404.",
        );
        expect(differs(judge("store-delete-gone-404", [answer(204)])).detail).to.equal(
            "DELETE of a deleted store answered 204; expected 404.",
        );
    });

    it("partition-values-listing: items without values, or a token that is not honoured, differ", () => {
        const page1 = { values: [{ keyId: "v1" }, { keyId: "v2" }], nextPageToken: "t1" };
        const page2 = { values: [{ keyId: "v3" }], nextPageToken: null };
        const v = differs(
            judge("partition-values-listing", [answer(201), answer(201), answer(201), answer(200, page1), answer(200, page2)]),
        );
        expect(v.detail).to.contain("The pages hold");
        expect(v.answer).to.equal(4);
        const ok1 = {
            values: [
                { keyId: "v1", valueType: "STRING", stringValue: "one" },
                { keyId: "v2", valueType: "NUMBER", numberValue: 2 },
            ],
            nextPageToken: "t1",
        };
        const ok2 = { values: [{ keyId: "v3", valueType: "BINARY", binaryValue: "AAE=" }], nextPageToken: null };
        expect(
            judge("partition-values-listing", [answer(201), answer(201), answer(201), answer(200, ok1), answer(200, ok2)]).held,
        ).to.equal(true);
        const noToken = differs(
            judge("partition-values-listing", [answer(201), answer(201), answer(201), answer(200, { ...ok1, nextPageToken: null })]),
        );
        expect(noToken.detail).to.contain("The first page is");
        // What the provider itself checks before reading by the page (client/partition-values.ts servesValues).
        const mismatched = { ...ok1, values: [{ ...ok1.values[0], valueType: "NUMBER" }, ok1.values[1]] };
        const notServed = differs(
            judge("partition-values-listing", [answer(201), answer(201), answer(201), answer(200, mismatched), answer(200, ok2)]),
        );
        expect(notServed.detail).to.equal(
            "The provider's check (servesValues) says: item 0 of a page carries no value (valueType and its value field).",
        );
        expect(notServed.answer).to.equal(3);
    });

    it("partition-values-listing: the second page is requested with the first page's token", () => {
        const p = probe("partition-values-listing");
        const answers = [answer(201), answer(201), answer(201), answer(200, { values: [{}, {}], nextPageToken: "tok/1" })];
        const spec = p.steps[4]!(SCOPE, answers);
        expect(spec).to.deep.include({ method: "GET", query: { inclusion: "ALL", pageSize: "2", nextPageToken: "tok/1" } });
        expect(p.steps[4]!(SCOPE, [...answers.slice(0, 3), answer(200, { values: [], nextPageToken: null })])).to.equal(undefined);
    });

    it("token-response: an answer without expires_in differs, and the detail never shows the token", () => {
        const v = differs(judge("token-response", [answer(200, { access_token: "[REDACTED]", token_type: "bearer" })]));
        expect(v.detail).to.equal('The answer has access_token (a string), token_type: "bearer".');
    });

    it("a request that got no answer differs with the network error", () => {
        const v = differs(judge("store-get-missing-404", [{ status: 0, headers: {}, body: undefined, error: "ECONNRESET" }]));
        expect(v.detail).to.equal("GET of a missing store answered no answer (ECONNRESET); expected 404.");
    });

    it("a step that was never sent is reported as such", () => {
        const v = differs(
            judge("key-listing-paging", [
                answer(201),
                answer(201),
                answer(201),
                answer(200, { values: [{ keyId: "k1" }, { keyId: "k2" }], nextPageToken: "t" }),
            ]),
        );
        expect(v.detail).to.equal("GET of the second page was not sent (an earlier request of the probe failed).");
    });

    it("skips what the target cannot do: stats without a Stats API, the token probe with a bearer token, the home-region probe with a baseUrl override", () => {
        expect(probe("stats-environment").skip!({ ...SCOPE, hasStats: false })).to.match(/no Stats API/);
        expect(probe("token-response").skip!({ ...SCOPE, credentialKind: "accessToken" })).to.match(/bearer token/);
        expect(probe("store-home-region-only").skip!(SCOPE)).to.match(/baseUrl/);
        expect(probe("store-home-region-only").skip!({ ...SCOPE, baseUrlOverridden: false, otherRegionBaseUrl: "https://x" })).to.equal(
            undefined,
        );
    });
});

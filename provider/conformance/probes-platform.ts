/**
 * The probes of auth (401, the token answer), accounts, regions, stats, and a store read outside its
 * home region.
 * Part of the probe table (./probes.ts lists them in run order); built with ./probe-builders. Pure data.
 */
import { envPath, expectStatus, expectThat, objectBody, seg, show, storePath, verdictOf, type Probe } from "./spec";
import { checked, arrayOf, field, get, isObject } from "./probe-builders";

export const STATS_HOUR_MS = 3_600_000;

/** These probes, in run order. */
export const PLATFORM_PROBES: readonly Probe[] = [
    {
        id: "unauthorized-401",
        assumption: "A bearer token the platform did not issue is refused with 401 (not 403).",
        source: "inferred",
        ref: "osv2-api-notes §7 (bad/expired token [INF])",
        relies: "After a 401 the client fetches a new token once and retries (client/http.ts); a 403 is final and reported as a permission problem.",
        ...checked("401.", [
            [
                (s) => ({ method: "GET", path: `${envPath(s)}/stores`, query: { pageSize: "1" }, auth: "invalid" }),
                [401],
                "GET with an invalid token",
            ],
        ]),
    },
    {
        id: "token-response",
        assumption: "The token endpoint answers {access_token, token_type: bearer, expires_in} (expires_in in seconds).",
        source: "emulator guess",
        ref: "README Differences 21 (the docs show no expires_in)",
        relies: "The client renews a token 60 s before expires_in and assumes 3600 s when it is absent (client/auth.ts).",
        skip: (s) =>
            s.credentialKind === "accessToken"
                ? "the credentials are a bearer token (anypoint:accessToken): no token request is made"
                : undefined,
        ...checked(
            (a) => `fields ${Object.keys(objectBody(a, 0) ?? {}).join(", ")}.`,
            [
                [
                    (s) => ({
                        method: "POST",
                        host: "auth",
                        path: s.credentialKind === "userLogin" ? "/accounts/login" : "/accounts/api/v2/oauth2/token",
                        auth: "credentials",
                    }),
                    [200],
                    "The token request",
                ],
            ],
            (a) => [
                () => {
                    const b = objectBody(a, 0) ?? {};
                    return expectThat(
                        typeof b.access_token === "string" &&
                            String(b.token_type).toLowerCase() === "bearer" &&
                            typeof b.expires_in === "number",
                        0,
                        `The answer has ${Object.keys(b)
                            .map((k) => (k === "access_token" ? `access_token (a ${typeof b[k]})` : `${k}: ${show(b[k])}`))
                            .join(", ")}.`,
                    );
                },
            ],
        ),
    },
    {
        id: "accounts-organization",
        assumption: "GET /accounts/api/organizations/{org} answers 200 with the organization's id and name.",
        source: "inferred",
        ref: "Access Management API (osv2-api-notes S16); provider/doctor",
        relies: "doctor names the organization with it.",
        steps: [(s) => ({ method: "GET", host: "auth", path: `/accounts/api/organizations/${seg(s.organizationId)}` })],
        judge: (a, s) =>
            verdictOf(
                `${show(field(a, 0, "name"))}.`,
                () => expectStatus(a, 0, [200], "GET of the organization"),
                () =>
                    expectThat(
                        field(a, 0, "id") === s.organizationId && typeof field(a, 0, "name") === "string",
                        0,
                        `The answer has id ${show(field(a, 0, "id"))}, name ${show(field(a, 0, "name"))}.`,
                    ),
            ),
    },
    {
        id: "accounts-environments",
        assumption: "GET /accounts/api/organizations/{org}/environments lists the environment with its name (in data or environments).",
        source: "documented",
        ref: "osv2-api-notes §2 (S1; S16 for data/total)",
        relies: "doctor names the environment with it.",
        steps: [(s) => ({ method: "GET", host: "auth", path: `/accounts/api/organizations/${seg(s.organizationId)}/environments` })],
        judge: (a, s) =>
            verdictOf(
                "listed with a name.",
                () => expectStatus(a, 0, [200], "GET of the environments"),
                () => {
                    const b = objectBody(a, 0) ?? {};
                    const list = [...arrayOf(b.data), ...arrayOf(b.environments)];
                    const env = list.find((e) => isObject(e) && e.id === s.environmentId) as Record<string, unknown> | undefined;
                    return expectThat(typeof env?.name === "string", 0, `The environment is not listed with a name: ${show(b)}.`);
                },
            ),
    },
    {
        id: "accounts-me",
        assumption: "GET /accounts/api/me answers 200 with a top-level organization {id, name} for the token's holder.",
        source: "emulator guess",
        ref: "README Differences 23",
        relies: "Nothing (doctor uses the organization endpoint).",
        ...checked(
            "organization given.",
            [[() => ({ method: "GET", host: "auth", path: "/accounts/api/me" }), [200], "GET /accounts/api/me"]],
            (a) => [
                () => {
                    const org = field(a, 0, "organization");
                    return expectThat(
                        isObject(org) && typeof org.id === "string",
                        0,
                        `No top-level organization: the answer has ${Object.keys(objectBody(a, 0) ?? {}).join(", ")}.`,
                    );
                },
            ],
        ),
    },
    {
        id: "regions-listing",
        assumption: "GET /api/v1/organizations/{org}/regions answers a bare array [{id, name, url}] that includes the configured region.",
        source: "documented",
        ref: "osv2-api-notes §4.6 (S1, S2)",
        relies: "The getRegions lookup; doctor checks the region against it.",
        steps: [(s) => get(`/api/v1/organizations/${seg(s.organizationId)}/regions`)],
        judge: (a, s) =>
            verdictOf(
                "an array with the region.",
                () => expectStatus(a, 0, [200], "GET of the regions"),
                () => {
                    const b = a[0]?.body;
                    const ids = Array.isArray(b) ? b.map((r) => (isObject(r) ? r.id : undefined)) : undefined;
                    return expectThat(!!ids && ids.includes(s.region), 0, `The answer is ${show(b)} (region ${s.region}).`);
                },
            ),
    },
    {
        id: "regions-no-token",
        assumption: "The regions listing needs no token.",
        source: "emulator guess",
        ref: "emulator/README Routes; osv2-api-notes §2 (regions: no scope)",
        relies: "Nothing (the client sends its token anyway).",
        ...checked("200.", [
            [
                (s) => ({ method: "GET", path: `/api/v1/organizations/${seg(s.organizationId)}/regions`, auth: "none" }),
                [200],
                "GET of the regions without a token",
            ],
        ]),
    },
    {
        id: "regions-url-form",
        assumption:
            "Each region's url is its regional host, https://object-store-<id>.<domain> (not the docs' http://object-store.<id>… form).",
        source: "emulator guess",
        ref: "README Differences 17",
        relies: "Nothing (the provider builds hosts from region ids, client/regions.ts).",
        ...checked(
            "regional hosts.",
            [[(s) => get(`/api/v1/organizations/${seg(s.organizationId)}/regions`), [200], "GET of the regions"]],
            (a) => [
                () => {
                    const b = Array.isArray(a[0]?.body) ? (a[0]!.body as unknown[]) : [];
                    const off = b.filter(
                        (r) => !isObject(r) || typeof r.url !== "string" || !r.url.startsWith(`https://object-store-${String(r.id)}.`),
                    );
                    return expectThat(off.length === 0, 0, `Region urls of another form: ${show(off)}.`);
                },
            ],
        ),
    },
    {
        id: "stats-environment",
        assumption:
            "The Stats API answers GET …/organizations/{org}/environments/{env}?startDate&endDate&period=1hour with a bare array [{timeStamp, objectStoreRequestCount}].",
        source: "documented",
        ref: "osv2-api-notes §3.3 (S1)",
        relies: "The getUsageStats lookup (client/wire.ts decodeUsageStats).",
        skip: (s) => (s.hasStats ? undefined : "this control plane has no Stats API"),
        ...checked(
            "an array of buckets.",
            [
                [
                    (s) => ({
                        method: "GET",
                        host: "stats",
                        path: `/api/v1/organizations/${seg(s.organizationId)}/environments/${seg(s.environmentId)}`,
                        query: {
                            startDate: new Date(s.nowMs - STATS_HOUR_MS).toISOString(),
                            endDate: new Date(s.nowMs).toISOString(),
                            period: "1hour",
                        },
                    }),
                    [200],
                    "GET of the environment's stats",
                ],
            ],
            (a) => [
                () => {
                    const b = a[0]?.body;
                    return expectThat(
                        Array.isArray(b) &&
                            b.every((x) => isObject(x) && typeof x.timeStamp === "string" && typeof x.objectStoreRequestCount === "number"),
                        0,
                        `The answer is ${show(b)}.`,
                    );
                },
            ],
        ),
    },
    {
        id: "stats-window-400",
        assumption: "A Stats API window longer than the period allows (2 days with period=1hour) is refused with 400.",
        source: "documented",
        ref: "osv2-api-notes §3.3 (S1)",
        relies: "The getUsageStats lookup checks the window first; the 400 carries the same advice.",
        skip: (s) => (s.hasStats ? undefined : "this control plane has no Stats API"),
        ...checked("400.", [
            [
                (s) => ({
                    method: "GET",
                    host: "stats",
                    path: `/api/v1/organizations/${seg(s.organizationId)}/environments/${seg(s.environmentId)}`,
                    query: {
                        startDate: new Date(s.nowMs - 48 * STATS_HOUR_MS).toISOString(),
                        endDate: new Date(s.nowMs).toISOString(),
                        period: "1hour",
                    },
                }),
                [400],
                "GET of 2 days of hourly stats",
            ],
        ]),
    },
    {
        id: "store-home-region-only",
        assumption: "A store is visible only on its home region's host: another region's host answers 404 for it.",
        source: "inferred",
        ref: "README Differences 26; osv2-api-notes §1 (S3, S13)",
        relies: "Resources record their region and always read on its host; lookups name the region.",
        skip: (s) =>
            s.baseUrlOverridden || !s.otherRegionBaseUrl
                ? "anypoint:baseUrl overrides the Object Store host (one host for every region, as the emulator)"
                : undefined,
        ...checked("404 on the other region's host.", [
            [(s) => ({ method: "GET", path: storePath(s), host: "otherRegion" }), [404], "GET of the store on another region's host"],
        ]),
    },
];

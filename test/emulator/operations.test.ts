import { expect } from "chai";
import { DEMO_CREDENTIALS } from "../../emulator";
import { RateLimiter } from "../../emulator/service/rate-limiter";
import { Harness, ORG, ENV, P, paths, request } from "./helpers";

describe("emulator rate limit", () => {
    it("RateLimiter: 10 req/s bucket, refills with time, refunds (fake clock)", () => {
        let nowMs = 0;
        const limiter = new RateLimiter(10, () => nowMs);
        for (let i = 0; i < 10; i++) expect(limiter.reserve("app")).to.equal(0);
        expect(limiter.reserve("app")).to.equal(1);
        expect(limiter.reserve("other-app"), "buckets are per identity").to.equal(0);
        nowMs += 100;
        expect(limiter.reserve("app")).to.equal(0);
        expect(limiter.reserve("app")).to.equal(1);
        limiter.refund("app");
        expect(limiter.reserve("app")).to.equal(0);
    });

    describe("over HTTP", () => {
        let h: Harness;
        // 0.05 req/s = one request per 20 s with a burst of 1: deterministic within a test.
        before(async () => {
            h = await Harness.start("memory", { rateLimit: { requestsPerSecond: 0.05 } });
        });
        after(async () => h.stop());
        beforeEach(async () => h.reset());

        it("answers 429 TooManyRequests with Retry-After past the limit; only 2xx responses count", async () => {
            for (let i = 0; i < 5; i++) expect((await h.call("GET", paths.store("missing"))).status).to.equal(404);
            expect((await h.call("PUT", paths.store("s"))).status).to.equal(201);
            const limited = await h.call("GET", paths.store("s"));
            expect(limited.status).to.equal(429);
            expect(limited.json).to.deep.include({ status: 429, name: "TooManyRequests" });
            expect(Number(limited.headers.get("retry-after"))).to.equal(20);
            expect((await h.call("GET", paths.store("s"))).status, "429s are not counted either").to.equal(429);
        });

        it("limits per application: another identity has its own budget; admin and token routes are not limited", async () => {
            expect((await h.call("PUT", paths.store("s"))).status).to.equal(201);
            expect((await h.call("GET", paths.store("s"))).status).to.equal(429);
            const login = await request(h.url, "POST", "/accounts/login", {
                body: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password },
            });
            expect((await h.call("GET", paths.store("s"), { token: login.json.access_token })).status).to.equal(200);
            for (let i = 0; i < 3; i++) expect((await request(h.url, "GET", "/_emulator/health")).status).to.equal(200);
        });
    });
});

describe("emulator Stats API", () => {
    let h: Harness;
    const day = (d: string) => `${d}T00:00:00Z`;
    before(async () => {
        h = await Harness.start("memory", { tokenTtlSeconds: 10 * 86400 });
    });
    after(async () => h.stop());

    it("counts 2xx data-plane requests per period, filtered by org/env/region/store", async () => {
        await h.reset();
        await request(h.url, "POST", "/_emulator/clock", { body: { nowMs: Date.parse("2030-01-15T10:00:00Z") } });
        h.token = (
            await request(h.url, "POST", "/accounts/api/v2/oauth2/token", {
                body: {
                    client_id: DEMO_CREDENTIALS.clientId,
                    client_secret: DEMO_CREDENTIALS.clientSecret,
                    grant_type: "client_credentials",
                },
            })
        ).json.access_token;
        await h.call("PUT", paths.store("s")); // 1 (store s)
        await h.call("PUT", paths.key("s", "p", "k"), { body: { stringValue: "v" } }); // 2 (store s)
        await h.call("GET", paths.key("s", "p", "k")); // 3 (store s)
        await h.call("GET", paths.key("s", "p", "missing")); // 404: not counted
        await h.call("GET", paths.stores()); // 4 (environment level)
        await request(h.url, "POST", "/_emulator/clock", { body: { advanceSeconds: 86400 } });
        await h.call("GET", paths.store("s"));
        await h.call("PUT", paths.store("t"));

        const q = "?startDate=2030-01-15T08%3A00%3A00.000Z&endDate=2030-01-16T12%3A00%3A00.000Z&period=1day";
        const org = await h.call("GET", `/api/v1/organizations/${ORG}${q}`);
        expect(org.status).to.equal(200);
        expect(org.json).to.deep.equal([
            { timeStamp: day("2030-01-15"), objectStoreRequestCount: 4 },
            { timeStamp: day("2030-01-16"), objectStoreRequestCount: 2 },
        ]);
        expect((await h.call("GET", `/api/v1/organizations/${ORG}/environments/${ENV}${q}&isMaster=true`)).json).to.deep.equal(org.json);
        expect((await h.call("GET", `/api/v1/organizations/${ORG}/environments/${ENV}/regions/us-east-1${q}`)).json).to.deep.equal(
            org.json,
        );
        expect((await h.call("GET", `/api/v1/organizations/${ORG}/environments/${ENV}/regions/us-east-1/stores/s${q}`)).json).to.deep.equal(
            [
                { timeStamp: day("2030-01-15"), objectStoreRequestCount: 3 },
                { timeStamp: day("2030-01-16"), objectStoreRequestCount: 1 },
            ],
        );
        expect((await h.call("GET", `/api/v1/organizations/${ORG}/environments/${ENV}/regions/eu-west-1${q}`)).json).to.deep.equal([
            { timeStamp: day("2030-01-15"), objectStoreRequestCount: 0 },
            { timeStamp: day("2030-01-16"), objectStoreRequestCount: 0 },
        ]);
        const hourly = await h.call(
            "GET",
            `/api/v1/organizations/${ORG}?startDate=2030-01-15T09:30:00Z&endDate=2030-01-15T11:00:00Z&period=1hour`,
        );
        expect(hourly.json).to.deep.equal([
            { timeStamp: "2030-01-15T09:00:00Z", objectStoreRequestCount: 0 },
            { timeStamp: "2030-01-15T10:00:00Z", objectStoreRequestCount: 4 },
            { timeStamp: "2030-01-15T11:00:00Z", objectStoreRequestCount: 0 },
        ]);
        const monthly = await h.call(
            "GET",
            `/api/v1/organizations/${ORG}?startDate=2030-01-01T00:00:00Z&endDate=2030-03-01T00:00:00Z&period=1month`,
        );
        expect(monthly.json).to.deep.equal([
            { timeStamp: "2030-01-01T00:00:00Z", objectStoreRequestCount: 6 },
            { timeStamp: "2030-02-01T00:00:00Z", objectStoreRequestCount: 0 },
            { timeStamp: "2030-03-01T00:00:00Z", objectStoreRequestCount: 0 },
        ]);
    });

    it("rejects windows over the period's limit, bad periods and bad dates with 400; needs auth", async () => {
        await h.reset();
        const cases = [
            "?startDate=2024-08-01T00:00:00Z&endDate=2024-08-02T00:00:01Z&period=1hour",
            "?startDate=2024-08-01T00:00:00Z&endDate=2024-09-01T00:00:01Z&period=1day",
            "?startDate=2024-08-01T00:00:00Z&endDate=2024-10-01T00:00:01Z&period=1month",
            "?startDate=2024-08-01T00:00:00Z&endDate=2024-08-02T00:00:00Z&period=1week",
            "?startDate=yesterday&endDate=2024-08-02T00:00:00Z&period=1day",
            "?startDate=2024-08-03T00:00:00Z&endDate=2024-08-02T00:00:00Z&period=1day",
            "?endDate=2024-08-02T00:00:00Z&period=1day",
        ];
        for (const q of cases) {
            const res = await h.call("GET", `/api/v1/organizations/${ORG}${q}`);
            expect(res.status, q).to.equal(400);
            expect(res.json.name).to.equal("InvalidParam");
        }
        const limitOk = await h.call(
            "GET",
            `/api/v1/organizations/${ORG}?startDate=2024-08-01T00:00:00Z&endDate=2024-08-02T00:00:00Z&period=1hour`,
        );
        expect(limitOk.status).to.equal(200);
        expect(limitOk.json).to.have.length(25);
        const noToken = await request(
            h.url,
            "GET",
            `/api/v1/organizations/${ORG}?startDate=2024-08-01T00:00:00Z&endDate=2024-08-02T00:00:00Z&period=1day`,
        );
        expect(noToken.status).to.equal(401);
    });
});

describe("emulator fault injection and request log", () => {
    let h: Harness;
    const lines: string[] = [];
    before(async () => {
        h = await Harness.start("memory", { logRequests: (line) => lines.push(line) });
    });
    after(async () => h.stop());
    beforeEach(async () => h.reset());

    it("status faults answer with the error body and Retry-After, `times` times, then stop", async () => {
        await h.call("PUT", paths.store("s"));
        const rule = await request(h.url, "POST", "/_emulator/faults", {
            body: { method: "GET", route: "/stores/s$", status: 503, retryAfterSeconds: 2, times: 2 },
        });
        expect(rule.status).to.equal(201);
        expect(rule.json.id).to.be.a("string");
        for (let i = 0; i < 2; i++) {
            const res = await h.call("GET", paths.store("s"));
            expect(res.status).to.equal(503);
            expect(res.json).to.deep.include({ status: 503, name: "ServiceUnavailable" });
            expect(res.headers.get("retry-after")).to.equal("2");
        }
        expect((await h.call("GET", paths.store("s"))).status).to.equal(200);
        expect((await request(h.url, "GET", "/_emulator/faults")).json.faults).to.deep.equal([]);
    });

    it("reset faults destroy the connection; latency-only faults still answer; probability 0 never hits", async () => {
        await request(h.url, "POST", "/_emulator/faults", { body: { route: "/stores/boom", reset: true } });
        let error: unknown;
        try {
            await h.call("PUT", paths.store("boom"));
        } catch (e) {
            error = e;
        }
        expect(error, "fetch must fail on a destroyed connection").to.be.instanceOf(Error);
        await request(h.url, "DELETE", "/_emulator/faults");
        await request(h.url, "POST", "/_emulator/faults", { body: { route: "/stores/slow", latencyMs: 20 } });
        await request(h.url, "POST", "/_emulator/faults", { body: { route: "/stores/never", status: 500, probability: 0 } });
        expect((await h.call("PUT", paths.store("slow"))).status).to.equal(201);
        expect((await h.call("PUT", paths.store("never"))).status).to.equal(201);
        expect((await request(h.url, "GET", "/_emulator/faults")).json.faults).to.have.length(2);
    });

    it("faults never touch /_emulator; rules can be deleted by id; bad rules are 400", async () => {
        const rule = await request(h.url, "POST", "/_emulator/faults", { body: { route: ".*", status: 500 } });
        expect((await request(h.url, "GET", "/_emulator/health")).status).to.equal(200);
        expect((await h.call("GET", paths.stores())).status).to.equal(500);
        expect((await request(h.url, "DELETE", `/_emulator/faults/${rule.json.id}`)).status).to.equal(204);
        expect((await request(h.url, "DELETE", `/_emulator/faults/${rule.json.id}`)).status).to.equal(404);
        expect((await h.call("GET", paths.stores())).status).to.equal(200);
        expect((await request(h.url, "POST", "/_emulator/faults", { body: { route: "(", status: 500 } })).status).to.equal(400);
        expect((await request(h.url, "POST", "/_emulator/faults", { body: { route: "x" } })).status).to.equal(400);
        expect((await request(h.url, "POST", "/_emulator/faults", { body: { status: 200 } })).status).to.equal(400);
    });

    it("logs one line per request: time, method, URL, status, duration", async () => {
        lines.length = 0;
        await h.call("GET", `${P}/stores/missing?x=1`);
        const line = lines.find((l) => l.includes("/stores/missing"));
        expect(line).to.match(
            /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/api\/v1\/organizations\/\S+\/stores\/missing\?x=1 404 \d+\.\dms$/,
        );
    });
});

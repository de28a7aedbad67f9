/** Shared helpers of the nock-based client tests. */
import nock from "nock";
import {
    ObjectStoreClient,
    clearTokenCache,
    resetSharedLimiters,
    staticTokenSource,
    type ClientSettings,
    type RetryInfo,
    type TokenSource,
} from "../../../provider/client";

export const ORG = "org-1";
export const ENV = "env-1";
export const P = `/api/v1/organizations/${ORG}/environments/${ENV}`;

let hostCounter = 0;
/** A fresh fake host per test so that limiter/token caches never leak between tests. */
export function freshHost(): string {
    hostCounter++;
    return `http://osv2-${process.pid}-${hostCounter}.test`;
}

/** A client with instant backoff and no rate limit, recording retries. */
export function makeClient(overrides: Partial<ClientSettings> & { baseUrl: string }, retries: RetryInfo[] = []): ObjectStoreClient {
    return new ObjectStoreClient({
        organizationId: ORG,
        environmentId: ENV,
        tokenSource: staticTokenSource("static-token-value"),
        requestsPerSecond: 0,
        ...overrides,
        retry: { baseDelayMs: 1, maxDelayMs: 5, onRetry: (i) => retries.push(i), ...overrides.retry },
    });
}

export function staticSource(token = "static-token-value"): TokenSource {
    return staticTokenSource(token);
}

/** Install in a describe(): blocks real network, resets caches and checks every mock was used. */
export function useNock(): void {
    before(() => {
        nock.disableNetConnect();
    });
    after(() => {
        nock.cleanAll();
        nock.enableNetConnect();
    });
    beforeEach(() => {
        clearTokenCache();
        resetSharedLimiters();
    });
    afterEach(function () {
        const pending = nock.pendingMocks();
        nock.cleanAll();
        if (this.currentTest?.state === "passed" && pending.length > 0) {
            throw new Error(`unused nock mocks: ${pending.join(", ")}`);
        }
    });
}

/** A network error for nock's replyWithError (must be a real Error, not a plain object). */
export function netError(code: string, message = code): Error {
    return Object.assign(new Error(message), { code });
}

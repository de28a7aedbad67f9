/**
 * Retry policy of every OSv2, Stats API and token call: which failures are retried, how long to
 * wait, and when to give up. Pure: the got plumbing that applies it is in ./http. Bounded by time,
 * not by a small count: retries go on until the budget (default 120 s, `anypoint:retryBudgetSeconds`)
 * would be exceeded, so a burst of 429s or a short outage does not fail a `pulumi up` of many
 * resources. The budget belongs to the resource operation the call is part of (./operation: one
 * budget for every retry and read-back of a create, update, ...; only time spent recovering from
 * failures counts, never time queued in the client's own rate limiter); a call made outside any
 * operation has a budget of its own.
 *
 * - Retried: 429 and 502, 503, 504 (a gateway or the service is briefly unavailable), and
 *   connection failures (ECONNRESET, ETIMEDOUT and got's timeouts, ECONNREFUSED, EPIPE,
 *   ENETUNREACH, EHOSTUNREACH, EAI_AGAIN). Never other statuses: 400/401/403/404/409/413 and 500 are
 *   answers, not accidents (a 401 is renewed once by the token hook instead). DNS ENOTFOUND is not
 *   retried (a wrong host stays wrong).
 * - GET, HEAD, PUT, PATCH, DELETE are idempotent in OSv2 and retried on all of these. A POST
 *   (create key) is retried only when it certainly did not take effect: 429 (the service rejected
 *   it), ECONNREFUSED, ENETUNREACH, EHOSTUNREACH and EAI_AGAIN (never sent). After any other
 *   failure the caller must find out what happened (see `ObjectStoreClient.createKey`). Token
 *   requests have no side effects and are retried like GETs.
 * - Delay: `Retry-After` when the answer has one (seconds or an HTTP date), else exponential
 *   backoff with jitter, a random value in [d/2, d] with d = min(maxDelayMs, baseDelayMs * 2^(retry-1)).
 *   When the delay would end after the budget the call fails at once with the last error.
 *
 * Sources: "Object Store v2 usage" (rate limits, 429), https://docs.mulesoft.com/object-store/osv2-usage;
 * RFC 9110 §10.2.3 "Retry-After", https://www.rfc-editor.org/rfc/rfc9110#name-retry-after.
 */

/** Retry settings. */
export interface RetryPolicy {
    /**
     * Time an operation (or a call outside any operation) may spend recovering from failures, retries
     * and their waits included, ms. Default 120,000; 0 disables retries.
     */
    budgetMs?: number;
    /** At most this many retries, whatever the budget (tests). Default: no count limit. */
    limit?: number;
    /** First backoff delay in ms (doubles each retry). Default 250. */
    baseDelayMs?: number;
    /** Cap of one backoff delay in ms. Default 10,000. */
    maxDelayMs?: number;
    /** Called before each retry (for logging); receives no secrets. */
    onRetry?: (info: RetryInfo) => void;
}

/** What {@link RetryPolicy.onRetry} receives. */
export interface RetryInfo {
    /** OSv2 operation, e.g. `GetStore`. */
    operation: string;
    method: string;
    path: string;
    /** Number of the retry about to happen (1 = first retry). */
    retry: number;
    /** Delay before it, in ms. */
    delayMs: number;
    statusCode?: number;
    code?: string;
    /** `"retry-after"` when the delay came from a Retry-After header, `"backoff"`, or `"token-renewal"` after a 401. */
    reason: "retry-after" | "backoff" | "token-renewal";
    /** What was left of the operation's budget when the retry was decided, ms (the delay is always shorter). */
    budgetLeftMs: number;
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY = Object.freeze({
    budgetMs: 120_000,
    baseDelayMs: 250,
    maxDelayMs: 10_000,
});

/** Statuses worth another attempt. */
export const RETRY_STATUS_CODES: readonly number[] = [429, 502, 503, 504];
/** Network error codes worth another attempt (got reports its own timeouts as ETIMEDOUT). */
export const RETRY_ERROR_CODES: readonly string[] = [
    "ECONNRESET",
    "ETIMEDOUT",
    "ECONNREFUSED",
    "EPIPE",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "EAI_AGAIN",
];
/** Failures after which the request certainly did not take effect (safe to repeat any method). */
const NOT_PROCESSED_CODES: readonly string[] = ["ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "EAI_AGAIN"];

/** What one failed attempt was. */
export interface FailedAttempt {
    method: string;
    statusCode?: number;
    code?: string;
    /** Retry-After of the answer, ms (undefined when absent). */
    retryAfterMs?: number;
    /** Retries already made before this decision (1 = deciding on the first retry). */
    retry: number;
    /** Budget already spent by the operation (./operation: time spent recovering), ms. */
    elapsedMs: number;
    /** Treat POST like GET (token calls). */
    postIsSafe?: boolean;
}

/**
 * A decision: wait `delayMs` and retry, or give up and say why: `final` (not a transient failure),
 * `unsafe` (a POST that may have taken effect), `budget` (the wait would end after the budget),
 * `limit` (the retry count limit).
 */
export type RetryDecision =
    { retry: true; delayMs: number; reason: "retry-after" | "backoff" } | { retry: false; reason: "final" | "unsafe" | "budget" | "limit" };

/** True when the failed request may have taken effect on the server (so a POST must not be repeated blindly). */
export function mayHaveTakenEffect(statusCode: number | undefined, code: string | undefined): boolean {
    if (statusCode === 429) return false;
    if (statusCode === undefined && code !== undefined && NOT_PROCESSED_CODES.includes(code)) return false;
    return true;
}

/** True for a failure the policy retries (for an idempotent call). */
export function isTransient(statusCode: number | undefined, code: string | undefined): boolean {
    if (statusCode !== undefined) return RETRY_STATUS_CODES.includes(statusCode);
    return code !== undefined && RETRY_ERROR_CODES.includes(code);
}

/** The backoff before retry number `retry` (1-based), with jitter in [d/2, d]. */
export function backoffMs(retry: number, policy: RetryPolicy = {}, random: () => number = Math.random): number {
    const base = policy.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
    const cap = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
    const d = Math.min(cap, base * 2 ** Math.min(retry - 1, 30));
    return Math.max(1, Math.round(d / 2 + (random() * d) / 2));
}

/** Decides whether and when to retry a failed attempt. Pure (given `random`). */
export function decideRetry(attempt: FailedAttempt, policy: RetryPolicy = {}, random: () => number = Math.random): RetryDecision {
    if (!isTransient(attempt.statusCode, attempt.code)) return { retry: false, reason: "final" };
    const method = attempt.method.toUpperCase();
    if (method === "POST" && !attempt.postIsSafe && mayHaveTakenEffect(attempt.statusCode, attempt.code)) {
        return { retry: false, reason: "unsafe" };
    }
    if (policy.limit !== undefined && attempt.retry > policy.limit) return { retry: false, reason: "limit" };
    const fromHeader = attempt.statusCode !== undefined && attempt.retryAfterMs !== undefined && attempt.retryAfterMs >= 0;
    const delayMs = fromHeader ? Math.max(1, attempt.retryAfterMs!) : backoffMs(attempt.retry, policy, random);
    const budget = policy.budgetMs ?? DEFAULT_RETRY.budgetMs;
    if (attempt.elapsedMs + delayMs >= budget) return { retry: false, reason: "budget" };
    return { retry: true, delayMs, reason: fromHeader ? "retry-after" : "backoff" };
}

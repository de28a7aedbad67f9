/**
 * HTTP plumbing shared by the OSv2 client and the token sources, on top of got: the retry policy
 * of ./retry applied within the operation's budget (./operation), per-attempt timeouts, and the
 * rate-limit and bearer-token hooks. Callers see a plain {@link HttpRequester}; got's failures are
 * turned into {@link ObjectStoreApiError} by ./http-errors (without keeping got's request/response
 * objects, which hold the Authorization header).
 *
 * Per request: `beforeRequest` waits for the shared rate limiter (that wait is not spent from the
 * budget, and is reported when it exceeds 2 s), notes when the attempt starts and sets
 * `Authorization: Bearer <token>`; `afterResponse` tells the limiter about 429s (it slows down) and
 * other answers (it speeds back up), and after a 401 from the data plane renews the token and
 * retries exactly once; `calculateDelay` marks the operation as recovering from the start of a
 * failed attempt, decides with ./retry against what is left of the operation's budget, and reports
 * a wait over 2 s before it starts. Failures are turned into errors by ./http-errors.
 *
 * Cancellation (./operation, "Cancellation"): once the operation's signal is aborted, `calculateDelay`
 * retries nothing, a wait between attempts (or in the rate limiter) is cut short through got's
 * `signal`, and an attempt already sent is aborted only if it has not answered within
 * {@link CANCEL_GRACE_MS}. The failure then says so (./http-errors, `cancelled`).
 */

import got, { type RetryOptions } from "got";
import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import { CANCEL_GRACE_MS, currentOperation, Operation, runIn, type Recovery } from "./operation";
import type { RateLimiter } from "./ratelimit";
import { DEFAULT_RETRY, RETRY_ERROR_CODES, RETRY_STATUS_CODES, decideRetry, isTransient, type RetryPolicy } from "./retry";
import type { TokenSource } from "./token-source";

/** Default per-attempt timeout, ms: no single request waits longer for an answer. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export const USER_AGENT = "pulumi-anypoint-objectstore (+https://github.com/pulumi-anypoint-objectstore)";

/** Options of {@link createHttp}. */
export interface HttpOptions {
    retry?: RetryPolicy;
    /** Per-attempt timeout in ms (default 60,000); connecting is bounded by min(10 s, this). */
    timeoutMs?: number;
    /** Injects `Authorization: Bearer <token>` and renews once on 401. */
    tokenSource?: TokenSource;
    /** Paces every attempt (retries included) and learns from 429s. */
    limiter?: RateLimiter;
    /** Treat POST as safe to retry (token endpoints). */
    postIsSafe?: boolean;
    /** Who answers, in reported waits: `OSv2` (default), `the Anypoint Platform`, … */
    service?: string;
}

/** One request, as the transport and the token sources send it. */
export interface HttpRequest {
    method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
    /** Query parameters, already strings. */
    searchParams?: Record<string, string>;
    headers?: Record<string, string>;
    /** Request body (JSON text). */
    body?: string;
    /** OSv2 operation name, e.g. `GetStore` (retry reports). */
    operation: string;
    /** Path below the base URL (retry reports). */
    path: string;
}

/** A 2xx or 3xx answer: its status and its body as text. */
export interface HttpResponse {
    statusCode: number;
    body: string;
}

/**
 * Sends one request with the retries, timeouts and hooks of {@link createHttp}, within the current
 * operation's budget. Rejects with got's error for a failed request: convert it with {@link toClientError}.
 */
export type HttpRequester = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/** What travels with one request through got's hooks (got copies this object; the references stay shared). */
interface RequestContext extends Record<string, unknown> {
    operation: string;
    path: string;
    /** The operation whose budget and log the request uses. */
    op: Operation;
    /** This request's recovery within it. */
    recovery: Recovery;
    /** Attempts started so far. */
    attempts: number;
    /** Start of the current attempt on the operation's clock (after the limiter and the token). */
    attemptStartedAt?: number;
    /** Set on the retry that follows a token renewal. */
    authRetried?: boolean;
    /** Whether an attempt has been sent and has not answered yet (an object: got copies the context, not what it references). */
    attempt: { inFlight: boolean };
}

/** Retry-After of a response in ms (seconds or an HTTP date), or undefined. */
function retryAfterMsOf(header: string | string[] | undefined, now = Date.now()): number | undefined {
    const v = Array.isArray(header) ? header[0] : header;
    if (v === undefined || v.trim() === "") return undefined;
    const seconds = Number(v);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function pathOf(url: unknown): string {
    if (url instanceof URL) return url.pathname;
    if (typeof url === "string") return url.split("?")[0] ?? url;
    return "";
}

/** What failed, for a reported wait: `OSv2 answered 429`, `no answer from OSv2 (ECONNRESET)`. */
function failureText(service: string, statusCode: number | undefined, code: string | undefined): string {
    return statusCode !== undefined ? `${service} answered ${statusCode}` : `no answer from ${service} (${code ?? "request failed"})`;
}

/** The limiter's state, for a reported wait: `queued by the client's rate limit of 10 requests/s`. */
function limiterText(limiter: RateLimiter): string {
    const rate = (r: number) => String(Math.round(r * 10) / 10);
    return limiter.ratePerSecond < limiter.maxRatePerSecond
        ? `queued by the client's rate limit (${rate(limiter.ratePerSecond)} of ${rate(limiter.maxRatePerSecond)} requests/s after 429s)`
        : `queued by the client's rate limit of ${rate(limiter.maxRatePerSecond)} requests/s`;
}

/** got's retry options applying {@link decideRetry} within the operation's budget. */
function gotRetryOptions(policy: RetryPolicy, postIsSafe: boolean, service: string): Partial<RetryOptions> {
    const clientBudgetMs = policy.budgetMs ?? DEFAULT_RETRY.budgetMs;
    return {
        // The budget bounds the retries; got's own count, method and status rules are not used.
        limit: Number.MAX_SAFE_INTEGER,
        methods: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "POST", "OPTIONS"],
        statusCodes: [...RETRY_STATUS_CODES],
        errorCodes: [...RETRY_ERROR_CODES],
        calculateDelay: ({ attemptCount, error, retryAfter }) => {
            const ctx = (error.options?.context ?? {}) as Partial<RequestContext>;
            if (ctx.attempt) ctx.attempt.inFlight = false;
            const op = ctx.op ?? new Operation({ label: "" });
            if (op.cancelled) return 0; // the run was cancelled: nothing is retried
            const budgetMs = op.budgetFor(clientBudgetMs);
            const method = String(error.options?.method ?? "GET").toUpperCase();
            const info = {
                operation: ctx.operation ?? "Request",
                method,
                path: ctx.path ?? pathOf(error.options?.url),
                retry: attemptCount,
            };
            if (error.name === "RetryError") {
                // Retry requested by the afterResponse hook after a token renewal.
                policy.onRetry?.({ ...info, delayMs: 1, statusCode: 401, reason: "token-renewal", budgetLeftMs: budgetMs - op.spentMs() });
                return 1;
            }
            // Failures of our own hooks (token fetch, configuration) are final here.
            const cause = (error as { cause?: unknown }).cause;
            if (cause instanceof ObjectStoreApiError || cause instanceof ObjectStoreConfigError) return 0;
            const statusCode = error.response?.statusCode;
            const code = statusCode === undefined ? error.code : undefined;
            // A retryable failure: the operation recovers from the start of this attempt until the request has its answer.
            if (isTransient(statusCode, code)) ctx.recovery?.begin(ctx.attemptStartedAt);
            const spentMs = op.spentMs();
            const decision = decideRetry(
                { method, statusCode, code, retryAfterMs: retryAfter, retry: attemptCount, elapsedMs: spentMs, postIsSafe },
                { ...policy, budgetMs },
            );
            if (!decision.retry) return 0;
            op.reportWait("warning", failureText(service, statusCode, code), "retrying", decision.delayMs, attemptCount + 1, budgetMs);
            policy.onRetry?.({
                ...info,
                delayMs: decision.delayMs,
                statusCode,
                code,
                reason: decision.reason,
                budgetLeftMs: budgetMs - spentMs,
            });
            return decision.delayMs;
        },
    };
}

/** A {@link HttpRequester} with the project's retry policy, timeouts and hooks. */
export function createHttp(opts: HttpOptions): HttpRequester {
    const { tokenSource, limiter } = opts;
    const policy = opts.retry ?? {};
    const clientBudgetMs = policy.budgetMs ?? DEFAULT_RETRY.budgetMs;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const instance = got.extend({
        retry: gotRetryOptions(policy, opts.postIsSafe === true, opts.service ?? "OSv2"),
        timeout: { connect: Math.min(10_000, timeoutMs), request: timeoutMs },
        throwHttpErrors: true,
        followRedirect: false,
        responseType: "text",
        headers: { "user-agent": USER_AGENT, accept: "application/json" },
        hooks: {
            beforeRequest: [
                async (options) => {
                    const ctx = options.context as RequestContext;
                    const op = ctx.op;
                    const budgetMs = op.budgetFor(clientBudgetMs);
                    ctx.attempts = (ctx.attempts ?? 0) + 1;
                    if (limiter) {
                        // Pacing is not failing: the wait in the limiter is not spent from the budget.
                        await limiter.acquire((waitMs) => {
                            ctx.recovery.pause();
                            op.reportWait("info", limiterText(limiter), "sending", waitMs, ctx.attempts, budgetMs);
                        });
                        ctx.recovery.resume();
                    }
                    if (tokenSource) {
                        // Token requests (and their retries) belong to the same operation.
                        const token = await runIn(op, () => tokenSource.getToken());
                        options.headers.authorization = `Bearer ${token}`;
                    }
                    ctx.attemptStartedAt = op.now(); // the attempt starts now: it is sent
                    ctx.attempt.inFlight = true;
                },
            ],
            afterResponse: [
                async (response, retryWithMergedOptions) => {
                    (response.request.options.context as RequestContext).attempt.inFlight = false;
                    if (limiter) {
                        if (response.statusCode === 429) limiter.throttled(retryAfterMsOf(response.headers["retry-after"]));
                        else if (response.statusCode < 500) limiter.succeeded();
                    }
                    const ctx = response.request.options.context as RequestContext;
                    if (tokenSource && response.statusCode === 401 && !ctx.authRetried) {
                        const header = String(response.request.options.headers.authorization ?? "");
                        const rejected = header.replace(/^Bearer\s+/i, "");
                        if (tokenSource.invalidate(rejected)) {
                            return retryWithMergedOptions({ context: { ...ctx, authRetried: true } });
                        }
                    }
                    return response;
                },
            ],
        },
    });
    return async (url, request) => {
        // The operation the caller runs in; a call outside any operation has a budget of its own.
        const op = currentOperation() ?? new Operation({ label: "" });
        const recovery = op.recovery();
        const context: RequestContext = {
            operation: request.operation,
            path: request.path,
            op,
            recovery,
            attempts: 0,
            attempt: { inFlight: false },
        };
        // Cancellation: stop a wait at once; give an attempt that was sent CANCEL_GRACE_MS to answer.
        const abort = new AbortController();
        let grace: NodeJS.Timeout | undefined;
        const onCancel = () => {
            if (context.attempt.inFlight) grace = setTimeout(() => abort.abort(), CANCEL_GRACE_MS);
            else abort.abort();
        };
        if (op.signal?.aborted) abort.abort();
        else op.signal?.addEventListener("abort", onCancel, { once: true });
        try {
            const res = await instance(url, {
                method: request.method,
                searchParams: request.searchParams,
                headers: request.headers,
                body: request.body,
                context,
                signal: abort.signal,
            });
            return { statusCode: res.statusCode, body: res.body };
        } finally {
            op.signal?.removeEventListener("abort", onCancel);
            clearTimeout(grace);
            recovery.end();
        }
    };
}

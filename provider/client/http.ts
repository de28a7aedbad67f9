/**
 * HTTP plumbing shared by the OSv2 client and the token sources, on top of got: the retry policy
 * of ./retry applied within the operation's budget (./operation), per-attempt timeouts, the
 * rate-limit and bearer-token hooks, and conversion of got's errors into {@link ObjectStoreApiError}
 * (without keeping got's request/response objects, which hold the Authorization header). Callers
 * see a plain {@link HttpRequester}; got's types stay inside this module.
 *
 * Per request: `beforeRequest` waits for the shared rate limiter (that wait is not spent from the
 * budget, and is reported when it exceeds 2 s), notes when the attempt starts and sets
 * `Authorization: Bearer <token>`; `afterResponse` tells the limiter about 429s (it slows down) and
 * other answers (it speeds back up), and after a 401 from the data plane renews the token and
 * retries exactly once; `calculateDelay` marks the operation as recovering from the start of a
 * failed attempt, decides with ./retry against what is left of the operation's budget, and reports
 * a wait over 2 s before it starts.
 */

import got, { HTTPError, RequestError, type RetryOptions } from "got";
import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import { currentOperation, Operation, runIn, type Recovery } from "./operation";
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
            const op = ctx.op ?? new Operation({ label: "" });
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
                },
            ],
            afterResponse: [
                async (response, retryWithMergedOptions) => {
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
        const context: RequestContext = { operation: request.operation, path: request.path, op, recovery, attempts: 0 };
        try {
            const res = await instance(url, {
                method: request.method,
                searchParams: request.searchParams,
                headers: request.headers,
                body: request.body,
                context,
            });
            return { statusCode: res.statusCode, body: res.body };
        } finally {
            recovery.end();
        }
    };
}

/** Everything needed to turn a failure into an {@link ObjectStoreApiError}. */
export interface ErrorContext {
    operation: string;
    method: string;
    path: string;
    /** Secrets to scrub from messages (the current token, client secret, password...). */
    secrets?: readonly (string | undefined)[];
    /** Suggested action for an HTTP status (or `undefined` for network errors). */
    hint?: (statusCode: number | undefined, serverMessage: string | undefined) => string | undefined;
}

/** Extracts the server's message from an error body: `{message}`, `{error}`, `{error:{message}}` or text. */
export function serverMessageOf(body: unknown): string | undefined {
    if (body === undefined || body === null) return undefined;
    let text = Buffer.isBuffer(body) ? body.toString("utf8") : typeof body === "string" ? body : undefined;
    let parsed: unknown = body;
    if (text !== undefined) {
        text = text.trim();
        if (text === "") return undefined;
        try {
            parsed = JSON.parse(text);
        } catch {
            return truncate(text.replace(/\s+/g, " "));
        }
    }
    if (parsed && typeof parsed === "object") {
        const o = parsed as Record<string, unknown>;
        for (const k of ["message", "error_description", "error", "statusMessage", "detail", "title"]) {
            const v = o[k];
            if (typeof v === "string" && v.trim()) return truncate(v.trim());
            if (v && typeof v === "object" && typeof (v as { message?: unknown }).message === "string") {
                return truncate((v as { message: string }).message);
            }
        }
        if (typeof o.name === "string") return truncate(o.name);
        return truncate(JSON.stringify(parsed));
    }
    if (typeof parsed === "string") return truncate(parsed);
    return undefined;
}

function truncate(s: string, max = 500): string {
    return s.length > max ? `${s.slice(0, max)}…` : s;
}

function headerValue(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
}

/** The request id header of a response, if any. */
export function requestIdOf(headers: Record<string, string | string[] | undefined> | undefined): string | undefined {
    if (!headers) return undefined;
    for (const n of ["x-request-id", "x-correlation-id", "x-anypnt-trx-id", "x-amzn-requestid"]) {
        const v = headerValue(headers, n);
        if (v) return v;
    }
    return undefined;
}

/**
 * Converts anything thrown by got (or our hooks) into an {@link ObjectStoreApiError} /
 * {@link ObjectStoreConfigError}. Only plain strings are copied; got's objects are dropped.
 */
export function toClientError(err: unknown, ctx: ErrorContext): Error {
    if (err instanceof ObjectStoreApiError || err instanceof ObjectStoreConfigError) return err;
    if (err instanceof RequestError) {
        const cause = (err as { cause?: unknown }).cause;
        if (cause instanceof ObjectStoreApiError || cause instanceof ObjectStoreConfigError) return cause;
        let host: string | undefined;
        try {
            const u = err.options?.url;
            if (u) host = new URL(String(u)).origin;
        } catch {
            host = undefined;
        }
        const attempts = (err.request?.retryCount ?? 0) + 1;
        if (err instanceof HTTPError) {
            const res = err.response;
            const serverMessage = serverMessageOf(res.body);
            return new ObjectStoreApiError({
                operation: ctx.operation,
                method: ctx.method,
                path: ctx.path,
                statusCode: res.statusCode,
                statusText: res.statusMessage,
                serverMessage,
                requestId: requestIdOf(res.headers),
                hint: ctx.hint?.(res.statusCode, serverMessage),
                attempts,
                host,
                secrets: ctx.secrets,
            });
        }
        const detail = err.message.split("\n")[0];
        return new ObjectStoreApiError({
            operation: ctx.operation,
            method: ctx.method,
            path: ctx.path,
            code: err.code === "ERR_GOT_REQUEST_ERROR" ? undefined : err.code,
            detail: detail && detail.startsWith("Request failed with status code") ? undefined : detail,
            hint: ctx.hint?.(undefined, undefined),
            attempts,
            host,
            secrets: ctx.secrets,
        });
    }
    const e = err as { message?: unknown; code?: unknown } | undefined;
    return new ObjectStoreApiError({
        operation: ctx.operation,
        method: ctx.method,
        path: ctx.path,
        code: typeof e?.code === "string" ? e.code : undefined,
        detail: typeof e?.message === "string" ? e.message : String(err),
        hint: ctx.hint?.(undefined, undefined),
        secrets: ctx.secrets,
    });
}

/** Parses a text body as JSON; empty body -> undefined. Throws SyntaxError for invalid JSON. */
export function parseJsonBody(raw: unknown): unknown {
    if (raw === undefined || raw === null) return undefined;
    const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : String(raw);
    if (text.trim() === "") return undefined;
    return JSON.parse(text);
}

/**
 * HTTP plumbing shared by the OSv2 client and the token sources, on top of got:
 * retry policy (got's retry with our delay function), the bearer-token and rate-limit hooks,
 * and conversion of got's errors into {@link ObjectStoreApiError} (without keeping got's
 * request/response objects, which hold the Authorization header).
 *
 * Retry policy (documented surface, see {@link RetryPolicy}):
 * - statuses 429, 500, 502, 503, 504 and network errors (ETIMEDOUT, ECONNRESET, ECONNREFUSED,
 *   EPIPE, ENETUNREACH, EAI_AGAIN, EADDRINUSE); never 4xx other than 429 (400/401/403/404/409/413
 *   are answers, not accidents). DNS ENOTFOUND is not retried (a wrong host stays wrong).
 * - GET, HEAD, PUT, PATCH, DELETE are retried (they are idempotent in OSv2: PUT/PATCH set values,
 *   DELETE of a missing object is a 404 that the caller handles).
 * - POST is not idempotent (create-key fails with 409 on a second delivery, increment would count
 *   twice), so it is retried only when the request certainly did not take effect: 429 (the service
 *   rejected it) and ECONNREFUSED (never sent). Token requests are POSTs without side effects and
 *   are retried like GETs.
 * - Delay: `Retry-After` when present (seconds or HTTP date; if it asks for more than
 *   `maxRetryAfterMs` the call fails instead), else exponential backoff with jitter:
 *   a random value in [d/2, d] where d = min(maxDelayMs, baseDelayMs * 2^(attempt-1)).
 * - A 401 from the data plane triggers exactly one token renewal and retry (afterResponse hook).
 */

import got, { HTTPError, RequestError, type Got, type Options, type RetryOptions } from "got";
import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import type { RateLimiter } from "./ratelimit";
import type { TokenSource } from "./auth";

/** Retry settings. */
export interface RetryPolicy {
    /** Retries after the first attempt (got's `retry.limit`). Default 3, i.e. at most 4 attempts. */
    limit?: number;
    /** First backoff delay in ms (doubles each retry). Default 500. */
    baseDelayMs?: number;
    /** Cap of one backoff delay in ms. Default 20,000. */
    maxDelayMs?: number;
    /** Longest `Retry-After` honoured, in ms; a longer one fails the call at once. Default 60,000. */
    maxRetryAfterMs?: number;
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
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY = Object.freeze({
    limit: 3,
    baseDelayMs: 500,
    maxDelayMs: 20_000,
    maxRetryAfterMs: 60_000,
});

/** Default per-attempt timeout, ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export const RETRY_STATUS_CODES = [429, 500, 502, 503, 504];
export const RETRY_ERROR_CODES = ["ETIMEDOUT", "ECONNRESET", "EADDRINUSE", "ECONNREFUSED", "EPIPE", "ENETUNREACH", "EAI_AGAIN"];

export const USER_AGENT = "pulumi-anypoint-objectstore (+https://github.com/pulumi-anypoint-objectstore)";

/** Per-request context carried in got's `context` option. */
export interface RequestContext extends Record<string, unknown> {
    operation: string;
    path: string;
    /** Set on the retry that follows a token renewal. */
    authRetried?: boolean;
}

function pathOf(options: Options): string {
    const url = options.url;
    if (url instanceof URL) return url.pathname;
    if (typeof url === "string") {
        try {
            return new URL(url).pathname;
        } catch {
            return url.split("?")[0] ?? url;
        }
    }
    return "";
}

/** Builds got's retry options for a policy. `postIsSafe` treats POST like GET (token calls). */
export function gotRetryOptions(policy: RetryPolicy = {}, postIsSafe = false): Partial<RetryOptions> {
    const limit = policy.limit ?? DEFAULT_RETRY.limit;
    const base = policy.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
    const cap = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
    return {
        limit,
        methods: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "POST", "OPTIONS"],
        statusCodes: RETRY_STATUS_CODES,
        errorCodes: RETRY_ERROR_CODES,
        maxRetryAfter: policy.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs,
        backoffLimit: cap,
        noise: 0,
        calculateDelay: ({ attemptCount, error, retryAfter, computedValue }) => {
            const ctx = (error.options?.context ?? {}) as Partial<RequestContext>;
            const method = String(error.options?.method ?? "GET").toUpperCase();
            const info = {
                operation: ctx.operation ?? "Request",
                method,
                path: ctx.path ?? (error.options ? pathOf(error.options) : ""),
                retry: attemptCount,
            };
            if (error.name === "RetryError") {
                // Retry requested by the afterResponse hook after a token renewal.
                policy.onRetry?.({ ...info, delayMs: 1, statusCode: 401, reason: "token-renewal" });
                return 1;
            }
            // Failures of our own hooks (token fetch, configuration) are final here.
            const cause = (error as { cause?: unknown }).cause;
            if (cause instanceof ObjectStoreApiError || cause instanceof ObjectStoreConfigError) return 0;
            if (computedValue === 0) return 0; // got's rules: limit, method, status/code lists, Retry-After too long
            const statusCode = error.response?.statusCode;
            if (method === "POST" && !postIsSafe && !(statusCode === 429 || error.code === "ECONNREFUSED")) {
                return 0;
            }
            let delayMs: number;
            let reason: RetryInfo["reason"];
            if (retryAfter !== undefined && retryAfter > 0 && statusCode !== undefined) {
                delayMs = retryAfter;
                reason = "retry-after";
            } else {
                const d = Math.min(cap, base * 2 ** (attemptCount - 1));
                delayMs = Math.max(1, Math.round(d / 2 + (Math.random() * d) / 2));
                reason = "backoff";
            }
            policy.onRetry?.({ ...info, delayMs, statusCode, code: statusCode === undefined ? error.code : undefined, reason });
            return delayMs;
        },
    };
}

/** Options of {@link createHttp}. */
export interface HttpOptions {
    retry?: RetryPolicy;
    /** Per-attempt timeout in ms (default 60,000). */
    timeoutMs?: number;
    /** Injects `Authorization: Bearer <token>` and renews once on 401. */
    tokenSource?: TokenSource;
    /** Paces every attempt (retries included). */
    limiter?: RateLimiter;
    /** Treat POST as safe to retry (token endpoints). */
    postIsSafe?: boolean;
}

/** A got instance with the project's retry policy, timeouts and hooks. */
export function createHttp(opts: HttpOptions): Got {
    const { tokenSource, limiter } = opts;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return got.extend({
        retry: gotRetryOptions(opts.retry, opts.postIsSafe),
        timeout: { connect: Math.min(10_000, timeoutMs), request: timeoutMs },
        throwHttpErrors: true,
        followRedirect: false,
        responseType: "text",
        headers: { "user-agent": USER_AGENT, accept: "application/json" },
        hooks: {
            beforeRequest: [
                async (options) => {
                    if (limiter) await limiter.acquire();
                    if (tokenSource) {
                        const token = await tokenSource.getToken();
                        options.headers.authorization = `Bearer ${token}`;
                    }
                },
            ],
            afterResponse: tokenSource
                ? [
                      async (response, retryWithMergedOptions) => {
                          const ctx = response.request.options.context as Partial<RequestContext>;
                          if (response.statusCode === 401 && !ctx.authRetried) {
                              const header = String(response.request.options.headers.authorization ?? "");
                              const rejected = header.replace(/^Bearer\s+/i, "");
                              if (tokenSource.invalidate(rejected)) {
                                  return retryWithMergedOptions({ context: { ...ctx, authRetried: true } });
                              }
                          }
                          return response;
                      },
                  ]
                : [],
        },
    });
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

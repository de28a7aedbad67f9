/**
 * HTTP plumbing shared by the OSv2 client and the token sources, on top of got: the retry policy
 * of ./retry, per-attempt timeouts, the rate-limit and bearer-token hooks, and conversion of got's
 * errors into {@link ObjectStoreApiError} (without keeping got's request/response objects, which
 * hold the Authorization header).
 *
 * Hooks: `beforeRequest` waits for the shared rate limiter, records when the call started and how
 * long its retries waited for the limiter (the retry budget counts from the first attempt, pacing
 * excluded) and sets `Authorization: Bearer <token>`;
 * `afterResponse` tells the limiter about 429s (it slows down) and other answers (it speeds back
 * up), and after a 401 from the data plane renews the token and retries exactly once.
 */

import got, { HTTPError, RequestError, type Got } from "got";
import type { TokenSource } from "./auth";
import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import type { RateLimiter } from "./ratelimit";
import { gotRetryOptions, type RequestContext, type RetryPolicy } from "./retry";

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
                    const pacedMs = limiter ? await limiter.acquire() : 0;
                    const ctx = options.context as Partial<RequestContext>;
                    if (ctx.startedAt === undefined) ctx.startedAt = Date.now();
                    else ctx.pacedMs = (ctx.pacedMs ?? 0) + pacedMs;
                    if (tokenSource) {
                        const token = await tokenSource.getToken();
                        options.headers.authorization = `Bearer ${token}`;
                    }
                },
            ],
            afterResponse: [
                async (response, retryWithMergedOptions) => {
                    if (limiter) {
                        if (response.statusCode === 429) limiter.throttled(retryAfterMsOf(response.headers["retry-after"]));
                        else if (response.statusCode < 500) limiter.succeeded();
                    }
                    const ctx = response.request.options.context as Partial<RequestContext>;
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

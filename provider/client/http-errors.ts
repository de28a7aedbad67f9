/**
 * Conversion of what got throws (or the hooks of ./http throw) into {@link ObjectStoreApiError} /
 * {@link ObjectStoreConfigError}, with the server's message, the request id, the advice for the
 * status, and no secret: only plain strings are copied, got's request and response objects (which
 * hold the Authorization header) are dropped. Also the parsing of a JSON answer.
 */

import { HTTPError, RequestError } from "got";
import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import { CANCELLED_ADVICE } from "./hints";
import { CANCEL_GRACE_MS } from "./operation";
import { isTransient } from "./retry";

/** Everything needed to turn a failure into an {@link ObjectStoreApiError}. */
export interface ErrorContext {
    operation: string;
    method: string;
    path: string;
    /** Secrets to scrub from messages (the current token, client secret, password...). */
    secrets?: readonly (string | undefined)[];
    /** Suggested action for an HTTP status (or `undefined` for network errors). */
    hint?: (statusCode: number | undefined, serverMessage: string | undefined) => string | undefined;
    /** The run was cancelled (./operation): a failure that would have been retried says so instead of giving the status's advice. */
    cancelled?: boolean;
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
    // A failure that would have been retried but for the cancel says so; a final answer keeps its own advice.
    const hint = (statusCode: number | undefined, serverMessage: string | undefined, code?: string) =>
        ctx.cancelled && isTransient(statusCode, code) ? CANCELLED_ADVICE : ctx.hint?.(statusCode, serverMessage);
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
        // A cancel during the wait before a retry aborts the request: report the answer it was waiting to retry.
        const res = err instanceof HTTPError || (ctx.cancelled && err.response?.statusCode !== undefined) ? err.response : undefined;
        if (res) {
            const serverMessage = serverMessageOf(res.body);
            return new ObjectStoreApiError({
                operation: ctx.operation,
                method: ctx.method,
                path: ctx.path,
                statusCode: res.statusCode,
                statusText: res.statusMessage,
                serverMessage,
                requestId: requestIdOf(res.headers),
                hint: hint(res.statusCode, serverMessage),
                attempts,
                host,
                secrets: ctx.secrets,
            });
        }
        if (ctx.cancelled && err.code === "ERR_ABORTED") {
            return new ObjectStoreApiError({
                operation: ctx.operation,
                method: ctx.method,
                path: ctx.path,
                code: "CANCELLED",
                detail: `no answer: the run was cancelled before the request was sent, or while it waited for an answer (a request in flight is given ${CANCEL_GRACE_MS / 1000} s)`,
                hint: CANCELLED_ADVICE,
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
            hint: hint(undefined, undefined, err.code),
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

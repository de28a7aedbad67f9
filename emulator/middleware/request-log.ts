import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { MAX_RECORDED_BODY_BYTES } from "../service/request-journal";

/** One line per request: `<ISO time> <METHOD> <url> <status> <ms>ms`. */
export function formatRequestLine(method: string, url: string, status: number, elapsedMs: number, atMs = Date.now()): string {
    return `${new Date(atMs).toISOString()} ${method} ${url} ${status} ${elapsedMs.toFixed(1)}ms`;
}

/**
 * Records each answered request outside the admin API in the context's journal, and emits a log line
 * for each completed request when `ctx.options.log` is set.
 */
export function registerRequestLog(app: FastifyInstance, ctx: EmulatorContext): void {
    const log = ctx.options.log;
    app.addHook("onResponse", async (request, reply) => {
        if (request.routeOptions.config?.area !== "admin") {
            const bodyBytes = Number(request.headers["content-length"] ?? 0) || 0;
            ctx.journal.record({
                atMs: Date.now(),
                method: request.method,
                url: request.url,
                status: reply.statusCode,
                body: bodyBytes <= MAX_RECORDED_BODY_BYTES ? request.body : undefined,
                bodyBytes,
            });
        }
        if (log) log(formatRequestLine(request.method, request.url, reply.statusCode, reply.elapsedTime));
    });
}

import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";

/** One line per request: `<ISO time> <METHOD> <url> <status> <ms>ms`. */
export function formatRequestLine(method: string, url: string, status: number, elapsedMs: number, atMs = Date.now()): string {
  return `${new Date(atMs).toISOString()} ${method} ${url} ${status} ${elapsedMs.toFixed(1)}ms`;
}

/** Emits a log line for each completed request when `ctx.options.log` is set. */
export function registerRequestLog(app: FastifyInstance, ctx: EmulatorContext): void {
  const log = ctx.options.log;
  if (!log) return;
  app.addHook("onResponse", async (request, reply) => {
    log(formatRequestLine(request.method, request.url, reply.statusCode, reply.elapsedTime));
  });
}

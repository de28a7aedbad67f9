import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";

/**
 * Fault injection (rules from POST /_emulator/faults) for every route except /_emulator:
 * optional latency, then either a destroyed connection (`reset`) or an error response with
 * `status` (and `Retry-After` when `retryAfterSeconds` is set).
 */
export function registerFaultMiddleware(app: FastifyInstance, ctx: EmulatorContext): void {
    app.addHook("onRequest", async (request, reply) => {
        const area = request.routeOptions.config?.area;
        if (!area || area === "admin") return;
        const rule = ctx.faults.match(request.method, request.url.split("?")[0]);
        if (!rule) return;
        if (rule.latencyMs) await sleep(rule.latencyMs);
        if (rule.reset) {
            reply.hijack();
            request.raw.socket.destroy();
            return;
        }
        if (rule.status !== undefined) {
            const headers: Record<string, string> = {};
            if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
            throw httpErrors.fromStatus(rule.status, `injected fault ${rule.id} (status ${rule.status})`, headers);
        }
    });
}

import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";
import { partitionRef, type DataPlaneParams } from "../routes/paths";
import type { KeyDeletion } from "../service/faults";

/** Journal status of a request whose connection a `reset` fault destroyed (no HTTP answer was sent). */
export const RESET_STATUS = 0;

/**
 * Fault injection (rules from POST /_emulator/faults) for every route except /_emulator. A request
 * that a rule fails waits the summed latency of the hitting rules, then gets either a destroyed
 * connection (`reset`, journaled with status 0) or an error response with `status` (and
 * `Retry-After` when `retryAfterSeconds` is set). A request that is only delayed waits after its
 * body has been read, just before it is handled: a client that goes away during the delay (killed,
 * timed out) does not stop it, as on a real service, so tests can land writes whose answer nobody
 * receives. A `resetAfterHandling` rule lets the request be carried out (after the same delay) and
 * destroys the connection instead of sending the answer: the journal records the status the
 * emulator would have answered, with `answerLost: true`. A `deleteKeysMatching` rule deletes keys of
 * the partition the request names just before it is handled (after the delay), as an application
 * deleting keys while a client pages through a listing.
 */
export function registerFaultMiddleware(app: FastifyInstance, ctx: EmulatorContext): void {
    const pendingDelayMs = new WeakMap<FastifyRequest, number>();
    const pendingDeletions = new WeakMap<FastifyRequest, KeyDeletion[]>();
    const answerLost = new WeakSet<FastifyRequest>();
    app.addHook("onRequest", async (request, reply) => {
        const area = request.routeOptions.config?.area;
        if (!area || area === "admin") return;
        const { delayMs, deletions, failure: rule } = ctx.faults.match(request.method, request.url.split("?")[0]);
        if (!rule || rule.resetAfterHandling) {
            if (delayMs > 0) pendingDelayMs.set(request, delayMs);
            if (deletions.length > 0) pendingDeletions.set(request, deletions);
            if (rule) answerLost.add(request);
            return;
        }
        if (delayMs > 0) await sleep(delayMs);
        if (rule.reset) {
            reply.hijack();
            request.raw.socket.destroy();
            ctx.journal.record({ atMs: Date.now(), method: request.method, url: request.url, status: RESET_STATUS, bodyBytes: 0 });
            return;
        }
        if (rule.status !== undefined) {
            const headers: Record<string, string> = {};
            if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
            throw httpErrors.fromStatus(rule.status, `injected fault ${rule.id} (status ${rule.status})`, headers);
        }
    });
    app.addHook("preHandler", async (request) => {
        const delayMs = pendingDelayMs.get(request);
        if (delayMs !== undefined) await sleep(delayMs);
        const deletions = pendingDeletions.get(request) ?? [];
        const params = request.params as DataPlaneParams;
        if (deletions.length === 0 || params.partitionId === undefined) return;
        const ref = partitionRef(params);
        for (const d of deletions) ctx.service.deleteKeysMatching(ref, d.pattern, d.count);
    });
    app.addHook("onSend", async (request, reply, payload) => {
        if (!answerLost.has(request)) return payload;
        ctx.journal.record({
            atMs: Date.now(),
            method: request.method,
            url: request.url,
            status: reply.statusCode,
            bodyBytes: Number(request.headers["content-length"] ?? 0) || 0,
            answerLost: true,
        });
        request.raw.socket.destroy();
        return payload;
    });
}

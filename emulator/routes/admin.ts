import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";
import type { FaultRuleInput } from "../service/faults";
import { emptyBodyAsObject } from "./schemas";

const clockBodySchema = {
    type: "object",
    additionalProperties: false,
    properties: { nowMs: { type: "integer" }, advanceSeconds: { type: "number", minimum: 0 } },
} as const;

const faultBodySchema = {
    type: "object",
    additionalProperties: false,
    properties: {
        method: { type: "string" },
        route: { type: "string" },
        probability: { type: "number", minimum: 0, maximum: 1 },
        status: { type: "integer", minimum: 400, maximum: 599 },
        retryAfterSeconds: { type: "integer", minimum: 0 },
        latencyMs: { type: "integer", minimum: 0, maximum: 120000 },
        latencyMaxMs: { type: "integer", minimum: 0, maximum: 120000 },
        reset: { type: "boolean" },
        resetAfterHandling: { type: "boolean" },
        deleteKeysMatching: { type: "string" },
        deleteKeysCount: { type: "integer", minimum: 1 },
        times: { type: "integer", minimum: 1 },
    },
} as const;

/** Clears everything: data, pending confirmations, tokens, faults, stats, rate-limit buckets, clock offset. */
export function resetEmulator(ctx: EmulatorContext): void {
    ctx.storage.wipe();
    ctx.clock.reset();
    ctx.tokens.clear();
    ctx.faults.clear();
    ctx.stats.clear();
    ctx.rateLimiter?.clear();
    ctx.journal.clear();
}

/**
 * Admin API under /_emulator (never auth-protected, never rate-limited, no faults):
 * health, reset, state dump, virtual clock, fault rules, and the journal of answered requests.
 */
export function registerAdminRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const config = { area: "admin" as const };
    const clockView = () => {
        const nowMs = ctx.clock.nowMs();
        return { nowMs, now: new Date(nowMs).toISOString(), offsetMs: ctx.clock.getOffsetMs() };
    };

    app.get("/_emulator/health", { config }, async () => ({
        status: "ok",
        backend: ctx.storage.kind,
        auth: ctx.options.auth,
        region: ctx.options.region,
        rateLimitRequestsPerSecond: ctx.options.requestsPerSecond,
        valueListing: ctx.options.valueListing,
        paging: ctx.options.paging,
        keyPost: ctx.options.keyPost,
    }));

    app.post("/_emulator/reset", { config }, async (_req, reply) => {
        resetEmulator(ctx);
        return reply.code(204).send();
    });

    app.get("/_emulator/state", { config }, async () => ctx.service.dumpState());

    app.get("/_emulator/clock", { config }, async () => clockView());

    app.post<{ Body: { nowMs?: number; advanceSeconds?: number } | undefined }>(
        "/_emulator/clock",
        { config, preValidation: emptyBodyAsObject, schema: { body: clockBodySchema } },
        async (req) => {
            const body = req.body ?? {};
            if ((body.nowMs === undefined) === (body.advanceSeconds === undefined)) {
                throw httpErrors.invalidBody('give exactly one of "nowMs" (epoch ms) or "advanceSeconds"');
            }
            try {
                if (body.advanceSeconds !== undefined) ctx.clock.advanceSeconds(body.advanceSeconds);
                else ctx.clock.setNowMs(body.nowMs!);
            } catch (e) {
                throw httpErrors.invalidBody(`${(e as Error).message} (now is ${ctx.clock.nowMs()})`);
            }
            return clockView();
        },
    );

    app.get<{ Querystring: { since?: string } }>("/_emulator/requests", { config }, async (req) => {
        const since = Number(req.query.since ?? 0);
        if (!Number.isInteger(since) || since < 0) throw httpErrors.invalidBody('"since" must be a sequence number (an integer >= 0)');
        return { requests: ctx.journal.list(since), lastSeq: ctx.journal.lastSeq() };
    });

    app.delete("/_emulator/requests", { config }, async (_req, reply) => {
        ctx.journal.clear();
        return reply.code(204).send();
    });

    app.get("/_emulator/faults", { config }, async () => ({ faults: ctx.faults.list() }));

    app.post<{ Body: FaultRuleInput }>(
        "/_emulator/faults",
        { config, preValidation: emptyBodyAsObject, schema: { body: faultBodySchema } },
        async (req, reply) => reply.code(201).send(ctx.faults.add(req.body ?? {})),
    );

    app.delete("/_emulator/faults", { config }, async (_req, reply) => {
        ctx.faults.clear();
        return reply.code(204).send();
    });

    app.delete<{ Params: { id: string } }>("/_emulator/faults/:id", { config }, async (req, reply) => {
        if (!ctx.faults.remove(req.params.id)) throw httpErrors.notFound(`fault rule ${JSON.stringify(req.params.id)} does not exist`);
        return reply.code(204).send();
    });
}

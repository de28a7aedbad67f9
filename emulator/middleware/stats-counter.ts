import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";

/** Counts every 2xx data-plane response for the Stats API, at the virtual clock's time. */
export function registerStatsCounter(app: FastifyInstance, ctx: EmulatorContext): void {
    app.addHook("onResponse", async (request, reply) => {
        if (request.routeOptions.config?.area !== "data") return;
        if (reply.statusCode < 200 || reply.statusCode >= 300) return;
        const params = request.params as { orgId: string; envId: string; storeId?: string };
        ctx.stats.record(
            { organizationId: params.orgId, environmentId: params.envId, regionId: ctx.options.region, storeId: params.storeId },
            ctx.clock.nowMs(),
        );
    });
}

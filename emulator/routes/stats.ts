import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { PERMISSIONS } from "../permissions";
import { parseStatsWindow } from "../service/stats";

type StatsParams = { orgId: string; envId?: string; regionId?: string; storeId?: string };
type StatsQuery = { startDate?: string; endDate?: string; period?: string; isMaster?: string };

const querySchema = {
    type: "object",
    properties: {
        startDate: { type: "string" },
        endDate: { type: "string" },
        period: { type: "string" },
        isMaster: { type: "string", enum: ["true", "false"] },
    },
} as const;

/**
 * Object Store v2 Stats API [DOC S1 "Object Store v2 Stats API"], served on the emulator's own
 * host: GET /api/v1/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{store}]]].
 * The response is a bare array of {timeStamp, objectStoreRequestCount}, one element per period.
 * isMaster=true adds sub-organizations; the demo organization is a root org without any.
 */
export function registerStatsRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const config = { area: "stats" as const, permission: PERMISSIONS.viewMetrics };
    const handler = async (req: { params: StatsParams; query: StatsQuery }) => {
        const window = parseStatsWindow(req.query);
        const p = req.params;
        return ctx.stats.query({ organizationId: p.orgId, environmentId: p.envId, regionId: p.regionId, storeId: p.storeId, ...window });
    };
    const base = "/api/v1/organizations/:orgId";
    for (const path of [
        base,
        `${base}/environments/:envId`,
        `${base}/environments/:envId/regions/:regionId`,
        `${base}/environments/:envId/regions/:regionId/stores/:storeId`,
    ]) {
        app.get<{ Params: StatsParams; Querystring: StatsQuery }>(path, { config, schema: { querystring: querySchema } }, handler);
    }
}

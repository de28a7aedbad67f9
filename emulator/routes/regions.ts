import type { FastifyInstance } from "fastify";
import { US_CONTROL_PLANE_REGIONS } from "../config";
import type { EmulatorContext } from "../context";

/** Region entry of GET /api/v1/organizations/{org}/regions [DOC S1]. */
export interface RegionObject {
    id: string;
    name: string;
    url: string;
}

/**
 * The US control plane regions of the docs' BASE_URL table, with their real regional hostnames
 * (https://object-store-{id}.anypoint.mulesoft.com); the emulator's own --region is appended when
 * it is not one of them.
 */
export function regionList(emulatorRegion: string): RegionObject[] {
    const regions = US_CONTROL_PLANE_REGIONS.map((r) => ({
        id: r.id,
        name: r.name,
        url: `https://object-store-${r.id}.anypoint.mulesoft.com`,
    }));
    if (!regions.some((r) => r.id === emulatorRegion)) {
        regions.push({
            id: emulatorRegion,
            name: `${emulatorRegion} (emulator)`,
            url: `https://object-store-${emulatorRegion}.anypoint.mulesoft.com`,
        });
    }
    return regions;
}

/** GET /api/v1/organizations/{orgId}/regions: a bare JSON array; needs no token [DOC S1, S2 op 19]. */
export function registerRegionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    app.get("/api/v1/organizations/:orgId/regions", { config: { area: "regions" } }, async () => regionList(ctx.options.region));
}

import type { FastifyInstance } from "fastify";
import type { EmulatorContext, ValueListingMode } from "../context";
import { resolvePageSize } from "../model/pagination";
import { normalizeKeyText } from "../model/ids";
import type { Inclusion } from "../service/object-store";
import { PARTITION, S, partitionRef, storeRef, type DataPlaneParams } from "./paths";
import { pageQuerySchema, valuesQuerySchema } from "./schemas";
import { PERMISSIONS } from "../permissions";

type PageQuery = { pageSize?: string; nextPageToken?: string; beginsWith?: string };

/** What the value listing answers for `requested` in a {@link ValueListingMode}. Pure. */
export function servedInclusion(mode: ValueListingMode, requested: Inclusion): Inclusion {
    if (mode === "keys-only") return "KEYS";
    if (mode === "no-key-ids") return "VALUES";
    return requested;
}

/**
 * Partition routes [DOC S1, S2 operations 6-10] plus the bulk deletes named in the billing table
 * [DOC S5]: GET S/partitions, DELETE S/partitions, GET/HEAD/DELETE S/partitions/{p},
 * GET/DELETE S/partitions/{p}/keys.
 */
export function registerPartitionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const config = { area: "data" as const, permission: PERMISSIONS.manageStoreData };

    app.get<{ Params: DataPlaneParams; Querystring: PageQuery }>(
        `${S}/partitions`,
        { config, schema: { querystring: pageQuerySchema } },
        async (req) =>
            ctx.service.listPartitions(storeRef(req.params), {
                pageSize: resolvePageSize(req.query.pageSize),
                nextPageToken: req.query.nextPageToken,
            }),
    );

    app.delete<{ Params: DataPlaneParams }>(`${S}/partitions`, { config }, async (req, reply) => {
        ctx.service.deleteAllPartitions(storeRef(req.params));
        return reply.code(204).send();
    });

    app.get<{ Params: DataPlaneParams; Querystring: PageQuery & { inclusion?: Inclusion } }>(
        PARTITION,
        { config, schema: { querystring: valuesQuerySchema } },
        async (req) =>
            ctx.service.listValues(partitionRef(req.params), {
                pageSize: resolvePageSize(req.query.pageSize),
                nextPageToken: req.query.nextPageToken,
                inclusion: servedInclusion(ctx.options.valueListing, req.query.inclusion ?? "ALL"),
            }),
    );

    app.head<{ Params: DataPlaneParams }>(PARTITION, { config }, async (req, reply) => {
        const exists = ctx.service.partitionExists(partitionRef(req.params));
        return reply.code(exists ? 200 : 404).send();
    });

    app.delete<{ Params: DataPlaneParams }>(PARTITION, { config }, async (req, reply) => {
        ctx.service.deletePartition(partitionRef(req.params));
        return reply.code(204).send();
    });

    app.get<{ Params: DataPlaneParams; Querystring: PageQuery }>(
        `${PARTITION}/keys`,
        { config, schema: { querystring: pageQuerySchema } },
        async (req) =>
            ctx.service.listKeys(partitionRef(req.params), {
                pageSize: resolvePageSize(req.query.pageSize),
                nextPageToken: req.query.nextPageToken,
                beginsWith: req.query.beginsWith ? normalizeKeyText(req.query.beginsWith) : undefined,
            }),
    );

    app.delete<{ Params: DataPlaneParams }>(`${PARTITION}/keys`, { config }, async (req, reply) => {
        ctx.service.deleteAllKeys(partitionRef(req.params));
        return reply.code(204).send();
    });
}

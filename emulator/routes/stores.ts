import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { resolvePageSize } from "../model/pagination";
import type { StoreBody } from "../model/stores";
import { PERMISSIONS } from "../permissions";
import { P, S, storeRef, type DataPlaneParams } from "./paths";
import { emptyBodyAsObject, pageQuerySchema, storeBodySchema } from "./schemas";

type PageQuery = { pageSize?: string; nextPageToken?: string; beginsWith?: string };

/**
 * Store routes: GET P/stores, GET/PUT/PATCH/DELETE S [DOC S1, S2 operations 1-5]. Reads need View
 * stores, Manage stores or Manage stores data; writes need Manage stores (permissions.ts).
 */
export function registerStoreRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const read = { area: "data" as const, permission: PERMISSIONS.viewStores };
    const write = { area: "data" as const, permission: PERMISSIONS.manageStores };

    app.get<{ Params: DataPlaneParams; Querystring: PageQuery }>(
        `${P}/stores`,
        { config: read, schema: { querystring: pageQuerySchema } },
        async (req) => {
            const q = req.query;
            return ctx.service.listStores(
                { organizationId: req.params.orgId, environmentId: req.params.envId },
                { pageSize: resolvePageSize(q.pageSize), nextPageToken: q.nextPageToken, beginsWith: q.beginsWith || undefined },
            );
        },
    );

    app.get<{ Params: DataPlaneParams }>(S, { config: read }, async (req) => ctx.service.getStore(storeRef(req.params)));

    app.put<{ Params: DataPlaneParams; Body: StoreBody | undefined }>(
        S,
        { config: write, preValidation: emptyBodyAsObject, schema: { body: storeBodySchema } },
        async (req, reply) => {
            const { store, created } = ctx.service.putStore(storeRef(req.params), req.body ?? {});
            return reply.code(created ? 201 : 200).send(store);
        },
    );

    app.patch<{ Params: DataPlaneParams; Body: StoreBody | undefined }>(
        S,
        { config: write, preValidation: emptyBodyAsObject, schema: { body: storeBodySchema } },
        async (req) => ctx.service.patchStore(storeRef(req.params), req.body ?? {}),
    );

    app.delete<{ Params: DataPlaneParams }>(S, { config: write }, async (req, reply) => {
        ctx.service.deleteStore(storeRef(req.params));
        return reply.code(204).send();
    });
}

import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { K, keyRef, type DataPlaneParams } from "./paths";
import { confirmationPatchBodySchema } from "./schemas";
import { PERMISSIONS } from "../permissions";

/**
 * Confirmation routes [DOC S2 operations 16-18]: POST (ack, 204), DELETE (nack, 204) and PATCH
 * (extend, body {"ttlSeconds": n}, 200) on K/confirmations/{confirmationId}.
 */
export function registerConfirmationRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const config = { area: "data" as const, permission: PERMISSIONS.manageStoreData };
    const path = `${K}/confirmations/:confirmationId`;

    app.post<{ Params: DataPlaneParams & { confirmationId: string } }>(path, { config }, async (req, reply) => {
        ctx.service.ackConfirmation(keyRef(req.params), req.params.confirmationId);
        return reply.code(204).send();
    });

    app.delete<{ Params: DataPlaneParams & { confirmationId: string } }>(path, { config }, async (req, reply) => {
        ctx.service.nackConfirmation(keyRef(req.params), req.params.confirmationId);
        return reply.code(204).send();
    });

    app.patch<{ Params: DataPlaneParams & { confirmationId: string }; Body: { ttlSeconds: number } }>(
        path,
        { config, schema: { body: confirmationPatchBodySchema } },
        async (req) => ctx.service.extendConfirmation(keyRef(req.params), req.params.confirmationId, req.body.ttlSeconds),
    );
}

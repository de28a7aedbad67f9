import type { FastifyInstance, FastifyReply } from "fastify";
import { CONFIRMATION_ID_HEADER, NUMBER_OPERATION_MEDIA_TYPE, USAGE_WARNING_HEADER } from "../config";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";
import { parseValueBody, type ValueBody } from "../model/values";
import type { NumberOperation, WriteResult } from "../service/object-store";
import { K, keyRef, type DataPlaneParams } from "./paths";
import { confirmableQuerySchema, numberOperationBodySchema, valueBodySchema } from "./schemas";
import { PERMISSIONS } from "../permissions";

type ConfirmableQuery = { confirmable?: "true" | "false" };

/** Sends a write result: status, usage-warning header and confirmation id header. */
function sendWrite(reply: FastifyReply, result: WriteResult, status: number): FastifyReply {
    if (result.usageWarnings.length > 0) reply.header(USAGE_WARNING_HEADER, result.usageWarnings.join(","));
    if (result.confirmationId) reply.header(CONFIRMATION_ID_HEADER, result.confirmationId);
    return reply.code(status).send(result.value);
}

function requireJsonObject(body: unknown): ValueBody {
    if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
        throw httpErrors.invalidBody(
            'the request body must be a JSON value object, e.g. {"stringValue":"hello"}, sent with Content-Type: application/json',
        );
    }
    return body as ValueBody;
}

/**
 * Key routes [DOC S1, S2 operations 11-15]: GET/HEAD/PUT/POST/DELETE K.
 * PUT = create (201) or replace (200); POST application/json = create only (201, 409 if the key
 * exists), or with `keyPost: "overwrite"` a write like PUT answered 201 either way; POST with the
 * number-operation media type = atomic INCREMENT/DECREMENT (200).
 */
export function registerKeyRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const config = { area: "data" as const, permission: PERMISSIONS.manageStoreData };

    app.get<{ Params: DataPlaneParams; Querystring: ConfirmableQuery }>(
        K,
        { config, schema: { querystring: confirmableQuerySchema } },
        async (req) => ctx.service.getValue(keyRef(req.params), { confirmable: req.query.confirmable === "true" }),
    );

    app.head<{ Params: DataPlaneParams; Querystring: ConfirmableQuery }>(
        K,
        { config, schema: { querystring: confirmableQuerySchema } },
        async (req, reply) => {
            const exists = ctx.service.keyExists(keyRef(req.params), { confirmable: req.query.confirmable === "true" });
            return reply.code(exists ? 200 : 404).send();
        },
    );

    app.put<{ Params: DataPlaneParams; Querystring: ConfirmableQuery; Body: ValueBody }>(
        K,
        { config, schema: { querystring: confirmableQuerySchema, body: { content: { "application/json": { schema: valueBodySchema } } } } },
        async (req, reply) => {
            const ref = keyRef(req.params);
            const value = parseValueBody(ref.keyId, requireJsonObject(req.body));
            const result = ctx.service.writeValue(ref, value, { createOnly: false, confirmable: req.query.confirmable === "true" });
            return sendWrite(reply, result, result.created ? 201 : 200);
        },
    );

    app.post<{ Params: DataPlaneParams; Querystring: ConfirmableQuery; Body: ValueBody | NumberOperation }>(
        K,
        {
            config,
            schema: {
                querystring: confirmableQuerySchema,
                body: {
                    content: {
                        "application/json": { schema: valueBodySchema },
                        [NUMBER_OPERATION_MEDIA_TYPE]: { schema: numberOperationBodySchema },
                    },
                },
            },
        },
        async (req, reply) => {
            const ref = keyRef(req.params);
            const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
            if (contentType.startsWith(NUMBER_OPERATION_MEDIA_TYPE)) {
                const result = ctx.service.applyNumberOperation(ref, requireJsonObject(req.body) as NumberOperation);
                return sendWrite(reply, result, 200);
            }
            const value = parseValueBody(ref.keyId, requireJsonObject(req.body));
            const createOnly = ctx.options.keyPost === "create-only";
            const result = ctx.service.writeValue(ref, value, { createOnly, confirmable: req.query.confirmable === "true" });
            return sendWrite(reply, result, 201);
        },
    );

    app.delete<{ Params: DataPlaneParams }>(K, { config }, async (req, reply) => {
        ctx.service.deleteValue(keyRef(req.params));
        return reply.code(204).send();
    });
}

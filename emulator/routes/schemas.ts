/**
 * JSON schemas for request bodies and query strings (validated by fastify/ajv; coercion is off,
 * so query values are strings and body types are exact).
 */

/** preValidation hook: a missing body counts as `{}` (PUT S without a body creates a default store). */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
    if (request.body === undefined || request.body === null) request.body = {};
}

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });

/** Query of list routes. pageSize is parsed by resolvePageSize (strings here). */
export const pageQuerySchema = {
    type: "object",
    properties: {
        pageSize: { type: "string" },
        nextPageToken: { type: "string" },
        beginsWith: { type: "string" },
    },
} as const;

export const confirmableQuerySchema = {
    type: "object",
    properties: { confirmable: { type: "string", enum: ["true", "false"] } },
} as const;

export const valuesQuerySchema = {
    type: "object",
    properties: {
        ...pageQuerySchema.properties,
        inclusion: { type: "string", enum: ["KEYS", "VALUES", "ALL"] },
    },
} as const;

/** Body of PUT S / PATCH S. Unknown fields are rejected. */
export const storeBodySchema = {
    type: "object",
    additionalProperties: false,
    properties: {
        storeId: { type: "string" },
        defaultTtlSeconds: { type: "integer" },
        defaultTtlMillis: { type: "integer" },
        defaultConfirmationTtlSeconds: { type: "integer" },
        defaultConfirmationTtlMillis: { type: "integer" },
        persistent: { type: "boolean" },
        encrypted: { type: "boolean" },
        isFixedTtl: nullable({ type: "boolean" }),
        usageLimits: nullable({
            type: "object",
            additionalProperties: false,
            properties: {
                maxKeys: nullable({ type: "integer", minimum: 0 }),
                maxSizeBytes: nullable({ type: "integer", minimum: 0 }),
                enforcement: { type: "string", enum: ["REJECT", "WARN"] },
            },
        }),
    },
} as const;

/** Body of PUT/POST K (application/json). null counts as absent. */
export const valueBodySchema = {
    type: "object",
    additionalProperties: false,
    properties: {
        keyId: nullable({ type: "string" }),
        valueType: nullable({ type: "string", enum: ["STRING", "NUMBER", "BINARY"] }),
        stringValue: nullable({ type: "string" }),
        numberValue: nullable({ type: "number" }),
        binaryValue: nullable({ type: "string" }),
        metadata: nullable({ type: "string" }),
    },
} as const;

/** Body of POST K with application/vnd.objectstore.v1.numberoperation+json (emulator choice). */
export const numberOperationBodySchema = {
    type: "object",
    additionalProperties: false,
    required: ["operation"],
    properties: {
        operation: { type: "string", enum: ["INCREMENT", "DECREMENT"] },
        delta: { type: "number" },
    },
} as const;

/** Body of PATCH K/confirmations/{id} (emulator choice). */
export const confirmationPatchBodySchema = {
    type: "object",
    additionalProperties: false,
    required: ["ttlSeconds"],
    properties: { ttlSeconds: { type: "integer", minimum: 1, maximum: 2_592_000 } },
} as const;

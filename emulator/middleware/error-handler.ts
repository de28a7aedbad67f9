import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EmulatorHttpError, httpErrors, kindForStatus } from "../errors";

interface AjvLikeError {
    keyword: string;
    instancePath: string;
    params: Record<string, unknown>;
    message?: string;
    data?: unknown;
}

const PART_LABEL: Record<string, string> = { body: "request body", querystring: "query", params: "path", headers: "headers" };

/**
 * Turns JSON-schema (ajv) errors into one message that names the field, the value and the rule,
 * e.g. `unknown field "foo" in request body` or `field "defaultTtlSeconds" must be integer (got "x")`.
 */
export function formatSchemaErrors(errors: AjvLikeError[], dataVar: string): Error {
    const part = PART_LABEL[dataVar] ?? dataVar;
    const messages = errors.map((e) => {
        const field = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
        if (e.keyword === "additionalProperties") {
            const name = [field, String(e.params.additionalProperty)].filter(Boolean).join(".");
            return `unknown field ${JSON.stringify(name)} in ${part}`;
        }
        if (e.keyword === "required") {
            const name = [field, String(e.params.missingProperty)].filter(Boolean).join(".");
            return `field ${JSON.stringify(name)} is required in ${part}`;
        }
        const got = e.data === undefined ? "" : ` (got ${JSON.stringify(e.data)})`;
        const allowed = e.keyword === "enum" ? `: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` : "";
        return field ? `field ${JSON.stringify(field)} in ${part} ${e.message}${allowed}${got}` : `${part} ${e.message}${allowed}${got}`;
    });
    const error = dataVar === "body" ? httpErrors.invalidBody(messages.join("; ")) : httpErrors.invalidParam(messages.join("; "));
    return error;
}

/** Maps any thrown error onto the emulator's error body. */
export function toHttpError(error: unknown): EmulatorHttpError {
    if (error instanceof EmulatorHttpError) return error;
    const e = error as FastifyError & { validation?: unknown; validationContext?: string };
    if (e.validation) return e.validationContext === "body" ? httpErrors.invalidBody(e.message) : httpErrors.invalidParam(e.message);
    switch (e.code) {
        case "FST_ERR_CTP_BODY_TOO_LARGE":
            return httpErrors.payloadTooLarge(
                `request body is larger than the emulator's limit of ${e.message.match(/\d+/)?.[0] ?? "16777216"} bytes`,
            );
        case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
            return httpErrors.unsupportedMediaType(`unsupported Content-Type; send application/json (${e.message})`);
        case "FST_ERR_CTP_EMPTY_JSON_BODY":
            return httpErrors.invalidBody("Content-Type is application/json but the body is empty");
        case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
            return httpErrors.invalidBody("request body length does not match Content-Length");
        case "FST_ERR_BAD_URL":
            return httpErrors.invalidParam(`the URL is not valid: ${e.message}`);
    }
    if (e instanceof SyntaxError || e.statusCode === 400) return httpErrors.invalidBody(`request body is not valid JSON: ${e.message}`);
    if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
        return new EmulatorHttpError(e.statusCode, kindForStatus(e.statusCode), e.message);
    }
    return httpErrors.internal(`internal emulator error: ${(e as Error)?.message ?? String(error)}`);
}

/** Sends an error response with the emulator's error body and headers. */
export function sendError(reply: FastifyReply, error: EmulatorHttpError): FastifyReply {
    reply.code(error.status).headers(error.headers).type("application/json; charset=utf-8");
    return reply.send(error.toBody());
}

/** Installs the error handler and the 404 handler for unknown routes. */
export function registerErrorHandling(app: FastifyInstance): void {
    app.setErrorHandler((error: unknown, _request: FastifyRequest, reply: FastifyReply) => {
        const httpError = toHttpError(error);
        if (httpError.status >= 500 && !(error instanceof EmulatorHttpError)) console.error(error);
        return sendError(reply, httpError);
    });
    app.setNotFoundHandler((request, reply) =>
        sendError(reply, httpErrors.notFound(`no route ${request.method} ${request.url.split("?")[0]} on the OSv2 emulator`)),
    );
}

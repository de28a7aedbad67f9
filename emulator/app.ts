import Fastify, { type FastifyInstance } from "fastify";
import { LIMITS, NUMBER_OPERATION_MEDIA_TYPE } from "./config";
import type { EmulatorContext } from "./context";
import { registerAuthMiddleware } from "./middleware/auth";
import { formatSchemaErrors, registerErrorHandling } from "./middleware/error-handler";
import { registerFaultMiddleware } from "./middleware/faults";
import { registerRateLimitMiddleware } from "./middleware/rate-limit";
import { registerRequestLog } from "./middleware/request-log";
import { registerStatsCounter } from "./middleware/stats-counter";
import { registerAccountRoutes } from "./routes/accounts";
import { registerAdminRoutes } from "./routes/admin";
import { registerConfirmationRoutes } from "./routes/confirmations";
import { registerKeyRoutes } from "./routes/keys";
import { registerPartitionRoutes } from "./routes/partitions";
import { registerRegionRoutes } from "./routes/regions";
import { registerStatsRoutes } from "./routes/stats";
import { registerStoreRoutes } from "./routes/stores";

function parseJsonText(body: string): unknown {
    if (body.length === 0) return undefined;
    try {
        return JSON.parse(body);
    } catch (e) {
        const error = new SyntaxError(`request body is not valid JSON: ${(e as Error).message}`);
        (error as SyntaxError & { statusCode: number }).statusCode = 400;
        throw error;
    }
}

/**
 * Builds the fastify application of one emulator instance: body parsers, middlewares (in this
 * order: faults, auth, rate limit; then stats counting and request log on response), routes by
 * area, and the error handler.
 */
export function buildApp(ctx: EmulatorContext): FastifyInstance {
    const app = Fastify({
        logger: false,
        bodyLimit: LIMITS.bodyLimitBytes,
        exposeHeadRoutes: false,
        forceCloseConnections: true,
        routerOptions: { maxParamLength: LIMITS.maxPathParamChars, ignoreDuplicateSlashes: false },
        ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, verbose: true } },
        schemaErrorFormatter: (errors, dataVar) => formatSchemaErrors(errors as never, dataVar),
    });

    // JSON parsers: an empty body is "no body" (clients that always send Content-Type: application/json
    // on DELETE/HEAD must not get a 400); routes that need a body say so themselves.
    app.removeContentTypeParser("application/json");
    for (const mediaType of ["application/json", NUMBER_OPERATION_MEDIA_TYPE]) {
        app.addContentTypeParser(mediaType, { parseAs: "string" }, (_req, body, done) => {
            try {
                done(null, parseJsonText(body as string));
            } catch (e) {
                done(e as Error, undefined);
            }
        });
    }
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    registerErrorHandling(app);
    registerFaultMiddleware(app, ctx);
    registerAuthMiddleware(app, ctx);
    registerRateLimitMiddleware(app, ctx);
    registerStatsCounter(app, ctx);
    registerRequestLog(app, ctx);

    registerRegionRoutes(app, ctx);
    registerStatsRoutes(app, ctx);
    registerStoreRoutes(app, ctx);
    registerPartitionRoutes(app, ctx);
    registerKeyRoutes(app, ctx);
    registerConfirmationRoutes(app, ctx);
    registerAccountRoutes(app, ctx);
    registerAdminRoutes(app, ctx);
    return app;
}

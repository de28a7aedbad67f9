import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";

/**
 * Rate limit on data-plane routes, per application (the token's client id or username): a
 * request takes a token from its bucket, and gets it back when the response is not 2xx (only 2xx
 * responses count, DOC S5). Past the limit: 429 TooManyRequests with Retry-After.
 */
export function registerRateLimitMiddleware(app: FastifyInstance, ctx: EmulatorContext): void {
    const limiter = ctx.rateLimiter;
    app.decorateRequest("rateLimitIdentity", null);
    if (!limiter) return;
    app.addHook("onRequest", async (request) => {
        if (request.routeOptions.config?.area !== "data") return;
        const identity = request.principal?.id ?? "anonymous";
        const retryAfterSeconds = limiter.reserve(identity);
        if (retryAfterSeconds > 0) {
            throw httpErrors.tooManyRequests(
                `rate limit of ${limiter.requestsPerSecond} requests per second exceeded for application ${JSON.stringify(identity)}; retry after ${retryAfterSeconds} s`,
                retryAfterSeconds,
            );
        }
        request.rateLimitIdentity = identity;
    });
    app.addHook("onResponse", async (request, reply) => {
        if (request.rateLimitIdentity && (reply.statusCode < 200 || reply.statusCode >= 300)) limiter.refund(request.rateLimitIdentity);
    });
}

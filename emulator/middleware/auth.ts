import type { FastifyInstance, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";
import type { Principal } from "../identity";
import { parseBearer } from "../tokens";

/**
 * Resolves the caller of a request under the configured auth mode.
 * strict: `Authorization: Bearer <token issued by this emulator>`; missing/unknown/expired is 401.
 * any: any non-empty bearer token. off: nothing is checked.
 */
export function authenticate(ctx: EmulatorContext, request: FastifyRequest): Principal {
    const mode = ctx.options.auth;
    if (mode === "off") return ctx.directory.anonymous();
    const header = request.headers.authorization;
    const token = parseBearer(header);
    if (!token) {
        throw httpErrors.unauthorized(
            header
                ? "the Authorization header must be 'Bearer <token>'"
                : "missing Authorization header; send 'Authorization: Bearer <token>'",
        );
    }
    const lookup = ctx.tokens.lookup(token, ctx.clock.nowMs());
    if (mode === "any") return lookup.status === "unknown" ? ctx.directory.anonymous(`bearer:${token}`) : lookup.token.principal;
    if (lookup.status === "unknown") {
        throw httpErrors.unauthorized(
            "the access token was not issued by this emulator (or was revoked by a reset); get one from POST /accounts/api/v2/oauth2/token",
        );
    }
    if (lookup.status === "expired") {
        throw httpErrors.unauthorized(`the access token expired at ${new Date(lookup.token.expiresAtMs).toISOString()}; get a new one`);
    }
    return lookup.token.principal;
}

/**
 * strict mode only: the token's organization must be {orgId}, and {envId} (when present) one of
 * its environments, else 403.
 */
export function authorizeScope(ctx: EmulatorContext, principal: Principal, params: { orgId?: string; envId?: string }): void {
    if (ctx.options.auth !== "strict") return;
    if (params.orgId !== undefined && params.orgId !== principal.organizationId) {
        throw httpErrors.forbidden(
            `the token of ${principal.kind} ${JSON.stringify(principal.id)} belongs to organization ${principal.organizationId}, not ${JSON.stringify(params.orgId)}`,
        );
    }
    if (params.envId !== undefined && !ctx.directory.hasEnvironment(principal.organizationId, params.envId)) {
        throw httpErrors.forbidden(
            `environment ${JSON.stringify(params.envId)} is not an environment of organization ${principal.organizationId}`,
        );
    }
}

/** Auth for data-plane and Stats routes (regions, accounts and admin routes handle their own). */
export function registerAuthMiddleware(app: FastifyInstance, ctx: EmulatorContext): void {
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (request) => {
        const area = request.routeOptions.config?.area;
        if (area !== "data" && area !== "stats") return;
        const principal = authenticate(ctx, request);
        authorizeScope(ctx, principal, request.params as { orgId?: string; envId?: string });
        request.principal = principal;
    });
}

import type { FastifyInstance, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";
import type { Principal } from "../identity";
import { missingPermission, type RequiredPermission } from "../permissions";
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

/**
 * strict mode only: a principal with scope grants (a connected app) must hold `permission` on
 * {envId}, or on every environment of the organization for organization-level routes, else 403
 * with a message that names the missing permission as Access Management spells it.
 */
export function authorizePermission(
    ctx: EmulatorContext,
    principal: Principal,
    permission: RequiredPermission | undefined,
    params: { orgId?: string; envId?: string },
): void {
    if (ctx.options.auth !== "strict" || principal.grants === undefined) return;
    // A data or stats route without a declared permission is a bug of the emulator: refuse rather than allow.
    if (permission === undefined) throw httpErrors.internal("this route declares no Object Store permission");
    const environmentIds =
        params.envId !== undefined
            ? [params.envId]
            : (ctx.directory.organization(principal.organizationId)?.environments.map((e) => e.id) ?? []);
    const missing = missingPermission(principal.grants, permission, environmentIds, principal.id);
    if (missing) throw httpErrors.forbidden(missing);
}

/** Auth for data-plane and Stats routes (regions, accounts and admin routes handle their own). */
export function registerAuthMiddleware(app: FastifyInstance, ctx: EmulatorContext): void {
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (request) => {
        const config = request.routeOptions.config;
        if (config?.area !== "data" && config?.area !== "stats") return;
        const principal = authenticate(ctx, request);
        const params = request.params as { orgId?: string; envId?: string };
        authorizeScope(ctx, principal, params);
        authorizePermission(ctx, principal, config.permission, params);
        request.principal = principal;
    });
}

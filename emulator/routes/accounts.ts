import type { FastifyInstance, FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context";
import { httpErrors } from "../errors";
import { DEMO_CREDENTIALS, type Principal } from "../identity";
import { parseBearer } from "../tokens";
import { authorizeScope } from "../middleware/auth";

type ClientCredentialsBody = { client_id?: string; client_secret?: string; grant_type?: string };

const clientCredentialsSchema = {
    type: "object",
    required: ["client_id", "client_secret", "grant_type"],
    properties: { client_id: { type: "string" }, client_secret: { type: "string" }, grant_type: { type: "string" } },
} as const;

const loginSchema = {
    type: "object",
    required: ["username", "password"],
    properties: { username: { type: "string" }, password: { type: "string" } },
} as const;

function requireClientCredentialsGrant(body: ClientCredentialsBody): void {
    if (body.grant_type !== "client_credentials") {
        throw httpErrors.invalidBody(`grant_type ${JSON.stringify(body.grant_type)} is not supported; use "client_credentials"`);
    }
}

/**
 * Caller of /accounts/api/* routes. strict: a valid token of this emulator (401 otherwise).
 * any/off: a valid token's principal if given, else the demo user.
 */
function accountsPrincipal(ctx: EmulatorContext, request: FastifyRequest): Principal {
    const token = parseBearer(request.headers.authorization);
    const lookup = token ? ctx.tokens.lookup(token, ctx.clock.nowMs()) : { status: "unknown" as const };
    if (lookup.status === "valid") return lookup.token.principal;
    if (ctx.options.auth !== "strict") return ctx.directory.authenticateUser(DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password)!;
    if (!token) throw httpErrors.unauthorized("missing Authorization header; send 'Authorization: Bearer <token>'");
    throw httpErrors.unauthorized(
        lookup.status === "expired" ? "the access token expired; get a new one" : "the access token was not issued by this emulator",
    );
}

/**
 * Anypoint account endpoints the OSv2 docs use [DOC S1; legacy token DOC-OLD S8, S9; environments
 * shape S16]: token issuing (connected app, user login, legacy per-app credentials), who-am-I and
 * the organization and its environment list. Credentials are checked in every auth mode.
 */
export function registerAccountRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
    const config = { area: "accounts" as const };
    const ttl = () => ctx.options.tokenTtlSeconds;

    app.post<{ Body: ClientCredentialsBody }>(
        "/accounts/api/v2/oauth2/token",
        { config, schema: { body: clientCredentialsSchema } },
        async (req) => {
            requireClientCredentialsGrant(req.body);
            const principal = ctx.directory.authenticateConnectedApp(req.body.client_id!, req.body.client_secret!);
            if (!principal) throw httpErrors.unauthorized("invalid client_id or client_secret for a connected app");
            const token = ctx.tokens.issue(principal, ttl(), ctx.clock.nowMs());
            return { access_token: token.accessToken, token_type: "bearer", expires_in: ttl() };
        },
    );

    const login = async (req: FastifyRequest<{ Body: { username: string; password: string } }>) => {
        const principal = ctx.directory.authenticateUser(req.body.username, req.body.password);
        if (!principal) throw httpErrors.unauthorized("invalid username or password");
        const token = ctx.tokens.issue(principal, ttl(), ctx.clock.nowMs());
        return { access_token: token.accessToken, expires_in: ttl(), token_type: "bearer" };
    };
    app.post("/accounts/login", { config, schema: { body: loginSchema } }, login);
    app.post("/accounts/api/login", { config, schema: { body: loginSchema } }, login);

    app.post<{ Body: ClientCredentialsBody }>(
        "/accounts/oauth2/token",
        { config, schema: { body: clientCredentialsSchema } },
        async (req) => {
            requireClientCredentialsGrant(req.body);
            const principal = ctx.directory.authenticateLegacyApp(req.body.client_id!, req.body.client_secret!);
            if (!principal)
                throw httpErrors.unauthorized("invalid client_id or client_secret for an application's Object Store credentials");
            const token = ctx.tokens.issue(principal, ttl(), ctx.clock.nowMs());
            return { access_token: token.accessToken, token_type: "bearer" };
        },
    );

    app.get("/accounts/api/me", { config }, async (req) => {
        const principal = accountsPrincipal(ctx, req);
        const org = ctx.directory.organization(principal.organizationId)!;
        const organization = { id: org.id, name: org.name };
        if (principal.kind === "user") {
            return {
                user: {
                    id: principal.id,
                    username: principal.id,
                    firstName: "OSv2",
                    lastName: "Demo Admin",
                    organizationId: org.id,
                    organization,
                },
                organization,
            };
        }
        return { client: { client_id: principal.id, name: principal.displayName, org_id: org.id, type: principal.kind }, organization };
    });

    // The organization (business group) itself, as Access Management's `GET /accounts/api/organizations/{orgId}` [3P S16].
    app.get<{ Params: { orgId: string } }>("/accounts/api/organizations/:orgId", { config }, async (req) => {
        const principal = accountsPrincipal(ctx, req);
        authorizeScope(ctx, principal, { orgId: req.params.orgId });
        const org = ctx.directory.organization(req.params.orgId);
        if (!org) throw httpErrors.notFound(`organization ${JSON.stringify(req.params.orgId)} does not exist`);
        return {
            id: org.id,
            name: org.name,
            isRoot: true,
            parentOrganizationIds: [],
            subOrganizationIds: [],
            environments: org.environments.map((e) => ({ ...e })),
        };
    });

    app.get<{ Params: { orgId: string } }>("/accounts/api/organizations/:orgId/environments", { config }, async (req) => {
        const principal = accountsPrincipal(ctx, req);
        authorizeScope(ctx, principal, { orgId: req.params.orgId });
        const envs = ctx.directory.organization(req.params.orgId)?.environments ?? [];
        const data = envs.map((e) => ({ ...e }));
        return { data, total: data.length, environments: data };
    });
}

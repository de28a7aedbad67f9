/**
 * The emulator's fixed Anypoint account: one root organization with two environments, one
 * connected app, one user and one legacy per-application Object Store credential pair.
 * These are the only credentials the token endpoints accept (in every auth mode).
 */

/** Credentials and ids of the demo account (safe to print: they only work on the emulator). */
export const DEMO_CREDENTIALS = {
    organizationId: "5e5c1d2a-0b8e-4c43-9d7a-0e1f0a9b7c01",
    environmentId: "c3a9f0d2-7b1e-4f6a-8a55-1d2e3f4a5b01",
    /** A second environment of the same organization. */
    otherEnvironmentId: "c3a9f0d2-7b1e-4f6a-8a55-1d2e3f4a5b02",
    clientId: "osv2-emulator-demo-client",
    clientSecret: "osv2-emulator-demo-secret",
    username: "osv2-demo-admin",
    password: "osv2-demo-password",
    legacyClientId: "osv2-emulator-legacy-app",
    legacyClientSecret: "osv2-emulator-legacy-secret",
} as const;

/** The environment entries served by GET /accounts/api/organizations/{org}/environments. */
export interface EnvironmentInfo {
    id: string;
    name: string;
    organizationId: string;
    isProduction: boolean;
    type: "sandbox" | "production";
}

/** One organization of the emulator's account directory. */
export interface OrganizationInfo {
    id: string;
    name: string;
    environments: EnvironmentInfo[];
}

/** Who a token belongs to. `anonymous` is used when auth is off (or "any" with a foreign token). */
export interface Principal {
    kind: "connected-app" | "user" | "legacy-app" | "anonymous";
    /** Client id or username; the rate limiter keys on this. */
    id: string;
    displayName: string;
    organizationId: string;
}

export const DEMO_ORGANIZATION: OrganizationInfo = {
    id: DEMO_CREDENTIALS.organizationId,
    name: "OSv2 Emulator Demo Org",
    environments: [
        {
            id: DEMO_CREDENTIALS.environmentId,
            name: "Sandbox",
            organizationId: DEMO_CREDENTIALS.organizationId,
            isProduction: false,
            type: "sandbox",
        },
        {
            id: DEMO_CREDENTIALS.otherEnvironmentId,
            name: "Production",
            organizationId: DEMO_CREDENTIALS.organizationId,
            isProduction: true,
            type: "production",
        },
    ],
};

/** Looks up organizations and checks credentials of the demo account. */
export class AccountDirectory {
    private readonly organizations = new Map<string, OrganizationInfo>([[DEMO_ORGANIZATION.id, DEMO_ORGANIZATION]]);

    organization(organizationId: string): OrganizationInfo | undefined {
        return this.organizations.get(organizationId);
    }

    /** True when `environmentId` is an environment of `organizationId`. */
    hasEnvironment(organizationId: string, environmentId: string): boolean {
        return this.organization(organizationId)?.environments.some((e) => e.id === environmentId) ?? false;
    }

    /** Connected app client credentials (POST /accounts/api/v2/oauth2/token). */
    authenticateConnectedApp(clientId: string, clientSecret: string): Principal | undefined {
        if (clientId !== DEMO_CREDENTIALS.clientId || clientSecret !== DEMO_CREDENTIALS.clientSecret) return undefined;
        return {
            kind: "connected-app",
            id: clientId,
            displayName: "OSv2 emulator demo connected app",
            organizationId: DEMO_ORGANIZATION.id,
        };
    }

    /** Username/password (POST /accounts/login). */
    authenticateUser(username: string, password: string): Principal | undefined {
        if (username !== DEMO_CREDENTIALS.username || password !== DEMO_CREDENTIALS.password) return undefined;
        return { kind: "user", id: username, displayName: "OSv2 Demo Admin", organizationId: DEMO_ORGANIZATION.id };
    }

    /** Legacy per-application Object Store credentials (POST /accounts/oauth2/token). */
    authenticateLegacyApp(clientId: string, clientSecret: string): Principal | undefined {
        if (clientId !== DEMO_CREDENTIALS.legacyClientId || clientSecret !== DEMO_CREDENTIALS.legacyClientSecret) return undefined;
        return {
            kind: "legacy-app",
            id: clientId,
            displayName: "osv2-demo-app (legacy Object Store credentials)",
            organizationId: DEMO_ORGANIZATION.id,
        };
    }

    /** The principal used when a request carries no checked identity (auth "off"/"any"). */
    anonymous(identity = "anonymous"): Principal {
        return { kind: "anonymous", id: identity, displayName: "anonymous", organizationId: DEMO_ORGANIZATION.id };
    }
}

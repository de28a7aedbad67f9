/**
 * The emulator's fixed Anypoint account: one root organization with two environments, two
 * connected apps (one with every Object Store scope on both environments, one limited to some
 * scopes on one environment), one user and one legacy per-application Object Store credential pair.
 * These are the only credentials the token endpoints accept (in every auth mode).
 */

import { ALL_OBJECT_STORE_SCOPES, type ObjectStoreScope, type ScopeGrants } from "./permissions";

/** Credentials and ids of the demo account (safe to print: they only work on the emulator). */
export const DEMO_CREDENTIALS = {
    organizationId: "5e5c1d2a-0b8e-4c43-9d7a-0e1f0a9b7c01",
    environmentId: "c3a9f0d2-7b1e-4f6a-8a55-1d2e3f4a5b01",
    /** A second environment of the same organization. */
    otherEnvironmentId: "c3a9f0d2-7b1e-4f6a-8a55-1d2e3f4a5b02",
    /** Connected app with every Object Store scope on both environments. */
    clientId: "osv2-emulator-demo-client",
    clientSecret: "osv2-emulator-demo-secret",
    /**
     * Connected app limited to View stores (read:store) and Manage stores data (manage:store_data)
     * on the Production environment (`otherEnvironmentId`) only: it may list and read stores and
     * manage partitions and keys there, but not create, change or delete stores, read stats, or
     * touch the Sandbox environment (403 naming the missing permission).
     */
    limitedClientId: "osv2-emulator-limited-client",
    limitedClientSecret: "osv2-emulator-limited-secret",
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
    /**
     * Object Store scopes per environment, checked in strict mode (connected apps). Undefined:
     * no scope check (users, legacy app credentials, anonymous).
     */
    grants?: ScopeGrants;
}

/** A connected app of the account directory. */
interface ConnectedApp {
    clientId: string;
    clientSecret: string;
    name: string;
    organizationId: string;
    grants: ScopeGrants;
}

function grantsOf(entries: [environmentId: string, scopes: readonly ObjectStoreScope[]][]): ScopeGrants {
    return new Map(entries.map(([environmentId, scopes]) => [environmentId, new Set(scopes)]));
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

const CONNECTED_APPS: readonly ConnectedApp[] = [
    {
        clientId: DEMO_CREDENTIALS.clientId,
        clientSecret: DEMO_CREDENTIALS.clientSecret,
        name: "OSv2 emulator demo connected app",
        organizationId: DEMO_ORGANIZATION.id,
        grants: grantsOf(DEMO_ORGANIZATION.environments.map((e) => [e.id, ALL_OBJECT_STORE_SCOPES])),
    },
    {
        clientId: DEMO_CREDENTIALS.limitedClientId,
        clientSecret: DEMO_CREDENTIALS.limitedClientSecret,
        name: "OSv2 emulator limited connected app (Production: View stores, Manage stores data)",
        organizationId: DEMO_ORGANIZATION.id,
        grants: grantsOf([[DEMO_CREDENTIALS.otherEnvironmentId, ["read:store", "manage:store_data"]]]),
    },
];

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

    /** Connected app client credentials (POST /accounts/api/v2/oauth2/token); the principal carries the app's scopes. */
    authenticateConnectedApp(clientId: string, clientSecret: string): Principal | undefined {
        const app = CONNECTED_APPS.find((a) => a.clientId === clientId && a.clientSecret === clientSecret);
        if (!app) return undefined;
        return { kind: "connected-app", id: app.clientId, displayName: app.name, organizationId: app.organizationId, grants: app.grants };
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

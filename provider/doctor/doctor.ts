/**
 * The doctor's run: the checks of ./checks, in order, against the target the settings name, with
 * read-only requests only (safe on a production tenant):
 *   settings source and problems (what a preview would fail with); credentials found and where;
 *   a token (POST of the token request: control plane, token host, expiry); the organization and
 *   environment and their names (Accounts API `GET /accounts/api/organizations/{org}` and
 *   `…/environments`); the Object Store host (`GET /api/v1/organizations/{org}/regions`, the region
 *   listed); stores listed (`GET P/stores?pageSize=1`: View stores); partition calls allowed
 *   (`GET P/stores/{random}/partitions`: 404 once authorized, 403 without Manage stores data); the
 *   Stats API (`GET` an hour of the environment's stats: Store Metrics Viewer) where the control
 *   plane has one. Settings are resolved as the provider resolves them, requests go through the
 *   provider's client (its advice becomes each failure's fix).
 */
import { randomBytes } from "node:crypto";
import { ObjectStoreApiError, ObjectStoreConfigError } from "../client/errors";
import { createHttp } from "../client/http";
import { parseJsonBody, toClientError } from "../client/http-errors";
import { tokenExpiry } from "../client/auth";
import { getClient, resolveConnectionSettings, tokenSourceFor, type ConnectionSettings } from "../config";
import { foundSettings, type SettingsSource } from "../config/command-settings";
import {
    credentialsCheck,
    failureCheck,
    findEnvironment,
    notChecked,
    settingsProblemChecks,
    sourceCheck,
    targetCheck,
    type Check,
} from "./checks";

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
    /** Where settings are read from (stack config or none). */
    source: SettingsSource;
    /** The environment (ANYPOINT_* variables); default process.env. */
    env?: NodeJS.ProcessEnv;
    /** Per-request timeout, ms (default 15,000). */
    timeoutMs?: number;
    /** Time spent retrying 429/5xx/connection failures per check, ms (default 10,000). */
    retryBudgetMs?: number;
    /** Clock (tests). */
    now?: () => number;
}

const ACCESS_MANAGEMENT = "Access Management";

/** GET of an Accounts API path on the token host with the run's token; the body parsed. */
async function accountsGet(settings: ConnectionSettings, o: DoctorOptions, operation: string, path: string): Promise<unknown> {
    const tokens = tokenSourceFor(settings);
    const http = createHttp({
        tokenSource: tokens,
        retry: { budgetMs: o.retryBudgetMs ?? 10_000 },
        timeoutMs: o.timeoutMs ?? 15_000,
        service: "the Anypoint Platform",
    });
    try {
        const res = await http(`${settings.authBaseUrl}${path}`, { method: "GET", operation, path });
        return parseJsonBody(res.body);
    } catch (err) {
        throw toClientError(err, {
            operation,
            method: "GET",
            path,
            secrets: tokens.secrets(),
            hint: (status) =>
                status === 403
                    ? `The credentials may not read this organization in the Accounts API: give the connected app the ${ACCESS_MANAGEMENT} scopes "View Organization" and "View Environment" (General), or check anypoint:organizationId. The provider itself does not need them.`
                    : status === 404
                      ? "No such organization on this control plane: check anypoint:organizationId and anypoint:controlPlane / anypoint:authBaseUrl."
                      : status === undefined
                        ? `Could not reach ${settings.authBaseUrl}: check anypoint:authBaseUrl / anypoint:controlPlane and the network.`
                        : undefined,
        });
    }
}

/** Runs every check (see the module comment) and returns them in order. Never throws. */
export async function runDoctor(o: DoctorOptions): Promise<Check[]> {
    const env = o.env ?? process.env;
    const now = o.now ?? Date.now;
    const checks: Check[] = [sourceCheck(o.source)];
    const found = foundSettings(o.source.config, env);
    let settings: ConnectionSettings | undefined;
    let configError: ObjectStoreConfigError | undefined;
    try {
        settings = resolveConnectionSettings(o.source.config, env);
    } catch (e) {
        if (!(e instanceof ObjectStoreConfigError)) throw e;
        configError = e;
    }
    checks.push(credentialsCheck(found, settings));
    const later = ["token", "organization", "environment", "Object Store host", "stores", "keys", "Stats API"];
    if (!settings) {
        checks.push(...settingsProblemChecks(configError!));
        for (const t of later) checks.push(notChecked(t, t, "the settings have problems (above)"));
        return checks;
    }
    checks.push(targetCheck(settings, found));
    const options = { timeoutMs: o.timeoutMs ?? 15_000, retry: { budgetMs: o.retryBudgetMs ?? 10_000 } };
    const client = getClient(settings, options);
    const tokens = tokenSourceFor(settings, options);

    // --- token
    const tokenFrom = settings.overrides.authBaseUrl
        ? "anypoint:authBaseUrl"
        : settings.overrides.baseUrl
          ? "anypoint:baseUrl"
          : `control plane ${settings.controlPlane}`;
    try {
        await tokens.getToken();
        if (settings.credentials.kind === "accessToken") {
            checks.push({
                id: "token",
                status: "pass",
                title: "token",
                detail: "a bearer token is given (anypoint:accessToken); the calls below check it. It is not renewed: a pipeline should use a connected app",
            });
        } else {
            const exp = tokenExpiry(tokens);
            const expiry = exp
                ? `expires in ${Math.round((exp.expiresAtMs - now()) / 1000)} s (${new Date(exp.expiresAtMs).toISOString()}${exp.assumed ? "; the answer gave no expires_in, 3600 s assumed" : ""})`
                : "expiry unknown";
            checks.push({
                id: "token",
                status: "pass",
                title: "token",
                detail: `obtained from ${settings.authBaseUrl} (${tokenFrom}) for ${settings.credentials.kind === "connectedApp" ? "the connected app" : "the user login"}; ${expiry}`,
            });
        }
    } catch (e) {
        checks.push(failureCheck("token", "token", e, "check the credentials and anypoint:controlPlane / anypoint:authBaseUrl"));
        for (const t of later.slice(1)) checks.push(notChecked(t, t, "no token"));
        return checks;
    }

    // --- organization and environment (Accounts API)
    try {
        const org = (await accountsGet(
            settings,
            o,
            "GetOrganization",
            `/accounts/api/organizations/${encodeURIComponent(settings.organizationId)}`,
        )) as { name?: unknown } | undefined;
        checks.push({
            id: "organization",
            status: "pass",
            title: "organization",
            detail: `${settings.organizationId} "${typeof org?.name === "string" ? org.name : "(no name in the answer)"}"`,
        });
    } catch (e) {
        checks.push(failureCheck("organization", "organization", e, "check anypoint:organizationId"));
    }
    try {
        const body = await accountsGet(
            settings,
            o,
            "ListEnvironments",
            `/accounts/api/organizations/${encodeURIComponent(settings.organizationId)}/environments`,
        );
        const { found: environment, others } = findEnvironment(body, settings.environmentId);
        if (environment) {
            const kind =
                environment.type ??
                (environment.isProduction === undefined ? undefined : environment.isProduction ? "production" : "not production");
            checks.push({
                id: "environment",
                status: "pass",
                title: "environment",
                detail: `${settings.environmentId} "${environment.name}"${kind ? ` (${kind.toLowerCase()})` : ""}`,
            });
        } else {
            checks.push({
                id: "environment",
                status: "fail",
                title: "environment",
                detail: `${settings.environmentId} is not an environment of organization ${settings.organizationId}${others.length ? `; its environments: ${others.join(", ")}` : ""}`,
                fix: "set anypoint:environmentId (ANYPOINT_ENVIRONMENT_ID) to one of them",
            });
        }
    } catch (e) {
        checks.push(failureCheck("environment", "environment", e, "check anypoint:environmentId"));
    }

    // --- the regional Object Store host
    try {
        const regions = await client.listRegions();
        const ids = regions.map((r) => r.id);
        if (ids.includes(settings.region) || settings.overrides.baseUrl) {
            checks.push({
                id: "osv2-host",
                status: "pass",
                title: "Object Store host",
                detail: `${settings.baseUrl} answers; ${ids.includes(settings.region) ? `region ${settings.region} is offered` : `${ids.length} regions listed (anypoint:baseUrl overrides the region's host)`}`,
            });
        } else {
            checks.push({
                id: "osv2-host",
                status: "fail",
                title: "Object Store host",
                detail: `${settings.baseUrl} answers, but region ${settings.region} is not among the regions OSv2 offers this organization: ${ids.join(", ")}`,
                fix: "set anypoint:region (ANYPOINT_REGION) to your stores' home region",
            });
        }
    } catch (e) {
        checks.push(failureCheck("osv2-host", "Object Store host", e, "check anypoint:region / anypoint:baseUrl and the network"));
    }

    // --- stores (View stores) and partition calls (Manage stores data), read-only
    try {
        const page = await client.listStores({ pageSize: 1 });
        checks.push({
            id: "stores",
            status: "pass",
            title: "stores",
            detail: `can be listed (View stores): ${page.values.length === 0 ? "none in this environment yet" : "at least one in this environment"}`,
        });
    } catch (e) {
        checks.push(failureCheck("stores", "stores", e, "grant the connected app View stores for this environment"));
    }
    const probeStore = `pulumi-doctor-${randomBytes(6).toString("hex")}`;
    try {
        await client.listPartitions(probeStore, { pageSize: 1 });
        checks.push({ id: "keys", status: "pass", title: "keys", detail: "partition and key calls are allowed (Manage stores data)" });
    } catch (e) {
        if (e instanceof ObjectStoreApiError && e.statusCode === 404) {
            checks.push({
                id: "keys",
                status: "pass",
                title: "keys",
                detail: `partition and key calls are allowed (Manage stores data): listing the partitions of a store that does not exist ('${probeStore}') answered 404, not 403`,
            });
        } else {
            checks.push(failureCheck("keys", "keys", e, "grant the connected app Manage stores data for this environment"));
        }
    }
    checks.push({
        id: "manage-stores",
        status: "info",
        title: "Manage stores",
        detail: "creating, changing and deleting stores cannot be checked without writing; `pulumi-anypoint-objectstore conformance` checks it in a sandbox environment",
    });

    // --- Stats API
    if (settings.statsBaseUrl === null) {
        checks.push({
            id: "stats",
            status: "skip",
            title: "Stats API",
            detail: `not offered on the ${settings.controlPlane} control plane (nothing to check)`,
        });
    } else {
        try {
            const end = new Date(now());
            await client.getUsageStats({
                level: "environment",
                period: "1hour",
                startDate: new Date(end.getTime() - 3_600_000),
                endDate: end,
            });
            checks.push({
                id: "stats",
                status: "pass",
                title: "Stats API",
                detail: `${settings.statsBaseUrl} answers (Store Metrics Viewer)`,
            });
        } catch (e) {
            checks.push(
                failureCheck(
                    "stats",
                    "Stats API",
                    e,
                    "grant the connected app Store Metrics Viewer (only the getUsageStats lookup needs it), or check anypoint:statsBaseUrl",
                ),
            );
        }
    }
    return checks;
}

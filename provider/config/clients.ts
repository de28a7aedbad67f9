/**
 * The process-wide client cache: one {@link ObjectStoreClient} (and token source) per endpoint,
 * scope and credential, shared by every resource and lookup the process serves.
 */

import {
    ObjectStoreClient,
    connectedAppTokenSource,
    staticTokenSource,
    userLoginTokenSource,
    type RetryPolicy,
    type TokenSource,
} from "../client";
import type { ConnectionSettings } from "./resolve";

/** Extra client options for {@link getClient} (not part of the cache key). */
export interface ClientOptions {
    retry?: RetryPolicy;
    timeoutMs?: number;
}

/** Builds the token source for settings (token cache shared process-wide, see client/auth). */
export function tokenSourceFor(settings: ConnectionSettings, options: ClientOptions = {}): TokenSource {
    const c = settings.credentials;
    const retry = retryPolicyFor(settings, options);
    const authBaseUrlFrom = settings.overrides.authBaseUrl ? "authBaseUrl" : settings.overrides.baseUrl ? "baseUrl" : "controlPlane";
    switch (c.kind) {
        case "accessToken":
            return staticTokenSource(c.accessToken);
        case "connectedApp":
            return connectedAppTokenSource({
                authBaseUrl: settings.authBaseUrl,
                authBaseUrlFrom,
                clientId: c.clientId,
                clientSecret: c.clientSecret,
                retry,
                timeoutMs: options.timeoutMs,
                settingNames: settings.holder,
            });
        case "userLogin":
            return userLoginTokenSource({
                authBaseUrl: settings.authBaseUrl,
                authBaseUrlFrom,
                username: c.username,
                password: c.password,
                retry,
                timeoutMs: options.timeoutMs,
                settingNames: settings.holder,
            });
    }
}

/** The retry policy: `options.retry` over the settings' budget (`anypoint:retryBudgetSeconds`). */
function retryPolicyFor(settings: ConnectionSettings, options: ClientOptions): RetryPolicy | undefined {
    if (settings.retryBudgetSeconds === undefined) return options.retry;
    return { budgetMs: settings.retryBudgetSeconds * 1000, ...options.retry };
}

const clients = new Map<string, ObjectStoreClient>();

/**
 * A client for the settings, cached per (baseUrl, organization, environment, statsBaseUrl,
 * credential identity, rate, retry budget, settings holder) so that all resources of a process share clients and
 * tokens; rate limiters are shared per application (see client/ratelimit).
 */
export function getClient(settings: ConnectionSettings, options: ClientOptions = {}): ObjectStoreClient {
    const tokenSource = tokenSourceFor(settings, options);
    const key = JSON.stringify([
        settings.baseUrl,
        settings.organizationId,
        settings.environmentId,
        settings.statsBaseUrl,
        tokenSource.identity,
        settings.requestsPerSecond ?? null,
        settings.retryBudgetSeconds ?? null,
        settings.holder?.where ?? null, // its messages name the settings as their holder does
    ]);
    let client = clients.get(key);
    if (!client) {
        client = new ObjectStoreClient({
            baseUrl: settings.baseUrl,
            organizationId: settings.organizationId,
            environmentId: settings.environmentId,
            statsBaseUrl: settings.statsBaseUrl,
            tokenSource,
            requestsPerSecond: settings.requestsPerSecond,
            retry: retryPolicyFor(settings, options),
            timeoutMs: options.timeoutMs,
            settingNames: settings.holder,
        });
        clients.set(key, client);
    }
    return client;
}

/** Forgets cached clients (tests). */
export function clearClientCache(): void {
    clients.clear();
}

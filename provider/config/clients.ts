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
    switch (c.kind) {
        case "accessToken":
            return staticTokenSource(c.accessToken);
        case "connectedApp":
            return connectedAppTokenSource({
                authBaseUrl: settings.authBaseUrl,
                clientId: c.clientId,
                clientSecret: c.clientSecret,
                retry: options.retry,
                timeoutMs: options.timeoutMs,
            });
        case "userLogin":
            return userLoginTokenSource({
                authBaseUrl: settings.authBaseUrl,
                username: c.username,
                password: c.password,
                retry: options.retry,
                timeoutMs: options.timeoutMs,
            });
    }
}

const clients = new Map<string, ObjectStoreClient>();

/**
 * A client for the settings, cached per (baseUrl, organization, environment, statsBaseUrl,
 * credential identity) so that all resources of a process share clients, tokens and rate limits.
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
            retry: options.retry,
            timeoutMs: options.timeoutMs,
        });
        clients.set(key, client);
    }
    return client;
}

/** Forgets cached clients (tests). */
export function clearClientCache(): void {
    clients.clear();
}

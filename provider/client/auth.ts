/**
 * Bearer-token sources for the OSv2 and Stats APIs.
 *
 * Three kinds (docs.mulesoft.com/object-store/osv2-apis, "Get a Bearer Token"):
 * - {@link staticTokenSource}: a bearer token given as is (`anypoint:accessToken`). Cannot renew.
 * - {@link connectedAppTokenSource}: connected app, client-credentials grant:
 *   `POST {authBaseUrl}/accounts/api/v2/oauth2/token`, JSON
 *   `{client_id, client_secret, grant_type: "client_credentials"}` -> `{access_token, token_type, expires_in?}`.
 * - {@link userLoginTokenSource}: user login (no MFA): `POST {authBaseUrl}/accounts/login`, JSON
 *   `{username, password}` -> `{access_token, expires_in: 3600, token_type}`.
 *
 * Tokens are cached in a module-level map keyed by (authBaseUrl, credential kind, principal,
 * hash of the secret), so every resource in a process shares one token per credential. Concurrent
 * callers share one in-flight request. A token is renewed `renewMarginSeconds` (default 60) before
 * it expires (3600 s assumed when the response has no `expires_in`), and after the data plane
 * rejects it with 401 (see {@link TokenSource.invalidate}).
 *
 * Secrets live in private class fields: they are not enumerable and do not show in
 * `util.inspect` or `JSON.stringify` of a token source.
 */

import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { createHttp } from "./http";
import { parseJsonBody, toClientError } from "./http-errors";
import type { RetryPolicy } from "./retry";
import { ObjectStoreApiError } from "./errors";
import { trimBase } from "./regions";
import { STACK_CONFIG_NAMES, type SettingNames } from "./setting-names";
import type { CredentialKind, TokenSource } from "./token-source";

export type { CredentialKind, TokenSource } from "./token-source";

/** Options common to fetching token sources. */
export interface FetchingTokenSourceOptions {
    /** Anypoint Platform host, e.g. `https://anypoint.mulesoft.com` (or the emulator URL). */
    authBaseUrl: string;
    /**
     * Which setting `authBaseUrl` came from, for advice when the token request fails: `authBaseUrl`
     * (set explicitly; the default), `baseUrl` (authBaseUrl unset, so it defaults to the Object Store
     * base URL) or `controlPlane` (the control plane's host).
     */
    authBaseUrlFrom?: "authBaseUrl" | "baseUrl" | "controlPlane";
    /** Renew this many seconds before expiry. Default 60. */
    renewMarginSeconds?: number;
    /** Lifetime assumed when the response has no `expires_in`, seconds. Default 3600. */
    defaultLifetimeSeconds?: number;
    /** Retry policy of the token request. */
    retry?: RetryPolicy;
    /** Per-attempt timeout, ms. */
    timeoutMs?: number;
    /** Clock in ms (tests). Default `Date.now`. */
    now?: () => number;
    /** How advice names the settings: the stack's `anypoint:*` config (default) or an explicit provider's arguments. */
    settingNames?: SettingNames;
}

interface CacheEntry {
    token?: string;
    /** Epoch ms after which the token is renewed. */
    renewAt: number;
    /** Epoch ms at which the token expires, and whether that came from `expires_in` or was assumed. */
    expiry?: TokenExpiry;
    inflight?: Promise<string>;
    fetches: number;
}

const tokenCache = new Map<string, CacheEntry>();

/** Forgets every cached token (tests, or after a credential rotation). */
export function clearTokenCache(): void {
    tokenCache.clear();
}

/** Number of token requests made so far for a source (tests / diagnostics). */
export function tokenFetchCount(source: TokenSource): number {
    return tokenCache.get(source.identity)?.fetches ?? 0;
}

/** When a fetched token expires. */
export interface TokenExpiry {
    /** Epoch ms. */
    expiresAtMs: number;
    /** True when the token response had no `expires_in` and the default lifetime was assumed. */
    assumed: boolean;
}

/** When the source's current token expires (diagnostics: `doctor`); undefined before a fetch and for a static token. */
export function tokenExpiry(source: TokenSource): TokenExpiry | undefined {
    return tokenCache.get(source.identity)?.expiry;
}

function shortHash(secret: string): string {
    return createHash("sha256").update(secret).digest("hex").slice(0, 12);
}

/** A fixed bearer token. */
class StaticTokenSource implements TokenSource {
    readonly kind = "accessToken" as const;
    readonly identity: string;
    readonly application: string;
    readonly #token: string;
    constructor(token: string) {
        if (!token) throw new TypeError("staticTokenSource: the access token is empty");
        this.#token = token;
        this.identity = `accessToken:${shortHash(token)}`;
        this.application = this.identity;
    }
    async getToken(): Promise<string> {
        return this.#token;
    }
    invalidate(): boolean {
        return false;
    }
    secrets(): string[] {
        return [this.#token];
    }
    toJSON(): Record<string, string> {
        return { kind: this.kind, identity: this.identity };
    }
    [inspect.custom](): string {
        return `TokenSource(${this.identity})`;
    }
}

abstract class FetchingTokenSource implements TokenSource {
    abstract readonly kind: CredentialKind;
    abstract readonly identity: string;
    abstract readonly application: string;
    protected readonly authBaseUrl: string;
    readonly #margin: number;
    readonly #defaultLifetime: number;
    readonly #now: () => number;
    readonly #options: FetchingTokenSourceOptions;

    constructor(options: FetchingTokenSourceOptions) {
        if (!options.authBaseUrl) throw new TypeError("token source: authBaseUrl is required");
        this.authBaseUrl = trimBase(options.authBaseUrl);
        this.#margin = options.renewMarginSeconds ?? 60;
        this.#defaultLifetime = options.defaultLifetimeSeconds ?? 3600;
        this.#now = options.now ?? Date.now;
        this.#options = options;
    }

    /** The token request: operation name, path and JSON body. */
    protected abstract request(): { operation: string; path: string; body: Record<string, string> };
    /** What to do when the platform rejects the credentials. */
    protected abstract rejectHint(statusCode: number | undefined): string;
    /** The credential's own secret(s). */
    protected abstract ownSecrets(): string[];

    secrets(): string[] {
        const t = tokenCache.get(this.identity)?.token;
        return t ? [...this.ownSecrets(), t] : this.ownSecrets();
    }

    #entry(): CacheEntry {
        let e = tokenCache.get(this.identity);
        if (!e) {
            e = { renewAt: 0, fetches: 0 };
            tokenCache.set(this.identity, e);
        }
        return e;
    }

    getToken(): Promise<string> {
        const e = this.#entry();
        if (e.token !== undefined && this.#now() < e.renewAt) return Promise.resolve(e.token);
        if (!e.inflight) {
            e.fetches++;
            const p = this.#fetch().then(
                ({ token, lifetime, assumed }) => {
                    const margin = Math.min(this.#margin, lifetime / 2);
                    e.token = token;
                    e.renewAt = this.#now() + (lifetime - margin) * 1000;
                    e.expiry = { expiresAtMs: this.#now() + lifetime * 1000, assumed };
                    e.inflight = undefined;
                    return token;
                },
                (err: unknown) => {
                    e.inflight = undefined;
                    throw err;
                },
            );
            e.inflight = p;
        }
        return e.inflight;
    }

    invalidate(rejectedToken?: string): boolean {
        const e = this.#entry();
        if (rejectedToken === undefined || e.token === rejectedToken) {
            e.token = undefined;
            e.renewAt = 0;
        }
        return true;
    }

    async #fetch(): Promise<{ token: string; lifetime: number; assumed: boolean }> {
        const { operation, path, body } = this.request();
        const http = createHttp({
            retry: this.#options.retry,
            timeoutMs: this.#options.timeoutMs,
            postIsSafe: true,
            service: "the Anypoint Platform",
        });
        const ctx = {
            operation,
            method: "POST",
            path,
            secrets: this.secrets(),
            hint: (status: number | undefined) => this.#hint(status),
        };
        let raw: unknown;
        try {
            const res = await http(`${this.authBaseUrl}${path}`, {
                method: "POST",
                body: JSON.stringify(body),
                headers: { "content-type": "application/json" },
                operation,
                path,
            });
            raw = res.body;
        } catch (err) {
            throw toClientError(err, ctx);
        }
        let parsed: unknown;
        try {
            parsed = parseJsonBody(raw);
        } catch {
            parsed = undefined;
        }
        const o = (parsed ?? {}) as Record<string, unknown>;
        if (typeof o.access_token !== "string" || o.access_token === "") {
            throw new ObjectStoreApiError({
                operation,
                method: "POST",
                path,
                statusCode: 200,
                serverMessage: "the response has no access_token",
                hint: `Is ${this.authBaseUrl} an Anypoint Platform host? ${this.#hostAdvice().replace(/^c/, "C")}.`,
                secrets: this.secrets(),
            });
        }
        const expiresIn = Number(o.expires_in);
        const given = Number.isFinite(expiresIn) && expiresIn > 0;
        return { token: o.access_token, lifetime: given ? expiresIn : this.#defaultLifetime, assumed: !given };
    }

    /** How advice names the settings. */
    protected get names(): SettingNames {
        return this.#options.settingNames ?? STACK_CONFIG_NAMES;
    }

    /** Which settings to check for the token host, and how (depends on where it came from). */
    #hostAdvice(): string {
        const n = this.names;
        if (this.#options.authBaseUrlFrom === "baseUrl") {
            return (
                `${n.refer("authBaseUrl")} is not set, so tokens are requested from ${n.refer("baseUrl")}. When baseUrl is an Object Store ` +
                `endpoint of its own (a private endpoint, or a URL with a path), set ${n.refer("authBaseUrl")} (ANYPOINT_AUTH_BASE_URL) to ` +
                `the Anypoint Platform host of your control plane, e.g. https://anypoint.mulesoft.com; otherwise check ${n.refer("baseUrl")}`
            );
        }
        return `check ${n.refer("authBaseUrl", "controlPlane")}`;
    }

    #hint(status: number | undefined): string {
        if (status === undefined) {
            return `Could not reach the Anypoint Platform at ${this.authBaseUrl}: ${this.#hostAdvice()}, and the network.`;
        }
        if (status === 404 || status === 405) {
            return `${this.authBaseUrl} has no such token endpoint: ${this.#hostAdvice()}.`;
        }
        if (status === 429 || status >= 500) return "The Anypoint Platform is busy or failing; try again later.";
        return this.rejectHint(status);
    }

    toJSON(): Record<string, string> {
        return { kind: this.kind, identity: this.identity };
    }
    [inspect.custom](): string {
        return `TokenSource(${this.identity})`;
    }
}

/** Options of {@link connectedAppTokenSource}. */
export interface ConnectedAppOptions extends FetchingTokenSourceOptions {
    clientId: string;
    clientSecret: string;
}

class ConnectedAppTokenSource extends FetchingTokenSource {
    readonly kind = "connectedApp" as const;
    readonly identity: string;
    readonly application: string;
    readonly #clientId: string;
    readonly #clientSecret: string;
    constructor(options: ConnectedAppOptions) {
        super(options);
        if (!options.clientId || !options.clientSecret) {
            throw new TypeError("connectedAppTokenSource: clientId and clientSecret are required");
        }
        this.#clientId = options.clientId;
        this.#clientSecret = options.clientSecret;
        this.identity = `connectedApp:${options.clientId}:${shortHash(options.clientSecret)}@${this.authBaseUrl}`;
        this.application = `connectedApp:${options.clientId}`;
    }
    protected request() {
        return {
            operation: "GetToken",
            path: "/accounts/api/v2/oauth2/token",
            body: { client_id: this.#clientId, client_secret: this.#clientSecret, grant_type: "client_credentials" },
        };
    }
    protected rejectHint(): string {
        const n = this.names;
        return (
            `The Anypoint Platform rejected the connected app "${this.#clientId}": check ${n.refer("clientId")} and ` +
            `${n.refer("clientSecret")} (ANYPOINT_CLIENT_ID / ANYPOINT_CLIENT_SECRET), that the app uses the client ` +
            `credentials grant, and ${n.refer("controlPlane", "authBaseUrl")}.`
        );
    }
    protected ownSecrets(): string[] {
        return [this.#clientSecret];
    }
}

/** Options of {@link userLoginTokenSource}. */
export interface UserLoginOptions extends FetchingTokenSourceOptions {
    username: string;
    password: string;
}

class UserLoginTokenSource extends FetchingTokenSource {
    readonly kind = "userLogin" as const;
    readonly identity: string;
    readonly application: string;
    readonly #username: string;
    readonly #password: string;
    constructor(options: UserLoginOptions) {
        super(options);
        if (!options.username || !options.password) {
            throw new TypeError("userLoginTokenSource: username and password are required");
        }
        this.#username = options.username;
        this.#password = options.password;
        this.identity = `userLogin:${options.username}:${shortHash(options.password)}@${this.authBaseUrl}`;
        this.application = `userLogin:${options.username}`;
    }
    protected request() {
        return {
            operation: "Login",
            path: "/accounts/login",
            body: { username: this.#username, password: this.#password },
        };
    }
    protected rejectHint(): string {
        const n = this.names;
        return (
            `The Anypoint Platform rejected the login of "${this.#username}": check ${n.refer("username")} and ` +
            `${n.refer("password")} (ANYPOINT_USERNAME / ANYPOINT_PASSWORD). User login does not work for users ` +
            `with multi-factor authentication: use a connected app (${n.refer("clientId", "clientSecret")}) instead.`
        );
    }
    protected ownSecrets(): string[] {
        return [this.#password];
    }
}

/** A fixed bearer token (`anypoint:accessToken`); a 401 is final because it cannot be renewed. */
export function staticTokenSource(token: string): TokenSource {
    return new StaticTokenSource(token);
}

/** Tokens from a connected app's client credentials (see the module comment for the exchange). */
export function connectedAppTokenSource(options: ConnectedAppOptions): TokenSource {
    return new ConnectedAppTokenSource(options);
}

/** Tokens from a user login (users without MFA; see the module comment for the exchange). */
export function userLoginTokenSource(options: UserLoginOptions): TokenSource {
    return new UserLoginTokenSource(options);
}

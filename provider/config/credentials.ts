/**
 * Credentials objects whose secrets are non-enumerable and printed as `[REDACTED]` by
 * `toJSON()` / `util.inspect`, so settings can be logged safely.
 */

import { inspect } from "node:util";

const REDACTED = "[REDACTED]";

/** A bearer token given as is. */
export interface AccessTokenCredentials {
    readonly kind: "accessToken";
    /** Secret (non-enumerable). */
    readonly accessToken: string;
}
/** Connected app client credentials. */
export interface ConnectedAppCredentials {
    readonly kind: "connectedApp";
    readonly clientId: string;
    /** Secret (non-enumerable). */
    readonly clientSecret: string;
}
/** User login (users without MFA). */
export interface UserLoginCredentials {
    readonly kind: "userLogin";
    readonly username: string;
    /** Secret (non-enumerable). */
    readonly password: string;
}
/** One of the three kinds of credentials. */
export type Credentials = AccessTokenCredentials | ConnectedAppCredentials | UserLoginCredentials;

/** Defines a non-enumerable, read-only property. */
export function defineHidden(o: object, key: string | symbol, value: unknown): void {
    Object.defineProperty(o, key, { value, enumerable: false, writable: false, configurable: false });
}

/** Builds a credentials object whose secret is non-enumerable and redacted by toJSON/inspect. */
export function makeCredentials(
    c:
        | { kind: "accessToken"; accessToken: string }
        | { kind: "connectedApp"; clientId: string; clientSecret: string }
        | { kind: "userLogin"; username: string; password: string },
): Credentials {
    const out: Record<string, unknown> = { kind: c.kind };
    let safe: Record<string, string>;
    switch (c.kind) {
        case "accessToken":
            defineHidden(out, "accessToken", c.accessToken);
            safe = { kind: c.kind, accessToken: REDACTED };
            break;
        case "connectedApp":
            out.clientId = c.clientId;
            defineHidden(out, "clientSecret", c.clientSecret);
            safe = { kind: c.kind, clientId: c.clientId, clientSecret: REDACTED };
            break;
        case "userLogin":
            out.username = c.username;
            defineHidden(out, "password", c.password);
            safe = { kind: c.kind, username: c.username, password: REDACTED };
            break;
    }
    defineHidden(out, "toJSON", () => ({ ...safe }));
    defineHidden(out, inspect.custom, (_d: number, opts: object) => `Credentials ${inspect(safe, opts)}`);
    return Object.freeze(out) as unknown as Credentials;
}

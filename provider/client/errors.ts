/**
 * Error types of the OSv2 client.
 *
 * - {@link ObjectStoreApiError}: any failed call to OSv2, the Stats API or the Anypoint token
 *   endpoints (HTTP error status, network failure, unexpected response). It carries the HTTP
 *   status, the OSv2 operation, the resource path and the server's message; it never carries the
 *   Authorization header, tokens, client secrets or passwords (not in the message, the stack,
 *   `toString()`, `JSON.stringify()` or `util.inspect()`), because it does not keep a reference to
 *   the underlying HTTP request or response.
 * - {@link ObjectStoreConfigError}: connection settings are missing or contradictory; the message
 *   lists every problem and the `pulumi config set anypoint:<key>` / `ANYPOINT_*` to fix each.
 */

import { inspect } from "node:util";

const REDACTED = "[REDACTED]";

/**
 * Removes credentials from free text: the given secret values, `Bearer <token>` and
 * `"access_token": "..."`-style fields (access_token, refresh_token, id_token, token,
 * client_secret, password, authorization).
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
    let out = text;
    for (const s of secrets) {
        if (s && s.length >= 4) out = out.split(s).join(REDACTED);
    }
    out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=:-]+/gi, `$1 ${REDACTED}`);
    out = out.replace(
        /(["']?\b(?:access_token|refresh_token|id_token|token|client_secret|clientSecret|password|authorization|accessToken)\b["']?\s*[:=]\s*)(?!(?:Bearer|Basic)\s)("[^"]*"|'[^']*'|[^\s,&;}]+)/gi,
        `$1"${REDACTED}"`,
    );
    return out;
}

/** Constructor input of {@link ObjectStoreApiError}. */
export interface ObjectStoreApiErrorInit {
    /** OSv2 operation name, e.g. `PutStore`, `GetKey`, `GetToken`. */
    operation: string;
    /** HTTP method, e.g. `PUT`. */
    method: string;
    /** Resource path without host and query, e.g. `/api/v1/organizations/o/environments/e/stores/s`. */
    path: string;
    /** HTTP status; `undefined` for network errors and timeouts. */
    statusCode?: number;
    /** HTTP reason phrase, e.g. `Conflict`. */
    statusText?: string;
    /** Message extracted from the error body (`{status,name,message}`, `{message}`, `{error}` or text). */
    serverMessage?: string;
    /** Request id reported by the service (x-request-id / x-correlation-id), when present. */
    requestId?: string;
    /** Node/got error code for network failures, e.g. `ECONNRESET`, `ETIMEDOUT`. */
    code?: string;
    /** What the user can do about it (one or two sentences). */
    hint?: string;
    /** How many HTTP attempts were made (1 + retries). */
    attempts?: number;
    /** Host the request went to (kept for diagnostics; contains no secret). */
    host?: string;
    /** Secret values to scrub from the server message and detail (token, client secret, password). */
    secrets?: readonly (string | undefined)[];
    /** Low-level detail for network errors (e.g. `connect ECONNREFUSED 127.0.0.1:1`). */
    detail?: string;
}

/**
 * A failed OSv2 (or token/Stats) call.
 *
 * `message` reads like
 * `PutStore PUT /api/v1/organizations/o/environments/e/stores/s failed: 409 Conflict: store exists. <what to do>`.
 */
export class ObjectStoreApiError extends Error {
    /** Always `"ObjectStoreApiError"`. */
    override readonly name = "ObjectStoreApiError";
    /**
     * Brand of Pulumi's RunError (`pulumi.RunError.isInstance`): when a lookup's failure is not caught,
     * the program stops with this error's message alone, printed once, without a stack trace.
     */
    readonly __pulumiRunError = true;
    /** HTTP status, or `undefined` for network errors and timeouts. */
    readonly statusCode: number | undefined;
    /** OSv2 operation name, e.g. `PutStore`. */
    readonly operation: string;
    /** HTTP method. */
    readonly method: string;
    /** Resource path (no host, no query). */
    readonly path: string;
    /** The service's own message, if any (secrets scrubbed). */
    readonly serverMessage: string | undefined;
    /** Request id reported by the service, if any. */
    readonly requestId: string | undefined;
    /** Network error code (ECONNRESET, ETIMEDOUT, ...), if any. */
    readonly code: string | undefined;
    /** Suggested action. */
    readonly hint: string | undefined;
    /** Number of HTTP attempts made. */
    readonly attempts: number | undefined;
    /** Target host (scheme + host + port). */
    readonly host: string | undefined;

    constructor(init: ObjectStoreApiErrorInit) {
        const secrets = init.secrets ?? [];
        const serverMessage = init.serverMessage !== undefined ? redactText(init.serverMessage, secrets) : undefined;
        const detail = init.detail !== undefined ? redactText(init.detail, secrets) : undefined;
        let what: string;
        if (init.statusCode !== undefined) {
            what = `${init.statusCode}${init.statusText ? ` ${init.statusText}` : ""}`;
            if (serverMessage) what += `: ${serverMessage}`;
        } else {
            what = init.code ?? "request failed";
            if (init.host) what += ` (${init.host})`;
            if (detail && detail !== init.code) what += `: ${detail}`;
        }
        let message = `${init.operation} ${init.method} ${init.path} failed: ${what}`;
        if (init.attempts !== undefined && init.attempts > 1) message += ` (after ${init.attempts} attempts)`;
        if (!/[.!?]$/.test(message)) message += ".";
        if (init.hint) message += ` ${init.hint}`;
        if (init.requestId) message += ` (request id ${init.requestId})`;
        super(redactText(message, secrets));
        this.statusCode = init.statusCode;
        this.operation = init.operation;
        this.method = init.method;
        this.path = init.path;
        this.serverMessage = serverMessage;
        this.requestId = init.requestId;
        this.code = init.code;
        this.hint = init.hint;
        this.attempts = init.attempts;
        this.host = init.host;
    }

    /** A plain, secret-free view (used by JSON.stringify). */
    toJSON(): Record<string, unknown> {
        return {
            name: this.name,
            message: this.message,
            statusCode: this.statusCode,
            operation: this.operation,
            method: this.method,
            path: this.path,
            serverMessage: this.serverMessage,
            requestId: this.requestId,
            code: this.code,
            attempts: this.attempts,
            host: this.host,
        };
    }
}

/** One problem found while resolving connection settings. */
export interface ConfigProblem {
    /** The setting(s) concerned, e.g. `organizationId` or `clientSecret`. */
    settings: string[];
    /** Full explanation including how to fix it (`pulumi config set anypoint:<key>` / `ANYPOINT_*`). */
    message: string;
}

/**
 * Connection settings are missing or contradictory. `message` lists every problem at once,
 * each with the `pulumi config set anypoint:<key>` command and the `ANYPOINT_*` variable that fix it.
 */
export class ObjectStoreConfigError extends Error {
    /** Always `"ObjectStoreConfigError"`. */
    override readonly name = "ObjectStoreConfigError";
    /**
     * Brand of Pulumi's RunError (`pulumi.RunError.isInstance`): when a lookup's failure is not caught,
     * the program stops with this error's message alone, printed once, without a stack trace.
     */
    readonly __pulumiRunError = true;
    /** Every problem found. */
    readonly problems: readonly ConfigProblem[];

    constructor(problems: ConfigProblem[] | string) {
        const list: ConfigProblem[] = typeof problems === "string" ? [{ settings: [], message: problems }] : problems;
        const head =
            list.length === 1
                ? "Anypoint Object Store connection settings are invalid:"
                : `Anypoint Object Store connection settings are invalid (${list.length} problems):`;
        const body = list.map((p, i) => `  ${i + 1}. ${p.message.split("\n").join("\n     ")}`).join("\n");
        super(`${head}\n${body}`);
        this.problems = list;
    }

    /** Names of all settings mentioned by the problems. */
    get settings(): string[] {
        return [...new Set(this.problems.flatMap((p) => p.settings))];
    }

    /** A plain view (`name`, `message`, `problems`) for JSON.stringify; holds no setting's value. */
    toJSON(): Record<string, unknown> {
        return { name: this.name, message: this.message, problems: this.problems };
    }
}

/** True when `err` is an {@link ObjectStoreApiError} with HTTP status 409 (already exists). */
export function isConflict(err: unknown): err is ObjectStoreApiError {
    return err instanceof ObjectStoreApiError && err.statusCode === 409;
}

// Keep util.inspect output to the same safe fields (no hidden internals are ever attached, but be explicit).
Object.defineProperty(ObjectStoreApiError.prototype, inspect.custom, {
    value: function (this: ObjectStoreApiError, _depth: number, options: object) {
        const fields = { ...this.toJSON() } as Record<string, unknown>;
        delete fields.name;
        delete fields.message;
        for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
        return `${this.stack ?? `${this.name}: ${this.message}`} ${inspect(fields, options)}`;
    },
});

/**
 * The one error factory of the emulator. Every 4xx/5xx response body has the shape
 * `{"status": <int>, "name": "<PascalCase kind>", "message": "<human text>"}` (emulator choice:
 * the OSv2 error body is not public, osv2-api-notes §7; this follows the `{name, message, status}`
 * shape of S14).
 */

/** Kinds of error the emulator reports, as they appear in the `name` field. */
export type ErrorKind =
    | "InvalidBody"
    | "InvalidParam"
    | "Unauthorized"
    | "Forbidden"
    | "NotFound"
    | "MethodNotAllowed"
    | "Conflict"
    | "UsageLimitExceeded"
    | "PayloadTooLarge"
    | "UnsupportedMediaType"
    | "TooManyRequests"
    | "InternalError"
    | "BadGateway"
    | "ServiceUnavailable"
    | "GatewayTimeout";

/** JSON body of every error response. */
export interface ErrorBody {
    status: number;
    name: string;
    message: string;
}

/** An error that maps 1:1 onto an HTTP error response. */
export class EmulatorHttpError extends Error {
    readonly status: number;
    readonly kind: ErrorKind | string;
    readonly headers: Readonly<Record<string, string>>;

    constructor(status: number, kind: ErrorKind | string, message: string, headers: Record<string, string> = {}) {
        super(message);
        this.name = "EmulatorHttpError";
        this.status = status;
        this.kind = kind;
        this.headers = headers;
    }

    /** The wire body for this error. */
    toBody(): ErrorBody {
        return { status: this.status, name: this.kind, message: this.message };
    }
}

const KIND_BY_STATUS: Record<number, ErrorKind> = {
    400: "InvalidBody",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
    500: "InternalError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
};

/** The PascalCase kind used for a bare HTTP status (e.g. by injected faults). */
export function kindForStatus(status: number): string {
    return KIND_BY_STATUS[status] ?? (status >= 500 ? "InternalError" : "InvalidBody");
}

/** Factory functions: the only way the emulator builds error responses. */
export const httpErrors = {
    invalidBody: (message: string) => new EmulatorHttpError(400, "InvalidBody", message),
    invalidParam: (message: string) => new EmulatorHttpError(400, "InvalidParam", message),
    unauthorized: (message: string) =>
        new EmulatorHttpError(401, "Unauthorized", message, { "www-authenticate": 'Bearer realm="osv2-emulator"' }),
    forbidden: (message: string) => new EmulatorHttpError(403, "Forbidden", message),
    notFound: (message: string) => new EmulatorHttpError(404, "NotFound", message),
    conflict: (message: string) => new EmulatorHttpError(409, "Conflict", message),
    usageLimitExceeded: (message: string) => new EmulatorHttpError(409, "UsageLimitExceeded", message),
    payloadTooLarge: (message: string) => new EmulatorHttpError(413, "PayloadTooLarge", message),
    unsupportedMediaType: (message: string) => new EmulatorHttpError(415, "UnsupportedMediaType", message),
    tooManyRequests: (message: string, retryAfterSeconds: number) =>
        new EmulatorHttpError(429, "TooManyRequests", message, { "retry-after": String(retryAfterSeconds) }),
    internal: (message: string) => new EmulatorHttpError(500, "InternalError", message),
    /** An error for an arbitrary status, as produced by fault-injection rules. */
    fromStatus: (status: number, message: string, headers: Record<string, string> = {}) =>
        new EmulatorHttpError(status, kindForStatus(status), message, headers),
};

/**
 * The contract between the client and its bearer-token sources (implemented in ./auth): what the
 * transport (./http) asks of a source. Kept apart from ./auth so that the got plumbing, which the
 * sources use to fetch tokens, does not import them back.
 */

/** The kinds of credentials. */
export type CredentialKind = "accessToken" | "connectedApp" | "userLogin";

/** Supplies bearer tokens to the client. */
export interface TokenSource {
    readonly kind: CredentialKind;
    /**
     * Non-secret identity of the credential (kind, principal, auth host and a short hash of the
     * secret), used for cache keys and safe to log.
     */
    readonly identity: string;
    /**
     * The application the service counts requests against, for rate limiting (safe to log): the
     * connected app's client id, the user name, or the token's hash.
     */
    readonly application: string;
    /** A valid token (cached, or fetched once for all concurrent callers). */
    getToken(): Promise<string>;
    /**
     * Tells the source a token was rejected (HTTP 401). Returns true when a fresh token can be
     * obtained (the next `getToken()` fetches one unless another caller already did), false when
     * the source cannot renew (static token).
     */
    invalidate(rejectedToken?: string): boolean;
    /** Secret values to scrub from error messages. */
    secrets(): string[];
}

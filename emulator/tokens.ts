import { randomUUID } from "node:crypto";
import type { Principal } from "./identity";

/** An access token issued by the emulator's token endpoints. */
export interface IssuedToken {
    accessToken: string;
    principal: Principal;
    expiresAtMs: number;
}

/** Outcome of looking a bearer token up. */
export type TokenLookup = { status: "valid"; token: IssuedToken } | { status: "expired"; token: IssuedToken } | { status: "unknown" };

/**
 * Registry of issued bearer tokens (kept in memory: tokens do not survive a restart, and
 * POST /_emulator/reset revokes them). Expiry is judged on the virtual clock.
 */
export class TokenRegistry {
    private readonly tokens = new Map<string, IssuedToken>();

    /** Issues a token for `principal` valid for `ttlSeconds` from `nowMs`. */
    issue(principal: Principal, ttlSeconds: number, nowMs: number): IssuedToken {
        const token: IssuedToken = { accessToken: randomUUID(), principal, expiresAtMs: nowMs + ttlSeconds * 1000 };
        this.tokens.set(token.accessToken, token);
        return token;
    }

    lookup(accessToken: string, nowMs: number): TokenLookup {
        const token = this.tokens.get(accessToken);
        if (!token) return { status: "unknown" };
        if (token.expiresAtMs <= nowMs) return { status: "expired", token };
        return { status: "valid", token };
    }

    clear(): void {
        this.tokens.clear();
    }
}

/** Extracts the token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function parseBearer(header: string | undefined): string | undefined {
    if (!header) return undefined;
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
}

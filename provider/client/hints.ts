/**
 * Advice attached to a failed OSv2 call: what the user can do about a status (or an unreachable
 * host). Pure; the transport passes what it knows about the call.
 */

import { STACK_CONFIG_NAMES, type SettingNames } from "./setting-names";
import type { CredentialKind } from "./token-source";

/**
 * The advice of a call that failed after the engine cancelled the run (Ctrl-C): it replaces the
 * status's advice, since nothing was retried (../client/operation.ts, "Cancellation").
 */
export const CANCELLED_ADVICE =
    "Not retried: the run was cancelled (Ctrl-C), so the provider stopped retrying and sent nothing more for this resource. " +
    "Run `pulumi up` again to continue.";

/** What the advice may mention about the failed call. */
export interface HintContext {
    /** OSv2 operation, e.g. `GetStore`. */
    operation: string;
    /** True for the Stats API. */
    stats: boolean;
    /** Host called (base URL). */
    base: string | null;
    organizationId: string;
    environmentId: string;
    credentialKind: CredentialKind;
    /** The endpoint method's own advice for a given status (wins over the generic one). */
    overrides?: Partial<Record<number, string>>;
    /** How the advice names the settings: the stack's `anypoint:*` config (default) or an explicit provider's arguments. */
    names?: SettingNames;
}

/**
 * The permission a 403 message names, as the emulator (and Access Management) spell it:
 * `Missing permission: Manage stores (manage:store) for environment <id>` gives
 * `Manage stores (manage:store)`. Undefined when the message names none.
 */
export function missingPermissionOf(serverMessage: string | undefined): string | undefined {
    const match = /Missing permission: (.+?) for environment\b/i.exec(serverMessage ?? "");
    return match?.[1];
}

/** Who holds the credentials, and where that holder gets Object Store permissions. */
function holderOf(kind: CredentialKind, names: SettingNames): { who: string; grant: string } {
    switch (kind) {
        case "connectedApp":
            return {
                who: `the connected app (${names.refer("clientId")})`,
                grant: "grant it to the connected app in Access Management (Connected Apps > the app > Scopes, for this business group and environment)",
            };
        case "userLogin":
            return {
                who: `the user (${names.refer("username")})`,
                grant: "give the user that permission for this business group and environment in Access Management",
            };
        default:
            return {
                who: `the holder of ${names.refer("accessToken")}`,
                grant: "grant it to the connected app or user the token belongs to, in Access Management, for this business group and environment",
            };
    }
}

/** Advice for a 403: the permission the service names (if it names one), who lacks it and how to fix it. */
function forbiddenAdvice(ctx: HintContext, names: SettingNames, serverMessage: string | undefined): string {
    const where = `organization ${ctx.organizationId}, environment ${ctx.environmentId}`;
    const permission = missingPermissionOf(serverMessage);
    const otherCredentials = `or use a provider whose credentials hold it (other ${names.refer("clientId", "clientSecret")}, or an explicit provider with its own)`;
    if (permission) {
        const { who, grant } = holderOf(ctx.credentialKind, names);
        return `The credentials may not do ${ctx.operation} in ${where}: ${who} lacks ${permission} there. To fix it, ${grant}, ${otherCredentials}.`;
    }
    return (
        `The credentials may not do ${ctx.operation} in ${where}: ` +
        "grant the connected app the Object Store scopes (Manage stores, Manage stores data, View stores; Store Metrics Viewer for stats) " +
        `for this organization and environment, or use a provider with other credentials, or check ${names.refer("organizationId", "environmentId")}.`
    );
}

/**
 * The suggested action for an HTTP status, or for an unreachable host when `status` is undefined.
 * `serverMessage` is the service's own message (a 403's names the missing permission, when known).
 */
export function adviceFor(ctx: HintContext, status: number | undefined, serverMessage?: string): string | undefined {
    const names = ctx.names ?? STACK_CONFIG_NAMES;
    if (status === undefined) return `Could not reach ${ctx.base}: check ${names.refer("baseUrl", "region")} and the network.`;
    const own = ctx.overrides?.[status];
    if (own) return own;
    switch (status) {
        case 400:
            return "The service rejected the request as invalid: check the values sent.";
        case 401:
            return ctx.credentialKind === "accessToken"
                ? `The access token was rejected (expired?): set a fresh ${names.refer("accessToken")} (ANYPOINT_ACCESS_TOKEN), or use a connected app (${names.refer("clientId", "clientSecret")}) so tokens are renewed.`
                : `The token was rejected even after renewing it: check that the credentials belong to the control plane of this endpoint (${names.refer("controlPlane", "authBaseUrl")}).`;
        case 403:
            return forbiddenAdvice(ctx, names, serverMessage);
        case 404:
            return ctx.stats
                ? "Nothing found at this Stats API path: check the organization, environment, region and store ids."
                : `It does not exist on ${ctx.base}. A store is only visible on the host of its home region: check ${names.refer("region")} (or ${names.refer("baseUrl")}).`;
        case 409:
            return "It already exists.";
        case 413:
            return "The request is too large: OSv2 accepts values up to 10 MB (measured base64-encoded) and metadata up to 4 KB.";
        case 429:
            return `OSv2 kept rate-limiting the requests for the whole retry budget (10 requests/s per application by default; other programs may use the same application): lower ${names.refer("requestsPerSecond")}, raise ${names.refer("retryBudgetSeconds")} or run pulumi with a lower --parallel, then retry.`;
        default:
            return status >= 500 ? "The service is failing; try again later." : undefined;
    }
}

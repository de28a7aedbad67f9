/**
 * Where an object lives, and what a change of it means: pure rules and messages shared by every
 * resource kind and both front doors.
 *
 * An OSv2 object lives in one organization, environment and region, reached through one Object
 * Store endpoint (the regional host of the control plane, or the `baseUrl` setting). A resource
 * records that place when it creates the object (`resolvedOrganizationId`, `resolvedEnvironmentId`,
 * `resolvedRegion`, `resolvedBaseUrl`). Its diff compares the recorded place with the place its
 * inputs name under the provider's settings NOW (the resource's own overrides, then the provider's
 * settings: an explicit provider's arguments, or the stack's `anypoint:*` config, then ANYPOINT_*
 * variables). So a change of any of them is in the plan:
 *
 * - organization, environment or region: the resource is replaced into the new place (created there
 *   first, then the old object is deleted from the recorded place with the same credentials);
 * - the endpoint (a change of `controlPlane`, or of `baseUrl`): no replace is possible (the old
 *   objects could not be deleted through the new endpoint, nor with credentials of another control
 *   plane), so the diff fails, naming the resource and the ways forward ({@link endpointChangedMessage});
 * - credentials alone (clientId/secret, token, user, authBaseUrl, statsBaseUrl, rate limits): no change.
 *
 * State written by earlier versions of this package records no endpoint: it is not compared until a
 * create, update or refresh records it, so upgrading plans nothing by itself.
 */
import { trimBase } from "../client/regions";
import { isUnknown } from "./markers";
import type { ResolvedScope, ScopeArgs } from "./scope";

/** The scope fields, in the order messages name them. */
export const SCOPE_FIELD_NAMES = ["organizationId", "environmentId", "region"] as const;
/** A scope field: `organizationId`, `environmentId` or `region`. */
export type ScopeField = (typeof SCOPE_FIELD_NAMES)[number];

/** The output recording each scope field. */
export const RESOLVED_OUTPUT: Record<ScopeField, keyof ResolvedScope> = {
    organizationId: "resolvedOrganizationId",
    environmentId: "resolvedEnvironmentId",
    region: "resolvedRegion",
};

/** The word messages use for each scope field. */
const FIELD_WORD: Record<ScopeField, string> = { organizationId: "organization", environmentId: "environment", region: "region" };

/** One scope field whose recorded value differs from the one the inputs and settings name now. */
export interface ScopeMove {
    /** `organizationId`, `environmentId` or `region`. */
    field: ScopeField;
    /** Where the object lives (recorded). */
    from: string;
    /** Where the inputs and the provider's settings put it now. */
    to: string;
}

/**
 * The scope recorded in a resource's outputs, or undefined when they hold none (an object read by id
 * alone has no outputs yet). Pure.
 */
export function recordedScope(outs: Partial<ResolvedScope> | undefined): Required<ScopeArgs> | undefined {
    const o = outs ?? {};
    const [organizationId, environmentId, region] = [o.resolvedOrganizationId, o.resolvedEnvironmentId, o.resolvedRegion];
    if (typeof organizationId !== "string" || typeof environmentId !== "string" || typeof region !== "string") return undefined;
    return { organizationId, environmentId, region };
}

/** True when a scope holds Pulumi's unknown value (a provider argument computed by another resource, at preview). Pure. */
export function scopeIsUnknown(scope: Required<ScopeArgs>): boolean {
    return SCOPE_FIELD_NAMES.some((f) => isUnknown(scope[f]));
}

/** The scope fields that differ between the recorded scope and the target, in {@link SCOPE_FIELD_NAMES} order. Pure. */
export function scopeMoves(recorded: Required<ScopeArgs>, target: Required<ScopeArgs>): ScopeMove[] {
    return SCOPE_FIELD_NAMES.filter((f) => recorded[f] !== target[f]).map((f) => ({ field: f, from: recorded[f], to: target[f] }));
}

/**
 * An Object Store base URL in the form it is recorded and compared: origin and path, without user
 * name, password, query, fragment or trailing slash (so no credential is ever recorded). A value
 * that is not a URL is returned trimmed. Pure.
 */
export function endpointOf(baseUrl: string): string {
    try {
        const u = new URL(baseUrl);
        u.username = "";
        u.password = "";
        u.search = "";
        u.hash = "";
        return trimBase(u.toString());
    } catch {
        return trimBase(baseUrl);
    }
}

/**
 * True when the object was recorded with an endpoint (`resolvedBaseUrl`) other than `current`.
 * State written by earlier versions (no recorded endpoint) never differs. Pure.
 */
export function endpointDiffers(recorded: unknown, current: string): boolean {
    return typeof recorded === "string" && recorded !== "" && endpointOf(recorded) !== endpointOf(current);
}

/** `environment e1 -> e2, region r1 -> r2`: the moves in words. Pure. */
export function describeMoves(moves: readonly ScopeMove[]): string {
    return moves.map((m) => `${FIELD_WORD[m.field]} ${m.from} -> ${m.to}`).join(", ");
}

/**
 * The warning a Store or Partition diff gives when it moves the object: what is created where, and
 * what the delete of the old one takes with it. `label` names the object (./labels). Pure.
 */
export function moveWarning(kind: "Store" | "Partition", label: string, moves: readonly ScopeMove[]): string {
    const [what, first, contents] =
        kind === "Store"
            ? ["store", "creates the store in the new place first", "every partition and key in it"]
            : ["partition", "declares the partition in the new place first", "every key in it"];
    return (
        `${label} moves (${describeMoves(moves)}): \`pulumi up\` ${first}, then deletes the old ${what} with ${contents}, ` +
        `also keys that applications wrote; the new ${what} holds only what this stack declares in it.`
    );
}

/** What a call refused because of another endpoint was about to do. */
export type EndpointUse = "plan" | "update" | "delete";

/**
 * Why a resource recorded with another Object Store endpoint is neither moved, updated nor deleted,
 * and the ways forward. `label` names the object (./labels). Pure.
 */
export function endpointChangedMessage(label: string, recorded: string, current: string, use: EndpointUse): string {
    const refused =
        use === "delete"
            ? `Pulumi did not delete it: a delete through ${endpointOf(current)} could delete an object this stack did not create. ` +
              "To delete it, set the provider's controlPlane and baseUrl back and run the command again; to forget it and leave it " +
              "where it is, run `pulumi state delete <urn>`."
            : "The provider does not move objects between endpoints: it could not delete the old ones through the new endpoint (nor " +
              "with the credentials of another control plane). Pulumi changed nothing. Ways forward: set the provider's controlPlane and " +
              "baseUrl back; or, to move the stack, run `pulumi destroy` with the old settings, then set the new ones and run " +
              "`pulumi up`; or, if the new endpoint reaches the same objects (a proxy, another host name of the same service), run " +
              "`pulumi refresh --run-program` once (a plain refresh reads with the settings recorded in the stack): it reads each object " +
              "there and records the new endpoint (an object it does not find there fails the refresh and stays in the stack).";
    return (
        `${label} was created through the Object Store endpoint ${endpointOf(recorded)}, but the provider's settings (controlPlane, ` +
        `baseUrl) now reach ${endpointOf(current)}. ${refused}`
    );
}

/**
 * Why a refresh through another endpoint than the recorded one keeps a resource it did not find
 * (instead of dropping it from the stack). Pure.
 */
export function notFoundThroughEndpointMessage(label: string, recorded: string, current: string): string {
    return (
        `${label} was not found through ${endpointOf(current)}, the endpoint the provider's settings (controlPlane, baseUrl) reach now; ` +
        `it was created through ${endpointOf(recorded)}. Pulumi keeps it in the stack rather than forget an object that may still exist ` +
        "there. Set the provider's controlPlane and baseUrl back to read it where it was created."
    );
}

/**
 * The part of every resource's check, diff and delete that concerns where its object lives, shared
 * by the four core providers (both front doors call them):
 *
 * - diff compares the place recorded in the outputs with the place the inputs name under the
 *   provider instance's settings NOW ({@link scopeDiff}); a change of organization, environment or
 *   region replaces the resource, a change of endpoint fails the plan (./scope-change);
 * - check and diff record what the resource declares in this operation, and fail when a Store or
 *   Partition that this operation deletes (a replace) still holds objects that resources of this
 *   operation declare (./update-plan);
 * - a Store or Partition delete refuses while resources of this operation declare objects in it.
 *
 * Why diff, and not DiffConfig: checked with the real CLI (v3.276), a resource's Diff runs, at
 * preview too, on a provider configured with the NEW settings, whichever way they changed: an
 * explicit provider's arguments (DiffConfig answered "update", so the engine configures the new
 * provider and diffs its resources with it), the stack's `anypoint:*` config of the default
 * provider (plugin and dynamic resources alike), and an ANYPOINT_* variable that the CLI's
 * environment passes to the provider process (which no DiffConfig ever sees). A DiffConfig replace
 * would also replace the resources that pin their place with their own overrides, and name no
 * property; the resource's diff names the field and moves only what really moves.
 */
import { containsUnknown, isUnknown } from "./markers";
import type { DeclaredDiff } from "./declared-diff";
import type { ResolvedScope, ScopeArgs } from "./scope";
import { targetOf, type CheckOutcome } from "./connection";
import type { ProviderContext } from "./context";
import { osv2KeyId } from "./key-model";
import { operationLabel } from "./labels";
import type { ResourceKind } from "./ownership";
import {
    endpointChangedMessage,
    endpointDiffers,
    moveWarning,
    recordedScope,
    scopeIsUnknown,
    scopeMoves,
    SCOPE_FIELD_NAMES,
    type ScopeMove,
} from "./scope-change";
import type { Declaration } from "./update-plan";

/** The diff every core provider returns: Pulumi's DiffResult plus what the front doors show. */
export interface ResourceDiff {
    /** Whether anything differs (Pulumi's DIFF_SOME / DIFF_NONE). */
    changes: boolean;
    /** The properties whose change replaces the resource (identity fields, a change of place). */
    replaces: string[];
    /** Every property that differs (`entries["k1"]` for a KeyEntries key): the plugin's detailed diff. */
    changed: string[];
    /** Delete the old object before creating its replacement (never set by this package: a replace creates first). */
    deleteBeforeReplace?: boolean;
    /** Scope fields whose recorded value differs from the one the inputs and settings name now (old -> new). */
    moves?: ScopeMove[];
    /** Messages for the engine's log about this resource (a moving Store or Partition says what its delete takes). */
    warnings?: string[];
}

/** A known, non-empty string, else undefined. */
function known(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
}

/**
 * What a resource of `kind` with these (checked) inputs declares in `scope`: its ids, and a
 * KeyEntries' key ids; undefined while an id is unknown (preview). Pure.
 */
export function declarationOf(
    kind: ResourceKind,
    scope: Required<ScopeArgs>,
    inputs: Record<string, unknown>,
    owner?: string,
): Declaration | undefined {
    if (scopeIsUnknown(scope)) return undefined;
    const storeId = known(inputs.storeId);
    const partitionId = known(inputs.partitionId);
    const keyId = known(inputs.keyId);
    const base = { kind, scope, ...(owner !== undefined && { owner }) };
    if (storeId === undefined) return undefined;
    if (kind === "Store") return { ...base, ids: [storeId] };
    if (partitionId === undefined) return undefined;
    if (kind === "Partition") return { ...base, ids: [storeId, partitionId] };
    if (kind === "Key") return keyId === undefined ? undefined : { ...base, ids: [storeId, partitionId, osv2KeyId(keyId)] };
    const entries = inputs.entries;
    const keyIds =
        entries && typeof entries === "object" && !containsUnknown(Object.keys(entries)) ? Object.keys(entries).map(osv2KeyId) : [];
    return { ...base, ids: [storeId, partitionId], keyIds: keyIds.sort() };
}

/** The ids a resource's recorded outputs name (storeId, partitionId, keyId as far as its kind has them). Pure. */
function recordedIds(kind: ResourceKind, olds: Record<string, unknown>): string[] | undefined {
    const ids = [olds.storeId, olds.partitionId, olds.keyId].slice(0, kind === "Store" ? 1 : kind === "Key" ? 3 : 2);
    return ids.every((v) => typeof v === "string") ? (ids as string[]) : undefined;
}

/**
 * Records what a resource declares after its check (the plan's declarations, ./update-plan). Objects
 * whose scope or ids are unknown (preview) are left out. No request.
 * @returns the check's outcome, or a failure when the object lies in a Store or Partition that this
 * operation deletes (a resource to create has no diff: its check is where that is found).
 */
export function declareChecked(context: ProviderContext, kind: ResourceKind, outcome: CheckOutcome, owner?: string): CheckOutcome {
    const inputs = outcome.inputs as Record<string, unknown> | undefined;
    if (!inputs) return outcome;
    const declaration = declarationOf(kind, targetOf(context, inputs as ScopeArgs).scope, inputs, owner);
    if (!declaration) return outcome;
    context.plan.declare(declaration);
    const conflict = context.plan.leftAround(declaration);
    return conflict ? { failures: [{ property: "", reason: conflict }] } : outcome;
}

/**
 * Adds to the declared-inputs diff `base` of a resource of `kind` what its place says (see the
 * module comment): the scope fields that move (replaces), and the plan's checks.
 * @param owner the resource as messages name it, when the front door knows it (`Key 'flag'`).
 * @throws Error naming the resource and the way forward when the endpoint changed, or when a Store or
 * Partition this operation deletes still holds objects that resources of this operation declare.
 * @throws ObjectStoreConfigError when the provider's settings are incomplete.
 */
export function scopeDiff(
    context: ProviderContext,
    kind: ResourceKind,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    base: DeclaredDiff,
    owner?: string,
): ResourceDiff {
    const replaces = [...base.replaces];
    const changed = [...base.changed];
    const add = (field: string) => {
        if (!replaces.includes(field)) replaces.push(field);
        if (!changed.includes(field)) changed.push(field);
    };
    const label = owner ?? operationLabel(kind, olds);
    const target = targetOf(context, news as ScopeArgs);
    const recorded = recordedScope(olds as Partial<ResolvedScope>);
    let moves: ScopeMove[] = [];
    if (recorded) {
        if (target.baseUrl !== undefined && endpointDiffers(olds.resolvedBaseUrl, target.baseUrl))
            throw new Error(endpointChangedMessage(label, olds.resolvedBaseUrl as string, target.baseUrl, "plan"));
        // An unknown field (preview) is a replace known only at apply; the known ones move when they differ.
        SCOPE_FIELD_NAMES.filter((f) => isUnknown(target.scope[f])).forEach(add);
        moves = scopeMoves(recorded, target.scope).filter((m) => !isUnknown(m.to));
        for (const m of moves) add(m.field);
    }
    const warnings: string[] = [];
    // Only a diff that follows this operation's check plans a change: a refresh diffs without checking.
    const declaration = declarationOf(kind, target.scope, news, owner);
    if (declaration && context.plan.isDeclared(declaration)) {
        context.plan.declare(declaration);
        const conflict = context.plan.leftAround(declaration);
        if (conflict) throw new Error(conflict);
        const oldIds = recordedIds(kind, olds);
        if ((kind === "Store" || kind === "Partition") && replaces.length > 0 && recorded && oldIds) {
            const left = context.plan.leave({ kind, scope: recorded, ids: oldIds, owner, moves, replaces });
            if (left) throw new Error(left);
            if (moves.length > 0) warnings.push(moveWarning(kind, label, moves));
        }
    }
    return {
        changes: changed.length > 0,
        replaces,
        changed,
        ...(moves.length > 0 && { moves }),
        ...(warnings.length > 0 && { warnings }),
    };
}

/**
 * Before a Store or Partition delete: refuses (before any request) while resources of this
 * operation still declare objects in it. No request.
 * @throws Error naming them and the way forward (./update-plan stillDeclaredMessage).
 */
export function assertNothingDeclaredIn(context: ProviderContext, kind: "Store" | "Partition", props: Record<string, unknown>): void {
    const scope = recordedScope(props as Partial<ResolvedScope>);
    const ids = recordedIds(kind, props);
    if (!scope || !ids) return;
    const message = context.plan.stillDeclaredIn(kind, scope, ids);
    if (message) throw new Error(message);
}

/** After a delete: the object is gone, so a declaration of exactly it no longer holds anything (./update-plan forget). */
export function forgetDeleted(context: ProviderContext, kind: ResourceKind, props: Record<string, unknown>): void {
    const scope = recordedScope(props as Partial<ResolvedScope>);
    const declaration = scope && declarationOf(kind, scope, props);
    if (declaration) context.plan.forget(declaration);
}

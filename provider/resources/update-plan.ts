/**
 * What the resources of one stack operation declare, as one provider instance sees them, so that a
 * plan never leaves the state claiming objects that the service deletes with their store or
 * partition (OSv2 deletes everything in a store or partition with it).
 *
 * Every Check of the provider instance records the object its resource declares in this operation
 * (kind, scope, ids: {@link UpdatePlan.declare}); every Diff that follows such a Check (a refresh
 * diffs without one, and plans nothing here) of a Store or Partition that replaces it records that
 * this operation deletes the old container ({@link UpdatePlan.leave}). A
 * conflict is found by whichever of container and dependent comes second, so the order in which
 * the engine checks and diffs them does not matter:
 *
 * - a resource that declares an object inside a container this operation deletes (a Key in a Store
 *   that moves to another environment, when the Key does not move with it; a Key to create there)
 *   fails its Check (or Diff), or the container's Diff, naming both and the way forward
 *   ({@link leftContainerMessage});
 * - a Store or Partition removed from the program is deleted by the engine without any Diff (a
 *   preview cannot see it); its Delete refuses, before any request, while resources of this
 *   operation still declare objects in it ({@link UpdatePlan.stillDeclaredIn}).
 *
 * Lifetime: one instance per provider instance: the dynamic resources share one provider process
 * per stack operation (its preview and its update are separate processes), the `anypoint` plugin
 * runs one process per provider (default or explicit) per operation. Resources served by another
 * provider instance (another explicit provider) are not seen. The dynamic provider interface gives
 * no resource name, so there objects are named by their ids; the plugin passes resource names.
 * JavaScript runs one call at a time, and each method records and looks up without awaiting, so
 * concurrent engine calls cannot interleave inside one.
 */
import type { ScopeArgs } from "./scope";
import { operationLabel } from "./labels";
import { describeObject, objectIdentity, type ResourceKind } from "./ownership";
import { describeMoves, type ScopeMove } from "./scope-change";

/** What one resource declares in this operation: its kind, the scope it names now and its ids. */
export interface Declaration {
    /** The resource's kind. */
    kind: ResourceKind;
    /** Organization, environment and region (all known). */
    scope: Required<ScopeArgs>;
    /** storeId, then partitionId (Partition, Key, KeyEntries), then keyId (Key). */
    ids: readonly string[];
    /** A KeyEntries' key ids (spelled as OSv2 stores them). */
    keyIds?: readonly string[];
    /** The resource as messages name it (`Key 'flag'`), when the front door knows it. */
    owner?: string;
}

/** A Store or Partition whose old object this operation deletes (its resource is replaced). */
export interface LeftContainer {
    /** A Store or a Partition. */
    kind: "Store" | "Partition";
    /** The scope the old object lives in (recorded). */
    scope: Required<ScopeArgs>;
    /** storeId (and partitionId) of the old object. */
    ids: readonly string[];
    /** Its resource as messages name it, when known. */
    owner?: string;
    /** Why it is replaced: its scope moves, or ({@link replaces}) identity fields changed. */
    moves: readonly ScopeMove[];
    /** The properties whose change replaces it. */
    replaces: readonly string[];
}

/**
 * The resource of a declaration in words: its name (`Key 'flag'`), or without one (the dynamic door)
 * the label its operations' messages use (./labels: `Key 'p/k' in store 's'`).
 */
export function describeDeclaration(d: Declaration): string {
    return d.owner ?? operationLabel(d.kind, { storeId: d.ids[0], partitionId: d.ids[1], keyId: d.ids[2] });
}

/** `s` with its first letter in upper case (a sentence that starts with a description). */
function sentence(s: string): string {
    return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A left container's resource in words. */
function describeLeft(c: LeftContainer): string {
    return c.owner ?? operationLabel(c.kind, { storeId: c.ids[0], partitionId: c.ids[1] });
}

/** Whether declaration `d` names an object strictly inside container `c` (same scope; its store, or its partition). Pure. */
export function isInside(d: Declaration, c: Pick<LeftContainer, "kind" | "scope" | "ids">): boolean {
    if (d.scope.organizationId !== c.scope.organizationId || d.scope.environmentId !== c.scope.environmentId) return false;
    if (d.scope.region !== c.scope.region || d.ids[0] !== c.ids[0]) return false;
    if (c.kind === "Store") return d.kind !== "Store";
    return (d.kind === "Key" || d.kind === "KeyEntries") && d.ids[1] === c.ids[1];
}

/** The way forward for `count` resources left inside a container that moves or is replaced. Pure. */
function wayForward(c: LeftContainer, count: number): string {
    const one = count === 1;
    const [them, their, move] = one ? ["it", "its", "it moves"] : ["them", "their", "they move"];
    if (c.moves.length > 0) {
        const fields = c.moves.map((m) => `\`${m.field}\``).join(" and ");
        return `Give ${them} the same ${fields} as ${describeLeft(c)} (${describeMoves(c.moves)}) so that ${move} with it, or remove ${them} from the program.`;
    }
    const ref = c.kind === "Store" ? `\`store.storeId\` as ${their} storeId` : `\`partition.partitionId\` as ${their} partitionId`;
    return `Pass ${ref} so that ${one ? "it follows" : "they follow"} it, or remove ${them} from the program.`;
}

/**
 * The message of a plan in which `container` is deleted (its resource is replaced) while `inside`
 * still declare objects in it; `othersUnseen` when more resources inside it may follow. Pure.
 */
export function leftContainerMessage(container: LeftContainer, inside: readonly Declaration[], othersUnseen = false): string {
    const shown = inside.slice(0, 5).map(describeDeclaration);
    const more = inside.length > shown.length ? ` and ${inside.length - shown.length} more` : "";
    const what = describeObject(container.kind, container.ids);
    const why =
        container.moves.length > 0
            ? `moves (${describeMoves(container.moves)})`
            : `is replaced (its ${container.replaces.join(", ")} changed)`;
    return (
        `${sentence(describeLeft(container))} ${why}: its replace deletes the old ${what} in environment ${container.scope.environmentId} ` +
        `(organization ${container.scope.organizationId}, region ${container.scope.region}), and OSv2 deletes everything in it with it. ` +
        `${sentence(shown.join(", "))}${more} of this stack still declare${inside.length === 1 ? "s" : ""} objects in that ` +
        `${container.kind.toLowerCase()}, which would be deleted while the stack still recorded them. ` +
        `${wayForward(container, inside.length)}` +
        (othersUnseen ? ` Other resources of this stack inside it need the same.` : "") +
        " Pulumi changed nothing."
    );
}

/** The message of a Store or Partition delete refused because resources of this operation still declare objects in it. Pure. */
export function stillDeclaredMessage(kind: "Store" | "Partition", ids: readonly string[], inside: readonly Declaration[]): string {
    const shown = inside.slice(0, 5).map(describeDeclaration);
    const more = inside.length > shown.length ? ` and ${inside.length - shown.length} more` : "";
    const contents = kind === "Store" ? "every partition and key in it" : "every key in it";
    return (
        `${sentence(describeObject(kind, ids))} was not deleted: ${shown.join(", ")}${more} of ` +
        `this update still declare${inside.length === 1 ? "s" : ""} objects in it, and deleting it deletes ${contents}. Remove ` +
        `${inside.length === 1 ? "it" : "them"} from the program too, or keep the ${kind} in the program. Pulumi deleted nothing.`
    );
}

/** The declarations and left containers of one stack operation, as one provider instance sees them (see the module comment). */
export class UpdatePlan {
    private readonly declarations = new Map<string, Declaration>();
    private readonly left = new Map<string, LeftContainer>();

    private static keyOf(d: Pick<Declaration, "kind" | "scope" | "ids" | "keyIds">): string {
        return (
            objectIdentity(d.kind === "KeyEntries" ? "Key" : d.kind, d.scope, [...d.ids, ...(d.keyIds ? ["*", ...d.keyIds] : [])]) + d.kind
        );
    }

    /** Records what a resource declares in this operation (Check and Diff); a later record of the same object keeps a known name. */
    declare(d: Declaration): void {
        const key = UpdatePlan.keyOf(d);
        const before = this.declarations.get(key);
        this.declarations.set(key, { ...d, owner: d.owner ?? before?.owner });
    }

    /** Whether a check of this operation recorded this declaration (a refresh diffs without checking). */
    isDeclared(d: Pick<Declaration, "kind" | "scope" | "ids" | "keyIds">): boolean {
        return this.declarations.has(UpdatePlan.keyOf(d));
    }

    /** Forgets a declaration (its resource's object was deleted in this operation). */
    forget(d: Pick<Declaration, "kind" | "scope" | "ids" | "keyIds">): void {
        this.declarations.delete(UpdatePlan.keyOf(d));
    }

    /**
     * Records that this operation deletes the old object of a replaced Store or Partition.
     * @returns the message naming the resources of this operation that still declare objects in it, or undefined.
     */
    leave(c: LeftContainer): string | undefined {
        this.left.set(objectIdentity(c.kind, c.scope, c.ids), c);
        const inside = [...this.declarations.values()].filter((d) => isInside(d, c));
        return inside.length > 0 ? leftContainerMessage(c, inside) : undefined;
    }

    /** The message when `d` lies in a Store or Partition that this operation deletes (recorded by {@link leave}), or undefined. */
    leftAround(d: Declaration): string | undefined {
        // Diffed after the container: resources inside it that the engine has not diffed yet are not known here.
        for (const c of this.left.values()) if (isInside(d, c)) return leftContainerMessage(c, [d], true);
        return undefined;
    }

    /** The message when resources of this operation still declare objects in this Store or Partition (before its delete), or undefined. */
    stillDeclaredIn(kind: "Store" | "Partition", scope: Required<ScopeArgs>, ids: readonly string[]): string | undefined {
        const inside = [...this.declarations.values()].filter((d) => isInside(d, { kind, scope, ids }));
        return inside.length > 0 ? stillDeclaredMessage(kind, ids, inside) : undefined;
    }
}

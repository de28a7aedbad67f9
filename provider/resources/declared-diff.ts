/**
 * The declared-inputs-versus-outputs comparison every resource's diff uses: identity fields (a
 * change replaces) and settings (a change updates), scope overrides compared with the scope the
 * object lives in. Pure.
 */
import type { ResolvedScope } from "./scope";
import { containsUnknown } from "./markers";

/** Two declared values are the same for diff purposes (numbers by value, objects structurally). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a === "number" && typeof b === "number") return a === b || (Number.isNaN(a) && Number.isNaN(b));
    if (a === null || b === null || a === undefined || b === undefined) return false;
    if (typeof a !== "object" || typeof b !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a as object)
        .filter((k) => (a as Record<string, unknown>)[k] !== undefined)
        .sort();
    const kb = Object.keys(b as object)
        .filter((k) => (b as Record<string, unknown>)[k] !== undefined)
        .sort();
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
    return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Result of comparing declared inputs with outputs, in the shape of Pulumi's DiffResult. */
export interface DeclaredDiff {
    /** Whether anything differs (Pulumi's DiffResult.changes). */
    changes: boolean;
    /** The properties whose change replaces the resource (its identity: ids and scope overrides). */
    replaces: string[];
    /** Every property that differs (for tests and messages; the dynamic host does not forward it). */
    changed: string[];
}

/** What a resource's diff compares: its identity fields (a change replaces) and its settings (a change updates). */
export interface DiffSpec {
    /** Identity fields: storeId, partitionId, keyId and the scope overrides. A real change replaces. */
    replaceFields: readonly string[];
    /** Settings that update in place. */
    settingFields: readonly string[];
}

/** The output field that records where an object lives, for a scope override (`region` -> `resolvedRegion`). */
const RESOLVED_FIELD: Record<string, keyof ResolvedScope> = {
    organizationId: "resolvedOrganizationId",
    environmentId: "resolvedEnvironmentId",
    region: "resolvedRegion",
};

/**
 * The old value a declared input is compared with: for a scope override, the scope the object
 * really lives in (declaring the scope already in use is no change); otherwise the same-named output.
 */
function oldValueOf(olds: Record<string, unknown>, field: string): unknown {
    const resolved = RESOLVED_FIELD[field];
    if (resolved !== undefined && olds[resolved] !== undefined) return olds[resolved];
    return olds[field];
}

/**
 * Compares the declared inputs `news` (normalized) with the old outputs `olds`. Pure.
 * - A declared identity field that differs goes in `replaces`; a declared setting that differs is a change.
 * - An unknown input (preview) counts as a change (a replacement for an identity field), since its
 *   value is only known at apply.
 * - Scope overrides compare with the resolved scope recorded at create; an override left unset keeps
 *   the object where it is (no change).
 * - A setting that is not declared is not diffed (the live value stands and is not drift), unless it
 *   was declared before (`declaredBefore`): removing it from the program is a change that returns the
 *   setting to the service default.
 */
export function diffDeclared(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    spec: DiffSpec,
    declaredBefore: readonly string[] = [],
): DeclaredDiff {
    const changed: string[] = [];
    const replaces: string[] = [];
    for (const field of [...spec.replaceFields, ...spec.settingFields]) {
        const declared = news[field];
        const isReplace = spec.replaceFields.includes(field);
        if (declared === undefined || declared === null) {
            if (!isReplace && declaredBefore.includes(field)) changed.push(field);
            continue;
        }
        if (!containsUnknown(declared) && sameValue(declared, oldValueOf(olds, field))) continue;
        changed.push(field);
        if (isReplace) replaces.push(field);
    }
    return { changes: changed.length > 0, replaces, changed };
}

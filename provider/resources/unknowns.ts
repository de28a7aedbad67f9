/**
 * Pulumi's unknown-value sentinel (an input computed by another resource, during preview) and the
 * helpers that look for it. Pure; shared by the core providers and both front doors.
 */
/** The value Pulumi puts in place of inputs that are not known yet during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is Pulumi's unknown-value sentinel (an input computed by another resource, during preview). */
export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/** True when `v` is, or holds at any depth, Pulumi's unknown-value sentinel. Pure. */
export function containsUnknown(v: unknown): boolean {
    if (isUnknown(v)) return true;
    if (v === null || typeof v !== "object") return false;
    return Object.values(v as Record<string, unknown>).some(containsUnknown);
}

/**
 * The id a create will return, for a preview's plan (Pulumi sends Create with `preview = true` to a
 * provider plugin, which must answer without writing): `id()` built from the identity `parts`, or ""
 * (which the engine and the SDKs treat as an unknown id) while one of them is unknown. Pure.
 */
export function plannedId(parts: readonly unknown[], id: () => string): string {
    return parts.some(containsUnknown) ? "" : id();
}

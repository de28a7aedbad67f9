/**
 * Pulumi's markers in property values: the unknown-value sentinel (an input computed by another
 * resource, during preview) with the helpers that look for it, and the signature that marks a
 * secret (on the plugin's wire and in an exported deployment). Pure; shared by the core providers,
 * both front doors and recover.
 */
/** The signature key of a secret value: `{"4dabf…": SECRET_SIG_VALUE, value | plaintext | ciphertext}` (Pulumi's `sig` package). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value that marks a secret under {@link SECRET_SIG_KEY}. */
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** True when `v` is an object that carries the secret signature (a secret on the plugin's wire or in a deployment). Pure. */
export function hasSecretSignature(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE;
}

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

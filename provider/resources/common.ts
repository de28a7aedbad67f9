import { z } from "zod";
import { REGION_ID_PATTERN } from "../client/regions";
import { compact } from "../util/objects";

/**
 * Pure helpers shared by the Store, Partition and Key providers: OSv2 limits, Pulumi's unknown
 * sentinel, check failures, and the declared-inputs-versus-outputs comparison that every diff uses.
 * Nothing here performs I/O.
 */

// OSv2 limits and defaults live in ../limits.ts (shared with the client); re-exported for the resources.
export { DEFAULT_CONFIRMATION_TTL_SECONDS, MAX_KEY_BYTES, MAX_STORE_ID_CHARS, MAX_TTL_SECONDS, MAX_VALUE_BASE64_BYTES } from "../limits";
export { compact } from "../util/objects";

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

/** A check failure in Pulumi's shape: the input property and a reason that says what to do. */
export interface CheckFailure {
    /** The input property, e.g. `defaultTtlSeconds` or `entries["k1"].binaryValue` ("" for the resource as a whole). */
    property: string;
    /** What is wrong: the value, the limit and what to do. */
    reason: string;
}

/** Fields every resource accepts to override the provider-wide connection scope (one stack, many environments). */
export interface ScopeArgs {
    /** Anypoint organization (business group) id; default: `anypoint:organizationId` / ANYPOINT_ORGANIZATION_ID. */
    organizationId?: string;
    /** Anypoint environment id; default: `anypoint:environmentId` / ANYPOINT_ENVIRONMENT_ID. */
    environmentId?: string;
    /** OSv2 region id such as `us-east-1`; default: `anypoint:region` / ANYPOINT_REGION (us-east-1). */
    region?: string;
}

/** The scope overrides and `adopt` flag a resource declared (unset ones left out). Pure. */
export function declaredScope(x: ScopeArgs & { adopt?: boolean }): ScopeArgs & { adopt?: boolean } {
    return compact({ organizationId: x.organizationId, environmentId: x.environmentId, region: x.region, adopt: x.adopt });
}

/** Identity fields of the scope: changing one moves the object, so it replaces the resource. */
export const SCOPE_FIELDS = ["organizationId", "environmentId", "region"] as const;

/**
 * The scope recorded in a resource's outputs when it was created (`resolved*` fields). Reads,
 * updates and deletes use it, so a later change of stack config never points them at another
 * environment's object.
 */
export interface ResolvedScope {
    /** Organization id the object lives in, recorded at create; reads, updates and deletes use it even if the stack's settings change later. */
    resolvedOrganizationId: string;
    /** Environment id the object lives in, recorded at create; reads, updates and deletes use it. */
    resolvedEnvironmentId: string;
    /** Region id (e.g. `us-east-1`) whose OSv2 host holds the object, recorded at create. */
    resolvedRegion: string;
    /**
     * The Object Store endpoint the object is reached through (`https://object-store-us-east-1.anypoint.mulesoft.com`,
     * or the `baseUrl` setting such as the emulator's URL; without credentials, query or trailing slash), recorded at
     * create, update and refresh. Undefined in state written by earlier versions of this package: then it is not compared.
     */
    resolvedBaseUrl?: string;
}

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

/** Byte length of a string in UTF-8. */
export function utf8Bytes(s: string): number {
    return Buffer.byteLength(s, "utf8");
}

/** Formats a number of seconds as a short human duration for messages ("45 days", "90 s"). */
export function humanSeconds(seconds: number): string {
    if (seconds % 86_400 === 0) return `${seconds / 86_400} days`;
    if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
    return `${seconds} s`;
}

/** `s` cut to `max` characters with an ellipsis, for messages. */
export function abridge(s: string, max = 40): string {
    const chars = [...s];
    return chars.length > max ? chars.slice(0, max).join("") + "…" : s;
}

/** Control characters (NUL, tab, newline, DEL, ...): not allowed in OSv2 ids. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is rejected
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * A zod schema for an OSv2 identifier (storeId, partitionId, keyId): a non-blank string within the
 * byte (and optionally character) limit, without '|' or control characters. Messages name the
 * value (abridged), the limit and what to do.
 * @internal
 */
export function identifierSchema(property: string, maxBytes: number, maxChars?: number) {
    return z
        .string({ error: (iss) => `${property} is required and must be a string; got ${describe(iss.input)}.` })
        .refine((v) => v.trim() !== "", {
            error: (iss) => `${property} must not be empty or blank; got ${JSON.stringify(iss.input)}. Set it to a non-blank id.`,
        })
        .refine((v) => maxChars === undefined || [...v].length <= maxChars, {
            error: (iss) =>
                `${property} '${abridge(String(iss.input))}' has ${[...String(iss.input)].length} characters; OSv2 allows at most ${maxChars}. Use a shorter id.`,
        })
        .refine((v) => utf8Bytes(v) <= maxBytes, {
            error: (iss) =>
                `${property} '${abridge(String(iss.input))}' is ${utf8Bytes(String(iss.input))} bytes of UTF-8; OSv2 allows at most ${maxBytes} bytes. Use a shorter id.`,
        })
        .refine((v) => !v.includes("|"), {
            error: (iss) =>
                `${property} '${abridge(String(iss.input))}' contains '|', which OSv2 does not support (OSv2 FAQ). Use another separator such as ':' or '/'.`,
        })
        .refine((v) => !CONTROL_CHARS.test(v), {
            error: (iss) =>
                `${property} ${JSON.stringify(abridge(String(iss.input)))} contains a control character (such as NUL or a newline), which OSv2 ids cannot hold. Remove it.`,
        });
}

/** Optional boolean input. @internal */
export function booleanSchema(property: string) {
    return z.boolean({ error: (iss) => `${property} must be true or false; got ${describe(iss.input)}.` }).optional();
}

/** The optional scope overrides every resource accepts; region must look like an OSv2 region id. @internal */
export const scopeShape = {
    organizationId: z
        .string({ error: "organizationId must be a string when set." })
        .min(
            1,
            "organizationId must not be empty when set: give the organization (business group) id, or leave organizationId out to use the stack's.",
        )
        .optional(),
    environmentId: z
        .string({ error: "environmentId must be a string when set." })
        .min(1, "environmentId must not be empty when set: give the environment id, or leave environmentId out to use the stack's.")
        .optional(),
    region: z
        .string({ error: "region must be a string when set." })
        .regex(REGION_ID_PATTERN, {
            error: (iss) =>
                `region '${String(iss.input)}' is not an OSv2 region id; use one such as us-east-1, eu-central-1 or ap-southeast-2.`,
        })
        .optional(),
    adopt: booleanSchema("adopt"),
};

/**
 * Validates `news` against `schema` and returns Pulumi check failures, one per problem. A property
 * that is unknown at any depth (preview: an output of another resource) or null is treated as unset
 * and not validated now; check runs again at apply, when it is known. Each failure's `property` is
 * the input's path (`usageLimits.maxKeys`) and its reason names that field too.
 * @internal
 */
export function validate(schema: z.ZodType, news: Record<string, unknown>): CheckFailure[] {
    const known: Record<string, unknown> = {};
    const pending = new Set<string>();
    for (const [k, v] of Object.entries(news)) {
        if (k === "__provider" || v === null) continue;
        if (containsUnknown(v)) pending.add(k);
        else known[k] = v;
    }
    const result = schema.safeParse(known);
    if (result.success) return [];
    return result.error.issues.flatMap((issue) => {
        if (issue.path.length > 0 && pending.has(String(issue.path[0]))) return [];
        const at = issue.path.map(String);
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({
                property: [...at, key].join("."),
                reason: `unknown input '${[...at, key].join(".")}': check its spelling against the resource's documented inputs (README "Resource reference").`,
            }));
        }
        return [{ property: at.join("."), reason: issue.message }];
    });
}

/** Input names whose values are never shown in messages (they may be secrets or megabytes long). */
const OPAQUE_VALUE_NAMES = /value|secret|password|token/i;

/**
 * Short description of an input value for error messages: its type and a bounded rendering
 * (60 characters). `NaN` and `Infinity` are named as such. For an input whose value may be a secret
 * or very large (pass its `property` name: stringValue, binaryValue, clientSecret, ...), only the
 * type and length are shown.
 */
export function describe(v: unknown, property = ""): string {
    if (v === undefined) return "nothing";
    if (v === null) return "null";
    if (typeof v === "number" && !Number.isFinite(v)) return `${v}`;
    if (OPAQUE_VALUE_NAMES.test(property)) {
        return typeof v === "string"
            ? `a string of ${v.length} characters (not shown)`
            : `${Array.isArray(v) ? "an array" : `a ${typeof v}`} (not shown)`;
    }
    if (typeof v === "number") return `number ${v}`;
    let text: string;
    try {
        text = JSON.stringify(v) ?? String(v);
    } catch {
        text = String(v);
    }
    return `${Array.isArray(v) ? "array" : typeof v} ${text.length > 60 ? text.slice(0, 60) + "…" : text}`;
}

/**
 * The check of a resource's inputs: Pulumi's check-failure shape, zod schemas for OSv2 identifiers,
 * booleans and the scope overrides, and {@link validate}, which turns a schema's issues into check
 * failures (unknown inputs left for apply). Pure.
 */
import { z } from "zod";
import { REGION_ID_PATTERN } from "../client/regions";
import { abridge, describe, utf8Bytes } from "./message-text";
import { containsUnknown } from "./markers";

/** A check failure in Pulumi's shape: the input property and a reason that says what to do. */
export interface CheckFailure {
    /** The input property, e.g. `defaultTtlSeconds` or `entries["k1"].binaryValue` ("" for the resource as a whole). */
    property: string;
    /** What is wrong: the value, the limit and what to do. */
    reason: string;
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

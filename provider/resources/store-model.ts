/**
 * The Store's model, pure: its plain inputs and outputs, the settings it writes and their service
 * defaults, validation (zod), normalization (the TTL clamp), the diff, and the mapping to and from
 * the OSv2 wire shapes. No I/O; the resource and its provider are in store.ts.
 */
import { z } from "zod";
import type { StoreInfo, StoreSettings, UsageLimits } from "../client/types";
import { CheckFailure, identifierSchema, booleanSchema, scopeShape, validate } from "./validation";
import { DEFAULT_CONFIRMATION_TTL_SECONDS, MAX_STORE_ID_CHARS, MAX_TTL_SECONDS } from "../limits";
import { ResolvedScope, SCOPE_FIELDS, declaredScope } from "./scope";
import { compact } from "../util/objects";
import { describe, humanSeconds } from "./message-text";
import { diffDeclared } from "./declared-diff";
import { isUnknown, UNKNOWN } from "./markers";

/** How a store's usage limits are enforced once reached: reject the write, or accept it and warn. */
export type LimitEnforcement = "REJECT" | "WARN";

/** Usage limits of a store, by number of keys and by total size. */
export interface StoreUsageLimitsArgs {
    /** Maximum number of keys in the store (whole number ≥ 1). */
    maxKeys?: number;
    /** Maximum total size of the store's values in bytes, measured as OSv2 measures values (base64). */
    maxSizeBytes?: number;
    /** What OSv2 does when a limit is reached; default `REJECT`. */
    enforcement?: LimitEnforcement;
}

/** Plain (resolved) inputs of a Store, as the provider receives them. */
export interface StoreInputs {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Declared entry TTL in whole seconds, after the clamp to 2,592,000; undefined when not declared. */
    defaultTtlSeconds?: number;
    /** Declared confirmation TTL in whole seconds; undefined when not declared. */
    defaultConfirmationTtlSeconds?: number;
    /** Declared persistence; undefined when not declared. */
    persistent?: boolean;
    /** Declared TTL kind (`true` static, `false` rolling); undefined when not declared. */
    isFixedTtl?: boolean;
    /** Declared usage limits; undefined when not declared. */
    usageLimits?: StoreUsageLimitsArgs;
    /** Organization (business group) id override as declared; undefined means the stack's `anypoint:organizationId` (or ANYPOINT_ORGANIZATION_ID). */
    organizationId?: string;
    /** Environment id override as declared; undefined means the stack's `anypoint:environmentId` (or ANYPOINT_ENVIRONMENT_ID). */
    environmentId?: string;
    /** Region id override as declared (e.g. `eu-central-1`); undefined means the stack's `anypoint:region` (default `us-east-1`). */
    region?: string;
    /** As declared: `true` lets create take over an object that already exists (README, "Adopting what already exists"). */
    adopt?: boolean;
}

/** Outputs of a Store: the live settings under the input names, plus server-owned fields and the resolved scope. */
export interface StoreOutputs extends ResolvedScope {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    storeId: string;
    /** Live entry TTL in whole seconds, 1 … 2,592,000 (30 days): the declared value after the clamp, or the service default 2,592,000. Read with `GET …/stores/{storeId}`. */
    defaultTtlSeconds: number;
    /** Live confirmation TTL in whole seconds, 1 … 2,592,000 (service default 600): how long a confirmable write waits for its ack. */
    defaultConfirmationTtlSeconds: number;
    /** Live: whether entries survive restarts of the application's workers (service default `true`). */
    persistent: boolean;
    /** Canonical: the service's `null` (rolling TTL) is reported as `false`. */
    isFixedTtl: boolean;
    /** Live usage limits `{maxKeys?, maxSizeBytes?, enforcement?: "REJECT" | "WARN"}`; undefined when the store has none. */
    usageLimits?: StoreUsageLimitsArgs;
    /** Read-only, as OSv2 reports it in the store object (`encrypted`); all OSv2 data is encrypted at rest. */
    encrypted: boolean;
    /** Read-only, as OSv2 reports it in the store object (`permanentOsFlag`); its meaning is not publicly documented. */
    permanentOsFlag: boolean;
    /** Organization (business group) id override as declared; undefined means the stack's `anypoint:organizationId` (or ANYPOINT_ORGANIZATION_ID). */
    organizationId?: string;
    /** Environment id override as declared; undefined means the stack's `anypoint:environmentId` (or ANYPOINT_ENVIRONMENT_ID). */
    environmentId?: string;
    /** Region id override as declared (e.g. `eu-central-1`); undefined means the stack's `anypoint:region` (default `us-east-1`). */
    region?: string;
    /** As declared: `true` lets create take over an object that already exists (README, "Adopting what already exists"). */
    adopt?: boolean;
    /** Settings the program declared (so refresh can report them as the inputs); others show server defaults. */
    declaredProperties: string[];
}

/** Writable settings, in the order they are shown and compared. */
export const STORE_SETTINGS = ["defaultTtlSeconds", "defaultConfirmationTtlSeconds", "persistent", "isFixedTtl", "usageLimits"] as const;

/** Properties whose change replaces the store (its identity). Everything else updates in place with PATCH. */
export const STORE_REPLACE_FIELDS = ["storeId", ...SCOPE_FIELDS] as const;

/**
 * The value each setting returns to when the program stops declaring it: the service's default for a
 * store created without a body (OSv2 docs' store examples: TTL 2,592,000 s, confirmation TTL 600 s,
 * persistent, `isFixedTtl: null` = rolling TTL, no usage limits).
 */
export const STORE_DEFAULTS: Required<Omit<StoreSettings, "usageLimits">> & { usageLimits: null } = {
    defaultTtlSeconds: MAX_TTL_SECONDS,
    defaultConfirmationTtlSeconds: DEFAULT_CONFIRMATION_TTL_SECONDS,
    persistent: true,
    isFixedTtl: null,
    usageLimits: null,
};

const STORE_DIFF = { replaceFields: STORE_REPLACE_FIELDS, settingFields: STORE_SETTINGS };

const ttlSchema = (property: string) =>
    z
        .number({ error: (iss) => `${property} must be a number of seconds; got ${describe(iss.input)}.` })
        .int({ error: (iss) => `${property} must be a whole number of seconds; got ${String(iss.input)}.` })
        .min(1, {
            error: (iss) =>
                property === "defaultTtlSeconds"
                    ? `${property} must be at least 1 second; got ${String(iss.input)}. (OSv2 silently turns values ≤ 0 into ${MAX_TTL_SECONDS} s = 30 days: declare ${MAX_TTL_SECONDS} if that is what you want.)`
                    : `${property} must be from 1 to ${MAX_TTL_SECONDS} seconds (30 days); got ${String(iss.input)}. (A confirmation TTL below 1 s is refused, not turned into a default.)`,
        })
        .optional();

const usageLimitsSchema = z
    .object(
        {
            maxKeys: z
                .number({ error: (iss) => `usageLimits.maxKeys must be a number of keys; got ${describe(iss.input)}.` })
                .int({ error: (iss) => `usageLimits.maxKeys must be a whole number of keys; got ${String(iss.input)}.` })
                .min(1, { error: (iss) => `usageLimits.maxKeys must be at least 1; got ${String(iss.input)}. Omit it for no key limit.` })
                .optional(),
            maxSizeBytes: z
                .number({ error: (iss) => `usageLimits.maxSizeBytes must be a number of bytes; got ${describe(iss.input)}.` })
                .int({ error: (iss) => `usageLimits.maxSizeBytes must be a whole number of bytes; got ${String(iss.input)}.` })
                .min(1, {
                    error: (iss) => `usageLimits.maxSizeBytes must be at least 1; got ${String(iss.input)}. Omit it for no size limit.`,
                })
                .optional(),
            enforcement: z
                .enum(["REJECT", "WARN"], {
                    error: (iss) => `usageLimits.enforcement must be "REJECT" or "WARN"; got ${describe(iss.input)}.`,
                })
                .optional(),
        },
        { error: (iss) => `usageLimits must be an object {maxKeys?, maxSizeBytes?, enforcement?}; got ${describe(iss.input)}.` },
    )
    .strict()
    .refine((u) => u.maxKeys !== undefined || u.maxSizeBytes !== undefined, {
        error: "usageLimits needs maxKeys, maxSizeBytes or both; omit usageLimits for a store without limits.",
    });

/** zod schema of Store inputs (known values only; see {@link validate}). @internal */
export const storeInputsSchema = z.strictObject({
    storeId: identifierSchema("storeId", 4 * MAX_STORE_ID_CHARS, MAX_STORE_ID_CHARS),
    defaultTtlSeconds: ttlSchema("defaultTtlSeconds"),
    defaultConfirmationTtlSeconds: ttlSchema("defaultConfirmationTtlSeconds").refine((v) => v === undefined || v <= MAX_TTL_SECONDS, {
        error: (iss) => `defaultConfirmationTtlSeconds must be at most ${MAX_TTL_SECONDS} (30 days); got ${String(iss.input)}.`,
    }),
    persistent: booleanSchema("persistent"),
    isFixedTtl: booleanSchema("isFixedTtl"),
    usageLimits: usageLimitsSchema.optional(),
    ...scopeShape,
});

/** Validates Store inputs; returns one failure per problem (empty when valid). Pure. */
export function validateStore(news: Record<string, unknown>): CheckFailure[] {
    return validate(storeInputsSchema, news);
}

/**
 * The warning shown when a declared TTL is above the OSv2 maximum and is clamped, or undefined.
 * Pure; used by check (which clamps) and by the Store constructor (which prints it).
 */
export function ttlClampWarning(defaultTtlSeconds: unknown): string | undefined {
    if (typeof defaultTtlSeconds !== "number" || defaultTtlSeconds <= MAX_TTL_SECONDS) return undefined;
    return (
        `defaultTtlSeconds ${defaultTtlSeconds} (${humanSeconds(defaultTtlSeconds)}) is above the OSv2 maximum of ` +
        `${MAX_TTL_SECONDS} (30 days); using ${MAX_TTL_SECONDS}, as OSv2 does. Declare ${MAX_TTL_SECONDS} to silence this warning.`
    );
}

/**
 * Normalizes valid Store inputs: clamps defaultTtlSeconds to 2,592,000, fills usageLimits.enforcement
 * with its default ("REJECT"), and drops unset (undefined/null) members so they are neither sent nor diffed. Pure.
 */
export function normalizeStore<T extends Record<string, unknown>>(news: T): T {
    const out: Record<string, unknown> = compact(news);
    const ttl = out.defaultTtlSeconds;
    if (typeof ttl === "number" && ttl > MAX_TTL_SECONDS) out.defaultTtlSeconds = MAX_TTL_SECONDS;
    const limits = out.usageLimits;
    if (limits && typeof limits === "object" && !isUnknown(limits)) {
        out.usageLimits = { enforcement: "REJECT", ...compact(limits as Record<string, unknown>) };
    }
    return out as T;
}

/**
 * Diff of declared Store inputs (`news`) against the old outputs (`olds`): identity fields replace,
 * settings update in place with PATCH, a setting no longer declared returns to its default. Also used
 * by refresh, with the live outputs as `olds`. Pure.
 */
export function diffStore(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const declaredBefore = Array.isArray(olds.declaredProperties) ? (olds.declaredProperties as string[]) : [];
    return diffDeclared(olds, normalizeStore(news), STORE_DIFF, declaredBefore);
}

/**
 * The PUT/PATCH body for `inputs`: its declared settings, plus the service default of each setting in
 * `cleared` (declared before, removed from the program now). Pure.
 */
export function storeSettingsFrom(inputs: StoreInputs, cleared: readonly string[] = []): StoreSettings {
    const settings: Record<string, unknown> = {};
    for (const field of STORE_SETTINGS) {
        const v = inputs[field];
        if (v === undefined || v === null) {
            if (cleared.includes(field)) settings[field] = STORE_DEFAULTS[field];
        } else if (field === "usageLimits") {
            const u = v as StoreUsageLimitsArgs;
            settings.usageLimits = {
                maxKeys: u.maxKeys ?? null,
                maxSizeBytes: u.maxSizeBytes ?? null,
                enforcement: u.enforcement ?? "REJECT",
            };
        } else {
            settings[field] = v;
        }
    }
    return settings as StoreSettings;
}

/** The settings that `inputs` declares with a value other than the live one (what adopt must PATCH). Pure. */
export function settingsToAdopt(inputs: StoreInputs, liveOutputs: StoreOutputs): StoreSettings {
    const { changed } = diffDeclared(
        liveOutputs as unknown as Record<string, unknown>,
        normalizeStore(inputs as unknown as Record<string, unknown>),
        {
            replaceFields: [],
            settingFields: STORE_SETTINGS,
        },
    );
    const all = storeSettingsFrom(inputs) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(all).filter(([k]) => changed.includes(k))) as StoreSettings;
}

/** Live usage limits in input form (nulls dropped), or undefined when the store has none. Pure. */
export function usageLimitsFromLive(live: UsageLimits | null | undefined): StoreUsageLimitsArgs | undefined {
    if (!live) return undefined;
    return compact({ maxKeys: live.maxKeys, maxSizeBytes: live.maxSizeBytes, enforcement: live.enforcement }) as StoreUsageLimitsArgs;
}

/** Outputs for a store: the live settings under the input names plus identity, scope and bookkeeping. Pure. */
export function storeOutputs(inputs: StoreInputs, live: StoreInfo, scope: ResolvedScope, declaredProperties: string[]): StoreOutputs {
    return {
        ...declaredScope(inputs),
        ...compact({ usageLimits: usageLimitsFromLive(live.usageLimits) }),
        storeId: inputs.storeId,
        defaultTtlSeconds: live.defaultTtlSeconds,
        defaultConfirmationTtlSeconds: live.defaultConfirmationTtlSeconds ?? DEFAULT_CONFIRMATION_TTL_SECONDS,
        persistent: live.persistent,
        isFixedTtl: live.isFixedTtl ?? false,
        encrypted: live.encrypted,
        permanentOsFlag: live.permanentOsFlag,
        ...scope,
        declaredProperties,
    } as StoreOutputs;
}

/**
 * The settings declared before (`olds.declaredProperties`) that `news` no longer declares: an update
 * returns each to its service default ({@link STORE_DEFAULTS}). Pure.
 */
export function clearedSettings(olds: Pick<StoreOutputs, "declaredProperties">, news: Record<string, unknown>): string[] {
    const declared = declaredSettings(news);
    return (olds.declaredProperties ?? []).filter((f) => !declared.includes(f));
}

/**
 * The outputs a create (without `before`) or an update (with the old outputs `before` and the
 * settings it clears) of `inputs` will return, for a preview's plan, without a request: declared
 * settings as declared (the values the PUT or PATCH writes), cleared ones at their service default,
 * the others as they were before, and Pulumi's unknown value for what only the service knows (the
 * settings of a new or adopted store that the program does not declare, `encrypted`,
 * `permanentOsFlag`). Built with {@link storeOutputs}, so every known value is the one the create or
 * update returns. Pure.
 */
export function plannedStoreOutputs(
    inputs: StoreInputs,
    scope: ResolvedScope,
    before?: StoreOutputs,
    cleared: readonly string[] = [],
): StoreOutputs {
    const setting = (field: (typeof STORE_SETTINGS)[number]): unknown => {
        const v = inputs[field];
        if (v !== undefined && v !== null) return v;
        if (cleared.includes(field)) return STORE_DEFAULTS[field];
        return before ? before[field] : UNKNOWN;
    };
    const usageLimits = setting("usageLimits");
    const live = {
        storeId: inputs.storeId,
        defaultTtlSeconds: setting("defaultTtlSeconds"),
        defaultConfirmationTtlSeconds: setting("defaultConfirmationTtlSeconds"),
        persistent: setting("persistent"),
        isFixedTtl: setting("isFixedTtl"),
        usageLimits: isUnknown(usageLimits) ? null : usageLimits,
        encrypted: before ? before.encrypted : UNKNOWN,
        permanentOsFlag: before ? before.permanentOsFlag : UNKNOWN,
    } as unknown as StoreInfo;
    const outs = storeOutputs(inputs, live, scope, declaredSettings(inputs as unknown as Record<string, unknown>));
    return isUnknown(usageLimits) ? { ...outs, usageLimits: UNKNOWN as unknown as StoreUsageLimitsArgs } : outs;
}

/**
 * The settings a program importing a live store declares (every setting with its live value; usage
 * limits only when the store has some), so `pulumi import` writes code that holds them. Pure.
 */
export function importedSettings(live: StoreInfo): string[] {
    return STORE_SETTINGS.filter((f) => f !== "usageLimits" || (live.usageLimits !== null && live.usageLimits !== undefined));
}

/** The inputs that describe a live store, for the settings the program declared (refresh writes these). Pure. */
export function storeInputsFromOutputs(outs: StoreOutputs): StoreInputs {
    const inputs: Record<string, unknown> = compact({
        storeId: outs.storeId,
        ...declaredScope(outs),
    });
    for (const field of outs.declaredProperties ?? []) {
        const v = (outs as unknown as Record<string, unknown>)[field];
        if (v !== undefined && v !== null) inputs[field] = v;
    }
    return inputs as unknown as StoreInputs;
}

/** Names of the settings declared in `inputs`. Pure. */
export function declaredSettings(inputs: Record<string, unknown>): string[] {
    return STORE_SETTINGS.filter((f) => inputs[f] !== undefined && inputs[f] !== null);
}

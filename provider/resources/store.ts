/**
 * The Store resource: an OSv2 object store with its TTL, persistence and usage-limit settings.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"):
 *   create  = PUT    /api/v1/organizations/{org}/environments/{env}/stores/{storeId}
 *   read    = GET    …/stores/{storeId}            (404 = gone: refresh drops it from the stack)
 *   update  = PATCH  …/stores/{storeId}            (declared settings only)
 *   delete  = DELETE …/stores/{storeId}            (deletes every partition and key in it)
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { StoreInfo, StoreSettings, UsageLimits } from "../client/types";
import {
    CheckFailure,
    DEFAULT_CONFIRMATION_TTL_SECONDS,
    MAX_STORE_ID_CHARS,
    MAX_TTL_SECONDS,
    ResolvedScope,
    SCOPE_FIELDS,
    ScopeArgs,
    compact,
    declaredScope,
    describe,
    diffDeclared,
    humanSeconds,
    identifierSchema,
    booleanSchema,
    isUnknown,
    scopeShape,
    validate,
} from "./common";
import { checkInputs, connectFor, connectRecorded } from "./connection";
import { recordContainer, recordDeclaration } from "./declarations";
import { ObjectStoreResource } from "./shim";

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

/** Usage limits as a program declares them: each member may be an output of another resource. */
export interface StoreUsageLimitsInputArgs {
    /** Maximum number of keys in the store (whole number ≥ 1). */
    maxKeys?: pulumi.Input<number>;
    /** Maximum total size of the store's values in bytes, measured as OSv2 measures values (base64). */
    maxSizeBytes?: pulumi.Input<number>;
    /** What OSv2 does when a limit is reached; default `REJECT`. */
    enforcement?: pulumi.Input<LimitEnforcement>;
}

/** Inputs of a {@link Store}. Unset optional settings are not sent: the service default stands and is not diffed. */
export interface StoreArgs extends ScopeArgs {
    /** Store id (≤ 256 characters). Changing it replaces the store. */
    storeId: pulumi.Input<string>;
    /**
     * Default time to live of the store's entries, in seconds (1 … 2,592,000 = 30 days; service default
     * 2,592,000). Larger values are clamped to 2,592,000 with a warning, as OSv2 itself clamps silently.
     */
    defaultTtlSeconds?: pulumi.Input<number>;
    /** Time to live of unconfirmed (confirmable) writes, in seconds (1 … 2,592,000; service default 600). */
    defaultConfirmationTtlSeconds?: pulumi.Input<number>;
    /** Whether entries survive application restarts (service default true). */
    persistent?: pulumi.Input<boolean>;
    /** `true`: static TTL, entries expire TTL seconds after their last write. `false`: rolling TTL, access extends it. */
    isFixedTtl?: pulumi.Input<boolean>;
    /** Usage limits by number of keys and by size, and how they are enforced. */
    usageLimits?: pulumi.Input<StoreUsageLimitsInputArgs>;
    /**
     * Take over a store that already exists instead of failing: its declared settings are applied with
     * PATCH and Pulumi manages (and on destroy deletes) it from then on. Default false.
     */
    adopt?: pulumi.Input<boolean>;
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
                `${property} must be at least 1 second; got ${String(iss.input)}. (OSv2 silently turns values ≤ 0 into ${MAX_TTL_SECONDS} s = 30 days: declare ${MAX_TTL_SECONDS} if that is what you want.)`,
        })
        .optional();

const usageLimitsSchema = z
    .object(
        {
            maxKeys: z
                .number({ error: (iss) => `usageLimits.maxKeys must be a number of keys; got ${describe(iss.input)}.` })
                .int({ error: "usageLimits.maxKeys must be a whole number of keys." })
                .min(1, { error: (iss) => `usageLimits.maxKeys must be at least 1; got ${String(iss.input)}. Omit it for no key limit.` })
                .optional(),
            maxSizeBytes: z
                .number({ error: (iss) => `usageLimits.maxSizeBytes must be a number of bytes; got ${describe(iss.input)}.` })
                .int({ error: "usageLimits.maxSizeBytes must be a whole number of bytes." })
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

/** zod schema of Store inputs (known values only; see {@link validate}). */
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

/**
 * An OSv2 object store.
 *
 * ```ts
 * const store = new Store("sessions", { storeId: "sessions", defaultTtlSeconds: 86_400, persistent: true });
 * ```
 * Type token `pulumi-nodejs:dynamic/objectstore:Store`. See README "Resource reference" for what updates
 * in place and what replaces.
 */
export class Store extends ObjectStoreResource {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    declare readonly storeId: pulumi.Output<string>;
    /** Effective default TTL in seconds (the clamped declared value, or the service default). */
    declare readonly defaultTtlSeconds: pulumi.Output<number>;
    /** Live confirmation TTL in whole seconds, 1 … 2,592,000 (service default 600): how long a confirmable write waits for its ack. */
    declare readonly defaultConfirmationTtlSeconds: pulumi.Output<number>;
    /** Live: whether entries survive restarts of the application's workers (service default `true`). */
    declare readonly persistent: pulumi.Output<boolean>;
    /** Whether the TTL is static (`true`) or rolling (`false`; the service's `null` is reported as `false`). */
    declare readonly isFixedTtl: pulumi.Output<boolean>;
    /** Live usage limits `{maxKeys?, maxSizeBytes?, enforcement?: "REJECT" | "WARN"}`; undefined when the store has none. */
    declare readonly usageLimits: pulumi.Output<StoreUsageLimitsArgs | undefined>;
    /** Read-only, as OSv2 reports it in the store object (`encrypted`); all OSv2 data is encrypted at rest. */
    declare readonly encrypted: pulumi.Output<boolean>;
    /** Read-only, as OSv2 reports it in the store object (`permanentOsFlag`); its meaning is not publicly documented. */
    declare readonly permanentOsFlag: pulumi.Output<boolean>;
    /** Organization the store lives in (the override or the provider's configured one). */
    declare readonly resolvedOrganizationId: pulumi.Output<string>;
    /** Environment id the object lives in, recorded at create; reads, updates and deletes use it. */
    declare readonly resolvedEnvironmentId: pulumi.Output<string>;
    /** Region id (e.g. `us-east-1`) whose OSv2 host holds the object, recorded at create. */
    declare readonly resolvedRegion: pulumi.Output<string>;

    constructor(name: string, args: StoreArgs, opts?: pulumi.CustomResourceOptions) {
        if (!opts?.id) {
            pulumi.output(args.defaultTtlSeconds).apply((ttl) => {
                const warning = ttlClampWarning(ttl);
                if (warning) void pulumi.log.warn(warning, this);
            });
        }
        super(
            "store",
            "Store",
            name,
            {
                // Every output name must be registered, declared or not.
                defaultTtlSeconds: undefined,
                defaultConfirmationTtlSeconds: undefined,
                persistent: undefined,
                isFixedTtl: undefined,
                usageLimits: undefined,
                encrypted: undefined,
                permanentOsFlag: undefined,
                resolvedOrganizationId: undefined,
                resolvedEnvironmentId: undefined,
                resolvedRegion: undefined,
                declaredProperties: undefined,
                ...args,
            },
            opts,
        );
        if (!opts?.id) {
            recordDeclaration("Store", name, [args.storeId], args);
            recordContainer("Store", this, [args.storeId], args);
        }
    }

    /**
     * Reads an existing store into the program without managing it (a read-only lookup: `pulumi up`
     * never changes or deletes it). `storeId` is the store's id; pass scope overrides in `scope`.
     */
    static get(name: string, storeId: pulumi.Input<string>, scope?: ScopeArgs, opts?: pulumi.CustomResourceOptions): Store {
        return new Store(name, { storeId, ...scope }, { ...opts, id: storeId });
    }
}

/** Message for creating a store that already exists without `adopt`. */
export function storeExistsMessage(storeId: string, scope: ResolvedScope): string {
    return (
        `Store '${storeId}' already exists in organization ${scope.resolvedOrganizationId}, environment ` +
        `${scope.resolvedEnvironmentId} (region ${scope.resolvedRegion}); Pulumi did not change it. To manage it from this ` +
        `program, set \`adopt: true\` on the Store (its declared settings are then applied); to only read it, use ` +
        `Store.get(name, "${storeId}"); otherwise choose another storeId.`
    );
}

/**
 * The dynamic ResourceProvider of {@link Store}. Loaded at call time by the provider shim (never
 * serialized into the stack). Connection settings come from `configure()` / ANYPOINT_* variables.
 * Errors: ObjectStoreApiError for HTTP failures, ObjectStoreConfigError for missing settings, Error
 * for an existing store without adopt.
 */
export class StoreProvider implements pulumi.dynamic.ResourceProvider {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkInputs(news, validateStore, normalizeStore);
    }

    async diff(_id: string, olds: StoreOutputs, news: StoreInputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffStore(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
        return { changes: d.changes, replaces: d.replaces };
    }

    /**
     * GET the store (OSv2 has no create-only call for stores: PUT on an existing store overwrites it),
     * then PUT it when absent. With `adopt` and an existing store: PATCH only the declared settings
     * that differ from the live ones, so taking over a store that already matches writes nothing.
     * Without `adopt`, an existing store is taken over only when it is empty and has exactly the
     * declared settings (what an interrupted `pulumi up` of this stack leaves); otherwise create fails.
     */
    async create(inputs: StoreInputs): Promise<pulumi.dynamic.CreateResult> {
        const { client, scope } = await connectFor(inputs);
        const declared = declaredSettings(inputs as unknown as Record<string, unknown>);
        const existing = await client.getStore(inputs.storeId);
        let live: StoreInfo;
        if (!existing) {
            live = await client.putStore(inputs.storeId, storeSettingsFrom(inputs));
        } else {
            const patch = settingsToAdopt(inputs, storeOutputs(inputs, existing, scope, declared));
            // Without adopt, only what an interrupted run of this stack leaves behind is taken over:
            // an empty store (no partition) whose settings are the declared ones.
            if (!inputs.adopt) {
                const leftByInterruptedRun =
                    Object.keys(patch).length === 0 && (await client.listPartitions(inputs.storeId, { pageSize: 1 })).values.length === 0;
                if (!leftByInterruptedRun) throw new Error(storeExistsMessage(inputs.storeId, scope));
            }
            live = Object.keys(patch).length > 0 ? await client.patchStore(inputs.storeId, patch) : existing;
        }
        return { id: inputs.storeId, outs: storeOutputs(inputs, live, scope, declared) };
    }

    /** GET the store; an empty id when it is gone (refresh then removes it from the stack). */
    async read(id: string, props: StoreOutputs): Promise<pulumi.dynamic.ReadResult> {
        const { client, scope } = await connectRecorded(props);
        const live = await client.getStore(id);
        if (!live) return { id: "", props: {} };
        const outs = storeOutputs({ ...(props as unknown as StoreInputs), storeId: id }, live, scope, props.declaredProperties ?? []);
        return { id, props: outs, inputs: storeInputsFromOutputs(outs) };
    }

    /**
     * PATCH the declared settings (all of them, which also undoes drift in any of them) and the
     * defaults of settings the program no longer declares.
     */
    async update(id: string, olds: StoreOutputs, news: StoreInputs): Promise<pulumi.dynamic.UpdateResult> {
        const { client, scope } = await connectRecorded(olds);
        const cleared = (olds.declaredProperties ?? []).filter(
            (f) => !declaredSettings(news as unknown as Record<string, unknown>).includes(f),
        );
        const settings = storeSettingsFrom(news, cleared);
        const live = Object.keys(settings).length > 0 ? await client.patchStore(id, settings) : await client.getStore(id);
        if (!live) throw new Error(`Store '${id}' no longer exists; run \`pulumi refresh\` (or \`pulumi up --refresh\`) to recreate it.`);
        return { outs: storeOutputs(news, live, scope, declaredSettings(news as unknown as Record<string, unknown>)) };
    }

    /** DELETE the store with all its partitions and keys (already gone is fine). */
    async delete(id: string, props: StoreOutputs): Promise<void> {
        const { client } = await connectRecorded(props);
        await client.deleteStore(id);
    }
}

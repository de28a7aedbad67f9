/**
 * Resolution of the connection settings: stack config `anypoint:*` with `ANYPOINT_*` fallbacks,
 * checked all at once (every problem in one ObjectStoreConfigError), endpoints computed from the
 * control plane and region, and per-resource scope overrides ({@link settingsFor}).
 */

import { inspect } from "node:util";
import {
    ObjectStoreConfigError,
    CONTROL_PLANE_NAMES,
    objectStoreBaseUrl,
    parseControlPlane,
    REGION_ID_PATTERN,
    trimBase,
    authBaseUrl as controlPlaneAuthBaseUrl,
    statsBaseUrl as controlPlaneStatsBaseUrl,
    type ConfigProblem,
    type ControlPlane,
} from "../client";
import { defineHidden, makeCredentials, type Credentials } from "./credentials";
import {
    DEFAULT_REGION,
    SETTINGS,
    STACK_CONFIG,
    describeFrom,
    howToSet,
    resolveKey,
    type ConfigSource,
    type SettingsHolder,
    type Resolved,
    type SettingKey,
    type SettingOrigin,
} from "./keys";

/** Resolved connection settings (safe to log). */
export interface ConnectionSettings {
    readonly organizationId: string;
    readonly environmentId: string;
    /** OSv2 region id, e.g. `us-east-1`. */
    readonly region: string;
    readonly controlPlane: ControlPlane;
    /** Object Store base URL (no `/api/v1`), computed from control plane + region unless overridden. */
    readonly baseUrl: string;
    /** Host of `/accounts/...` token endpoints. */
    readonly authBaseUrl: string;
    /** Stats API host, or null where the Stats API is not offered. */
    readonly statsBaseUrl: string | null;
    readonly credentials: Credentials;
    /** Client-side rate limit (requests/s). */
    readonly requestsPerSecond: number | undefined;
    /** How long one resource operation may spend recovering from 429s, 502/503/504 and resets, seconds (client default 120; ../client/operation). */
    readonly retryBudgetSeconds: number | undefined;
    /** Explicit endpoint overrides (kept so that {@link settingsFor} can recompute the others). */
    readonly overrides: { readonly baseUrl?: string; readonly authBaseUrl?: string; readonly statsBaseUrl?: string };
    /** Where each value came from. */
    readonly origins: Readonly<Partial<Record<SettingKey, SettingOrigin>>>;
    /** Who holds these settings (stack config, or an explicit provider's arguments): how messages name them. Never a value; not enumerable. */
    readonly holder: SettingsHolder;
}

const KINDS = {
    accessToken: { label: "a bearer token", keys: ["accessToken"] as SettingKey[] },
    connectedApp: { label: "a connected app", keys: ["clientId", "clientSecret"] as SettingKey[] },
    userLogin: { label: "a user login", keys: ["username", "password"] as SettingKey[] },
} as const;
type Kind = keyof typeof KINDS;

function validUrl(value: string): boolean {
    try {
        const u = new URL(value);
        return (u.protocol === "http:" || u.protocol === "https:") && !u.search && !u.hash;
    } catch {
        return false;
    }
}

/** A numeric setting ≥ 0, or undefined when unset; a bad value is reported in `problems`. */
function nonNegativeNumber(
    r: Partial<Record<SettingKey, Resolved>>,
    key: SettingKey,
    expected: string,
    problems: ConfigProblem[],
    holder: SettingsHolder,
): number | undefined {
    const v = r[key];
    if (!v) return undefined;
    const n = Number(v.value);
    if (Number.isFinite(n) && n >= 0) return n;
    problems.push({
        settings: [key],
        message: `${describeFrom(v, holder)} is "${v.value}", which is not ${expected}: ${howToSet(key, holder)}.`,
    });
    return undefined;
}

/**
 * Resolves connection settings from stack config (`anypoint:*` keys) with `ANYPOINT_*` fallbacks.
 *
 * @param source stack config: `{get(key)}` called with `anypoint:<key>`, or a plain record keyed
 *   `anypoint:<key>` or `<key>`.
 * @param env environment (default `process.env`).
 * @throws ObjectStoreConfigError listing every missing or contradictory setting and how to set it.
 */
export function resolveConnectionSettings(
    source: ConfigSource | Record<string, string | undefined> | undefined,
    env: NodeJS.ProcessEnv = process.env,
    holder: SettingsHolder = STACK_CONFIG,
): ConnectionSettings {
    const r = {} as Partial<Record<SettingKey, Resolved>>;
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
        const v = resolveKey(source, env, key);
        if (v) r[key] = v;
    }
    const problems: ConfigProblem[] = [];

    // --- credentials
    const mentioned = (Object.keys(KINDS) as Kind[]).filter((k) => KINDS[k].keys.some((key) => r[key]));
    let kinds = mentioned;
    if (mentioned.length > 1) {
        const fromConfig = mentioned.filter((k) => KINDS[k].keys.some((key) => r[key]?.origin === "config"));
        if (fromConfig.length === 1) kinds = fromConfig; // config wins over leftovers in the environment
    }
    let credentials: Credentials | undefined;
    if (kinds.length === 0) {
        problems.push({
            settings: ["accessToken", "clientId", "clientSecret", "username", "password"],
            message:
                "No credentials are set. Set exactly one kind:\n" +
                `- a connected app (recommended): ${howToSet("clientId", holder)}, and ${howToSet("clientSecret", holder)}\n` +
                `- a bearer token (not renewed): ${howToSet("accessToken", holder)}\n` +
                `- a user login (users without MFA): ${howToSet("username", holder)}, and ${howToSet("password", holder)}`,
        });
    } else if (kinds.length > 1) {
        const parts = kinds.map((k) => {
            const used = KINDS[k].keys.filter((key) => r[key]).map((key) => describeFrom(r[key]!, holder));
            return `${KINDS[k].label} (${used.join(", ")})`;
        });
        const keys = kinds.flatMap((k) => KINDS[k].keys.filter((key) => r[key]));
        problems.push({
            settings: keys,
            message:
                `More than one kind of credentials is set: ${parts.join("; ")}. Keep exactly one: remove the others ` +
                `${holder.remove} or by unsetting the environment variables.`,
        });
    } else {
        const kind = kinds[0]!;
        const missing = KINDS[kind].keys.filter((key) => !r[key]);
        if (missing.length > 0) {
            const present = KINDS[kind].keys.filter((key) => r[key]);
            for (const key of missing) {
                problems.push({
                    settings: [key],
                    message:
                        `${present.map((p) => describeFrom(r[p]!, holder)).join(", ")} ${present.length > 1 ? "are" : "is"} set but ${holder.name(key)} is not ` +
                        `(${KINDS[kind].label} needs both): ${howToSet(key, holder)}.`,
                });
            }
        } else if (kind === "accessToken") {
            credentials = makeCredentials({ kind, accessToken: r.accessToken!.value });
        } else if (kind === "connectedApp") {
            credentials = makeCredentials({ kind, clientId: r.clientId!.value, clientSecret: r.clientSecret!.value });
        } else {
            credentials = makeCredentials({ kind, username: r.username!.value, password: r.password!.value });
        }
    }

    // --- organization / environment
    for (const key of ["organizationId", "environmentId"] as const) {
        if (!r[key]) {
            problems.push({ settings: [key], message: `${holder.name(key)} is not set: ${howToSet(key, holder)}.` });
        }
    }

    // --- control plane
    let controlPlane: ControlPlane = "US";
    if (r.controlPlane) {
        const cp = parseControlPlane(r.controlPlane.value);
        if (cp) controlPlane = cp;
        else {
            problems.push({
                settings: ["controlPlane"],
                message: `${describeFrom(r.controlPlane, holder)} is "${r.controlPlane.value}", which is not a control plane; use one of ${CONTROL_PLANE_NAMES.join(", ")}: ${howToSet("controlPlane", holder)}.`,
            });
        }
    }

    // --- endpoints
    for (const key of ["baseUrl", "authBaseUrl", "statsBaseUrl"] as const) {
        const v = r[key];
        if (v && !validUrl(v.value)) {
            problems.push({
                settings: [key],
                message: `${describeFrom(v, holder)} is "${v.value}", which is not an http(s) URL without query: ${howToSet(key, holder)}.`,
            });
        }
    }

    // --- rate limit and retry budget
    const requestsPerSecond = nonNegativeNumber(r, "requestsPerSecond", "a non-negative number (0 disables the limit)", problems, holder);
    const retryBudgetSeconds = nonNegativeNumber(
        r,
        "retryBudgetSeconds",
        "a non-negative number of seconds (0 disables retries)",
        problems,
        holder,
    );

    if (r.region && !REGION_ID_PATTERN.test(r.region.value)) {
        problems.push({
            settings: ["region"],
            message: `${describeFrom(r.region, holder)} is "${r.region.value}", which is not an OSv2 region id such as us-east-1 or eu-central-1: ${howToSet("region", holder)}.`,
        });
    }

    const origins: Partial<Record<SettingKey, SettingOrigin>> = {};
    for (const [k, v] of Object.entries(r)) origins[k as SettingKey] = v!.origin;
    const built = buildSettings(
        {
            organizationId: r.organizationId?.value ?? "",
            environmentId: r.environmentId?.value ?? "",
            region: r.region?.value ?? DEFAULT_REGION,
            controlPlane,
            credentials: credentials ?? makeCredentials({ kind: "accessToken", accessToken: "-" }),
            requestsPerSecond,
            retryBudgetSeconds,
            overrides: {
                baseUrl: r.baseUrl?.value,
                authBaseUrl: r.authBaseUrl?.value,
                statsBaseUrl: r.statsBaseUrl?.value,
            },
            origins: { region: "default", controlPlane: "default", ...origins },
        },
        problems,
        holder,
        r.region ? describeFrom(r.region, holder) : undefined,
    );
    if (problems.length > 0) throw new ObjectStoreConfigError(problems);
    return built;
}

interface SettingsFields {
    organizationId: string;
    environmentId: string;
    region: string;
    controlPlane: ControlPlane;
    credentials: Credentials;
    requestsPerSecond: number | undefined;
    retryBudgetSeconds: number | undefined;
    overrides: { baseUrl?: string; authBaseUrl?: string; statsBaseUrl?: string };
    origins: Partial<Record<SettingKey, SettingOrigin>>;
}

/** Computes the endpoints and freezes a settings object; appends problems instead of throwing. */
function buildSettings(f: SettingsFields, problems: ConfigProblem[], holder: SettingsHolder, regionFrom?: string): ConnectionSettings {
    const overrides = {
        ...(f.overrides.baseUrl ? { baseUrl: trimBase(f.overrides.baseUrl) } : {}),
        ...(f.overrides.authBaseUrl ? { authBaseUrl: trimBase(f.overrides.authBaseUrl) } : {}),
        ...(f.overrides.statsBaseUrl ? { statsBaseUrl: trimBase(f.overrides.statsBaseUrl) } : {}),
    };
    let baseUrl = overrides.baseUrl ?? "";
    if (!overrides.baseUrl) {
        try {
            baseUrl = objectStoreBaseUrl(f.controlPlane, f.region, holder);
        } catch (e) {
            problems.push({
                settings: ["region", "controlPlane"],
                message: `${(e as Error).message}${regionFrom ? ` (region from ${regionFrom})` : ""} Fix: ${howToSet("region", holder)}.`,
            });
        }
    }
    const authBaseUrl = overrides.authBaseUrl ?? overrides.baseUrl ?? controlPlaneAuthBaseUrl(f.controlPlane);
    const statsBaseUrl = overrides.statsBaseUrl ?? overrides.baseUrl ?? controlPlaneStatsBaseUrl(f.controlPlane) ?? null;
    const settings: Record<string, unknown> = {
        organizationId: f.organizationId,
        environmentId: f.environmentId,
        region: f.region,
        controlPlane: f.controlPlane,
        baseUrl,
        authBaseUrl,
        statsBaseUrl,
        credentials: f.credentials,
        requestsPerSecond: f.requestsPerSecond,
        retryBudgetSeconds: f.retryBudgetSeconds,
        overrides: Object.freeze(overrides),
        origins: Object.freeze({ ...f.origins }),
    };
    const safe = () => ({ ...settings, credentials: (f.credentials as unknown as { toJSON(): unknown }).toJSON() });
    defineHidden(settings, "holder", holder);
    defineHidden(settings, "toJSON", safe);
    defineHidden(settings, inspect.custom, (_d: number, opts: object) => `ConnectionSettings ${inspect(safe(), opts)}`);
    return Object.freeze(settings) as unknown as ConnectionSettings;
}

/** Per-resource overrides accepted by {@link settingsFor}. */
export interface ConnectionOverrides {
    organizationId?: string;
    environmentId?: string;
    region?: string;
}

/**
 * Settings for one resource: `base` with its organizationId / environmentId / region replaced by
 * the given (non-empty) values; the Object Store URL is recomputed for the region unless
 * `anypoint:baseUrl` overrides it.
 * @throws ObjectStoreConfigError when the region does not exist on the control plane.
 */
export function settingsFor(base: ConnectionSettings, overrides: ConnectionOverrides = {}): ConnectionSettings {
    const pick = (v: string | undefined) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
    const org = pick(overrides.organizationId);
    const envId = pick(overrides.environmentId);
    const region = pick(overrides.region);
    if (!org && !envId && !region) return base;
    const origins = { ...base.origins };
    if (org) origins.organizationId = "override";
    if (envId) origins.environmentId = "override";
    if (region) origins.region = "override";
    const problems: ConfigProblem[] = [];
    const s = buildSettings(
        {
            organizationId: org ?? base.organizationId,
            environmentId: envId ?? base.environmentId,
            region: region ?? base.region,
            controlPlane: base.controlPlane,
            credentials: base.credentials,
            requestsPerSecond: base.requestsPerSecond,
            retryBudgetSeconds: base.retryBudgetSeconds,
            overrides: base.overrides,
            origins,
        },
        problems,
        base.holder ?? STACK_CONFIG,
        region ? "the resource's region argument" : undefined,
    );
    if (problems.length > 0) throw new ObjectStoreConfigError(problems);
    return s;
}

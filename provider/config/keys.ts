/**
 * The `anypoint:*` settings: their keys, environment variables and secrecy, how to set each, and
 * how one setting is read from stack config with its `ANYPOINT_*` fallback. Pure.
 */

import type { SettingNames } from "../client/setting-names";

/** Where the settings are read from: anything with `get(key)`, e.g. the dynamic provider's `req.config`. */
export interface ConfigSource {
    /** Called with namespaced keys, e.g. `anypoint:clientId`. */
    get(key: string): string | undefined | null;
}

/** The configuration namespace. */
export const CONFIG_NAMESPACE = "anypoint";

/** The region used when neither `anypoint:region` nor ANYPOINT_REGION is set. */
export const DEFAULT_REGION = "us-east-1";

/** Every setting key, with its environment variables and whether it is secret. */
export const SETTINGS = {
    clientId: { env: ["ANYPOINT_CLIENT_ID"], secret: false, placeholder: "<client-id>" },
    clientSecret: { env: ["ANYPOINT_CLIENT_SECRET"], secret: true, placeholder: "<client-secret>" },
    accessToken: { env: ["ANYPOINT_ACCESS_TOKEN"], secret: true, placeholder: "<bearer-token>" },
    username: { env: ["ANYPOINT_USERNAME"], secret: false, placeholder: "<username>" },
    password: { env: ["ANYPOINT_PASSWORD"], secret: true, placeholder: "<password>" },
    organizationId: { env: ["ANYPOINT_ORGANIZATION_ID", "ANYPOINT_ORG_ID"], secret: false, placeholder: "<organization-id>" },
    environmentId: { env: ["ANYPOINT_ENVIRONMENT_ID", "ANYPOINT_ENV_ID"], secret: false, placeholder: "<environment-id>" },
    region: { env: ["ANYPOINT_REGION"], secret: false, placeholder: "<region, e.g. us-east-1>" },
    controlPlane: { env: ["ANYPOINT_CONTROL_PLANE"], secret: false, placeholder: "<US|EU|Gov|Canada|Japan>" },
    baseUrl: { env: ["ANYPOINT_BASE_URL"], secret: false, placeholder: "<url>" },
    authBaseUrl: { env: ["ANYPOINT_AUTH_BASE_URL"], secret: false, placeholder: "<url>" },
    statsBaseUrl: { env: ["ANYPOINT_STATS_BASE_URL"], secret: false, placeholder: "<url>" },
    requestsPerSecond: { env: ["ANYPOINT_REQUESTS_PER_SECOND"], secret: false, placeholder: "<number>" },
    retryBudgetSeconds: { env: ["ANYPOINT_RETRY_BUDGET_SECONDS"], secret: false, placeholder: "<seconds>" },
} as const;

/** A setting key. */
export type SettingKey = keyof typeof SETTINGS;

/** Where a value came from. */
export type SettingOrigin = "config" | "env" | "default" | "override";

/**
 * Who holds the settings being resolved, for messages: the stack's config (the dynamic resources,
 * the `anypoint` plugin's default provider, the commands) or the arguments of an explicit
 * `pulumi:providers:anypoint` resource. Never holds a value.
 */
export interface SettingsHolder extends SettingNames {
    /** A setting as it is named there: `anypoint:clientId` (stack config) or `clientId` (a provider's argument). */
    name(key: SettingKey): string;
    /** Where that is, for "<name> (<where>)": `stack config`, `argument of provider 'prod'`. */
    where: string;
    /** How to set one setting there. */
    set(key: SettingKey): string;
    /** How to remove settings from there, after "remove the others ". */
    remove: string;
}

/** The stack's `anypoint:*` config. */
export const STACK_CONFIG: SettingsHolder = {
    name: (key) => `${CONFIG_NAMESPACE}:${key}`,
    refer: (...keys) => keys.map((k) => `${CONFIG_NAMESPACE}:${k}`).join(" / "),
    where: "stack config",
    set: (key) => `\`pulumi config set ${SETTINGS[key].secret ? "--secret " : ""}${CONFIG_NAMESPACE}:${key} ${SETTINGS[key].placeholder}\``,
    remove: `with \`pulumi config rm ${CONFIG_NAMESPACE}:<key>\``,
};

/** The arguments of the explicit provider resource named `name` (its logical name in the program). */
export function providerArguments(name: string): SettingsHolder {
    return {
        name: (key) => key,
        refer: (...keys) => `${keys.join(" / ")} of provider '${name}'`,
        where: `argument of provider '${name}'`,
        set: (key) => `set \`${key}\` on provider '${name}'${SETTINGS[key].secret ? " (a secret)" : ""}`,
        remove: `from provider '${name}'`,
    };
}

/** How to set one setting: where its holder keeps it (by default the `pulumi config set` command) and the environment variable(s). */
export function howToSet(key: SettingKey, holder: SettingsHolder = STACK_CONFIG): string {
    return `${holder.set(key)} or ${SETTINGS[key].env.join(" / ")}`;
}

/** A setting found in stack config or the environment. */
export interface Resolved {
    key: SettingKey;
    value: string;
    origin: "config" | "env";
    /** `anypoint:key` or the env var name actually used. */
    from: string;
}

/**
 * A setting's value as text, as every reader of settings takes it: a string as it is, a number or a
 * boolean (YAML and `pulumi config set --path` give them) as `String(v)`; anything else is no value
 * (undefined). Pure.
 */
export function settingText(v: unknown): string | undefined {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
}

/** The trimmed value of `anypoint:<key>` (or `<key>`) in a source; undefined when unset or blank. */
export function readSource(source: ConfigSource | Record<string, string | undefined> | undefined, key: SettingKey): string | undefined {
    if (!source) return undefined;
    let v: unknown;
    if (typeof (source as ConfigSource).get === "function") {
        v = (source as ConfigSource).get(`${CONFIG_NAMESPACE}:${key}`);
    } else {
        const rec = source as Record<string, string | undefined>;
        v = rec[`${CONFIG_NAMESPACE}:${key}`] ?? rec[key];
    }
    if (typeof v !== "string") return undefined;
    const t = v.trim();
    return t === "" ? undefined : t;
}

/** A setting from the source, else from its first set environment variable. */
export function resolveKey(
    source: ConfigSource | Record<string, string | undefined> | undefined,
    env: NodeJS.ProcessEnv,
    key: SettingKey,
): Resolved | undefined {
    const c = readSource(source, key);
    if (c !== undefined) return { key, value: c, origin: "config", from: `${CONFIG_NAMESPACE}:${key}` };
    for (const name of SETTINGS[key].env) {
        const e = env[name]?.trim();
        if (e) return { key, value: e, origin: "env", from: name };
    }
    return undefined;
}

/** Where a setting came from, for messages: `anypoint:x (stack config)`, `x (argument of provider 'p')` or `ANYPOINT_X (environment)`. */
export function describeFrom(r: Resolved, holder: SettingsHolder = STACK_CONFIG): string {
    return r.origin === "config" ? `${holder.name(r.key)} (${holder.where})` : `${r.from} (environment)`;
}

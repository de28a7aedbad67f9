/**
 * How the client's advice names the connection settings it refers to: the stack's `anypoint:*`
 * config (the dynamic resources, the plugin's default provider, the commands), or the arguments of
 * an explicit `pulumi:providers:anypoint` resource (provider/config/keys.ts makes one per provider).
 * Pure; never holds a value.
 */

/** Names of the connection settings for the provider in use. */
export interface SettingNames {
    /** Settings as the user sets them, for "check …": `anypoint:clientId / anypoint:clientSecret`, or `clientId / clientSecret of provider 'prod'`. */
    refer(...keys: string[]): string;
    /** How to set one setting there, e.g. `` `pulumi config set anypoint:statsBaseUrl <url>` `` or ``set `statsBaseUrl` on provider 'prod'``. */
    set(key: string): string;
}

/** The stack's `anypoint:*` config. */
export const STACK_CONFIG_NAMES: SettingNames = {
    refer: (...keys) => keys.map((k) => `anypoint:${k}`).join(" / "),
    set: (key) => `\`pulumi config set anypoint:${key} <${key}>\``,
};

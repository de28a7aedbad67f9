/**
 * The configuration of one `anypoint` provider instance: the default provider (its inputs are the
 * stack's `anypoint:*` config) or an explicit `pulumi:providers:anypoint` resource (its own
 * properties). Every setting of README's Configuration table, with the ANYPOINT_* fallbacks of the
 * plugin's environment; the same resolution and messages as the dynamic resources
 * (provider/config/resolve.ts).
 */
import { ObjectStoreConfigError } from "../client/errors";
import {
    SETTINGS,
    STACK_CONFIG,
    providerArguments,
    resolveConnectionSettings,
    type ConnectionSettings,
    type SettingKey,
    type SettingsHolder,
} from "../config";
import { settingText } from "../config/keys";
import type { ProviderContext } from "../resources/context";
import { UpdatePlan } from "../resources/update-plan";

/** Inputs the engine adds to every provider resource; not settings. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/** A provider's config as plain text per setting key (values from YAML may be numbers or booleans). */
export function settingsRecord(config: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        const key = k.startsWith("anypoint:config:") ? k.slice("anypoint:config:".length) : k.startsWith("anypoint:") ? k.slice(9) : k;
        const text = settingText(v);
        if (text !== undefined) out[key] = text;
    }
    return out;
}

/**
 * Who holds a provider instance's settings, from its URN: the engine's default provider
 * (`…::pulumi:providers:anypoint::default` or `default_<version>`) takes the stack's `anypoint:*`
 * config; an explicit provider takes its own arguments. An engine that sends no URN: stack config.
 */
export function settingsHolderOf(urn: string | undefined): SettingsHolder {
    if (!urn) return STACK_CONFIG;
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    return /^default(_\d+_\d+_\d+.*)?$/.test(name) ? STACK_CONFIG : providerArguments(name);
}

/** One problem of a provider configuration, in Pulumi's CheckFailure shape. */
export interface ConfigFailure {
    property: string;
    reason: string;
}

/**
 * Every problem of a provider configuration (unknown keys, then what settings resolution reports),
 * with today's messages. Unknown values (preview) are not checked. Pure but for reading `env`.
 */
export function checkProviderConfig(
    config: Record<string, unknown>,
    env: NodeJS.ProcessEnv = process.env,
    holder: SettingsHolder = STACK_CONFIG,
): ConfigFailure[] {
    const failures: ConfigFailure[] = [];
    for (const key of Object.keys(config)) {
        if (ENGINE_KEYS.has(key) || key.startsWith("__") || key in SETTINGS) continue;
        failures.push({
            property: key,
            reason: `unknown provider setting '${key}': the anypoint provider takes ${Object.keys(SETTINGS).join(", ")} (README "Configuration").`,
        });
    }
    try {
        resolveConnectionSettings(settingsRecord(config), env, holder);
    } catch (e) {
        if (!(e instanceof ObjectStoreConfigError)) throw e;
        for (const p of e.problems) failures.push({ property: p.settings[0] ?? "", reason: p.message });
    }
    return failures;
}

/**
 * The {@link ProviderContext} of one plugin provider instance. Its settings are resolved when a call
 * needs them (so a configuration problem fails that call with the full message).
 */
export class PluginProviderContext implements ProviderContext {
    readonly door = "plugin" as const;
    /** What this instance's resources declare in the current operation (one plugin process per provider per operation). */
    readonly plan = new UpdatePlan();
    private record_: Record<string, string> = {};
    private holder_: SettingsHolder = STACK_CONFIG;

    /** Records the provider's configuration (Configure) and who holds it, for messages. */
    configure(config: Record<string, unknown>, holder: SettingsHolder = STACK_CONFIG): void {
        this.record_ = settingsRecord(config);
        this.holder_ = holder;
    }

    /** The settings of this provider instance (its configuration, then ANYPOINT_* variables). */
    settings(): ConnectionSettings {
        return resolveConnectionSettings(this.record_, process.env, this.holder_);
    }

    /** Who holds this instance's settings (stack config or an explicit provider's arguments), for messages. */
    get holder(): SettingsHolder {
        return this.holder_;
    }

    /** This instance's configuration, as the lookups take it (`LookupOptions.config`). */
    record(): Record<string, string> {
        return { ...this.record_ };
    }

    /** The keys configured on this instance (never their values). */
    configuredKeys(): SettingKey[] {
        return Object.keys(this.record_).filter((k): k is SettingKey => k in SETTINGS);
    }
}

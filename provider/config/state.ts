/**
 * The provider process's configure state: the stack config handed to the dynamic provider's
 * `configure()`, resolved (with `ANYPOINT_*` fallbacks read at that moment) when a call needs it.
 */

import { CONFIG_NAMESPACE, SETTINGS, readSource, type ConfigSource, type SettingKey } from "./keys";
import { resolveConnectionSettings, type ConnectionSettings } from "./resolve";

let configured: Map<string, string> | undefined;

/**
 * Stores the stack config handed to the dynamic provider's `configure()` (only the `anypoint:*`
 * keys are copied). Resolution, and its errors, happen later in {@link currentConnectionSettings},
 * so a stack that declares no Object Store resource never fails because of this configuration.
 */
export function configureConnection(config: ConfigSource | Record<string, string | undefined>): void {
    const snapshot = new Map<string, string>();
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
        const v = readSource(config, key);
        if (v !== undefined) snapshot.set(`${CONFIG_NAMESPACE}:${key}`, v);
    }
    configured = snapshot;
}

/**
 * The settings in effect: the config given to {@link configureConnection} (if any) with
 * `ANYPOINT_*` fallbacks read now.
 * @throws ObjectStoreConfigError as {@link resolveConnectionSettings}.
 */
export function currentConnectionSettings(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
    const snap = configured;
    return resolveConnectionSettings(snap ? { get: (k: string) => snap.get(k) } : undefined, env);
}

/** Forgets the stored configuration (tests). */
export function resetConnection(): void {
    configured = undefined;
}

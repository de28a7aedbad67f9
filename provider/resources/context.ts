/**
 * What a core provider needs from the front door that serves it: the connection settings of its
 * provider instance, and which door it is (the advice in a few messages differs: how to import).
 *
 * - The TypeScript dynamic resources (provider/dynamic/) run every resource in one provider process
 *   whose settings are the stack's `anypoint:*` config handed to `configure()`, with ANYPOINT_*
 *   fallbacks: {@link processWideContext}.
 * - The `anypoint` provider plugin (provider/plugin/) gives each provider instance (the default
 *   provider, and each explicit `pulumi:providers:anypoint`) its own settings.
 */
import { currentConnectionSettings, type ConnectionSettings } from "../config";

/** Which front door serves a provider. */
export type FrontDoor = "dynamic" | "plugin";

/** The settings source and door of one provider instance. */
export interface ProviderContext {
    /**
     * The provider instance's connection settings (with ANYPOINT_* fallbacks), resolved when a call
     * needs them. Makes no HTTP call.
     * @throws ObjectStoreConfigError listing every missing or contradictory setting and how to set it.
     */
    settings(): ConnectionSettings;
    /** The front door serving this provider. */
    readonly door: FrontDoor;
}

/** The context of the dynamic resources: the process-wide configuration (config/state.ts). */
export const processWideContext: ProviderContext = {
    settings: () => currentConnectionSettings(),
    door: "dynamic",
};

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
import { UpdatePlan } from "./update-plan";

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
    /** What the resources of this provider instance declare in the current stack operation (./update-plan). */
    readonly plan: UpdatePlan;
}

let processPlan = new UpdatePlan();

/**
 * The context of the dynamic resources: the process-wide configuration (config/state.ts), and one
 * {@link UpdatePlan} for the process (Pulumi runs one dynamic provider process per stack operation).
 */
export const processWideContext: ProviderContext = {
    settings: () => currentConnectionSettings(),
    door: "dynamic",
    get plan() {
        return processPlan;
    },
};

/** Starts a new process-wide plan (tests that run several operations' calls in one process). @internal */
export function resetProcessPlan(): void {
    processPlan = new UpdatePlan();
}

/**
 * The `anypoint` plugin's functions (Invoke): the package's lookups, by token
 * `anypoint:objectstore:get<Thing>`, with the provider instance's settings. Same arguments, results,
 * checks and messages as the TypeScript lookups (provider/lookups/).
 */
// The promise forms from their own modules (not ../lookups, whose index also holds the Output forms).
import { getKeyValue } from "../lookups/key-value";
import { getKeyValues } from "../lookups/key-values";
import { getKeys, getPartitions, getRegions, getStores } from "../lookups/listings";
import { getUsageStats } from "../lookups/usage";
import type { PluginProviderContext } from "./config";

type Lookup = (args: never, opts: { config: Record<string, string> }) => Promise<unknown>;

/** Every function of the plugin, by token. */
export const FUNCTIONS: Record<string, Lookup> = {
    "anypoint:objectstore:getRegions": getRegions as Lookup,
    "anypoint:objectstore:getStores": getStores as Lookup,
    "anypoint:objectstore:getPartitions": getPartitions as Lookup,
    "anypoint:objectstore:getKeys": getKeys as Lookup,
    "anypoint:objectstore:getKeyValue": getKeyValue as Lookup,
    "anypoint:objectstore:getKeyValues": getKeyValues as Lookup,
    "anypoint:objectstore:getUsageStats": getUsageStats as Lookup,
};

/**
 * Runs the function `token` with `args` and the provider's settings.
 * @throws Error for an unknown token; LookupArgumentError, ObjectStoreConfigError, ObjectStoreApiError as the lookups do.
 */
export async function invokeFunction(token: string, args: Record<string, unknown>, context: PluginProviderContext): Promise<object> {
    const fn = FUNCTIONS[token];
    if (!fn) throw new Error(`the anypoint provider has no function '${token}'`);
    return (await fn(args as never, { config: context.record() })) as object;
}

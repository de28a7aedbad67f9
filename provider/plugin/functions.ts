/**
 * The `anypoint` plugin's functions (Invoke): the package's lookups, by token
 * `anypoint:objectstore:get<Thing>`, with the provider instance's settings. Same arguments, results,
 * checks and messages as the TypeScript lookups (provider/lookups/). Key values in a result are
 * secrets, as the TypeScript lookups' Output forms return them: the engine keeps an Invoke's secrets,
 * so a program's outputs, state and `pulumi stack output` never show them in plain text.
 */
// The promise forms from their own modules (not ../lookups, whose index also holds the Output forms).
import { getKeyValue } from "../lookups/key-value";
import { getKeyValues } from "../lookups/key-values";
import { getKeys, getPartitions, getRegions, getStores } from "../lookups/listings";
import { getUsageStats } from "../lookups/usage";
import { VALUE_FIELDS } from "../resources/key-model";
import type { LookupOptions } from "../lookups/connect";
import type { PluginProviderContext } from "./config";
import { secret } from "./properties";

type Lookup = (args: never, opts: LookupOptions) => Promise<unknown>;

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

/** `o` with its value fields (stringValue, numberValue, binaryValue) as secrets. Pure. */
function withSecretValue(o: Record<string, unknown>): Record<string, unknown> {
    const out = { ...o };
    for (const f of VALUE_FIELDS) if (out[f] !== undefined) out[f] = secret(out[f]);
    return out;
}

/**
 * The parts of a function's result that hold key values, marked secret (the schema marks the same
 * properties `secret`): getKeyValue's value field, and the value field of each of getKeyValues' `values`.
 */
export const SECRET_RESULTS: Record<string, (result: Record<string, unknown>) => Record<string, unknown>> = {
    "anypoint:objectstore:getKeyValue": withSecretValue,
    "anypoint:objectstore:getKeyValues": (r) => ({ ...r, values: (r.values as Record<string, unknown>[]).map(withSecretValue) }),
};

/**
 * Runs the function `token` with `args` and the provider's settings; key values in its result are
 * secrets ({@link SECRET_RESULTS}).
 * @throws Error for an unknown token; LookupArgumentError, ObjectStoreConfigError, ObjectStoreApiError as the lookups do.
 */
export async function invokeFunction(token: string, args: Record<string, unknown>, context: PluginProviderContext): Promise<object> {
    const fn = FUNCTIONS[token];
    if (!fn) throw new Error(`the anypoint provider has no function '${token}'`);
    const result = (await fn(args as never, { config: context.record(), holder: context.holder })) as Record<string, unknown>;
    return SECRET_RESULTS[token]?.(result) ?? result;
}

/**
 * What every lookup shares: where its connection settings come from (the program's stack config,
 * or {@link LookupOptions}), the argument check (the resources' zod schemas, failures as one
 * LookupArgumentError naming the lookup), and the connection (the resources' {@link connectWith}).
 */
import type * as pulumi from "@pulumi/pulumi";
import { pulumiSdk } from "./sdk";
import { z } from "zod";
import type { ObjectStoreClient } from "../client";
import { CONFIG_NAMESPACE, SETTINGS, resolveConnectionSettings, type ConfigSource, type SettingKey, type SettingsHolder } from "../config";
import { describe } from "../resources/message-text";
import { scopeShape } from "../resources/validation";
import type { ScopeArgs } from "../resources/scope";
import { connectWith } from "../resources/connection";

/** How a lookup finds its connection settings. Rarely needed inside a Pulumi program. */
export interface LookupOptions {
    /**
     * Settings to use instead of the program's stack config: `{get(key)}` (called with `anypoint:<key>`)
     * or a record keyed `anypoint:<key>` or `<key>`; `null` = no stack config (environment only).
     * Default: the running program's `anypoint:*` stack config (none outside a Pulumi program).
     */
    config?: ConfigSource | Record<string, string | undefined> | null;
    /** Environment for the `ANYPOINT_*` fallbacks; default `process.env`. */
    env?: NodeJS.ProcessEnv;
    /** Who holds `config`, for messages: the stack's config (default) or an explicit provider's arguments (the plugin). @internal */
    holder?: SettingsHolder;
}

/** Scope overrides of an Output-form lookup (see {@link ScopeArgs}). */
export interface ScopeInputs {
    /** Anypoint organization (business group) id; default `anypoint:organizationId` / ANYPOINT_ORGANIZATION_ID. */
    organizationId?: pulumi.Input<string>;
    /** Anypoint environment id; default `anypoint:environmentId` / ANYPOINT_ENVIRONMENT_ID. */
    environmentId?: pulumi.Input<string>;
    /** OSv2 region id such as `us-east-1`; default `anypoint:region` / ANYPOINT_REGION (us-east-1). */
    region?: pulumi.Input<string>;
}

/** The organization, environment and region a lookup read (the overrides, or the configured settings). */
export interface LookupScope {
    /** Organization id the lookup read (the override or the configured one). */
    organizationId: string;
    /** Environment id the lookup read (the override or the configured one). */
    environmentId: string;
    /** OSv2 region id, e.g. `us-east-1`: the regional host the lookup called. */
    region: string;
}

/** Resolves an Output's (always known) value. */
function unwrap<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise<T>((resolve) => {
        o.apply((v) => {
            resolve(v);
            return v;
        });
    });
}

/**
 * The running program's `anypoint:*` stack config, keyed `anypoint:<key>`; empty outside a Pulumi
 * program. Every key is read with `getSecret` (then unwrapped): `Config.get` of a value set with
 * `--secret` may log a "use getSecret" warning, and any key may have been set as a secret. The values
 * are only used to connect; nothing read here is exported or logged.
 */
export async function readProgramConfig(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    let config: pulumi.Config;
    try {
        config = new (pulumiSdk().Config)(CONFIG_NAMESPACE);
    } catch {
        return out; // no program, no config
    }
    await Promise.all(
        (Object.keys(SETTINGS) as SettingKey[]).map(async (key) => {
            let value: pulumi.Output<string> | undefined;
            try {
                value = config.getSecret(key);
            } catch {
                return;
            }
            if (value !== undefined) out[`${CONFIG_NAMESPACE}:${key}`] = await unwrap(value);
        }),
    );
    return out;
}

/** The scope overrides of the resources' schema (a lookup has no `adopt`). @internal */
export const lookupScopeShape = {
    organizationId: scopeShape.organizationId,
    environmentId: scopeShape.environmentId,
    region: scopeShape.region,
};

/** An optional prefix filter (`beginsWith`); empty means no filter. @internal */
export const beginsWithSchema = z
    .string({ error: (iss) => `beginsWith must be a string when set; got ${describe(iss.input)}.` })
    .optional()
    .transform((v) => v || undefined);

/**
 * A lookup's argument is missing or malformed (found before any HTTP call). It carries the brand of
 * Pulumi's `RunError` (`pulumi.RunError.isInstance` is true): a program that does not catch it stops
 * with this one message, without a stack trace.
 */
export class LookupArgumentError extends Error {
    /** Brand of Pulumi's RunError (as ObjectStoreConfigError carries it). */
    readonly __pulumiRunError = true;
    constructor(message: string) {
        super(message);
        this.name = "LookupArgumentError";
    }
}

/**
 * Checks a lookup's arguments against a zod schema before any HTTP call.
 * @throws LookupArgumentError `<fn>: <every problem, each naming the argument>`.
 * @internal
 */
export function parseArgs<T extends z.ZodType>(fn: string, schema: T, args: unknown): z.output<T> {
    const result = schema.safeParse(args ?? {});
    if (result.success) return result.data;
    throw new LookupArgumentError(`${fn}: ${result.error.issues.map((i) => i.message).join(" ")}`);
}

/** A lookup's client and the settings and scope it resolved to. */
export interface LookupConnection {
    client: ObjectStoreClient;
    /** The Object Store base URL called. */
    baseUrl: string;
    scope: LookupScope;
}

/**
 * Settings (stack config or `opts.config`, then env) with the scope overrides, and the cached client for them.
 * @throws ObjectStoreConfigError listing every missing or contradictory setting.
 */
export async function connect(overrides: ScopeArgs, opts: LookupOptions = {}): Promise<LookupConnection> {
    const source = opts.config === undefined ? await readProgramConfig() : (opts.config ?? undefined);
    const { client, scope } = connectWith(resolveConnectionSettings(source, opts.env ?? process.env, opts.holder), overrides);
    return {
        client,
        baseUrl: client.baseUrl,
        scope: { organizationId: scope.resolvedOrganizationId, environmentId: scope.resolvedEnvironmentId, region: scope.resolvedRegion },
    };
}

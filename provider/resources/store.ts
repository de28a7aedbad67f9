/**
 * The Store resource: an OSv2 object store with its TTL, persistence and usage-limit settings.
 *
 * Endpoints (docs.mulesoft.com/object-store/osv2-apis; dev-portal "Object Store v2 API"):
 *   create  = GET, then PUT /api/v1/organizations/{org}/environments/{env}/stores/{storeId}
 *             (OSv2 has no create-only call for stores; with adopt: PATCH of the differing settings)
 *   read    = GET    …/stores/{storeId}            (404 = gone: refresh drops it from the stack)
 *   update  = PATCH  …/stores/{storeId}            (declared settings, and defaults of removed ones)
 *   delete  = DELETE …/stores/{storeId}            (deletes every partition and key in it)
 */
import * as pulumi from "@pulumi/pulumi";
import type { StoreInfo } from "../client/types";
import { ResolvedScope, ScopeArgs } from "./common";
import { checkInputs, connectFor, connectRecorded } from "./connection";
import { recordContainer, recordDeclaration } from "./declarations";
import { ObjectStoreResource } from "./shim";
import {
    LimitEnforcement,
    StoreInputs,
    StoreOutputs,
    StoreUsageLimitsArgs,
    declaredSettings,
    diffStore,
    normalizeStore,
    settingsToAdopt,
    storeInputsFromOutputs,
    storeOutputs,
    storeSettingsFrom,
    ttlClampWarning,
    validateStore,
} from "./store-model";
export * from "./store-model";

/** Usage limits as a program declares them: each member may be an output of another resource. */
export interface StoreUsageLimitsInputArgs {
    /** Maximum number of keys in the store (whole number ≥ 1). */
    maxKeys?: pulumi.Input<number>;
    /** Maximum total size of the store's values in bytes, measured as OSv2 measures values (base64). */
    maxSizeBytes?: pulumi.Input<number>;
    /** What OSv2 does when a limit is reached; default `REJECT`. */
    enforcement?: pulumi.Input<LimitEnforcement>;
}

/** Inputs of a {@link Store}. Unset optional settings are not sent: the service default stands and is not diffed. */
export interface StoreArgs extends ScopeArgs {
    /** Store id (≤ 256 characters). Changing it replaces the store. */
    storeId: pulumi.Input<string>;
    /**
     * Default time to live of the store's entries, in seconds (1 … 2,592,000 = 30 days; service default
     * 2,592,000). Larger values are clamped to 2,592,000 with a warning, as OSv2 itself clamps silently.
     */
    defaultTtlSeconds?: pulumi.Input<number>;
    /** Time to live of unconfirmed (confirmable) writes, in seconds (1 … 2,592,000; service default 600). */
    defaultConfirmationTtlSeconds?: pulumi.Input<number>;
    /** Whether entries survive application restarts (service default true). */
    persistent?: pulumi.Input<boolean>;
    /** `true`: static TTL, entries expire TTL seconds after their last write. `false`: rolling TTL, access extends it. */
    isFixedTtl?: pulumi.Input<boolean>;
    /** Usage limits by number of keys and by size, and how they are enforced. */
    usageLimits?: pulumi.Input<StoreUsageLimitsInputArgs>;
    /**
     * Take over a store that already exists instead of failing: the declared settings that differ from
     * the live ones are applied with PATCH (none differ: nothing is written), and Pulumi manages (and on
     * destroy deletes) it from then on. Default false.
     */
    adopt?: pulumi.Input<boolean>;
}

/**
 * An OSv2 object store.
 *
 * ```ts
 * const store = new Store("sessions", { storeId: "sessions", defaultTtlSeconds: 86_400, persistent: true });
 * ```
 * Type token `pulumi-nodejs:dynamic/objectstore:Store`. See README "Resource reference" for what updates
 * in place and what replaces.
 */
export class Store extends ObjectStoreResource {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    declare readonly storeId: pulumi.Output<string>;
    /** Effective default TTL in seconds (the clamped declared value, or the service default). */
    declare readonly defaultTtlSeconds: pulumi.Output<number>;
    /** Live confirmation TTL in whole seconds, 1 … 2,592,000 (service default 600): how long a confirmable write waits for its ack. */
    declare readonly defaultConfirmationTtlSeconds: pulumi.Output<number>;
    /** Live: whether entries survive restarts of the application's workers (service default `true`). */
    declare readonly persistent: pulumi.Output<boolean>;
    /** Whether the TTL is static (`true`) or rolling (`false`; the service's `null` is reported as `false`). */
    declare readonly isFixedTtl: pulumi.Output<boolean>;
    /** Live usage limits `{maxKeys?, maxSizeBytes?, enforcement?: "REJECT" | "WARN"}`; undefined when the store has none. */
    declare readonly usageLimits: pulumi.Output<StoreUsageLimitsArgs | undefined>;
    /** Read-only, as OSv2 reports it in the store object (`encrypted`); all OSv2 data is encrypted at rest. */
    declare readonly encrypted: pulumi.Output<boolean>;
    /** Read-only, as OSv2 reports it in the store object (`permanentOsFlag`); its meaning is not publicly documented. */
    declare readonly permanentOsFlag: pulumi.Output<boolean>;

    constructor(name: string, args: StoreArgs, opts?: pulumi.CustomResourceOptions) {
        if (!opts?.id) {
            pulumi.output(args.defaultTtlSeconds).apply((ttl) => {
                const warning = ttlClampWarning(ttl);
                if (warning) void pulumi.log.warn(warning, this);
            });
        }
        super(
            "store",
            "Store",
            name,
            {
                // Every output name must be registered, declared or not.
                defaultTtlSeconds: undefined,
                defaultConfirmationTtlSeconds: undefined,
                persistent: undefined,
                isFixedTtl: undefined,
                usageLimits: undefined,
                encrypted: undefined,
                permanentOsFlag: undefined,
                declaredProperties: undefined,
                ...args,
            },
            opts,
        );
        if (!opts?.id) {
            recordDeclaration("Store", name, [args.storeId], args);
            recordContainer("Store", this, [args.storeId], args);
        }
    }

    /**
     * Reads an existing store into the program without managing it (a read-only lookup: `pulumi up`
     * never changes or deletes it). `storeId` is the store's id; pass scope overrides in `scope`.
     */
    static get(name: string, storeId: pulumi.Input<string>, scope?: ScopeArgs, opts?: pulumi.CustomResourceOptions): Store {
        return new Store(name, { storeId, ...scope }, { ...opts, id: storeId });
    }
}

/** Message for creating a store that already exists without `adopt`. */
export function storeExistsMessage(storeId: string, scope: ResolvedScope): string {
    return (
        `Store '${storeId}' already exists in organization ${scope.resolvedOrganizationId}, environment ` +
        `${scope.resolvedEnvironmentId} (region ${scope.resolvedRegion}); Pulumi did not change it. To manage it from this ` +
        `program, set \`adopt: true\` on the Store (its declared settings are then applied); to only read it, use ` +
        `Store.get(name, "${storeId}"); otherwise choose another storeId.`
    );
}

/**
 * The dynamic ResourceProvider of {@link Store}. Loaded at call time by the provider shim (never
 * serialized into the stack). Connection settings come from `configure()` / ANYPOINT_* variables.
 * Errors: ObjectStoreApiError for HTTP failures, ObjectStoreConfigError for missing settings, Error
 * for an existing store without adopt.
 */
export class StoreProvider implements pulumi.dynamic.ResourceProvider {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkInputs(news, validateStore, normalizeStore);
    }

    async diff(_id: string, olds: StoreOutputs, news: StoreInputs): Promise<pulumi.dynamic.DiffResult> {
        const d = diffStore(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
        return { changes: d.changes, replaces: d.replaces };
    }

    /**
     * GET the store (OSv2 has no create-only call for stores: PUT on an existing store overwrites it),
     * then PUT it when absent. With `adopt` and an existing store: PATCH only the declared settings
     * that differ from the live ones, so taking over a store that already matches writes nothing.
     * Without `adopt`, an existing store is taken over only when it is empty and has exactly the
     * declared settings (what an interrupted `pulumi up` of this stack leaves); otherwise create fails.
     */
    async create(inputs: StoreInputs): Promise<pulumi.dynamic.CreateResult> {
        const { client, scope } = await connectFor(inputs);
        const declared = declaredSettings(inputs as unknown as Record<string, unknown>);
        const existing = await client.getStore(inputs.storeId);
        let live: StoreInfo;
        if (!existing) {
            live = await client.putStore(inputs.storeId, storeSettingsFrom(inputs));
        } else {
            const patch = settingsToAdopt(inputs, storeOutputs(inputs, existing, scope, declared));
            // Without adopt, only what an interrupted run of this stack leaves behind is taken over:
            // an empty store (no partition) whose settings are the declared ones.
            if (!inputs.adopt) {
                const leftByInterruptedRun =
                    Object.keys(patch).length === 0 && (await client.listPartitions(inputs.storeId, { pageSize: 1 })).values.length === 0;
                if (!leftByInterruptedRun) throw new Error(storeExistsMessage(inputs.storeId, scope));
            }
            live = Object.keys(patch).length > 0 ? await client.patchStore(inputs.storeId, patch) : existing;
        }
        return { id: inputs.storeId, outs: storeOutputs(inputs, live, scope, declared) };
    }

    /** GET the store; an empty id when it is gone (refresh then removes it from the stack). */
    async read(id: string, props: StoreOutputs): Promise<pulumi.dynamic.ReadResult> {
        const { client, scope } = await connectRecorded(props);
        const live = await client.getStore(id);
        if (!live) return { id: "", props: {} };
        const outs = storeOutputs({ ...(props as unknown as StoreInputs), storeId: id }, live, scope, props.declaredProperties ?? []);
        return { id, props: outs, inputs: storeInputsFromOutputs(outs) };
    }

    /**
     * PATCH the declared settings (all of them, which also undoes drift in any of them) and the
     * defaults of settings the program no longer declares.
     */
    async update(id: string, olds: StoreOutputs, news: StoreInputs): Promise<pulumi.dynamic.UpdateResult> {
        const { client, scope } = await connectRecorded(olds);
        const cleared = (olds.declaredProperties ?? []).filter(
            (f) => !declaredSettings(news as unknown as Record<string, unknown>).includes(f),
        );
        const settings = storeSettingsFrom(news, cleared);
        const live = Object.keys(settings).length > 0 ? await client.patchStore(id, settings) : await client.getStore(id);
        if (!live) throw new Error(`Store '${id}' no longer exists; run \`pulumi refresh\` (or \`pulumi up --refresh\`) to recreate it.`);
        return { outs: storeOutputs(news, live, scope, declaredSettings(news as unknown as Record<string, unknown>)) };
    }

    /** DELETE the store with all its partitions and keys (already gone is fine). */
    async delete(id: string, props: StoreOutputs): Promise<void> {
        const { client } = await connectRecorded(props);
        await client.deleteStore(id);
    }
}

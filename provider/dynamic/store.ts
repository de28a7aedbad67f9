/**
 * The Store resource of the TypeScript dynamic front door: what a program declares
 * (`new Store(...)`). Its provider is the core StoreProvider (provider/resources/store.ts), reached
 * through the provider shim (./shim.ts) at call time.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScopeArgs } from "../resources/scope";
import type { LimitEnforcement, StoreUsageLimitsArgs } from "../resources/store-model";
import { ttlClampWarning } from "../resources/store-model";
import { recordContainer, recordDeclaration } from "./declarations";
import { ObjectStoreResource } from "./shim";

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
            recordDeclaration("Store", name, "Store", [args.storeId], args);
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

/**
 * The KeyEntries resource of the TypeScript dynamic front door: many seed keys of one partition as
 * one resource. Its provider is the core KeyEntriesProvider (provider/resources/key-entries.ts),
 * reached through the provider shim.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ScopeArgs } from "../resources/scope";
import type { EntryMap, RecordedEntries } from "../resources/key-entries-plan";
import { keyIdSpellingWarning, osv2KeyId } from "../resources/key-model";
import { recordEntryDeclarations, withContainerDependencies } from "./declarations";
import { declaredEntriesOutput, storedEntriesInput } from "./key-entries-form";
import { ObjectStoreResource } from "./shim";

/** Inputs of a {@link KeyEntries}. */
export interface KeyEntriesArgs extends ScopeArgs {
    /** Store id; usually `store.storeId`. Changing it replaces the resource. */
    storeId: pulumi.Input<string>;
    /** Partition id; usually `partition.partitionId`. Changing it replaces the resource. */
    partitionId: pulumi.Input<string>;
    /**
     * keyId -> value, each with exactly one of `stringValue`, `numberValue`, `binaryValue` (the Key
     * rules: keyId ≤ 1024 bytes without '|', value ≤ 10 MB as base64). At most 10,000 entries.
     * Values may be Pulumi secrets: `entries` is then secret as a whole in outputs and state.
     */
    entries: pulumi.Input<
        Record<
            string,
            pulumi.Input<{
                /** A STRING value (UTF-8 text; a Pulumi secret stays secret). */
                stringValue?: pulumi.Input<string>;
                /** A NUMBER value (a finite number). */
                numberValue?: pulumi.Input<number>;
                /** A BINARY value as base64 (standard or URL-safe, padded or not). */
                binaryValue?: pulumi.Input<string>;
            }>
        >
    >;
    /** Take over keys that already exist (overwriting values that differ) instead of failing. */
    adopt?: pulumi.Input<boolean>;
}

/**
 * Many seed key entries of one partition as one resource: only changed keys are written, removed
 * keys deleted, unchanged keys never sent; refresh reports drift per key; keys that applications
 * write into the partition are not drift.
 *
 * ```ts
 * new KeyEntries("countries", { storeId: store.storeId, partitionId: "countries",
 *     entries: { fr: { stringValue: "France" }, de: { stringValue: "Germany" }, limit: { numberValue: 3 } } });
 * ```
 */
export class KeyEntries extends ObjectStoreResource {
    /** Store id: 1 … 256 characters, no `|` (the `{storeId}` of OSv2's `…/stores/{storeId}`). */
    declare readonly storeId: pulumi.Output<string>;
    /** Partition id: 1 … 1024 bytes UTF-8, no `|` (the `{partitionId}` of `…/stores/{storeId}/partitions/{partitionId}`). */
    declare readonly partitionId: pulumi.Output<string>;
    /** keyId -> value (`{stringValue}`, `{numberValue}` or `{binaryValue}`): what this resource wrote into the partition (or refresh read), in the declared form whatever form the state records. A secret as a whole when any value is one. */
    declare readonly entries: pulumi.Output<EntryMap>;
    /** Number of entries this resource holds in the partition (at most 10,000). */
    declare readonly entryCount: pulumi.Output<number>;

    constructor(name: string, args: KeyEntriesArgs, opts?: pulumi.CustomResourceOptions) {
        // Only the key ids are needed here: a plain map gives them without waiting for its values.
        const keyIds: pulumi.Input<string[]> =
            args.entries !== null && typeof args.entries === "object" && !pulumi.Output.isInstance(args.entries)
                ? Object.keys(args.entries)
                : pulumi.output(args.entries).apply((e) => Object.keys(e ?? {}));
        if (!opts?.id) {
            pulumi.output(keyIds).apply((ids) => {
                const warning = keyIdSpellingWarning(ids);
                if (warning) void pulumi.log.warn(warning, this);
            });
        }
        super(
            "keyEntries",
            "KeyEntries",
            name,
            {
                entryCount: undefined,
                ...args,
                // Registered in the stored form (one value per entry; ./key-entries-form), shown as declared.
                entries: args.entries === undefined ? undefined : storedEntriesInput(args.entries),
            },
            opts?.id ? opts : withContainerDependencies(opts, args, args.storeId, args.partitionId),
        );
        const self = this as unknown as { entries: pulumi.Output<RecordedEntries> | pulumi.Output<EntryMap> };
        self.entries = declaredEntriesOutput(self.entries as pulumi.Output<RecordedEntries>);
        if (!opts?.id) {
            const spelled = pulumi.output(keyIds).apply((ids) => ids.map((k) => osv2KeyId(k)));
            recordEntryDeclarations(name, args.storeId, args.partitionId, spelled, args);
        }
    }
}

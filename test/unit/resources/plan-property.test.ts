/**
 * Property-based tests of the preview plans (the outputs a plugin's Create and Update with
 * `preview = true` return without a request; fast-check, seed printed, FC_SEED=<seed> replays): for
 * generated declared inputs (and, for an update, a generated earlier declaration and live store),
 * the planned outputs diff clean against the inputs they were planned from, so a plan never shows a
 * change the apply would not make; an update's plan keeps every value it does not change, and a
 * store's plan is unknown exactly where the service decides. test/plugin/preview.test.ts compares
 * plans with what the real calls return against the emulator.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { StoreInfo } from "../../../provider/client/types";
import { MAX_TTL_SECONDS } from "../../../provider/limits";
import { UNKNOWN } from "../../../provider/resources/markers";
import { plannedEntriesOutputs } from "../../../provider/resources/key-entries";
import { diffEntries, normalizeEntries } from "../../../provider/resources/key-entries-plan";
import { diffKey, normalizeKey, plannedKeyOutputs } from "../../../provider/resources/key-model";
import { diffPartition, plannedPartitionOutputs } from "../../../provider/resources/partition-model";
import {
    STORE_SETTINGS,
    clearedSettings,
    declaredSettings,
    diffStore,
    normalizeStore,
    plannedStoreOutputs,
    storeOutputs,
    type StoreInputs,
} from "../../../provider/resources/store-model";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = 300;
const SCOPE = { resolvedOrganizationId: "org-a", resolvedEnvironmentId: "env-a", resolvedRegion: "us-east-1" };

const declaredStore = fc.record(
    {
        defaultTtlSeconds: fc.integer({ min: 1, max: 2 * MAX_TTL_SECONDS }),
        defaultConfirmationTtlSeconds: fc.constantFrom(60, 600),
        persistent: fc.boolean(),
        isFixedTtl: fc.boolean(),
        usageLimits: fc.oneof(
            fc.record({ maxKeys: fc.constantFrom(1, 10) }),
            fc.record({ maxSizeBytes: fc.constantFrom(1_024), enforcement: fc.constantFrom("REJECT", "WARN") }),
        ),
    },
    { requiredKeys: [] },
);
const liveStore = fc.record({
    defaultTtlSeconds: fc.constantFrom(60, MAX_TTL_SECONDS),
    defaultConfirmationTtlSeconds: fc.constantFrom(60, 600),
    persistent: fc.boolean(),
    isFixedTtl: fc.constantFrom(true, false, null),
    usageLimits: fc.constantFrom(null, { maxKeys: 5, maxSizeBytes: null, enforcement: "WARN" as const }),
    encrypted: fc.boolean(),
    permanentOsFlag: fc.boolean(),
});
const value = fc.oneof(
    fc.record({ stringValue: fc.string({ maxLength: 8 }) }),
    fc.record({ numberValue: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    fc.uint8Array({ maxLength: 6 }).map((b) => ({ binaryValue: Buffer.from(b).toString("base64url") })),
);

describe(`preview plans (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
    it("Store: a create's plan diffs clean, and is unknown exactly for what the program does not declare and the service's own flags", () => {
        fc.assert(
            fc.property(declaredStore, (declared) => {
                const inputs = normalizeStore({ storeId: "s", ...declared }) as unknown as StoreInputs;
                const planned = plannedStoreOutputs(inputs, SCOPE);
                expect(diffStore(planned as any, inputs as any).changes).to.equal(false);
                const unknown = Object.keys(planned).filter((k) => (planned as any)[k] === UNKNOWN);
                const undeclared = STORE_SETTINGS.filter((f) => !(f in declared));
                expect(unknown.sort()).to.deep.equal([...undeclared, "encrypted", "permanentOsFlag"].sort());
            }),
            { seed: SEED, numRuns: RUNS },
        );
    });

    it("Store: an update's plan diffs clean, keeps what it does not write, and returns what it clears to the service default", () => {
        fc.assert(
            fc.property(declaredStore, declaredStore, liveStore, (before, after, live) => {
                const prev = normalizeStore({ storeId: "s", ...before }) as unknown as StoreInputs;
                const olds = storeOutputs(prev, { storeId: "s", ...live } as StoreInfo, SCOPE, declaredSettings(prev as any));
                const news = normalizeStore({ storeId: "s", ...after }) as unknown as StoreInputs;
                const cleared = clearedSettings(olds, news as any);
                const planned = plannedStoreOutputs(news, SCOPE, olds, cleared);
                expect(diffStore(planned as any, news as any).changes).to.equal(false);
                expect(Object.values(planned)).to.not.include(UNKNOWN);
                expect([planned.encrypted, planned.permanentOsFlag]).to.deep.equal([olds.encrypted, olds.permanentOsFlag]);
                for (const f of STORE_SETTINGS.filter((f) => !(f in after) && !cleared.includes(f)))
                    expect((planned as any)[f], f).to.deep.equal((olds as any)[f]);
                if (cleared.includes("defaultTtlSeconds")) expect(planned.defaultTtlSeconds).to.equal(MAX_TTL_SECONDS);
                if (cleared.includes("isFixedTtl")) expect(planned.isFixedTtl).to.equal(false);
                if (cleared.includes("usageLimits")) expect(planned).to.not.have.property("usageLimits");
            }),
            { seed: SEED, numRuns: RUNS },
        );
    });

    it("Key, Partition, KeyEntries: a plan diffs clean against the inputs it was planned from, with every value known", () => {
        fc.assert(
            fc.property(value, fc.dictionary(fc.constantFrom("a", "b c", "d/e"), value, { maxKeys: 4 }), (v, entries) => {
                const key = normalizeKey({ storeId: "s", partitionId: "p", keyId: "a b", ...v });
                const plannedKey = plannedKeyOutputs(key as any, SCOPE);
                expect(diffKey(plannedKey as any, key).changes).to.equal(false);
                expect(Object.values(plannedKey)).to.not.include(UNKNOWN);

                const partition = { storeId: "s", partitionId: "p" };
                expect(diffPartition(plannedPartitionOutputs(partition, SCOPE) as any, partition).changes).to.equal(false);

                const seed = normalizeEntries({ storeId: "s", partitionId: "p", entries });
                const plannedEntries = plannedEntriesOutputs(seed as any, SCOPE);
                expect(diffEntries(plannedEntries, seed).changes).to.equal(false);
                expect(plannedEntries.entryCount).to.equal(Object.keys(seed.entries as object).length);
            }),
            { seed: SEED, numRuns: RUNS },
        );
    });
});

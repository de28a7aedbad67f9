/**
 * Property-based tests of the plans (fast-check; the seed is printed so a failure can be replayed
 * with FC_SEED=<seed>): for generated declared inputs and live states, diff reports a change exactly
 * when a declared, normalized value differs from the live one (or a previously declared setting was
 * removed), and a replace exactly when an identity field differs.
 */
import { expect } from "chai";
import fc from "fast-check";
import { MAX_TTL_SECONDS } from "../../../provider/resources/common";
import { diffKey, keyOutputs } from "../../../provider/resources/key";
import { STORE_SETTINGS, diffStore, storeOutputs } from "../../../provider/resources/store";
import type { KeyValue, StoreInfo } from "../../../provider/client/types";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = 500;
const SCOPE = { resolvedOrganizationId: "org-a", resolvedEnvironmentId: "env-a", resolvedRegion: "us-east-1" };

const ttl = fc.oneof(fc.constantFrom(1, 60, 3_600, MAX_TTL_SECONDS), fc.integer({ min: 1, max: 3 * MAX_TTL_SECONDS }));
const limits = fc.record(
    {
        maxKeys: fc.option(fc.constantFrom(1, 10, 100), { nil: undefined }),
        maxSizeBytes: fc.option(fc.constantFrom(1_024, 4_096), { nil: undefined }),
    },
    { requiredKeys: [] },
);
const liveStore = fc.record({
    defaultTtlSeconds: fc.constantFrom(60, 3_600, MAX_TTL_SECONDS),
    defaultConfirmationTtlSeconds: fc.constantFrom(60, 600),
    persistent: fc.boolean(),
    isFixedTtl: fc.constantFrom(true, false, null),
    usageLimits: fc.option(
        fc.record({
            maxKeys: fc.constantFrom(null, 1, 10, 100),
            maxSizeBytes: fc.constantFrom(null, 1_024, 4_096),
            enforcement: fc.constantFrom("REJECT", "WARN") as fc.Arbitrary<"REJECT" | "WARN">,
        }),
        { nil: null },
    ),
});
const declaredStore = fc.record(
    {
        defaultTtlSeconds: ttl,
        defaultConfirmationTtlSeconds: fc.constantFrom(60, 600),
        persistent: fc.boolean(),
        isFixedTtl: fc.boolean(),
        usageLimits: fc
            .tuple(limits, fc.option(fc.constantFrom("REJECT", "WARN"), { nil: undefined }))
            .filter(([l]) => l.maxKeys !== undefined || l.maxSizeBytes !== undefined)
            .map(([l, enforcement]) => ({ ...l, ...(enforcement ? { enforcement } : {}) })),
        region: fc.oneof({ arbitrary: fc.constant("us-east-1"), weight: 3 }, { arbitrary: fc.constant("eu-central-1"), weight: 1 }),
        environmentId: fc.oneof({ arbitrary: fc.constant("env-a"), weight: 3 }, { arbitrary: fc.constant("env-b"), weight: 1 }),
    },
    { requiredKeys: [] },
);

/** The oracle: what the live setting is, in the terms a user declares (independent of the code under test). */
function liveAsDeclared(live: StoreInfo, field: string): unknown {
    if (field === "isFixedTtl") return live.isFixedTtl === true;
    if (field === "usageLimits") {
        const u = live.usageLimits;
        return u ? JSON.stringify([u.maxKeys ?? undefined, u.maxSizeBytes ?? undefined, u.enforcement]) : undefined;
    }
    return (live as unknown as Record<string, unknown>)[field];
}
/** A declaration of `field` that matches the live store (so generated cases include "no change"). */
function matchingDeclaration(live: StoreInfo, field: string): unknown {
    if (field === "isFixedTtl") return live.isFixedTtl === true;
    if (field === "usageLimits") {
        const u = live.usageLimits;
        if (!u || (u.maxKeys === null && u.maxSizeBytes === null)) return undefined;
        return {
            ...(u.maxKeys !== null ? { maxKeys: u.maxKeys } : {}),
            ...(u.maxSizeBytes !== null ? { maxSizeBytes: u.maxSizeBytes } : {}),
            enforcement: u.enforcement,
        };
    }
    return (live as unknown as Record<string, unknown>)[field];
}

function declaredAsLive(declared: Record<string, any>, field: string): unknown {
    const v = declared[field];
    if (field === "defaultTtlSeconds") return Math.min(v, MAX_TTL_SECONDS);
    if (field === "usageLimits") return JSON.stringify([v.maxKeys, v.maxSizeBytes, v.enforcement ?? "REJECT"]);
    return v;
}

describe(`diff properties (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
    before(() => console.log(`      fast-check seed: ${SEED} (replay with FC_SEED=${SEED})`));

    it("Store: a change exactly when a declared setting differs from the live one or a declared setting was removed; a replace exactly when the identity differs", () => {
        let changes = 0;
        let replaces = 0;
        fc.assert(
            fc.property(
                liveStore,
                declaredStore,
                fc.option(fc.subarray([...STORE_SETTINGS]), { nil: undefined }),
                fc.oneof(fc.subarray([...STORE_SETTINGS]), fc.constant([...STORE_SETTINGS])),
                fc.oneof({ arbitrary: fc.constant("s"), weight: 4 }, { arbitrary: fc.constant("t"), weight: 1 }),
                (liveSettings, generated, before, matching, storeId) => {
                    const live: StoreInfo = { storeId: "s", encrypted: true, permanentOsFlag: false, ...liveSettings };
                    const declared: Record<string, any> = { ...generated };
                    for (const f of matching) if (declared[f] !== undefined) declared[f] = matchingDeclaration(live, f);
                    for (const f of Object.keys(declared)) if (declared[f] === undefined) delete declared[f];
                    // Half the cases: the settings declared before are the ones declared now (no removal).
                    const declaredBefore = before ?? STORE_SETTINGS.filter((f) => declared[f] !== undefined);
                    const olds = storeOutputs({ storeId: "s" }, live, SCOPE, declaredBefore);
                    const news = { storeId, ...declared };
                    const d = diffStore(olds as any, news);

                    const expectedReplaces = [
                        ...(storeId !== "s" ? ["storeId"] : []),
                        ...(declared.environmentId !== undefined && declared.environmentId !== "env-a" ? ["environmentId"] : []),
                        ...(declared.region !== undefined && declared.region !== "us-east-1" ? ["region"] : []),
                    ];
                    const settingChanges = STORE_SETTINGS.filter((f) =>
                        (declared as any)[f] === undefined
                            ? declaredBefore.includes(f)
                            : declaredAsLive(declared, f) !== liveAsDeclared(live, f),
                    );
                    expect([...d.replaces].sort()).to.deep.equal([...expectedReplaces].sort());
                    expect(d.changes).to.equal(expectedReplaces.length > 0 || settingChanges.length > 0);
                    if (d.changes) changes++;
                    if (d.replaces.length > 0) replaces++;
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(`      store cases: ${RUNS}, with a change: ${changes}, with a replace: ${replaces}`);
        expect(changes).to.be.above(0);
        expect(replaces).to.be.above(0);
    });

    const value = fc.oneof(
        fc.string({ maxLength: 8 }).map((v) => ({ stringValue: v })),
        fc.constantFrom(0, 1, -2.5, 1e21).map((v) => ({ numberValue: v })),
        fc.uint8Array({ maxLength: 6 }).map((b) => ({ bytes: Buffer.from(b) })),
    ) as fc.Arbitrary<any>;
    /** One of the spellings of a value: base64 standard, URL-safe, unpadded; numbers as the service may send them. */
    const spell = (v: any, style: number): Record<string, unknown> => {
        if (v.bytes) {
            const std = (v.bytes as Buffer).toString("base64");
            return { binaryValue: [std, (v.bytes as Buffer).toString("base64url"), std.replace(/=+$/, "")][style % 3] };
        }
        return v;
    };
    const canonical = (v: any) =>
        v.bytes ? `B:${(v.bytes as Buffer).toString("hex")}` : v.stringValue !== undefined ? `S:${v.stringValue}` : `N:${v.numberValue}`;

    it("Key: a change exactly when the canonical value or its type differs; a replace exactly when an id differs", () => {
        let changes = 0;
        let replaces = 0;
        fc.assert(
            fc.property(
                value,
                value,
                fc.boolean(),
                fc.nat(5),
                fc.nat(5),
                fc.constantFrom("k", "k", "k", "k2"),
                fc.constantFrom("p", "p", "p", "p2"),
                (liveValue, otherValue, same, s1, s2, keyId, partitionId) => {
                    const declaredValue = same ? liveValue : otherValue;
                    const liveSpelled = spell(liveValue, s1);
                    const live: KeyValue = {
                        keyId: "k",
                        valueType: liveValue.bytes ? "BINARY" : liveValue.stringValue !== undefined ? "STRING" : "NUMBER",
                        ...liveSpelled,
                    } as KeyValue;
                    const olds = keyOutputs({ storeId: "s", partitionId: "p", keyId: "k" }, live, SCOPE);
                    const d = diffKey(olds as any, { storeId: "s", partitionId, keyId, ...spell(declaredValue, s2) });
                    const expectedReplaces = [...(partitionId !== "p" ? ["partitionId"] : []), ...(keyId !== "k" ? ["keyId"] : [])];
                    expect(d.replaces).to.deep.equal(expectedReplaces);
                    expect(d.changes).to.equal(expectedReplaces.length > 0 || canonical(liveValue) !== canonical(declaredValue));
                    if (d.changes) changes++;
                    if (d.replaces.length > 0) replaces++;
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(`      key cases: ${RUNS}, with a change: ${changes}, with a replace: ${replaces}`);
    });
});

/**
 * Property-based tests of the plans of every resource (fast-check; the seed is printed so a failure
 * can be replayed with FC_SEED=<seed>): for generated declared inputs and live (or recorded) states,
 * diff reports a change exactly when a declared, normalized value differs from the live one (or a
 * previously declared setting was removed), and a replace exactly when an identity field differs.
 * Store (settings, usage limits declared with or without the default enforcement), Key (values in
 * any spelling), Partition (identity only), KeyEntries (per-key changes, and the write plan agrees).
 */
import { expect } from "chai";
import fc from "fast-check";
import { MAX_TTL_SECONDS } from "../../../provider/limits";
import { UNKNOWN } from "../../../provider/resources/markers";
import { diffKey, keyOutputs } from "../../../provider/resources/key";
import { diffEntries, entryProperty, normalizeEntries, planEntries, type EntryMap } from "../../../provider/resources/key-entries-plan";
import { diffPartition, partitionOutputs } from "../../../provider/resources/partition";
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
/**
 * A declaration of `field` that matches the live store (so generated cases include "no change").
 * With `omitDefaults`, usage limits enforced with REJECT (the default) are declared without
 * `enforcement`, as most users write them.
 */
function matchingDeclaration(live: StoreInfo, field: string, omitDefaults: boolean): unknown {
    if (field === "isFixedTtl") return live.isFixedTtl === true;
    if (field === "usageLimits") {
        const u = live.usageLimits;
        if (!u || (u.maxKeys === null && u.maxSizeBytes === null)) return undefined;
        return {
            ...(u.maxKeys !== null ? { maxKeys: u.maxKeys } : {}),
            ...(u.maxSizeBytes !== null ? { maxSizeBytes: u.maxSizeBytes } : {}),
            ...(omitDefaults && u.enforcement === "REJECT" ? {} : { enforcement: u.enforcement }),
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
        let withoutEnforcement = 0;
        fc.assert(
            fc.property(
                liveStore,
                declaredStore,
                fc.option(fc.subarray([...STORE_SETTINGS]), { nil: undefined }),
                fc.oneof(fc.subarray([...STORE_SETTINGS]), fc.constant([...STORE_SETTINGS])),
                fc.oneof({ arbitrary: fc.constant("s"), weight: 4 }, { arbitrary: fc.constant("t"), weight: 1 }),
                fc.boolean(),
                (liveSettings, generated, before, matching, storeId, omitDefaults) => {
                    const live: StoreInfo = { storeId: "s", encrypted: true, permanentOsFlag: false, ...liveSettings };
                    const declared: Record<string, any> = { ...generated };
                    for (const f of matching) if (declared[f] !== undefined) declared[f] = matchingDeclaration(live, f, omitDefaults);
                    if (declared.usageLimits && declared.usageLimits.enforcement === undefined) withoutEnforcement++;
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
        console.log(
            `      store cases: ${RUNS}, with a change: ${changes}, with a replace: ${replaces}, usage limits declared without enforcement: ${withoutEnforcement}`,
        );
        expect(changes).to.be.above(0);
        expect(replaces).to.be.above(0);
        expect(withoutEnforcement).to.be.above(0);
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

    /** A scope override as declared: unset, the scope the object lives in, another one, or unknown (preview). */
    const override = (resolved: string, other: string) =>
        fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 8 },
            { arbitrary: fc.constant(resolved), weight: 4 },
            { arbitrary: fc.constant(other), weight: 1 },
            { arbitrary: fc.constant(UNKNOWN), weight: 1 },
        );
    const declaredScope = fc.record({
        organizationId: override("org-a", "org-b"),
        environmentId: override("env-a", "env-b"),
        region: override("us-east-1", "eu-central-1"),
    });
    /** The identity fields declared differently from where the object lives (unknown counts: known only at apply). */
    const scopeReplaces = (scope: Record<string, string | undefined>) =>
        Object.entries({ organizationId: "org-a", environmentId: "env-a", region: "us-east-1" })
            .filter(([field, resolved]) => scope[field] !== undefined && scope[field] !== resolved)
            .map(([field]) => field);

    it("Partition: a change exactly when it is replaced, and a replace exactly when a declared id or scope differs from where it lives", () => {
        let replaces = 0;
        fc.assert(
            fc.property(
                fc.constantFrom("s", "s", "s", "s", "s", "s", "t", UNKNOWN),
                fc.constantFrom("p", "p", "p", "p", "p", "p", "q", UNKNOWN),
                declaredScope,
                fc.boolean(),
                (storeId, partitionId, scope, exists) => {
                    const olds = partitionOutputs({ storeId: "s", partitionId: "p" }, SCOPE, exists);
                    const declared = { storeId, partitionId, ...scope };
                    const d = diffPartition(olds as any, declared);
                    const expectedReplaces = [
                        ...(storeId !== "s" ? ["storeId"] : []),
                        ...(partitionId !== "p" ? ["partitionId"] : []),
                        ...scopeReplaces(scope),
                    ];
                    expect([...d.replaces].sort()).to.deep.equal([...expectedReplaces].sort());
                    expect(d.changes).to.equal(expectedReplaces.length > 0); // a partition has no setting to update in place
                    if (d.replaces.length > 0) replaces++;
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(`      partition cases: ${RUNS}, with a replace: ${replaces}`);
        expect(replaces).to.be.above(0).and.below(RUNS);
    });

    /** An edit of one recorded entry: kept (in another spelling), given another value or type, or removed. */
    const edit = fc.oneof(
        { arbitrary: fc.record({ kind: fc.constant("keep" as const), style: fc.nat(5) }), weight: 6 },
        { arbitrary: fc.record({ kind: fc.constant("change" as const), value, style: fc.nat(5) }), weight: 2 },
        { arbitrary: fc.record({ kind: fc.constant("remove" as const) }), weight: 1 },
    );
    const recordedEntries = fc.dictionary(fc.constantFrom("a", "b", "c", "x/y", "g+h", "ключ", "%20"), value, { maxKeys: 6 });

    it("KeyEntries: exactly the added, removed and changed keys are changes (another spelling of a value is none); a replace exactly when the store, partition or scope differs", () => {
        let changes = 0;
        let unchangedSpellings = 0;
        fc.assert(
            fc.property(
                recordedEntries,
                fc.array(edit, { minLength: 6, maxLength: 6 }),
                fc.oneof(
                    { arbitrary: fc.constant({}), weight: 2 },
                    { arbitrary: fc.dictionary(fc.constantFrom("n1", "n2", "a"), value, { maxKeys: 2 }), weight: 1 },
                ),
                fc.constantFrom("s", "s", "s", "t"),
                fc.constantFrom("p", "p", "p", "q"),
                declaredScope,
                (recorded, edits, added, storeId, partitionId, scope) => {
                    // The state records each value in canonical form (standard padded base64).
                    const olds = {
                        storeId: "s",
                        partitionId: "p",
                        entries: Object.fromEntries(Object.entries(recorded).map(([k, v]) => [k, spell(v, 0)])) as EntryMap,
                        entryCount: Object.keys(recorded).length,
                        ...SCOPE,
                    };
                    const declared: Record<string, unknown> = {};
                    const expectedChanged = new Set<string>();
                    Object.entries(recorded).forEach(([keyId, live], i) => {
                        const e = edits[i];
                        if (e.kind === "remove") expectedChanged.add(keyId);
                        else if (e.kind === "keep") {
                            declared[keyId] = spell(live, e.style);
                            if (e.style % 3 !== 0) unchangedSpellings++;
                        } else {
                            declared[keyId] = spell(e.value, e.style);
                            if (canonical(e.value) !== canonical(live)) expectedChanged.add(keyId);
                        }
                    });
                    for (const [keyId, v] of Object.entries(added)) {
                        if (keyId in recorded) continue;
                        declared[keyId] = spell(v, 1);
                        expectedChanged.add(keyId);
                    }
                    const d = diffEntries(olds, { storeId, partitionId, entries: declared, ...scope });
                    const expectedReplaces = [
                        ...(storeId !== "s" ? ["storeId"] : []),
                        ...(partitionId !== "p" ? ["partitionId"] : []),
                        ...scopeReplaces(scope),
                    ];
                    expect([...d.replaces].sort()).to.deep.equal([...expectedReplaces].sort());
                    const changedKeys = d.changed.filter((c) => c.startsWith("entries["));
                    expect(changedKeys.sort()).to.deep.equal([...expectedChanged].map((k) => entryProperty(k)).sort());
                    expect(d.changes).to.equal(expectedReplaces.length > 0 || expectedChanged.size > 0);
                    // The write plan agrees with the diff: every changed key is sent once, no unchanged key is.
                    const plan = planEntries(olds.entries, normalizeEntries({ entries: declared }).entries as EntryMap);
                    expect([...plan.create, ...plan.update, ...plan.remove].sort()).to.deep.equal([...expectedChanged].sort());
                    if (d.changes) changes++;
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(`      key entries cases: ${RUNS}, with a change: ${changes}, values kept in another spelling: ${unchangedSpellings}`);
        expect(changes).to.be.above(0).and.below(RUNS);
        expect(unchangedSpellings).to.be.above(0);
    });
});

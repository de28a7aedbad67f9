/**
 * Key ids as OSv2 spells them (issue 16), property-based (fast-check; the seed is printed, replay with
 * FC_SEED=<seed>): for ids made of spaces, '+', '%', '/', '?', '#', non-ASCII and plain characters,
 * - spelling is idempotent and leaves no space (`a b` and `a+b` are one key, as OSv2 stores it);
 * - a Key or KeyEntries declared with either spelling plans no change against a stack recorded with
 *   the other (an upgraded stack, or an edit from `a b` to `a+b`): never a replace;
 * - the resource id round-trips (URI-encoded segments), giving the id as OSv2 spells it;
 * - two declarations that spell one key differently are one object (one owner per object).
 */
import { expect } from "chai";
import fc from "fast-check";
import { diffEntries } from "../../../provider/resources/key-entries-plan";
import {
    diffKey,
    keyIdSpellingWarning,
    keyOutputs,
    keyResourceId,
    normalizeKey,
    osv2KeyId,
    parseKeyResourceId,
    validateKey,
} from "../../../provider/resources/key";
import { DeclarationRegistry } from "../../../provider/resources/ownership";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = 300;
const SCOPE = { resolvedOrganizationId: "org", resolvedEnvironmentId: "env", resolvedRegion: "us-east-1" };
const REGISTRY_SCOPE = { organizationId: "org", environmentId: "env", region: "us-east-1" };

/** Key ids from the characters that need care: space, '+', '%', '/', '?', '#', non-ASCII, letters. */
const keyId = fc
    .array(fc.constantFrom(" ", "+", "%", "/", "?", "#", "ü", "✓", "日", "a", "b", "Z", "0", "-", "_"), { minLength: 1, maxLength: 12 })
    .map((cs) => cs.join(""))
    .filter((k) => k.trim() !== "");
/** The other spelling of the same key: every '+' or space written either way. */
const respelled = (k: string, flips: boolean[]) =>
    [...k].map((c, i) => ((c === " " || c === "+") && flips[i % flips.length] ? (c === " " ? "+" : " ") : c)).join("");

describe(`key ids as OSv2 spells them: property tests (fast-check seed ${SEED}, replay with FC_SEED=${SEED})`, () => {
    it("spelling is idempotent, leaves no space, and only spaces change", () => {
        fc.assert(
            fc.property(keyId, (k) => {
                const s = osv2KeyId(k);
                expect(osv2KeyId(s)).to.equal(s);
                expect(s).to.not.include(" ");
                expect(s.length).to.equal(k.length);
                expect(s === k).to.equal(!k.includes(" "));
                expect(keyIdSpellingWarning([k]) !== undefined).to.equal(k.includes(" "));
                expect(validateKey({ storeId: "s", partitionId: "p", keyId: k, stringValue: "v" })).to.deep.equal([]);
            }),
            { seed: SEED, numRuns: RUNS },
        );
    });

    it("a Key declared with either spelling plans no change against a stack that recorded the other (no replace)", () => {
        fc.assert(
            fc.property(keyId, fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (k, flips) => {
                const recorded = keyOutputs(
                    { storeId: "s", partitionId: "p", keyId: k, stringValue: "v" },
                    { keyId: k, valueType: "STRING", stringValue: "v" },
                    SCOPE,
                );
                const declared = normalizeKey({ storeId: "s", partitionId: "p", keyId: respelled(k, flips), stringValue: "v" });
                const d = diffKey(recorded as unknown as Record<string, unknown>, declared);
                expect(d.replaces, `${JSON.stringify(k)} -> ${JSON.stringify(declared.keyId)}`).to.deep.equal([]);
                expect(d.changes).to.equal(false);
            }),
            { seed: SEED, numRuns: RUNS },
        );
    });

    it("a KeyEntries declared with either spelling plans no change against recorded entries spelled the other way", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(keyId, { minLength: 1, maxLength: 6, selector: osv2KeyId }),
                fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
                (ids, flips) => {
                    const recorded = Object.fromEntries(ids.map((k, i) => [k, { numberValue: i }]));
                    const declared = Object.fromEntries(ids.map((k, i) => [respelled(k, flips), { numberValue: i }]));
                    const d = diffEntries(
                        { storeId: "s", partitionId: "p", entries: recorded, entryCount: ids.length, ...SCOPE },
                        { storeId: "s", partitionId: "p", entries: declared },
                    );
                    expect(d.changed).to.deep.equal([]);
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
    });

    it("the resource id round-trips and gives the id as OSv2 spells it; both spellings are one object", () => {
        fc.assert(
            fc.property(
                keyId,
                fc.string({ minLength: 1, maxLength: 6 }).filter((p) => p.trim() !== ""),
                fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
                (k, p, flips) => {
                    expect(parseKeyResourceId(keyResourceId("store/x", p, k))).to.deep.equal({
                        storeId: "store/x",
                        partitionId: p,
                        keyId: osv2KeyId(k),
                    });
                    const registry = new DeclarationRegistry();
                    expect(registry.claim("Key", REGISTRY_SCOPE, ["s", "p", osv2KeyId(k)], "Key 'one'")).to.equal(undefined);
                    expect(registry.claim("Key", REGISTRY_SCOPE, ["s", "p", osv2KeyId(respelled(k, flips))], "KeyEntries 'two'")).to.match(
                        /^Key 'one' and KeyEntries 'two' both declare key /,
                    );
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
    });
});

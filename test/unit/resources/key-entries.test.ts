import { expect } from "chai";
import fc from "fast-check";
import { UNKNOWN } from "../../../provider/resources/markers";
import {
    EntryMap,
    decodeEntries,
    diffEntries,
    encodeEntries,
    storedEntries,
    entryProperty,
    normalizeEntries,
    planEntries,
    sameEntry,
    validateEntries,
} from "../../../provider/resources/key-entries-plan";

const ID = { storeId: "s", partitionId: "p" };
const OUTS = { ...ID, resolvedOrganizationId: "o", resolvedEnvironmentId: "e", resolvedRegion: "us-east-1" };

describe("KeyEntries: validate", () => {
    it("accepts the three value types and names each bad entry by its key id", () => {
        expect(
            validateEntries({ ...ID, entries: { a: { stringValue: "x" }, b: { numberValue: 1.5 }, c: { binaryValue: "3q2+7w==" } } }),
        ).to.deep.equal([]);
        const failures = validateEntries({
            ...ID,
            entries: {
                none: {},
                two: { stringValue: "x", numberValue: 1 },
                "a|b": { stringValue: "x" },
                bad64: { binaryValue: "@@@" },
                typo: { stringvalue: "x" },
                scalar: true,
            },
        });
        const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
        expect(byProperty[entryProperty("none", "stringValue")]).to.match(/entry 'none': a Key needs exactly one value/);
        expect(byProperty[entryProperty("two", "numberValue")]).to.match(/stringValue and numberValue are set/);
        expect(byProperty[entryProperty("a|b")]).to.match(/contains '\|'/);
        expect(byProperty[entryProperty("bad64", "binaryValue")]).to.match(/not valid base64/);
        expect(byProperty[entryProperty("typo", "stringvalue")]).to.match(/unknown input/);
        expect(byProperty[entryProperty("scalar")]).to.match(/must be an object with one of stringValue/);
    });

    it("never shows an entry's value in a message, whatever its shape (only its type and length)", () => {
        const reasons = [
            ...validateEntries({ ...ID, entries: { flag: "plain-secret-value" } }),
            ...validateEntries({ ...ID, entries: ["array-secret-value"] }),
            ...validateEntries({ ...ID, entries: "whole-secret-value" }),
        ].map((f) => f.reason);
        expect(reasons).to.have.length(3);
        for (const reason of reasons) expect(reason).to.not.match(/secret-value/);
        expect(reasons[0]).to.equal(
            "entry 'flag' must be an object with one of stringValue, numberValue, binaryValue; got a string of 18 characters (not shown).",
        );
    });

    it("checks the identity and the shape of entries, and skips unknown values (preview)", () => {
        expect(validateEntries({ storeId: "s", partitionId: "p|q", entries: {} })[0].property).to.equal("partitionId");
        expect(validateEntries({ ...ID, entries: [] })[0].property).to.equal("entries");
        expect(validateEntries({ ...ID, entries: UNKNOWN })).to.deep.equal([]);
        expect(validateEntries({ ...ID, entries: { a: UNKNOWN, b: { stringValue: UNKNOWN } } })).to.deep.equal([]);
        expect(validateEntries({ ...ID, entries: {}, extra: 1 })[0].property).to.equal("extra");
    });
});

describe("KeyEntries: normalize and compare", () => {
    it("puts binary values in canonical base64, so URL-safe and padded forms are the same value", () => {
        const n = normalizeEntries({ ...ID, entries: { b: { binaryValue: "3q2-7w" }, s: { stringValue: "x", numberValue: undefined } } });
        expect(n.entries).to.deep.equal({ b: { binaryValue: "3q2+7w==" }, s: { stringValue: "x" } });
        const stored = normalizeEntries({ ...ID, entries: { b: { binaryValue: "3q2-7w" }, s: "x", n: 0 } });
        expect(stored.entries, "the stored form comes back declared").to.deep.equal({
            b: { binaryValue: "3q2+7w==" },
            s: { stringValue: "x" },
            n: { numberValue: 0 },
        });
        expect(sameEntry({ binaryValue: "3q2-7w" }, { binaryValue: "3q2+7w==" })).to.equal(true);
        expect(sameEntry({ stringValue: "1" }, { numberValue: 1 })).to.equal(false);
        expect(sameEntry({ numberValue: 1 }, { numberValue: 1.0 })).to.equal(true);
    });
});

describe("KeyEntries: the stored entry form", () => {
    it("records a string as itself, a number as itself, binary as { binaryValue }; reads both forms back as declared", () => {
        const declared: EntryMap = { s: { stringValue: "x" }, n: { numberValue: -1.5 }, b: { binaryValue: "AAE=" }, z: { numberValue: 0 } };
        const stored = encodeEntries(declared);
        expect(stored).to.deep.equal({ s: "x", n: -1.5, b: { binaryValue: "AAE=" }, z: 0 });
        expect(decodeEntries(stored)).to.deep.equal(declared);
        expect(decodeEntries(declared), "state written before the stored form").to.deep.equal(declared);
        expect(normalizeEntries({ ...ID, entries: { a: UNKNOWN, b: { stringValue: UNKNOWN } } }).entries, "unknowns stay").to.deep.equal({
            a: UNKNOWN,
            b: { stringValue: UNKNOWN },
        });
        // The dynamic door's conversion of what the core returns: unknowns and malformed entries left as they are.
        expect(
            storedEntries({
                s: { stringValue: "x" },
                n: { numberValue: 2 },
                b: { binaryValue: "AAE=" },
                u: { stringValue: UNKNOWN },
                x: "y",
                bad: {},
            }),
        ).to.deep.equal({ s: "x", n: 2, b: { binaryValue: "AAE=" }, u: UNKNOWN, x: "y", bad: {} });
    });

    it("(property) no diff between a state recorded in either form and the same declaration in either form", () => {
        const value = fc.oneof(
            fc.record({ stringValue: fc.string() }),
            fc.record({ numberValue: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
            fc.record({ binaryValue: fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString("base64")) }),
        );
        const map = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), value, { maxKeys: 12 });
        fc.assert(
            fc.property(map, fc.boolean(), fc.boolean(), (entries, oldStored, newStored) => {
                const recorded = oldStored ? encodeEntries(entries) : entries;
                const declared = newStored ? encodeEntries(entries) : entries;
                const d = diffEntries({ ...OUTS, entries: recorded }, { ...ID, entries: declared });
                expect(d.changes, JSON.stringify({ recorded, declared })).to.equal(false);
            }),
        );
    });

    it("shows a changed value, a type switch and a removed key as changes of entries[...]", () => {
        const recorded = encodeEntries({ a: { stringValue: "1" }, b: { stringValue: "x" }, c: { numberValue: 3 } });
        const d = diffEntries({ ...OUTS, entries: recorded }, { ...ID, entries: { a: { numberValue: 1 }, b: { stringValue: "y" } } });
        expect(d.changed).to.deep.equal([entryProperty("a"), entryProperty("b"), entryProperty("c")]);
    });
});

describe("KeyEntries: plan (per-key)", () => {
    it("creates added keys, overwrites changed keys, deletes removed keys, and never sends unchanged keys", () => {
        const prev: EntryMap = { same: { stringValue: "a" }, changed: { stringValue: "a" }, gone: { numberValue: 1 } };
        const next: EntryMap = { same: { stringValue: "a" }, changed: { stringValue: "b" }, added: { numberValue: 2 } };
        expect(planEntries(prev, next)).to.deep.equal({ create: ["added"], update: ["changed"], remove: ["gone"], unchanged: 1 });
    });

    it("(property) every key is in exactly one bucket, and a plan to the same map is empty", () => {
        const value = fc.oneof(fc.record({ stringValue: fc.string() }), fc.record({ numberValue: fc.integer() }));
        const map = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), value, { maxKeys: 12 });
        fc.assert(
            fc.property(map, map, (prev, next) => {
                const plan = planEntries(prev, next);
                const all = new Set([...Object.keys(prev), ...Object.keys(next)]);
                expect(plan.create.length + plan.update.length + plan.remove.length + plan.unchanged).to.equal(all.size);
                expect(planEntries(next, next)).to.deep.equal({ create: [], update: [], remove: [], unchanged: Object.keys(next).length });
            }),
        );
    });
});

describe("KeyEntries: diff", () => {
    it('reports each changed key as entries["<keyId>"] and identity changes as replacements', () => {
        const olds = { ...OUTS, entries: { k1: { stringValue: "a" }, k2: { numberValue: 1 } }, entryCount: 2 };
        expect(diffEntries(olds, { ...ID, entries: { k1: { stringValue: "a" }, k2: { numberValue: 1 } } })).to.deep.equal({
            changes: false,
            replaces: [],
            changed: [],
        });
        expect(diffEntries(olds, { ...ID, entries: { k1: { stringValue: "b" }, k3: { numberValue: 1 } } }).changed).to.deep.equal([
            'entries["k1"]',
            'entries["k2"]',
            'entries["k3"]',
        ]);
        expect(diffEntries(olds, { ...ID, partitionId: "other", entries: olds.entries }))
            .to.include({ changes: true })
            .and.deep.include({ replaces: ["partitionId"] });
        expect(diffEntries(olds, { ...ID, entries: UNKNOWN })).to.deep.include({ changes: true, changed: ["entries"] });
        expect(diffEntries(olds, { ...ID, entries: { k1: { stringValue: UNKNOWN }, k2: { numberValue: 1 } } }).changed).to.deep.equal([
            'entries["k1"]',
        ]);
    });
});

import { expect } from "chai";
import fc from "fast-check";
import {
    HASH_CHARS,
    IdentifierPool,
    assignSegments,
    identifierFor,
    nameSegment,
    readablePart,
    storeStem,
} from "../../../provider/import/names";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

describe("import: resource names", () => {
    it("keeps ids made of letters, digits, '.', '_' and '-' as they are", () => {
        expect(nameSegment("APP_orders-api__defaultPersistentObjectStore")).to.equal("APP_orders-api__defaultPersistentObjectStore");
        expect(nameSegment("order-00001")).to.equal("order-00001");
        expect(nameSegment("dots.and..more")).to.equal("dots.and..more");
    });

    it("gives other ids a readable ASCII part and a hash of the id", () => {
        expect(nameSegment("a b")).to.match(new RegExp(`^a-b~[0-9a-f]{${HASH_CHARS}}$`));
        expect(nameSegment("warehouse/eu")).to.match(/^warehouse-eu~[0-9a-f]{8}$/);
        expect(nameSegment("räksmörgås")).to.match(/^raksmorgas~[0-9a-f]{8}$/);
        expect(nameSegment("日本語キー")).to.match(/^id~[0-9a-f]{8}$/);
        expect(nameSegment("x".repeat(100))).to.match(/^x{60}~[0-9a-f]{8}$/); // too long to keep
        expect(readablePart("  emoji 🎉 ")).to.equal("emoji");
    });

    it("ids that only differ in punctuation get different names", () => {
        const ids = ["a-b", "a/b", "a:b", "a+b", "a b", "ä-b", "A_B"];
        const names = [...assignSegments(ids).values()];
        expect(new Set(names).size).to.equal(ids.length);
        expect(assignSegments(ids).get("a-b")).to.equal("a-b");
    });

    it("a name depends only on its id: the same in any estate, in any order (property)", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 30 }),
                (ids) => {
                    const names = assignSegments(ids);
                    const reversed = assignSegments([...ids].reverse());
                    const alone = assignSegments([ids[0]]);
                    expect(reversed.get(ids[0])).to.equal(names.get(ids[0]));
                    expect(alone.get(ids[0])).to.equal(names.get(ids[0]));
                    expect(new Set(names.values()).size).to.equal(ids.length);
                    for (const n of names.values()) expect(n).to.match(/^[A-Za-z0-9._~-]+$/);
                },
            ),
        );
    });

    it("segments never contain '/', so store/partition/key names cannot collide across levels", () => {
        fc.assert(fc.property(fc.string({ unit: "binary" }), (id) => !nameSegment(id).includes("/")));
    });
});

describe("import: TypeScript identifiers", () => {
    it("are camelCase, drop the Mule application store decoration, and avoid reserved words", () => {
        expect(identifierFor([storeStem("APP_orders-api__defaultPersistentObjectStore")], "Store")).to.equal("ordersApiStore");
        expect(identifierFor([storeStem("APP_payments__cache"), "config"], "Partition")).to.equal("paymentsCacheConfigPartition");
        expect(identifierFor(["123 go"], "Store")).to.equal("_123GoStore");
        expect(identifierFor(["日本"], "Store")).to.equal("store");
        expect(storeStem("APP___defaultPersistentObjectStore")).to.equal("APP___defaultPersistentObjectStore"); // nothing left: kept whole
    });

    it("are valid and unique for any ids (property)", () => {
        fc.assert(
            fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { maxLength: 20 }), (ids) => {
                const pool = new IdentifierPool();
                const idents = ids.map((id) => pool.take(identifierFor([id], "Store")));
                expect(new Set(idents).size).to.equal(ids.length);
                for (const i of idents) expect(i).to.match(IDENTIFIER);
            }),
        );
    });

    it("never hands out the names the generated program itself uses", () => {
        const pool = new IdentifierPool();
        expect(pool.take("scope")).to.not.equal("scope");
        expect(pool.take("options")).to.not.equal("options");
        expect(pool.take("ordersStore")).to.equal("ordersStore");
        expect(pool.take("ordersStore")).to.equal("ordersStore2");
    });
});

import { expect } from "chai";
import { diffPartition, partitionInputsFromOutputs, partitionOutputs, validatePartition } from "../../../provider/resources/partition";
import { diffDeclared, sameValue } from "../../../provider/resources/declared-diff";
import { UNKNOWN } from "../../../provider/resources/markers";

const SCOPE = { resolvedOrganizationId: "o", resolvedEnvironmentId: "e", resolvedRegion: "us-east-1" };

describe("Partition: validate and diff", () => {
    it("validates both ids", () => {
        expect(validatePartition({ storeId: "s", partitionId: "p" })).to.deep.equal([]);
        expect(validatePartition({ storeId: "s", partitionId: "" })[0]).to.include({ property: "partitionId" });
        expect(validatePartition({ storeId: "s" })[0]).to.include({ property: "partitionId" });
    });

    it("replaces on any identity change and ignores the exists flag", () => {
        for (const exists of [true, false]) {
            const outs = partitionOutputs({ storeId: "s", partitionId: "p" }, SCOPE, exists);
            expect(diffPartition(outs as any, { storeId: "s", partitionId: "p" }).changes).to.equal(false);
            expect(diffPartition(outs as any, { storeId: "s", partitionId: "p", exists: !exists } as any).changes).to.equal(false);
        }
        const outs = partitionOutputs({ storeId: "s", partitionId: "p" }, SCOPE, true);
        expect(diffPartition(outs as any, { storeId: "s", partitionId: "q" }).replaces).to.deep.equal(["partitionId"]);
        expect(diffPartition(outs as any, { storeId: "s", partitionId: "p", environmentId: "e2" }).replaces).to.deep.equal([
            "environmentId",
        ]);
        expect(partitionInputsFromOutputs(outs)).to.deep.equal({ storeId: "s", partitionId: "p" });
    });
});

describe("common: diffDeclared and sameValue", () => {
    it("compares only declared fields", () => {
        expect(diffDeclared({ a: 1, b: 2 }, { a: 1 }, { replaceFields: [], settingFields: ["a", "b"] }).changes).to.equal(false);
        expect(diffDeclared({ a: 1 }, { a: 1, b: 2 }, { replaceFields: ["b"], settingFields: ["a"] })).to.deep.equal({
            changes: true,
            replaces: ["b"],
            changed: ["b"],
        });
    });

    it("reports a setting removed from the program as a change, and an identity or scope removal as none", () => {
        const spec = { replaceFields: ["id", "region"], settingFields: ["a", "b"] };
        const olds = { id: "x", a: 5, b: 6, resolvedRegion: "us-east-1" };
        expect(diffDeclared(olds, { id: "x", a: 5 }, spec, ["a", "b"]).changed).to.deep.equal(["b"]);
        expect(diffDeclared(olds, { id: "x", a: 5 }, spec, ["a"]).changes).to.equal(false);
        expect(diffDeclared(olds, { id: "x" }, spec, ["a"])).to.deep.equal({ changes: true, replaces: [], changed: ["a"] });
    });

    it("compares a scope override with the resolved scope the object lives in", () => {
        const spec = { replaceFields: ["organizationId", "environmentId", "region"], settingFields: [] };
        const olds = { ...SCOPE };
        expect(diffDeclared(olds, { region: "us-east-1", organizationId: "o", environmentId: "e" }, spec).changes).to.equal(false);
        expect(diffDeclared(olds, { environmentId: "e2" }, spec).replaces).to.deep.equal(["environmentId"]);
        expect(diffDeclared({ ...olds, region: "eu-west-1", resolvedRegion: "eu-west-1" }, { region: "eu-west-1" }, spec).changes).to.equal(
            false,
        );
    });

    it("treats a value unknown at any depth as a change", () => {
        const spec = { replaceFields: [], settingFields: ["limits"] };
        expect(diffDeclared({ limits: { max: 1 } }, { limits: { max: UNKNOWN } }, spec).changed).to.deep.equal(["limits"]);
    });

    it("treats undefined members as absent in objects", () => {
        expect(sameValue({ a: 1, b: undefined }, { a: 1 })).to.equal(true);
        expect(sameValue({ a: 1 }, { a: 2 })).to.equal(false);
        expect(sameValue([1, 2], [1, 2])).to.equal(true);
    });
});

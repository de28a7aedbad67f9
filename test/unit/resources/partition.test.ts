import { expect } from "chai";
import { diffPartition, partitionInputsFromOutputs, partitionOutputs, validatePartition } from "../../../provider/resources/partition";
import { diffDeclared, sameValue } from "../../../provider/resources/common";

const SCOPE = { resolvedOrganizationId: "o", resolvedEnvironmentId: "e", resolvedRegion: "us-east-1" };

describe("Partition: validate and diff", () => {
    it("validates both ids", () => {
        expect(validatePartition({ storeId: "s", partitionId: "p" })).to.deep.equal([]);
        expect(validatePartition({ storeId: "s", partitionId: "" })[0]).to.include({ property: "partitionId" });
        expect(validatePartition({ storeId: "s" })[0]).to.include({ property: "partitionId" });
    });

    it("replaces on any identity change and ignores the exists flag", () => {
        const outs = partitionOutputs({ storeId: "s", partitionId: "p" }, SCOPE, true);
        expect(diffPartition(outs as any, { storeId: "s", partitionId: "p" }).changes).to.equal(false);
        expect(diffPartition(outs as any, { storeId: "s", partitionId: "q" }).replaces).to.deep.equal(["partitionId"]);
        expect(diffPartition(outs as any, { storeId: "s", partitionId: "p", environmentId: "e2" }).replaces).to.deep.equal(["environmentId"]);
        expect(partitionInputsFromOutputs(outs)).to.deep.equal({ storeId: "s", partitionId: "p" });
    });
});

describe("common: diffDeclared and sameValue", () => {
    it("compares only declared fields", () => {
        expect(diffDeclared({ a: 1, b: 2 }, { a: 1 }, ["a", "b"], []).changes).to.equal(false);
        expect(diffDeclared({ a: 1 }, { a: 1, b: 2 }, ["a", "b"], ["b"])).to.deep.equal({ changes: true, replaces: ["b"], changed: ["b"] });
    });

    it("treats undefined members as absent in objects", () => {
        expect(sameValue({ a: 1, b: undefined }, { a: 1 })).to.equal(true);
        expect(sameValue({ a: 1 }, { a: 2 })).to.equal(false);
        expect(sameValue([1, 2], [1, 2])).to.equal(true);
    });
});

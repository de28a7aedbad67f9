import { expect } from "chai";
import { engineLog, inDynamicProviderHost } from "../../../provider/dynamic/engine-log";
import { operationLabel } from "../../../provider/dynamic/labels";
import { UNKNOWN } from "../../../provider/resources/common";

describe("dynamic door: what an operation's messages name, and where they go", () => {
    it("names the object by its ids, as the user declared it, never by a value", () => {
        expect(operationLabel("store", { storeId: "sessions", defaultTtlSeconds: 60 })).to.equal("Store 'sessions'");
        expect(operationLabel("partition", { storeId: "sessions", partitionId: "flags" })).to.equal(
            "Partition 'flags' in store 'sessions'",
        );
        expect(
            operationLabel("key", { storeId: "sessions", partitionId: "flags", keyId: "new-checkout", stringValue: "secret-on" }),
        ).to.equal("Key 'flags/new-checkout' in store 'sessions'");
        expect(operationLabel("keyEntries", { storeId: "sessions", partitionId: "flags", entries: { a: { stringValue: "x" } } })).to.equal(
            "KeyEntries of partition 'flags' in store 'sessions'",
        );
    });

    it("leaves out ids that are unknown (preview) or missing", () => {
        expect(operationLabel("key", { storeId: UNKNOWN, partitionId: "flags", keyId: "k" })).to.equal("Key 'flags/k'");
        expect(operationLabel("store", undefined)).to.equal("Store");
        expect(operationLabel("keyEntries", { storeId: "s" })).to.equal("KeyEntries in store 's'");
    });

    it("outside Pulumi's dynamic provider host the engine log does nothing (and does not throw)", () => {
        expect(inDynamicProviderHost()).to.equal(false);
        expect(() => engineLog("warning", "not delivered")).to.not.throw();
    });
});

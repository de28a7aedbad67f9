import { expect } from "chai";
import { engineLog, inDynamicProviderHost } from "../../../provider/dynamic/engine-log";
import { operationLabel } from "../../../provider/resources/labels";
import { UNKNOWN } from "../../../provider/resources/markers";

describe("operations: what their messages name, and where the dynamic door sends them", () => {
    it("names the object by its ids, as the user declared it, never by a value", () => {
        expect(operationLabel("Store", { storeId: "sessions", defaultTtlSeconds: 60 })).to.equal("Store 'sessions'");
        expect(operationLabel("Partition", { storeId: "sessions", partitionId: "flags" })).to.equal(
            "Partition 'flags' in store 'sessions'",
        );
        expect(
            operationLabel("Key", { storeId: "sessions", partitionId: "flags", keyId: "new-checkout", stringValue: "secret-on" }),
        ).to.equal("Key 'flags/new-checkout' in store 'sessions'");
        expect(operationLabel("KeyEntries", { storeId: "sessions", partitionId: "flags", entries: { a: { stringValue: "x" } } })).to.equal(
            "KeyEntries of partition 'flags' in store 'sessions'",
        );
    });

    it("leaves out ids that are unknown (preview) or missing", () => {
        expect(operationLabel("Key", { storeId: UNKNOWN, partitionId: "flags", keyId: "k" })).to.equal("Key 'flags/k'");
        expect(operationLabel("Store", undefined)).to.equal("Store");
        expect(operationLabel("KeyEntries", { storeId: "s" })).to.equal("KeyEntries in store 's'");
    });

    it("outside Pulumi's dynamic provider host the engine log does nothing (and does not throw)", () => {
        expect(inDynamicProviderHost()).to.equal(false);
        expect(() => engineLog("warning", "not delivered")).to.not.throw();
    });
});

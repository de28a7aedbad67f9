/**
 * Messages that show program code say it in the door's language: TypeScript for the dynamic
 * resources (`adopt: true`, `store.storeId`), words that fit YAML, Go, Python and TypeScript for the
 * `anypoint` plugin, which cannot know its program's language.
 */
import { expect } from "chai";
import { keyEntriesImportMessage } from "../../../provider/resources/key-entries";
import { validateKey } from "../../../provider/resources/key-model";
import { alreadyExistsMessage } from "../../../provider/resources/ownership";
import { partitionExistsMessage } from "../../../provider/resources/partition";
import type { FrontDoor } from "../../../provider/resources/context";

const SCOPE = { resolvedOrganizationId: "org", resolvedEnvironmentId: "env", resolvedRegion: "us-east-1" };

/** Every message of the core that shows program code, for `door`. */
function messages(door: FrontDoor): string[] {
    return [
        alreadyExistsMessage(
            {
                kind: "Store",
                ids: ["s"],
                scope: SCOPE,
                resource: "Store",
                importId: "s",
                adoptEffect: "its declared settings are applied",
                destroyEffect: "deletes it",
            },
            door,
        ),
        partitionExistsMessage({ storeId: "s", partitionId: "p" }, SCOPE, door),
        keyEntriesImportMessage("s/p", door),
    ];
}

/** TypeScript in a message: an object literal member, a property access in backquotes, a Node.js API. */
const TYPESCRIPT = /`\w+: [^`]+`|`\w+\.\w+`|Buffer\.|new [A-Z]\w*\(/;

describe("messages per front door", () => {
    it("the plugin's messages show no TypeScript; they name inputs and outputs as every language's SDK does", () => {
        const [exists, partition, keyEntries] = messages("plugin");
        for (const m of messages("plugin")) expect(m).to.not.match(TYPESCRIPT);
        expect(exists).to.include("set `adopt` to true on the Store (its declared settings are applied), or import it");
        expect(partition).to.include("pass the Partition's `partitionId` output as their partitionId");
        expect(keyEntries).to.include("declare the KeyEntries with those entries and `adopt` set to true");
        expect(keyEntries).to.include("write a TypeScript program that declares them");
    });

    it("the TypeScript resources' messages show TypeScript", () => {
        const [exists, partition, keyEntries] = messages("dynamic");
        expect(exists).to.include("set `adopt: true` on the Store");
        expect(partition).to.include("pass `partition.partitionId` as their partitionId");
        expect(keyEntries).to.include("declare the KeyEntries with those entries and `adopt: true`");
    });

    it("the base64 advice is the same in both doors and names no language", () => {
        const [failure] = validateKey({ storeId: "s", partitionId: "p", keyId: "k", binaryValue: "not base64!" });
        expect(failure.reason).to.match(/is not valid base64: give the bytes base64-encoded \(RFC 4648/);
        expect(failure.reason).to.not.match(TYPESCRIPT);
    });
});

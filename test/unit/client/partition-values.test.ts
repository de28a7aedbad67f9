import { expect } from "chai";
import { VALUE_PAGE_SIZE, ValueListingSupport, servesValues, storedKeyId } from "../../../provider/client/partition-values";
import type { PartitionValueItem } from "../../../provider/client/types";
import { decodePage, decodePartitionValue } from "../../../provider/client/wire";

const page = (values: unknown[], nextPageToken: string | null = null) => decodePage({ values, nextPageToken }, decodePartitionValue);

describe("partition value listing: decoding and the 'serves values' check", () => {
    it("decodes items as far as they go: key, index and a value only when valueType has its field", () => {
        expect(decodePartitionValue({ index: 3, keyId: "k", valueType: "STRING", stringValue: "v", metadata: "m" })).to.deep.equal({
            keyId: "k",
            index: 3,
            value: { valueType: "STRING", stringValue: "v", metadata: "m" },
        });
        expect(decodePartitionValue({ keyId: "n", numberValue: 1.5 })).to.deep.equal({
            keyId: "n",
            value: { valueType: "NUMBER", numberValue: 1.5 },
        });
        expect(decodePartitionValue({ index: 0, keyId: "k" }), "keys only").to.deep.equal({ index: 0, keyId: "k" });
        expect(decodePartitionValue({ keyId: "k", valueType: "STRING" }), "valueType without its field").to.deep.equal({ keyId: "k" });
        expect(decodePartitionValue({ keyId: "k", valueType: "NUMBER", numberValue: "x" }), "not a number").to.deep.equal({ keyId: "k" });
        expect(decodePartitionValue("bare-id")).to.deep.equal({ keyId: "bare-id" });
        expect(decodePartitionValue(null)).to.equal(undefined);
        expect(() => page([1])).to.throw(/unexpected list item/);
    });

    it("serves values only when every item names its key and carries its value, within the page size asked", () => {
        const full: PartitionValueItem[] = [
            { keyId: "a", value: { valueType: "STRING", stringValue: "x" } },
            { keyId: "b", value: { valueType: "BINARY", binaryValue: "AAE=" } },
        ];
        expect(servesValues({ values: full, nextPageToken: "t" }, 25)).to.deep.equal({ serves: true });
        expect(servesValues({ values: [], nextPageToken: null }, 25), "an empty partition").to.deep.equal({ serves: true });
        // The developer portal's example: values, no keyId.
        const portal = page([
            { index: 33, metadata: "", stringValue: "Somewhere in La Mancha", valueType: "STRING" },
            { index: 34, metadata: "", stringValue: "It was the best of times", valueType: "STRING" },
        ]);
        expect(servesValues(portal, 25)).to.deep.equal({ serves: false, reason: "item 0 of a page names no keyId" });
        const keysOnly = page([{ index: 0, keyId: "a" }]);
        expect(servesValues(keysOnly, 25)).to.deep.include({ serves: false });
        expect((servesValues(keysOnly, 25) as { reason: string }).reason).to.match(/carries no value/);
        const tooMany = { values: Array.from({ length: 26 }, () => full[0]), nextPageToken: null };
        expect(servesValues(tooMany, VALUE_PAGE_SIZE)).to.deep.equal({
            serves: false,
            reason: "a page held 26 items where pageSize=25 was asked",
        });
    });

    it("names keys as OSv2 stores them: spaces become '+'", () => {
        expect(storedKeyId("retry count")).to.equal("retry+count");
        expect(storedKeyId("a+b")).to.equal("a+b");
    });

    it("remembers an endpoint that does not serve values and says so once", () => {
        const lines: string[] = [];
        const support = new ValueListingSupport((m) => lines.push(m));
        expect(support.notServed("https://os.example")).to.equal(undefined);
        support.markNotServed("https://os.example", "item 0 of a page names no keyId");
        support.markNotServed("https://os.example", "again");
        support.markNotServed("http://127.0.0.1:8090", "HTTP 400");
        expect(support.notServed("https://os.example")).to.equal("item 0 of a page names no keyId");
        expect(lines).to.have.length(2);
        expect(lines[0]).to.match(/^pulumi-anypoint-objectstore: https:\/\/os\.example does not serve values in its partition listing/);
        expect(lines[0]).to.match(/one GET each/);
    });
});

import { expect } from "chai";
import fc from "fast-check";
import {
    canonicalBase64,
    diffKey,
    keyInputsFromOutputs,
    keyOutputs,
    keyValueFrom,
    normalizeKey,
    validateKey,
    valueSizeBase64Bytes,
} from "../../../provider/resources/key";
import { MAX_VALUE_BASE64_BYTES } from "../../../provider/limits";
import { UNKNOWN } from "../../../provider/resources/markers";

const SCOPE = { resolvedOrganizationId: "o", resolvedEnvironmentId: "e", resolvedRegion: "us-east-1" };
const ID = { storeId: "s", partitionId: "p", keyId: "k" };

describe("Key: validate", () => {
    it("needs exactly one value", () => {
        expect(validateKey({ ...ID, stringValue: "v" })).to.deep.equal([]);
        expect(validateKey({ ...ID })[0].reason).to.match(/exactly one value: set stringValue, numberValue or binaryValue/);
        expect(validateKey({ ...ID, stringValue: "v", numberValue: 1 })[0].reason).to.match(/stringValue and numberValue are set/);
        expect(validateKey({ ...ID, stringValue: UNKNOWN })).to.deep.equal([]);
    });

    it("enforces the key limits: 1024 bytes of UTF-8 and no '|'", () => {
        expect(validateKey({ ...ID, keyId: "é".repeat(512), stringValue: "v" })).to.deep.equal([]);
        expect(validateKey({ ...ID, keyId: "é".repeat(513), stringValue: "v" })[0].reason).to.match(
            /1026 bytes of UTF-8; OSv2 allows at most 1024/,
        );
        expect(validateKey({ ...ID, keyId: "a|b", stringValue: "v" })[0]).to.include({ property: "keyId" });
    });

    it("rejects non-finite numbers, bad base64 and values over 10 MB measured as base64", () => {
        expect(validateKey({ ...ID, numberValue: Number.POSITIVE_INFINITY })[0]).to.include({ property: "numberValue" });
        expect(validateKey({ ...ID, binaryValue: "not base64!" })[0].reason).to.match(/not valid base64/);
        const justOver = "x".repeat((MAX_VALUE_BASE64_BYTES / 4) * 3 + 1);
        expect(validateKey({ ...ID, stringValue: justOver })[0].reason).to.match(/10485764 bytes as base64; OSv2 allows at most 10485760/);
        expect(validateKey({ ...ID, stringValue: justOver.slice(1) })).to.deep.equal([]);
    });
});

describe("Key: base64 and diff", () => {
    it("canonicalizes every base64 form of the same bytes to one string", () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
                const std = Buffer.from(bytes).toString("base64");
                const url = Buffer.from(bytes).toString("base64url");
                expect(canonicalBase64(std)).to.equal(std);
                expect(canonicalBase64(url)).to.equal(std);
                expect(canonicalBase64(std.replace(/=+$/, ""))).to.equal(std);
                expect(valueSizeBase64Bytes({ binaryValue: std })).to.equal(std.length);
            }),
        );
    });

    it("shows no diff for another base64 form of the same bytes, or for a number the service spells as a string", () => {
        const bytes = Buffer.from([0xfb, 0xff, 0xfe]);
        const outs = keyOutputs(
            { ...ID, binaryValue: bytes.toString("base64") },
            { keyId: "k", valueType: "BINARY", binaryValue: bytes.toString("base64url") },
            SCOPE,
        );
        expect(outs.binaryValue).to.equal("+//+");
        expect(diffKey(outs as any, { ...ID, binaryValue: bytes.toString("base64url") }).changes).to.equal(false);
        expect(diffKey(outs as any, { ...ID, binaryValue: "+//+\n" }).changes).to.equal(false);
        expect(diffKey(outs as any, { ...ID, binaryValue: "+//8" }).changes).to.equal(true);
        const num = keyOutputs(
            { ...ID, numberValue: 100 },
            { keyId: "k", valueType: "NUMBER", numberValue: "1e2" as unknown as number },
            SCOPE,
        );
        expect(num.numberValue).to.equal(100);
        expect(diffKey(num as any, { ...ID, numberValue: 100 }).changes).to.equal(false);
    });

    it("checks a full-size binaryValue in one linear pass and reports the size limit for a larger one", () => {
        const sevenMb = Buffer.alloc(7 * 1024 * 1024, 0xab).toString("base64");
        expect(validateKey({ ...ID, binaryValue: sevenMb })).to.deep.equal([]);
        expect(canonicalBase64(sevenMb)).to.equal(sevenMb);
        const eightMbOfBytes = Buffer.alloc(8 * 1024 * 1024, 0xab).toString("base64");
        const [failure] = validateKey({ ...ID, binaryValue: eightMbOfBytes });
        expect(failure.reason).to.match(/^binaryValue is 11184812 bytes as base64; OSv2 allows at most 10485760 bytes/);
        const notBase64 = sevenMb.slice(0, 1000) + "*" + sevenMb.slice(1000);
        const [bad] = validateKey({ ...ID, binaryValue: notBase64 });
        expect(bad.reason).to.match(/^binaryValue \(a string of \d+ characters \(not shown\)\) is not valid base64/);
        expect(bad.reason.length).to.be.below(300);
    });

    it("names NaN and Infinity, and never shows a string value in a message", () => {
        expect(validateKey({ ...ID, numberValue: NaN })[0].reason).to.match(/numberValue must be a finite number .*got NaN/);
        expect(validateKey({ ...ID, numberValue: Infinity })[0].reason).to.match(/got Infinity/);
        const [failure] = validateKey({ ...ID, stringValue: "s3cr3t-value", numberValue: 1 });
        expect(failure.reason).to.not.include("s3cr3t");
        expect(validateKey({ ...ID, stringValue: 42 })[0].reason).to.not.include("42");
    });

    it("updates the value in place, replaces on identity, and sees a value-type change", () => {
        const outs = keyOutputs({ ...ID, stringValue: "a" }, { keyId: "k", valueType: "STRING", stringValue: "a" }, SCOPE);
        expect(diffKey(outs as any, { ...ID, stringValue: "b" })).to.deep.equal({ changes: true, replaces: [], changed: ["stringValue"] });
        expect(diffKey(outs as any, { ...ID, numberValue: 3 }).changed).to.deep.equal(["stringValue", "numberValue"]);
        expect(diffKey(outs as any, { ...ID, keyId: "k2", stringValue: "a" }).replaces).to.deep.equal(["keyId"]);
        expect(diffKey(outs as any, { ...ID, partitionId: "p2", stringValue: "a" }).replaces).to.deep.equal(["partitionId"]);
    });

    it("maps inputs to the PUT body and live values back to inputs", () => {
        expect(keyValueFrom({ ...ID, numberValue: 0 })).to.deep.equal({ valueType: "NUMBER", numberValue: 0 });
        expect(normalizeKey({ ...ID, binaryValue: "-_8" })).to.deep.equal({ ...ID, binaryValue: "+/8=" });
        const outs = keyOutputs({ ...ID, stringValue: "declared" }, { keyId: "k", valueType: "NUMBER", numberValue: 7 }, SCOPE);
        expect(outs).to.include({ valueType: "NUMBER", numberValue: 7 });
        expect(outs.stringValue).to.equal(undefined);
        expect(keyInputsFromOutputs(outs)).to.deep.equal({ ...ID, numberValue: 7 });
    });
});

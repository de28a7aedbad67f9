/**
 * The bad inputs of test/e2e/bad-inputs.test.ts: each declares one bad resource, lookup or setting.
 * Shared by the test and by the program it runs (test/e2e/programs/bad-input.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, Partition, Store, getKeys, getKeyValue, getStores } from "../../provider";

/** A secret the program passes in; it must never be printed. */
export const SECRET = "s3cr3t-seed-value-0xC0FFEE";
const BIG_BASE64 = Buffer.alloc(8 * 1024 * 1024, 0x5a).toString("base64"); // 11,184,812 bytes as base64

export interface BadInput {
    name: string;
    /** Declares the bad resource (or lookup) in the program. */
    program: () => unknown;
    /** The message: it must name the field, the value or its size, the limit and the fix. */
    message: RegExp;
    /** Stack config set for this case only. */
    config?: Record<string, string>;
    /** Run on the stack whose environment lacks the connected app's secret. */
    noSecretEnv?: boolean;
}

const S = (extra: Record<string, unknown>) => () => new Store("bad", { storeId: "ok-store", ...extra } as any);
const P = (extra: Record<string, unknown>) => () => new Partition("bad", { storeId: "ok-store", partitionId: "ok", ...extra } as any);
const K = (extra: Record<string, unknown>) => () =>
    new Key("bad", { storeId: "ok-store", partitionId: "ok", keyId: "ok", ...extra } as any);
const KV = (value: Record<string, unknown>) => () =>
    new Key("bad", { storeId: "ok-store", partitionId: "ok", keyId: "ok", ...value } as any);

export const BAD_INPUTS: BadInput[] = [
    // Store ids
    {
        name: "storeId empty",
        program: S({ storeId: "" }),
        message: /storeId must not be empty or blank; got "". Set it to a non-blank id\./,
    },
    { name: "storeId blank", program: S({ storeId: "   " }), message: /storeId must not be empty or blank; got " {3}"/ },
    {
        name: "storeId too long",
        program: S({ storeId: "s".repeat(300) }),
        message: /storeId 's{40}…' has 300 characters; OSv2 allows at most 256\. Use a shorter id\./,
    },
    {
        name: "storeId with |",
        program: S({ storeId: "a|b" }),
        message: /storeId 'a\|b' contains '\|', which OSv2 does not support .*Use another separator/,
    },
    {
        name: "storeId with NUL",
        program: S({ storeId: "a\u0000b" }),
        message: /storeId "a\\u0000b" contains a control character .*Remove it\./,
    },
    { name: "storeId wrong type", program: S({ storeId: 42 }), message: /storeId is required and must be a string; got number 42\./ },
    // Store TTLs
    {
        name: "TTL negative",
        program: S({ defaultTtlSeconds: -5 }),
        message: /defaultTtlSeconds must be at least 1 second; got -5\. .*declare 2592000/,
    },
    { name: "TTL zero", program: S({ defaultTtlSeconds: 0 }), message: /defaultTtlSeconds must be at least 1 second; got 0\./ },
    {
        name: "TTL fractional",
        program: S({ defaultTtlSeconds: 1.5 }),
        message: /defaultTtlSeconds must be a whole number of seconds; got 1\.5\./,
    },
    { name: "TTL NaN", program: S({ defaultTtlSeconds: NaN }), message: /defaultTtlSeconds must be a number of seconds; got NaN\./ },
    {
        name: "TTL Infinity",
        program: S({ defaultTtlSeconds: Infinity }),
        message: /defaultTtlSeconds must be a number of seconds; got Infinity\./,
    },
    {
        name: "TTL string",
        program: S({ defaultTtlSeconds: "3600" }),
        message: /defaultTtlSeconds must be a number of seconds; got string "3600"\./,
    },
    {
        name: "confirmation TTL above the maximum",
        program: S({ defaultConfirmationTtlSeconds: 2_592_001 }),
        message: /defaultConfirmationTtlSeconds must be at most 2592000 \(30 days\); got 2592001\./,
    },
    { name: "persistent not boolean", program: S({ persistent: "yes" }), message: /persistent must be true or false; got string "yes"\./ },
    // Store usage limits
    {
        name: "usageLimits empty",
        program: S({ usageLimits: {} }),
        message: /usageLimits needs maxKeys, maxSizeBytes or both; omit usageLimits for a store without limits\./,
    },
    {
        name: "usageLimits maxKeys zero",
        program: S({ usageLimits: { maxKeys: 0 } }),
        message: /usageLimits\.maxKeys must be at least 1; got 0\. Omit it for no key limit\./,
    },
    {
        name: "usageLimits maxKeys fractional",
        program: S({ usageLimits: { maxKeys: 2.5 } }),
        message: /usageLimits\.maxKeys must be a whole number of keys; got 2\.5\./,
    },
    {
        name: "usageLimits enforcement unknown",
        program: S({ usageLimits: { maxKeys: 5, enforcement: "EVICT" } }),
        message: /usageLimits\.enforcement must be "REJECT" or "WARN"; got string "EVICT"\./,
    },
    {
        name: "usageLimits unknown member",
        program: S({ usageLimits: { maxKeys: 5, maxBytes: 9 } }),
        message: /unknown input 'usageLimits\.maxBytes': check its spelling/,
    },
    {
        name: "Store unknown property",
        program: S({ defaultTTLSeconds: 60 }),
        message: /unknown input 'defaultTTLSeconds': check its spelling/,
    },
    // Scope
    {
        name: "region not a region id",
        program: S({ region: "Mars" }),
        message: /region 'Mars' is not an OSv2 region id; use one such as us-east-1/,
    },
    {
        name: "organizationId empty",
        program: S({ organizationId: "" }),
        message: /organizationId must not be empty when set: give the organization \(business group\) id, or leave organizationId out/,
    },
    // Partition
    { name: "partitionId empty", program: P({ partitionId: "" }), message: /partitionId must not be empty or blank/ },
    {
        name: "partitionId too long",
        program: P({ partitionId: "ü".repeat(600) }),
        message: /partitionId 'ü{40}…' is 1200 bytes of UTF-8; OSv2 allows at most 1024 bytes\. Use a shorter id\./,
    },
    { name: "partitionId with |", program: P({ partitionId: "x|y" }), message: /partitionId 'x\|y' contains '\|'/ },
    {
        name: "Partition without storeId",
        program: P({ storeId: undefined }),
        message: /storeId is required and must be a string; got nothing\./,
    },
    // Key ids
    { name: "keyId empty", program: K({ keyId: "", stringValue: "v" }), message: /keyId must not be empty or blank/ },
    {
        name: "keyId with newline",
        program: K({ keyId: "line\nbreak", stringValue: "v" }),
        message: /keyId "line\\nbreak" contains a control character/,
    },
    {
        name: "keyId too long",
        program: K({ keyId: "k".repeat(2000), stringValue: "v" }),
        message: /keyId 'k{40}…' has|keyId 'k{40}…' is 2000 bytes of UTF-8; OSv2 allows at most 1024 bytes/,
    },
    {
        name: "keyId wrong type",
        program: K({ keyId: ["k"], stringValue: "v" }),
        message: /keyId is required and must be a string; got array \["k"\]\./,
    },
    // Key values
    {
        name: "two values",
        program: KV({ stringValue: "a", numberValue: 1 }),
        message: /a Key takes exactly one value, but stringValue and numberValue are set; keep one of them\./,
    },
    { name: "no value", program: KV({}), message: /a Key needs exactly one value: set stringValue, numberValue or binaryValue\./ },
    {
        name: "numberValue NaN",
        program: KV({ numberValue: NaN }),
        message: /numberValue must be a finite number .*got NaN\. NaN and Infinity cannot be stored: use stringValue/,
    },
    {
        name: "numberValue Infinity",
        program: KV({ numberValue: -Infinity }),
        message: /numberValue must be a finite number .*got -Infinity\./,
    },
    {
        name: "numberValue string",
        program: KV({ numberValue: "12" }),
        message: /numberValue must be a finite number \(a JSON number\); got a string of 2 characters \(not shown\)\./,
    },
    {
        name: "stringValue wrong type",
        program: KV({ stringValue: 123 }),
        message: /stringValue must be a string; got a number \(not shown\)\. Use numberValue for numbers\./,
    },
    {
        name: "binaryValue not base64",
        program: KV({ binaryValue: "not base64!" }),
        message: /binaryValue \(a string of 11 characters \(not shown\)\) is not valid base64: give the bytes base64-encoded \(RFC 4648/,
    },
    {
        name: "binaryValue over 10 MB",
        program: KV({ binaryValue: BIG_BASE64 }),
        message:
            /binaryValue is 11184812 bytes as base64; OSv2 allows at most 10485760 bytes \(10 MB, measured base64-encoded\)\. Store a smaller value/,
    },
    {
        name: "secret value with a second value",
        program: () =>
            new Key("bad", {
                storeId: "ok-store",
                partitionId: "ok",
                keyId: "ok",
                stringValue: pulumi.secret(SECRET),
                binaryValue: "AQID",
            }),
        message: /a Key takes exactly one value, but stringValue and binaryValue are set/,
    },
    { name: "Key unknown property", program: KV({ value: "v" }), message: /unknown input 'value': check its spelling/ },
    // Lookups (run in the program)
    {
        name: "getKeys blank storeId",
        program: () => getKeys({ storeId: " ", partitionId: "p" }),
        message: /getKeys: storeId must not be empty or blank/,
    },
    {
        name: "getKeyValue keyId with |",
        program: () => getKeyValue({ storeId: "s", partitionId: "p", keyId: "a|b" }),
        message: /getKeyValue: keyId 'a\|b' contains '\|'/,
    },
    {
        name: "getStores beginsWith not a string",
        program: () => getStores({ beginsWith: 5 as any }),
        message: /getStores: beginsWith must be a string when set; got number 5\./,
    },
    // Configuration
    {
        name: "config region",
        program: S({}),
        config: { "anypoint:region": "Mars" },
        message: /anypoint:region \(stack config\) is "Mars", which is not an OSv2 region id/,
    },
    {
        name: "config baseUrl",
        program: S({}),
        config: { "anypoint:baseUrl": "not a url" },
        message: /anypoint:baseUrl \(stack config\) is "not a url", which is not an http\(s\) URL without query/,
    },
    {
        name: "config controlPlane",
        program: S({}),
        config: { "anypoint:controlPlane": "Moon" },
        message: /anypoint:controlPlane \(stack config\) is "Moon", which is not a control plane; use one of/,
    },
    {
        name: "config requestsPerSecond",
        program: S({}),
        config: { "anypoint:requestsPerSecond": "-3" },
        message: /anypoint:requestsPerSecond \(stack config\) is "-3", which is not a non-negative number/,
    },
    {
        name: "credentials: client id without its secret",
        program: S({}),
        noSecretEnv: true,
        message:
            /ANYPOINT_CLIENT_ID \(environment\) is set but anypoint:clientSecret is not \(a connected app needs both\): `pulumi config set --secret anypoint:clientSecret/,
    },
    {
        name: "credentials: two kinds at once",
        program: S({}),
        config: { "anypoint:username": "someone", "anypoint:password": SECRET, "anypoint:accessToken": SECRET },
        message: /More than one kind of credentials is set/,
    },
];

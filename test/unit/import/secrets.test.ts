import { expect } from "chai";
import { idLooksSecret, secretReason, textLooksSecret } from "../../../provider/import/secrets";

const str = (stringValue: string) => ({ keyId: "k", valueType: "STRING" as const, stringValue });

describe("import: values that look like secrets", () => {
    it("by key id, in any casing style", () => {
        for (const id of [
            "password",
            "db.password",
            "clientSecret",
            "CLIENT_SECRET",
            "api_key",
            "stripeApiKey",
            "x-auth-token",
            "refresh token",
            "privateKey",
            "jwt",
            "tls.cert",
        ]) {
            expect(idLooksSecret(id), id).to.equal(true);
        }
        for (const id of ["currency", "retry count", "order-00001", "passenger", "keyboard", "tokenizer-mode", "author"]) {
            expect(idLooksSecret(id), id).to.equal(false);
        }
    });

    it("by value: PEM, JWT, bearer, passwords in URLs and connection strings, provider tokens, random words", () => {
        const yes = [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "Bearer abcdefgh12345678",
            "postgres://app:s3cr3t@db.internal:5432/orders",
            "Server=db;Database=x;User Id=app;Password=hunter2;",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "Zk3mQ9xP2vL8rT5wY1nB7cH4",
        ];
        for (const v of yes) expect(textLooksSecret(v), v).to.equal(true);
        const no = [
            "EUR",
            "Hello World",
            '{"id":1,"status":"SHIPPED","total":9.99}',
            "https://example.com/a/b/c?x=1",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "order-00001-order-00002-order",
            "",
        ];
        for (const v of no) expect(textLooksSecret(v), v).to.equal(false);
    });

    it("secretReason names why, and looks inside binary values for PEM blocks", () => {
        expect(secretReason("config", "gateway-password", str("x"))).to.equal("key id names a secret");
        expect(secretReason("credentials", "gateway", str("x"))).to.equal("partition id names a secret");
        expect(secretReason("config", "currency", str("EUR"))).to.equal(undefined);
        const pem = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");
        expect(secretReason("files", "server", { keyId: "k", valueType: "BINARY", binaryValue: pem })).to.equal("value holds a PEM block");
        expect(secretReason("files", "logo", { keyId: "k", valueType: "BINARY", binaryValue: "iVBORw0KGgo=" })).to.equal(undefined);
        expect(secretReason("config", "retries", { keyId: "k", valueType: "NUMBER", numberValue: 3 })).to.equal(undefined);
    });
});

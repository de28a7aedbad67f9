import { expect } from "chai";
import fc from "fast-check";
import ts from "typescript";
import type { KeyValue, StoreInfo } from "../../../provider/client/types";
import type { Estate } from "../../../provider/import/estate";
import { type GenerateOptions, generateProgram } from "../../../provider/import/generate";
import { commentText, tsNumber, tsString } from "../../../provider/import/literals";
import { keyEntriesOver } from "../../../provider/import/program";

const SOURCE = {
    organizationId: "org-1",
    environmentId: "env-1",
    region: "eu-central-1",
    baseUrl: "https://object-store-eu-central-1.anypoint.mulesoft.com",
};

function store(storeId: string, extra: Partial<StoreInfo> = {}): StoreInfo {
    return {
        storeId,
        encrypted: true,
        permanentOsFlag: false,
        persistent: true,
        defaultTtlSeconds: 2_592_000,
        defaultConfirmationTtlSeconds: 600,
        isFixedTtl: null,
        usageLimits: null,
        ...extra,
    };
}

const s = (keyId: string, stringValue: string): { keyId: string; value: KeyValue } => ({
    keyId,
    value: { keyId, valueType: "STRING", stringValue },
});
const n = (keyId: string, numberValue: number): { keyId: string; value: KeyValue } => ({
    keyId,
    value: { keyId, valueType: "NUMBER", numberValue },
});
const b = (keyId: string, binaryValue: string): { keyId: string; value: KeyValue } => ({
    keyId,
    value: { keyId, valueType: "BINARY", binaryValue },
});

function estate(): Estate {
    return {
        source: SOURCE,
        readAt: "2026-11-25T08:00:00.000Z",
        selection: "all stores",
        withKeys: true,
        stores: [
            {
                store: store("APP_orders__defaultPersistentObjectStore", {
                    defaultTtlSeconds: 86_400,
                    isFixedTtl: true,
                    usageLimits: { maxKeys: 500, maxSizeBytes: null, enforcement: "WARN" },
                }),
                partitions: [
                    { partitionId: "orders", keys: [s("order 1", "VAL-open-order"), n("count", 42), b("logo.png", "iVBORw0KGgo=")] },
                    { partitionId: "config", keys: [s("db.password", "VAL-hunter2"), s("currency", "VAL-EUR")] },
                ],
            },
            {
                store: store("shared/flags", { persistent: false, usageLimits: { maxKeys: 0, maxSizeBytes: null, enforcement: "REJECT" } }),
                partitions: [],
            },
        ],
    };
}

const OPTIONS: GenerateOptions = {
    projectName: "estate",
    values: "config",
    protect: true,
    packageName: "pulumi-anypoint-objectstore",
    packageVersion: "0.1.0",
    pulumiVersion: "^3.259.0",
    command: "pulumi-anypoint-objectstore import --with-keys",
};

const file = (files: { path: string; text: string }[], path: string) => files.find((f) => f.path === path)?.text ?? "";

function syntaxErrors(code: string): string[] {
    const out = ts.transpileModule(code, {
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("import: generated program", () => {
    it("declares every object with its live settings and adopt: true, under stable names", () => {
        const { files, counts } = generateProgram(estate(), OPTIONS);
        const index = file(files, "index.ts");
        expect(counts).to.deep.equal({ stores: 2, partitions: 2, keys: 5 });
        expect(syntaxErrors(index)).to.deep.equal([]);
        expect(index).to.include('const ordersStore = new Store("APP_orders__defaultPersistentObjectStore", {');
        expect(index).to.include("    defaultTtlSeconds: 86_400, // 1 day");
        expect(index).to.include("    isFixedTtl: true,");
        expect(index).to.include('    usageLimits: { maxKeys: 500, enforcement: "WARN" },');
        expect(index).to.match(/new Store\("shared-flags~[0-9a-f]{8}", \{\n {4}\.\.\.scope,\n {4}storeId: "shared\/flags",/);
        expect(index).to.include(
            'new Partition("APP_orders__defaultPersistentObjectStore/orders", { ...scope, storeId: ordersStore.storeId, partitionId: "orders", adopt: true }, options);',
        );
        expect(index).to.match(
            /new Key\("APP_orders__defaultPersistentObjectStore\/orders\/order-1~[0-9a-f]{8}", \{ \.\.\.ordersOrdersPartitionKeys, keyId: "order 1", stringValue: importedValue<string>\(/,
        );
        const body = index.slice(index.indexOf("\nimport "));
        expect(body.match(/adopt: true/g)).to.have.length(2 + 2 + 2); // stores, partitions, one shared key object per partition
        expect(index.match(/new Key\(/g)).to.have.length(5);
        expect(index).to.include('const scope = { organizationId: "org-1", environmentId: "env-1", region: "eu-central-1" };');
        expect(index).to.include("const options: pulumi.CustomResourceOptions = { protect: true };");
    });

    it("declares a partition with more keys than the threshold as one KeyEntries, the others as Key resources", () => {
        const { files } = generateProgram(estate(), { ...OPTIONS, keyRenderer: keyEntriesOver(1) });
        const index = file(files, "index.ts");
        expect(syntaxErrors(index)).to.deep.equal([]);
        const bulk = index.match(/new KeyEntries\(/g) ?? [];
        const single = index.match(/new Key\(/g) ?? [];
        expect(bulk.length).to.be.at.least(1);
        expect(bulk.length + single.length).to.be.below(5); // fewer declarations than keys
        expect(index).to.match(/import \{ [^}]*KeyEntries[^}]* \} from "pulumi-anypoint-objectstore";/);
        expect(index).to.match(/new KeyEntries\("APP_orders__defaultPersistentObjectStore\/orders\/entries", \{\n {4}\.\.\.scope,/);
        expect(index).to.match(/ {8}"order 1": \{ stringValue: importedValue<string>\(/);
        // The threshold is above every partition's size: only Key resources, and no unused import.
        const none = file(generateProgram(estate(), { ...OPTIONS, keyRenderer: keyEntriesOver(1_000) }).files, "index.ts");
        expect(none).to.not.include("KeyEntries");
    });

    it("says in a header comment how, when and from where it was generated, and what to run first", () => {
        const index = file(generateProgram(estate(), OPTIONS).files, "index.ts");
        const header = index.slice(0, index.indexOf("\nimport "));
        expect(header).to.include("// Pulumi program generated by pulumi-anypoint-objectstore 0.1.0 on 2026-11-25T08:00:00.000Z.");
        expect(header).to.include(
            "organization org-1, environment env-1, region eu-central-1 (https://object-store-eu-central-1.anypoint.mulesoft.com)",
        );
        expect(header).to.include("// Command: pulumi-anypoint-objectstore import --with-keys");
        expect(header).to.include("2 stores, 2 partitions, 5 keys (1 value looks like a secret)");
        expect(header).to.include("pulumi config set --secret keyValues < key-values.json && rm key-values.json");
        // A store whose live limits cannot be declared is reported, not silently dropped.
        expect(header).to.match(/Warnings:\n\/\/ - store "shared\/flags": usage limits .* cannot be declared/);
        for (const line of header.trimEnd().split("\n")) expect(line).to.match(/^\/\//);
    });

    it("config mode: no value in the program; all values in key-values.json under the Key names, read as secrets", () => {
        const { files } = generateProgram(estate(), OPTIONS);
        const index = file(files, "index.ts");
        expect(index).not.to.match(/VAL-|iVBORw0KGgo=/);
        expect(index).not.to.match(/\b42\b/);
        expect(index).to.include('requireSecretObject<Record<string, string | number>>("keyValues")');
        const valuesFile = files.find((f) => f.path === "key-values.json")!;
        expect(valuesFile.sensitive).to.equal(true);
        const values = JSON.parse(valuesFile.text) as Record<string, string | number>;
        expect(Object.values(values).sort()).to.deep.equal(
            [42, "VAL-EUR", "VAL-hunter2", "VAL-open-order", "iVBORw0KGgo="].sort() as (string | number)[],
        );
        for (const name of Object.keys(values))
            expect(index).to.include(`importedValue<${typeof values[name] === "number" ? "number" : "string"}>(${JSON.stringify(name)})`);
        expect(file(files, ".gitignore")).to.include("key-values.json");
    });

    it("plain mode: values in the program, the secret-looking ones wrapped in pulumi.secret", () => {
        const { files, secretLooking } = generateProgram(estate(), { ...OPTIONS, values: "plain" });
        const index = file(files, "index.ts");
        expect(secretLooking).to.equal(1);
        expect(files.map((f) => f.path)).not.to.include("key-values.json");
        expect(index).to.include(
            'keyId: "db.password", stringValue: pulumi.secret("VAL-hunter2") }, options); // secret: key id names a secret',
        );
        expect(index).to.include('keyId: "currency", stringValue: "VAL-EUR" }, options);');
        expect(index).to.include('keyId: "count", numberValue: 42 }');
        expect(index).to.include('keyId: "logo.png", binaryValue: "iVBORw0KGgo=" }');
        expect(syntaxErrors(index)).to.deep.equal([]);
    });

    it("--no-protect leaves out the options; without keys there is no config and no values file", () => {
        const e = estate();
        for (const st of e.stores) for (const p of st.partitions) delete p.keys;
        const { files } = generateProgram({ ...e, withKeys: false }, { ...OPTIONS, protect: false });
        const index = file(files, "index.ts");
        expect(index).not.to.include("protect");
        expect(index).not.to.include("options");
        expect(index).not.to.include("@pulumi/pulumi");
        expect(index).not.to.include("keyValues");
        expect(index).to.include('import { Partition, Store } from "pulumi-anypoint-objectstore";');
        expect(files.map((f) => f.path)).to.deep.equal(["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json", ".gitignore"]);
        expect(syntaxErrors(index)).to.deep.equal([]);
    });

    it("is deterministic: the same estate read in another order gives the same files", () => {
        const a = generateProgram(estate(), OPTIONS).files;
        const shuffled = estate();
        shuffled.stores.reverse();
        for (const st of shuffled.stores) {
            st.partitions.reverse();
            for (const p of st.partitions) p.keys?.reverse();
        }
        expect(generateProgram(shuffled, OPTIONS).files).to.deep.equal(a);
    });

    it("writes a project around the program: Pulumi.yaml, package.json with this package, tsconfig", () => {
        const { files } = generateProgram(estate(), OPTIONS);
        expect(file(files, "Pulumi.yaml")).to.match(/^name: estate\n.*\nruntime: nodejs\n$/s);
        expect(JSON.parse(file(files, "package.json")).dependencies).to.deep.equal({
            "@pulumi/pulumi": "^3.259.0",
            "pulumi-anypoint-objectstore": "^0.1.0",
        });
        expect(JSON.parse(file(files, "tsconfig.json")).files).to.deep.equal(["index.ts"]);
        expect(() => generateProgram(estate(), { ...OPTIONS, projectName: "my project" })).to.throw(/not a valid Pulumi project name/);
    });

    it("any id and value survive as literals, and nothing can break out of a comment (property)", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), (text) => {
                expect(new Function(`return ${tsString(text)};`)()).to.equal(text);
                expect(commentText(text)).not.to.match(/[\n\r\u2028\u2029]/);
            }),
        );
        for (const v of [0, -0, 1.5, -7, 2_592_000, 1e21, Number.MAX_SAFE_INTEGER])
            expect(new Function(`return ${tsNumber(v)};`)()).to.equal(v);
    });

    it("estates with odd ids still give a program that parses (property)", () => {
        const id = fc.string({ unit: "grapheme", minLength: 1, maxLength: 15 }).filter((x) => x.trim() !== "" && !x.includes("|"));
        fc.assert(
            fc.property(
                fc.uniqueArray(id, { minLength: 1, maxLength: 4 }),
                fc.uniqueArray(id, { minLength: 1, maxLength: 4 }),
                (storeIds, keyIds) => {
                    const e: Estate = {
                        ...estate(),
                        stores: storeIds.map((sid) => ({
                            store: store(sid),
                            partitions: [{ partitionId: sid, keys: keyIds.map((k) => s(k, k)) }],
                        })),
                    };
                    const { files, plan } = generateProgram(e, { ...OPTIONS, values: "plain" });
                    expect(syntaxErrors(file(files, "index.ts"))).to.deep.equal([]);
                    const names = plan.stores.flatMap((st) => [
                        st.name,
                        ...st.partitions.flatMap((p) => [p.name, ...(p.keys ?? []).map((k) => k.name)]),
                    ]);
                    expect(new Set(names).size).to.equal(names.length);
                },
            ),
            { numRuns: 50 },
        );
    });
});

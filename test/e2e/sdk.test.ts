/**
 * The package's own schema and SDKs stay in step (issue 17): provider/plugin/schema.json is what the
 * plugin serves (GetSchema) and what `npm run schema` writes; sdk/ is exactly what `npm run sdk`
 * generates from it (regenerated here into a temporary directory and compared file by file); the
 * committed SDKs pass the compile checks (Go build + vet on the CLI's sdk/v3, Python byte-compile,
 * Node.js tsc); the Go examples compile with the go.mod a user writes, and the TypeScript one
 * type-checks (the Go and Python examples run in test/e2e/languages.test.ts). The fix when this
 * fails: `npm run sdk` and commit the result.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { expect } from "chai";
import { packageSchema } from "../../provider/plugin/schema";
import { packageVersion } from "../../provider/plugin/version";
import { schemaText } from "../../scripts/write-schema";
import { REPO_ROOT } from "../support/repo";

const run = promisify(execFile);

const SCHEMA = path.join(REPO_ROOT, "provider", "plugin", "schema.json");

function listFiles(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .map((f) => f.split(path.sep).join("/"))
        .sort();
}

describe("e2e: the anypoint schema and the SDKs in sdk/ are in step", function () {
    this.timeout(1_200_000);
    let tmp: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-sdk-"));
    });
    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("provider/plugin/schema.json is the schema the plugin serves, at the package's version", () => {
        expect(fs.readFileSync(SCHEMA, "utf8"), "run `npm run sdk` and commit").to.equal(schemaText());
        expect(JSON.parse(fs.readFileSync(SCHEMA, "utf8"))).to.deep.equal(packageSchema(packageVersion()));
    });

    it("sdk/ is exactly what the generator writes from the schema", async () => {
        await run("bash", [path.join(REPO_ROOT, "scripts", "gen-sdks.sh"), SCHEMA, tmp], { maxBuffer: 16 << 20 });
        const sdk = path.join(REPO_ROOT, "sdk");
        expect(listFiles(sdk), "run `npm run sdk` and commit").to.deep.equal(listFiles(tmp));
        for (const f of listFiles(tmp)) {
            expect(fs.readFileSync(path.join(sdk, f), "utf8"), `sdk/${f}: run \`npm run sdk\` and commit`).to.equal(
                fs.readFileSync(path.join(tmp, f), "utf8"),
            );
        }
    });

    it("the Go examples compile as a user's module (go.mod without replace: scripts/with-go-sdk.sh serves sdk/go as released); the TypeScript one type-checks", async () => {
        // Go: each example in a scratch copy (go.sum and the module cache stay out of the repository), `go vet`
        // type-checks main.go too (the e2e driver of test/e2e/languages.test.ts runs their programs).
        for (const example of ["go-stores", "go-two-providers"]) {
            const cwd = path.join(tmp, example);
            fs.cpSync(path.join(REPO_ROOT, "examples", example), cwd, { recursive: true });
            expect(fs.readFileSync(path.join(cwd, "go.mod"), "utf8"), "what a user's go.mod needs").to.not.match(/replace|v0\.0\.0/);
            await run("bash", [path.join(REPO_ROOT, "scripts", "with-go-sdk.sh"), "bash", "-c", "go mod tidy && go vet ./..."], {
                cwd,
                maxBuffer: 16 << 20,
            });
        }
        // TypeScript: the example type-checks against sdk/nodejs under its package name (a scratch project, as a user's).
        const ts = path.join(tmp, "nodejs-example");
        fs.cpSync(path.join(REPO_ROOT, "examples", "nodejs-stores"), ts, { recursive: true });
        fs.writeFileSync(
            path.join(ts, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    noEmit: true,
                    target: "es2020",
                    module: "commonjs",
                    moduleResolution: "node",
                    skipLibCheck: true,
                    baseUrl: ".",
                    paths: { "@pulumi-anypoint-objectstore/anypoint": [path.join(REPO_ROOT, "sdk", "nodejs", "index.ts")] },
                    typeRoots: [path.join(REPO_ROOT, "node_modules", "@types")],
                },
                files: ["index.ts"],
            }),
        );
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(ts, "node_modules"));
        await run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", ts], { cwd: ts });
    });

    it("the committed SDKs compile: Go (build + vet on the CLI's sdk/v3), Python, Node.js", async () => {
        const { stderr } = await run("bash", [path.join(REPO_ROOT, "scripts", "check-sdks.sh"), path.join(REPO_ROOT, "sdk")], {
            maxBuffer: 64 << 20,
        });
        console.log(stderr.trim().replace(/^/gm, "      "));
        for (const lang of ["go", "python", "nodejs"]) expect(stderr).to.match(new RegExp(`\\[check-sdks\\] ${lang}: ok`));
    });
});

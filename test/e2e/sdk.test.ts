/**
 * The package's own schema and SDKs stay in step (issue 17): provider/plugin/schema.json is what the
 * plugin serves (GetSchema) and what `npm run schema` writes; sdk/ is exactly what `npm run sdk`
 * generates from it (regenerated here into a temporary directory and compared file by file); and
 * the committed SDKs pass the compile checks (Go build + vet on the CLI's sdk/v3, Python
 * byte-compile, Node.js tsc). The fix when this fails: `npm run sdk` and commit the result.
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

/** Checks that each `anypoint.objectstore.<Resource>(...)` keyword of a program is a constructor parameter in the SDK (argv: program, sdk/python). */
const PYTHON_KEYWORD_CHECK = `
import ast, pathlib, re, sys
program, sdk = sys.argv[1], pathlib.Path(sys.argv[2]) / "pulumi_anypoint" / "objectstore"
calls = 0
for node in ast.walk(ast.parse(open(program).read())):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "attr", "") == "objectstore":
        name = node.func.attr
        source = (sdk / (re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + ".py")).read_text()
        cls = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == name)
        init = next(f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__")
        params = {a.arg for a in init.args.args + init.args.kwonlyargs}
        missing = [k.arg for k in node.keywords if k.arg not in params]
        if missing: sys.exit(f"{name}: no parameter {missing}")
        calls += 1
print(f"checked {calls} calls")
`;
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

    it("the Go, Python and TypeScript examples build against the SDKs (examples/go-stores, python-stores, nodejs-stores)", async () => {
        // Go: a scratch copy of the example and sdk/go, so go.sum and the module cache stay out of the repository.
        const scratch = path.join(tmp, "go-example");
        fs.cpSync(path.join(REPO_ROOT, "examples", "go-stores"), path.join(scratch, "examples", "go-stores"), { recursive: true });
        fs.cpSync(path.join(REPO_ROOT, "sdk", "go"), path.join(scratch, "sdk", "go"), { recursive: true });
        const cwd = path.join(scratch, "examples", "go-stores");
        const env = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
        await run("go", ["mod", "tidy"], { cwd, env, maxBuffer: 16 << 20 });
        await run("go", ["build", "./..."], { cwd, env, maxBuffer: 16 << 20 });
        await run("go", ["vet", "./..."], { cwd, env, maxBuffer: 16 << 20 });
        // Python: the example byte-compiles, and every keyword it passes to a resource is a parameter of that
        // resource's constructor in the SDK (read with ast: pulumi itself is not installable here, no PyPI).
        await run("python3", ["-m", "py_compile", path.join(REPO_ROOT, "examples", "python-stores", "__main__.py")]);
        const { stdout } = await run("python3", [
            "-c",
            PYTHON_KEYWORD_CHECK,
            path.join(REPO_ROOT, "examples", "python-stores", "__main__.py"),
            path.join(REPO_ROOT, "sdk", "python"),
        ]);
        expect(stdout.trim()).to.match(/^checked \d+ calls$/);
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

/**
 * The SDK generator (tools/sdkgen through scripts/gen-sdks.sh) and the compile checks
 * (scripts/check-sdks.sh) on the fixture schema test/fixtures/sdkgen/schema.json: the same schema
 * gives byte-identical SDKs, the Go SDK is a module on the CLI's github.com/pulumi/pulumi/sdk/v3,
 * secrets stay secret, the checks pass on the generated SDKs and fail on a broken one.
 * Needs Go and the Go module proxy (like scripts/ensure-pulumi.sh).
 */
import { execFile } from "child_process";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { REPO_ROOT } from "../support/repo";

const run = promisify(execFile);
const SCHEMA = path.join(REPO_ROOT, "test", "fixtures", "sdkgen", "schema.json");
const script = (name: string) => path.join(REPO_ROOT, "scripts", name);

/** Every file under `dir`, as sorted slash paths relative to it. */
function listFiles(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .map((f) => f.split(path.sep).join("/"))
        .sort();
}

async function genSdks(outDir: string): Promise<void> {
    await run("bash", [script("gen-sdks.sh"), SCHEMA, outDir], { maxBuffer: 16 * 1024 * 1024 });
}

/** Runs check-sdks.sh; resolves to its exit code and stderr (it prints nothing on stdout). */
async function checkSdks(outDir: string, languages?: string): Promise<{ code: number; stderr: string }> {
    try {
        const { stderr } = await run("bash", [script("check-sdks.sh"), outDir, ...(languages ? [languages] : [])], {
            maxBuffer: 64 * 1024 * 1024,
        });
        return { code: 0, stderr };
    } catch (err) {
        const e = err as { code?: number; stderr?: string };
        return { code: typeof e.code === "number" ? e.code : -1, stderr: e.stderr ?? String(err) };
    }
}

describe("e2e: SDK generation from a schema (tools/sdkgen) and compile checks", function () {
    this.timeout(1_200_000); // a cold machine builds sdkgen and compiles the Pulumi Go SDK (minutes)
    let tmp: string;
    let first: string;
    let second: string;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-sdkgen-"));
        first = path.join(tmp, "first");
        second = path.join(tmp, "second");
        await genSdks(first);
        await genSdks(second);
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("writes the Go, Python and Node.js SDKs, byte-identical for the same schema", () => {
        const files = listFiles(first);
        expect(files).to.include.members([
            "go/go.mod",
            "go/anypoint/provider.go",
            "go/anypoint/objectstore/store.go",
            "go/anypoint/objectstore/getStores.go",
            "python/pyproject.toml",
            "python/pulumi_anypoint/objectstore/store.py",
            "python/pulumi_anypoint/objectstore/get_stores.py",
            "nodejs/package.json",
            "nodejs/objectstore/store.ts",
            "nodejs/objectstore/getStores.ts",
        ]);
        expect(listFiles(second)).to.deep.equal(files);
        const differing = files.filter((f) => !fs.readFileSync(path.join(first, f)).equals(fs.readFileSync(path.join(second, f))));
        expect(differing).to.deep.equal([]);
    });

    it("replaces each language directory as a whole (a file the schema no longer produces goes)", async () => {
        const out = path.join(tmp, "rewrite");
        await genSdks(out);
        fs.writeFileSync(path.join(out, "go", "anypoint", "stale.go"), "package anypoint\n");
        fs.writeFileSync(path.join(out, "nodejs", "stale.ts"), "export {};\n");
        await genSdks(out);
        expect(listFiles(out)).to.deep.equal(listFiles(first));
    });

    it("makes the Go SDK a module on the github.com/pulumi/pulumi/sdk/v3 of the CLI's version", () => {
        const pulumiVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies["@pulumi/pulumi"];
        const goMod = fs.readFileSync(path.join(first, "go", "go.mod"), "utf8");
        expect(goMod).to.match(/^module github\.com\/example\/pulumi-anypoint-objectstore\/sdk\/go$/m);
        expect(goMod).to.match(new RegExp(`^require github\\.com/pulumi/pulumi/sdk/v3 v${pulumiVersion.replace(/\./g, "\\.")}$`, "m"));
        const store = fs.readFileSync(path.join(first, "go", "anypoint", "objectstore", "store.go"), "utf8");
        expect(store).to.include('"github.com/example/pulumi-anypoint-objectstore/sdk/go/anypoint/internal"');
        expect(store).to.include('ctx.RegisterResource("anypoint:objectstore:Store"');
    });

    it("sets the Go SDK's version to the schema's, and puts the Python README where pyproject.toml names it", () => {
        const version = fs.readFileSync(path.join(first, "go", "anypoint", "internal", "pulumiVersion.go"), "utf8");
        expect(version).to.include('var SdkVersion semver.Version = semver.MustParse("0.1.0")');
        expect(fs.readFileSync(path.join(first, "python", "pyproject.toml"), "utf8")).to.match(/^\s*readme = "README\.md"$/m);
        expect(fs.readFileSync(path.join(first, "python", "README.md"), "utf8")).to.equal(
            fs.readFileSync(path.join(first, "python", "pulumi_anypoint", "README.md"), "utf8"),
        );
    });

    it("keeps the provider's secret input secret in every SDK", () => {
        const read = (f: string) => fs.readFileSync(path.join(first, f), "utf8");
        expect(read("go/anypoint/provider.go")).to.include("pulumi.ToSecret(args.ClientSecret)");
        expect(read("python/pulumi_anypoint/provider.py")).to.include("pulumi.Output.secret(client_secret)");
        expect(read("nodejs/provider.ts")).to.include("pulumi.secret(args.clientSecret)");
    });

    it("check-sdks.sh passes: Go builds and vets, Python byte-compiles, Node.js type-checks", async () => {
        const { code, stderr } = await checkSdks(first);
        expect(code, stderr).to.equal(0);
        for (const language of ["go", "python", "nodejs"]) expect(stderr).to.match(new RegExp(`\\[check-sdks\\] ${language}: ok`));
        expect(listFiles(first), "the checks work on a copy").to.deep.equal(listFiles(second));
    });

    it("check-sdks.sh fails on an SDK that does not compile, in each language", async () => {
        const broken = path.join(tmp, "broken");
        fs.cpSync(first, broken, { recursive: true });
        fs.appendFileSync(path.join(broken, "go", "anypoint", "objectstore", "store.go"), "\nfunc broken() { return 1 }\n");
        fs.appendFileSync(path.join(broken, "python", "pulumi_anypoint", "objectstore", "store.py"), "\ndef broken(:\n");
        fs.appendFileSync(path.join(broken, "nodejs", "objectstore", "store.ts"), "\nexport const broken: number = 'text';\n");
        for (const language of ["go", "python", "nodejs"]) {
            const { code, stderr } = await checkSdks(broken, language);
            expect(code, `${language}: ${stderr}`).to.not.equal(0);
            expect(stderr).to.include(`[check-sdks] ${language}: FAILED`);
        }
    });
});

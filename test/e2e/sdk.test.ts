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

    it("the committed SDKs compile: Go (build + vet on the CLI's sdk/v3), Python, Node.js", async () => {
        const { stderr } = await run("bash", [path.join(REPO_ROOT, "scripts", "check-sdks.sh"), path.join(REPO_ROOT, "sdk")], {
            maxBuffer: 64 << 20,
        });
        console.log(stderr.trim().replace(/^/gm, "      "));
        for (const lang of ["go", "python", "nodejs"]) expect(stderr).to.match(new RegExp(`\\[check-sdks\\] ${lang}: ok`));
    });
});

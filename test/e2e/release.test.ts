/**
 * The release (issue 24, section 4): .github/workflows/release.yml passes actionlint (built from Go
 * modules by scripts/ensure-actionlint.sh), and its one script, scripts/release.sh, builds every
 * artifact in a dry run on a copy of the repository (as the workflow's clean checkout): the six plugin
 * tarballs (their layout: test/e2e/plugin-download.test.ts), the npm package, the Node.js SDK's npm package, the Python SDK's wheel and sdist, the
 * release notes from CHANGELOG.md, and prints (without running) what publishing would do. `npm test`
 * itself is the workflow's test step, so the dry run here skips it.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { list as tarList } from "tar";
import { REPO_ROOT } from "../support/repo";

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The files of a tarball (gzip). */
async function entries(file: string): Promise<string[]> {
    const names: string[] = [];
    await tarList({ file, onReadEntry: (e) => names.push(e.path) });
    return names;
}

/** A copy of the repository's files (tracked and new, not ignored), timestamps kept, node_modules linked. */
function copyOfRepository(dir: string): void {
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
    })
        .split("\0")
        .filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.cpSync(path.join(REPO_ROOT, f), path.join(dir, f), { preserveTimestamps: true });
    }
    // The toolchain runs `npm ci` (which empties node_modules) when package-lock.json is newer than the install.
    const lock = fs.statSync(path.join(REPO_ROOT, "package-lock.json")).mtimeMs;
    const installed = fs.statSync(path.join(REPO_ROOT, "node_modules", ".package-lock.json")).mtimeMs;
    expect(lock, "package-lock.json is newer than node_modules: run npm ci first").to.be.at.most(installed);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
}

describe("release: the workflow and scripts/release.sh", function () {
    this.timeout(900_000);
    let tmp: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-release-"));
    });
    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("the workflows pass actionlint", () => {
        const bin = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-actionlint.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        }).trim();
        const workflows = fs.readdirSync(path.join(REPO_ROOT, ".github", "workflows")).map((f) => path.join(".github", "workflows", f));
        expect(workflows).to.include(path.join(".github", "workflows", "release.yml"));
        const run = spawnSync(path.join(bin, "actionlint"), ["-color=false", ...workflows], { cwd: REPO_ROOT, encoding: "utf8" });
        expect(run.status, `${run.stdout}${run.stderr}`).to.equal(0);
        const workflow = fs.readFileSync(path.join(REPO_ROOT, ".github", "workflows", "release.yml"), "utf8");
        expect(workflow).to.include("bash scripts/release.sh build");
        expect(workflow).to.include("bash scripts/release.sh publish");
    });

    it("refuses a version that package.json, the SDKs and CHANGELOG.md do not carry, before building anything", () => {
        const run = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "release.sh"), "build", "--version", "9.9.9", "--out", tmp], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env: { ...process.env, GITHUB_REF_NAME: "" },
        });
        expect(run.status).to.not.equal(0);
        expect(run.stderr).to.include(`package.json says ${VERSION}, the release is 9.9.9`);
    });

    it("--dry-run builds every artifact of the release and prints what publishing would run", async () => {
        const repo = path.join(tmp, "repo");
        const out = path.join(tmp, "out");
        copyOfRepository(repo);
        const started = Date.now();
        const run = spawnSync("bash", ["scripts/release.sh", "--dry-run", "--skip-tests", "--out", out], {
            cwd: repo,
            encoding: "utf8",
            env: { ...process.env, GITHUB_REF_NAME: "", GITHUB_ACTIONS: "" },
            maxBuffer: 64 << 20,
        });
        expect(run.status, run.stderr).to.equal(0);
        const staged = fs.readdirSync(out).sort();
        console.log(`      dry run in ${Math.round((Date.now() - started) / 1000)} s: ${staged.join(", ")}`);
        const plugin = staged.filter((f) => f.startsWith(`pulumi-resource-anypoint-v${VERSION}-`));
        expect(plugin, "a plugin tarball per OS and CPU").to.have.length(6);
        expect(run.stderr).to.include("[release] plugin download URL github://api.github.com/");
        expect(staged).to.include.members([
            `pulumi-anypoint-objectstore-${VERSION}.tgz`,
            `pulumi-anypoint-objectstore-anypoint-${VERSION}.tgz`,
            `pulumi_anypoint-${VERSION}-py3-none-any.whl`,
            `pulumi_anypoint-${VERSION}.tar.gz`,
            "release-notes.md",
        ]);
        for (const tarball of plugin) {
            const launcher = tarball.includes("-windows-") ? "pulumi-resource-anypoint.cmd" : "pulumi-resource-anypoint";
            expect((await entries(path.join(out, tarball))).sort(), tarball).to.deep.equal([launcher, "pulumi-resource-anypoint.js"]);
        }
        const linux = plugin.find((t) => t.endsWith("-linux-amd64.tar.gz"));
        expect(await entries(path.join(out, `pulumi-anypoint-objectstore-${VERSION}.tgz`))).to.include(`package/dist/plugin/${linux}`);
        const sdk = await entries(path.join(out, `pulumi-anypoint-objectstore-anypoint-${VERSION}.tgz`));
        expect(sdk).to.include.members(["package/package.json", "package/README.md", "package/index.js", "package/index.d.ts"]);
        expect(sdk).to.include("package/objectstore/store.js");
        const sdist = await entries(path.join(out, `pulumi_anypoint-${VERSION}.tar.gz`));
        expect(sdist).to.include.members([
            `pulumi_anypoint-${VERSION}/README.md`,
            `pulumi_anypoint-${VERSION}/pulumi_anypoint/__init__.py`,
        ]);
        expect(fs.readFileSync(path.join(out, "release-notes.md"), "utf8")).to.match(/^### Added/m);

        const would = run.stderr.split("\n").filter((l) => l.startsWith("[release] would run:"));
        console.log(would.map((l) => `      ${l}`).join("\n"));
        expect(would.join("\n")).to.include(`npm publish ${path.join(out, `pulumi-anypoint-objectstore-${VERSION}.tgz`)}`);
        expect(would.join("\n")).to.include(`--access public ${path.join(out, `pulumi-anypoint-objectstore-anypoint-${VERSION}.tgz`)}`);
        expect(would.join("\n")).to.match(/-m twine upload --non-interactive .*pulumi_anypoint-.*\.whl .*pulumi_anypoint-.*\.tar\.gz/);
        expect(would.join("\n")).to.include(`git tag sdk/go/v${VERSION}`);
        expect(would.join("\n")).to.include(`git push origin refs/tags/sdk/go/v${VERSION}`);
        expect(would.join("\n")).to.match(new RegExp(`gh release create v${VERSION.replace(/\./g, "\\.")} .*pulumi-resource-anypoint-v`));
    });
});

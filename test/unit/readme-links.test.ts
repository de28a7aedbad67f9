/**
 * README.md (and the READMEs shipped beside it) only point to what exists and is shipped: every
 * relative link resolves to a file or folder of the repository that is in the `npm pack` tarball, and
 * every `npm run <script>` named in README.md is a script of package.json.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { npmRunScripts, relativeLinks } from "../support/markdown";
import { REPO_ROOT } from "../support/repo";

describe("README links and commands", function () {
    this.timeout(60_000);
    let shipped: string[];
    const readmes = [
        "README.md",
        "emulator/README.md",
        ...fs.readdirSync(path.join(REPO_ROOT, "examples")).map((d) => `examples/${d}/README.md`),
    ];

    before(() => {
        const packed = JSON.parse(
            execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
                cwd: REPO_ROOT,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"],
            }),
        ) as { files: { path: string }[] }[];
        shipped = packed[0].files.map((f) => f.path);
    });

    it("the helpers find links and scripts (and skip URLs, anchors and code blocks)", () => {
        const md =
            "See [a](docs/a.md#x), [b](https://x.y/z), [c](#c), `npm run demo`.\n```\n[d](not/a/link.md)\n```\nnpm run bench:emulator";
        expect(relativeLinks(md)).to.deep.equal(["docs/a.md"]);
        expect(npmRunScripts(md)).to.deep.equal(["demo", "bench:emulator"]);
    });

    for (const readme of readmes) {
        it(`every relative link in ${readme} exists and is shipped in the package`, function () {
            if (!fs.existsSync(path.join(REPO_ROOT, readme))) this.skip();
            const text = fs.readFileSync(path.join(REPO_ROOT, readme), "utf8");
            const links = relativeLinks(text);
            for (const link of links) {
                const target = path.relative(REPO_ROOT, path.resolve(REPO_ROOT, path.dirname(readme), link));
                expect(fs.existsSync(path.join(REPO_ROOT, target)), `${readme} links to ${link}: missing`).to.equal(true);
                const isShipped = shipped.some((f) => f === target || f.startsWith(target.replace(/\/?$/, "/")));
                expect(isShipped, `${readme} links to ${link}, which the tarball does not hold`).to.equal(true);
            }
        });
    }

    it("README.md names only npm scripts that package.json has, and its first two commands are npm run demo and npm test", () => {
        const text = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
            .scripts;
        const named = npmRunScripts(text);
        expect(named).to.include("demo");
        for (const name of named) expect(scripts, `README names npm run ${name}`).to.have.property(name);
        const firstBlock = /```sh\n([\s\S]*?)```/.exec(text)![1];
        expect(
            firstBlock
                .split("\n")
                .filter(Boolean)
                .map((l) => l.split("#")[0].trim()),
        ).to.deep.equal(["npm run demo", "npm test"]);
    });
});

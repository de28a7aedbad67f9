/**
 * The project's GitHub owner and repository (provider/plugin/sdk-packages.ts), from which the
 * schema's pluginDownloadURL and the Go module path are made, stay in step with package.json's
 * `repository`, `homepage` and `bugs`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { GITHUB, PLUGIN_DOWNLOAD_URL, REPOSITORY } from "../../../provider/plugin/sdk-packages";
import { REPO_ROOT } from "../../support/repo";

describe("SDK packages: the project's GitHub repository", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
        repository: { url: string };
        homepage: string;
        bugs: { url: string };
    };
    const github = `github.com/${GITHUB.owner}/${GITHUB.repository}`;

    it("is the repository package.json names", () => {
        expect(pkg.repository.url).to.equal(`git+https://${github}.git`);
        expect(pkg.homepage.startsWith(`https://${github}#`)).to.equal(true, pkg.homepage);
        expect(pkg.bugs.url).to.equal(`https://${github}/issues`);
    });

    it("is where the plugin is downloaded from and the Go module lives", () => {
        expect(REPOSITORY).to.equal(github);
        expect(PLUGIN_DOWNLOAD_URL).to.equal(`github://api.github.com/${GITHUB.owner}/${GITHUB.repository}`);
    });
});

import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { minimumMajorOf, minimumNodeMajor, nodeVersionRefusal } from "../../../provider/plugin/node-version";
import { REPO_ROOT } from "../../support/repo";

describe("plugin: the Node.js it needs", () => {
    it("is the package's engines.node: Node.js 20 or later", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } };
        expect(pkg.engines.node).to.equal(">=20");
        expect(minimumMajorOf(pkg.engines.node)).to.equal(20);
        expect(minimumNodeMajor()).to.equal(20);
        expect(() => minimumMajorOf("^20 || ^22")).to.throw(/not of the form ">=N"/);
    });

    it("refuses an older node in one line naming the node found (version and path) and the one needed", () => {
        expect(nodeVersionRefusal("v18.19.0", "/usr/bin/node", 20)).to.equal(
            "The anypoint provider plugin needs Node.js 20 or later, but the node on PATH is v18.19.0 (/usr/bin/node): " +
                "install Node.js 20 or later (https://nodejs.org) and put it first on PATH.",
        );
        expect(nodeVersionRefusal("v18.19.0", "/usr/bin/node", 20)).to.not.include("\n");
        for (const ok of ["v20.0.0", "v20.20.2", "v22.23.3", "v24.1.0"]) expect(nodeVersionRefusal(ok, "/n", 20), ok).to.equal(undefined);
    });
});

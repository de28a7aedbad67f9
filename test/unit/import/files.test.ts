import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { packageInfo, pulumiRangeOf } from "../../../provider/import/files";
import { REPO_ROOT } from "../../support/repo";

describe("import: the package facts written into the generated package.json", () => {
    it("the @pulumi/pulumi range is this package's peer dependency (the range it is tested with), not a fallback", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
            name: string;
            version: string;
            peerDependencies: Record<string, string>;
        };
        expect(packageInfo()).to.deep.equal({
            name: pkg.name,
            version: pkg.version,
            pulumiVersion: pkg.peerDependencies["@pulumi/pulumi"],
        });
        expect(packageInfo().pulumiVersion).to.not.equal("^3.0.0");
    });

    it("reads peerDependencies first, then dependencies; an exact version becomes a caret range; none at all is an error", () => {
        const base = { name: "p", version: "1.0.0" };
        expect(
            pulumiRangeOf({ ...base, peerDependencies: { "@pulumi/pulumi": "^3.259.0" }, dependencies: { "@pulumi/pulumi": "3.1.0" } }),
        ).to.equal("^3.259.0");
        expect(pulumiRangeOf({ ...base, dependencies: { "@pulumi/pulumi": "3.100.0" } })).to.equal("^3.100.0");
        expect(() => pulumiRangeOf(base)).to.throw(/names no @pulumi\/pulumi/);
    });
});

/**
 * The API reference builds (`npm run docs`: typedoc over provider/index.ts with typedoc.json, every
 * warning an error): every type a public signature names is exported and documented, and every
 * `{@link}` resolves. Written to a temporary directory, not docs/api/.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { REPO_ROOT } from "../support/repo";

describe("API reference (typedoc)", function () {
    this.timeout(300_000);

    it("builds without a warning, as `npm run docs` does", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-api-docs-"));
        try {
            const typedoc = path.join(REPO_ROOT, "node_modules", "typedoc", "bin", "typedoc");
            const run = spawnSync(process.execPath, [typedoc, "--out", out], {
                cwd: REPO_ROOT,
                encoding: "utf8",
                env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
            });
            const printed = `${run.stdout}${run.stderr}`;
            expect(run.status, printed).to.equal(0);
            expect(printed).to.not.match(/\[(warning|error)\]/);
            expect(fs.existsSync(path.join(out, "index.html")), "index.html").to.equal(true);
            expect(fs.existsSync(path.join(out, "classes", "Store.html")), "classes/Store.html").to.equal(true);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});

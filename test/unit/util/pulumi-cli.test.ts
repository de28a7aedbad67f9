/**
 * provider/util/pulumi-cli runs a `pulumi` found on PATH: here a stand-in script that writes its
 * output in two writes 100 ms apart, splitting a multi-byte character between them (as the CLI's
 * 64 KiB pipe chunks split a multi-byte state), so the reader gets two chunks.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { runPulumi } from "../../../provider/util/pulumi-cli";

describe("pulumi CLI runner (provider/util/pulumi-cli)", () => {
    let dir: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
        const bytes = Buffer.from("ü€😀".repeat(3), "utf8");
        // Splits inside the first 😀 (bytes 5..8), on stdout and on stderr.
        const script = `#!${process.execPath}
const b = Buffer.from(${JSON.stringify(bytes.toString("base64"))}, "base64");
process.stdout.write(b.subarray(0, 7)); process.stderr.write(b.subarray(0, 7));
setTimeout(() => { process.stdout.write(b.subarray(7)); process.stderr.write(b.subarray(7)); }, 100);
`;
        fs.writeFileSync(path.join(dir, "pulumi"), script, { mode: 0o755 });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("decodes each output stream once: a multi-byte character split across chunks comes out whole", async () => {
        const run = await runPulumi(["stack", "export"], {
            cwd: dir,
            env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` },
        });
        expect(run.code).to.equal(0);
        expect(run.stdout).to.equal("ü€😀".repeat(3));
        expect(run.stderr).to.equal("ü€😀".repeat(3));
    });
});

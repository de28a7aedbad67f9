import { spawn } from "node:child_process";
import { once } from "node:events";
import { expect } from "chai";
import { CLI_PATH, spawnCli } from "./cli-helpers";
import { request } from "./helpers";

describe("emulator CLI", () => {
    it("prints the listening line, logs one line per request, exits 0 on SIGTERM", async () => {
        const { child, url, output } = await spawnCli(["--port", "0", "--auth", "off"]);
        expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await request(url, "GET", "/_emulator/health")).status).to.equal(200);
        await request(url, "PUT", "/api/v1/organizations/o/environments/e/stores/s");
        await new Promise((r) => setTimeout(r, 100));
        expect(output()).to.match(/ PUT \/api\/v1\/organizations\/o\/environments\/e\/stores\/s 201 [\d.]+ms/);
        child.kill("SIGTERM");
        const [code] = await once(child, "exit");
        expect(code).to.equal(0);
    });

    it("reads options from OSV2_EMULATOR_* environment variables and exits 0 on SIGINT", async () => {
        const { child, url } = await spawnCli([], {
            OSV2_EMULATOR_PORT: "0",
            OSV2_EMULATOR_AUTH: "any",
            OSV2_EMULATOR_REGION: "eu-west-1",
            OSV2_EMULATOR_VALUE_LISTING: "keys-only",
        });
        const health = await request(url, "GET", "/_emulator/health");
        expect(health.json).to.include({ auth: "any", region: "eu-west-1", valueListing: "keys-only" });
        child.kill("SIGINT");
        const [code] = await once(child, "exit");
        expect(code).to.equal(0);
    });

    it("--help describes the options; bad values fail with a message", async () => {
        const help = spawn(process.execPath, [CLI_PATH, "--help"]);
        let text = "";
        help.stdout.on("data", (d) => (text += d));
        const [code] = await once(help, "exit");
        expect(code).to.equal(0);
        for (const flag of [
            "--port",
            "--host",
            "--data-dir",
            "--auth",
            "--rate-limit",
            "--region",
            "--token-ttl",
            "--value-listing",
            "OSV2_EMULATOR_PORT",
        ]) {
            expect(text).to.contain(flag);
        }
        const bad = spawn(process.execPath, [CLI_PATH, "--auth", "maybe"]);
        let err = "";
        bad.stderr.on("data", (d) => (err += d));
        const [badCode] = await once(bad, "exit");
        expect(badCode).to.not.equal(0);
        expect(err).to.contain("maybe");
    });
});

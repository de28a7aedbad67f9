/**
 * The Pulumi YAML language host built by scripts/ensure-pulumi-yaml.sh runs a YAML program with the
 * CLI of scripts/ensure-pulumi.sh: `pulumi up --yes` and `pulumi stack output`, with a file backend,
 * passphrase secrets and plugin downloads off (so the host must come from the cache on PATH).
 * The program has no resources: it checks the toolchain, not the provider.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { E2EStack, yamlStack } from "./harness";

const PULUMI_YAML = `name: osv2-yaml-host
runtime: yaml
description: Variables and outputs only; checks the YAML language host.
config:
  greeting:
    type: string
    default: Hello
  apiToken:
    type: string
    secret: true
variables:
  message: \${greeting}, Object Store
outputs:
  message: \${message}
  token: \${apiToken}
`;

// A secret config value that must reach the program and the outputs, and never the state in clear.
const TOKEN = "yaml-host-token-7c1e";

describe("e2e: Pulumi YAML language host (pulumi-language-yaml)", function () {
    this.timeout(900_000); // the first run builds the host (about 2-4 min on 2 cores)
    let e2e: E2EStack;

    before(async () => {
        e2e = await yamlStack({
            project: { pulumiYaml: PULUMI_YAML },
            config: { greeting: { value: "Hi" }, apiToken: { value: TOKEN, secret: true } },
        });
    });

    after(async () => {
        await e2e?.dispose();
    });

    it("pulumi up --yes runs the program and records its outputs", async () => {
        const result = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(result.summary.result).to.equal("succeeded");
        expect(result.summary.resourceChanges?.create).to.equal(1); // the stack itself
        expect(result.outputs.message).to.deep.equal({ value: "Hi, Object Store", secret: false });
        expect(result.outputs.token).to.deep.equal({ value: TOKEN, secret: true });
    });

    it("pulumi stack output reads them back; the secret stays encrypted in the state", async () => {
        const outputs = await e2e.stack.outputs();
        expect(outputs.message).to.deep.equal({ value: "Hi, Object Store", secret: false });
        expect(outputs.token).to.deep.equal({ value: TOKEN, secret: true });

        const state = fs.readdirSync(path.join(e2e.tmp, "state"), { recursive: true, encoding: "utf8" });
        const checkpoints = state.filter((f) => f.endsWith(".json") && f.includes("stacks"));
        expect(checkpoints).to.not.be.empty;
        for (const file of checkpoints) {
            const text = fs.readFileSync(path.join(e2e.tmp, "state", file), "utf8");
            expect(text).to.not.include(TOKEN);
        }
    });
});

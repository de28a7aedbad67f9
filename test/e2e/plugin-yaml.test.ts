/**
 * The `anypoint` provider plugin from Pulumi YAML with the real CLI and the YAML language host
 * (issue 17), running examples/yaml-two-providers. The plugin is packed (`npm run plugin:pack`) and installed as a user installs it
 * (`pulumi plugin install resource anypoint <version> --file <tarball>`); the program has no
 * `plugins:` entry. The default provider takes the stack's `anypoint:*` config (no ANYPOINT_*
 * variable is set); an explicit provider uses the emulator's second connected app, limited to the
 * Production environment. Assertions are on what the plugin sent (the emulator's journal).
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, REPO_ROOT, programStack, startTestEmulator, yamlStack } from "./harness";
import { installPlugin, pulumi } from "./plugin-cli";

const PROJECT = path.join(REPO_ROOT, "examples", "yaml-two-providers");

describe("e2e: the anypoint plugin from Pulumi YAML (real CLI, YAML host, two providers)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;
    /** What the plugin sent for `up`. */
    let upSent: string[] = [];

    /** Data-plane requests since `seq` as "METHOD /environments/<env-name>/path status". */
    const sentSince = (seq: number) =>
        emulator
            .requests(seq)
            .filter((r) => r.url.includes("/api/v1/"))
            .map((r) => {
                const url = decodeURIComponent(r.url.replace(/^.*\/environments\//, ""))
                    .replace(DEMO_CREDENTIALS.environmentId, "sandbox")
                    .replace(DEMO_CREDENTIALS.otherEnvironmentId, "production");
                return `${r.method} ${url} ${r.status}`;
            });

    before(async () => {
        // No ANYPOINT_* variable: the providers' settings come from stack config and provider properties.
        for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await yamlStack({
            project: { dir: PROJECT },
            config: {
                "anypoint:baseUrl": { value: emulator.url },
                "anypoint:organizationId": { value: DEMO_CREDENTIALS.organizationId },
                "anypoint:environmentId": { value: DEMO_CREDENTIALS.environmentId },
                "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId },
                "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
                "yaml-two-providers:baseUrl": { value: emulator.url },
                "yaml-two-providers:organizationId": { value: DEMO_CREDENTIALS.organizationId },
                "yaml-two-providers:prodEnvironmentId": { value: DEMO_CREDENTIALS.otherEnvironmentId },
                "yaml-two-providers:prodClientId": { value: DEMO_CREDENTIALS.limitedClientId },
                "yaml-two-providers:prodClientSecret": { value: DEMO_CREDENTIALS.limitedClientSecret, secret: true },
            },
        });
        installPlugin(e2e, path.join(e2e.tmp, "plugin"));
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    it("up: the clamp warning, each provider's own token, and the requests the dynamic resources send", async () => {
        const seq = emulator.lastRequestSeq();
        const from = e2e.output.length;
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        const printed = e2e.output.slice(from).join("");
        expect(printed).to.match(/defaultTtlSeconds 3888000 \(45 days\) is above the OSv2 maximum of 2592000 \(30 days\); using 2592000/);
        expect(up.outputs.effectiveTtlSeconds.value).to.equal(2_592_000);
        expect(up.outputs.regionEnvironment.value).to.equal(DEMO_CREDENTIALS.otherEnvironmentId);
        // Two providers, two connected apps, two tokens.
        const tokens = emulator.requests(seq).filter((r) => r.url.endsWith("/oauth2/token"));
        expect(tokens.map((r) => (r.body as { client_id: string }).client_id).sort()).to.deep.equal(
            [DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.limitedClientId].sort(),
        );
        upSent = sentSince(seq);
        // The dynamic resources' requests: Store GET+PUT, Partition GET+HEAD, Key POST, KeyEntries one POST per entry.
        expect(sentSince(seq).sort()).to.deep.equal(
            [
                "GET sandbox/stores/yaml-sessions 404",
                "PUT sandbox/stores/yaml-sessions 201",
                "GET sandbox/stores/yaml-sessions 200",
                "HEAD sandbox/stores/yaml-sessions/partitions/flags 404",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/new-checkout 201",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/max-items 201",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/greeting 201",
                "GET production/stores/yaml-prod 404",
                "PUT production/stores/yaml-prod 201",
                "POST production/stores/yaml-prod/partitions/settings/keys/region 201",
            ].sort(),
        );
        expect(
            (await api.request("GET", `/../${DEMO_CREDENTIALS.otherEnvironmentId}/stores/yaml-prod/partitions/settings/keys/region`)).body
                .stringValue,
        ).to.equal("eu-central-1");
    });

    it("the same program through the TypeScript dynamic resources sends the same requests", async () => {
        const plugin = [...upSent].sort();
        const other = await startTestEmulator();
        const dynamic = await programStack(other, path.join(__dirname, "programs", "yaml-equivalent.js"));
        try {
            const seq = other.lastRequestSeq();
            await dynamic.stack.up({ onOutput: dynamic.onOutput });
            const sent = other
                .requests(seq)
                .filter((r) => r.url.includes("/api/v1/"))
                .map((r) =>
                    `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/environments\//, ""))} ${r.status}`
                        .replace(DEMO_CREDENTIALS.environmentId, "sandbox")
                        .replace(DEMO_CREDENTIALS.otherEnvironmentId, "production"),
                )
                .sort();
            console.log(
                `      requests of the same program: ${plugin.length} through the plugin, ${sent.length} through the dynamic resources`,
            );
            expect(sent).to.deep.equal(plugin);
        } finally {
            await dynamic.stack.destroy().catch(() => undefined);
            await dynamic.dispose();
            await other.close();
        }
    });

    it("preview --expect-no-changes; an out-of-band change fails preview --refresh --expect-no-changes naming the property", async () => {
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        await api.request("PATCH", "/stores/yaml-sessions", { defaultTtlSeconds: 60 });
        const drift = await pulumi(e2e, ["preview", "--refresh", "--expect-no-changes", "--diff"]);
        console.log(
            drift.output
                .split("\n")
                .filter((l) => /defaultTtlSeconds|sessions/.test(l))
                .join("\n")
                .replace(/^/gm, "      | "),
        );
        expect(drift.code, drift.output).to.not.equal(0);
        expect(drift.output).to.match(/defaultTtlSeconds: 60 => 2592000|~ defaultTtlSeconds/);
        await e2e.stack.up({ refresh: true, onOutput: e2e.onOutput });
        expect((await api.getStore("yaml-sessions")).body.defaultTtlSeconds).to.equal(2_592_000);
        await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
    });

    it("the wrong provider gets a 403 that names the missing permission and that provider's arguments", async () => {
        const wrong = await yamlStack({
            project: {
                pulumiYaml: [
                    "name: osv2-yaml-wrong",
                    "runtime: yaml",
                    "resources:",
                    "  limited:",
                    "    type: pulumi:providers:anypoint",
                    "    properties:",
                    `      baseUrl: ${emulator.url}`,
                    `      organizationId: ${DEMO_CREDENTIALS.organizationId}`,
                    `      environmentId: ${DEMO_CREDENTIALS.otherEnvironmentId}`,
                    `      clientId: ${DEMO_CREDENTIALS.limitedClientId}`,
                    "      clientSecret:",
                    "        fn::secret: " + DEMO_CREDENTIALS.limitedClientSecret,
                    "  store:",
                    "    type: anypoint:objectstore:Store",
                    "    properties:",
                    "      storeId: yaml-not-allowed",
                    "    options:",
                    "      provider: ${limited}",
                    "",
                ].join("\n"),
            },
        });
        try {
            installPlugin(wrong, path.join(wrong.tmp, "plugin"));
            const failed = await pulumi(wrong, ["up", "--yes", "--skip-preview"]);
            expect(failed.code).to.not.equal(0);
            expect(failed.output).to.match(/Missing permission: Manage stores \(manage:store\) for environment/);
            // The advice names the explicit provider's arguments, not stack config.
            expect(failed.output).to.include("the connected app (clientId of provider 'limited') lacks Manage stores (manage:store)");
            expect(failed.output).to.include("other clientId / clientSecret of provider 'limited'");
            expect(failed.output).to.not.include("anypoint:clientId");
            expect(failed.output).to.not.include(DEMO_CREDENTIALS.limitedClientSecret);
        } finally {
            await wrong.stack.destroy().catch(() => undefined);
            await wrong.dispose();
        }
    });

    it("pulumi import of a store made by curl (default provider) and of a key (explicit provider) writes YAML with their live settings; destroy removes everything", async () => {
        await api.request("PUT", "/stores/yaml-legacy", { defaultTtlSeconds: 1234, persistent: false });
        await api.request("PUT", `/../${DEMO_CREDENTIALS.otherEnvironmentId}/stores/yaml-prod/partitions/settings/keys/legacy`, {
            valueType: "NUMBER",
            numberValue: 4321,
        });
        const out = path.join(e2e.tmp, "imported.yaml");
        const seq = emulator.lastRequestSeq();
        const imported = await pulumi(e2e, [
            "import",
            "anypoint:objectstore:Store",
            "legacy",
            "yaml-legacy",
            "--yes",
            "--protect=false",
            "--out",
            out,
        ]);
        expect(imported.code, imported.output).to.equal(0);
        const code = fs.readFileSync(out, "utf8");
        console.log(code.replace(/^/gm, "      | "));
        expect(code).to.match(/type: anypoint:objectstore:Store/);
        expect(code).to.match(/defaultTtlSeconds: 1234/);
        expect(code).to.match(/persistent: false/);
        const prodUrn = `urn:pulumi:${e2e.stack.name}::yaml-two-providers::pulumi:providers:anypoint::prod`;
        const out2 = path.join(e2e.tmp, "imported-prod.yaml");
        const viaProvider = await pulumi(e2e, [
            "import",
            "anypoint:objectstore:Key",
            "legacyKey",
            "yaml-prod/settings/legacy",
            "--provider",
            `prod=${prodUrn}`,
            "--yes",
            "--protect=false",
            "--out",
            out2,
        ]);
        expect(viaProvider.code, viaProvider.output).to.equal(0);
        const keyCode = fs.readFileSync(out2, "utf8");
        console.log(keyCode.replace(/^/gm, "      | "));
        expect(keyCode).to.match(/numberValue: 4321/);
        expect(keyCode).to.match(/provider: \$\{prod\}/);
        expect(
            sentSince(seq).filter((l) => !l.startsWith("GET ")),
            "import only reads",
        ).to.deep.equal([]);

        const destroyed = await e2e.stack.destroy({ onOutput: e2e.onOutput });
        expect(destroyed.summary.result).to.equal("succeeded");
        for (const store of ["yaml-legacy", "yaml-sessions"]) expect((await api.getStore(store)).status, store).to.equal(404);
    });

    it("no credential in the state or in anything the CLI printed", () => {
        const stateDir = path.join(e2e.tmp, "state");
        const files = fs.readdirSync(stateDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
        const texts = [...files.map((f) => fs.readFileSync(path.join(stateDir, f), "utf8")), e2e.output.join("")];
        for (const secret of [DEMO_CREDENTIALS.clientSecret, DEMO_CREDENTIALS.limitedClientSecret]) {
            for (const t of texts) expect(t.includes(secret), `a client secret in the state or output`).to.equal(false);
        }
    });
});

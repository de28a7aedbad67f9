/**
 * The `anypoint` provider plugin from Pulumi YAML with the real CLI and the YAML language host
 * (issue 17), running examples/yaml-two-providers. The plugin is packed (`npm run plugin:pack`) and installed as a user installs it
 * (`pulumi plugin install resource anypoint <version> --file <tarball>`); the program has no
 * `plugins:` entry. The default provider takes the stack's `anypoint:*` config (no ANYPOINT_*
 * variable is set); an explicit provider uses the emulator's second connected app, limited to the
 * Production environment. Assertions are on what the plugin sent (the emulator's journal): a fresh
 * stack's preview, a preview of a value change, the drift gate and previews failing on bad input
 * send no write, and `up` (with its preview) sends each write once.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { E2EStack, EmulatorApi, REPO_ROOT, installPlugin, runPulumi, startTestEmulator, yamlStack } from "./harness";
import { BAD_INPUTS } from "./bad-input-cases";
import { journalLine, previewWrites } from "./preview-guard";

const PROJECT = path.join(REPO_ROOT, "examples", "yaml-two-providers");

/** A valid new store `storeId` that the bad resources of {@link BAD_PLUGIN_INPUTS} depend on (YAML, indented as a resource). */
const badStore = (storeId: string) =>
    ["  badInputStore:", "    type: anypoint:objectstore:Store", "    properties:", `      storeId: ${storeId}`, ""].join("\n");

/**
 * Cases of ./bad-input-cases.ts (by name: same message) through the plugin, each a resource that
 * depends on a valid new store ({@link badStore}), so its check fails after the engine planned the
 * store's create.
 */
const BAD_PLUGIN_INPUTS = [
    {
        name: "TTL zero",
        yaml: [
            "  badStore:",
            "    type: anypoint:objectstore:Store",
            "    properties:",
            "      storeId: ${badInputStore.storeId}-two",
            "      defaultTtlSeconds: 0",
            "",
        ],
    },
    {
        name: "partitionId with |",
        yaml: [
            "  badPartition:",
            "    type: anypoint:objectstore:Partition",
            "    properties:",
            "      storeId: ${badInputStore.storeId}",
            "      partitionId: x|y",
            "",
        ],
    },
    {
        name: "two values",
        yaml: [
            "  badKey:",
            "    type: anypoint:objectstore:Key",
            "    properties:",
            "      storeId: ${badInputStore.storeId}",
            "      partitionId: ok",
            "      keyId: ok",
            "      stringValue: v",
            "      numberValue: 1",
            "",
        ],
    },
].map((c) => ({ name: c.name, yaml: c.yaml.join("\n") }));

describe("e2e: the anypoint plugin from Pulumi YAML (real CLI, YAML host, two providers)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;

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

    it("a fresh stack's `pulumi preview` plans every resource, with the planned outputs, and sends nothing", async () => {
        const seq = emulator.lastRequestSeq();
        const preview = await runPulumi(e2e, ["preview"]);
        expect(preview.code, preview.output).to.equal(0);
        const journal = emulator.requests(seq);
        console.log(
            `      journal of the preview: ${journal.length} requests [${journal.map(journalLine).join(", ")}]; writes: ${previewWrites(emulator, seq).length}`,
        );
        expect(journal.map(journalLine), "a preview sends no request at all: Create plans without one").to.deep.equal([]);
        expect(preview.output).to.match(/\+ 10 to create/);
        // The plan's outputs: known where the program or the provider's settings decide them.
        expect(preview.output).to.match(/effectiveTtlSeconds\s*:\s*2592000/);
        expect(preview.output).to.match(new RegExp(`regionEnvironment\\s*:\\s*"${DEMO_CREDENTIALS.otherEnvironmentId}"`));
        expect((await api.getStore("yaml-sessions")).status).to.equal(404);
    });

    it("plain `pulumi up --yes` (its preview first): the clamp warning, each provider's own token, each write once", async () => {
        const seq = emulator.lastRequestSeq();
        const from = e2e.output.length;
        const up = await e2e.stack.up({ onOutput: e2e.onOutput }); // `pulumi up --yes`: the harness runs it with its preview
        const printed = e2e.output.slice(from).join("");
        expect(printed).to.match(/defaultTtlSeconds 3888000 \(45 days\) is above the OSv2 maximum of 2592000 \(30 days\); using 2592000/);
        expect(up.outputs.effectiveTtlSeconds.value).to.equal(2_592_000);
        expect(up.outputs.regionEnvironment.value).to.equal(DEMO_CREDENTIALS.otherEnvironmentId);
        // Two providers, two connected apps, two tokens.
        const tokens = emulator.requests(seq).filter((r) => r.url.endsWith("/oauth2/token"));
        expect(tokens.map((r) => (r.body as { client_id: string }).client_id).sort()).to.deep.equal(
            [DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.limitedClientId].sort(),
        );
        // Store GET+PUT, Partition GET+HEAD, Key GET+POST, KeyEntries the key listing (which keys exist: 404 or 200,
        // as the Key's POST came first or not) and one POST per entry (the same as the TypeScript classes, Python and
        // Go send for this program: test/e2e/languages.test.ts).
        const listingStatus = (line: string) => line.replace(/(\/partitions\/flags\/keys) (200|404)$/, "$1 200|404");
        expect(sentSince(seq).map(listingStatus).sort()).to.deep.equal(
            [
                "GET sandbox/stores/yaml-sessions 404",
                "PUT sandbox/stores/yaml-sessions 201",
                "GET sandbox/stores/yaml-sessions 200",
                "HEAD sandbox/stores/yaml-sessions/partitions/flags 404",
                "GET sandbox/stores/yaml-sessions/partitions/flags/keys/new-checkout 404",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/new-checkout 201",
                "GET sandbox/stores/yaml-sessions/partitions/flags/keys 200|404",
                "GET sandbox/stores/yaml-sessions/partitions/flags/keys/max-sessions 404",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/max-sessions 201",
                "GET sandbox/stores/yaml-sessions/partitions/flags/keys/banner 404",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/banner 201",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/max-items 201",
                "POST sandbox/stores/yaml-sessions/partitions/flags/keys/greeting 201",
                "GET production/stores/yaml-prod 404",
                "PUT production/stores/yaml-prod 201",
                "GET production/stores/yaml-prod/partitions/settings/keys/region 404",
                "POST production/stores/yaml-prod/partitions/settings/keys/region 201",
            ].sort(),
        );
        expect(
            (await api.request("GET", `/../${DEMO_CREDENTIALS.otherEnvironmentId}/stores/yaml-prod/partitions/settings/keys/region`)).body
                .stringValue,
        ).to.equal("eu-central-1");
    });

    it("the drift gate (`preview --refresh --expect-no-changes`) fails naming the properties and leaves the drift in place; `up --refresh` repairs it", async () => {
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        await api.request("PATCH", "/stores/yaml-sessions", { defaultTtlSeconds: 60 });
        await api.request("PUT", api.keyPath("yaml-sessions", "flags", "new-checkout"), { valueType: "STRING", stringValue: "hacked" });
        const seq = emulator.lastRequestSeq();
        const drift = await runPulumi(e2e, ["preview", "--refresh", "--expect-no-changes", "--diff"]);
        console.log(
            drift.output
                .split("\n")
                .filter((l) => /defaultTtlSeconds|stringValue/.test(l))
                .join("\n")
                .replace(/^/gm, "      | "),
        );
        console.log(
            `      journal of the drift gate (plugin): ${sentSince(seq).join(", ")}; writes: ${previewWrites(emulator, seq).length}`,
        );
        expect(previewWrites(emulator, seq).map(journalLine), "the drift gate writes nothing").to.deep.equal([]);
        expect(drift.code, drift.output).to.not.equal(0);
        expect(drift.output).to.match(/defaultTtlSeconds: 60 => 2592000|~ defaultTtlSeconds/);
        expect(drift.output).to.match(/stringValue: "hacked" => "enabled"|~ stringValue/);
        expect((await api.getStore("yaml-sessions")).body.defaultTtlSeconds, "the drift is still there").to.equal(60);
        expect((await api.getKey("yaml-sessions", "flags", "new-checkout")).body.stringValue).to.equal("hacked");

        const upSeq = emulator.lastRequestSeq();
        await e2e.stack.up({ refresh: true, onOutput: e2e.onOutput });
        expect(
            sentSince(upSeq).filter((l) => !/^(GET|HEAD) /.test(l)),
            "up --refresh (with its preview) repairs each once",
        ).to.have.members([
            "PATCH sandbox/stores/yaml-sessions 200",
            "PUT sandbox/stores/yaml-sessions/partitions/flags/keys/new-checkout 200",
        ]);
        expect((await api.getStore("yaml-sessions")).body.defaultTtlSeconds).to.equal(2_592_000);
        expect((await api.getKey("yaml-sessions", "flags", "new-checkout")).body.stringValue).to.equal("enabled");
        await e2e.stack.preview({ refresh: true, expectNoChanges: true, onOutput: e2e.onOutput });
    });

    it("a preview of a value change shows it and writes nothing; `up --yes` then writes each change once", async () => {
        const file = path.join(e2e.stack.workspace.workDir, "Pulumi.yaml");
        const original = fs.readFileSync(file, "utf8");
        fs.writeFileSync(
            file,
            original.replace("stringValue: enabled", "stringValue: disabled").replace("persistent: true", "persistent: false"),
        );
        try {
            const seq = emulator.lastRequestSeq();
            const preview = await runPulumi(e2e, ["preview", "--diff"]);
            expect(previewWrites(emulator, seq).map(journalLine), "the preview writes nothing").to.deep.equal([]);
            expect(preview.code, preview.output).to.equal(0);
            expect(preview.output).to.match(/~ stringValue\s*: "enabled" => "disabled"/);
            expect(preview.output).to.match(/~ persistent\s*: true => false/);
            expect((await api.getKey("yaml-sessions", "flags", "new-checkout")).body.stringValue).to.equal("enabled");

            const upSeq = emulator.lastRequestSeq();
            const up = await runPulumi(e2e, ["up", "--yes"]);
            expect(up.code, up.output).to.equal(0);
            expect(sentSince(upSeq).filter((l) => !/^(GET|HEAD) /.test(l))).to.have.members([
                "PATCH sandbox/stores/yaml-sessions 200",
                "PUT sandbox/stores/yaml-sessions/partitions/flags/keys/new-checkout 200",
            ]);
            expect((await api.getKey("yaml-sessions", "flags", "new-checkout")).body.stringValue).to.equal("disabled");
        } finally {
            fs.writeFileSync(file, original);
        }
    });

    for (const [i, { name, yaml }] of BAD_PLUGIN_INPUTS.entries()) {
        it(`bad input (${name}) fails the preview with its message and nothing written, also not the valid store before it`, async () => {
            const file = path.join(e2e.stack.workspace.workDir, "Pulumi.yaml");
            const original = fs.readFileSync(file, "utf8");
            const bad = BAD_INPUTS.find((b) => b.name === name)!;
            const storeId = `yaml-bad-input-${i}`;
            fs.writeFileSync(file, original.replace("\noutputs:\n", `\n${badStore(storeId)}${yaml}outputs:\n`));
            try {
                const seq = emulator.lastRequestSeq();
                const preview = await runPulumi(e2e, ["preview"]);
                expect(previewWrites(emulator, seq).map(journalLine), "a failing preview writes nothing").to.deep.equal([]);
                expect(preview.code, preview.output).to.not.equal(0);
                expect(preview.output).to.match(bad.message);
                expect((await api.getStore(storeId)).status, "the valid store it planned is not created").to.equal(404);
            } finally {
                fs.writeFileSync(file, original);
            }
        });
    }

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
            const failed = await runPulumi(wrong, ["up", "--yes"]);
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
        const imported = await runPulumi(e2e, [
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
        const viaProvider = await runPulumi(e2e, [
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

/**
 * A stack written by the previous `anypoint` plugin keeps working with this one (issue 24, section 5):
 * the previous plugin recorded each KeyEntries entry as an object (`{ stringValue: … }`) in the inputs
 * and outputs; this one records one value per entry, as the TypeScript dynamic resources do. After the
 * plugin is replaced in place, a YAML program previews with no changes and writes nothing, a refresh
 * shows no change and records the new form (a secret entry stays secret), and an edit sends only the
 * changed key.
 *
 * The previous plugin is bundled from git: BASE_PLUGIN_COMMIT (main before this change) is exported
 * with `git archive` and bundled by scripts/pack-plugin.ts against this checkout's node_modules; the
 * tarball is cached under ~/.cache/pulumi-anypoint-objectstore/plugin-base/. Both plugins are
 * installed as README says (`pulumi plugin install resource anypoint <version> --file <tarball>`).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { packPlugin } from "../../scripts/pack-plugin";
import { EmulatorApi, REPO_ROOT, anypointEnv, cliEnv, runPulumi, startTestEmulator, yamlStack, type E2EStack } from "./harness";

/** main before the plugin recorded entries one value each. */
export const BASE_PLUGIN_COMMIT = "a2cf6caa53c459793e9778ba9b802cadaf138415";

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

const program = (greeting: string) => `name: plugin-upgrade
runtime: yaml
resources:
  store:
    type: anypoint:objectstore:Store
    properties:
      storeId: plugin-upgrade
  seed:
    type: anypoint:objectstore:KeyEntries
    properties:
      storeId: \${store.storeId}
      partitionId: seed
      entries:
        greeting:
          stringValue: ${greeting}
        max-items:
          numberValue: 10
        blob:
          binaryValue: AQID
        password:
          stringValue:
            fn::secret: s3cret-value
`;

/** The previous plugin's tarball, bundled from BASE_PLUGIN_COMMIT once and cached. */
async function basePluginTarball(): Promise<string> {
    const cache = path.join(
        process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"),
        "pulumi-anypoint-objectstore",
        "plugin-base",
        BASE_PLUGIN_COMMIT,
    );
    const cached = fs.existsSync(cache) ? fs.readdirSync(cache).find((f) => f.endsWith(".tar.gz")) : undefined;
    if (cached) return path.join(cache, cached);
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-plugin-base-"));
    try {
        execFileSync("bash", ["-c", `git -C "${REPO_ROOT}" archive ${BASE_PLUGIN_COMMIT} provider package.json | tar -x -C "${src}"`], {
            stdio: "inherit",
        });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(src, "node_modules"), "dir");
        const built = await packPlugin(path.join(src, "out"), src);
        fs.mkdirSync(cache, { recursive: true });
        fs.copyFileSync(built, path.join(cache, `${path.basename(built)}.tmp`));
        fs.renameSync(path.join(cache, `${path.basename(built)}.tmp`), path.join(cache, path.basename(built)));
        return path.join(cache, path.basename(built));
    } finally {
        fs.rmSync(src, { recursive: true, force: true });
    }
}

function installPlugin(e2e: E2EStack, tarball: string): void {
    execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", VERSION, "--file", tarball, "--reinstall"], {
        env: { ...process.env, ...cliEnv(e2e.tmp) },
        stdio: "pipe",
    });
}

/** The KeyEntries resource as the stack's checkpoint file holds it (secrets encrypted), and the file's text. */
function keyEntriesState(e2e: E2EStack): { inputs: Record<string, any>; outputs: Record<string, any>; text: string } {
    const dir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
    const file = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(`${e2e.stack.name}.json`));
    const text = fs.readFileSync(path.join(dir, file!), "utf8");
    const resources = (JSON.parse(text) as { checkpoint: { latest: { resources: Record<string, any>[] } } }).checkpoint.latest.resources;
    const resource = resources.find((r) => r.type === "anypoint:objectstore:KeyEntries")!;
    return { inputs: resource.inputs, outputs: resource.outputs, text };
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

describe("e2e: a stack written by the previous anypoint plugin, after the plugin is replaced (YAML, real CLI)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;
    let tmp: string;

    /** Data-plane writes since `seq` as "METHOD /path". */
    const writesSince = (seq: number) =>
        emulator
            .requests(seq)
            .filter((r) => r.url.includes("/api/v1/") && !["GET", "HEAD"].includes(r.method))
            .map((r) => `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/environments\/[^/]+/, ""))}`);

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-plugin-upgrade-"));
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        e2e = await yamlStack({ project: { pulumiYaml: program("hello") }, env: anypointEnv(emulator) });
        installPlugin(e2e, await basePluginTarball());
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("previews with no changes and writes nothing; refresh records one value per entry, the secret kept; an edit sends one PUT", async () => {
        // The previous plugin wrote during previews (fixed since: a preview never writes), so its stack is
        // made without one: `pulumi up --skip-preview`, as its users had to.
        const made = await runPulumi(e2e, ["up", "--yes", "--skip-preview"], { ...cliEnv(e2e.tmp), ...anypointEnv(emulator) });
        expect(made.code, made.output).to.equal(0);
        let state = keyEntriesState(e2e);
        expect(state.inputs.entries.greeting, "the previous plugin's form").to.deep.equal({ stringValue: "hello" });
        expect(state.outputs.entries["max-items"]).to.deep.equal({ numberValue: 10 });
        expect(state.text).to.not.include("s3cret-value");

        installPlugin(e2e, await packPlugin(tmp));
        console.log(`      plugin replaced in place: ${BASE_PLUGIN_COMMIT.slice(0, 7)} -> this build (version ${VERSION})`);
        const seq = emulator.lastRequestSeq();
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });
        expect(writesSince(seq), "preview and refresh write nothing").to.deep.equal([]);

        state = keyEntriesState(e2e);
        for (const recorded of [state.inputs, state.outputs]) {
            expect(recorded.entries.greeting).to.equal("hello");
            expect(recorded.entries["max-items"]).to.equal(10);
            expect(recorded.entries.blob).to.deep.equal({ binaryValue: "AQID" });
            expect(recorded.entries.password, "the secret entry, one value, still a secret").to.have.property(SECRET_SIG);
            expect(recorded.entries.password).to.have.property("ciphertext");
        }
        expect(state.text).to.not.include("s3cret-value");
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });

        fs.writeFileSync(path.join(e2e.stack.workspace.workDir, "Pulumi.yaml"), program("bonjour"));
        const editSeq = emulator.lastRequestSeq();
        const edited = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(edited.summary.resourceChanges).to.deep.equal({ same: 2, update: 1 }); // the stack and the Store; the KeyEntries
        expect(writesSince(editSeq)).to.deep.equal(["PUT /stores/plugin-upgrade/partitions/seed/keys/greeting"]);
        expect((await api.getKey("plugin-upgrade", "seed", "greeting")).body.stringValue).to.equal("bonjour");
        expect(keyEntriesState(e2e).outputs.entries.greeting).to.equal("bonjour");

        const destroySeq = emulator.lastRequestSeq();
        await e2e.stack.destroy({ onOutput: e2e.onOutput });
        expect(writesSince(destroySeq).sort()).to.deep.equal([
            "DELETE /stores/plugin-upgrade",
            "DELETE /stores/plugin-upgrade/partitions/seed/keys/blob",
            "DELETE /stores/plugin-upgrade/partitions/seed/keys/greeting",
            "DELETE /stores/plugin-upgrade/partitions/seed/keys/max-items",
            "DELETE /stores/plugin-upgrade/partitions/seed/keys/password",
        ]);
    });
});

/**
 * A TypeScript stack moves from the dynamic resources to the `anypoint` provider plugin (issue 17):
 * the same program written with the generated Node.js SDK (sdk/nodejs) and `aliases` to the dynamic
 * type tokens previews no replace, and `up` writes nothing: the resources keep their ids and
 * objects. Real CLI; the plugin installed from its tarball as README says.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { buildNodeSdk, newTsProject, packRepository } from "../support/ts-project";
import { EmulatorApi, REPO_ROOT, cliEnv, getPulumiCommand, stackEnv, startTestEmulator } from "./harness";

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

const DYNAMIC = `import { Key, KeyEntries, Partition, Store } from "pulumi-anypoint-objectstore";

const store = new Store("sessions", { storeId: "moving", defaultTtlSeconds: 3600 });
const partition = new Partition("flags", { storeId: store.storeId, partitionId: "flags" });
new Key("checkout", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "checkout", stringValue: "on" });
new KeyEntries("seed", { storeId: store.storeId, partitionId: partition.partitionId, entries: { a: { numberValue: 1 }, b: { stringValue: "x" } } });
`;

const PLUGIN = `import * as anypoint from "@pulumi-anypoint-objectstore/anypoint";

const dynamic = (type: string) => ({ aliases: [{ type: \`pulumi-nodejs:dynamic/objectstore:\${type}\` }] });
const store = new anypoint.objectstore.Store("sessions", { storeId: "moving", defaultTtlSeconds: 3600 }, dynamic("Store"));
const partition = new anypoint.objectstore.Partition("flags", { storeId: store.storeId, partitionId: "flags" }, dynamic("Partition"));
new anypoint.objectstore.Key("checkout", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "checkout", stringValue: "on" }, dynamic("Key"));
new anypoint.objectstore.KeyEntries(
    "seed",
    { storeId: store.storeId, partitionId: partition.partitionId, entries: { a: { numberValue: 1 }, b: { stringValue: "x" } } },
    dynamic("KeyEntries"),
);
`;

describe("e2e: a TypeScript stack moves from the dynamic resources to the plugin with aliases, no replace", function () {
    this.timeout(600_000);
    let tmp: string;
    let project: string;
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let stack: Stack;
    const output: string[] = [];
    const onOutput = (line: string) => output.push(line);

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-migrate-"));
        const tarball = packRepository(tmp);
        const sdk = buildNodeSdk(path.join(tmp, "anypoint-sdk"));
        project = newTsProject(path.join(tmp, "project"), "migrate-e2e", DYNAMIC, [tarball, sdk]);
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        const env = stackEnv(emulator, path.join(tmp, "pulumi"));
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: `migrate${process.pid}`, workDir: project },
            { envVars: env, pulumiCommand: await getPulumiCommand() },
        );
        const plugin = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist", "scripts", "pack-plugin.js"), "--out", tmp], {
            encoding: "utf8",
        }).trim();
        execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", VERSION, "--file", plugin], {
            env: { ...process.env, ...cliEnv(path.join(tmp, "pulumi")) },
            stdio: "pipe",
        });
    });

    after(async () => {
        if (stack) {
            await stack.destroy().catch(() => undefined);
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        }
        await emulator?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("preview shows no replace, up writes nothing, refresh and preview are clean, destroy removes the objects", async () => {
        await stack.up({ onOutput });
        const idsBefore = (await stack.exportStack()).deployment.resources
            .filter((r: { type: string }) => r.type.includes("objectstore:"))
            .map((r: { urn: string; id: string }) => `${r.urn.split("::").pop()}=${r.id}`)
            .sort();

        fs.writeFileSync(path.join(project, "index.ts"), PLUGIN);
        const preview = await stack.preview({ diff: true, onOutput });
        console.log(`      preview after the move: ${JSON.stringify(preview.changeSummary)}`);
        for (const step of ["replace", "create", "delete", "create-replacement", "delete-replaced"]) {
            expect(preview.changeSummary, step).to.not.have.property(step);
        }
        const seq = emulator.lastRequestSeq();
        const up = await stack.up({ onOutput });
        console.log(`      up after the move: ${JSON.stringify(up.summary.resourceChanges)}`);
        const writes = emulator.requests(seq).filter((r) => r.url.includes("/api/v1/") && !["GET", "HEAD"].includes(r.method));
        expect(
            writes.map((r) => `${r.method} ${r.url}`),
            "the move writes nothing",
        ).to.deep.equal([]);

        const after = (await stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.includes("objectstore:"));
        expect(after.map((r: { type: string }) => r.type).sort()).to.deep.equal([
            "anypoint:objectstore:Key",
            "anypoint:objectstore:KeyEntries",
            "anypoint:objectstore:Partition",
            "anypoint:objectstore:Store",
        ]);
        expect(after.map((r: { urn: string; id: string }) => `${r.urn.split("::").pop()}=${r.id}`).sort(), "same ids").to.deep.equal(
            idsBefore,
        );
        await stack.refresh({ expectNoChanges: true, onOutput });
        await stack.preview({ expectNoChanges: true, onOutput });

        await stack.destroy({ onOutput });
        expect((await api.getStore("moving")).status).to.equal(404);
    });
});

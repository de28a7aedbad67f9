/**
 * Upgrades keep stacks working (issue 16): a stack written by the previous release of this package,
 * upgraded in place to the current build, previews with no changes, refreshes clean, and applies an
 * edit without a replace.
 *
 * The previous release is built from git: commit BASE_COMMIT (the last landed main before the
 * ownership, key-id spelling and two-front-door changes) is exported with `git archive`, installed
 * with `npm ci`, compiled and packed; the tarball is cached under
 * ~/.cache/pulumi-anypoint-objectstore/upgrade-base/. A new Pulumi TypeScript project installs it,
 * `pulumi up` writes a stack with a Store, a Partition, a Key (its id holding a space, which the
 * previous release recorded as written) and a KeyEntries; then the current build's tarball replaces
 * it (`npm install <tarball>`), and the real CLI previews, refreshes and updates.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { EmulatorApi, getPulumiCommand, REPO_ROOT, stackEnv, startTestEmulator } from "./harness";

/** The previous release: main at the end of the issues 8-13 work (package version 0.1.0). */
export const BASE_COMMIT = "39704c1d99c451f4ed4bcce6b0f230f6c751f5d0";

const PROGRAM = (edited: boolean) => `import { Key, KeyEntries, Partition, Store } from "pulumi-anypoint-objectstore";

const store = new Store("store", { storeId: "upgrade", defaultTtlSeconds: ${edited ? 7200 : 3600}, persistent: true });
const partition = new Partition("partition", { storeId: store.storeId, partitionId: "seed" });
new Key("flag", { storeId: store.storeId, partitionId: partition.partitionId, keyId: "new checkout", stringValue: "${edited ? "off" : "on"}" });
new KeyEntries("limits", {
    storeId: store.storeId,
    partitionId: partition.partitionId,
    entries: { "max-items": { numberValue: 10 }, greeting: { stringValue: "hello" }, blob: { binaryValue: "AQID" } },
});
export const ttl = store.defaultTtlSeconds;
`;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env, maxBuffer: 1 << 28 });
}

/** The previous release's tarball, built from BASE_COMMIT once and cached. */
function baseTarball(): string {
    const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-anypoint-objectstore", "upgrade-base");
    const tarball = path.join(cache, `${BASE_COMMIT}.tgz`);
    if (fs.existsSync(tarball)) return tarball;
    fs.mkdirSync(cache, { recursive: true });
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-upgrade-base-"));
    try {
        execFileSync("bash", ["-c", `git -C "${REPO_ROOT}" archive ${BASE_COMMIT} | tar -x -C "${src}"`], { stdio: "inherit" });
        run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], src);
        run(process.execPath, [path.join(src, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], src);
        const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", src], src)) as {
            filename: string;
        }[];
        fs.copyFileSync(path.join(src, packed[0].filename), `${tarball}.tmp`);
        fs.renameSync(`${tarball}.tmp`, tarball);
        return tarball;
    } finally {
        fs.rmSync(src, { recursive: true, force: true });
    }
}

describe("e2e: a stack written by the previous release, upgraded in place", function () {
    this.timeout(900_000);
    let tmp: string;
    let project: string;
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let stack: Stack;
    const output: string[] = [];
    const onOutput = (line: string) => output.push(line);

    const writesSince = (seq: number) =>
        emulator
            .requests(seq)
            .filter((r) => r.url.includes("/api/v1/") && !["GET", "HEAD"].includes(r.method))
            .map((r) => `${r.method} ${decodeURIComponent(r.url.replace(/^.*\/environments\/[^/]+/, ""))}`);

    before(async () => {
        const base = baseTarball();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-upgrade-"));
        const current = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], REPO_ROOT)) as {
            filename: string;
        }[];
        fs.renameSync(path.join(tmp, current[0].filename), path.join(tmp, "current.tgz"));
        project = path.join(tmp, "project");
        fs.mkdirSync(project);
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: upgrade-e2e\nruntime: nodejs\n");
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify(
                {
                    name: "upgrade-e2e",
                    main: "index.ts",
                    devDependencies: { "@types/node": "^22", typescript: "^5.0.0" },
                    dependencies: { "@pulumi/pulumi": "3.276.0" },
                },
                null,
                4,
            ),
        );
        fs.writeFileSync(
            path.join(project, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node" },
                files: ["index.ts"],
            }),
        );
        fs.writeFileSync(path.join(project, "index.ts"), PROGRAM(false));
        run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", base], project);
        emulator = await startTestEmulator();
        api = new EmulatorApi(emulator);
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: `upgrade${process.pid}`, workDir: project },
            { envVars: stackEnv(emulator, path.join(tmp, "pulumi")), pulumiCommand: await getPulumiCommand() },
        );
    });

    after(async () => {
        if (stack) {
            await stack.destroy().catch(() => undefined);
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        }
        await emulator?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("previews with no changes, refreshes clean and applies an edit without a replace", async () => {
        const installedVersion = () =>
            JSON.parse(fs.readFileSync(path.join(project, "node_modules", "pulumi-anypoint-objectstore", "package.json"), "utf8")).version;
        const written = await stack.up({ onOutput });
        expect(written.summary.resourceChanges).to.deep.include({ create: 5 });
        expect((await api.getKey("upgrade", "seed", "new+checkout")).body.stringValue).to.equal("on");
        console.log(`      stack written by the previous release (commit ${BASE_COMMIT.slice(0, 7)}, version ${installedVersion()})`);

        run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(tmp, "current.tgz")], project);
        console.log(`      upgraded in place to the current build (version ${installedVersion()})`);

        const seq = emulator.lastRequestSeq();
        await stack.preview({ expectNoChanges: true, onOutput });
        await stack.refresh({ expectNoChanges: true, onOutput });
        await stack.preview({ refresh: true, expectNoChanges: true, onOutput });
        expect(writesSince(seq), "preview and refresh write nothing").to.deep.equal([]);

        fs.writeFileSync(path.join(project, "index.ts"), PROGRAM(true));
        const editSeq = emulator.lastRequestSeq();
        const edited = await stack.up({ onOutput });
        expect(edited.summary.resourceChanges).to.deep.equal({ same: 3, update: 2 });
        expect(writesSince(editSeq).sort()).to.deep.equal([
            "PATCH /stores/upgrade",
            "PUT /stores/upgrade/partitions/seed/keys/new+checkout",
        ]);
        expect((await api.getStore("upgrade")).body.defaultTtlSeconds).to.equal(7200);
        expect((await api.getKey("upgrade", "seed", "new+checkout")).body.stringValue).to.equal("off");
        await stack.preview({ refresh: true, expectNoChanges: true, onOutput });
    });
});

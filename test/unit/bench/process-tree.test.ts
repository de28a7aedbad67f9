/**
 * The bench's process-tree sampler (scripts/bench-support/process-tree.ts): a child that has forked
 * but not exec'd (same executable and command line as its parent, the parent's pages) is neither
 * counted nor given a role until it execs; then it counts, with the role of what it runs. Over a
 * made-up process table, and over real processes (a bash subshell is such a fork for its lifetime).
 */
import { spawn } from "node:child_process";
import { expect } from "chai";
import { TreeSampler, countedDescendants, readProcesses, roleOf, type ProcessInfo } from "../../../scripts/bench-support/process-tree";

const MiB = 2 ** 20;
const proc = (ppid: number, comm: string, cmdline: string, exe: string, rssMiB: number, cpuSeconds = 1): ProcessInfo => ({
    ppid,
    comm,
    cmdline,
    exe,
    rssBytes: rssMiB * MiB,
    cpuSeconds,
});

describe("bench: process-tree sampler", () => {
    it("does not count a fork that has not exec'd; counts it, with its own role, once it has", () => {
        const engine = proc(1, "pulumi", "pulumi preview --stack s", "/opt/pulumi", 300);
        let table = new Map<number, ProcessInfo>([
            [10, engine],
            [11, { ...engine, ppid: 10 }], // forked by the engine, exec not yet called: the engine's pages
            [12, proc(10, "node", "node /p/pulumi-resource-anypoint.js 127.0.0.1:1", "/usr/bin/node", 80)],
            [99, proc(2, "bash", "bash", "/bin/bash", 5)], // not under the root
        ]);
        expect(countedDescendants(1, table).sort()).to.deep.equal([10, 12]);

        const sampler = new TreeSampler({ read: () => table, root: 1 });
        sampler.sample();
        table = new Map(table).set(11, proc(10, "pulumi-language", "pulumi-language-yaml 127.0.0.1:2", "/opt/pulumi-language-yaml", 40, 2));
        sampler.sample();
        const usage = sampler.stop();
        expect(usage.peakRssBytes / MiB, "300 + 80, then 300 + 80 + 40; never the engine twice").to.equal(420);
        expect(usage.peakRssByRole.engine / MiB).to.equal(300);
        expect(usage.peakRssByRole["language host"] / MiB).to.equal(40);
        expect(usage.peakRssByRole.plugin / MiB).to.equal(80);
        expect(usage.peakRssWithoutBytes["language host"] / MiB).to.equal(380);
        expect(usage.cpuSecondsByRole["language host"], "the exec'd child's CPU goes to its own role").to.equal(2);
        expect(usage.cpuSecondsByRole.engine).to.equal(1);
    });

    it("gives a launcher that execs its program the program's role (the dynamic provider host's, a plugin's), kept when it exits", () => {
        const launcher = proc(10, "pulumi-resource", "/bin/sh /opt/pulumi-resource-pulumi-nodejs 127.0.0.1:1", "/bin/sh", 2, 0);
        const plugin = proc(10, "pulumi-resource", "/bin/sh /p/pulumi-resource-anypoint 127.0.0.1:1", "/bin/sh", 2, 0);
        let table = new Map<number, ProcessInfo>([
            [10, proc(1, "pulumi", "pulumi preview", "/opt/pulumi", 100, 0)],
            [11, launcher],
            [12, plugin],
        ]);
        const sampler = new TreeSampler({ read: () => table, root: 1 });
        sampler.sample();
        table = new Map(table)
            .set(
                11,
                proc(
                    10,
                    "node",
                    "node /repo/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js 127.0.0.1:1",
                    "/usr/bin/node",
                    150,
                    3,
                ),
            )
            .set(12, proc(10, "node", "node /p/pulumi-resource-anypoint.js 127.0.0.1:1", "/usr/bin/node", 80, 2));
        sampler.sample();
        table = new Map(table).set(11, { ...table.get(11)!, comm: "node", cmdline: "", rssBytes: 0, cpuSeconds: 4 }); // exiting
        sampler.sample();
        const usage = sampler.stop();
        expect(usage.cpuSecondsByRole["provider host"]).to.equal(4);
        expect(usage.cpuSecondsByRole.plugin).to.equal(2);
        expect(usage.peakRssByRole["provider host"] / MiB).to.equal(150);
        expect(usage.cpuSecondsByRole.other).to.equal(0);
    });

    it("names each process of a run by what it runs: a Node program, a Python inline program's driver, the hosts, a plugin", () => {
        expect(roleOf("pulumi", "pulumi up --client=127.0.0.1:1 --exec-kind auto.inline")).to.equal("engine");
        expect(roleOf("node", "node /repo/node_modules/@pulumi/pulumi/cmd/run /p 127.0.0.1:1")).to.equal("program");
        expect(roleOf("python", "/venv/bin/python /repo/test/e2e/programs/inline/driver.py up --work-dir /w")).to.equal("program");
        expect(roleOf("python", "/venv/bin/python other.py")).to.equal("other");
        expect(roleOf("pulumi-language", "pulumi-language-yaml 127.0.0.1:2")).to.equal("language host");
        expect(roleOf("node", "node /p/pulumi-resource-anypoint.js 127.0.0.1:1")).to.equal("plugin");
    });

    it("over real processes: a bash subshell (a fork that never execs) is not counted, its parent and child are", async function () {
        if (process.platform !== "linux") this.skip();
        const child = spawn("bash", ["-c", "(sleep 30; true) & wait"], { stdio: "ignore", detached: true }); // its own process group
        try {
            let subshell: number | undefined, sleeper: number | undefined;
            for (let i = 0; i < 100 && sleeper === undefined; i++) {
                await new Promise((r) => setTimeout(r, 50));
                const all = readProcesses();
                subshell = [...all].find(([, p]) => p.ppid === child.pid && p.cmdline === all.get(child.pid!)?.cmdline)?.[0];
                sleeper = [...all].find(([, p]) => p.ppid === subshell && p.comm === "sleep")?.[0];
            }
            expect(sleeper, "bash, its subshell and sleep started").to.be.a("number");
            const sampler = new TreeSampler({ root: child.pid!, includeRoot: true });
            sampler.sample();
            const counted = sampler.stop().processes.map((p) => p.pid);
            expect(counted).to.include(child.pid);
            expect(counted).to.include(sleeper);
            expect(counted, "the subshell").to.not.include(subshell);
        } finally {
            process.kill(-child.pid!, "SIGKILL");
        }
    });
});

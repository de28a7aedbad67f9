/**
 * KeyEntries with the real `pulumi` CLI against the emulator: up writes every entry, drift is shown
 * per key by refresh and preview --refresh, keys that applications write are not drift, a partial
 * failure leaves the state true to what was written and the next up finishes the rest (sending
 * only what is missing), secrets stay secret, and the stored provider text is small and portable.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "../../emulator";
import { KeyEntries, Store } from "../../provider";
import type { EntryMap } from "../../provider";
import { E2EStack, EmulatorApi, REPO_ROOT, inlineStack, startTestEmulator } from "./harness";

const STORE = "bulk-e2e";
const PARTITION = "seed";
const SECRET = "s3cr3t-value-for-bulk-entries-9d1c";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The value of a possibly secret property of an exported deployment. */
function unwrap(v: any): any {
    if (!v || typeof v !== "object" || !(SECRET_SIG in v)) return v;
    return "plaintext" in v ? JSON.parse(v.plaintext) : v.value;
}

describe("e2e: KeyEntries with the real pulumi CLI", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let e2e: E2EStack;
    const requests: string[] = [];
    let declared: EntryMap = {};
    for (let i = 0; i < 20; i++) declared[`k${i}`] = i % 2 ? { numberValue: i } : { stringValue: `value ${i}` };

    const keyPath = (keyId: string) => api.keyPath(STORE, PARTITION, keyId);
    const dataPlane = () => requests.filter((l) => l.includes(" /api/v1/")).map((l) => l.split(" ").slice(1, 3).join(" "));

    function stateFileText(): string {
        const stacksDir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
        const files = fs.readdirSync(stacksDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(`${e2e.stack.name}.json`));
        return fs.readFileSync(path.join(stacksDir, files[0]), "utf8");
    }

    before(async () => {
        emulator = await startTestEmulator({ logRequests: (l) => void requests.push(l) });
        api = new EmulatorApi(emulator);
        e2e = await inlineStack(emulator, async () => {
            const store = new Store("store", { storeId: STORE, defaultTtlSeconds: 3_600 });
            const entries: Record<string, pulumi.Input<{ stringValue?: pulumi.Input<string>; numberValue?: number }>> = { ...declared };
            entries.password = { stringValue: pulumi.secret(SECRET) };
            const seed = new KeyEntries("seed", { storeId: store.storeId, partitionId: PARTITION, entries });
            return { entryCount: seed.entryCount };
        });
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await emulator?.close();
    });

    it("up writes every entry once; the state keeps the secret secret and stores a small provider text with no machine path", async () => {
        requests.length = 0;
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.outputs.entryCount.value).to.equal(21);
        expect(
            dataPlane()
                .filter((r) => r.includes("/keys/"))
                .every((r) => r.startsWith("POST ")),
        ).to.equal(true);
        expect(dataPlane().filter((r) => r.includes("/keys/"))).to.have.length(21);
        expect((await api.getKey(STORE, PARTITION, "password")).body.stringValue).to.equal(SECRET);

        const state = stateFileText();
        expect(state).to.not.include(SECRET);
        expect(state).to.not.include(REPO_ROOT);
        const stored = JSON.parse(state).checkpoint.latest.resources.find((r: any) => r.type.endsWith(":KeyEntries"));
        expect(Buffer.byteLength(stored.inputs.__provider)).to.be.at.most(1024);
        expect(JSON.stringify(stored.outputs.entries.password)).to.include(SECRET_SIG); // the secret stays a secret in outputs
    });

    it("drift is shown per key; application keys are not drift; up --refresh rewrites only the drifted keys", async () => {
        await api.request("PUT", keyPath("written-by-app"), { valueType: "STRING", stringValue: "runtime data" });
        await e2e.stack.refresh({ expectNoChanges: true, onOutput: e2e.onOutput });

        await api.request("PUT", keyPath("k2"), { valueType: "STRING", stringValue: "hacked" });
        await api.request("DELETE", keyPath("k3"));
        const lines: string[] = [];
        const err = await e2e.stack.refresh({ expectNoChanges: true, onOutput: (l) => lines.push(l) }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err, "refresh --expect-no-changes must fail on drift").to.be.instanceOf(Error);
        expect(lines.join("")).to.match(/objectstore:KeyEntries\s+seed\s+updated/);

        const previewLines: string[] = [];
        const preview = await e2e.stack.preview({ refresh: true, diff: true, onOutput: (l) => previewLines.push(l) });
        expect(preview.changeSummary).to.include({ update: 1 });
        const text = previewLines.join("");
        expect(text, text).to.match(/~ k2\s*: "hacked" => "value 2"/); // drift per key, with the value
        expect(text, text).to.match(/\+ k3\s*: 3\n/);
        expect(text, text).to.match(/password\s*: \[secret\]/);
        expect(text, text).to.not.match(/written-by-app/);

        requests.length = 0;
        await e2e.stack.up({ refresh: true, onOutput: e2e.onOutput });
        const writes = dataPlane().filter((r) => !r.startsWith("GET ") && !r.startsWith("HEAD "));
        expect(writes.map((w) => w.split(" ")[0] + " " + w.split("/").pop()).sort()).to.deep.equal(["POST k3", "PUT k2"]);
        expect((await api.getKey(STORE, PARTITION, "k2")).body.stringValue).to.equal("value 2");
        expect((await api.getKey(STORE, PARTITION, "k3")).body.numberValue).to.equal(3);
        expect((await api.getKey(STORE, PARTITION, "written-by-app")).status).to.equal(200);
        await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        expect(stateFileText()).to.not.include(SECRET); // also after refresh
    });

    it("partial failure: the failed up records what was written, and the next up sends only the rest", async () => {
        declared = { ...declared };
        for (let i = 0; i < 6; i++) declared[`new${i}`] = { stringValue: `added ${i}` };
        const fault = await fetch(`${emulator.url}/_emulator/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ method: "POST", route: "/keys/new[14]$", status: 400 }),
        });
        expect(fault.status).to.equal(201);
        const upLines: string[] = [];
        const failed = await e2e.stack.up({ onOutput: (l) => upLines.push(l) }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(failed, "up must fail").to.be.instanceOf(Error);
        expect(upLines.join(""), upLines.join("")).to.match(/2 of 6 key writes/);

        const deployment = (await e2e.stack.exportStack()).deployment;
        const seed = deployment.resources.find((r: any) => r.type.endsWith(":KeyEntries"));
        const recorded = unwrap(seed.outputs.entries);
        expect(Object.keys(recorded)).to.include.members(["new0", "new2", "new3", "new5"]);
        expect(Object.keys(recorded)).to.not.include.members(["new1"]);
        expect(Object.keys(recorded)).to.not.include.members(["new4"]);

        await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
        requests.length = 0;
        await e2e.stack.up({ onOutput: e2e.onOutput });
        const writes = dataPlane().filter((r) => !r.startsWith("GET ") && !r.startsWith("HEAD "));
        expect(writes.map((w) => w.split(" ")[0] + " " + w.split("/").pop()).sort()).to.deep.equal(["POST new1", "POST new4"]);
        expect((await api.listKeyIds(STORE, PARTITION)).filter((k) => k.startsWith("new")).sort()).to.deep.equal([
            "new0",
            "new1",
            "new2",
            "new3",
            "new4",
            "new5",
        ]);
    });

    it("destroy deletes the declared keys and leaves the application's key", async () => {
        requests.length = 0;
        await e2e.stack.destroy({ onOutput: e2e.onOutput });
        const deletes = dataPlane().filter((r) => r.startsWith("DELETE ") && r.includes("/keys/"));
        expect(deletes).to.have.length(27);
        const left = await api.request("GET", `/stores/${STORE}`);
        expect(left.status).to.equal(404); // the Store resource is destroyed too
    });
});

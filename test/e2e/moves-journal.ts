/**
 * What the change-of-place tests (moves.test.ts) read from a run: the emulator's request journal by
 * environment, the engine's step per resource, and the journal of a move (created in the new
 * environment before anything is deleted in the old one, nothing left there).
 */
import { expect } from "chai";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import type { EmulatorApi } from "./harness";

export const SANDBOX = DEMO_CREDENTIALS.environmentId;
export const PRODUCTION = DEMO_CREDENTIALS.otherEnvironmentId;

/** Data-plane requests of the emulator since `seq`, as "METHOD <sandbox|production>/<path> <status>". */
export function journal(emulator: RunningEmulator, seq: number): string[] {
    return emulator
        .requests(seq)
        .filter((r) => r.url.includes("/api/v1/"))
        .map((r) => {
            const where = decodeURIComponent(r.url.replace(/^.*\/environments\//, ""))
                .replace(SANDBOX, "sandbox")
                .replace(PRODUCTION, "production")
                .replace(/\?.*$/, "");
            return `${r.method} ${where} ${r.status}`;
        });
}
export const isWrite = (line: string) => !/^(GET|HEAD) /.test(line);

/** The step the engine took for each resource of the package (by resource name): same, update, replace (with its keys). */
export function stepsOf(events: EngineEvent[]): Record<string, string> {
    const steps: Record<string, string> = {};
    for (const event of events) {
        const meta = event.resourcePreEvent?.metadata;
        if (!meta || !/objectstore:(Store|Partition|Key|KeyEntries)$/.test(meta.type)) continue;
        const name = meta.urn.split("::").pop()!;
        const op = String(meta.op);
        if (op === "replace") steps[name] = `replace [${(meta.keys ?? []).join(", ")}]`;
        else if (!steps[name]?.startsWith("replace") && !["create-replacement", "delete-replaced"].includes(op)) steps[name] = op;
    }
    return steps;
}

/**
 * Checks the journal of an update that moved `storeId` (and what it holds) from `from` to `to`:
 * every write in the new environment comes before the first delete in the old one, nothing is
 * written to the old one but deletes, and the old store is gone.
 */
export async function expectMoved(api: EmulatorApi, sent: string[], storeId: string, from: string, to: string): Promise<void> {
    const writes = sent.filter(isWrite).filter((l) => l.includes(` ${to}/stores/${storeId}`) || l.includes(` ${from}/stores/${storeId}`));
    const firstDelete = writes.findIndex((l) => l.startsWith(`DELETE ${from}/`));
    const lastCreate = writes.map((l) => l.includes(` ${to}/`) && !l.startsWith("DELETE")).lastIndexOf(true);
    expect(firstDelete, writes.join("\n")).to.be.above(-1);
    expect(lastCreate, writes.join("\n")).to.be.above(-1).and.below(firstDelete);
    expect(
        writes.filter((l) => l.includes(` ${from}/`) && !l.startsWith("DELETE")),
        "writes to the old environment",
    ).to.deep.equal([]);
    expect(
        writes.filter((l) => l.includes(` ${to}/`) && l.startsWith("DELETE")),
        "deletes in the new environment",
    ).to.deep.equal([]);
    const env = (e: string) => `/../${e === "sandbox" ? SANDBOX : PRODUCTION}`;
    expect((await api.request("GET", `${env(from)}/stores/${storeId}`)).status, `${storeId} left in ${from}`).to.equal(404);
    expect((await api.request("GET", `${env(to)}/stores/${storeId}`)).status, `${storeId} in ${to}`).to.equal(200);
    expect((await api.request("GET", `${env(to)}${api.keyPath(storeId, "flags", "checkout")}`)).body.stringValue).to.equal("on");
    expect((await api.request("GET", `${env(to)}${api.keyPath(storeId, "flags", "limit")}`)).body.numberValue).to.equal(10);
}

/** The message of a rejected promise, or "" when it resolved. */
export const failure = (p: Promise<unknown>) =>
    p.then(
        () => "",
        (e: Error) => e.message,
    );

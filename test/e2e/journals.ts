/**
 * What a program sent to OSv2, from the emulator's request journal, in a form that compares across
 * programs and languages: data-plane requests as `METHOD <environment>/<path> <status>` (path
 * decoded, environments named `sandbox` and `production` for the demo organization's two), with the
 * language prefix of store ids (`yaml-`, `python-`, `go-`: each language's copy of one program uses
 * its own store ids) left out. A partition's key listing (`GET …/partitions/{p}/keys`, which a
 * KeyEntries create reads before it writes) shows its status as `200|404`: it answers 404 or 200 as
 * another resource's key in the same partition was created before it or not, which the engine's
 * parallel steps decide.
 */
import { DEMO_CREDENTIALS, type RecordedRequest, type RunningEmulator } from "../../emulator";

/** One data-plane request as a line; the store ids' language prefix left out. Pure. */
export function requestLine(r: Pick<RecordedRequest, "method" | "url" | "status">): string {
    const url = decodeURIComponent(r.url.replace(/^.*\/environments\//, ""))
        .replace(DEMO_CREDENTIALS.environmentId, "sandbox")
        .replace(DEMO_CREDENTIALS.otherEnvironmentId, "production")
        .replace(/\/stores\/(yaml|python|go)-/, "/stores/");
    const status = r.method === "GET" && /\/partitions\/[^/]+\/keys$/.test(url.split("?")[0]) ? "200|404" : r.status;
    return `${r.method} ${url} ${status}`;
}

/** The data-plane requests (`/api/v1/`) `emulator` journaled after `fromSeq` up to `toSeq`, as {@link requestLine}s in journal order. */
export function sentLines(emulator: Pick<RunningEmulator, "requests">, fromSeq: number, toSeq = Infinity): string[] {
    return emulator
        .requests(fromSeq)
        .filter((r) => r.seq <= toSeq && r.url.startsWith("/api/v1/"))
        .map(requestLine);
}

/**
 * The requests of `lines` grouped by the object they address (environment and path), each group in
 * journal order: the order the engine's parallel steps cannot change (a store's GET before its PUT,
 * a partition's check after the store exists). Pure.
 */
export function byObject(lines: readonly string[]): Record<string, string[]> {
    const groups: Record<string, string[]> = {};
    for (const line of lines) {
        const method = line.slice(0, line.indexOf(" "));
        const status = line.slice(line.lastIndexOf(" ") + 1);
        (groups[line.slice(method.length + 1, line.length - status.length - 1)] ??= []).push(`${method} ${status}`);
    }
    return Object.fromEntries(Object.entries(groups).sort(([a], [b]) => a.localeCompare(b)));
}

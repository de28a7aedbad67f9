/**
 * The conformance report: its JSON shape and its Markdown rendering (for an issue). Pure. Holds no
 * credential, token or organization/environment id: paths show `{org}` / `{env}`, bodies are
 * abridged and redacted by the harness before they get here.
 */
import type { LifecycleResult } from "./lifecycle";
import type { TracedRequest } from "./harness";
import type { NotProbed, SourceLabel } from "./spec";

/** How a probe ended. */
export type ProbeOutcome = "held" | "differs" | "skipped" | "not run";

/** One probe's result. */
export interface ProbeResult {
    id: string;
    assumption: string;
    source: SourceLabel;
    ref: string;
    result: ProbeOutcome;
    /** The judge's detail (what held or what differs), or why it was skipped / not run. */
    detail: string;
    /** What the provider does with this assumption (for a difference). */
    relies: string;
    /** The requests sent (restore requests included). */
    requests: TracedRequest[];
    /** For a difference: the answer that shows it (status, body abridged to ~300 characters, redacted). */
    answer?: { status: number; body: string; error?: string };
}

/** Where the run went. */
export interface ReportTarget {
    /** e.g. `the bundled emulator (no settings given)` or `stack 'dev' of …, then ANYPOINT_* variables`. */
    settingsFrom: string;
    baseUrl: string;
    authBaseUrl: string;
    statsBaseUrl: string | null;
    controlPlane: string;
    region: string;
    /** `connected app`, `user login` or `bearer token`. */
    credentials: string;
    requestsPerSecond: number;
}

/** The whole report (also written as JSON). */
export interface ConformanceReport {
    tool: { name: string; version: string };
    startedAt: string;
    durationMs: number;
    target: ReportTarget;
    scratchStoreId: string;
    interrupted: boolean;
    probes: ProbeResult[];
    notProbed: readonly NotProbed[];
    lifecycle: LifecycleResult;
    cleanup: { deleted: string[]; leftovers: { storeId: string; status: number | string }[] };
    requests: {
        /** Probe, restore, cleanup and out-of-band requests, token requests included (counted by the harness). */
        probes: number;
        /** The lifecycle's requests (made by Pulumi's processes); counted only on an emulator with a request journal. */
        lifecycle: number | null;
        total: number | null;
        /** Seconds the counted requests take at 10 requests/s (OSv2's base limit per application). */
        secondsAt10PerSecond: number;
    };
    summary: { held: number; differs: number; skipped: number; notRun: number };
}

/** Whether the report is a pass: no probe differs, the lifecycle passed (or was skipped on purpose), nothing left behind, not interrupted. */
export function passed(r: ConformanceReport): boolean {
    return (
        !r.interrupted &&
        r.summary.differs === 0 &&
        r.summary.notRun === 0 &&
        (r.lifecycle.result === "passed" || (r.lifecycle.result === "not run" && r.lifecycle.reason === SKIPPED_LIFECYCLE)) &&
        r.cleanup.leftovers.length === 0
    );
}

/** The reason recorded when the lifecycle is skipped on request (`--skip-lifecycle`). */
export const SKIPPED_LIFECYCLE = "--skip-lifecycle";

/** Counts of probe outcomes. */
export function summarize(probes: readonly ProbeResult[]): ConformanceReport["summary"] {
    const count = (o: ProbeOutcome) => probes.filter((p) => p.result === o).length;
    return { held: count("held"), differs: count("differs"), skipped: count("skipped"), notRun: count("not run") };
}

/** Text abridged to `max` characters (with a count of what was left out). */
export function abridge(text: string, max = 300): string {
    const t = text.replace(/\s+/g, " ").trim();
    return t.length > max ? `${t.slice(0, max)}… (${t.length - max} more characters)` : t;
}

const MARK: Record<ProbeOutcome, string> = { held: "✓ held", differs: "✗ differs", skipped: "– skipped", "not run": "– not run" };

/** A table cell: no pipes or newlines. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The report as Markdown, ready to paste into an issue. */
export function renderMarkdown(r: ConformanceReport): string {
    const s = r.summary;
    const out: string[] = [];
    out.push(`## OSv2 conformance report (${r.tool.name} ${r.tool.version})`, "");
    const verdict = passed(r)
        ? "**every probe held**"
        : `**${s.differs} probe${s.differs === 1 ? "" : "s"} differ${s.differs === 1 ? "s" : ""}**`;
    out.push(
        `- Result: ${verdict}: ${s.held} held, ${s.differs} differ, ${s.skipped} skipped, ${s.notRun} not run; lifecycle ${r.lifecycle.result}${r.lifecycle.reason ? ` (${r.lifecycle.reason})` : ""}${r.interrupted ? "; **interrupted**" : ""}.`,
        `- Target: ${r.target.baseUrl} (control plane ${r.target.controlPlane}, region ${r.target.region}); token host ${r.target.authBaseUrl}; Stats API ${r.target.statsBaseUrl ?? "none"}; ${r.target.credentials}; settings from ${r.target.settingsFrom}.`,
        `- Started ${r.startedAt}, took ${seconds(r.durationMs)}. Requests: ${r.requests.probes} by the probes${r.requests.lifecycle === null ? " (the lifecycle's, made by Pulumi's processes, are counted only on the emulator)" : `, ${r.requests.lifecycle} by the lifecycle, ${r.requests.total} in all`}: ${r.requests.secondsAt10PerSecond} s of requests at 10 requests/s (client limit ${r.target.requestsPerSecond}/s).`,
        `- Scratch store \`${r.scratchStoreId}\` (and \`${r.scratchStoreId}-…\`): ${r.cleanup.leftovers.length === 0 ? `nothing left (deleted at the end: ${r.cleanup.deleted.length === 0 ? "nothing was left to delete" : r.cleanup.deleted.map((d) => `\`${d}\``).join(", ")})` : `**left behind**: ${r.cleanup.leftovers.map((l) => `\`${l.storeId}\` (${l.status})`).join(", ")}; run \`pulumi-anypoint-objectstore conformance --cleanup\``}.`,
        "",
    );
    const differing = r.probes.filter((p) => p.result === "differs");
    if (differing.length > 0) {
        out.push("### Differences", "");
        for (const p of differing) {
            out.push(`#### \`${p.id}\` (${p.source}; ${p.ref})`, "");
            out.push(`- Assumption: ${p.assumption}`);
            out.push(`- Differs: ${p.detail}`);
            if (p.answer) {
                out.push(
                    `- Answer: ${p.answer.status === 0 ? `no answer (${p.answer.error ?? "network failure"})` : p.answer.status}${p.answer.body ? `, body \`${p.answer.body.replace(/`/g, "'")}\`` : ""}`,
                );
            }
            out.push(`- Provider: ${p.relies}`);
            out.push(`- Sent: ${p.requests.map((q) => `\`${q.method} ${q.target}\` → ${q.status}`).join("; ")}`, "");
        }
    }
    out.push("### Probes", "", "| probe | source | result | assumption | observed |", "|---|---|---|---|---|");
    for (const p of r.probes) out.push(`| \`${p.id}\` | ${p.source} | ${MARK[p.result]} | ${cell(p.assumption)} | ${cell(p.detail)} |`);
    out.push("");
    out.push("### Lifecycle (a Pulumi program with Store, Partition, Key, KeyEntries)", "");
    if (r.lifecycle.steps.length === 0) out.push(`Not run: ${r.lifecycle.reason ?? "—"}.`);
    for (const st of r.lifecycle.steps)
        out.push(`- ${st.passed ? "✓" : "✗"} \`${st.name}\` (${seconds(st.durationMs)}): ${st.detail.replace(/\n/g, " ⏎ ")}`);
    out.push("");
    out.push("### Not probed", "");
    for (const n of r.notProbed) out.push(`- ${n.guess}: ${n.why}`);
    out.push("");
    out.push("<details><summary>Every request</summary>", "", "```");
    for (const p of r.probes) {
        for (const q of p.requests) out.push(`${p.id}  ${q.method} ${q.target} -> ${q.status || "no answer"} (${q.ms} ms)`);
    }
    out.push("```", "", "</details>", "");
    return out.join("\n");
}

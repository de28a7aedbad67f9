/**
 * A conformance run: refuse when the scratch store exists, run every probe (./probes) in order
 * through the harness (./harness), run the lifecycle (./lifecycle), and delete everything the run
 * made whatever happened (a failing probe, an abort from SIGINT/SIGTERM, an exception): every store
 * whose id is the scratch store's or begins with it plus `-`. Also `--cleanup` of earlier runs.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { objectStoreBaseUrl, CONTROL_PLANES } from "../client/regions";
import type { ConnectionSettings } from "../config";
import { packageInfo } from "../import/files";
import { ProbeHarness } from "./harness";
import { runLifecycle, type LifecycleResult } from "./lifecycle";
import { NOT_PROBED, PROBES } from "./probes";
import { SKIPPED_LIFECYCLE, abridge, summarize, type ConformanceReport, type ProbeResult } from "./report";
import { envPath, show, type Answer, type Probe, type ProbeScope, type RequestSpec } from "./spec";

/** The default prefix of scratch stores. */
export const DEFAULT_PREFIX = "pulumi-conformance";

/** Probes that never touch the scratch store (they run even when it could not be created). */
const NEEDS_NO_STORE = new Set([
    "store-get-missing-404",
    "store-create-put",
    "unauthorized-401",
    "token-response",
    "accounts-organization",
    "accounts-environments",
    "accounts-me",
    "regions-listing",
    "regions-no-token",
    "regions-url-form",
    "stats-environment",
    "stats-window-400",
]);

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
    settings: ConnectionSettings;
    /** Where the settings came from (for the report). */
    settingsFrom: string;
    /** Prefix of the scratch store (default `pulumi-conformance`). */
    prefix?: string;
    /** The scratch store id (default `<prefix>-<8 random characters>`; tests). */
    scratchStoreId?: string;
    /** The probes (default {@link PROBES}; tests). */
    probes?: readonly Probe[];
    /** Run the lifecycle after the probes (default true). */
    lifecycle?: boolean;
    /** Aborting stops the probes and the lifecycle; cleanup still runs. */
    signal?: AbortSignal;
    /** One line per probe and lifecycle step. */
    onProgress?: (line: string) => void;
    /** An emulator's request journal: counts the lifecycle's requests (made by Pulumi's processes). */
    journal?: { lastRequestSeq(): number; requests(sinceSeq?: number): unknown[] };
    /** The package root for the lifecycle's program (default: this package's). */
    packageRoot?: string;
    /** Per-request timeout of the harness, ms. */
    timeoutMs?: number;
}

/** The run cannot start: the scratch store exists, or the target refuses the first request. */
export class ConformanceRefused extends Error {
    override name = "ConformanceRefused";
}

/** A prefix usable for scratch store ids (letters, digits, `.`, `_`, `-`; at most 200 characters). */
export function checkPrefix(prefix: string): void {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(prefix)) {
        throw new ConformanceRefused(
            `--prefix "${prefix}" cannot start a store id: use 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit.`,
        );
    }
}

/** `<prefix>-<8 lowercase letters and digits>`. */
export function scratchStoreIdFor(prefix: string, random: () => string = () => randomBytes(8).toString("hex").slice(0, 8)): string {
    return `${prefix}-${random()}`;
}

/** Whether `storeId` is a scratch store (or one of its `-…` stores) of a run with `prefix`: `<prefix>-<8 [0-9a-z]>[-…]`. Pure. */
export function isScratchStoreOf(prefix: string, storeId: string): boolean {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${escaped}-[0-9a-z]{8}(-.*)?$`).test(storeId);
}

/** The Object Store host of another region of the settings' control plane, unless the host is overridden. */
function otherRegionBaseUrl(settings: ConnectionSettings): string | undefined {
    if (settings.overrides.baseUrl) return undefined;
    const other = Object.keys(CONTROL_PLANES[settings.controlPlane].regions).find((r) => r !== settings.region);
    return other ? objectStoreBaseUrl(settings.controlPlane, other) : undefined;
}

/** Ids of stores beginning with `prefix` (every page; a listing that ignores beginsWith is filtered here). */
async function listStoreIds(h: ProbeHarness, s: Pick<ProbeScope, "organizationId" | "environmentId">, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 1000; page++) {
        const a = await h.send(
            {
                method: "GET",
                path: `${envPath({ ...s, storeId: "" })}/stores`,
                query: { beginsWith: prefix, ...(token ? { nextPageToken: token } : {}) },
            },
            { ignoreAbort: true },
        );
        if (a.status !== 200) throw new Error(`listing the stores answered ${a.status || a.error}: ${h.redact(show(a.body, 200))}`);
        const body = a.body as { values?: Array<{ storeId?: unknown }>; nextPageToken?: unknown };
        for (const v of body.values ?? []) if (typeof v?.storeId === "string" && v.storeId.startsWith(prefix)) ids.push(v.storeId);
        token = typeof body.nextPageToken === "string" && body.nextPageToken !== "" ? body.nextPageToken : undefined;
        if (!token) break;
    }
    return ids;
}

/** Deletes the stores; a 404 counts as deleted. Never throws. */
async function deleteStores(h: ProbeHarness, s: Pick<ProbeScope, "organizationId" | "environmentId">, ids: Iterable<string>) {
    const deleted: string[] = [];
    const leftovers: { storeId: string; status: number | string }[] = [];
    for (const id of new Set(ids)) {
        const a = await h
            .send({ method: "DELETE", path: `${envPath({ ...s, storeId: "" })}/stores/${encodeURIComponent(id)}` }, { ignoreAbort: true })
            .catch((e: Error) => ({ status: 0, error: e.message }) as Answer);
        if (a.status === 204 || a.status === 200) deleted.push(id);
        else if (a.status !== 404) leftovers.push({ storeId: id, status: a.status || a.error || "no answer" });
    }
    return { deleted, leftovers };
}

/**
 * Deletes the scratch stores of earlier runs with `prefix` (`<prefix>-<8 characters>[-…]`); other
 * stores are never touched. Returns what was deleted and what could not be.
 */
export async function cleanupEarlierRuns(settings: ConnectionSettings, prefix: string = DEFAULT_PREFIX) {
    checkPrefix(prefix);
    const h = new ProbeHarness(settings);
    const ids = (await listStoreIds(h, settings, `${prefix}-`)).filter((id) => isScratchStoreOf(prefix, id));
    return { ...(await deleteStores(h, settings, ids)), requests: h.requests };
}

/** The descriptive fields of a probe (what a result repeats). */
function describe(p: Probe) {
    return { id: p.id, assumption: p.assumption, source: p.source, ref: p.ref, relies: p.relies };
}

/** Runs one probe: its steps (stopping at the first missing one), the judge, then its restore steps. Never throws but for an abort. */
async function runProbe(p: Probe, scope: ProbeScope, h: ProbeHarness, signal?: AbortSignal): Promise<ProbeResult> {
    const base = describe(p);
    const skip = p.skip?.(scope);
    if (skip) return { ...base, result: "skipped", detail: skip, requests: [] };
    const from = h.trace.length;
    const answers: Answer[] = [];
    let interrupted = false;
    try {
        for (const step of p.steps) {
            const next = step(scope, answers);
            if (!next) break;
            if ("waitMs" in next) await sleep(next.waitMs, undefined, signal ? { signal } : undefined);
            else answers.push(await h.send(next as RequestSpec));
        }
    } catch (e) {
        if (!signal?.aborted) throw e;
        interrupted = true;
    } finally {
        for (const step of p.restore ?? []) {
            const next = step(scope, answers);
            if (next && !("waitMs" in next)) await h.send(next, { ignoreAbort: true }).catch(() => undefined);
        }
    }
    const requests = h.trace.slice(from);
    if (interrupted) return { ...base, result: "not run", detail: "interrupted", requests };
    let verdict;
    try {
        verdict = p.judge(answers, scope);
    } catch (e) {
        verdict = { held: false as const, detail: `the judge could not read the answers: ${(e as Error).message}` };
    }
    if (verdict.held) return { ...base, result: "held", detail: verdict.detail, requests };
    const shown = verdict.answer !== undefined ? answers[verdict.answer] : undefined;
    return {
        ...base,
        result: "differs",
        detail: h.redact(verdict.detail),
        requests,
        answer: shown && {
            status: shown.status,
            body: abridge(
                h.redact(shown.body === undefined ? "" : typeof shown.body === "string" ? shown.body : JSON.stringify(shown.body)),
            ),
            ...(shown.error ? { error: shown.error } : {}),
        },
    };
}

const CREDENTIAL_LABEL = { connectedApp: "connected app", userLogin: "user login", accessToken: "bearer token" } as const;

/** Runs the probes and the lifecycle, cleans up, and returns the report (see the module comment). */
export async function runConformance(o: ConformanceOptions): Promise<ConformanceReport> {
    const prefix = o.prefix ?? DEFAULT_PREFIX;
    checkPrefix(prefix);
    const started = Date.now();
    const storeId = o.scratchStoreId ?? scratchStoreIdFor(prefix);
    const lifecycleStoreId = `${storeId}-lifecycle`;
    const settings = o.settings;
    const other = otherRegionBaseUrl(settings);
    const h = new ProbeHarness(settings, { signal: o.signal, otherRegionBaseUrl: other, timeoutMs: o.timeoutMs });
    const scope: ProbeScope = {
        storeId,
        organizationId: settings.organizationId,
        environmentId: settings.environmentId,
        region: settings.region,
        credentialKind: settings.credentials.kind,
        hasStats: settings.statsBaseUrl !== null,
        baseUrlOverridden: settings.overrides.baseUrl !== undefined,
        otherRegionBaseUrl: other,
        nowMs: started,
    };
    const progress = o.onProgress ?? (() => undefined);

    // Refuse when a store of this run exists already (never write into something the run did not make).
    for (const id of [storeId, lifecycleStoreId]) {
        const a = await h.send({ method: "GET", path: `${envPath(scope)}/stores/${encodeURIComponent(id)}` });
        if (a.status === 200) {
            throw new ConformanceRefused(
                `Store '${id}' already exists in this environment: conformance writes only into stores it creates, so it does not run. Choose another --prefix, or remove leftovers of an earlier run with --cleanup.`,
            );
        }
        if (a.status !== 404) {
            throw new ConformanceRefused(
                `The first request (GET of store '${id}') answered ${a.status || `nothing (${a.error})`}: ${h.redact(show(a.body, 300))}. Run \`pulumi-anypoint-objectstore doctor\` to check the settings.`,
            );
        }
    }

    const probes: ProbeResult[] = [];
    let lifecycle: LifecycleResult;
    let lifecycleRequests: number | null = null;
    let cleanup: ConformanceReport["cleanup"];
    let storeMissing = false;
    try {
        for (const p of o.probes ?? PROBES) {
            if (o.signal?.aborted) {
                probes.push({ ...describe(p), result: "not run", detail: "interrupted", requests: [] });
                continue;
            }
            if (storeMissing && !NEEDS_NO_STORE.has(p.id)) {
                probes.push({
                    ...describe(p),
                    result: "not run",
                    detail: "the scratch store could not be created (see store-create-put)",
                    requests: [],
                });
                continue;
            }
            const r = await runProbe(p, scope, h, o.signal);
            probes.push(r);
            progress(
                `${r.result === "held" ? "✓" : r.result === "differs" ? "✗" : "–"} ${r.id}: ${r.result}${r.result === "held" ? "" : ` (${r.detail})`}`,
            );
            if (p.id === "store-create-put" && !o.signal?.aborted) storeMissing = !(await ensureStore(h, scope));
        }
        if (o.lifecycle === false) {
            lifecycle = { result: "not run", reason: SKIPPED_LIFECYCLE, steps: [], storeId: lifecycleStoreId };
        } else if (o.signal?.aborted) {
            lifecycle = { result: "not run", reason: "interrupted", steps: [], storeId: lifecycleStoreId };
        } else {
            const seq = o.journal?.lastRequestSeq();
            const before = h.requests;
            lifecycle = await runLifecycle({
                settings,
                storeId: lifecycleStoreId,
                send: (spec) => h.send(spec),
                redact: (t) => h.redact(t),
                signal: o.signal,
                packageRoot: o.packageRoot,
                onProgress: progress,
            });
            if (o.journal && seq !== undefined) lifecycleRequests = o.journal.requests(seq).length - (h.requests - before);
        }
    } finally {
        // Whatever happened: delete every store of this run.
        const known = [storeId, lifecycleStoreId];
        let listed: string[];
        try {
            listed = await listStoreIds(h, scope, storeId);
        } catch {
            listed = [];
        }
        cleanup = await deleteStores(
            h,
            scope,
            [...known, ...listed].filter((id) => id === storeId || id.startsWith(`${storeId}-`)),
        );
        // A store the run created and deleted itself (store-delete) is not "deleted by cleanup".
        cleanup.deleted = cleanup.deleted.filter(
            (id) => id !== storeId || !probes.some((p) => p.id === "store-delete" && p.result === "held"),
        );
        progress(
            cleanup.leftovers.length === 0
                ? `cleanup: nothing of this run is left (${cleanup.deleted.length} store(s) deleted)`
                : `cleanup: could not delete ${cleanup.leftovers.map((l) => l.storeId).join(", ")}`,
        );
    }
    const probeRequests = h.requests;
    const total = lifecycleRequests === null ? null : probeRequests + lifecycleRequests;
    const rps = settings.requestsPerSecond ?? 10;
    return {
        tool: { name: "pulumi-anypoint-objectstore", version: packageInfo().version },
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        target: {
            settingsFrom: o.settingsFrom,
            baseUrl: settings.baseUrl,
            authBaseUrl: settings.authBaseUrl,
            statsBaseUrl: settings.statsBaseUrl,
            controlPlane: settings.controlPlane,
            region: settings.region,
            credentials: CREDENTIAL_LABEL[settings.credentials.kind],
            requestsPerSecond: rps,
        },
        scratchStoreId: storeId,
        interrupted: o.signal?.aborted === true,
        probes,
        notProbed: NOT_PROBED,
        lifecycle,
        cleanup,
        requests: {
            probes: probeRequests,
            lifecycle: lifecycleRequests,
            total,
            secondsAt10PerSecond: Math.ceil((total ?? probeRequests) / 10),
        },
        summary: summarize(probes),
    };
}

/** After store-create-put: the scratch store exists, or is created with an empty body (the service's defaults). */
async function ensureStore(h: ProbeHarness, scope: ProbeScope): Promise<boolean> {
    const path = `${envPath(scope)}/stores/${encodeURIComponent(scope.storeId)}`;
    if ((await h.send({ method: "GET", path })).status === 200) return true;
    const created = await h.send({ method: "PUT", path });
    return created.status === 200 || created.status === 201;
}

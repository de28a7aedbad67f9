/**
 * The shape of a conformance probe and the small pure helpers probes are written with. A probe is
 * one assumption about the OSv2 wire: the requests that test it (each built from the scratch store
 * and the answers so far) and a judge over the answers. Both are pure, so recorded answers can be
 * fed to a judge (tests/unit/conformance) without a network.
 */

/** Where an assumption comes from, as emulator/README.md and osv2-api-notes label it. */
export type SourceLabel = "documented" | "inferred" | "emulator guess";

/** HTTP methods the probes send. */
export type ProbeMethod = "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";

/** One request of a probe. */
export interface RequestSpec {
    method: ProbeMethod;
    /** Path below the host, segments already encoded (`/api/v1/organizations/…`, `/accounts/…`). */
    path: string;
    /**
     * Which host: the Object Store host (default), the Stats API host, the Anypoint Platform (auth)
     * host, or the Object Store host of another region ({@link ProbeScope.otherRegionBaseUrl}).
     */
    host?: "osv2" | "stats" | "auth" | "otherRegion";
    /** Query parameters. */
    query?: Record<string, string>;
    /** JSON body (sent with `content-type: application/json` unless `contentType` says otherwise). */
    body?: unknown;
    /** Content type of the body. */
    contentType?: string;
    /**
     * The Authorization header: the run's bearer token (default), none, a token the service never
     * issued, or none plus a token-request body built from the run's credentials (`credentials`).
     */
    auth?: "token" | "none" | "invalid" | "credentials";
}

/** A wait between requests (e.g. for a TTL to pass), ms. */
export interface WaitSpec {
    waitMs: number;
}

/** What the service answered to one request. */
export interface Answer {
    /** HTTP status; 0 when no answer came (network failure, timeout: see `error`). */
    status: number;
    /** Response headers, lower-case names. */
    headers: Record<string, string>;
    /** The body: parsed JSON when it is JSON, else the text (undefined when empty). */
    body: unknown;
    /** Network error code when there was no answer. */
    error?: string;
}

/** What a probe knows about where it runs: the scratch store and the target's scope. Built by the runner. */
export interface ProbeScope {
    /** The scratch store, `<prefix>-<random>`: every write of every probe is inside it (or a store whose id begins with it). */
    storeId: string;
    organizationId: string;
    environmentId: string;
    region: string;
    /** Kind of the run's credentials. */
    credentialKind: "accessToken" | "connectedApp" | "userLogin";
    /** Whether the target has a Stats API host. */
    hasStats: boolean;
    /** Whether the Object Store host is an override (`anypoint:baseUrl`: an emulator or a private endpoint). */
    baseUrlOverridden: boolean;
    /** The Object Store host of another region of the same control plane (for the home-region probe), when the host is not overridden. */
    otherRegionBaseUrl?: string;
    /** The time the run started (stats windows). */
    nowMs: number;
}

/** A step: the next request (or wait), built from the scope and the answers so far; undefined stops the probe. */
export type Step = (scope: ProbeScope, answers: readonly Answer[]) => RequestSpec | WaitSpec | undefined;

/** A judge's verdict. */
export type Verdict =
    | { held: true; detail: string }
    | {
          held: false;
          /** What differs, in one or two sentences. */
          detail: string;
          /** Index of the answer that shows it (its status and body go into the report). */
          answer?: number;
      };

/** One conformance probe. */
export interface Probe {
    /** Stable id, e.g. `key-post-existing-409`. */
    id: string;
    /** The assumption, one sentence. */
    assumption: string;
    source: SourceLabel;
    /** Where the guess is written down, e.g. `README Differences 7`, `osv2-api-notes §7`. */
    ref: string;
    /** What in the provider depends on it (shown with a difference). */
    relies: string;
    /** The requests, in order. */
    steps: Step[];
    /** Judges the answers (pure). */
    judge(answers: readonly Answer[], scope: ProbeScope): Verdict;
    /** Why the probe cannot run on this target (e.g. no Stats API), or undefined. */
    skip?(scope: ProbeScope): string | undefined;
    /** Requests sent after judging whatever happened (undo a store setting); their answers are not judged. */
    restore?: Step[];
}

/** A guess that has no probe, and why. */
export interface NotProbed {
    guess: string;
    ref: string;
    why: string;
}

// ------------------------------------------------------------------ helpers for steps

/** What the path helpers need of a scope. */
export type ScratchPath = Pick<ProbeScope, "organizationId" | "environmentId" | "storeId">;

/** `encodeURIComponent` of a path segment (as the client's paths.ts encodes ids). */
export const seg = (id: string): string => encodeURIComponent(id);

/** `/api/v1/organizations/{org}/environments/{env}` of the scope. */
export function envPath(s: ScratchPath): string {
    return `/api/v1/organizations/${seg(s.organizationId)}/environments/${seg(s.environmentId)}`;
}

/** The scratch store's path, or the path of a store whose id is the scratch id plus `suffix`. */
export function storePath(s: ScratchPath, suffix = ""): string {
    return `${envPath(s)}/stores/${seg(s.storeId + suffix)}`;
}

/** A partition of the scratch store. */
export function partitionPath(s: ScratchPath, partitionId: string): string {
    return `${storePath(s)}/partitions/${seg(partitionId)}`;
}

/** A key of the scratch store. */
export function keyPath(s: ScratchPath, partitionId: string, keyId: string): string {
    return `${partitionPath(s, partitionId)}/keys/${seg(keyId)}`;
}

/** A STRING value body as the client sends it (wire.ts keyBody). */
export function stringBody(keyId: string, stringValue: string): Record<string, unknown> {
    return { keyId, valueType: "STRING", stringValue };
}

// ------------------------------------------------------------------ helpers for judges

/** Answer `i` is there and has one of `statuses`; else a difference naming `what`. */
export function expectStatus(answers: readonly Answer[], i: number, statuses: readonly number[], what: string): Verdict | undefined {
    const a = answers[i];
    if (!a) return { held: false, detail: `${what} was not sent (an earlier request of the probe failed).` };
    if (statuses.includes(a.status)) return undefined;
    const got = a.status === 0 ? `no answer (${a.error ?? "network failure"})` : String(a.status);
    return { held: false, detail: `${what} answered ${got}; expected ${statuses.join(" or ")}.`, answer: i };
}

/** `ok` or a difference at answer `i` saying `detail`. */
export function expectThat(ok: boolean, i: number, detail: string): Verdict | undefined {
    return ok ? undefined : { held: false, detail, answer: i };
}

/** The first difference of the checks (evaluated in order, lazily), else held with `detail`. */
export function verdictOf(detail: string, ...checks: Array<() => Verdict | undefined>): Verdict {
    for (const c of checks) {
        const v = c();
        if (v) return v;
    }
    return { held: true, detail };
}

/** The body of answer `i` as an object, or undefined. */
export function objectBody(answers: readonly Answer[], i: number): Record<string, unknown> | undefined {
    const b = answers[i]?.body;
    return b && typeof b === "object" && !Array.isArray(b) ? (b as Record<string, unknown>) : undefined;
}

/** The `values` of a page body, or undefined when it is not `{values: [...]}`. */
export function pageValues(answers: readonly Answer[], i: number): unknown[] | undefined {
    const v = objectBody(answers, i)?.values;
    return Array.isArray(v) ? v : undefined;
}

/** The `nextPageToken` of a page body (`null` when absent, null or empty). */
export function pageToken(answers: readonly Answer[], i: number): string | null {
    const t = objectBody(answers, i)?.nextPageToken;
    return typeof t === "string" && t !== "" ? t : null;
}

/** Key ids of a key listing page (`{values: [{keyId}]}`, or plain strings). */
export function listedKeyIds(answers: readonly Answer[], i: number): string[] | undefined {
    const values = pageValues(answers, i);
    if (!values) return undefined;
    return values.map((v) => (typeof v === "string" ? v : String((v as { keyId?: unknown })?.keyId)));
}

/** A value compactly for a detail (JSON, abridged to `max` characters). */
export function show(v: unknown, max = 120): string {
    const text = v === undefined ? "nothing" : typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
    return text.length > max ? `${text.slice(0, max)}…` : text;
}

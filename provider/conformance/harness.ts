/**
 * The probe harness: sends a probe's raw requests and returns what the service answered, whatever
 * the status. It is not the provider's client (a client bug must not hide a wire difference): got
 * with no status handling, the run's bearer token, the client's shared rate limiter (the same
 * application's budget as the provider, `anypoint:requestsPerSecond`, 10/s by default), and a retry
 * of 429 answers only (Retry-After honoured). It counts every HTTP request (retries and token
 * fetches included) and keeps a trace for the report with the organization and environment ids
 * replaced by `{org}` / `{env}`. Tokens never leave it: answers to token requests have their
 * `access_token` replaced, and every text it hands out for a report is redacted.
 */
import { setTimeout as sleep } from "node:timers/promises";
import got from "got";
import { redactText } from "../client/errors";
import { USER_AGENT } from "../client/http";
import { sharedLimiter, DEFAULT_REQUESTS_PER_SECOND, type RateLimiter } from "../client/ratelimit";
import { tokenFetchCount, type TokenSource } from "../client/auth";
import type { ConnectionSettings } from "../config";
import { tokenSourceFor } from "../config";
import type { Credentials } from "../config/credentials";
import type { Answer, RequestSpec } from "./spec";

/** One request as the report shows it. */
export interface TracedRequest {
    method: string;
    /** Path with `{org}` / `{env}` for the ids, and the query (long values abridged). */
    target: string;
    /** Status, or 0 without an answer. */
    status: number;
    /** Time to the answer, ms. */
    ms: number;
}

/** Options of {@link ProbeHarness}. */
export interface HarnessOptions {
    /** Stops requests in flight and refuses new ones (cleanup uses {@link ProbeHarness.send} with `ignoreAbort`). */
    signal?: AbortSignal;
    /** Per-request timeout, ms (default 60,000). */
    timeoutMs?: number;
    /** How long 429 answers are retried, ms (default 60,000). */
    throttleBudgetMs?: number;
    /** The Object Store host of another region (for `host: "otherRegion"`). */
    otherRegionBaseUrl?: string;
}

const TOKEN_FIELDS = ["access_token", "refresh_token", "id_token"];
const REDACTED = "[REDACTED]";

/** Secret values of credentials (to redact). */
function credentialSecrets(c: Credentials): string[] {
    switch (c.kind) {
        case "accessToken":
            return [c.accessToken];
        case "connectedApp":
            return [c.clientSecret];
        case "userLogin":
            return [c.password];
    }
}

/** The body of a token request for the credentials (`auth: "credentials"`). */
function tokenRequestBody(c: Credentials): Record<string, string> | undefined {
    if (c.kind === "connectedApp") return { client_id: c.clientId, client_secret: c.clientSecret, grant_type: "client_credentials" };
    if (c.kind === "userLogin") return { username: c.username, password: c.password };
    return undefined;
}

/** A body with token fields replaced (answers to token requests never carry a usable token out of the harness). */
function withoutTokens(body: unknown): unknown {
    if (!body || typeof body !== "object" || Array.isArray(body)) return body;
    const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    for (const f of TOKEN_FIELDS) if (typeof out[f] === "string") out[f] = REDACTED;
    return out;
}

function parseBody(text: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function retryAfterMs(header: string | undefined): number | undefined {
    if (!header) return undefined;
    const s = Number(header);
    if (Number.isFinite(s)) return Math.max(0, s * 1000);
    const at = Date.parse(header);
    return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Sends probe requests against the target of the settings (see the module comment). */
export class ProbeHarness {
    readonly #settings: ConnectionSettings;
    readonly #tokens: TokenSource;
    readonly #limiter: RateLimiter;
    readonly #o: HarnessOptions;
    #requests = 0;
    readonly #tokenFetchesBefore: number;
    /** Every request sent, in order. */
    readonly trace: TracedRequest[] = [];

    constructor(settings: ConnectionSettings, options: HarnessOptions = {}) {
        this.#settings = settings;
        this.#tokens = tokenSourceFor(settings);
        this.#limiter = sharedLimiter(this.#tokens.application, settings.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
        this.#o = options;
        this.#tokenFetchesBefore = tokenFetchCount(this.#tokens);
    }

    /** HTTP requests sent so far: probe requests, their 429 retries, and token requests. */
    get requests(): number {
        return this.#requests + tokenFetchCount(this.#tokens) - this.#tokenFetchesBefore;
    }

    /** Secret values to scrub from any text shown (credentials and the current token). */
    secrets(): string[] {
        return [...credentialSecrets(this.#settings.credentials), ...this.#tokens.secrets()];
    }

    /** `text` without credentials or tokens. */
    redact(text: string): string {
        return redactText(text, this.secrets());
    }

    /** A path as the report shows it: the organization and environment ids replaced by `{org}` / `{env}`. */
    displayPath(path: string): string {
        const org = encodeURIComponent(this.#settings.organizationId);
        const env = encodeURIComponent(this.#settings.environmentId);
        return path.split(`/organizations/${org}`).join("/organizations/{org}").split(`/environments/${env}`).join("/environments/{env}");
    }

    #base(spec: RequestSpec): string | undefined {
        switch (spec.host ?? "osv2") {
            case "osv2":
                return this.#settings.baseUrl;
            case "stats":
                return this.#settings.statsBaseUrl ?? undefined;
            case "auth":
                return this.#settings.authBaseUrl;
            case "otherRegion":
                return this.#o.otherRegionBaseUrl;
        }
    }

    #target(spec: RequestSpec): string {
        const q = Object.entries(spec.query ?? {})
            .map(([k, v]) => `${k}=${v.length > 24 ? `${v.slice(0, 20)}…` : v}`)
            .join("&");
        return `${spec.host && spec.host !== "osv2" ? `[${spec.host}] ` : ""}${this.displayPath(spec.path)}${q ? `?${q}` : ""}`;
    }

    /**
     * Sends one request and returns the answer (any status). No answer (network failure, timeout,
     * abort) is status 0 with the error code. A 429 is retried after its Retry-After (or a backoff)
     * within the throttle budget.
     * @throws Error when the run was aborted (unless `ignoreAbort`).
     */
    async send(spec: RequestSpec, o: { ignoreAbort?: boolean } = {}): Promise<Answer> {
        const signal = o.ignoreAbort ? undefined : this.#o.signal;
        signal?.throwIfAborted();
        const base = this.#base(spec);
        const started = Date.now();
        if (base === undefined) {
            const answer: Answer = { status: 0, headers: {}, body: undefined, error: `no ${spec.host} host for this target` };
            this.trace.push({ method: spec.method, target: this.#target(spec), status: 0, ms: 0 });
            return answer;
        }
        const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "application/json" };
        let body = spec.body;
        switch (spec.auth ?? "token") {
            case "token":
                headers.authorization = `Bearer ${await this.#tokens.getToken()}`;
                break;
            case "invalid":
                headers.authorization = "Bearer conformance-probe-invalid-token";
                break;
            case "credentials":
                body = tokenRequestBody(this.#settings.credentials);
                break;
            case "none":
                break;
        }
        if (body !== undefined) headers["content-type"] = spec.contentType ?? "application/json";
        const budgetMs = this.#o.throttleBudgetMs ?? 60_000;
        let answer: Answer;
        for (let attempt = 1; ; attempt++) {
            await this.#limiter.acquire();
            signal?.throwIfAborted();
            this.#requests++;
            answer = await this.#once(`${base}${spec.path}`, spec, headers, body, signal);
            if (spec.auth === "credentials") answer = { ...answer, body: withoutTokens(answer.body) };
            if (answer.status !== 429) {
                if (answer.status > 0 && answer.status < 500) this.#limiter.succeeded();
                break;
            }
            const wait = retryAfterMs(answer.headers["retry-after"]) ?? Math.min(10_000, 250 * 2 ** attempt);
            this.#limiter.throttled(wait);
            if (Date.now() - started + wait > budgetMs) break;
            await sleep(wait, undefined, signal ? { signal } : undefined);
        }
        this.trace.push({ method: spec.method, target: this.#target(spec), status: answer.status, ms: Date.now() - started });
        return answer;
    }

    async #once(url: string, spec: RequestSpec, headers: Record<string, string>, body: unknown, signal?: AbortSignal): Promise<Answer> {
        try {
            const res = await got(url, {
                method: spec.method,
                searchParams: spec.query,
                headers,
                body: body === undefined ? undefined : JSON.stringify(body),
                throwHttpErrors: false,
                retry: { limit: 0 },
                followRedirect: false,
                responseType: "text",
                timeout: { request: this.#o.timeoutMs ?? 60_000 },
                signal,
            });
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
                if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
            return { status: res.statusCode, headers: h, body: parseBody(res.body) };
        } catch (err) {
            if (signal?.aborted) throw err; // the run is stopping: not an answer to judge
            const e = err as { code?: string; name?: string; message?: string };
            return { status: 0, headers: {}, body: undefined, error: e.code ?? e.name ?? this.redact(String(e.message)) };
        }
    }
}

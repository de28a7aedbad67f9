/**
 * One OSv2 (or Stats API) call: builds the request from a {@link CallSpec}, sends it through the
 * project's HTTP plumbing (./http: retries within the operation's budget, timeouts, rate limit, bearer token), parses the JSON
 * answer, and turns every failure into an {@link ObjectStoreApiError} with advice (./hints) and
 * no secrets. Also follows `nextPageToken` through all pages of a listing.
 */

import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import { adviceFor } from "./hints";
import type { HttpRequester } from "./http";
import { parseJsonBody, toClientError } from "./http-errors";
import { currentOperation } from "./operation";
import { STACK_CONFIG_NAMES, type SettingNames } from "./setting-names";
import type { TokenSource } from "./token-source";
import type { Page } from "./types";
import { UnexpectedResponse } from "./wire";

/** What an endpoint method asks the transport to send. */
export interface CallSpec {
    /** OSv2 operation name for messages, e.g. `GetStore`. */
    operation: string;
    method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
    /** Path below the base URL, segments already encoded (./paths). */
    path: string;
    /** Query parameters; undefined, null and "" are not sent. */
    query?: Record<string, string | number | boolean | undefined | null>;
    /** JSON body. */
    body?: unknown;
    /** Send to the Stats API host instead of the data plane. */
    stats?: boolean;
    /** The method's own advice for a given status. */
    hints?: Partial<Record<number, string>>;
}

/** A successful answer: its status and its JSON body (undefined when empty or for HEAD). */
export interface CallResult {
    statusCode: number;
    body: unknown;
}

/** What the transport is bound to. */
export interface TransportOptions {
    baseUrl: string;
    /** `null` = no Stats API on this control plane. */
    statsBaseUrl: string | null;
    organizationId: string;
    environmentId: string;
    tokenSource: TokenSource;
    /** Sends data-plane requests (./http). */
    http: HttpRequester;
    /** Sends Stats API requests (./http). */
    statsHttp: HttpRequester;
    /** How advice names the settings (default: the stack's `anypoint:*` config). */
    settingNames?: SettingNames;
}

/** Guard against a server that keeps returning the same page token. */
const MAX_PAGES = 100_000;

/** Sends {@link CallSpec}s for one (endpoint, organization, environment, credential). */
export class Transport {
    readonly #o: TransportOptions;

    constructor(options: TransportOptions) {
        this.#o = options;
    }

    get #names(): SettingNames {
        return this.#o.settingNames ?? STACK_CONFIG_NAMES;
    }

    #base(spec: CallSpec): string | null {
        return spec.stats ? this.#o.statsBaseUrl : this.#o.baseUrl;
    }

    /**
     * Sends the call and returns its answer.
     * @throws ObjectStoreApiError for any failure (HTTP status, network, a body that is not JSON);
     *   ObjectStoreConfigError for a Stats API call where there is none.
     */
    async call(spec: CallSpec): Promise<CallResult> {
        const base = this.#base(spec);
        if (base === null) {
            throw new ObjectStoreConfigError([
                {
                    settings: ["statsBaseUrl"],
                    message:
                        "The Object Store Stats API is only offered on the US and EU control planes. If you know a Stats endpoint for yours, " +
                        `set it: ${this.#names.set("statsBaseUrl")} or ANYPOINT_STATS_BASE_URL.`,
                },
            ]);
        }
        const searchParams: Record<string, string> = {};
        for (const [k, v] of Object.entries(spec.query ?? {})) {
            if (v !== undefined && v !== null && v !== "") searchParams[k] = String(v);
        }
        const headers: Record<string, string> = {};
        let body: string | undefined;
        if (spec.body !== undefined) {
            body = JSON.stringify(spec.body);
            headers["content-type"] = "application/json";
        }
        const http = spec.stats ? this.#o.statsHttp : this.#o.http;
        let res: { statusCode: number; body: string };
        try {
            res = await http(`${base}${spec.path}`, {
                method: spec.method,
                searchParams,
                headers,
                body,
                operation: spec.operation,
                path: spec.path,
            });
        } catch (err) {
            throw toClientError(err, {
                operation: spec.operation,
                method: spec.method,
                path: spec.path,
                secrets: this.#o.tokenSource.secrets(),
                cancelled: currentOperation()?.cancelled === true,
                hint: (status, serverMessage) =>
                    adviceFor(
                        {
                            operation: spec.operation,
                            stats: spec.stats === true,
                            base,
                            organizationId: this.#o.organizationId,
                            environmentId: this.#o.environmentId,
                            credentialKind: this.#o.tokenSource.kind,
                            overrides: spec.hints,
                            names: this.#names,
                        },
                        status,
                        serverMessage,
                    ),
            });
        }
        try {
            return { statusCode: res.statusCode, body: spec.method === "HEAD" ? undefined : parseJsonBody(res.body) };
        } catch {
            throw this.badResponse(spec, res.statusCode, "the body is not JSON");
        }
    }

    /**
     * Like {@link call}, but a 404 answer to this call is `undefined` instead of an error. A 404 of
     * another request made on its behalf (the token request, when the token host is wrong) is an error:
     * it says nothing about the object.
     */
    async callOr404(spec: CallSpec): Promise<CallResult | undefined> {
        try {
            return await this.call(spec);
        } catch (err) {
            if (err instanceof ObjectStoreApiError && err.statusCode === 404 && err.operation === spec.operation) return undefined;
            throw err;
        }
    }

    /** Sends the call and decodes its body; a body the decoder rejects is an ObjectStoreApiError. */
    async fetch<T>(spec: CallSpec, decode: (body: unknown) => T): Promise<T> {
        return this.decode(spec, await this.call(spec), decode);
    }

    /** Decodes an answer's body; {@link UnexpectedResponse} becomes an ObjectStoreApiError naming the call. */
    decode<T>(spec: CallSpec, res: CallResult, decode: (body: unknown) => T): T {
        try {
            return decode(res.body);
        } catch (err) {
            if (err instanceof UnexpectedResponse) throw this.badResponse(spec, res.statusCode, err.message);
            throw err;
        }
    }

    /** An answer that is not what OSv2 sends (wrong endpoint?). */
    badResponse(spec: CallSpec, statusCode: number, what: string): ObjectStoreApiError {
        return new ObjectStoreApiError({
            operation: spec.operation,
            method: spec.method,
            path: spec.path,
            statusCode,
            serverMessage: `unexpected response: ${what}`,
            hint: `Is ${this.#base(spec)} an Object Store v2 endpoint? Check ${this.#names.refer("baseUrl")}.`,
        });
    }

    /**
     * Every item of a paginated listing: calls `fetchPage` with each `nextPageToken` until it is null.
     * @throws ObjectStoreApiError when a page token comes twice (pagination does not advance).
     */
    async allPages<T>(spec: CallSpec, fetchPage: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
        const out: T[] = [];
        const seen = new Set<string>();
        let token: string | undefined;
        for (let i = 0; i < MAX_PAGES; i++) {
            const page = await fetchPage(token);
            out.push(...page.values);
            if (page.nextPageToken === null) return out;
            if (seen.has(page.nextPageToken)) {
                throw new ObjectStoreApiError({
                    operation: spec.operation,
                    method: "GET",
                    path: spec.path,
                    statusCode: 200,
                    serverMessage: `unexpected response: the page token ${JSON.stringify(page.nextPageToken)} came twice`,
                    hint: "Pagination does not advance; report this to the endpoint's owner.",
                });
            }
            seen.add(page.nextPageToken);
            token = page.nextPageToken;
        }
        return out;
    }
}

/**
 * REST client for MuleSoft Anypoint Object Store v2 (OSv2) and its Stats API.
 *
 * One method per OSv2 operation; each method's doc names the endpoint. Routes (prefix
 * `P = /api/v1/organizations/{orgId}/environments/{envId}`, `S = P/stores/{storeId}`,
 * `K = S/partitions/{partitionId}/keys/{keyId}`) are those of the developer portal listing
 * (https://dev-portal.mulesoft.com/apis/object-store-v2.html) and the examples of
 * https://docs.mulesoft.com/object-store/osv2-apis. Every path segment is URL-encoded.
 *
 * Transport (see ./http.ts): got, with retries on 429/5xx/network errors (exponential backoff
 * with jitter, Retry-After honoured; POST only on 429 and connection refused), a per-attempt
 * timeout, a client-side rate limit shared per (baseUrl, org, env) in the process (default
 * 10 requests/s), a bearer token injected by a got `beforeRequest` hook and one token renewal +
 * retry after a 401.
 *
 * Failures throw {@link ObjectStoreApiError} (status, operation, path, server message; no
 * secrets). "Not found" is not an error where the method says so (it returns `undefined`/`false`).
 */

import { inspect } from "node:util";
import type { Got } from "got";
import { ObjectStoreApiError, ObjectStoreConfigError } from "./errors";
import { createHttp, parseJsonBody, toClientError, type RetryPolicy } from "./http";
import { DEFAULT_REQUESTS_PER_SECOND, sharedLimiter } from "./ratelimit";
import type { TokenSource } from "./auth";
import type {
  KeyRef,
  KeyValue,
  KeyValueInput,
  Page,
  PageRequest,
  Region,
  StatsPeriod,
  StoreInfo,
  StoreSettings,
  UsageLimits,
  UsageStat,
  ValueType,
} from "./types";

export * from "./types";
export * from "./errors";
export * from "./regions";
export {
  staticTokenSource,
  connectedAppTokenSource,
  userLoginTokenSource,
  clearTokenCache,
  tokenFetchCount,
  type TokenSource,
  type CredentialKind,
  type ConnectedAppOptions,
  type UserLoginOptions,
  type FetchingTokenSourceOptions,
} from "./auth";
export { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type RetryPolicy, type RetryInfo } from "./http";
export { RateLimiter, sharedLimiter, resetSharedLimiters, DEFAULT_REQUESTS_PER_SECOND } from "./ratelimit";

/** Settings of an {@link ObjectStoreClient}. */
export interface ClientSettings {
  /**
   * Object Store base URL without `/api/v1`, e.g. `https://object-store-us-east-1.anypoint.mulesoft.com`
   * or the emulator's `http://127.0.0.1:PORT`. A path prefix is kept (private endpoints).
   */
  baseUrl: string;
  organizationId: string;
  environmentId: string;
  /** Supplies the bearer token. */
  tokenSource: TokenSource;
  /** Retry policy (default: 3 retries = 4 attempts, 500 ms base backoff). */
  retry?: RetryPolicy;
  /** Client-side limit in requests/s, shared per (baseUrl, org, env). Default 10; 0 disables it. */
  requestsPerSecond?: number;
  /** Per-attempt timeout, ms. Default 60,000. */
  timeoutMs?: number;
  /**
   * Stats API base URL without `/api/v1`, e.g. `https://object-store-stats.anypoint.mulesoft.com`.
   * Default: `baseUrl`. `null` = the Stats API is not available (Gov, Canada, Japan clouds).
   */
  statsBaseUrl?: string | null;
}

/** Filter and paging of {@link ObjectStoreClient.listStores} / {@link ObjectStoreClient.listKeys}. */
export interface ListOptions extends PageRequest {
  /** Only ids starting with this prefix (query `beginsWith`). */
  beginsWith?: string;
}

/** Level of a usage statistics query. */
export type UsageStatsLevel = "organization" | "environment" | "region" | "store";

/** Query of {@link ObjectStoreClient.getUsageStats}. */
export interface UsageStatsQuery {
  /**
   * `organization` -> GET /api/v1/organizations/{org};
   * `environment` -> .../environments/{env}; `region` -> .../regions/{region};
   * `store` -> .../regions/{region}/stores/{storeId}. Default `environment`.
   */
  level?: UsageStatsLevel;
  /** Region id (required for `region` and `store`). */
  region?: string;
  /** Store id (required for `store`). */
  storeId?: string;
  /** Defaults to the client's organization. */
  organizationId?: string;
  /** Defaults to the client's environment. */
  environmentId?: string;
  /** Start of the window (sent as ISO-8601). */
  startDate: Date;
  /** End of the window. Max window: 1 day for `1hour`, 1 month for `1day`, 2 months for `1month` (else HTTP 400). */
  endDate: Date;
  period: StatsPeriod;
  /** With the root organization at `organization` level: include all sub-organizations. */
  isMaster?: boolean;
}

interface CallSpec {
  operation: string;
  method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  contentType?: string;
  stats?: boolean;
  /** Extra hint for a given status. */
  hints?: Partial<Record<number, string>>;
}

interface CallResult {
  statusCode: number;
  body: unknown;
}

const NOT_FOUND = Symbol("not found");

/** Content type of the number operation (POST on a key). */
export const NUMBER_OPERATION_CONTENT_TYPE = "application/vnd.objectstore.v1.numberoperation+json";

/** Guard against a server that keeps returning the same page token. */
const MAX_PAGES = 100_000;

function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}

/** URL-encodes one path segment, refusing values no URL can carry as a segment. */
export function pathSegment(what: string, value: string): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`${what} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  if (value === "." || value === "..") {
    throw new TypeError(`${what} "${value}" cannot be used: URLs collapse "." and ".." path segments`);
  }
  try {
    return encodeURIComponent(value);
  } catch {
    throw new TypeError(`${what} ${JSON.stringify(value)} is not valid Unicode (lone surrogate)`);
  }
}

function asBool(v: unknown, fallback: boolean): boolean {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return fallback;
}

function asNumber(v: unknown, fallback: number): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return fallback;
}

/**
 * The client. Create one per (endpoint, org, env, credential) — or use `getClient()` from
 * `provider/config`, which caches them.
 */
export class ObjectStoreClient {
  readonly baseUrl: string;
  readonly organizationId: string;
  readonly environmentId: string;
  readonly statsBaseUrl: string | null;
  readonly #tokenSource: TokenSource;
  readonly #http: Got;
  readonly #statsHttp: Got;

  constructor(settings: ClientSettings) {
    for (const k of ["baseUrl", "organizationId", "environmentId"] as const) {
      if (typeof settings[k] !== "string" || settings[k].trim() === "") {
        throw new ObjectStoreConfigError([{ settings: [k], message: `ObjectStoreClient: ${k} is required.` }]);
      }
    }
    if (!settings.tokenSource) {
      throw new ObjectStoreConfigError([{ settings: ["tokenSource"], message: "ObjectStoreClient: tokenSource is required." }]);
    }
    this.baseUrl = trimBase(settings.baseUrl);
    this.organizationId = settings.organizationId;
    this.environmentId = settings.environmentId;
    this.statsBaseUrl = settings.statsBaseUrl === null ? null : trimBase(settings.statsBaseUrl ?? settings.baseUrl);
    this.#tokenSource = settings.tokenSource;
    const rps = settings.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    this.#http = createHttp({
      retry: settings.retry,
      timeoutMs: settings.timeoutMs,
      tokenSource: settings.tokenSource,
      limiter: sharedLimiter(this.baseUrl, this.organizationId, this.environmentId, rps),
    });
    // The Stats API is a different service with its own limits: not paced by the data-plane limiter.
    this.#statsHttp = createHttp({
      retry: settings.retry,
      timeoutMs: settings.timeoutMs,
      tokenSource: settings.tokenSource,
    });
  }

  /** Kind and identity of the credential in use (safe to log). */
  get credentialIdentity(): string {
    return this.#tokenSource.identity;
  }

  // ---------------------------------------------------------------- paths

  /** `/api/v1/organizations/{org}/environments/{env}` */
  #envPath(): string {
    return `/api/v1/organizations/${pathSegment("organizationId", this.organizationId)}/environments/${pathSegment("environmentId", this.environmentId)}`;
  }
  #storePath(storeId: string): string {
    return `${this.#envPath()}/stores/${pathSegment("storeId", storeId)}`;
  }
  #partitionPath(storeId: string, partitionId: string): string {
    return `${this.#storePath(storeId)}/partitions/${pathSegment("partitionId", partitionId)}`;
  }
  #keyPath(storeId: string, partitionId: string, keyId: string): string {
    return `${this.#partitionPath(storeId, partitionId)}/keys/${pathSegment("keyId", keyId)}`;
  }

  // ---------------------------------------------------------------- transport

  #hint(spec: CallSpec, status: number | undefined): string | undefined {
    const base = spec.stats ? this.statsBaseUrl : this.baseUrl;
    if (status !== undefined && spec.hints?.[status]) return spec.hints[status];
    if (status === undefined) {
      return `Could not reach ${base}: check anypoint:baseUrl / anypoint:region and the network.`;
    }
    switch (status) {
      case 400:
        return "The service rejected the request as invalid: check the values sent.";
      case 401:
        return this.#tokenSource.kind === "accessToken"
          ? "The access token was rejected (expired?): set a fresh anypoint:accessToken (ANYPOINT_ACCESS_TOKEN), or use a connected app (anypoint:clientId / anypoint:clientSecret) so tokens are renewed."
          : "The token was rejected even after renewing it: check that the credentials belong to the control plane of this endpoint (anypoint:controlPlane / anypoint:authBaseUrl).";
      case 403:
        return (
          `The credentials may not do ${spec.operation} in organization ${this.organizationId}, environment ${this.environmentId}: ` +
          "grant the connected app the Object Store scopes (Manage stores, Manage stores data, View stores; Store Metrics Viewer for stats) " +
          "for this organization and environment, or check anypoint:organizationId / anypoint:environmentId."
        );
      case 404:
        return spec.stats
          ? "Nothing found at this Stats API path: check the organization, environment, region and store ids."
          : `It does not exist on ${base}. A store is only visible on the host of its home region: check anypoint:region (or anypoint:baseUrl).`;
      case 409:
        return "It already exists.";
      case 413:
        return "The request is too large: OSv2 accepts values up to 10 MB (measured base64-encoded) and metadata up to 4 KB.";
      case 429:
        return "OSv2 kept rate-limiting the requests (10 requests/s per application by default): lower anypoint:requestsPerSecond or run pulumi with a lower --parallel, then retry.";
      default:
        return status >= 500 ? "The service is failing; try again later." : undefined;
    }
  }

  async #call(spec: CallSpec): Promise<CallResult> {
    const base = spec.stats ? this.statsBaseUrl : this.baseUrl;
    if (base === null) {
      throw new ObjectStoreConfigError([
        {
          settings: ["statsBaseUrl"],
          message:
            "The Object Store Stats API is only offered on the US and EU control planes. If you know a Stats endpoint for yours, " +
            "set it: `pulumi config set anypoint:statsBaseUrl <url>` or ANYPOINT_STATS_BASE_URL.",
        },
      ]);
    }
    const http = spec.stats ? this.#statsHttp : this.#http;
    const searchParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v !== undefined && v !== null && v !== "") searchParams[k] = String(v);
    }
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = spec.contentType ?? "application/json";
    }
    try {
      const res = await http(`${base}${spec.path}`, {
        method: spec.method,
        searchParams,
        headers,
        body,
        context: { operation: spec.operation, path: spec.path },
      });
      let parsed: unknown;
      try {
        parsed = spec.method === "HEAD" ? undefined : parseJsonBody(res.body);
      } catch {
        throw this.#badResponse(spec, res.statusCode, "the body is not JSON");
      }
      return { statusCode: res.statusCode, body: parsed };
    } catch (err) {
      throw toClientError(err, {
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        secrets: this.#tokenSource.secrets(),
        hint: (status) => this.#hint(spec, status),
      });
    }
  }

  /** Like #call but returns NOT_FOUND on 404. */
  async #callOr404(spec: CallSpec): Promise<CallResult | typeof NOT_FOUND> {
    try {
      return await this.#call(spec);
    } catch (err) {
      if (err instanceof ObjectStoreApiError && err.statusCode === 404) return NOT_FOUND;
      throw err;
    }
  }

  #badResponse(spec: CallSpec, statusCode: number, what: string): ObjectStoreApiError {
    return new ObjectStoreApiError({
      operation: spec.operation,
      method: spec.method,
      path: spec.path,
      statusCode,
      serverMessage: `unexpected response: ${what}`,
      hint: `Is ${spec.stats ? this.statsBaseUrl : this.baseUrl} an Object Store v2 endpoint? Check anypoint:baseUrl.`,
    });
  }

  #page<T>(spec: CallSpec, res: CallResult, item: (v: unknown) => T | undefined): Page<T> {
    const b = res.body as { values?: unknown; nextPageToken?: unknown } | undefined;
    if (!b || typeof b !== "object" || !Array.isArray(b.values)) {
      throw this.#badResponse(spec, res.statusCode, "expected {values: [...], nextPageToken}");
    }
    const values: T[] = [];
    for (const v of b.values) {
      const it = item(v);
      if (it === undefined) throw this.#badResponse(spec, res.statusCode, `unexpected list item ${JSON.stringify(v)}`);
      values.push(it);
    }
    const token = b.nextPageToken;
    return { values, nextPageToken: typeof token === "string" && token !== "" ? token : null };
  }

  #store(spec: CallSpec, res: CallResult, storeId: string, fallback?: StoreSettings): StoreInfo {
    const b = res.body;
    if (b === undefined && fallback) {
      // Empty body (e.g. 204): describe what was sent.
      return normalizeStore({ storeId, ...fallback })!;
    }
    const s = normalizeStore(b);
    if (!s) throw this.#badResponse(spec, res.statusCode, "expected a store object with a storeId");
    return s;
  }

  async #allPages<T>(
    operation: string,
    path: string,
    fetchPage: (token: string | undefined) => Promise<Page<T>>,
  ): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await fetchPage(token);
      out.push(...page.values);
      if (page.nextPageToken === null) return out;
      if (seen.has(page.nextPageToken)) {
        throw new ObjectStoreApiError({
          operation,
          method: "GET",
          path,
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

  // ---------------------------------------------------------------- regions

  /**
   * Regions where OSv2 is available to the organization.
   * `GET /api/v1/organizations/{orgId}/regions` -> bare array `[{id, name, url}]`.
   * Note the returned `url`s do not match the real hostnames; build hosts with `objectStoreBaseUrl`.
   */
  async listRegions(): Promise<Region[]> {
    const spec: CallSpec = {
      operation: "ListRegions",
      method: "GET",
      path: `/api/v1/organizations/${pathSegment("organizationId", this.organizationId)}/regions`,
    };
    const res = await this.#call(spec);
    if (!Array.isArray(res.body)) throw this.#badResponse(spec, res.statusCode, "expected an array of regions");
    return res.body.map((r) => {
      const o = r as Record<string, unknown>;
      if (!o || typeof o.id !== "string") throw this.#badResponse(spec, res.statusCode, `unexpected region ${JSON.stringify(r)}`);
      const region: Region = { id: o.id, name: typeof o.name === "string" ? o.name : o.id };
      if (typeof o.url === "string") region.url = o.url;
      return region;
    });
  }

  // ---------------------------------------------------------------- stores

  /**
   * One page of the environment's stores.
   * `GET P/stores?pageSize=&nextPageToken=&beginsWith=` -> `{values: StoreInfo[], nextPageToken}`.
   */
  async listStores(options: ListOptions = {}): Promise<Page<StoreInfo>> {
    const spec: CallSpec = {
      operation: "ListStores",
      method: "GET",
      path: `${this.#envPath()}/stores`,
      query: { pageSize: options.pageSize, nextPageToken: options.nextPageToken, beginsWith: options.beginsWith },
    };
    return this.#page(spec, await this.#call(spec), (v) => normalizeStore(v));
  }

  /** All stores (follows `nextPageToken`), optionally only ids starting with `beginsWith`. */
  async listAllStores(options: { beginsWith?: string } = {}): Promise<StoreInfo[]> {
    return this.#allPages("ListStores", `${this.#envPath()}/stores`, (nextPageToken) =>
      this.listStores({ ...options, nextPageToken }),
    );
  }

  /** A store, or `undefined` when it does not exist. `GET S` -> StoreInfo (404 -> undefined). */
  async getStore(storeId: string): Promise<StoreInfo | undefined> {
    const spec: CallSpec = { operation: "GetStore", method: "GET", path: this.#storePath(storeId) };
    const res = await this.#callOr404(spec);
    return res === NOT_FOUND ? undefined : this.#store(spec, res, storeId);
  }

  /**
   * Creates the store, or replaces its settings when it exists.
   * `PUT S` with a JSON body of the given settings (unset fields are not sent: server defaults apply)
   * -> 201 (created) / 200 (replaced) with the StoreInfo.
   */
  async putStore(storeId: string, settings: StoreSettings = {}): Promise<StoreInfo> {
    const spec: CallSpec = {
      operation: "PutStore",
      method: "PUT",
      path: this.#storePath(storeId),
      body: definedOnly(settings),
    };
    return this.#store(spec, await this.#call(spec), storeId);
  }

  /**
   * Changes some settings of an existing store. `PATCH S` with the given fields -> StoreInfo.
   * @throws ObjectStoreApiError 404 when the store does not exist.
   */
  async patchStore(storeId: string, settings: Partial<StoreSettings>): Promise<StoreInfo> {
    const spec: CallSpec = {
      operation: "PatchStore",
      method: "PATCH",
      path: this.#storePath(storeId),
      body: definedOnly(settings),
    };
    return this.#store(spec, await this.#call(spec), storeId);
  }

  /**
   * Deletes a store with all its partitions and keys. `DELETE S`.
   * @returns true when deleted, false when it did not exist (404).
   */
  async deleteStore(storeId: string): Promise<boolean> {
    const res = await this.#callOr404({ operation: "DeleteStore", method: "DELETE", path: this.#storePath(storeId) });
    return res !== NOT_FOUND;
  }

  // ---------------------------------------------------------------- partitions

  /** One page of partition ids. `GET S/partitions` -> `{values: string[], nextPageToken}`. */
  async listPartitions(storeId: string, page: PageRequest = {}): Promise<Page<string>> {
    const spec: CallSpec = {
      operation: "ListPartitions",
      method: "GET",
      path: `${this.#storePath(storeId)}/partitions`,
      query: { pageSize: page.pageSize, nextPageToken: page.nextPageToken },
    };
    return this.#page(spec, await this.#call(spec), (v) => (typeof v === "string" ? v : undefined));
  }

  /** All partition ids of a store (follows `nextPageToken`). */
  async listAllPartitions(storeId: string): Promise<string[]> {
    return this.#allPages("ListPartitions", `${this.#storePath(storeId)}/partitions`, (nextPageToken) =>
      this.listPartitions(storeId, { nextPageToken }),
    );
  }

  /** Whether a partition exists. `HEAD S/partitions/{p}` -> 200 true / 404 false. */
  async partitionExists(storeId: string, partitionId: string): Promise<boolean> {
    const res = await this.#callOr404({
      operation: "HeadPartition",
      method: "HEAD",
      path: this.#partitionPath(storeId, partitionId),
    });
    return res !== NOT_FOUND;
  }

  /**
   * Deletes a partition and every key in it. `DELETE S/partitions/{p}`.
   * @returns true when deleted, false when it did not exist (404).
   */
  async deletePartition(storeId: string, partitionId: string): Promise<boolean> {
    const res = await this.#callOr404({
      operation: "DeletePartition",
      method: "DELETE",
      path: this.#partitionPath(storeId, partitionId),
    });
    return res !== NOT_FOUND;
  }

  /**
   * Deletes every partition (and key) of a store, keeping the store. `DELETE S/partitions`
   * (billed as "Delete partitions in store"; the route itself is inferred, not in the 19-op list).
   * @returns true when done, false when the store does not exist (404).
   */
  async deleteAllPartitions(storeId: string): Promise<boolean> {
    const res = await this.#callOr404({
      operation: "DeleteAllPartitions",
      method: "DELETE",
      path: `${this.#storePath(storeId)}/partitions`,
    });
    return res !== NOT_FOUND;
  }

  /**
   * Deletes every key of a partition. `DELETE S/partitions/{p}/keys`
   * (billed as "Delete all keys and values in the partition"; route inferred).
   * @returns true when done, false when the partition does not exist (404).
   */
  async deleteAllKeys(storeId: string, partitionId: string): Promise<boolean> {
    const res = await this.#callOr404({
      operation: "DeleteAllKeys",
      method: "DELETE",
      path: `${this.#partitionPath(storeId, partitionId)}/keys`,
    });
    return res !== NOT_FOUND;
  }

  // ---------------------------------------------------------------- keys

  /**
   * One page of the keys of a partition.
   * `GET S/partitions/{p}/keys?beginsWith=&pageSize=&nextPageToken=` -> `{values: [{keyId}], nextPageToken}`.
   */
  async listKeys(storeId: string, partitionId: string, options: ListOptions = {}): Promise<Page<KeyRef>> {
    const spec: CallSpec = {
      operation: "ListKeys",
      method: "GET",
      path: `${this.#partitionPath(storeId, partitionId)}/keys`,
      query: { beginsWith: options.beginsWith, pageSize: options.pageSize, nextPageToken: options.nextPageToken },
    };
    return this.#page(spec, await this.#call(spec), (v) => {
      if (typeof v === "string") return { keyId: v };
      const k = v as { keyId?: unknown } | null;
      return k && typeof k.keyId === "string" ? { keyId: k.keyId } : undefined;
    });
  }

  /** All key ids of a partition (follows `nextPageToken`). */
  async listAllKeys(storeId: string, partitionId: string, options: { beginsWith?: string } = {}): Promise<string[]> {
    const refs = await this.#allPages("ListKeys", `${this.#partitionPath(storeId, partitionId)}/keys`, (nextPageToken) =>
      this.listKeys(storeId, partitionId, { ...options, nextPageToken }),
    );
    return refs.map((r) => r.keyId);
  }

  /** A key's value, or `undefined` when the key (or its partition/store) does not exist. `GET K`. */
  async getKey(storeId: string, partitionId: string, keyId: string): Promise<KeyValue | undefined> {
    const spec: CallSpec = { operation: "GetKey", method: "GET", path: this.#keyPath(storeId, partitionId, keyId) };
    const res = await this.#callOr404(spec);
    if (res === NOT_FOUND) return undefined;
    const kv = normalizeKeyValue(res.body, keyId);
    if (!kv) throw this.#badResponse(spec, res.statusCode, "expected a key value object");
    return kv;
  }

  /** Whether a key exists. `HEAD K` -> 200 true / 404 false. */
  async keyExists(storeId: string, partitionId: string, keyId: string): Promise<boolean> {
    const res = await this.#callOr404({
      operation: "HeadKey",
      method: "HEAD",
      path: this.#keyPath(storeId, partitionId, keyId),
    });
    return res !== NOT_FOUND;
  }

  /**
   * Creates or overwrites a key (the partition is created implicitly).
   * `PUT K`, `application/json` `{keyId, valueType, stringValue|numberValue|binaryValue, metadata?}` -> KeyValue.
   * Limits: value ≤ 10 MB base64-encoded, metadata ≤ 4 KB (413/400 otherwise).
   */
  async putKey(storeId: string, partitionId: string, keyId: string, value: KeyValueInput): Promise<KeyValue> {
    return this.#writeKey("PutKey", "PUT", storeId, partitionId, keyId, value);
  }

  /**
   * Creates a key that must not exist yet. `POST K`, `application/json` (as in the docs' "Store a
   * Key-Value Pair" example) -> KeyValue.
   * @throws ObjectStoreApiError with statusCode 409 when the key already exists.
   */
  async createKey(storeId: string, partitionId: string, keyId: string, value: KeyValueInput): Promise<KeyValue> {
    return this.#writeKey("CreateKey", "POST", storeId, partitionId, keyId, value);
  }

  async #writeKey(
    operation: string,
    method: "PUT" | "POST",
    storeId: string,
    partitionId: string,
    keyId: string,
    value: KeyValueInput,
  ): Promise<KeyValue> {
    const body = keyBody(keyId, value);
    const spec: CallSpec = {
      operation,
      method,
      path: this.#keyPath(storeId, partitionId, keyId),
      body,
      hints: { 409: `Key "${keyId}" already exists in partition "${partitionId}" of store "${storeId}": use putKey to overwrite it.` },
    };
    const res = await this.#call(spec);
    if (res.body === undefined) return body as unknown as KeyValue;
    const kv = normalizeKeyValue(res.body, keyId);
    if (!kv) throw this.#badResponse(spec, res.statusCode, "expected a key value object");
    return kv;
  }

  /**
   * Deletes a key. `DELETE K`.
   * @returns true when deleted, false when it did not exist (404).
   */
  async deleteKey(storeId: string, partitionId: string, keyId: string): Promise<boolean> {
    const res = await this.#callOr404({
      operation: "DeleteKey",
      method: "DELETE",
      path: this.#keyPath(storeId, partitionId, keyId),
    });
    return res !== NOT_FOUND;
  }

  /**
   * Atomically adds `delta` to a NUMBER key. `POST K` with
   * `Content-Type: application/vnd.objectstore.v1.numberoperation+json` and
   * `{"operation":"INCREMENT","delta":n}` (body schema not public; shared with the emulator)
   * -> the new KeyValue (read back with GET when the response has no body).
   * Not retried except on 429 / connection refused, so a lost response never counts twice.
   */
  async incrementKey(storeId: string, partitionId: string, keyId: string, delta: number): Promise<KeyValue> {
    if (typeof delta !== "number" || !Number.isFinite(delta)) {
      throw new TypeError(`incrementKey: delta must be a finite number (got ${String(delta)})`);
    }
    const spec: CallSpec = {
      operation: "IncrementKey",
      method: "POST",
      path: this.#keyPath(storeId, partitionId, keyId),
      body: { operation: "INCREMENT", delta },
      contentType: NUMBER_OPERATION_CONTENT_TYPE,
    };
    const res = await this.#call(spec);
    if (res.body === undefined) {
      const kv = await this.getKey(storeId, partitionId, keyId);
      if (!kv) throw this.#badResponse(spec, res.statusCode, "the key vanished after the increment");
      return kv;
    }
    const kv = normalizeKeyValue(res.body, keyId);
    if (!kv) throw this.#badResponse(spec, res.statusCode, "expected a key value object");
    return kv;
  }

  // ---------------------------------------------------------------- stats

  /**
   * Usage statistics (billable request counts) from the Stats API, on `statsBaseUrl`:
   * `GET /api/v1/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`
   * `?startDate=<ISO>&endDate=<ISO>&period=1hour|1day|1month[&isMaster=true]`
   * -> `[{timeStamp, objectStoreRequestCount}]`. Not real time. Only on the US and EU clouds.
   * @throws ObjectStoreConfigError when the Stats API is not available (statsBaseUrl null).
   * @throws ObjectStoreApiError 400 when the window exceeds the period's maximum.
   */
  async getUsageStats(query: UsageStatsQuery): Promise<UsageStat[]> {
    const level = query.level ?? "environment";
    for (const k of ["startDate", "endDate"] as const) {
      const d = query[k];
      if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError(`getUsageStats: ${k} must be a valid Date`);
    }
    if (query.startDate.getTime() > query.endDate.getTime()) {
      throw new TypeError("getUsageStats: startDate is after endDate");
    }
    if (!["1hour", "1day", "1month"].includes(query.period)) {
      throw new TypeError(`getUsageStats: period must be "1hour", "1day" or "1month" (got ${JSON.stringify(query.period)})`);
    }
    let path = `/api/v1/organizations/${pathSegment("organizationId", query.organizationId ?? this.organizationId)}`;
    if (level !== "organization") {
      path += `/environments/${pathSegment("environmentId", query.environmentId ?? this.environmentId)}`;
    }
    if (level === "region" || level === "store") {
      if (!query.region) throw new TypeError(`getUsageStats: region is required at level "${level}"`);
      path += `/regions/${pathSegment("region", query.region)}`;
    }
    if (level === "store") {
      if (!query.storeId) throw new TypeError('getUsageStats: storeId is required at level "store"');
      path += `/stores/${pathSegment("storeId", query.storeId)}`;
    }
    const operation = { organization: "GetOrganizationUsage", environment: "GetEnvironmentUsage", region: "GetRegionUsage", store: "GetStoreUsage" }[level];
    const spec: CallSpec = {
      operation,
      method: "GET",
      path,
      stats: true,
      query: {
        startDate: query.startDate.toISOString(),
        endDate: query.endDate.toISOString(),
        period: query.period,
        isMaster: query.isMaster === undefined ? undefined : String(query.isMaster),
      },
      hints: {
        400: "Check the window: at most 1 day for period 1hour, 1 month for 1day, 2 months for 1month; data is kept 3/12/24 months.",
      },
    };
    const res = await this.#call(spec);
    if (!Array.isArray(res.body)) throw this.#badResponse(spec, res.statusCode, "expected an array of usage buckets");
    return res.body.map((v) => {
      const o = v as Record<string, unknown>;
      if (!o || typeof o.timeStamp !== "string") throw this.#badResponse(spec, res.statusCode, `unexpected bucket ${JSON.stringify(v)}`);
      return { timeStamp: o.timeStamp, objectStoreRequestCount: asNumber(o.objectStoreRequestCount, 0) };
    });
  }

  /** Safe description for logs. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      organizationId: this.organizationId,
      environmentId: this.environmentId,
      statsBaseUrl: this.statsBaseUrl,
      credential: this.#tokenSource.identity,
    };
  }

  [inspect.custom](): string {
    return `ObjectStoreClient ${inspect(this.toJSON())}`;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

function keyBody(keyId: string, value: KeyValueInput): Record<string, unknown> {
  const v = value as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = { keyId, valueType: value.valueType };
  switch (value.valueType) {
    case "STRING":
      if (typeof v.stringValue !== "string") throw new TypeError(`key "${keyId}": stringValue must be a string`);
      body.stringValue = v.stringValue;
      break;
    case "NUMBER":
      if (typeof v.numberValue !== "number" || !Number.isFinite(v.numberValue)) {
        throw new TypeError(`key "${keyId}": numberValue must be a finite number`);
      }
      body.numberValue = v.numberValue;
      break;
    case "BINARY":
      if (typeof v.binaryValue !== "string") throw new TypeError(`key "${keyId}": binaryValue must be a base64 string`);
      body.binaryValue = v.binaryValue;
      break;
    default:
      throw new TypeError(`key "${keyId}": valueType must be STRING, NUMBER or BINARY (got ${JSON.stringify(v.valueType)})`);
  }
  if (v.metadata !== undefined) body.metadata = v.metadata;
  return body;
}

function normalizeUsageLimits(v: unknown): UsageLimits | null {
  if (!v || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
  return {
    maxKeys: num(o.maxKeys),
    maxSizeBytes: num(o.maxSizeBytes),
    enforcement: o.enforcement === "WARN" ? "WARN" : "REJECT",
  };
}

/** Normalizes a store object from the wire (tolerates string booleans and missing optional fields). */
export function normalizeStore(v: unknown): StoreInfo | undefined {
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.storeId !== "string") return undefined;
  return {
    storeId: o.storeId,
    encrypted: asBool(o.encrypted, true),
    permanentOsFlag: asBool(o.permanentOsFlag, false),
    persistent: asBool(o.persistent, true),
    defaultTtlSeconds: asNumber(o.defaultTtlSeconds, 2_592_000),
    defaultConfirmationTtlSeconds: asNumber(o.defaultConfirmationTtlSeconds, 600),
    isFixedTtl: typeof o.isFixedTtl === "boolean" ? o.isFixedTtl : o.isFixedTtl === "true" ? true : o.isFixedTtl === "false" ? false : null,
    usageLimits: normalizeUsageLimits(o.usageLimits),
  };
}

/**
 * Normalizes a key value from the wire. A missing `valueType` is inferred from which
 * `*Value` field is present (as other OSv2 clients do).
 */
export function normalizeKeyValue(v: unknown, keyIdFallback: string): KeyValue | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  let valueType = o.valueType as ValueType | undefined;
  if (valueType !== "STRING" && valueType !== "NUMBER" && valueType !== "BINARY") {
    if (typeof o.stringValue === "string") valueType = "STRING";
    else if (o.numberValue !== undefined && o.numberValue !== null) valueType = "NUMBER";
    else if (typeof o.binaryValue === "string") valueType = "BINARY";
    else return undefined;
  }
  const kv: KeyValue = { keyId: typeof o.keyId === "string" ? o.keyId : keyIdFallback, valueType };
  if (typeof o.stringValue === "string") kv.stringValue = o.stringValue;
  if (o.numberValue !== undefined && o.numberValue !== null) kv.numberValue = asNumber(o.numberValue, NaN);
  if (typeof o.binaryValue === "string") kv.binaryValue = o.binaryValue;
  if (o.metadata !== undefined && o.metadata !== null) kv.metadata = o.metadata;
  return kv;
}

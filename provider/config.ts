/**
 * Connection settings for Anypoint Object Store v2: where they come from, how they are checked,
 * and the cached clients built from them.
 *
 * Sources, in order of precedence (per setting):
 * 1. Pulumi stack config in the `anypoint` namespace (`pulumi config set anypoint:clientId ...`),
 *    handed to the dynamic provider's `configure()` and stored with {@link configureConnection};
 * 2. `ANYPOINT_*` environment variables, read when settings are resolved (inside provider calls,
 *    never captured in a closure).
 *
 * | config key (`anypoint:`) | environment variable(s)                          | meaning |
 * |--------------------------|--------------------------------------------------|---------|
 * | clientId                 | ANYPOINT_CLIENT_ID                               | connected app id |
 * | clientSecret (secret)    | ANYPOINT_CLIENT_SECRET                           | connected app secret |
 * | accessToken (secret)     | ANYPOINT_ACCESS_TOKEN                            | a bearer token (not renewed) |
 * | username                 | ANYPOINT_USERNAME                                | user login (no MFA) |
 * | password (secret)        | ANYPOINT_PASSWORD                                | user password |
 * | organizationId           | ANYPOINT_ORGANIZATION_ID, ANYPOINT_ORG_ID        | business group id (required) |
 * | environmentId            | ANYPOINT_ENVIRONMENT_ID, ANYPOINT_ENV_ID         | environment id (required) |
 * | region                   | ANYPOINT_REGION                                  | OSv2 region, default `us-east-1` |
 * | controlPlane             | ANYPOINT_CONTROL_PLANE                           | US, EU, Gov, Canada, Japan; default US |
 * | baseUrl                  | ANYPOINT_BASE_URL                                | OSv2 endpoint override (emulator, private endpoint) |
 * | authBaseUrl              | ANYPOINT_AUTH_BASE_URL                           | token host; default baseUrl if set, else the control plane's host |
 * | statsBaseUrl             | ANYPOINT_STATS_BASE_URL                          | Stats API host; default baseUrl if set, else the control plane's |
 * | requestsPerSecond        | ANYPOINT_REQUESTS_PER_SECOND                     | client-side rate limit, default 10 |
 *
 * Exactly one kind of credential must be set: `accessToken`, or `clientId` + `clientSecret`, or
 * `username` + `password`. When credentials of one kind come from config and another kind only from
 * the environment, config wins and the environment's are ignored; two kinds from the same source,
 * none at all, or half a pair is an error. All problems are reported at once in one
 * {@link ObjectStoreConfigError}.
 *
 * Settings objects are safe to log: secrets are non-enumerable, and `toJSON()` / `util.inspect`
 * print `[REDACTED]` instead.
 */

import { inspect } from "node:util";
import {
  ObjectStoreClient,
  ObjectStoreConfigError,
  CONTROL_PLANE_NAMES,
  connectedAppTokenSource,
  objectStoreBaseUrl,
  parseControlPlane,
  staticTokenSource,
  userLoginTokenSource,
  authBaseUrl as controlPlaneAuthBaseUrl,
  statsBaseUrl as controlPlaneStatsBaseUrl,
  type ConfigProblem,
  type ControlPlane,
  type RetryPolicy,
  type TokenSource,
} from "./client";

/** Where the settings are read from: anything with `get(key)`, e.g. the dynamic provider's `req.config`. */
export interface ConfigSource {
  /** Called with namespaced keys, e.g. `anypoint:clientId`. */
  get(key: string): string | undefined | null;
}

/** The configuration namespace. */
export const CONFIG_NAMESPACE = "anypoint";

/** Every setting key, with its environment variables and whether it is secret. */
export const SETTINGS = {
  clientId: { env: ["ANYPOINT_CLIENT_ID"], secret: false, placeholder: "<client-id>" },
  clientSecret: { env: ["ANYPOINT_CLIENT_SECRET"], secret: true, placeholder: "<client-secret>" },
  accessToken: { env: ["ANYPOINT_ACCESS_TOKEN"], secret: true, placeholder: "<bearer-token>" },
  username: { env: ["ANYPOINT_USERNAME"], secret: false, placeholder: "<username>" },
  password: { env: ["ANYPOINT_PASSWORD"], secret: true, placeholder: "<password>" },
  organizationId: { env: ["ANYPOINT_ORGANIZATION_ID", "ANYPOINT_ORG_ID"], secret: false, placeholder: "<organization-id>" },
  environmentId: { env: ["ANYPOINT_ENVIRONMENT_ID", "ANYPOINT_ENV_ID"], secret: false, placeholder: "<environment-id>" },
  region: { env: ["ANYPOINT_REGION"], secret: false, placeholder: "<region, e.g. us-east-1>" },
  controlPlane: { env: ["ANYPOINT_CONTROL_PLANE"], secret: false, placeholder: "<US|EU|Gov|Canada|Japan>" },
  baseUrl: { env: ["ANYPOINT_BASE_URL"], secret: false, placeholder: "<url>" },
  authBaseUrl: { env: ["ANYPOINT_AUTH_BASE_URL"], secret: false, placeholder: "<url>" },
  statsBaseUrl: { env: ["ANYPOINT_STATS_BASE_URL"], secret: false, placeholder: "<url>" },
  requestsPerSecond: { env: ["ANYPOINT_REQUESTS_PER_SECOND"], secret: false, placeholder: "<number>" },
} as const;

/** A setting key. */
export type SettingKey = keyof typeof SETTINGS;

/** Where a value came from. */
export type SettingOrigin = "config" | "env" | "default" | "override";

/** How to set one setting: the `pulumi config set` command and the environment variable(s). */
export function howToSet(key: SettingKey): string {
  const s = SETTINGS[key];
  return `\`pulumi config set ${s.secret ? "--secret " : ""}${CONFIG_NAMESPACE}:${key} ${s.placeholder}\` or ${s.env.join(" / ")}`;
}

const REDACTED = "[REDACTED]";

/** A bearer token given as is. */
export interface AccessTokenCredentials {
  readonly kind: "accessToken";
  /** Secret (non-enumerable). */
  readonly accessToken: string;
}
/** Connected app client credentials. */
export interface ConnectedAppCredentials {
  readonly kind: "connectedApp";
  readonly clientId: string;
  /** Secret (non-enumerable). */
  readonly clientSecret: string;
}
/** User login (users without MFA). */
export interface UserLoginCredentials {
  readonly kind: "userLogin";
  readonly username: string;
  /** Secret (non-enumerable). */
  readonly password: string;
}
/** One of the three kinds of credentials. */
export type Credentials = AccessTokenCredentials | ConnectedAppCredentials | UserLoginCredentials;

function defineHidden(o: object, key: string | symbol, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: false, writable: false, configurable: false });
}

/** Builds a credentials object whose secret is non-enumerable and redacted by toJSON/inspect. */
export function makeCredentials(
  c:
    | { kind: "accessToken"; accessToken: string }
    | { kind: "connectedApp"; clientId: string; clientSecret: string }
    | { kind: "userLogin"; username: string; password: string },
): Credentials {
  const out: Record<string, unknown> = { kind: c.kind };
  let safe: Record<string, string>;
  switch (c.kind) {
    case "accessToken":
      defineHidden(out, "accessToken", c.accessToken);
      safe = { kind: c.kind, accessToken: REDACTED };
      break;
    case "connectedApp":
      out.clientId = c.clientId;
      defineHidden(out, "clientSecret", c.clientSecret);
      safe = { kind: c.kind, clientId: c.clientId, clientSecret: REDACTED };
      break;
    case "userLogin":
      out.username = c.username;
      defineHidden(out, "password", c.password);
      safe = { kind: c.kind, username: c.username, password: REDACTED };
      break;
  }
  defineHidden(out, "toJSON", () => ({ ...safe }));
  defineHidden(out, inspect.custom, (_d: number, opts: object) => `Credentials ${inspect(safe, opts)}`);
  return Object.freeze(out) as unknown as Credentials;
}

/** Resolved connection settings (safe to log). */
export interface ConnectionSettings {
  readonly organizationId: string;
  readonly environmentId: string;
  /** OSv2 region id, e.g. `us-east-1`. */
  readonly region: string;
  readonly controlPlane: ControlPlane;
  /** Object Store base URL (no `/api/v1`), computed from control plane + region unless overridden. */
  readonly baseUrl: string;
  /** Host of `/accounts/...` token endpoints. */
  readonly authBaseUrl: string;
  /** Stats API host, or null where the Stats API is not offered. */
  readonly statsBaseUrl: string | null;
  readonly credentials: Credentials;
  /** Client-side rate limit (requests/s). */
  readonly requestsPerSecond: number | undefined;
  /** Explicit endpoint overrides (kept so that {@link settingsFor} can recompute the others). */
  readonly overrides: { readonly baseUrl?: string; readonly authBaseUrl?: string; readonly statsBaseUrl?: string };
  /** Where each value came from. */
  readonly origins: Readonly<Partial<Record<SettingKey, SettingOrigin>>>;
}

interface Resolved {
  value: string;
  origin: "config" | "env";
  /** `anypoint:key` or the env var name actually used. */
  from: string;
}

function readSource(source: ConfigSource | Record<string, string | undefined> | undefined, key: SettingKey): string | undefined {
  if (!source) return undefined;
  let v: unknown;
  if (typeof (source as ConfigSource).get === "function") {
    v = (source as ConfigSource).get(`${CONFIG_NAMESPACE}:${key}`);
  } else {
    const rec = source as Record<string, string | undefined>;
    v = rec[`${CONFIG_NAMESPACE}:${key}`] ?? rec[key];
  }
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

function resolveKey(
  source: ConfigSource | Record<string, string | undefined> | undefined,
  env: NodeJS.ProcessEnv,
  key: SettingKey,
): Resolved | undefined {
  const c = readSource(source, key);
  if (c !== undefined) return { value: c, origin: "config", from: `${CONFIG_NAMESPACE}:${key}` };
  for (const name of SETTINGS[key].env) {
    const e = env[name]?.trim();
    if (e) return { value: e, origin: "env", from: name };
  }
  return undefined;
}

const KINDS = {
  accessToken: { label: "a bearer token", keys: ["accessToken"] as SettingKey[] },
  connectedApp: { label: "a connected app", keys: ["clientId", "clientSecret"] as SettingKey[] },
  userLogin: { label: "a user login", keys: ["username", "password"] as SettingKey[] },
} as const;
type Kind = keyof typeof KINDS;

function describeFrom(r: Resolved): string {
  return r.origin === "config" ? `${r.from} (stack config)` : `${r.from} (environment)`;
}

function validUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && !u.search && !u.hash;
  } catch {
    return false;
  }
}

/**
 * Resolves connection settings from stack config (`anypoint:*` keys) with `ANYPOINT_*` fallbacks.
 *
 * @param source stack config: `{get(key)}` called with `anypoint:<key>`, or a plain record keyed
 *   `anypoint:<key>` or `<key>`.
 * @param env environment (default `process.env`).
 * @throws ObjectStoreConfigError listing every missing or contradictory setting and how to set it.
 */
export function resolveConnectionSettings(
  source: ConfigSource | Record<string, string | undefined> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionSettings {
  const r = {} as Partial<Record<SettingKey, Resolved>>;
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const v = resolveKey(source, env, key);
    if (v) r[key] = v;
  }
  const problems: ConfigProblem[] = [];

  // --- credentials
  const mentioned = (Object.keys(KINDS) as Kind[]).filter((k) => KINDS[k].keys.some((key) => r[key]));
  let kinds = mentioned;
  if (mentioned.length > 1) {
    const fromConfig = mentioned.filter((k) => KINDS[k].keys.some((key) => r[key]?.origin === "config"));
    if (fromConfig.length === 1) kinds = fromConfig; // config wins over leftovers in the environment
  }
  let credentials: Credentials | undefined;
  if (kinds.length === 0) {
    problems.push({
      settings: ["accessToken", "clientId", "clientSecret", "username", "password"],
      message:
        "No credentials are set. Set exactly one kind:\n" +
        `- a connected app (recommended): ${howToSet("clientId")}, and ${howToSet("clientSecret")}\n` +
        `- a bearer token (not renewed): ${howToSet("accessToken")}\n` +
        `- a user login (users without MFA): ${howToSet("username")}, and ${howToSet("password")}`,
    });
  } else if (kinds.length > 1) {
    const parts = kinds.map((k) => {
      const used = KINDS[k].keys.filter((key) => r[key]).map((key) => describeFrom(r[key]!));
      return `${KINDS[k].label} (${used.join(", ")})`;
    });
    const keys = kinds.flatMap((k) => KINDS[k].keys.filter((key) => r[key]));
    problems.push({
      settings: keys,
      message:
        `More than one kind of credentials is set: ${parts.join("; ")}. Keep exactly one: remove the others with ` +
        "`pulumi config rm anypoint:<key>` or by unsetting the environment variables.",
    });
  } else {
    const kind = kinds[0]!;
    const missing = KINDS[kind].keys.filter((key) => !r[key]);
    if (missing.length > 0) {
      const present = KINDS[kind].keys.filter((key) => r[key]);
      for (const key of missing) {
        problems.push({
          settings: [key],
          message:
            `${present.map((p) => describeFrom(r[p]!)).join(", ")} ${present.length > 1 ? "are" : "is"} set but ${CONFIG_NAMESPACE}:${key} is not ` +
            `(${KINDS[kind].label} needs both): ${howToSet(key)}.`,
        });
      }
    } else if (kind === "accessToken") {
      credentials = makeCredentials({ kind, accessToken: r.accessToken!.value });
    } else if (kind === "connectedApp") {
      credentials = makeCredentials({ kind, clientId: r.clientId!.value, clientSecret: r.clientSecret!.value });
    } else {
      credentials = makeCredentials({ kind, username: r.username!.value, password: r.password!.value });
    }
  }

  // --- organization / environment
  for (const key of ["organizationId", "environmentId"] as const) {
    if (!r[key]) {
      problems.push({ settings: [key], message: `${CONFIG_NAMESPACE}:${key} is not set: ${howToSet(key)}.` });
    }
  }

  // --- control plane
  let controlPlane: ControlPlane = "US";
  if (r.controlPlane) {
    const cp = parseControlPlane(r.controlPlane.value);
    if (cp) controlPlane = cp;
    else {
      problems.push({
        settings: ["controlPlane"],
        message: `${describeFrom(r.controlPlane)} is "${r.controlPlane.value}", which is not a control plane; use one of ${CONTROL_PLANE_NAMES.join(", ")}: ${howToSet("controlPlane")}.`,
      });
    }
  }

  // --- endpoints
  for (const key of ["baseUrl", "authBaseUrl", "statsBaseUrl"] as const) {
    const v = r[key];
    if (v && !validUrl(v.value)) {
      problems.push({
        settings: [key],
        message: `${describeFrom(v)} is "${v.value}", which is not an http(s) URL without query: ${howToSet(key)}.`,
      });
    }
  }

  // --- rate limit
  let requestsPerSecond: number | undefined;
  if (r.requestsPerSecond) {
    const n = Number(r.requestsPerSecond.value);
    if (!Number.isFinite(n) || n < 0) {
      problems.push({
        settings: ["requestsPerSecond"],
        message: `${describeFrom(r.requestsPerSecond)} is "${r.requestsPerSecond.value}", which is not a non-negative number (0 disables the limit): ${howToSet("requestsPerSecond")}.`,
      });
    } else requestsPerSecond = n;
  }

  const origins: Partial<Record<SettingKey, SettingOrigin>> = {};
  for (const [k, v] of Object.entries(r)) origins[k as SettingKey] = v!.origin;
  const built = buildSettings(
    {
      organizationId: r.organizationId?.value ?? "",
      environmentId: r.environmentId?.value ?? "",
      region: r.region?.value ?? "us-east-1",
      controlPlane,
      credentials: credentials ?? makeCredentials({ kind: "accessToken", accessToken: "-" }),
      requestsPerSecond,
      overrides: {
        baseUrl: r.baseUrl?.value,
        authBaseUrl: r.authBaseUrl?.value,
        statsBaseUrl: r.statsBaseUrl?.value,
      },
      origins: { region: "default", controlPlane: "default", ...origins },
    },
    problems,
    r.region ? describeFrom(r.region) : undefined,
  );
  if (problems.length > 0) throw new ObjectStoreConfigError(problems);
  return built;
}

interface SettingsFields {
  organizationId: string;
  environmentId: string;
  region: string;
  controlPlane: ControlPlane;
  credentials: Credentials;
  requestsPerSecond: number | undefined;
  overrides: { baseUrl?: string; authBaseUrl?: string; statsBaseUrl?: string };
  origins: Partial<Record<SettingKey, SettingOrigin>>;
}

function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Computes the endpoints and freezes a settings object; appends problems instead of throwing. */
function buildSettings(f: SettingsFields, problems: ConfigProblem[], regionFrom?: string): ConnectionSettings {
  const overrides = {
    ...(f.overrides.baseUrl ? { baseUrl: trimBase(f.overrides.baseUrl) } : {}),
    ...(f.overrides.authBaseUrl ? { authBaseUrl: trimBase(f.overrides.authBaseUrl) } : {}),
    ...(f.overrides.statsBaseUrl ? { statsBaseUrl: trimBase(f.overrides.statsBaseUrl) } : {}),
  };
  let baseUrl = overrides.baseUrl ?? "";
  if (!overrides.baseUrl) {
    try {
      baseUrl = objectStoreBaseUrl(f.controlPlane, f.region);
    } catch (e) {
      problems.push({
        settings: ["region", "controlPlane"],
        message: `${(e as Error).message}${regionFrom ? ` (region from ${regionFrom})` : ""} Fix: ${howToSet("region")}.`,
      });
    }
  }
  const authBaseUrl = overrides.authBaseUrl ?? overrides.baseUrl ?? controlPlaneAuthBaseUrl(f.controlPlane);
  const statsBaseUrl = overrides.statsBaseUrl ?? overrides.baseUrl ?? controlPlaneStatsBaseUrl(f.controlPlane) ?? null;
  const settings: Record<string, unknown> = {
    organizationId: f.organizationId,
    environmentId: f.environmentId,
    region: f.region,
    controlPlane: f.controlPlane,
    baseUrl,
    authBaseUrl,
    statsBaseUrl,
    credentials: f.credentials,
    requestsPerSecond: f.requestsPerSecond,
    overrides: Object.freeze(overrides),
    origins: Object.freeze({ ...f.origins }),
  };
  const safe = () => ({ ...settings, credentials: (f.credentials as unknown as { toJSON(): unknown }).toJSON() });
  defineHidden(settings, "toJSON", safe);
  defineHidden(settings, inspect.custom, (_d: number, opts: object) => `ConnectionSettings ${inspect(safe(), opts)}`);
  return Object.freeze(settings) as unknown as ConnectionSettings;
}

/** Per-resource overrides accepted by {@link settingsFor}. */
export interface ConnectionOverrides {
  organizationId?: string;
  environmentId?: string;
  region?: string;
}

/**
 * Settings for one resource: `base` with its organizationId / environmentId / region replaced by
 * the given (non-empty) values; the Object Store URL is recomputed for the region unless
 * `anypoint:baseUrl` overrides it.
 * @throws ObjectStoreConfigError when the region does not exist on the control plane.
 */
export function settingsFor(base: ConnectionSettings, overrides: ConnectionOverrides = {}): ConnectionSettings {
  const pick = (v: string | undefined) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const org = pick(overrides.organizationId);
  const envId = pick(overrides.environmentId);
  const region = pick(overrides.region);
  if (!org && !envId && !region) return base;
  const origins = { ...base.origins };
  if (org) origins.organizationId = "override";
  if (envId) origins.environmentId = "override";
  if (region) origins.region = "override";
  const problems: ConfigProblem[] = [];
  const s = buildSettings(
    {
      organizationId: org ?? base.organizationId,
      environmentId: envId ?? base.environmentId,
      region: region ?? base.region,
      controlPlane: base.controlPlane,
      credentials: base.credentials,
      requestsPerSecond: base.requestsPerSecond,
      overrides: base.overrides,
      origins,
    },
    problems,
    region ? "the resource's region argument" : undefined,
  );
  if (problems.length > 0) throw new ObjectStoreConfigError(problems);
  return s;
}

/** Extra client options for {@link getClient} (not part of the cache key). */
export interface ClientOptions {
  retry?: RetryPolicy;
  timeoutMs?: number;
}

/** Builds the token source for settings (token cache shared process-wide, see client/auth). */
export function tokenSourceFor(settings: ConnectionSettings, options: ClientOptions = {}): TokenSource {
  const c = settings.credentials;
  switch (c.kind) {
    case "accessToken":
      return staticTokenSource(c.accessToken);
    case "connectedApp":
      return connectedAppTokenSource({
        authBaseUrl: settings.authBaseUrl,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        retry: options.retry,
        timeoutMs: options.timeoutMs,
      });
    case "userLogin":
      return userLoginTokenSource({
        authBaseUrl: settings.authBaseUrl,
        username: c.username,
        password: c.password,
        retry: options.retry,
        timeoutMs: options.timeoutMs,
      });
  }
}

const clients = new Map<string, ObjectStoreClient>();

/**
 * A client for the settings, cached per (baseUrl, organization, environment, statsBaseUrl,
 * credential identity) so that all resources of a process share clients, tokens and rate limits.
 */
export function getClient(settings: ConnectionSettings, options: ClientOptions = {}): ObjectStoreClient {
  const tokenSource = tokenSourceFor(settings, options);
  const key = JSON.stringify([
    settings.baseUrl,
    settings.organizationId,
    settings.environmentId,
    settings.statsBaseUrl,
    tokenSource.identity,
    settings.requestsPerSecond ?? null,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = new ObjectStoreClient({
      baseUrl: settings.baseUrl,
      organizationId: settings.organizationId,
      environmentId: settings.environmentId,
      statsBaseUrl: settings.statsBaseUrl,
      tokenSource,
      requestsPerSecond: settings.requestsPerSecond,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
    clients.set(key, client);
  }
  return client;
}

/** Forgets cached clients (tests). */
export function clearClientCache(): void {
  clients.clear();
}

let configured: Map<string, string> | undefined;

/**
 * Stores the stack config handed to the dynamic provider's `configure()` (only the `anypoint:*`
 * keys are copied). Resolution, and its errors, happen later in {@link currentConnectionSettings},
 * so a stack that declares no Object Store resource never fails because of this configuration.
 */
export function configureConnection(config: ConfigSource | Record<string, string | undefined>): void {
  const snapshot = new Map<string, string>();
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const v = readSource(config, key);
    if (v !== undefined) snapshot.set(`${CONFIG_NAMESPACE}:${key}`, v);
  }
  configured = snapshot;
}

/**
 * The settings in effect: the config given to {@link configureConnection} (if any) with
 * `ANYPOINT_*` fallbacks read now.
 * @throws ObjectStoreConfigError as {@link resolveConnectionSettings}.
 */
export function currentConnectionSettings(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const snap = configured;
  return resolveConnectionSettings(snap ? { get: (k: string) => snap.get(k) } : undefined, env);
}

/** Forgets the stored configuration (tests). */
export function resetConnection(): void {
  configured = undefined;
}

/** Shortcut: a client for the current settings with per-resource overrides. */
export function clientFor(overrides: ConnectionOverrides = {}, options: ClientOptions = {}): ObjectStoreClient {
  return getClient(settingsFor(currentConnectionSettings(), overrides), options);
}

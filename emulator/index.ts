import type { AddressInfo } from "node:net";
import { buildApp } from "./app";
import { VirtualClock } from "./clock";
import { LIMITS } from "./config";
import type { AuthMode, EmulatorContext, KeyPostMode, ResolvedOptions, ValueListingMode } from "./context";
import { PAGING_MODES, type PagingMode } from "./model/pagination";
import { AccountDirectory } from "./identity";
import { FaultRegistry } from "./service/faults";
import { ObjectStoreService } from "./service/object-store";
import { RateLimiter } from "./service/rate-limiter";
import { RequestJournal, type RecordedRequest } from "./service/request-journal";
import { StatsRecorder } from "./service/stats";
import { createStorage } from "./storage";
import { TokenRegistry } from "./tokens";

export { DEMO_CREDENTIALS } from "./identity";
export { OBJECT_STORE_SCOPES, type ObjectStoreScope } from "./permissions";
export type { AuthMode, KeyPostMode, PagingMode, ValueListingMode } from "./context";
export { PAGING_MODES };
export type { ErrorBody } from "./errors";
export type { RecordedRequest } from "./service/request-journal";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
    /** TCP port; 0 (default) picks a free port. */
    port?: number;
    /** Interface to bind; default 127.0.0.1. */
    host?: string;
    /** Directory of the SQLite file backend; memory backend when unset. */
    dataDir?: string;
    /** strict (default): tokens issued by this emulator, org/env checked. any: any bearer. off: none. */
    auth?: AuthMode;
    /** Per-application rate limit; true = 10 requests/s (the OSv2 base limit). Off by default. */
    rateLimit?: boolean | { requestsPerSecond: number };
    /** Region this emulator plays (stats, regions list); default us-east-1. */
    region?: string;
    /** One log line per request: true = stdout, or a function receiving each line. */
    logRequests?: boolean | ((line: string) => void);
    /** Lifetime of issued access tokens on the virtual clock; default 3600. */
    tokenTtlSeconds?: number;
    /**
     * What the partition value listing `GET S/partitions/{p}` serves: `values` (default: keys and
     * values, as `inclusion` asks), `keys-only` or `no-key-ids` (a listing that does not serve values;
     * README "Differences from Anypoint OSv2").
     */
    valueListing?: ValueListingMode;
    /**
     * How every listing pages: `after-id` (default: a token names the last item returned) or
     * `offset` (a token is a position: items deleted during paging make later items be skipped;
     * README "Differences from Anypoint OSv2").
     */
    paging?: PagingMode;
    /**
     * What `POST K` does with a key that exists: `create-only` (default: 409, nothing changed) or
     * `overwrite` (written as by `PUT K`, answered 201 either way: a service without a conditional put).
     */
    keyPost?: KeyPostMode;
}

/** A started emulator. */
export interface RunningEmulator {
    /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash); serves the data plane, auth and stats. */
    url: string;
    port: number;
    /**
     * Data-plane requests answered so far (after `sinceSeq`), oldest first: what clients really sent.
     * Also served as `GET /_emulator/requests?since=N`.
     */
    requests(sinceSeq?: number): RecordedRequest[];
    /** Sequence number of the latest answered request: pass it to `requests()` to see only later ones. */
    lastRequestSeq(): number;
    close(): Promise<void>;
}

const AUTH_MODES: readonly AuthMode[] = ["strict", "any", "off"];
/** Every {@link ValueListingMode}. */
export const VALUE_LISTING_MODES: readonly ValueListingMode[] = ["values", "keys-only", "no-key-ids"];
/** Every {@link KeyPostMode}. */
export const KEY_POST_MODES: readonly KeyPostMode[] = ["create-only", "overwrite"];
const CLOCK_META = "clockOffsetMs";
const PURGE_INTERVAL_MS = 60_000;

/** Applies defaults and checks option values. */
export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
    const auth = opts.auth ?? "strict";
    if (!AUTH_MODES.includes(auth)) throw new Error(`auth must be one of ${AUTH_MODES.join(", ")}, got ${String(auth)}`);
    let requestsPerSecond: number | null = null;
    if (opts.rateLimit === true) requestsPerSecond = LIMITS.defaultRequestsPerSecond;
    else if (opts.rateLimit && typeof opts.rateLimit === "object") requestsPerSecond = opts.rateLimit.requestsPerSecond;
    if (requestsPerSecond !== null && !(requestsPerSecond > 0)) throw new Error("rateLimit.requestsPerSecond must be > 0");
    const valueListing = opts.valueListing ?? "values";
    if (!VALUE_LISTING_MODES.includes(valueListing))
        throw new Error(`valueListing must be one of ${VALUE_LISTING_MODES.join(", ")}, got ${String(valueListing)}`);
    const paging = opts.paging ?? "after-id";
    if (!PAGING_MODES.includes(paging)) throw new Error(`paging must be one of ${PAGING_MODES.join(", ")}, got ${String(paging)}`);
    const keyPost = opts.keyPost ?? "create-only";
    if (!KEY_POST_MODES.includes(keyPost)) throw new Error(`keyPost must be one of ${KEY_POST_MODES.join(", ")}, got ${String(keyPost)}`);
    const tokenTtlSeconds = opts.tokenTtlSeconds ?? LIMITS.defaultTokenTtlSeconds;
    if (!(tokenTtlSeconds > 0)) throw new Error("tokenTtlSeconds must be > 0");
    const port = opts.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer 0-65535, got ${port}`);
    let log: ((line: string) => void) | undefined;
    if (typeof opts.logRequests === "function") log = opts.logRequests;
    else if (opts.logRequests) log = (line) => process.stdout.write(`${line}\n`);
    return {
        port,
        host: opts.host ?? "127.0.0.1",
        dataDir: opts.dataDir || undefined,
        auth,
        requestsPerSecond,
        region: opts.region ?? "us-east-1",
        tokenTtlSeconds,
        valueListing,
        paging,
        keyPost,
        log,
    };
}

/** Builds the shared context (storage, clock, services) of one emulator instance. */
export function createContext(options: ResolvedOptions): EmulatorContext {
    const storage = createStorage(options.dataDir);
    const savedOffset = Number(storage.getMeta(CLOCK_META) ?? 0);
    const clock = new VirtualClock(Number.isFinite(savedOffset) ? savedOffset : 0, (offsetMs) =>
        storage.setMeta(CLOCK_META, String(offsetMs)),
    );
    return {
        options,
        storage,
        clock,
        service: new ObjectStoreService(storage, clock, options.paging),
        tokens: new TokenRegistry(),
        directory: new AccountDirectory(),
        stats: new StatsRecorder(),
        faults: new FaultRegistry(),
        rateLimiter: options.requestsPerSecond ? new RateLimiter(options.requestsPerSecond) : null,
        journal: new RequestJournal(),
    };
}

function urlFor(host: string, port: number): string {
    const reachable = host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
    return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Starts an OSv2 emulator: the data plane under /api/v1, the Anypoint token endpoints under
 * /accounts, the Stats API and the /_emulator admin API, all on one HTTP server.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
    const options = resolveOptions(opts);
    const ctx = createContext(options);
    const app = buildApp(ctx);
    try {
        await app.listen({ port: options.port, host: options.host });
    } catch (e) {
        ctx.storage.close();
        throw e;
    }
    const purgeTimer = setInterval(() => ctx.storage.purgeExpired(ctx.clock.nowMs()), PURGE_INTERVAL_MS);
    purgeTimer.unref();
    const port = (app.server.address() as AddressInfo).port;
    let closed: Promise<void> | undefined;
    return {
        url: urlFor(options.host, port),
        port,
        requests: (sinceSeq) => ctx.journal.list(sinceSeq),
        lastRequestSeq: () => ctx.journal.lastSeq(),
        close: () =>
            (closed ??= (async () => {
                clearInterval(purgeTimer);
                await app.close();
                ctx.storage.close();
            })()),
    };
}

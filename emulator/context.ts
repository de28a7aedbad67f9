import type { VirtualClock } from "./clock";
import type { AccountDirectory, Principal } from "./identity";
import type { PagingMode } from "./model/pagination";
import type { RequiredPermission } from "./permissions";
import type { FaultRegistry } from "./service/faults";
import type { ObjectStoreService } from "./service/object-store";
import type { RateLimiter } from "./service/rate-limiter";
import type { RequestJournal } from "./service/request-journal";
import type { StatsRecorder } from "./service/stats";
import type { StorageBackend } from "./storage/types";
import type { TokenRegistry } from "./tokens";

/**
 * Auth modes: strict checks tokens, org, environment and connected-app scopes; any accepts any
 * bearer; off checks nothing.
 */
export type AuthMode = "strict" | "any" | "off";

/**
 * What `GET S/partitions/{p}` answers: `values` honours `inclusion` (KEYS, VALUES, ALL: keys and
 * values); `keys-only` ignores it and lists `{index, keyId}` only; `no-key-ids` ignores it and lists
 * values without their keys, as the developer portal's example does. The last two stand for a
 * service whose listing does not serve values, so clients' fallbacks can be tested.
 */
export type ValueListingMode = "values" | "keys-only" | "no-key-ids";

/**
 * What `POST K` (application/json) does with a key that exists: `create-only` answers 409 and
 * changes nothing (the provider's inference from the docs' "resource already exists");
 * `overwrite` writes it as `PUT K` would and answers 201 either way, like a service without a
 * conditional put, whose answer says nothing about what was there.
 */
export type KeyPostMode = "create-only" | "overwrite";

export type { PagingMode };

/** Options after defaults are applied. */
export interface ResolvedOptions {
    port: number;
    host: string;
    dataDir?: string;
    auth: AuthMode;
    /** Null when rate limiting is off. */
    requestsPerSecond: number | null;
    region: string;
    tokenTtlSeconds: number;
    /** What the partition value listing serves (see {@link ValueListingMode}). */
    valueListing: ValueListingMode;
    /** How listings page (see {@link PagingMode}). */
    paging: PagingMode;
    /** What POST of an existing key does (see {@link KeyPostMode}). */
    keyPost: KeyPostMode;
    /** Receives one line per request when request logging is on. */
    log?: (line: string) => void;
}

/** Everything routes and middlewares share; built once per emulator instance. */
export interface EmulatorContext {
    options: ResolvedOptions;
    storage: StorageBackend;
    clock: VirtualClock;
    service: ObjectStoreService;
    tokens: TokenRegistry;
    directory: AccountDirectory;
    stats: StatsRecorder;
    faults: FaultRegistry;
    rateLimiter: RateLimiter | null;
    /** Every answered data-plane request (method, URL, status, body). */
    journal: RequestJournal;
}

/**
 * Route areas, set as `config.area` on each route; middlewares decide by area:
 * data = OSv2 data plane (auth, rate limit, stats counting, faults); regions = GET regions (no auth);
 * stats = Stats API (auth); accounts = Anypoint auth endpoints; admin = /_emulator (nothing applies).
 */
export type RouteArea = "data" | "regions" | "stats" | "accounts" | "admin";

declare module "fastify" {
    interface FastifyContextConfig {
        area?: RouteArea;
        /** data and stats routes: the Object Store scope a connected app needs (strict mode). */
        permission?: RequiredPermission;
    }
    interface FastifyRequest {
        /** Set by the auth middleware for data and stats routes. */
        principal: Principal | null;
        /** Identity whose rate-limit token this request holds (refunded on non-2xx). */
        rateLimitIdentity: string | null;
    }
}

/**
 * Client-side rate limit: a token bucket (implemented as GCRA, "virtual scheduling") shared by
 * every client of the same (baseUrl, organization, environment) in the process.
 *
 * OSv2 allows 10 requests/s per client application by default (100 with the premium add-on) and
 * answers 429 above that (docs.mulesoft.com/object-store/osv2-usage). Pacing requests on the
 * client keeps a large `pulumi up` (many resources in parallel) below the limit; the retry on 429
 * remains as a backstop.
 */

/** Sleep and clock functions, injectable for tests. */
export interface LimiterClock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

const realClock: LimiterClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket of `burst` tokens refilled at `ratePerSecond`. `acquire()` resolves when the
 * caller may send; callers are served in arrival order. A rate of 0 or Infinity disables it.
 */
export class RateLimiter {
    #intervalMs = 0;
    #burst = 1;
    /** Theoretical arrival time of the next request (GCRA). */
    #tat = 0;
    readonly #clock: LimiterClock;

    constructor(ratePerSecond: number, burst?: number, clock: LimiterClock = realClock) {
        this.#clock = clock;
        this.setRate(ratePerSecond, burst);
    }

    /** Requests per second currently allowed (Infinity when disabled). */
    get ratePerSecond(): number {
        return this.#intervalMs === 0 ? Infinity : 1000 / this.#intervalMs;
    }

    /** Changes the rate (and burst, default = one second's worth of requests, at least 1). */
    setRate(ratePerSecond: number, burst?: number): void {
        if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
            this.#intervalMs = 0;
            return;
        }
        this.#intervalMs = 1000 / ratePerSecond;
        this.#burst = Math.max(1, Math.floor(burst ?? ratePerSecond));
    }

    /**
     * Reserves the next slot and returns how long the caller must wait (ms) before sending;
     * does not sleep. Exposed for tests.
     */
    reserve(): number {
        if (this.#intervalMs === 0) return 0;
        const now = this.#clock.now();
        const tat = Math.max(this.#tat, now);
        const allowedAt = tat - (this.#burst - 1) * this.#intervalMs;
        this.#tat = tat + this.#intervalMs;
        return Math.max(0, allowedAt - now);
    }

    /** Waits until the caller may send one request. */
    async acquire(): Promise<void> {
        const wait = this.reserve();
        if (wait > 0) await this.#clock.sleep(wait);
    }
}

/** Default client-side limit, requests per second (OSv2's base limit per application). */
export const DEFAULT_REQUESTS_PER_SECOND = 10;

const limiters = new Map<string, RateLimiter>();

/**
 * The process-wide limiter for a (baseUrl, organization, environment). The rate is updated to the
 * latest requested value when several clients ask for the same key with different rates.
 */
export function sharedLimiter(
    baseUrl: string,
    organizationId: string,
    environmentId: string,
    ratePerSecond: number = DEFAULT_REQUESTS_PER_SECOND,
): RateLimiter {
    const key = JSON.stringify([baseUrl.replace(/\/+$/, ""), organizationId, environmentId]);
    let limiter = limiters.get(key);
    if (!limiter) {
        limiter = new RateLimiter(ratePerSecond);
        limiters.set(key, limiter);
    } else if (limiter.ratePerSecond !== (ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? ratePerSecond : Infinity)) {
        limiter.setRate(ratePerSecond);
    }
    return limiter;
}

/** Forgets all shared limiters (tests). */
export function resetSharedLimiters(): void {
    limiters.clear();
}

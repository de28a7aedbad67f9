/**
 * Client-side rate limit: a token bucket (implemented as GCRA, "virtual scheduling") shared by
 * every client of the same application credentials in the process, that slows down when the
 * service answers 429 and speeds back up as requests succeed (additive increase, multiplicative
 * decrease: -30% per 429 burst, +1/50 of the configured rate per success).
 *
 * OSv2 allows 10 requests/s per client application by default (100 with the premium add-on) and
 * answers 429 above that ("Object Store v2 usage", https://docs.mulesoft.com/object-store/osv2-usage).
 * The service counts per application, not per endpoint or environment, so the limiter is keyed by
 * the credential's application (connected app client id, user, or token), and one stack that
 * spans several environments or regions stays within one budget. Pacing on the client keeps a
 * large `pulumi up` (many resources in parallel) below the limit; the retry on 429 remains as a
 * backstop, and each 429 lowers the pace (other processes may share the application's budget).
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

/** Each decrease multiplies the pace by this. */
const DECREASE_FACTOR = 0.7;
/** Lowest pace the adaptive limiter goes down to, as a fraction of the configured rate. */
const MIN_RATE_FRACTION = 1 / 20;
/** Each success gives back this fraction of the configured rate. */
const INCREASE_FRACTION = 1 / 50;
/**
 * 429s within this long after a decrease do not decrease again: they answer requests sent at the
 * old pace, and occasional 429s (other programs of the same application) must not drive the pace
 * to the floor while most requests succeed.
 */
const DECREASE_HOLD_MS = 2000;

/**
 * A token bucket of `burst` tokens refilled at the current rate. `acquire()` resolves when the
 * caller may send; callers are served in arrival order. A rate of 0 or Infinity disables it
 * (and its adaptation).
 */
export class RateLimiter {
    /** Configured (maximum) rate, requests/s; 0 when disabled. */
    #maxRate = 0;
    /** Current rate, requests/s (≤ #maxRate). */
    #rate = 0;
    #burst = 1;
    /** Burst given to setRate (default: one second's worth at the current rate). */
    #fixedBurst: number | undefined;
    /** Theoretical arrival time of the next request (GCRA). */
    #tat = 0;
    /** No request is sent before this epoch ms (a Retry-After). */
    #blockedUntil = 0;
    #lastDecreaseAt = -Infinity;
    readonly #clock: LimiterClock;

    constructor(ratePerSecond: number, burst?: number, clock: LimiterClock = realClock) {
        this.#clock = clock;
        this.setRate(ratePerSecond, burst);
    }

    /** Requests per second currently allowed (Infinity when disabled). */
    get ratePerSecond(): number {
        return this.#rate === 0 ? Infinity : this.#rate;
    }

    /** The configured rate (Infinity when disabled). */
    get maxRatePerSecond(): number {
        return this.#maxRate === 0 ? Infinity : this.#maxRate;
    }

    /** Sets the configured rate (and burst, default = one second's worth of requests, at least 1); resets adaptation. */
    setRate(ratePerSecond: number, burst?: number): void {
        const r = ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? ratePerSecond : 0;
        this.#maxRate = r;
        this.#rate = r;
        this.#fixedBurst = burst;
        this.#burst = this.#burstFor(r);
    }

    #burstFor(rate: number): number {
        return Math.max(1, Math.floor(this.#fixedBurst ?? rate));
    }

    #setCurrent(rate: number): void {
        this.#rate = Math.min(this.#maxRate, Math.max(this.#maxRate * MIN_RATE_FRACTION, rate));
        this.#burst = Math.min(this.#burstFor(this.#maxRate), this.#burstFor(this.#rate));
    }

    /**
     * The service answered 429: lower the pace by 30% (once per 2 s at most, down to 1/20 of the
     * configured rate) and, with a Retry-After, send nothing before it has passed.
     */
    throttled(retryAfterMs?: number): void {
        if (this.#maxRate === 0) return;
        const now = this.#clock.now();
        if (retryAfterMs !== undefined && retryAfterMs > 0) this.#blockedUntil = Math.max(this.#blockedUntil, now + retryAfterMs);
        if (now - this.#lastDecreaseAt < DECREASE_HOLD_MS) return;
        this.#lastDecreaseAt = now;
        this.#setCurrent(this.#rate * DECREASE_FACTOR);
    }

    /** A request was answered without throttling: give back 1/50 of the configured rate. */
    succeeded(): void {
        if (this.#maxRate === 0 || this.#rate >= this.#maxRate) return;
        this.#setCurrent(this.#rate + this.#maxRate * INCREASE_FRACTION);
    }

    /**
     * Reserves the next slot and returns how long the caller must wait (ms) before sending;
     * does not sleep. Exposed for tests.
     */
    reserve(): number {
        if (this.#maxRate === 0) return 0;
        const now = this.#clock.now();
        const start = Math.max(now, this.#blockedUntil);
        const interval = 1000 / this.#rate;
        const tat = Math.max(this.#tat, start);
        const allowedAt = Math.max(start, tat - (this.#burst - 1) * interval);
        this.#tat = tat + interval;
        return Math.max(0, allowedAt - now);
    }

    /**
     * Waits until the caller may send one request; returns how long it waited, ms. `onWait` is told
     * the wait before it starts (only when there is one), e.g. to report a long one.
     */
    async acquire(onWait?: (waitMs: number) => void): Promise<number> {
        const wait = this.reserve();
        if (wait > 0) {
            onWait?.(wait);
            await this.#clock.sleep(wait);
        }
        return wait;
    }
}

/** Default client-side limit, requests per second (OSv2's base limit per application). */
export const DEFAULT_REQUESTS_PER_SECOND = 10;

const limiters = new Map<string, RateLimiter>();

/**
 * The process-wide limiter of an application (see `TokenSource.application`). The configured rate
 * is updated to the latest requested value when several clients ask with different rates.
 */
export function sharedLimiter(application: string, ratePerSecond: number = DEFAULT_REQUESTS_PER_SECOND): RateLimiter {
    let limiter = limiters.get(application);
    if (!limiter) {
        limiter = new RateLimiter(ratePerSecond);
        limiters.set(application, limiter);
    } else if (limiter.maxRatePerSecond !== (ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? ratePerSecond : Infinity)) {
        limiter.setRate(ratePerSecond);
    }
    return limiter;
}

/** Forgets all shared limiters (tests). */
export function resetSharedLimiters(): void {
    limiters.clear();
}

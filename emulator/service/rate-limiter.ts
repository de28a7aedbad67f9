/**
 * Token bucket per application identity: `requestsPerSecond` tokens per second, burst of the same
 * size (at least 1). OSv2 allows 10 TPS per application and counts only 2xx responses [DOC S5, S3], so the
 * middleware reserves a token when a request arrives and refunds it when the response is not 2xx.
 * Runs on the real (monotonic) clock, not the virtual one.
 */
export class RateLimiter {
    private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
    /** Bucket size: how many requests may arrive at once after a quiet period. */
    readonly burst: number;

    constructor(
        readonly requestsPerSecond: number,
        private readonly now: () => number = () => performance.now(),
    ) {
        this.burst = Math.max(1, requestsPerSecond);
    }

    /** Takes one token; returns 0 on success, else the whole seconds to wait (Retry-After). */
    reserve(identity: string): number {
        const bucket = this.refill(identity);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return Math.max(1, Math.ceil((1 - bucket.tokens) / this.requestsPerSecond));
    }

    /** Gives back a reserved token (the response was not 2xx). */
    refund(identity: string): void {
        const bucket = this.refill(identity);
        bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
    }

    clear(): void {
        this.buckets.clear();
    }

    private refill(identity: string) {
        const nowMs = this.now();
        let bucket = this.buckets.get(identity);
        if (!bucket) {
            bucket = { tokens: this.burst, updatedMs: nowMs };
            this.buckets.set(identity, bucket);
        }
        const elapsedSeconds = (nowMs - bucket.updatedMs) / 1000;
        bucket.tokens = Math.min(this.burst, bucket.tokens + elapsedSeconds * this.requestsPerSecond);
        bucket.updatedMs = nowMs;
        return bucket;
    }
}

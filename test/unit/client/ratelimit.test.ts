import { expect } from "chai";
import { RateLimiter, resetSharedLimiters, sharedLimiter } from "../../../provider/client";

function fakeClock(start = 0) {
    const c = {
        t: start,
        slept: [] as number[],
        now: () => c.t,
        sleep: async (ms: number) => {
            c.slept.push(ms);
        },
    };
    return c;
}

describe("rate limiter", () => {
    afterEach(() => resetSharedLimiters());

    it("lets a burst of `rate` requests through, then spaces them 1/rate apart", () => {
        const clock = fakeClock(1000);
        const l = new RateLimiter(10, undefined, clock);
        const waits = Array.from({ length: 13 }, () => l.reserve());
        expect(waits.slice(0, 10)).to.deep.equal(Array(10).fill(0));
        expect(waits.slice(10).map(Math.round)).to.deep.equal([100, 200, 300]);
    });

    it("refills over time", () => {
        const clock = fakeClock(0);
        const l = new RateLimiter(2, 1, clock);
        expect(l.reserve()).to.equal(0);
        expect(l.reserve()).to.equal(500);
        clock.t = 5000;
        expect(l.reserve()).to.equal(0);
    });

    it("never exceeds the rate over any window (25 requests at 10/s take >= 1.5 s)", async () => {
        const clock = fakeClock(0);
        const l = new RateLimiter(10, undefined, clock);
        for (let i = 0; i < 25; i++) await l.acquire();
        expect(Math.max(...clock.slept)).to.be.closeTo(1500, 1);
    });

    it("is disabled by 0 or Infinity", () => {
        for (const rate of [0, Infinity]) {
            const l = new RateLimiter(rate);
            expect(Array.from({ length: 100 }, () => l.reserve()).every((w) => w === 0)).to.equal(true);
        }
    });

    it("is shared per application, whatever the endpoint or environment", () => {
        const a = sharedLimiter("connectedApp:id-1", 10);
        expect(sharedLimiter("connectedApp:id-1", 10)).to.equal(a);
        expect(sharedLimiter("connectedApp:id-2", 10)).to.not.equal(a);
        sharedLimiter("connectedApp:id-1", 100);
        expect(a.ratePerSecond).to.equal(100);
    });

    it("lowers the rate by 30% on a 429, at most once per 2 s, down to 1/20 of the configured rate", () => {
        const clock = fakeClock(0);
        const l = new RateLimiter(10, undefined, clock);
        l.throttled();
        expect(l.ratePerSecond).to.be.closeTo(7, 1e-9);
        clock.t += 1999;
        l.throttled(); // same burst of 429s: answers to requests sent at the old pace
        expect(l.ratePerSecond).to.be.closeTo(7, 1e-9);
        for (let i = 0; i < 10; i++) {
            clock.t += 2000;
            l.throttled();
        }
        expect(l.ratePerSecond).to.equal(0.5);
        expect(l.maxRatePerSecond).to.equal(10);
    });

    it("spaces requests at the lowered rate, then gives back 1/50 of the rate per success", () => {
        const clock = fakeClock(0);
        const l = new RateLimiter(10, undefined, clock);
        l.throttled();
        clock.t = 10_000; // bucket full again
        const waits = Array.from({ length: 9 }, () => l.reserve());
        expect(waits.slice(0, 7).map(Math.round)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]); // burst = one second at 7/s
        expect(waits.slice(7).map(Math.round)).to.deep.equal([143, 286]);
        for (let i = 0; i < 14; i++) l.succeeded();
        expect(l.ratePerSecond).to.be.closeTo(9.8, 1e-9);
        l.succeeded();
        l.succeeded();
        expect(l.ratePerSecond).to.equal(10);
    });

    it("sends nothing before a 429's Retry-After has passed", () => {
        const clock = fakeClock(1000);
        const l = new RateLimiter(10, undefined, clock);
        l.throttled(3000);
        expect(l.reserve()).to.equal(3000);
        clock.t = 5000;
        expect(l.reserve()).to.equal(0);
    });

    it("does not adapt when disabled", () => {
        const l = new RateLimiter(0);
        l.throttled(5000);
        expect(l.reserve()).to.equal(0);
        expect(l.ratePerSecond).to.equal(Infinity);
    });
});

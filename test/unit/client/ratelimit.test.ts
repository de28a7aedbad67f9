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

    it("is shared per (baseUrl, org, env)", () => {
        const a = sharedLimiter("http://h/", "o", "e", 10);
        expect(sharedLimiter("http://h", "o", "e", 10)).to.equal(a);
        expect(sharedLimiter("http://h", "o", "e2", 10)).to.not.equal(a);
        sharedLimiter("http://h", "o", "e", 100);
        expect(a.ratePerSecond).to.equal(100);
    });
});

import { expect } from "chai";
import { mapLimited, mapSettled } from "../../../provider/util/concurrency";

describe("bounded concurrency (provider/util/concurrency)", () => {
    it("mapSettled never runs more than the limit at once and reports each failure without stopping the others", async () => {
        let running = 0;
        let peak = 0;
        const results = await mapSettled(
            Array.from({ length: 40 }, (_, i) => i),
            5,
            async (i) => {
                running++;
                peak = Math.max(peak, running);
                await new Promise((r) => setTimeout(r, 1 + (i % 3)));
                running--;
                if (i % 10 === 3) throw new Error(`boom ${i}`);
                return i * 2;
            },
        );
        expect(peak).to.equal(5);
        expect(results.filter((r) => !r.ok).map((r) => r.item)).to.deep.equal([3, 13, 23, 33]);
        expect(results.filter((r) => r.ok).map((r) => (r.ok ? r.value : -1))).to.deep.equal(
            Array.from({ length: 40 }, (_, i) => i)
                .filter((i) => i % 10 !== 3)
                .map((i) => i * 2),
        );
    });

    it("mapLimited keeps the input order and never exceeds its limit", async () => {
        let inFlight = 0;
        let most = 0;
        const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
            most = Math.max(most, ++inFlight);
            await new Promise((r) => setTimeout(r, n));
            inFlight--;
            return n * 10;
        });
        expect(out).to.deep.equal([50, 10, 40, 20, 30]);
        expect(most).to.equal(2);
    });

    it("mapLimited rejects with the first failure and starts nothing after it", async () => {
        const started: number[] = [];
        const err = await mapLimited([1, 2, 3, 4, 5, 6], 1, async (n) => {
            started.push(n);
            if (n === 2) throw new Error("boom 2");
            return n;
        }).catch((e: Error) => e);
        expect((err as Error).message).to.equal("boom 2");
        await new Promise((r) => setTimeout(r, 5));
        expect(started).to.deep.equal([1, 2]);
    });
});

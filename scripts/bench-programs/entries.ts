/**
 * The entries the bench programs declare (./key-entries, ./keys) and the bench's floors write: ids
 * and values depend on the count and the index only. Pure.
 */
import type { EntryMap } from "../../provider/resources/key-entries-plan";

/** `count` entries `k-<i>` holding 55-character strings; the first `edited` hold another value (a 1% edit). */
export function benchEntries(count: number, edited = 0): EntryMap {
    const out: EntryMap = {};
    for (let i = 0; i < count; i++) {
        out[`k-${i}`] = { stringValue: `${i < edited ? "edited" : "value"} of k ${i}: ${"x".repeat(40)}` };
    }
    return out;
}

/**
 * Bounded concurrency over a list, on p-limit (https://github.com/sindresorhus/p-limit): the one
 * helper every layer uses to run many OSv2 calls at a time (KeyEntries writes and reads, the import
 * reader), so that pacing stays the client's rate limiter's job and at most `limit` calls wait in it.
 */
import pLimit from "p-limit";

/** One result of {@link mapSettled}: the item, and its value or the error it failed with. */
export type Settled<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; error: Error };

/**
 * Runs `fn` over `items`, at most `limit` at a time. Never rejects: each result says ok or the error.
 * Results keep the order of `items`.
 */
export async function mapSettled<T, R>(
    items: readonly T[],
    limit: number,
    fn: (item: T, index: number) => Promise<R>,
): Promise<Settled<T, R>[]> {
    const run = pLimit(Math.max(1, limit));
    return Promise.all(
        items.map((item, index) =>
            run(async (): Promise<Settled<T, R>> => {
                try {
                    return { item, ok: true, value: await fn(item, index) };
                } catch (e) {
                    return { item, ok: false, error: e instanceof Error ? e : new Error(String(e)) };
                }
            }),
        ),
    );
}

/**
 * Runs `fn` over `items`, at most `limit` at a time, and resolves with the values in the order of
 * `items`. Rejects with the first failure (calls already started still finish; no new one starts).
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const run = pLimit(Math.max(1, limit));
    let failed = false;
    return Promise.all(
        items.map((item, index) =>
            run(async () => {
                if (failed) throw new Error("not started: an earlier call failed");
                try {
                    return await fn(item, index);
                } catch (e) {
                    failed = true;
                    throw e;
                }
            }),
        ),
    );
}

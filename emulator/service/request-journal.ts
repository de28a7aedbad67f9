/**
 * The emulator's journal of the data-plane requests it answered, so tests and benchmarks can assert
 * on what a client really sent (method, path, body) and how many requests an operation took, rather
 * than on what the emulator holds (the emulator clamps and normalizes too).
 */

/** One answered request. */
export interface RecordedRequest {
    /** Sequence number, from 1, increasing; survives `clear()` so `since` cursors stay valid. */
    seq: number;
    /** Wall-clock time of the response, epoch milliseconds. */
    atMs: number;
    method: string;
    /** Request URL as sent (path and query, still percent-encoded). */
    url: string;
    status: number;
    /** Parsed JSON request body, when there was one of at most {@link MAX_RECORDED_BODY_BYTES}; otherwise undefined. */
    body?: unknown;
    /** Size of the request body in bytes (0 without a body). */
    bodyBytes: number;
    /** True when a `resetAfterHandling` fault destroyed the connection instead of sending this answer. */
    answerLost?: boolean;
}

/** Bodies larger than this are recorded by size only (a 10 MB value is not kept twice). */
export const MAX_RECORDED_BODY_BYTES = 64 * 1024;
/** The journal keeps the most recent requests only. */
export const MAX_RECORDED_REQUESTS = 100_000;

/** A bounded, in-memory list of answered requests. */
export class RequestJournal {
    #entries: RecordedRequest[] = [];
    #nextSeq = 1;

    record(entry: Omit<RecordedRequest, "seq">): void {
        this.#entries.push({ seq: this.#nextSeq++, ...entry });
        if (this.#entries.length > MAX_RECORDED_REQUESTS) this.#entries.splice(0, this.#entries.length - MAX_RECORDED_REQUESTS);
    }

    /** Requests with a sequence number above `sinceSeq` (all by default), oldest first. */
    list(sinceSeq = 0): RecordedRequest[] {
        return this.#entries.filter((e) => e.seq > sinceSeq);
    }

    /** Sequence number of the latest request (0 when none yet): a cursor for `list(since)`. */
    lastSeq(): number {
        return this.#nextSeq - 1;
    }

    clear(): void {
        this.#entries = [];
    }
}

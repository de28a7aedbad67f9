/**
 * Operation scope: one retry budget and one log for everything a resource operation sends (a create,
 * read, update or delete of one resource), carried through every retry, every read-back of a lost
 * create and every nested call, on node:async_hooks' AsyncLocalStorage.
 *
 * A front door (the dynamic provider's runtime, the plugin's gRPC server) wraps each provider method:
 *
 * ```ts
 * await runOperation({ label: "Key 'flags/new-checkout' in store 'sessions'", log }, () => provider.create(inputs));
 * ```
 *
 * and every OSv2 call made inside, at any depth, shares that operation's budget and reports to its log.
 *
 * **The budget** (`budgetMs`, default: the client's, `anypoint:retryBudgetSeconds`, 120 s) bounds the
 * time the operation spends recovering from failures: the clock runs from the start of an attempt that
 * fails with a retryable error (429, 502/503/504, a connection reset or timeout, a create whose answer
 * was lost) until that request has its answer, then stops; concurrent recoveries of one operation (a
 * KeyEntries writes 8 keys at a time) spend it once, as wall time. Time queued in the client's own
 * rate limiter is never spent, before the first request or between retries, so 800 Key creates waiting
 * for 10 requests/s, or a KeyEntries of 10,000 keys at 10 requests/s, do not eat their budgets; nor is
 * the time of requests that succeed at once. A retry whose wait would end after the budget is not
 * made: the call fails with its last error. A nested `runOperation` joins the enclosing operation (no
 * inner call gets a fresh budget). The budget's size is fixed when the operation sends its first
 * request.
 *
 * **The log.** Every wait longer than {@link REPORT_WAITS_OVER_MS} (2 s) is reported once, before it
 * starts, through `log`, prefixed with the operation's label:
 * - a retry's wait (`warning`): `Key 'flags/new-checkout' in store 'sessions': OSv2 answered 429;
 *   retrying in 3 s (attempt 4; 97 s of the 120 s budget left)`; a connection failure names its code
 *   (`no answer from OSv2 (ECONNRESET); retrying in 4 s (attempt 2; …)`); a lost create says that the
 *   key is read back;
 * - a wait in the client's rate limiter (`info`): `queued by the client's rate limit of 10 requests/s;
 *   sending in 4 s (attempt 1; 120 s of the 120 s budget left)`.
 * "attempt" is the number of the attempt that follows the wait. Messages never hold a value or a
 * credential. Outside any operation (lookups, the import command) each call has its own budget, as
 * before, and nothing is reported.
 *
 * **Cancellation.** A front door gives the operation the `signal` it aborts when the engine cancels
 * the run (Ctrl-C: the plugin's Cancel RPC, ../plugin/server.ts; the dynamic provider host's,
 * ../dynamic/cancel.ts). From then on the operation's budget is over: no retry, read-back or new
 * request starts, a wait between retries ends at once, and a request in flight gets
 * {@link CANCEL_GRACE_MS} to answer before it is aborted (./http), so what a write did is known
 * whenever the service answers. Calls fail with their last failure and say that the run was cancelled.
 */

import { AsyncLocalStorage } from "node:async_hooks";

/** Severity of an operation's message (Pulumi's log levels that a wait maps to). */
export type LogSeverity = "info" | "warning";

/** Receives an operation's messages, e.g. Pulumi's log for the resource. Must not throw. */
export type OperationLog = (severity: LogSeverity, message: string) => void;

/** What {@link runOperation} is given. */
export interface OperationOptions {
    /** Names the object in every message, e.g. `Key 'flags/new-checkout' in store 'sessions'` ("" for none). */
    label: string;
    /** Retry budget of the whole operation, ms. Default: the budget of the client that sends its first request (`anypoint:retryBudgetSeconds` × 1000, else 120,000). */
    budgetMs?: number;
    /** Where waits longer than 2 s are reported. Default: nowhere. */
    log?: OperationLog;
    /** Clock, epoch ms (tests). Default `Date.now`. */
    now?: () => number;
    /** Waits longer than this are reported, ms (tests). Default {@link REPORT_WAITS_OVER_MS}. */
    reportWaitsOverMs?: number;
    /** Aborted when the engine cancels the run (Ctrl-C): the operation stops retrying (see the module comment). */
    signal?: AbortSignal;
}

/** Waits longer than this (ms) are reported through the operation's log. */
export const REPORT_WAITS_OVER_MS = 2000;

/**
 * After a cancel, how long a request already sent may take to answer before it is aborted, ms: long
 * enough for an answer on its way (so the outcome of a write is known), short enough that Ctrl-C
 * ends a run within seconds (Pulumi gives a provider 5 s to exit once it closes it).
 */
export const CANCEL_GRACE_MS = 3000;

/**
 * The state of one operation: its budget, the time it has spent recovering, its log. Created by
 * {@link runOperation} (or by the client for a call made outside any operation).
 */
export class Operation {
    readonly label: string;
    /** Aborted when the engine cancels the run (see the module comment); undefined when nobody can cancel it. */
    readonly signal: AbortSignal | undefined;
    readonly #log: OperationLog | undefined;
    readonly #now: () => number;
    readonly #reportOverMs: number;
    #budgetMs: number | undefined;
    /** Recovery time spent up to `#since` (or up to the last moment no recovery was running). */
    #spentMs = 0;
    /** Recoveries running now. */
    #active = 0;
    /** Start of the current stretch of recovery (when `#active > 0`). */
    #since = 0;
    /** When the last stretch of recovery ended: a recovery starting earlier is only counted from here. */
    #idleSince = -Infinity;

    constructor(options: OperationOptions) {
        this.label = options.label;
        this.signal = options.signal;
        this.#log = options.log;
        this.#now = options.now ?? Date.now;
        this.#reportOverMs = options.reportWaitsOverMs ?? REPORT_WAITS_OVER_MS;
        this.#budgetMs = options.budgetMs;
    }

    /** True once the engine cancelled the run: nothing more is retried or sent. */
    get cancelled(): boolean {
        return this.signal?.aborted === true;
    }

    /** Current time on the operation's clock, epoch ms. */
    now(): number {
        return this.#now();
    }

    /** The budget in ms: the operation's own, else `clientBudgetMs`, fixed by the first call (the first request sent). */
    budgetFor(clientBudgetMs: number): number {
        this.#budgetMs ??= clientBudgetMs;
        return this.#budgetMs;
    }

    /** Recovery time spent so far, ms. */
    spentMs(): number {
        return this.#spentMs + (this.#active > 0 ? Math.max(0, this.#now() - this.#since) : 0);
    }

    /** Starts following one request's recovery (see {@link Recovery}). */
    recovery(): Recovery {
        return new Recovery(this);
    }

    /** @internal A recovery started, counted from `at` (an earlier moment, or now). */
    enter(at: number): void {
        if (this.#active === 0) this.#since = Math.max(Math.min(at, this.#now()), this.#idleSince);
        this.#active++;
    }

    /** @internal A recovery ended or paused. */
    leave(): void {
        if (this.#active === 0) return;
        this.#active--;
        if (this.#active === 0) {
            const now = this.#now();
            this.#spentMs += Math.max(0, now - this.#since);
            this.#idleSince = now;
        }
    }

    /**
     * Reports a wait of `waitMs` before attempt `attempt` when it is longer than {@link REPORT_WAITS_OVER_MS} (2 s):
     * `<label>: <cause>; <action> in <n> s (attempt <k>; <left> s of the <budget> s budget left)`.
     */
    reportWait(severity: LogSeverity, cause: string, action: string, waitMs: number, attempt: number, budgetMs: number): void {
        if (waitMs <= this.#reportOverMs || !this.#log) return;
        const left = Math.max(0, Math.floor((budgetMs - this.spentMs()) / 1000));
        const text = `${cause}; ${action} in ${seconds(waitMs)} s (attempt ${attempt}; ${left} s of the ${seconds(budgetMs)} s budget left)`;
        try {
            this.#log(severity, this.label ? `${this.label}: ${text}` : text);
        } catch {
            // A failing log must not fail the operation.
        }
    }
}

/**
 * One request's (or one lost create's) recovery within an operation: `begin` when it fails in a way
 * that is retried, `pause`/`resume` around waits in the rate limiter, `end` when it has its answer.
 * Idempotent: a recovery is counted once however often `begin` is called.
 */
export class Recovery {
    readonly #op: Operation;
    #state: "idle" | "running" | "paused" = "idle";

    constructor(op: Operation) {
        this.#op = op;
    }

    /** The request is recovering since `at` (the start of its failed attempt; default now). */
    begin(at: number = this.#op.now()): void {
        if (this.#state === "running") return;
        this.#state = "running";
        this.#op.enter(at);
    }

    /** It waits for the client's rate limiter: not counted. */
    pause(): void {
        if (this.#state !== "running") return;
        this.#state = "paused";
        this.#op.leave();
    }

    /** Its wait in the rate limiter is over. */
    resume(): void {
        if (this.#state !== "paused") return;
        this.#state = "running";
        this.#op.enter(this.#op.now());
    }

    /** It has its answer (or has failed for good). */
    end(): void {
        if (this.#state === "running") this.#op.leave();
        this.#state = "idle";
    }
}

const storage = new AsyncLocalStorage<Operation>();

/** The operation the caller runs in, if any. */
export function currentOperation(): Operation | undefined {
    return storage.getStore();
}

/**
 * Runs `fn` as one operation: every OSv2 call made inside (at any depth, retries and read-backs
 * included) shares one retry budget and reports waits longer than 2 s to `op.log`. Inside an
 * operation already, `fn` runs in the enclosing one (its budget, label and log; `op` is ignored).
 * @returns what `fn` returns; throws what it throws.
 */
export function runOperation<T>(op: OperationOptions, fn: () => Promise<T>): Promise<T> {
    if (storage.getStore() !== undefined) return fn();
    return storage.run(new Operation(op), fn);
}

/** Runs `fn` in the given operation (hooks that run outside the caller's async context). */
export function runIn<T>(op: Operation, fn: () => T): T {
    return storage.run(op, fn);
}

/** Seconds for messages: whole seconds from 10 s on, else one decimal (2.5 s, 3 s). */
function seconds(ms: number): string {
    const s = ms / 1000;
    return s >= 10 ? String(Math.round(s)) : String(Math.round(s * 10) / 10);
}

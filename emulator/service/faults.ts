import { randomUUID } from "node:crypto";
import { httpErrors } from "../errors";

/** Body of POST /_emulator/faults. */
export interface FaultRuleInput {
    method?: string;
    /** Regular expression tested against the request path (without the query string). */
    route?: string;
    /** Chance that a matching request is hit, 0..1 (default 1). */
    probability?: number;
    /** Respond with this status and an error body. */
    status?: number;
    /** Adds a Retry-After header to the fault response. */
    retryAfterSeconds?: number;
    /** Delay before handling (or failing) the request, ms; with `latencyMaxMs`, the low end of a range. */
    latencyMs?: number;
    /** Upper end of the delay, ms: each hit waits a uniformly random time in [latencyMs (default 0), latencyMaxMs]. */
    latencyMaxMs?: number;
    /** Destroy the connection instead of responding; the request is not carried out. */
    reset?: boolean;
    /** Carry out the request, then destroy the connection instead of sending the answer (the client never learns the outcome). */
    resetAfterHandling?: boolean;
    /**
     * Before the request is handled (after its delay), delete live keys whose id matches this regular
     * expression from the partition the request's path names, as an application deleting keys
     * meanwhile (e.g. between the pages of a listing); the request then goes on. Not a failure: later
     * rules still apply. Requests whose path names no partition are left alone.
     */
    deleteKeysMatching?: string;
    /** How many matching keys each hit deletes, in key order (default 1). */
    deleteKeysCount?: number;
    /** Only hit this many requests, then the rule is removed. */
    times?: number;
}

export interface FaultRule extends FaultRuleInput {
    id: string;
    probability: number;
    /** How many requests this rule has hit so far. */
    hits: number;
}

/** Keys to delete before a request is handled: up to `count` whose id matches `pattern`, in key order. */
export interface KeyDeletion {
    pattern: RegExp;
    count: number;
}

/** What happens to one request: a delay (ms, 0 for none), keys deleted meanwhile, then possibly the rule that fails it (status or reset). */
export interface FaultOutcome {
    delayMs: number;
    /** Deletions of the hitting `deleteKeysMatching` rules, in rule order. */
    deletions: KeyDeletion[];
    /** The first hitting rule with a status or a reset (before or after handling); undefined when the request is only delayed (or untouched). */
    failure?: FaultRule;
}

/** True for a rule that lets the request go on (no status, no reset, no resetAfterHandling): a delay or a deletion. */
function passesThrough(rule: FaultRuleInput): boolean {
    return rule.status === undefined && !rule.reset && !rule.resetAfterHandling;
}

/**
 * Rules for injected failures, consulted by the fault middleware in the order they were added.
 * A rule without a status or reset (a delay, a deletion of keys) that hits adds its delay and its
 * deletion and lets the next rules apply, so latency composes with failures (e.g. 50-150 ms on
 * every request plus 20% 429s); the first failing rule (status, reset or resetAfterHandling) that
 * hits ends the matching.
 */
export class FaultRegistry {
    private rules: Array<FaultRule & { pattern?: RegExp; keyPattern?: RegExp }> = [];

    add(input: FaultRuleInput): FaultRule {
        let pattern: RegExp | undefined;
        if (input.route !== undefined) {
            try {
                pattern = new RegExp(input.route);
            } catch (e) {
                throw httpErrors.invalidBody(
                    `route ${JSON.stringify(input.route)} is not a valid regular expression: ${(e as Error).message}`,
                );
            }
        }
        let keyPattern: RegExp | undefined;
        if (input.deleteKeysMatching !== undefined) {
            try {
                keyPattern = new RegExp(input.deleteKeysMatching);
            } catch (e) {
                throw httpErrors.invalidBody(
                    `deleteKeysMatching ${JSON.stringify(input.deleteKeysMatching)} is not a valid regular expression: ${(e as Error).message}`,
                );
            }
        }
        if (passesThrough(input) && input.latencyMs === undefined && input.latencyMaxMs === undefined && keyPattern === undefined) {
            throw httpErrors.invalidBody(
                "a fault rule needs at least one of status, latencyMs, latencyMaxMs, reset, resetAfterHandling or deleteKeysMatching",
            );
        }
        if (input.latencyMaxMs !== undefined && input.latencyMaxMs < (input.latencyMs ?? 0)) {
            throw httpErrors.invalidBody(`latencyMaxMs (${input.latencyMaxMs}) must be at least latencyMs (${input.latencyMs ?? 0})`);
        }
        const rule = { ...input, id: randomUUID(), probability: input.probability ?? 1, hits: 0, pattern, keyPattern };
        this.rules.push(rule);
        return this.describe(rule);
    }

    list(): FaultRule[] {
        return this.rules.map((r) => this.describe(r));
    }

    remove(id: string): boolean {
        const before = this.rules.length;
        this.rules = this.rules.filter((r) => r.id !== id);
        return this.rules.length < before;
    }

    clear(): void {
        this.rules = [];
    }

    /**
     * What the rules do to this request: the summed delay and the deletions of the hitting rules up
     * to and including the first hitting failure rule, and that rule (each hit consumes one of the
     * rule's `times`).
     */
    match(method: string, path: string, random: () => number = Math.random): FaultOutcome {
        let delayMs = 0;
        const deletions: KeyDeletion[] = [];
        for (const rule of [...this.rules]) {
            if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
            if (rule.pattern && !rule.pattern.test(path)) continue;
            if (rule.probability < 1 && random() >= rule.probability) continue;
            rule.hits++;
            if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
            delayMs += FaultRegistry.delayOf(rule, random);
            if (rule.keyPattern) deletions.push({ pattern: rule.keyPattern, count: rule.deleteKeysCount ?? 1 });
            if (!passesThrough(rule)) return { delayMs, deletions, failure: this.describe(rule) };
        }
        return { delayMs, deletions };
    }

    /** The delay one hit of `rule` adds, ms: `latencyMs`, or uniform in [latencyMs, latencyMaxMs]. */
    static delayOf(rule: FaultRuleInput, random: () => number = Math.random): number {
        const low = rule.latencyMs ?? 0;
        if (rule.latencyMaxMs === undefined) return low;
        return Math.round(low + random() * (rule.latencyMaxMs - low));
    }

    private describe(rule: FaultRule & { pattern?: RegExp; keyPattern?: RegExp }): FaultRule {
        const { pattern: _p, keyPattern: _k, ...plain } = rule;
        return { ...plain };
    }
}

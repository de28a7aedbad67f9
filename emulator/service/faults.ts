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
    /** Only hit this many requests, then the rule is removed. */
    times?: number;
}

export interface FaultRule extends FaultRuleInput {
    id: string;
    probability: number;
    /** How many requests this rule has hit so far. */
    hits: number;
}

/** What happens to one request: a delay (ms, 0 for none), then possibly the rule that fails it (status or reset). */
export interface FaultOutcome {
    delayMs: number;
    /** The first hitting rule with a status or a reset (before or after handling); undefined when the request is only delayed (or untouched). */
    failure?: FaultRule;
}

/** True for a rule that only delays (no status, no reset, no resetAfterHandling). */
function latencyOnly(rule: FaultRuleInput): boolean {
    return rule.status === undefined && !rule.reset && !rule.resetAfterHandling;
}

/**
 * Rules for injected failures, consulted by the fault middleware in the order they were added.
 * A latency-only rule (no status, no reset) that hits adds its delay and lets the next rules
 * apply, so latency composes with failures (e.g. 50-150 ms on every request plus 20% 429s); the
 * first failing rule (status, reset or resetAfterHandling) that hits ends the matching.
 */
export class FaultRegistry {
    private rules: Array<FaultRule & { pattern?: RegExp }> = [];

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
        if (latencyOnly(input) && input.latencyMs === undefined && input.latencyMaxMs === undefined) {
            throw httpErrors.invalidBody("a fault rule needs at least one of status, latencyMs, latencyMaxMs, reset or resetAfterHandling");
        }
        if (input.latencyMaxMs !== undefined && input.latencyMaxMs < (input.latencyMs ?? 0)) {
            throw httpErrors.invalidBody(`latencyMaxMs (${input.latencyMaxMs}) must be at least latencyMs (${input.latencyMs ?? 0})`);
        }
        const rule = { ...input, id: randomUUID(), probability: input.probability ?? 1, hits: 0, pattern };
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
     * What the rules do to this request: the summed delay of the hitting rules up to and including
     * the first hitting failure rule, and that rule (each hit consumes one of the rule's `times`).
     */
    match(method: string, path: string, random: () => number = Math.random): FaultOutcome {
        let delayMs = 0;
        for (const rule of [...this.rules]) {
            if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
            if (rule.pattern && !rule.pattern.test(path)) continue;
            if (rule.probability < 1 && random() >= rule.probability) continue;
            rule.hits++;
            if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
            delayMs += FaultRegistry.delayOf(rule, random);
            if (!latencyOnly(rule)) return { delayMs, failure: this.describe(rule) };
        }
        return { delayMs };
    }

    /** The delay one hit of `rule` adds, ms: `latencyMs`, or uniform in [latencyMs, latencyMaxMs]. */
    static delayOf(rule: FaultRuleInput, random: () => number = Math.random): number {
        const low = rule.latencyMs ?? 0;
        if (rule.latencyMaxMs === undefined) return low;
        return Math.round(low + random() * (rule.latencyMaxMs - low));
    }

    private describe(rule: FaultRule & { pattern?: RegExp }): FaultRule {
        const { pattern: _p, ...plain } = rule;
        return { ...plain };
    }
}

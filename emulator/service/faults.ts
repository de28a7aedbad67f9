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
    /** Delay before handling (or failing) the request. */
    latencyMs?: number;
    /** Destroy the connection instead of responding. */
    reset?: boolean;
    /** Only hit this many requests, then the rule is removed. */
    times?: number;
}

export interface FaultRule extends FaultRuleInput {
    id: string;
    probability: number;
    /** How many requests this rule has hit so far. */
    hits: number;
}

/** Rules for injected failures, consulted by the fault middleware (first matching rule wins). */
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
        if (input.status === undefined && input.latencyMs === undefined && !input.reset) {
            throw httpErrors.invalidBody("a fault rule needs at least one of status, latencyMs or reset");
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

    /** The rule that hits this request, if any (consumes one of its `times`). */
    match(method: string, path: string, random: () => number = Math.random): FaultRule | undefined {
        for (const rule of this.rules) {
            if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
            if (rule.pattern && !rule.pattern.test(path)) continue;
            if (rule.probability < 1 && random() >= rule.probability) continue;
            rule.hits++;
            if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
            return this.describe(rule);
        }
        return undefined;
    }

    private describe(rule: FaultRule & { pattern?: RegExp }): FaultRule {
        const { pattern: _p, ...plain } = rule;
        return { ...plain };
    }
}
